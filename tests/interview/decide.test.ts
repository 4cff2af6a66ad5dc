/**
 * The recommendation logic, checked against the reasoning of the seed articles ("Making the Right Decision" and
 * the benefits and challenges of outsourcing and offshoring in seed 002; hubpages on your own facility abroad):
 * a table of profiles with the recommendation a careful reader of the articles would give, and properties that
 * hold for every one of the 432 answer combinations.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { recommend, validateAnswers, MAX_CHALLENGES, type Answers, type Recommendation } from '../../src/interview/decide.js';
import { OUTCOME_IDS, QUESTION_IDS, QUESTION_VALUES, REQUIRED_CHALLENGE_IDS, type OutcomeId, type QuestionId } from '../../src/interview/schema.js';
import { AppError } from '../../src/errors/index.js';
import { allAnswerSets, HAPPY } from './answers.js';

const catalogue = loadCatalogue();
const spec = catalogue.interview;
const copy = catalogue.copy.cli;
const ABROAD = ['offshore-outsourcing', 'offshore-captive'];
const AT_HOME = ['keep-in-house', 'outsource-domestic'];
const PARTNER = ['outsource-domestic', 'offshore-outsourcing', 'hybrid'];
const ALL = allAnswerSets();
/** Every combination, with no function named and with two functions (the function only changes challenges). */
const FUNCTIONS = [undefined, 'customer-support', 'accounting'] as const;
const RESULTS = FUNCTIONS.flatMap((fn) => ALL.map((a) => ({ answers: a, fn, r: recommend(spec, fn ? { ...a, function: fn } : a) })));
const show = (a: Answers, fn?: string) => QUESTION_IDS.map((q) => `${q}=${a[q]}`).join(' ') + (fn ? ` function=${fn}` : '');

function badInput(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_input');
    return err as AppError;
  }
  throw new Error('expected a bad_input AppError, but nothing was thrown');
}

const profile = (s: string): Answers => Object.fromEntries(QUESTION_IDS.map((q, i) => [q, s.split(/\s+/)[i]])) as Answers;

/**
 * Profiles (core budget coverage control regulation expertise horizon) and what a careful reader of the articles
 * would recommend, with the sentence that decides it.
 */
const PROFILES: ReadonlyArray<readonly [string, OutcomeId, string]> = [
  ['non-core critical yes low light lack long', 'offshore-outsourcing', 'the Philippines support centre: "If cost advantage is critical, consider offshoring that non-core function"'],
  ['non-core critical no low light lack long', 'offshore-outsourcing', 'cost is critical for non-core work, so offshoring, even without the 24/7 advantage'],
  ['non-core critical no low light lack short', 'outsource-domestic', '"a short-term solution for seasonal or project-based tasks", and nine-to-five: offshoring\'s savings come "down the road"'],
  ['non-core important yes low light lack long', 'offshore-outsourcing', '"Offshoring is a great solution for around-the-clock service" for non-core work, managed by results'],
  ['non-core critical yes low some lack long', 'offshore-outsourcing', 'some rules add hoops but do not rule offshoring out; cost and 24/7 decide'],
  ['non-core critical yes medium light have long', 'offshore-captive', 'your own facility abroad: control of the workforce, your skills, lower costs, planned long-term'],
  ['non-core critical yes medium some have long', 'offshore-captive', 'the same, with rules to navigate abroad'],
  ['non-core critical yes high light lack long', 'hybrid', 'cost points abroad, the need to collaborate face-to-face points home: "a blend of both"'],
  ['core secondary yes medium some have long', 'hybrid', 'core work that needs 24/7: keep it home, other time zones for the nights'],
  ['core important yes low light have long', 'hybrid', 'core work that needs round-the-clock service'],
  ['non-core secondary no high light lack short', 'outsource-domestic', 'the Boston startup and its local agency: a partner you can visit, a project'],
  ['non-core important no medium light have long', 'outsource-domestic', 'nine-to-five with cost only important: "the time zone advantage might not be worth the complications"'],
  ['non-core critical no medium heavy lack long', 'outsource-domestic', 'heavy regulation: offshoring "might be entirely off the table", so a partner at home despite the cost'],
  ['non-core secondary no low light lack short', 'outsource-domestic', '"a short-term solution for seasonal or project-based tasks", cost no issue'],
  ['non-core important no high some lack short', 'outsource-domestic', 'skills lacking, a partner you can visit, a project'],
  ['non-core important yes medium heavy lack long', 'outsource-domestic', 'heavy regulation keeps it home; a provider at home can staff shifts'],
  ['non-core secondary yes medium light lack long', 'outsource-domestic', 'cost secondary: "pricier than offshoring, but… fewer hurdles", staffing 24/7 at home'],
  ['non-core important no medium some lack long', 'outsource-domestic', 'non-core, skills lacking, nine-to-five, some rules: a partner at home'],
  ['core important no high some have long', 'keep-in-house', 'core work that needs close, direct control'],
  ['core critical no medium heavy have long', 'keep-in-house', 'core and heavily regulated, whatever the cost pressure'],
  ['core important no low light have long', 'keep-in-house', 'core competency with the skills in-house'],
  ['core critical yes high light have long', 'hybrid', 'close control keeps the core team at home; cost and 24/7 send the off-hours part to other time zones'],
  ['core secondary no high heavy have long', 'keep-in-house', 'core, close control, heavy regulation, skills in-house'],
  ['core critical no low light have short', 'keep-in-house', 'core work, a short need, the skills in-house'],
];

