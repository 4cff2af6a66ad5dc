/**
 * The interview state machine, as transcripts in the Bot Framework style: each step is an event and what the
 * machine should do in reply (effect kinds, the question asked, the status afterwards).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalogue } from '../../src/knowledge/load.js';
import {
  isExpired,
  nextQuestion,
  startInterview,
  transition,
  type Effect,
  type InterviewEvent,
  type InterviewState,
  type Status,
} from '../../src/interview/machine.js';
import { QUESTION_IDS } from '../../src/interview/schema.js';
import { HAPPY } from './answers.js';

const catalogue = loadCatalogue();
const spec = catalogue.interview;
const KEY = { team: 'T1', channel: 'C1', thread: '1700000000.000100' };
const TTL = 60_000;
const T0 = 1_000_000;

/** The questions in the order they are asked: the function question first, then the seven. */
const ORDER = spec.questions.map((q) => q.id);
const AFTER_FUNCTION = ORDER.filter((q) => q !== 'function');

interface Expect {
  /** The kinds of the effects, in order. */
  effects?: Array<Effect['kind']>;
  /** The question the (single) ask or help effect is about. */
  asks?: string | null;
  status?: Status;
  changed?: boolean;
  /** A note on the ask effect (a substring). */
  note?: string | RegExp;
  recommendation?: string;
}
type Step = [InterviewEvent, Expect];

function check(t: ReturnType<typeof transition>, want: Expect, label: string): void {
  if (want.effects) expect(t.effects.map((e) => e.kind), label).toEqual(want.effects);
  if (want.asks !== undefined) {
    const ask = t.effects.find((e) => e.kind === 'ask' || e.kind === 'help') as { question: string } | undefined;
    expect(ask?.question ?? null, label).toBe(want.asks);
  }
  if (want.status) expect(t.state.status, label).toBe(want.status);
  if (want.changed !== undefined) expect(t.changed, label).toBe(want.changed);
  if (want.note) {
    const ask = t.effects.find((e) => e.kind === 'ask');
    // The machine names the note; the sentence shown is the one copy.yml has for it.
    const note = ask?.kind === 'ask' && ask.note ? catalogue.copy.interview[ask.note] : '';
    expect(note, label).toMatch(want.note);
  }
  if (want.recommendation) {
    const rec = t.effects.find((e) => e.kind === 'recommend') as { result: { recommendation: string } } | undefined;
    expect(rec?.result.recommendation, label).toBe(want.recommendation);
  }
}

/** Plays a transcript from `state`, checking every step; also checks the version rule on every step. */
function play(state: InterviewState, steps: Step[], start = T0 + 1): InterviewState {
  let s = state;
  steps.forEach(([event, want], i) => {
    const t = transition(spec, s, event, start + i, TTL);
    check(t, want, `step ${i + 1}: ${JSON.stringify(event)}`);
    if (t.changed) expect(t.state.version, `step ${i + 1} version`).toBe(s.version + 1);
    else expect(t.state, `step ${i + 1} unchanged`).toBe(s);
    s = t.state;
  });
  return s;
}

const answer = (question: string, value: string, label?: string): InterviewEvent => ({ type: 'answer', question, value, ...(label ? { label } : {}) });
const asked = (question: string): Expect => ({ effects: ['ask'], asks: question, status: 'active', changed: true });
/** After an answer: the question closes, then the next is asked. */
const answeredThen = (question: string): Expect => ({ effects: ['closed', 'ask'], asks: question, status: 'active', changed: true });
const FINISHED: Expect = { effects: ['closed', 'recommend'], status: 'done', changed: true };

function fresh(fn?: { value: string; label: string }): InterviewState {
  const t = startInterview(spec, KEY, 'U1', T0, TTL, fn);
  return t.state;
}

/** The answers, as steps, for the seven questions of a happy path. */
function answerSteps(answers: Record<string, string>, from = 0): Step[] {
  return AFTER_FUNCTION.slice(from).map((q, i, list) => [answer(q, answers[q]!), i === list.length - 1 ? FINISHED : answeredThen(list[i + 1]!)]);
}

