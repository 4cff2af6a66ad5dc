/**
 * The ids of every button the app renders, and what a click on each means. Renderers put these ids and values on
 * buttons; adapters hand a click's id and value to `clickOf`, which names it. One table, no if-chain.
 */
import type { InterviewState } from '../interview/machine.js';
import { isSlackId } from './ids.js';
import { isPlaceholderThread } from './outbox.js';

/**
 * Buttons under an answer. `topic:<intent-id>` answers that intent (related topics, "did you mean", Home); `more`
 * replaces the first screen with the whole answer, in place. Share and More carry an `AnswerView` as their value.
 */
export const ANSWER_ACTIONS = {
  share: 'share_answer',
  more: 'answer_more',
  topic: 'topic:',
  decide: 'interview_start',
} as const;

/**
 * Feedback: the feedback buttons element under an answer or recommendation in a message (`feedback`, its value says
 * up or down), the plain buttons that stand in for it in a modal (`feedback:up`, `feedback:down`), and "None of
 * these" under "did you mean" (`answer_declined`). Values carry a `FeedbackValue` (see feedback.ts).
 */
export const FEEDBACK_ACTIONS = {
  buttons: 'feedback',
  plain: 'feedback:',
  up: 'feedback:up',
  down: 'feedback:down',
  declined: 'answer_declined',
} as const;

/** A link button's action id starts with this: Slack sends its click too, and nothing is to be done. */
export const LINK_PREFIX = 'link:';

/**
 * Which answer a button shows, and how: the part asked for first, whether whole, who shared it, the gap said first,
 * the thread a share goes to, and, for the feedback buttons of a private answer shown again, the question (scrubbed)
 * and how sure its match was.
 */
export interface AnswerView {
  readonly intent: string;
  readonly focus?: string;
  readonly full?: boolean;
  readonly sharedBy?: string;
  readonly uncovered?: string;
  readonly thread?: string;
  readonly question?: string;
  readonly confidence?: number;
}

const VIEW_KEYS = { focus: 'f', full: 'w', sharedBy: 's', uncovered: 'g', thread: 't', question: 'q', confidence: 'c' } as const;

/** An answer view as a button value: the bare intent id when there is nothing more to say (`define-offshoring`). */
export function encodeAnswer(view: AnswerView): string {
  const params = new URLSearchParams();
  if (view.focus) params.set(VIEW_KEYS.focus, view.focus);
  if (view.full) params.set(VIEW_KEYS.full, '1');
  if (view.sharedBy) params.set(VIEW_KEYS.sharedBy, view.sharedBy);
  if (view.uncovered) params.set(VIEW_KEYS.uncovered, view.uncovered);
  if (view.thread) params.set(VIEW_KEYS.thread, view.thread);
  if (view.confidence !== undefined) params.set(VIEW_KEYS.confidence, String(Math.round(view.confidence * 1000) / 1000));
  // Last, and shortened when needed: a button's value holds at most 2,000 characters.
  if (view.question) params.set(VIEW_KEYS.question, view.question.slice(0, 300));
  const rest = params.toString();
  return rest ? `${view.intent}?${rest}` : view.intent;
}

/** The answer view a button value carries, or undefined for an empty value. */
export function decodeAnswer(value: string | undefined): AnswerView | undefined {
  if (!value) return undefined;
  const q = value.indexOf('?');
  if (q < 0) return { intent: value };
  const params = new URLSearchParams(value.slice(q + 1));
  const focus = params.get(VIEW_KEYS.focus);
  const sharedBy = params.get(VIEW_KEYS.sharedBy);
  const uncovered = params.get(VIEW_KEYS.uncovered);
  const thread = params.get(VIEW_KEYS.thread);
  const question = params.get(VIEW_KEYS.question);
  const confidence = Number(params.get(VIEW_KEYS.confidence));
  return {
    intent: value.slice(0, q),
    ...(focus ? { focus } : {}),
    ...(params.get(VIEW_KEYS.full) === '1' ? { full: true } : {}),
    ...(sharedBy ? { sharedBy } : {}),
    ...(uncovered ? { uncovered } : {}),
    ...(thread && /^\d{1,12}\.\d{1,8}$/.test(thread) ? { thread } : {}),
    ...(question ? { question } : {}),
    ...(params.has(VIEW_KEYS.confidence) && Number.isFinite(confidence) && confidence >= 0 && confidence <= 1 ? { confidence } : {}),
  };
}

/** Every decision button's action id starts with this. */
export const IV_PREFIX = 'iv_';

