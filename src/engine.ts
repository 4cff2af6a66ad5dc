/**
 * The engine both adapters (Slack and the terminal) use: the catalogue, the matcher, and the renderers
 * wired together. Pure apart from loading the content once at startup.
 */
import { loadCatalogue, type Catalogue } from './knowledge/load.js';
import { matcherFor, type Matcher, type MatchResult } from './nlu/matcher.js';
import { renderAnswerText, renderMatch, type AnswerOptions } from './replies/answer.js';
import type { Message } from './replies/blocks.js';

export interface Answer {
  readonly match: MatchResult;
  readonly message: Message;
}

export interface Engine {
  readonly catalogue: Catalogue;
  readonly matcher: Matcher;
  /** Matches a question and renders the reply for Slack. */
  answer(question: string, options: Omit<AnswerOptions, 'question' | 'alternatives'>): Answer;
  /** Matches a question and renders plain text for the terminal. */
  answerText(question: string): { match: MatchResult; text: string };
}

export function createEngine(catalogue: Catalogue = loadCatalogue()): Engine {
  const matcher = matcherFor(catalogue);
  return {
    catalogue,
    matcher,
    answer(question, options) {
      const match = matcher.match(question);
      return { match, message: renderMatch(catalogue, match, question, options) };
    },
    answerText(question) {
      const match = matcher.match(question);
      return { match, text: renderAnswerText(catalogue, match.intent, question) };
    },
  };
}