describe('a careful reader of the articles agrees with the recommendation', () => {
  it('lists at least twenty profiles, each reaching every outcome somewhere', () => {
    expect(PROFILES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(PROFILES.map(([, o]) => o)).size).toBe(OUTCOME_IDS.length);
  });

  it.each(PROFILES.map(([answers, outcome, why]) => [answers, outcome, why]))('%s → %s (%s)', (answers, outcome) => {
    expect(recommend(spec, profile(answers)).recommendation).toBe(outcome);
  });

  it.each(Object.entries(HAPPY))('reaches %s on its happy path', (outcome, answers) => {
    expect(recommend(spec, answers).recommendation).toBe(outcome);
  });
});

describe('every one of the 432 answer combinations', () => {
  it('covers every combination of answers exactly once (432 sets)', () => {
    expect(ALL).toHaveLength(2 * 3 * 2 * 3 * 3 * 2 * 2);
    expect(new Set(ALL.map((a) => JSON.stringify(a))).size).toBe(ALL.length);
  });

  it('gives every answer a role and a sentence, in question order, the role following its weight for the outcome', () => {
    for (const { answers, r } of RESULTS) {
      expect(r.considered.map((c) => c.question)).toEqual(QUESTION_IDS);
      for (const c of r.considered) {
        expect(c.value).toBe(answers[c.question]);
        expect(c.text.length, `${c.question}=${c.value}`).toBeGreaterThan(20);
        const w = spec.rules.weights[c.question]![c.value]!.scores[r.recommendation] ?? 0;
        expect(c.role).toBe(w > 0 ? 'for' : w < 0 ? 'against' : 'neutral');
      }
    }
  });

  it('names every answer that pulls against the recommendation, strongest first, with how to handle it', () => {
    for (const { answers, r } of RESULTS) {
      const against = r.considered.filter((c) => c.role === 'against');
      expect(r.tensions.map((t) => t.question).sort(), show(answers)).toEqual(against.map((c) => c.question).sort());
      for (let i = 1; i < r.tensions.length; i++) expect(Math.abs(r.tensions[i - 1]!.weight)).toBeGreaterThanOrEqual(Math.abs(r.tensions[i]!.weight));
      // The sentence says what pulls, then (after a colon or semicolon) what to do about it.
      for (const t of r.tensions) expect(t.text, `${t.question}=${t.value} for ${r.recommendation}`).toMatch(/[:;] \S+( \S+){3,}/);
    }
  });

  it('gives at least one reason (or the rule that decided), the strongest first, never more than three', () => {
    for (const { answers, r } of RESULTS) {
      expect(r.reasons.length + (r.rule?.decided ? 1 : 0), show(answers)).toBeGreaterThan(0);
      expect(r.reasons.length).toBeLessThanOrEqual(3);
      for (const reason of r.reasons) expect(r.considered.find((c) => c.question === reason.question)!.role).toBe('for');
    }
  });

  it('never states the opposite of an answer, anywhere in the message, the shared copy or the terminal text', async () => {
    const { recommendationMessage, recommendationText, sharedSummary } = await import('../../src/replies/interview.js');
    const { mrkdwnToPlain } = await import('../../src/replies/blocks.js');
    for (const { answers, fn, r } of RESULTS) {
      const state = stateFor(answers, fn);
      const said = [
        ...(['summary', 'challenges', 'full'] as const).map((view) => JSON.stringify(recommendationMessage(catalogue, state, r, undefined, view).blocks)),
        JSON.stringify(sharedSummary(catalogue, state, r, 'U2').blocks),
        recommendationText(catalogue, state, r),
      ]
        .map((t) => mrkdwnToPlain(t).toLowerCase())
        .join(' ')
        // "If you answered … instead" is a what-if, not a claim about the answers.
        .replaceAll(r.change ? spec.question.get(r.change.question)!.options.find((o) => o.value === r.change!.value)!.label.toLowerCase() : '\u0000', '');
      for (const q of QUESTION_IDS) {
        const option = spec.question.get(q)!.options.find((o) => o.value === answers[q])!;
        expect(option.conflicts.length, `${q}=${option.value} lists no conflicting phrases`).toBeGreaterThan(0);
        for (const phrase of option.conflicts) expect(said.includes(phrase.toLowerCase()), `"${phrase}" said to ${show(answers, fn)}`).toBe(false);
      }
    }
  });

  it('lists one to five challenges, most important first, each with why it applies', () => {
    for (const { answers, fn, r } of RESULTS) {
      expect(r.challenges.length, show(answers, fn)).toBeGreaterThanOrEqual(1);
      expect(r.challenges.length).toBeLessThanOrEqual(MAX_CHALLENGES);
      expect(r.fits.map((f) => f.id)).toEqual(r.challenges);
      expect(new Set(r.challenges).size).toBe(r.challenges.length);
      for (let i = 1; i < r.fits.length; i++) expect(r.fits[i - 1]!.priority).toBeGreaterThanOrEqual(r.fits[i]!.priority);
      for (const f of r.fits) {
        expect(f.why.length).toBeGreaterThan(20);
        expect(f.mitigation.length).toBeGreaterThan(20);
      }
    }
  });

  it('never offshores heavily regulated work: at most a blend that keeps every regulated step at home', () => {
    for (const { answers, r } of RESULTS.filter(({ answers }) => answers.regulation === 'heavy')) {
      expect(ABROAD, show(answers)).not.toContain(r.recommendation);
      if (r.recommendation === 'hybrid') expect(r.split).toBe(spec.rules.hybrid_splits[0]!.text);
    }
    expect(RESULTS.some(({ answers, r }) => answers.regulation === 'heavy' && r.recommendation === 'hybrid')).toBe(true);
  });

  it('keeps a core function that needs close, direct control in-house unless it needs round-the-clock cover', () => {
    const sets = allAnswerSets({ core: 'core', control: 'high', coverage: 'no' });
    expect(sets).toHaveLength(3 * 3 * 2 * 2);
    for (const answers of allAnswerSets({ core: 'core', control: 'high', coverage: 'yes' })) {
      expect(recommend(spec, answers).recommendation, show(answers)).toBe(answers.regulation === 'heavy' ? 'keep-in-house' : 'hybrid');
    }
    for (const answers of sets) expect(recommend(spec, answers).recommendation, show(answers)).toBe('keep-in-house');
  });

  it('never sends nine-to-five work abroad unless cost is critical ("the time zone advantage might not be worth the complications")', () => {
    for (const { answers, r } of RESULTS.filter(({ answers }) => answers.coverage === 'no' && answers.budget !== 'critical')) {
      expect(ABROAD, show(answers)).not.toContain(r.recommendation);
    }
  });

  it('never sets up your own team abroad for a short-term need (the savings come "down the road")', () => {
    for (const { answers, r } of RESULTS.filter(({ answers }) => answers.horizon === 'short')) expect(r.recommendation, show(answers)).not.toBe('offshore-captive');
  });

  it('reaches every recommendation from some combination', () => {
    expect([...new Set(RESULTS.map(({ r }) => r.recommendation))].sort()).toEqual([...OUTCOME_IDS].sort());
  });

  it('always names a runner-up different from the recommendation', () => {
    for (const { answers, r } of RESULTS) {
      expect(r.runnerUp, show(answers)).not.toBe(r.recommendation);
      expect(OUTCOME_IDS).toContain(r.runnerUp);
    }
  });

  it('explains which part goes where for a blend, and only for a blend', () => {
    for (const { r } of RESULTS) expect(r.split !== undefined).toBe(r.recommendation === 'hybrid');
  });
});

