/** Shared answer sets and helpers for the interview tests (not a test file itself). */
import type { Answers } from '../../src/interview/decide.js';

/** Every full combination of the seven answers (2*3*2*3*3*2*2 = 432), optionally with some answers fixed. */
export { allAnswers as allAnswerSets } from '../../src/interview/coverage.js';

/**
 * One answer set per recommendation, each read from the seeds' "Making the Right Decision" questions:
 * - keep-in-house: core, hands-on control, heavily regulated, skills in house;
 * - outsource-domestic: the Boston startup and its local marketing agency (non-core, skills lacking, monthly
 *   check-ins, a project, cost not the main driver);
 * - offshore-outsourcing: the Philippines support centre run by a partner (non-core, cost critical, 24/7);
 * - offshore-captive: your own facility abroad, which keeps control of the workforce (medium control, skills in
 *   house, long-term, cost critical, 24/7);
 * - hybrid: core work that needs round-the-clock coverage ("a blend of both").
 */
export const HAPPY: Record<string, Answers> = {
  'keep-in-house': { core: 'core', budget: 'secondary', coverage: 'no', control: 'high', regulation: 'heavy', expertise: 'have', horizon: 'long' },
  'outsource-domestic': { core: 'non-core', budget: 'important', coverage: 'no', control: 'medium', regulation: 'light', expertise: 'lack', horizon: 'short' },
  'offshore-outsourcing': { core: 'non-core', budget: 'critical', coverage: 'yes', control: 'low', regulation: 'light', expertise: 'lack', horizon: 'long' },
  'offshore-captive': { core: 'non-core', budget: 'critical', coverage: 'yes', control: 'medium', regulation: 'light', expertise: 'have', horizon: 'long' },
  hybrid: { core: 'core', budget: 'important', coverage: 'yes', control: 'medium', regulation: 'some', expertise: 'have', horizon: 'long' },
};