/** State after answering the first `n` of the seven questions (the function given at start). */
function after(n: number, answers: Record<string, string> = HAPPY['offshore-outsourcing']!): InterviewState {
  let s = fresh({ value: 'customer-support', label: 'Customer support' });
  for (const q of AFTER_FUNCTION.slice(0, n)) s = transition(spec, s, answer(q, answers[q]!), T0 + 1, TTL).state;
  return s;
}

describe('the interview order', () => {
  it('asks the function question first, then the seven decision questions in their order', () => {
    expect(ORDER).toEqual(['function', 'core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon']);
    expect([...AFTER_FUNCTION].sort()).toEqual([...QUESTION_IDS].sort());
    expect(spec.questions.map((q) => q.id)).toEqual(ORDER);
    expect(nextQuestion(spec, {})).toBe('function');
    expect(nextQuestion(spec, { function: 'it' })).toBe('core');
  });
});

describe('a happy path', () => {
  it('starts by asking the function, then walks through every question to a recommendation', () => {
    const start = startInterview(spec, KEY, 'U1', T0, TTL);
    expect(start.changed).toBe(true);
    expect(start.effects).toEqual([{ kind: 'ask', question: 'function' }]);
    expect(start.state).toMatchObject({ ...KEY, starter: 'U1', status: 'active', step: 'function', version: 1, answers: {}, functionLabel: null, history: [], changing: false, createdAt: T0, expiresAt: T0 + TTL });

    const end = play(start.state, [[answer('function', 'customer-support'), answeredThen('core')], ...answerSteps(HAPPY['offshore-outsourcing']!)]);
    expect(end.status).toBe('done');
    expect(end.step).toBeNull();
    expect(end.functionLabel).toBe('Customer support');
    expect(end.answers).toEqual({ function: 'customer-support', ...HAPPY['offshore-outsourcing'] });
    expect(end.history).toEqual(ORDER);
    expect(end.version).toBe(1 + ORDER.length);
  });

  it.each(Object.entries(HAPPY))('reaches %s through the machine', (outcome, answers) => {
    const s = fresh({ value: 'it', label: 'IT and tech support' });
    const steps = answerSteps(answers);
    steps[steps.length - 1]![1] = { ...steps[steps.length - 1]![1], recommendation: outcome };
    play(s, steps);
  });

  it('keeps a typed function name as its label', () => {
    const end = play(fresh(), [[answer('function', 'other', 'legal'), answeredThen('core')]]);
    expect(end.answers.function).toBe('other');
    expect(end.functionLabel).toBe('legal');
  });

  it('skips the function question when the interview starts with a function', () => {
    const start = startInterview(spec, KEY, 'U1', T0, TTL, { value: 'it', label: 'IT and tech support' });
    expect(start.effects).toEqual([{ kind: 'ask', question: 'core' }]);
    expect(start.state).toMatchObject({ step: 'core', answers: { function: 'it' }, functionLabel: 'IT and tech support', history: [] });
    const end = play(start.state, answerSteps(HAPPY['keep-in-house']!));
    expect(end.history).toEqual(AFTER_FUNCTION);
  });

  it('asks at most eight questions, each exactly once, on a straight run', () => {
    const start = startInterview(spec, KEY, 'U1', T0, TTL);
    const asks: string[] = start.effects.filter((e) => e.kind === 'ask').map((e) => (e as { question: string }).question);
    let s = start.state;
    const answers = { function: 'marketing', ...HAPPY.hybrid! } as Record<string, string>;
    for (let i = 0; i < 20 && s.status === 'active'; i++) {
      const t = transition(spec, s, answer(s.step!, answers[s.step!]!), T0 + i, TTL);
      asks.push(...t.effects.filter((e) => e.kind === 'ask').map((e) => (e as { question: string }).question));
      s = t.state;
    }
    expect(s.status).toBe('done');
    expect(asks.length).toBeLessThanOrEqual(8);
    expect(asks).toEqual(ORDER);
  });
});

