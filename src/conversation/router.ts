/**
 * The one place that decides what a message asks for: help, a decision, or an answer. It runs the matcher once;
 * the caller renders from the match it returns. Both doors (Slack and the terminal) route through here.
 */
import type { Matcher, MatchContext, MatchResult } from '../nlu/matcher.js';

/** `/sourcing decide …` (and its synonyms) asks for a decision rather than an answer. */
export const DECIDE = /^\s*(decide|decision|interview|recommend)\b/i;

/** `/sourcing`, `/sourcing help`, `/sourcing ?` show help. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['', 'help', '?', '-h', '--help', 'usage']);

/** The intent whose questions start a decision ("should we outsource our helpdesk?"). */
export const INTERVIEW_START = 'interview-start';

/** Where the text came from: a slash command's argument, or a message (mention, DM, thread, terminal). */
export type Surface = 'command' | 'message';

export type Route =
  | { readonly kind: 'help' }
  /** Start a decision; `match` is absent when the command syntax alone asked for it. */
  | { readonly kind: 'decide'; readonly match?: MatchResult }
  | { readonly kind: 'answer'; readonly match: MatchResult };

export interface Router {
  /** What the text asks for; `context.previous` is the topic of the answer just given in the same thread. */
  route(text: string, surface: Surface, context?: MatchContext): Route;
  /** Small talk and help: intents that are not a topic to post into a decision's thread. */
  isSocial(intent: string): boolean;
}

export function createRouter(matcher: Matcher, social: readonly string[]): Router {
  const socialSet = new Set(social);
  return {
    isSocial: (intent) => socialSet.has(intent),
    route(text, surface, context = {}) {
      if (surface === 'command') {
        if (HELP_WORDS.has(text.trim().toLowerCase())) return { kind: 'help' };
        if (DECIDE.test(text)) return { kind: 'decide' };
      }
      const match = matcher.match(text, context);
      if (match.intent === INTERVIEW_START) return { kind: 'decide', match };
      return { kind: 'answer', match };
    },
  };
}
