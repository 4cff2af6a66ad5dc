/**
 * Whether the content says something for every answer of every recommendation it can give: each of the 432
 * answer combinations is decided, and each answer must have a sentence for the outcome decided (its own, or the
 * option's neutral one where the answer does not tip it). Run by the content lint and at startup.
 */
import { outcomeFor, reasoningText, type Answers } from './decide.js';
import { QUESTION_IDS, QUESTION_VALUES, type OutcomeId, type QuestionId } from './schema.js';
import type { InterviewSpec } from './spec.js';

/** Every full combination of the seven answers, optionally with some fixed. */
export function allAnswers(fixed: Partial<Record<QuestionId, string>> = {}): Answers[] {
  let sets: Array<Record<string, string>> = [{}];
  for (const q of QUESTION_IDS) {
    const values = fixed[q] !== undefined ? [fixed[q]!] : [...QUESTION_VALUES[q]];
    sets = sets.flatMap((s) => values.map((v) => ({ ...s, [q]: v })));
  }
  return sets as Answers[];
}

export interface Unsaid {
  readonly question: QuestionId;
  readonly value: string;
  readonly outcome: OutcomeId;
  /** The answers that reach it, as `q=v …`. */
  readonly example: string;
}

/** The first answer that has nothing to say for an outcome it can lead to, or undefined when none. */
export function missingReasoning(spec: InterviewSpec): Unsaid | undefined {
  const seen = new Set<string>();
  for (const answers of allAnswers()) {
    const outcome = outcomeFor(spec, answers);
    for (const q of QUESTION_IDS) {
      const key = `${q}=${answers[q]}>${outcome}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (reasoningText(spec, q, answers[q], outcome) === undefined) {
        return { question: q, value: answers[q], outcome, example: QUESTION_IDS.map((x) => `${x}=${answers[x]}`).join(' ') };
      }
    }
  }
  return undefined;
}