describe('back', () => {
  it('on the first question gives a note and stays where it is', () => {
    play(fresh(), [[{ type: 'back' }, { effects: ['ask'], asks: 'function', changed: false, note: /first question/ }]]);
    play(fresh({ value: 'it', label: 'IT' }), [[{ type: 'back' }, { effects: ['ask'], asks: 'core', changed: false, note: /first question/ }]]);
  });

  it.each(AFTER_FUNCTION.map((q, i) => [q, i]).slice(1))('at %s goes back to the previous question and forgets its answer', (q, i) => {
    const s = after(i as number);
    expect(s.step).toBe(q);
    const previous = AFTER_FUNCTION[(i as number) - 1]!;
    const back = play(s, [[{ type: 'back' }, asked(previous)]]);
    expect(back.step).toBe(previous);
    expect(back.answers[previous]).toBeUndefined();
    expect(back.history).toEqual(AFTER_FUNCTION.slice(0, (i as number) - 1));
  });

  it('walks all the way back to the first question, one step at a time, and then notes it cannot go further', () => {
    const s = after(6);
    const steps: Step[] = [...AFTER_FUNCTION.slice(0, 6)].reverse().map((q) => [{ type: 'back' }, asked(q)]);
    steps.push([{ type: 'back' }, { effects: ['ask'], asks: 'core', changed: false, note: /first question/ }]);
    const end = play(s, steps);
    expect(end.answers).toEqual({ function: 'customer-support' });
  });

  it('goes back to the function question when it was asked in the interview', () => {
    play(fresh(), [
      [answer('function', 'accounting'), answeredThen('core')],
      [{ type: 'back' }, asked('function')],
      [answer('function', 'logistics'), answeredThen('core')],
    ]);
  });

  it('does nothing once the interview is done', () => {
    play(after(7), [[{ type: 'back' }, { effects: [], changed: false, status: 'done' }]]);
  });
});

describe('restart', () => {
  const steps = AFTER_FUNCTION.map((q, i) => [q, i] as const);

  it.each(steps)('at %s keeps the function and asks the first question after it', (_q, i) => {
    const s = after(i);
    const end = play(s, [[{ type: 'restart' }, { ...asked('core'), note: /Starting over/ }]]);
    expect(end.answers).toEqual({ function: 'customer-support' });
    expect(end.functionLabel).toBe('Customer support');
    expect(end.history).toEqual([]);
  });

  it('after the recommendation starts over from the first question after the function', () => {
    const end = play(after(7), [[{ type: 'restart' }, asked('core')]]);
    expect(end.status).toBe('active');
    expect(end.changing).toBe(false);
  });

  it('keeps a function that was answered during the interview', () => {
    const end = play(fresh(), [
      [answer('function', 'other', 'legal'), answeredThen('core')],
      [answer('core', 'core'), answeredThen('budget')],
      [{ type: 'restart' }, asked('core')],
    ]);
    expect(end.answers).toEqual({ function: 'other' });
    expect(end.functionLabel).toBe('legal');
  });

  it('on the function question itself asks the function again', () => {
    play(fresh(), [[{ type: 'restart' }, asked('function')]]);
  });
});

describe('cancel', () => {
  const laterEvents: InterviewEvent[] = [
    ...AFTER_FUNCTION.map((q) => answer(q, HAPPY.hybrid![q as keyof typeof HAPPY.hybrid]!)),
    { type: 'back' },
    { type: 'help' },
    { type: 'cancel' },
    { type: 'change', question: 'core' },
  ];

  it.each(AFTER_FUNCTION.map((q, i) => [q, i] as const))('at %s cancels, and every later event (but restart) does nothing', (_q, i) => {
    const s = after(i);
    const cancelled = play(s, [[{ type: 'cancel' }, { effects: ['cancelled'], status: 'cancelled', changed: true }]]);
    expect(cancelled.step).toBeNull();
    for (const event of laterEvents) {
      const t = transition(spec, cancelled, event, T0 + 100, TTL);
      expect(t.changed, JSON.stringify(event)).toBe(false);
      expect(t.effects, JSON.stringify(event)).toEqual([]);
      expect(t.state).toBe(cancelled);
    }
  });

  it('on the function question cancels too', () => {
    play(fresh(), [[{ type: 'cancel' }, { effects: ['cancelled'], status: 'cancelled' }]]);
  });

  it('after the recommendation does nothing', () => {
    play(after(7), [[{ type: 'cancel' }, { effects: [], changed: false, status: 'done' }]]);
  });

  it('can be followed by restart, which starts the same thread over (the "restart" typed after the end)', () => {
    const s = play(after(3), [
      [{ type: 'cancel' }, { effects: ['cancelled'], status: 'cancelled' }],
      [{ type: 'restart' }, asked('core')],
    ]);
    expect(s.answers).toEqual({ function: 'customer-support' });
  });
});

