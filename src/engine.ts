/**
 * The engine both adapters (Slack and the terminal) use: the catalogue, the matcher, and the renderers
 * wired together. Pure apart from loading the content once at startup.
 */
import { defaultContentDir, loadCatalogue, type Catalogue } from './knowledge/load.js';
import { engineCache } from './knowledge/cache.js';
import { matcherFor, type Matcher, type MatchResult } from './nlu/matcher.js';
import { renderAnswerText, renderMatch, type AnswerOptions } from './replies/answer.js';
import type { Message } from './replies/blocks.js';
import { NONE } from './knowledge/contract.js';

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

/** Builds the engine from `intents/`, through the startup cache (see knowledge/cache.ts). */
export function createEngine(contentDir: string = defaultContentDir()): Engine {
  const cache = engineCache(contentDir);
  const catalogue = loadCatalogue(contentDir, cache.read);
  const matcher = matcherFor(catalogue, {}, cache.weights);
  cache.save(matcher.trained());
  return engineOver(catalogue, matcher);
}

/** The engine over an already loaded catalogue (tests that build their own content). */
export function engineFor(catalogue: Catalogue): Engine {
  return engineOver(catalogue, matcherFor(catalogue));
}

function engineOver(catalogue: Catalogue, matcher: Matcher): Engine {
  // A plain answer (no echo of the question, no "did you mean") depends only on the intent and the options, so it
  // is rendered once. Messages are treated as immutable by every caller.
  const rendered = new Map<string, Message>();
  return {
    catalogue,
    matcher,
    answer(question, options) {
      const match = matcher.match(question);
      const plain = match.intent !== NONE && !match.ambiguous && options.sharedBy === undefined;
      if (!plain) return { match, message: renderMatch(catalogue, match, question, options) };
      const key = `${match.intent}|${options.visibility}|${options.offerDecide ?? ''}`;
      let message = rendered.get(key);
      if (!message) rendered.set(key, (message = renderMatch(catalogue, match, question, options)));
      return { match, message };
    },
    answerText(question) {
      const match = matcher.match(question);
      const alternatives = match.intent === NONE || match.ambiguous ? match.alternatives.map((a) => a.intent) : [];
      return { match, text: renderAnswerText(catalogue, match.intent, question, alternatives) };
    },
  };
}
