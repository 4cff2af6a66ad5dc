/**
 * Decisions a team answers together: each person's latest answer to a question is a vote; a question closes with
 * the majority answer (a tie goes to the more cautious option, by the question's `caution` order), and the
 * recommendation names every disagreement that would change it. Pure functions over the interview state.
 */
import { outcomeFor, type Answers } from './decide.js';
import { QUESTION_IDS, type OutcomeId, type QuestionId } from './schema.js';
import type { InterviewSpec } from './spec.js';

/** One person's answer to one question. */
export interface Vote {
  readonly value: string;
  /** The name typed, for a function outside the list. */
  readonly label?: string;
}

/** Votes by question, then by person, in the order people first answered. */
export type Votes = Readonly<Record<string, Readonly<Record<string, Vote>>>>;

/** The answer a question's votes give: the most votes; a tie goes to the most cautious of the tied options. */
export function resolve(spec: InterviewSpec, question: string, votes: Readonly<Record<string, Vote>>): Vote | undefined {
  const all = Object.values(votes);
  if (all.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const v of all) counts.set(v.value, (counts.get(v.value) ?? 0) + 1);
  const most = Math.max(...counts.values());
  const tied = [...counts].filter(([, n]) => n === most).map(([v]) => v);
  const caution = spec.question.get(question)?.caution ?? [];
  const rank = (v: string) => (caution.includes(v) ? caution.indexOf(v) : caution.length + all.findIndex((x) => x.value === v));
  const value = tied.sort((a, b) => rank(a) - rank(b))[0]!;
  return all.find((v) => v.value === value)!;
}

/** A question the team did not agree on. */
export interface Disagreement {
  readonly question: QuestionId;
  /** The answer that counted, and who gave it. */
  readonly chosen: string;
  readonly chosenBy: readonly string[];
  /** Another answer, and who gave it. */
  readonly value: string;
  readonly by: readonly string[];
  /** The recommendation had that answer counted instead. */
  readonly outcome: OutcomeId;
  /** Whether that changes the recommendation. */
  readonly changes: boolean;
}

/** Every answer someone gave that did not count, and what the recommendation would be if it had. */
export function disagreements(spec: InterviewSpec, answers: Answers, votes: Votes | undefined): Disagreement[] {
  if (!votes) return [];
  const current = outcomeFor(spec, answers);
  const out: Disagreement[] = [];
  for (const q of QUESTION_IDS) {
    const byUser = votes[q];
    if (!byUser) continue;
    const chosen = answers[q];
    const chosenBy = Object.keys(byUser).filter((u) => byUser[u]!.value === chosen);
    const others = new Map<string, string[]>();
    for (const [user, v] of Object.entries(byUser)) if (v.value !== chosen) others.set(v.value, [...(others.get(v.value) ?? []), user]);
    for (const [value, by] of others) {
      const outcome = outcomeFor(spec, { ...answers, [q]: value });
      out.push({ question: q, chosen, chosenBy, value, by, outcome, changes: outcome !== current });
    }
  }
  return out;
}