describe('challenges apply only where these answers make them matter', () => {
  const has = (r: Recommendation, id: string) => r.challenges.includes(id);

  it('has all eight contract challenges in the content', () => {
    const ids = spec.challenges.map((c) => c.id);
    expect(REQUIRED_CHALLENGE_IDS).toHaveLength(8);
    for (const id of REQUIRED_CHALLENGE_IDS) expect(ids).toContain(id);
  });

  it('raises time zones, culture and language only where the work crosses borders', () => {
    for (const { answers, r } of RESULTS.filter(({ r }) => AT_HOME.includes(r.recommendation))) {
      for (const id of ['time-zone-gaps', 'cultural-differences', 'language-barriers']) expect(has(r, id), `${id} for ${show(answers)}`).toBe(false);
    }
  });

  it('puts language and culture high for customer-facing work abroad', () => {
    for (const { r } of RESULTS.filter(({ fn, r }) => fn === 'customer-support' && ABROAD.includes(r.recommendation))) {
      expect(r.challenges.slice(0, 3)).toContain('language-barriers');
    }
  });

  it('warns a business-hours team abroad about the time-zone gap first among the offshoring hurdles, and says why', () => {
    for (const { r } of RESULTS.filter(({ answers, r }) => answers.coverage === 'no' && ABROAD.includes(r.recommendation))) {
      const fit = r.fits.find((f) => f.id === 'time-zone-gaps');
      expect(fit?.why).toMatch(/business hours/);
    }
  });

  it('raises staffing nights and weekends when the work stays at home with 24/7 coverage, and only then', () => {
    for (const { answers, r } of RESULTS) {
      expect(has(r, 'round-the-clock-staffing'), show(answers)).toBe(answers.coverage === 'yes' && AT_HOME.includes(r.recommendation));
    }
  });

  it('raises set-up and local law for your own team abroad, never dependency on a partner or loss of control', () => {
    const captives = RESULTS.filter(({ r }) => r.recommendation === 'offshore-captive');
    expect(captives.length).toBeGreaterThan(0);
    for (const { r } of captives) {
      expect(r.challenges.slice(0, 2)).toEqual(expect.arrayContaining(['setup-complexity']));
      expect(has(r, 'regulatory-compliance')).toBe(true);
      expect(has(r, 'vendor-dependency')).toBe(false);
      expect(has(r, 'loss-of-control')).toBe(false);
    }
  });

  it('lists the partner risks (quality, dependency, control) only when a partner does the work', () => {
    for (const { answers, r } of RESULTS.filter(({ r }) => !PARTNER.includes(r.recommendation))) {
      for (const id of ['quality-control', 'vendor-dependency', 'loss-of-control']) expect(has(r, id), `${id} for ${show(answers)}`).toBe(false);
    }
  });

  it('raises loss of control only for someone who wants control', () => {
    for (const { answers, r } of RESULTS.filter(({ r }) => has(r, 'loss-of-control'))) expect(answers.control, show(answers)).not.toBe('low');
  });

  it('lists regulatory compliance for a domestic partner exactly when the work is heavily or somewhat regulated', () => {
    const domestic = RESULTS.filter(({ r }) => r.recommendation === 'outsource-domestic');
    for (const { answers, r } of domestic) expect(has(r, 'regulatory-compliance'), show(answers)).toBe(answers.regulation !== 'light');
  });

  it('gives a blend the coordination between its two parts', () => {
    for (const { r } of RESULTS.filter(({ r }) => r.recommendation === 'hybrid')) expect(has(r, 'coordination')).toBe(true);
  });
});

