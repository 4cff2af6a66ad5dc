/**
 * What the conversation shows people, said without any surface's markup. The router and the interview runner
 * produce these; each door renders them (Block Kit in Slack, plain text in a terminal).
 */
import type { Recommendation } from '../interview/decide.js';
import type { AskNote, InterviewState } from '../interview/machine.js';
import type { MatchResult } from '../nlu/matcher.js';
import { NONE } from '../knowledge/contract.js';

/** How much of a recommendation is shown: the first screen, every challenge, or everything. */
export type RecommendationView = 'summary' | 'challenges' | 'full';
export const RECOMMENDATION_VIEWS: readonly RecommendationView[] = ['summary', 'challenges', 'full'];

/** A line shown above a question: why it is asked again. */
export type QuestionNote = AskNote | 'back_to_decision' | 'not_understood';

/** An answer as the bot understood it. */
export interface Echo {
  readonly question: string;
  readonly value: string;
  /** The name typed, for a function outside the list. */
  readonly label?: string;
}

/** A short note to one person about a decision. */
export type Note =
  | { note: 'stale'; current: 'someone_else_first' | 'current_question' | 'none' }
  | { note: 'not_starter'; starter: string }
  | { note: 'finished'; status: 'done' | 'cancelled' }
  | { note: 'expired' }
  | { note: 'gone' }
  | { note: 'already_running' }
  /** Text typed in a thread whose current question has not reached it: not taken as an answer; the question follows. */
  | { note: 'not_shown_yet' }
  | { note: 'missing_answer' }
  | { note: 'canvas_saved' }
  /** The workspace does not allow the app to create a canvas here (`reason`: Slack's error); the brief follows as a message. */
  | { note: 'canvas_unavailable'; reason: string };

export type Reply =
  /** A topic's answer; `none` is the out-of-scope reply. */
  | {
      kind: 'answer';
      intent: string;
      /** `private`: offered with a "Share in channel" button. `public`: visible to everyone. */
      visibility: 'private' | 'public';
      /** The question as typed (echoed, escaped, when it could not be answered). */
      question?: string;
      /** "Did you mean" topics. */
      alternatives?: readonly string[];
      /** Whether to offer "Help me decide" (default yes). */
      offerDecide?: boolean;
      /** Who shared it into the channel. */
      sharedBy?: string;
      /** The gap (gaps.yml) when the question asks what the articles do not cover: said before the answer. */
      uncovered?: string;
      /** The part of the answer the question asked for (a section or small-talk reply id): shown first. */
      focus?: string;
      /** The whole answer, as "More" shows it, rather than its first screen. */
      full?: boolean;
      /** How sure the match of `question` was (the answer's feedback buttons carry it). */
      confidence?: number;
      /** The thread "Share in channel" posts in (the thread of a message a shortcut asked about). */
      thread?: string;
      /** The conversation a shortcut asked about, when the answer is sent by direct message instead of there. */
      about?: string;
    }
  | {
      kind: 'question';
      state: InterviewState;
      question: string;
      note?: QuestionNote;
      /** A typed answer just taken, echoed as understood ("Got it: you don't need 24/7 coverage"). */
      echo?: Echo;
    }
  /** A typed answer that could be more than one option: which of these? */
  | { kind: 'clarify'; state: InterviewState; question: string; options: readonly string[] }
  /** Something typed that is neither an answer nor a question: one line on what to type. */
  | { kind: 'hint'; state: InterviewState; question: string }
  /** A question once answered, in place of its buttons. */
  /** With the decision, its message shows who gave which answer (a team decision). */
  | { kind: 'answered'; question: string; value: string; label?: string; by: string; state?: InterviewState }
  | { kind: 'why-asked'; question: string }
  | { kind: 'recommendation'; state: InterviewState; result: Recommendation; echo?: Echo; view?: RecommendationView }
  /** The recommendation as shared in the channel. */
  | { kind: 'summary'; state: InterviewState; result: Recommendation; sharedBy: string }
  | { kind: 'change-menu'; state: InterviewState }
  /** Where to share a decision made in a DM: a form with a channel picker. */
  | { kind: 'share-picker'; state: InterviewState }
  /** The decision brief, for a document (a canvas): answers and who gave them, reasoning, challenges, sources. */
  | { kind: 'brief'; state: InterviewState; result: Recommendation }
  /** The visible message a decision's thread hangs from. */
  /** With the decision, it says who answers (and offers to change that), or, once finished, the outcome. */
  | { kind: 'parent'; user: string; functionLabel: string | null; state?: ParentState }
  /** With the decision, it offers to start it again in the same thread. */
  | { kind: 'cancelled'; by: string; state?: InterviewState }
  | ({ kind: 'note' } & Note);

/** What the parent message needs of a decision (before its first save, only these fields exist). */
export type ParentState = Pick<InterviewState, 'id' | 'version' | 'askedVersion' | 'mode' | 'starter' | 'status'> & Partial<InterviewState>;

/** The reply to a matched question: its answer, with "did you mean" topics when the match was unsure or out of scope. */
export function answerTo(match: MatchResult, question: string, visibility: 'private' | 'public'): AnswerReply {
  const alternatives = match.intent === NONE || match.ambiguous || match.uncovered ? match.alternatives.map((a) => a.intent) : [];
  return {
    kind: 'answer',
    intent: match.intent,
    visibility,
    question,
    alternatives,
    ...(match.uncovered ? { uncovered: match.uncovered.gap } : {}),
    ...(match.section ? { focus: match.section } : {}),
    ...(match.more ? { full: true } : {}),
    confidence: match.confidence,
  };
}

/** The reply to a question: a topic's answer. */
export type AnswerReply = Extract<Reply, { kind: 'answer' }>;
