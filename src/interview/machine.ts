/**
 * The interview as an explicit state machine: named statuses, a pure `transition()` that returns the next state
 * and the effects to perform (ask a question, give the recommendation…), without performing them. Adapters
 * (Slack, the terminal) load the state, apply an event, save it with a version check, then perform the effects.
 */
import { randomUUID } from 'node:crypto';
import type { InterviewSpec } from './spec.js';
import { QUESTION_IDS } from './schema.js';
import { recommend, type Answers, type Recommendation } from './decide.js';

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
  /** Incremented on every change; saves are conditional on it. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
}

export type InterviewEvent =
  | { type: 'answer'; question: string; value: string; label?: string }
  | { type: 'back' }
  | { type: 'restart' }
  | { type: 'cancel' }
  | { type: 'help' }
  | { type: 'change'; question: string };

/** Why a question is asked again, shown above it. */
export type AskNote = 'restarting' | 'first_question';

export type Effect =
  | { kind: 'ask'; question: string; note?: AskNote }
  | { kind: 'recommend'; result: Recommendation }
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
): Transition {
  const answers: Record<string, string> = fn ? { function: fn.value } : {};
  const step = nextQuestion(spec, answers);
  const state: InterviewState = {
    ...key,
    id: randomUUID(),
    starter,
    status: 'active',
    step,
    answers,
    functionLabel: fn?.label ?? null,
    history: [],
    changing: false,
    ...(Object.keys(suggested).length > 0 ? { suggested } : {}),
    version: 1,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + ttlMs,
  };
  return { state, effects: [{ kind: 'ask', question: step! }], changed: true };
}

function touch(state: InterviewState, patch: Partial<InterviewState>, now: number, ttlMs: number): InterviewState {
  return { ...state, ...patch, version: state.version + 1, updatedAt: now, expiresAt: now + ttlMs };
}

/** Applies one event. Pure: the same state and event always give the same result. */
export function transition(spec: InterviewSpec, state: InterviewState, event: InterviewEvent, now: number, ttlMs: number): Transition {
  const same = (effects: Effect[]): Transition => ({ state, effects, changed: false });
  switch (event.type) {
    case 'help':
      return same(state.status === 'active' && state.step ? [{ kind: 'help', question: state.step }] : []);

    case 'cancel':
      if (state.status !== 'active') return same([]);
      return { state: touch(state, { status: 'cancelled', step: null, changing: false }, now, ttlMs), effects: [{ kind: 'cancelled' }], changed: true };

    case 'restart': {
      const answers: Record<string, string> = state.answers.function !== undefined ? { function: state.answers.function } : {};
      const step = nextQuestion(spec, answers)!;
      const next = touch(state, { status: 'active', step, answers, history: [], changing: false }, now, ttlMs);
      return { state: next, effects: [{ kind: 'ask', question: step, note: 'restarting' }], changed: true };
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
      const next = touch(state, { step: previous, answers, history: state.history.slice(0, -1) }, now, ttlMs);
      return { state: next, effects: [{ kind: 'ask', question: previous }], changed: true };
    }

    case 'change': {
      if (!spec.question.has(event.question)) return same([]);
      if (state.status === 'cancelled') return same([]);
      const next = touch(state, { status: 'active', step: event.question, changing: state.status === 'done' || state.changing }, now, ttlMs);
      return { state: next, effects: [{ kind: 'ask', question: event.question }], changed: true };
    }

    case 'answer': {
      if (state.status !== 'active' || state.step !== event.question) return same([]);
      const question = spec.question.get(event.question);
      if (!question) return same([]);
      const known = question.options.some((o) => o.value === event.value);
      if (!known && !(question.free_text && event.value === 'other')) return same([{ kind: 'ask', question: event.question }]);
      const answers = { ...state.answers, [event.question]: event.value };
      const functionLabel =
        event.question === 'function' ? (event.label ?? question.options.find((o) => o.value === event.value)?.label ?? null) : state.functionLabel;
      const history = state.changing ? state.history : [...state.history, event.question];
      const step = state.changing ? null : nextQuestion(spec, answers);
      if (step === null && isComplete(answers)) {
        const next = touch(state, { status: 'done', step: null, answers, functionLabel, history, changing: false }, now, ttlMs);
        return { state: next, effects: [{ kind: 'recommend', result: resultOf(spec, next) }], changed: true };
      }
      const ask = step ?? nextQuestion(spec, answers)!;
      const next = touch(state, { step: ask, answers, functionLabel, history, changing: false }, now, ttlMs);
      return { state: next, effects: [{ kind: 'ask', question: ask }], changed: true };
    }
  }
}
