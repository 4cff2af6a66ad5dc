/**
 * The interview as an explicit state machine: named statuses, a pure `transition()` that returns the next state
 * and the effects to perform (ask a question, give the recommendation…), without performing them. Adapters
 * (Slack, the terminal) load the state, apply an event, save it with a version check, then perform the effects.
 */
import { randomUUID } from 'node:crypto';
import type { InterviewSpec } from './spec.js';
import { QUESTION_IDS } from './schema.js';
import { recommend, type Answers, type Recommendation } from './decide.js';
import { resolve, type Vote, type Votes } from './team.js';

export type Status = 'active' | 'done' | 'cancelled';

/** Where an interview lives: one per Slack thread (a DM interview uses the DM's channel and thread). */
export interface InterviewKey {
  readonly team: string;
  readonly channel: string;
  readonly thread: string;
}

export interface InterviewState extends InterviewKey {
  readonly id: string;
  readonly starter: string;
  readonly status: Status;
  /** The question being asked (when active). */
  readonly step: string | null;
  /** Answers by question id; `function` holds an option value or `other`. */
  readonly answers: Readonly<Record<string, string>>;
  /** The function's display name ("Customer support", or what the user typed). */
  readonly functionLabel: string | null;
  /** Questions answered, in order, for "back". */
  readonly history: readonly string[];
  /** Set while changing one answer after the recommendation: answering returns straight to it. */
  readonly changing: boolean;
  /** Options read from what was said when the decision started ("we're a fintech"), offered for confirmation. */
  readonly suggested?: Readonly<Record<string, string>>;
  /** `team`: anyone in the thread answers (a channel's default); `solo`: the starter alone (a DM, or by choice). Absent: solo. */
  readonly mode?: Mode;
  /** Each person's latest answer, by question (team decisions; in solo ones, the starter's). */
  readonly votes?: Votes;
  /** Who has answered anything, the starter first: a question closes when all of them have answered it. */
  readonly participants?: readonly string[];
  /** The version at which the current question was asked: its buttons stay valid while people answer it. */
  readonly askedVersion?: number;
  /** The message that asks the current question, once posted, so it can show who answered in place. */
  readonly askedTs?: string;
  /** The visible message the thread hangs from, when the app posted it: it shows the outcome at the end. */
  readonly parentTs?: string;
  /** The delivery that posts the current question (durable effects; its message id is recorded with it). */
  readonly askedDelivery?: string;
  /** The delivery that posts the parent message, when the app posts one (durable effects). */
  readonly parentDelivery?: string;
  /** Incremented on every change; saves are conditional on it. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
}

export type Mode = 'team' | 'solo';

export type InterviewEvent =
  /** `by`: who answered (the starter when absent). */
  | { type: 'answer'; question: string; value: string; label?: string; by?: string }
  /** Closes the current question with the answers given so far (team decisions). */
  | { type: 'next' }
  | { type: 'mode'; mode: Mode }
  | { type: 'back' }
  | { type: 'restart' }
  | { type: 'cancel' }
  | { type: 'help' }
  | { type: 'change'; question: string };

/** Why a question is asked again, shown above it. */
export type AskNote = 'restarting' | 'first_question';

export type Effect =
  | { kind: 'ask'; question: string; note?: AskNote }
  /** The current question's message again, showing who has answered so far. */
  | { kind: 'tally'; question: string }
  /** A question closed: its message shows the answer that counted (and who gave which), without buttons. */
  | { kind: 'closed'; question: string }
  | { kind: 'recommend'; result: Recommendation }
  /** The parent message shows where the decision stands (who answers; at the end, the outcome). */
  | { kind: 'parent' }
  | { kind: 'cancelled' }
  | { kind: 'help'; question: string };

export interface Transition {
  readonly state: InterviewState;
  readonly effects: readonly Effect[];
  /** False when the event changed nothing (help, or an event that does not apply). */
  readonly changed: boolean;
}

/** The first question still unanswered, or null when all are answered. */
export function nextQuestion(spec: InterviewSpec, answers: Readonly<Record<string, string>>): string | null {
  return spec.questions.find((q) => answers[q.id] === undefined)?.id ?? null;
}

export function isComplete(answers: Readonly<Record<string, string>>): boolean {
  return QUESTION_IDS.every((q) => answers[q] !== undefined);
}

/** The recommendation for a finished interview. */
export function resultOf(spec: InterviewSpec, state: InterviewState): Recommendation {
  return recommend(spec, state.answers as Answers);
}

/** A conversation of one (a Slack DM, whose id starts with D, or the terminal): its decisions are the starter's alone. */
export function isDirectConversation(channel: string): boolean {
  return channel.startsWith('D') || channel === 'terminal';
}

export function modeOf(state: Pick<InterviewState, 'mode'>): Mode {
  return state.mode ?? 'solo';
}

/** Who may answer: anyone in a team decision, the starter in a solo one. */
export function mayAnswer(state: InterviewState, user: string): boolean {
  return modeOf(state) === 'team' || user === state.starter;
}

/** The people taking part, the starter first. */
export function participantsOf(state: Pick<InterviewState, 'participants' | 'starter'>): readonly string[] {
  return state.participants ?? [state.starter];
}

/** Who has answered the current question so far, and what. */
export function currentVotes(state: InterviewState): Readonly<Record<string, Vote>> {
  return (state.step && state.votes?.[state.step]) || {};
}

export function isExpired(state: InterviewState, now: number): boolean {
  return state.status === 'active' && now > state.expiresAt;
}

/** A new interview, with its first question asked. `functionValue` skips the function question. */
export function startInterview(
  spec: InterviewSpec,
  key: InterviewKey,
  starter: string,
  now: number,
  ttlMs: number,
  fn?: { value: string; label: string },
  suggested: Readonly<Record<string, string>> = {},
  extra: { readonly mode?: Mode; readonly parentTs?: string; readonly parentDelivery?: string; readonly id?: string } = {},
): Transition {
  const { mode = 'solo', parentTs, parentDelivery, id = randomUUID() } = extra;
  const answers: Record<string, string> = fn ? { function: fn.value } : {};
  const step = nextQuestion(spec, answers);
  const state: InterviewState = {
    ...key,
    id,
    starter,
    status: 'active',
    step,
    answers,
    functionLabel: fn?.label ?? null,
    history: [],
    changing: false,
    ...(Object.keys(suggested).length > 0 ? { suggested } : {}),
    mode,
    participants: [starter],
    askedVersion: 1,
    ...(parentTs ? { parentTs } : {}),
    ...(parentDelivery ? { parentDelivery } : {}),
    version: 1,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + ttlMs,
  };
  return { state, effects: [{ kind: 'ask', question: step! }], changed: true };
}

/**
 * The state after a change, one version on. Every change makes the buttons shown so far out of date, except
 * `keepButtons` ones (a vote on the current question, a change of who answers), which leave its message current.
 */
function touch(state: InterviewState, patch: Partial<InterviewState>, now: number, ttlMs: number, keepButtons = false): InterviewState {
  const version = state.version + 1;
  const next: InterviewState = { ...state, ...patch, version, updatedAt: now, expiresAt: now + ttlMs, askedVersion: keepButtons ? buttonsVersion(state) : version };
  if (!keepButtons) {
    delete (next as { askedTs?: string }).askedTs;
    delete (next as { askedDelivery?: string }).askedDelivery;
  }
  return next;
}

/** The version the buttons on screen carry: the one at which the current step was shown. */
export function buttonsVersion(state: Pick<InterviewState, 'askedVersion' | 'version'>): number {
  return state.askedVersion ?? state.version;
}

/** Votes with the current question's cleared (it is asked afresh: back, change, restart). */
function withoutVotes(state: InterviewState, ...questions: string[]): Votes {
  const votes = { ...(state.votes ?? {}) };
  for (const q of questions) delete votes[q];
  return votes;
}

/** Applies one event. Pure: the same state and event always give the same result. */
export function transition(spec: InterviewSpec, state: InterviewState, event: InterviewEvent, now: number, ttlMs: number): Transition {
  const same = (effects: Effect[]): Transition => ({ state, effects, changed: false });
  switch (event.type) {
    case 'help':
      return same(state.status === 'active' && state.step ? [{ kind: 'help', question: state.step }] : []);

    case 'cancel':
      if (state.status !== 'active') return same([]);
      return {
        state: touch(state, { status: 'cancelled', step: null, changing: false, votes: withoutVotes(state, ...(state.step ? [state.step] : [])) }, now, ttlMs),
        effects: [{ kind: 'cancelled' }, ...parentEffect(state, true)],
        changed: true,
      };

    case 'restart': {
      const answers: Record<string, string> = state.answers.function !== undefined ? { function: state.answers.function } : {};
      const step = nextQuestion(spec, answers)!;
      const next = touch(state, { status: 'active', step, answers, history: [], changing: false, votes: {}, participants: [state.starter] }, now, ttlMs);
      return { state: next, effects: [{ kind: 'ask', question: step, note: 'restarting' }, ...parentEffect(state)], changed: true };
    }

    case 'back': {
      if (state.status !== 'active') return same([]);
      if (state.changing) {
        // Back out of changing an answer: return to the recommendation unchanged.
        const next = touch(state, { status: 'done', step: null, changing: false }, now, ttlMs);
        return { state: next, effects: [{ kind: 'recommend', result: resultOf(spec, next) }], changed: true };
      }
      const previous = state.history[state.history.length - 1];
      if (previous === undefined) return same([{ kind: 'ask', question: state.step!, note: 'first_question' }]);
      const answers = { ...state.answers };
      delete answers[previous];
      const next = touch(state, { step: previous, answers, history: state.history.slice(0, -1), votes: withoutVotes(state, previous, state.step!) }, now, ttlMs);
      return { state: next, effects: [{ kind: 'ask', question: previous }], changed: true };
    }

    case 'change': {
      if (!spec.question.has(event.question)) return same([]);
      if (state.status === 'cancelled') return same([]);
      const next = touch(
        state,
        { status: 'active', step: event.question, changing: state.status === 'done' || state.changing, votes: withoutVotes(state, event.question, ...(state.step ? [state.step] : [])) },
        now,
        ttlMs,
      );
      return { state: next, effects: [{ kind: 'ask', question: event.question }, ...(state.status === 'done' ? parentEffect(state) : [])], changed: true };
    }

    case 'mode': {
      if (modeOf(state) === event.mode || state.status === 'cancelled') return same([]);
      const next = touch(state, { mode: event.mode }, now, ttlMs, true);
      return { state: next, effects: [...parentEffect(next, true), ...(next.status === 'active' && next.step ? [{ kind: 'tally' as const, question: next.step }] : [])], changed: true };
    }

    case 'next': {
      if (state.status !== 'active' || !state.step) return same([]);
      const vote = resolve(spec, state.step, currentVotes(state));
      if (!vote) return same([{ kind: 'ask', question: state.step }]);
      return close(spec, state, state.step, vote, now, ttlMs);
    }

    case 'answer': {
      if (state.status !== 'active' || state.step !== event.question) return same([]);
      const question = spec.question.get(event.question);
      if (!question) return same([]);
      const known = question.options.some((o) => o.value === event.value);
      if (!known && !(question.free_text && event.value === 'other')) return same([{ kind: 'ask', question: event.question }]);
      const by = event.by ?? state.starter;
      const vote: Vote = { value: event.value, ...(event.label ? { label: event.label } : {}) };
      const mine = currentVotes(state)[by];
      if (mine && mine.value === vote.value && mine.label === vote.label) return same([]);
      const votes = { ...(state.votes ?? {}), [event.question]: { ...currentVotes(state), [by]: vote } };
      const people = participantsOf(state);
      const participants = people.includes(by) ? people : [...people, by];
      const voted = { ...state, votes, participants };
      // A question closes once everyone taking part has answered it (at once, when one person decides); an answer
      // being changed after the recommendation closes with the starter's.
      const closes = state.changing ? by === state.starter : participants.every((p) => votes[event.question]![p] !== undefined);
      if (closes) return close(spec, voted, event.question, state.changing ? vote : resolve(spec, event.question, votes[event.question]!)!, now, ttlMs);
      return { state: touch(voted, {}, now, ttlMs, true), effects: [{ kind: 'tally', question: event.question }], changed: true };
    }
  }
}

/** The parent message's update, when the app posted one (`always`: even for a change of who answers). */
function parentEffect(state: InterviewState, always = false): Effect[] {
  return (state.parentTs || state.parentDelivery) && (always || modeOf(state) === 'team' || state.status === 'done') ? [{ kind: 'parent' }] : [];
}

/** Closes a question with the answer that counted, then asks the next question or gives the recommendation. */
function close(spec: InterviewSpec, state: InterviewState, questionId: string, vote: Vote, now: number, ttlMs: number): Transition {
  const question = spec.question.get(questionId)!;
  const answers = { ...state.answers, [questionId]: vote.value };
  const functionLabel =
    questionId === 'function' ? (vote.label ?? question.options.find((o) => o.value === vote.value)?.label ?? null) : state.functionLabel;
  const history = state.changing ? state.history : [...state.history, questionId];
  const step = state.changing ? null : nextQuestion(spec, answers);
  const closed: Effect = { kind: 'closed', question: questionId };
  if (step === null && isComplete(answers)) {
    const next = touch(state, { status: 'done', step: null, answers, functionLabel, history, changing: false }, now, ttlMs);
    return { state: next, effects: [closed, { kind: 'recommend', result: resultOf(spec, next) }, ...parentEffect(next)], changed: true };
  }
  const ask = step ?? nextQuestion(spec, answers)!;
  const next = touch(state, { step: ask, answers, functionLabel, history, changing: false }, now, ttlMs);
  return { state: next, effects: [closed, { kind: 'ask', question: ask }], changed: true };
}