describe('help', () => {
  it.each(ORDER.map((q) => [q]))('on %s explains the question without changing anything', (q) => {
    const i = AFTER_FUNCTION.indexOf(q);
    const s = q === 'function' ? fresh() : after(i);
    expect(s.step).toBe(q);
    play(s, [[{ type: 'help' }, { effects: ['help'], asks: q, changed: false }]]);
  });

  it('after the recommendation has nothing to explain', () => {
    play(after(7), [[{ type: 'help' }, { effects: [], changed: false }]]);
  });
});

describe('answers that do not apply', () => {
  it('ignores an answer for a question that is not the current one', () => {
    const s = after(2);
    expect(s.step).toBe('coverage');
    play(s, [
      [answer('core', 'non-core'), { effects: [], changed: false }],
      [answer('horizon', 'long'), { effects: [], changed: false }],
      [answer('nonsense', 'x'), { effects: [], changed: false }],
    ]);
  });

  it('re-asks the current question for a value it does not have', () => {
    const s = after(2);
    play(s, [
      [answer('coverage', 'sometimes'), { effects: ['ask'], asks: 'coverage', changed: false }],
      [answer('coverage', 'other'), { effects: ['ask'], asks: 'coverage', changed: false }],
    ]);
  });

  it('accepts "other" only for the free-text function question', () => {
    play(fresh(), [[answer('function', 'other', 'data entry'), answeredThen('core')]]);
  });

  it('ignores a change to a question that does not exist', () => {
    play(after(7), [[{ type: 'change', question: 'mood' }, { effects: [], changed: false }]]);
  });
});

describe('changing an answer after the recommendation', () => {
  it.each(ORDER.map((q) => [q]))('asks %s, and answering it returns straight to a recommendation without re-asking the others', (q) => {
    const done = after(7, HAPPY['offshore-outsourcing']!);
    expect(done.status).toBe('done');
    const value = q === 'function' ? 'marketing' : q === 'control' ? 'medium' : spec.question.get(q)!.options.find((o) => o.value !== done.answers[q])!.value;
    const end = play(done, [
      [{ type: 'change', question: q }, asked(q)],
      [answer(q, value), FINISHED],
    ]);
    expect(end.answers).toEqual({ ...done.answers, [q]: value });
    expect(end.changing).toBe(false);
    expect(end.history).toEqual(done.history);
  });

  it('gives the outcome the change leads to (offshore partner becomes your own team abroad with medium control and skills in house)', () => {
    const done = after(7, { ...HAPPY['offshore-outsourcing']!, expertise: 'have' });
    play(done, [
      [{ type: 'change', question: 'control' }, asked('control')],
      [answer('control', 'medium'), { ...FINISHED, recommendation: 'offshore-captive' }],
    ]);
  });

  it('re-asks on an invalid value while changing, then still returns straight to the recommendation', () => {
    play(after(7), [
      [{ type: 'change', question: 'budget' }, asked('budget')],
      [answer('budget', 'free'), { effects: ['ask'], asks: 'budget', changed: false }],
      [answer('budget', 'secondary'), FINISHED],
    ]);
  });

  it('goes back to the unchanged recommendation on "back" while changing', () => {
    const done = after(7);
    const end = play(done, [
      [{ type: 'change', question: 'regulation' }, asked('regulation')],
      [{ type: 'back' }, { effects: ['recommend'], status: 'done', changed: true }],
    ]);
    expect(end.answers).toEqual(done.answers);
  });

  it('cannot change an answer of a cancelled interview', () => {
    const cancelled = transition(spec, after(7 - 1), { type: 'cancel' }, T0, TTL).state;
    play(cancelled, [[{ type: 'change', question: 'core' }, { effects: [], changed: false, status: 'cancelled' }]]);
  });
});

