/**
 * The recommendation logic, checked against the reasoning of the seed articles ("Making the Right Decision" and
 * the benefits and challenges of outsourcing and offshoring in seed 002; hubpages on your own facility abroad).
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { recommend, validateAnswers, type Answers } from '../../src/interview/decide.js';
import { OUTCOME_IDS, QUESTION_IDS, QUESTION_VALUES, REQUIRED_CHALLENGE_IDS, type QuestionId } from '../../src/interview/schema.js';
import { AppError } from '../../src/errors/index.js';
import { allAnswerSets, HAPPY } from './answers.js';

const catalogue = loadCatalogue();
const spec = catalogue.interview;
const copy = catalogue.copy.cli;
const OFFSHORE = ['offshore-outsourcing', 'offshore-captive', 'hybrid'];
const ALL = allAnswerSets();

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

describe('what the seeds say decides the recommendation', () => {
  it('covers every combination of answers exactly once (432 sets)', () => {
    expect(ALL).toHaveLength(2 * 3 * 2 * 3 * 3 * 2 * 2);
    expect(new Set(ALL.map((a) => JSON.stringify(a))).size).toBe(ALL.length);
  });

  it('keeps a core function that needs close, direct control in-house, whatever the other answers are', () => {
    const sets = allAnswerSets({ core: 'core', control: 'high' });
    expect(sets).toHaveLength(3 * 2 * 3 * 2 * 2);
    for (const answers of sets) {
      const r = recommend(spec, answers);
      expect(r.recommendation, JSON.stringify(answers)).toBe('keep-in-house');
    }
  });

  it('never offshores heavily regulated work (no partner abroad, no own team abroad, no blend) for any of the 144 combinations', () => {
    const sets = allAnswerSets({ regulation: 'heavy' });
    expect(sets).toHaveLength(2 * 3 * 2 * 3 * 2 * 2);
    for (const answers of sets) {
      const r = recommend(spec, answers);
      expect(OFFSHORE, JSON.stringify(answers)).not.toContain(r.recommendation);
      expect(OFFSHORE, `runner-up for ${JSON.stringify(answers)}`).not.toContain(r.runnerUp);
      expect(r.rule?.id, JSON.stringify(answers)).toBeDefined();
    }
  });

  it('sends cost-critical, round-the-clock, non-core work that needs little control to a partner abroad', () => {
    const r = recommend(spec, { core: 'non-core', budget: 'critical', coverage: 'yes', control: 'low', regulation: 'light', expertise: 'lack', horizon: 'long' });
    expect(r.recommendation).toBe('offshore-outsourcing');
    const because = r.reasons.map((x) => x.question);
    expect(because).toEqual(expect.arrayContaining(['budget', 'control']));
  });

  it('recommends your own team abroad when you need some control, have the skills and plan long-term, and it keeps the control outsourcing gives up', () => {
    const captive = recommend(spec, { core: 'non-core', budget: 'critical', coverage: 'yes', control: 'medium', regulation: 'light', expertise: 'have', horizon: 'long' });
    expect(captive.recommendation).toBe('offshore-captive');
    expect(captive.challenges).not.toContain('loss-of-control');
    expect(captive.challenges).toContain('setup-complexity');

    const partner = recommend(spec, HAPPY['offshore-outsourcing']!);
    expect(partner.recommendation).toBe('offshore-outsourcing');
    expect(partner.challenges).toContain('loss-of-control');
  });

  it('never lists loss of direct control for your own team abroad, in any combination that leads there', () => {
    const captives = ALL.map((a) => recommend(spec, a)).filter((r) => r.recommendation === 'offshore-captive');
    expect(captives.length).toBeGreaterThan(0);
    for (const r of captives) expect(r.challenges).not.toContain('loss-of-control');
  });

  describe('a happy path reaches every recommendation', () => {
    it.each(OUTCOME_IDS.map((o) => [o]))('reaches %s', (outcome) => {
      const answers = HAPPY[outcome]!;
      const r = recommend(spec, answers);
      expect(r.recommendation).toBe(outcome);
      expect(spec.outcomes.get(r.recommendation)).toBeDefined();
    });

    it('explains which part goes where for a blend, and only for a blend', () => {
      const hybrid = recommend(spec, HAPPY.hybrid!);
      expect(hybrid.split).toMatch(/round the clock|time zones/);
      for (const outcome of OUTCOME_IDS.filter((o) => o !== 'hybrid')) expect(recommend(spec, HAPPY[outcome]!).split).toBeUndefined();
    });

    it('reaches every recommendation from some combination, and every combination gives a known one', () => {
      const seen = new Set(ALL.map((a) => recommend(spec, a).recommendation));
      expect([...seen].sort()).toEqual([...OUTCOME_IDS].sort());
    });
  });
});

describe('challenges apply only where they should', () => {
  const results = ALL.map((answers) => ({ answers, r: recommend(spec, answers) }));

  it('has all eight contract challenges in the content', () => {
    const ids = spec.challenges.map((c) => c.id);
    expect(REQUIRED_CHALLENGE_IDS).toHaveLength(8);
    for (const id of REQUIRED_CHALLENGE_IDS) expect(ids).toContain(id);
  });

  it('never warns about time zones, culture or language when the work stays at home (in-house or a domestic partner)', () => {
    const home = results.filter(({ r }) => r.recommendation === 'keep-in-house' || r.recommendation === 'outsource-domestic');
    expect(home.length).toBeGreaterThan(0);
    for (const { answers, r } of home) {
      for (const id of ['time-zone-gaps', 'cultural-differences', 'language-barriers']) expect(r.challenges, JSON.stringify(answers)).not.toContain(id);
    }
  });

  it('warns about the offshoring hurdles (time zones, culture, language) whenever the work goes abroad', () => {
    for (const { r } of results.filter(({ r }) => r.recommendation === 'offshore-outsourcing' || r.recommendation === 'offshore-captive')) {
      expect(r.challenges).toEqual(expect.arrayContaining(['time-zone-gaps', 'cultural-differences', 'language-barriers']));
    }
  });

  it('lists regulatory compliance for a domestic partner exactly when the work is heavily or somewhat regulated', () => {
    const domestic = results.filter(({ r }) => r.recommendation === 'outsource-domestic');
    for (const regulation of ['heavy', 'some', 'light']) expect(domestic.some(({ answers }) => answers.regulation === regulation), regulation).toBe(true);
    for (const { answers, r } of domestic) {
      expect(r.challenges.includes('regulatory-compliance'), JSON.stringify(answers)).toBe(answers.regulation !== 'light');
    }
  });

  it('lists the partner risks (quality, dependency) only when a partner does the work', () => {
    for (const { r } of results) {
      const partner = r.recommendation === 'outsource-domestic' || r.recommendation === 'offshore-outsourcing' || r.recommendation === 'hybrid';
      expect(r.challenges.includes('quality-control')).toBe(partner);
      expect(r.challenges.includes('vendor-dependency')).toBe(partner);
    }
  });

  it('only ever returns challenge ids that exist, without duplicates', () => {
    const ids = new Set(spec.challenges.map((c) => c.id));
    for (const { r } of results) {
      for (const id of r.challenges) expect(ids.has(id), id).toBe(true);
      expect(new Set(r.challenges).size).toBe(r.challenges.length);
    }
  });
});

describe('how the recommendation explains itself', () => {
  const results = ALL.map((answers) => ({ answers, r: recommend(spec, answers) }));

  it('gives reasons that name real questions with the values that were chosen, in the words of that option', () => {
    for (const { answers, r } of results) {
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(r.reasons.length).toBeLessThanOrEqual(4);
      for (const reason of r.reasons) {
        expect(QUESTION_IDS).toContain(reason.question);
        expect(reason.value).toBe(answers[reason.question]);
        const option = spec.question.get(reason.question)!.options.find((o) => o.value === reason.value)!;
        expect(reason.text).toBe(option.because);
      }
      expect(new Set(r.reasons.map((x) => x.question)).size).toBe(r.reasons.length);
    }
  });

  it('always names a runner-up different from the recommendation', () => {
    for (const { answers, r } of results) {
      expect(r.runnerUp, JSON.stringify(answers)).not.toBe(r.recommendation);
      expect(OUTCOME_IDS).toContain(r.runnerUp);
    }
  });

  it('names a single answer change that really gives the outcome it promises', () => {
    let withChange = 0;
    for (const { answers, r } of results) {
      if (!r.change) continue;
      withChange++;
      expect(QUESTION_VALUES[r.change.question] as readonly string[]).toContain(r.change.value);
      expect(r.change.value).not.toBe(answers[r.change.question]);
      expect(r.change.outcome).not.toBe(r.recommendation);
      const changed = recommend(spec, { ...answers, [r.change.question]: r.change.value } as Answers);
      expect(changed.recommendation, `${JSON.stringify(answers)} with ${r.change.question}=${r.change.value}`).toBe(r.change.outcome);
    }
    expect(withChange).toBeGreaterThan(ALL.length / 2);
  });

  it('offers no change only when no single answer change would change the recommendation', () => {
    for (const { answers, r } of results.filter(({ r }) => !r.change)) {
      for (const q of QUESTION_IDS) {
        for (const v of QUESTION_VALUES[q]) {
          expect(recommend(spec, { ...answers, [q]: v } as Answers).recommendation).toBe(r.recommendation);
        }
      }
    }
  });

  it('states the rule that decided when a hard rule applies', () => {
    expect(recommend(spec, HAPPY['keep-in-house']!).rule?.id).toMatch(/heavy-regulation|core-with-close-control/);
    expect(recommend(spec, HAPPY.hybrid!).rule?.id).toBe('core-round-the-clock');
  });

  it('gives deep-equal results for the same answers, every time', () => {
    for (const answers of [...Object.values(HAPPY), ...ALL.filter((_, i) => i % 17 === 0)]) {
      expect(recommend(spec, { ...answers })).toEqual(recommend(spec, { ...answers }));
    }
  });
});

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