describe('how the recommendation explains itself', () => {
  it('states the rule that decided when a hard rule applies', () => {
    expect(recommend(spec, HAPPY['keep-in-house']!).rule).toMatchObject({ decided: true });
    expect(recommend(spec, HAPPY.hybrid!).rule).toMatchObject({ id: 'core-round-the-clock', decided: true });
    const heavy = recommend(spec, profile('non-core critical no medium heavy lack long'));
    expect(heavy.rule).toMatchObject({ id: 'heavy-regulation-stays-home', decided: false });
  });

  it('names a single answer change that really gives the outcome it promises', () => {
    let withChange = 0;
    for (const answers of ALL) {
      const r = recommend(spec, answers);
      if (!r.change) continue;
      withChange++;
      expect(QUESTION_VALUES[r.change.question] as readonly string[]).toContain(r.change.value);
      expect(r.change.value).not.toBe(answers[r.change.question]);
      const changed = recommend(spec, { ...answers, [r.change.question]: r.change.value } as Answers);
      expect(changed.recommendation, `${show(answers)} with ${r.change.question}=${r.change.value}`).toBe(r.change.outcome);
    }
    expect(withChange).toBeGreaterThan(ALL.length / 2);
  });

  it('offers no change only when no single answer change would change the recommendation', () => {
    for (const answers of ALL) {
      const r = recommend(spec, answers);
      if (r.change) continue;
      for (const q of QUESTION_IDS) for (const v of QUESTION_VALUES[q]) expect(recommend(spec, { ...answers, [q]: v } as Answers).recommendation).toBe(r.recommendation);
    }
  });

  it('gives deep-equal results for the same answers, every time', () => {
    for (const answers of [...Object.values(HAPPY), ...ALL.filter((_, i) => i % 17 === 0)]) {
      expect(recommend(spec, { ...answers })).toEqual(recommend(spec, { ...answers }));
    }
  });
});