describe('versions', () => {
  const events: fc.Arbitrary<InterviewEvent> = fc.oneof(
    fc.record({ type: fc.constant('answer' as const), question: fc.constantFrom(...ORDER, 'nope'), value: fc.constantFrom('core', 'non-core', 'critical', 'yes', 'no', 'high', 'medium', 'low', 'heavy', 'light', 'have', 'lack', 'short', 'long', 'it', 'other', 'bogus') }),
    fc.constantFrom<InterviewEvent>({ type: 'back' }, { type: 'restart' }, { type: 'cancel' }, { type: 'help' }),
    fc.record({ type: fc.constant('change' as const), question: fc.constantFrom(...ORDER, 'nope') }),
  );

  it('increments by exactly one on every changed transition and not at all otherwise (any sequence of events)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(events, { maxLength: 40 }), (withFunction, script) => {
        let s = fresh(withFunction ? { value: 'it', label: 'IT' } : undefined);
        script.forEach((event, i) => {
          const t = transition(spec, s, event, T0 + i, TTL);
          if (t.changed) {
            expect(t.state.version).toBe(s.version + 1);
            expect(t.state.updatedAt).toBe(T0 + i);
            expect(t.state.expiresAt).toBe(T0 + i + TTL);
          } else {
            expect(t.state).toBe(s);
          }
          // Invariants: an active interview always has a step; a finished one never does.
          if (t.state.status === 'active') expect(t.state.step).not.toBeNull();
          else expect(t.state.step).toBeNull();
          if (t.state.status === 'done') expect(t.effects.length === 0 || t.effects.some((e) => e.kind === 'recommend')).toBe(true);
          s = t.state;
        });
      }),
      { numRuns: 300 },
    );
  });

  it('is pure: the same state and event give the same result', () => {
    const s = after(3);
    expect(transition(spec, s, answer('control', 'low'), T0 + 5, TTL)).toEqual(transition(spec, s, answer('control', 'low'), T0 + 5, TTL));
  });
});

describe('expiry', () => {
  it('expires an active interview once the ttl has passed since the last change, and not before', () => {
    const s = startInterview(spec, KEY, 'U1', 0, 1000).state;
    expect(isExpired(s, 999)).toBe(false);
    expect(isExpired(s, 1000)).toBe(false);
    expect(isExpired(s, 1001)).toBe(true);
  });

  it('pushes the expiry back on every change', () => {
    const s = startInterview(spec, KEY, 'U1', 0, 1000, { value: 'it', label: 'IT' }).state;
    const t = transition(spec, s, answer('core', 'core'), 900, 1000);
    expect(isExpired(t.state, 1500)).toBe(false);
    expect(isExpired(t.state, 1901)).toBe(true);
  });

  it('never expires a finished or cancelled interview', () => {
    const done = after(7);
    const cancelled = transition(spec, after(2), { type: 'cancel' }, T0, TTL).state;
    expect(isExpired(done, T0 + 10 * TTL)).toBe(false);
    expect(isExpired(cancelled, T0 + 10 * TTL)).toBe(false);
  });
});

