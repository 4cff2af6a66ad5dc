/**
 * Named, pure checks a click or a typed message must pass before it may change a decision. Each returns the
 * replies to tell the person when it refuses, or undefined when the request may go on.
 */
import { isExpired, type InterviewState } from '../interview/machine.js';
import type { ButtonValue } from './actions.js';
import type { Reply } from './replies.js';

export interface Attempt {
  readonly state: InterviewState;
  readonly user: string;
  readonly now: number;
  /** The clicked button's value (clicks only). */
  readonly value?: ButtonValue;
}

export type Guard = (attempt: Attempt) => readonly Reply[] | undefined;

/** Where a decision stands, for someone whose click was out of date: its current question, or that it ended. */
export function whereItStands(state: InterviewState): Reply {
  if (state.status === 'active' && state.step) return { kind: 'question', state, question: state.step };
  return { kind: 'note', note: 'finished', status: state.status === 'cancelled' ? 'cancelled' : 'done' };
}

/** Whether this person may answer the decision. */
export function mayAnswer(state: InterviewState, user: string): boolean {
  return user === state.starter;
}

/** Only the person who started the decision answers it. */
export const starterOnly: Guard = ({ state, user }) => (mayAnswer(state, user) ? undefined : [{ kind: 'note', note: 'not_starter', starter: state.starter }]);

/** An idle decision stops taking answers. */
export const notExpired: Guard = ({ state, now }) => (isExpired(state, now) ? [{ kind: 'note', note: 'expired' }] : undefined);

/** The button belongs to the step the decision is at (every change bumps the version). */
export const currentStep: Guard = ({ state, value }) =>
  value === undefined || value.version === state.version
    ? undefined
    : [{ kind: 'note', note: 'stale', current: state.status === 'active' ? 'current_question' : 'none' }, whereItStands(state)];

/** The button belongs to the step the decision is at; if not, just show where it stands. */
export const currentMenu: Guard = ({ state, value }) => (value === undefined || value.version === state.version ? undefined : [whereItStands(state)]);

/** The decision is still being answered. */
export const whileActive: Guard = ({ state }) => (state.status === 'active' ? undefined : [whereItStands(state)]);

/** The decision has its recommendation. */
export const whenDone: Guard = ({ state }) => (state.status === 'done' ? undefined : [whereItStands(state)]);

/** The first guard that refuses, or undefined when all pass. */
export function refusal(guards: readonly Guard[], attempt: Attempt): readonly Reply[] | undefined {
  for (const g of guards) {
    const r = g(attempt);
    if (r) return r;
  }
  return undefined;
}