function stateFor(answers: Answers, fn?: string) {
  return {
    team: 'T1', channel: 'C1', thread: '1.0', id: 'iv1', starter: 'U1', status: 'done' as const, step: null,
    answers: { ...answers, ...(fn ? { function: fn } : {}) }, functionLabel: fn ? 'Customer support' : null,
    history: [], changing: false, version: 9, createdAt: 0, updatedAt: 0, expiresAt: 0,
  };
}

describe('validateAnswers', () => {
  const full: Record<string, string> = { ...HAPPY['offshore-outsourcing']! };

  it('accepts a full set of answers (and an optional function) and returns exactly the seven answers', () => {
    expect(validateAnswers(full, copy)).toEqual(full);
    expect(validateAnswers({ ...full, function: 'customer-support' }, copy)).toEqual(full);
  });

  it.each(QUESTION_IDS.map((q) => [q]))('rejects a missing answer for %s, naming the question and its allowed values', (q) => {
    const input = { ...full };
    delete input[q];
    const err = badInput(() => validateAnswers(input, copy));
    expect(err.message).toContain(`"${q}"`);
    for (const v of QUESTION_VALUES[q as QuestionId]) expect(err.message).toContain(v);
  });

  it('treats an empty answer as missing', () => {
    const err = badInput(() => validateAnswers({ ...full, budget: '' }, copy));
    expect(err.message).toMatch(/Missing answer for "budget"/);
  });

  it.each(QUESTION_IDS.map((q) => [q]))('rejects an invalid value for %s, naming the question and listing the allowed values', (q) => {
    const err = badInput(() => validateAnswers({ ...full, [q]: 'maybe' }, copy));
    expect(err.message).toContain('"maybe"');
    expect(err.message).toContain(`"${q}"`);
    expect(err.message).toContain(QUESTION_VALUES[q as QuestionId].join(', '));
  });

  it('rejects an unknown question, naming it and the questions there are', () => {
    const err = badInput(() => validateAnswers({ ...full, mood: 'happy' }, copy));
    expect(err.message).toContain('"mood"');
    for (const q of QUESTION_IDS) expect(err.message).toContain(q);
  });
});