describe('a decision the team answers together', () => {
  const team = (): InterviewState => startInterview(spec, KEY, 'U1', T0, TTL, { value: 'customer-support', label: 'Customer support' }, {}, { mode: 'team' }).state;
  const vote = (question: string, value: string, by: string): InterviewEvent => ({ type: 'answer', question, value, by });
  const step = (s: InterviewState, e: InterviewEvent) => transition(spec, s, e, T0 + 1, TTL);

  it('flows exactly as a solo decision while only the starter takes part', () => {
    let s = team();
    for (const q of AFTER_FUNCTION) s = step(s, vote(q, (HAPPY['offshore-outsourcing'] as Record<string, string>)[q]!, 'U1')).state;
    expect(s.status).toBe('done');
    expect(s.participants).toEqual(['U1']);
  });

  it('waits for everyone taking part, showing who answered, and keeps the question buttons valid meanwhile', () => {
    let s = team();
    const joined = step(s, vote('core', 'non-core', 'U2')); // U2 joins by answering
    expect(joined.effects.map((e) => e.kind)).toEqual(['tally']);
    expect(joined.state.participants).toEqual(['U1', 'U2']);
    s = step(joined.state, vote('core', 'non-core', 'U1')).state;
    expect(s.step).toBe('budget');
    const first = step(s, vote('budget', 'critical', 'U1'));
    expect(first.state.step).toBe('budget');
    expect(first.effects.map((e) => e.kind)).toEqual(['tally']);
    expect(first.state.askedVersion).toBe(s.askedVersion);
    expect(first.state.version).toBe(s.version + 1);
    const both = step(first.state, vote('budget', 'critical', 'U2'));
    expect(both.effects.map((e) => e.kind)).toEqual(['closed', 'ask']);
    expect(both.state.askedVersion).toBe(both.state.version);
  });

  it('closes a question once everyone has answered, with the majority answer', () => {
    let s = team();
    s = step(s, vote('core', 'non-core', 'U2')).state;
    s = step(s, vote('core', 'non-core', 'U3')).state;
    expect(s.step).toBe('core');
    const closed = step(s, vote('core', 'core', 'U1'));
    expect(closed.state.step).toBe('budget');
    expect(closed.state.answers.core).toBe('non-core');
    expect(closed.state.votes?.core).toEqual({ U2: { value: 'non-core' }, U3: { value: 'non-core' }, U1: { value: 'core' } });
  });

  it('gives a tie to the more cautious option', () => {
    let s = team();
    s = step(s, vote('core', 'non-core', 'U2')).state;
    s = step(s, vote('core', 'core', 'U1')).state;
    expect(s.answers.core).toBe('core');
    s = step(s, vote('budget', 'critical', 'U1')).state;
    s = step(s, vote('budget', 'secondary', 'U2')).state;
    expect(s.answers.budget).toBe('secondary');
  });

  it('counts each person once, with their latest answer, and ignores a repeated one', () => {
    let s = team();
    s = step(s, vote('core', 'non-core', 'U2')).state;
    s = step(s, vote('core', 'core', 'U1')).state; // closes core (both answered)
    s = step(s, vote('budget', 'critical', 'U2')).state;
    const again = step(s, vote('budget', 'critical', 'U2'));
    expect(again.changed).toBe(false);
    s = step(s, vote('budget', 'important', 'U2')).state;
    expect(s.votes?.budget).toEqual({ U2: { value: 'important' } });
  });

  it('closes the question with the answers so far when the starter moves on', () => {
    let s = team();
    s = step(s, vote('core', 'non-core', 'U2')).state;
    s = step(s, vote('core', 'non-core', 'U1')).state;
    s = step(s, vote('budget', 'critical', 'U2')).state;
    const next = step(s, { type: 'next' });
    expect(next.state.answers.budget).toBe('critical');
    expect(next.state.step).toBe('coverage');
    expect(step(next.state, { type: 'next' }).changed).toBe(false);
  });

  it('switches to the starter alone and back, keeping the buttons on screen valid', () => {
    const s = team();
    const solo = step(s, { type: 'mode', mode: 'solo' });
    expect(solo.state.mode).toBe('solo');
    expect(solo.state.askedVersion).toBe(s.askedVersion);
    expect(step(solo.state, { type: 'mode', mode: 'solo' }).changed).toBe(false);
  });

  it('asks a question afresh after back, change or restart, without the earlier votes', () => {
    let s = team();
    s = step(s, vote('core', 'non-core', 'U2')).state;
    s = step(s, vote('core', 'core', 'U1')).state;
    const back = step(s, { type: 'back' }).state;
    expect(back.step).toBe('core');
    expect(back.votes?.core).toBeUndefined();
    expect(step(back, { type: 'restart' }).state.participants).toEqual(['U1']);
  });
});
