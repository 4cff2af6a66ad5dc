/**
 * Named, pure checks a click or a typed message must pass before it may change a decision. Each returns the
 * replies to tell the person when it refuses, or undefined when the request may go on.
 */
import { buttonsVersion, isExpired, mayAnswer, type InterviewState } from '../interview/machine.js';
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

/** Only the person who started the decision does this (go back, cancel, change who answers…). */
export const starterOnly: Guard = ({ state, user }) => (user === state.starter ? undefined : [{ kind: 'note', note: 'not_starter', starter: state.starter }]);

/** Anyone answers a team decision; only its starter a solo one. */
export const answerer: Guard = ({ state, user }) => (mayAnswer(state, user) ? undefined : [{ kind: 'note', note: 'not_starter', starter: state.starter }]);

/** An idle decision stops taking answers. */
export const notExpired: Guard = ({ state, now }) => (isExpired(state, now) ? [{ kind: 'note', note: 'expired' }] : undefined);

/** The button belongs to the step the decision is at (every change bumps the version). */
export const currentStep: Guard = ({ state, value }) =>
  value === undefined || value.version === buttonsVersion(state)
    ? undefined
    : [{ kind: 'note', note: 'stale', current: state.status === 'active' ? 'current_question' : 'none' }, whereItStands(state)];

/** The button belongs to the step the decision is at; if not, just show where it stands. */
export const currentMenu: Guard = ({ state, value }) => (value === undefined || value.version === buttonsVersion(state) ? undefined : [whereItStands(state)]);

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