/** Buttons of a decision. Values carry `interviewId|version[|question|value]`. */
export const IV = {
  answer: 'iv_answer:',
  back: 'iv_back',
  help: 'iv_help',
  cancel: 'iv_cancel',
  restart: 'iv_restart',
  change: 'iv_change',
  changeTo: 'iv_change_to:',
  share: 'iv_share',
  start: 'iv_start',
  /** Shows more (or less) of a recommendation in place; ends with the view. */
  details: 'iv_details:',
  /** Closes the current question with the answers so far (the starter, in a team decision). */
  next: 'iv_next',
  /** Who answers (the value ends with `team` or `solo`); the id ends with where the button is: `parent`, `question`. */
  mode: 'iv_mode:',
  /** Saves the decision brief as a canvas in the conversation. */
  canvas: 'iv_canvas',
  /** "Change an answer" from the Home tab: the value ends with the decision's channel and thread. */
  reopen: 'iv_reopen',
} as const;

/** The app's shortcuts, by callback id (as declared in manifest.yml and manifest.http.yml). */
export const SHORTCUTS = {
  /** Message shortcut "Ask Sourcing Advisor": answers the message's question privately. */
  ask: 'ask_sourcing_advisor',
  /** Global shortcut "Start a decision": a form to pick the channel and the function. */
  decide: 'start_sourcing_decision',
} as const;

/** The form the global shortcut opens: the channel, a function from the list, or one typed. */
export const DECIDE_VIEW = {
  callbackId: 'start_decision_form',
  channelBlock: 'decide_channel',
  channelAction: 'channel',
  functionBlock: 'decide_function',
  functionAction: 'function',
  otherBlock: 'decide_other',
  otherAction: 'other',
} as const;

/** The form that shares a decision from a DM into a channel, and its channel picker. */
export const SHARE_VIEW = { callbackId: 'iv_share_to', block: 'share_channel', action: 'channel' } as const;

/** The end of a button's action id on the parent message. */
export const PARENT_SUFFIX = ':parent';

/** What a click on a decision's button asks for. */
export type ClickKind = 'answer' | 'change-to' | 'back' | 'help' | 'cancel' | 'restart' | 'change' | 'share' | 'start' | 'details' | 'next' | 'mode' | 'canvas';

/** Action id (exact, or prefix for the ones ending in ':') → what the click asks for. */
const CLICK_TABLE: ReadonlyArray<readonly [string, ClickKind]> = [
  [IV.answer, 'answer'],
  [IV.changeTo, 'change-to'],
  [IV.back, 'back'],
  [IV.help, 'help'],
  [IV.cancel, 'cancel'],
  [IV.restart, 'restart'],
  [IV.change, 'change'],
  [IV.share, 'share'],
  [IV.start, 'start'],
  [IV.details, 'details'],
  [IV.next, 'next'],
  [IV.mode, 'mode'],
  [IV.canvas, 'canvas'],
  [IV.reopen, 'change'],
];

/** Names a click on a decision's button, or undefined for an action id that is not one of ours. */
export function clickKind(actionId: string): ClickKind | undefined {
  for (const [id, kind] of CLICK_TABLE) if (id.endsWith(':') ? actionId.startsWith(id) : actionId === id) return kind;
  return undefined;
}

/** A button's value: the interview, the version its step was shown at (see `buttonsVersion`), and what it says. */
export function encodeValue(state: Pick<InterviewState, 'id' | 'version' | 'askedVersion'>, ...rest: string[]): string {
  return [state.id, String(state.askedVersion ?? state.version), ...rest].join('|');
}

export interface ButtonValue {
  readonly id: string;
  readonly version: number;
  readonly rest: readonly string[];
}

export function decodeValue(value: string | undefined): ButtonValue | undefined {
  if (!value) return undefined;
  const [id, version, ...rest] = value.split('|');
  if (!id || !version || !/^\d+$/.test(version)) return undefined;
  return { id, version: Number(version), rest };
}

/** Where a decision lives, from a button that carries it (`reopen`, on the Home tab, where a click has no channel). */
export function decisionKeyOf(value: string | undefined): { channel: string; thread: string } | undefined {
  const v = decodeValue(value);
  const [channel, thread] = v?.rest ?? [];
  // A value comes back from Slack like any payload field: its ids are used only in their formats.
  return isSlackId('channel', channel) && isThreadKey(thread) ? { channel, thread } : undefined;
}

/** A decision's thread as a button or form carries it: a message ts, or the placeholder of a parent not yet posted. */
export function isThreadKey(thread: unknown): thread is string {
  return isSlackId('ts', thread) || isPlaceholderThread(thread);
}
