/**
 * The recommendation: a pure function of the seven answers and the rules in `intents/interview/rules.yml`.
 * Ordered hard rules come first; otherwise the weights decide. It also explains itself: the answers that drove
 * it, the runner-up, the single answer that would change it, and the challenges that apply to these answers.
 * Every answer gets a role (for, against, neutral: the sign of its weight for the outcome) and the sentence the
 * content gives it for that outcome, so nothing said is fixed regardless of the answers.
 */
import { AppError } from '../errors/index.js';
import { holds, NEUTRAL, RECOMMENDATION, type InterviewSpec } from './spec.js';
import { fill, type Copy } from '../knowledge/copy.js';
import { OUTCOME_IDS, QUESTION_IDS, QUESTION_VALUES, type OutcomeId, type QuestionId } from './schema.js';

export type Answers = Readonly<Record<QuestionId, string>>;

/** How an answer weighs on the recommendation: it argues for it, pulls against it, or does not tip it. */
export type Role = 'for' | 'against' | 'neutral';

/** One answer as the recommendation weighs it. */
export interface Considered {
  readonly question: QuestionId;
  readonly value: string;
  readonly role: Role;
  /** The sentence shown for it: why it argues for the outcome, or what pulls the other way and how to handle it. */
  readonly text: string;
  /** What the answer adds to the recommended outcome's score. */
  readonly weight: number;
}

export interface Reason {
  readonly question: QuestionId;
  readonly value: string;
  readonly text: string;
}

export interface ChangeHint {
  readonly question: QuestionId;
  readonly value: string;
  readonly outcome: OutcomeId;
}

/** A challenge that matters with these answers, and why. */
export interface ChallengeFit {
  readonly id: string;
  readonly why: string;
  /** How to manage it with these answers. */
  readonly mitigation: string;
  readonly priority: number;
}

export interface Recommendation {
  readonly recommendation: OutcomeId;
  readonly runnerUp: OutcomeId;
  /** The rule that decided (`decided`), or else the first that took options out of consideration. */
  readonly rule?: { id: string; reason: string; decided: boolean };
  /** Every answer, in question order, with its role and sentence. */
  readonly considered: readonly Considered[];
  /** The answers that argue hardest for the recommendation, strongest first (at most three). */
  readonly reasons: readonly Reason[];
  /** Every answer that pulls against the recommendation, strongest first. */
  readonly tensions: readonly Considered[];
  /** The smallest change of one answer that changes the recommendation (preferring one that gives the runner-up). */
  readonly change?: ChangeHint;
  /** Ids of the challenges that matter with these answers, most important first (one to five). */
  readonly challenges: readonly string[];
  /** The same challenges, with why each applies. */
  readonly fits: readonly ChallengeFit[];
  /** For `hybrid`: which part goes where. */
  readonly split?: string;
  readonly scores: Readonly<Record<OutcomeId, number>>;
}

/** How many challenges a recommendation lists, at most. */
export const MAX_CHALLENGES = 5;
/** How many reasons for it are named, at most. */
export const MAX_REASONS = 3;

/** Why a set of answers does not meet the contract. */
export type AnswerProblem =
  | { readonly kind: 'missing'; readonly question: QuestionId }
  | { readonly kind: 'invalid'; readonly question: QuestionId; readonly value: string }
  | { readonly kind: 'unknown'; readonly question: string };

/** Checks a full set of answers against the contract (the seven questions, an optional `function`). */
export function checkAnswers(input: Readonly<Record<string, string | undefined>>): { ok: true; answers: Answers } | { ok: false; problem: AnswerProblem } {
  const out: Partial<Record<QuestionId, string>> = {};
  for (const q of QUESTION_IDS) {
    const v = Object.hasOwn(input, q) ? input[q] : undefined;
    if (v === undefined || v === '') return { ok: false, problem: { kind: 'missing', question: q } };
    if (!(QUESTION_VALUES[q] as readonly string[]).includes(v)) return { ok: false, problem: { kind: 'invalid', question: q, value: v } };
    out[q] = v;
  }
  for (const k of Object.keys(input)) {
    if (!(QUESTION_IDS as string[]).includes(k) && k !== 'function') return { ok: false, problem: { kind: 'unknown', question: k } };
  }
  return { ok: true, answers: out as Answers };
}

/** The sentence that names a problem with answers, the question and its allowed values. */
export function describeProblem(copy: Copy['cli'], p: AnswerProblem): string {
  switch (p.kind) {
    case 'missing':
      return fill(copy.missing, { question: p.question, values: QUESTION_VALUES[p.question].join('|') });
    case 'invalid':
      return fill(copy.invalid, { value: p.value, question: p.question, values: QUESTION_VALUES[p.question].join(', ') });
    case 'unknown':
      return fill(copy.unknown_question, { question: p.question, questions: QUESTION_IDS.join(', ') });
  }
}

/** The answers, checked; throws `AppError('bad_input')` with the sentence that names the problem. */
export function validateAnswers(input: Readonly<Record<string, string | undefined>>, copy: Copy['cli']): Answers {
  const r = checkAnswers(input);
  if (!r.ok) throw new AppError('bad_input', describeProblem(copy, r.problem));
  return r.answers;
}

interface Core {
  winner: OutcomeId;
  ranked: OutcomeId[];
  scores: Record<OutcomeId, number>;
  rule?: { id: string; reason: string; decided: boolean };
}

function scoresOf(spec: InterviewSpec, q: QuestionId, value: string): Readonly<Record<string, number>> {
  return spec.rules.weights[q]?.[value]?.scores ?? {};
}

function decideCore(spec: InterviewSpec, answers: Answers): Core {
  const scores = Object.fromEntries(OUTCOME_IDS.map((o) => [o, 0])) as Record<OutcomeId, number>;
  for (const q of QUESTION_IDS) {
    const w = scoresOf(spec, q, answers[q]);
    for (const o of OUTCOME_IDS) scores[o] += w[o] ?? 0;
  }
  const excluded = new Set<string>();
  let forced: { id: string; reason: string; recommend: OutcomeId } | undefined;
  let excludingRule: { id: string; reason: string } | undefined;
  for (const r of spec.rules.rules) {
    if (!holds(r.when, answers)) continue;
    if (r.exclude.length) {
      r.exclude.forEach((o) => excluded.add(o));
      excludingRule ??= { id: r.id, reason: r.reason };
    }
    if (r.recommend && !excluded.has(r.recommend)) {
      forced = { id: r.id, reason: r.reason, recommend: r.recommend as OutcomeId };
      break;
    }
  }
  const order = (a: OutcomeId, b: OutcomeId) => scores[b] - scores[a] || OUTCOME_IDS.indexOf(a) - OUTCOME_IDS.indexOf(b);
  const allowed = OUTCOME_IDS.filter((o) => !excluded.has(o)).sort(order);
  const winner = forced?.recommend ?? allowed[0]!;
  const ranked = [winner, ...allowed.filter((o) => o !== winner)];
  const rule = forced ? { id: forced.id, reason: forced.reason, decided: true } : excludingRule ? { ...excludingRule, decided: false } : undefined;
  return { winner, ranked, scores, ...(rule ? { rule } : {}) };
}

/** The outcome the rules and weights choose for these answers (what `recommend` recommends). */
export function outcomeFor(spec: InterviewSpec, answers: Answers): OutcomeId {
  return decideCore(spec, answers).winner;
}

/** The role of an answer for an outcome: the sign of what it adds to that outcome's score. */
export function roleOf(weight: number): Role {
  return weight > 0 ? 'for' : weight < 0 ? 'against' : 'neutral';
}

/** The sentence an answer shows for an outcome: its own for that outcome, or the answer's neutral one. */
export function reasoningText(spec: InterviewSpec, q: QuestionId, value: string, outcome: OutcomeId): string | undefined {
  const option = spec.question.get(q)?.options.find((o) => o.value === value);
  if (!option) return undefined;
  const own = option.reasoning[outcome];
  if (own) return own;
  return roleOf(scoresOf(spec, q, value)[outcome] ?? 0) === 'neutral' ? option.reasoning[NEUTRAL] : undefined;
}

/** Every answer weighed for an outcome, in question order. Throws when the content lacks a sentence (the lint's check). */
export function consider(spec: InterviewSpec, answers: Answers, outcome: OutcomeId): Considered[] {
  return QUESTION_IDS.map((q) => {
    const weight = scoresOf(spec, q, answers[q])[outcome] ?? 0;
    const text = reasoningText(spec, q, answers[q], outcome);
    if (text === undefined) throw new AppError('content_invalid', `intents/interview/questions/${q}.yml: option "${answers[q]}" has no reasoning for "${outcome}" (or "${NEUTRAL}")`);
    return { question: q, value: answers[q], role: roleOf(weight), text, weight };
  });
}

/** The challenges that matter with these answers and this recommendation, most important first. */
export function challengesFor(spec: InterviewSpec, answers: Answers, outcome: OutcomeId): ChallengeFit[] {
  const facts: Record<string, string> = { ...answers, [RECOMMENDATION]: outcome };
  const fits: ChallengeFit[] = [];
  for (const c of spec.challenges) {
    const hit = c.applies.find((a) => holds(a.when, facts));
    if (hit) fits.push({ id: c.id, why: hit.why, mitigation: hit.mitigation ?? c.mitigation, priority: hit.priority });
  }
  return fits.sort((a, b) => b.priority - a.priority).slice(0, MAX_CHALLENGES);
}

export function recommend(spec: InterviewSpec, answers: Answers & { function?: string }): Recommendation {
  const core = decideCore(spec, answers);
  const winner = core.winner;
  const runnerUp = core.ranked[1] ?? core.ranked[0]!;
  const considered = consider(spec, answers, winner);
  const strongest = (a: Considered, b: Considered) => Math.abs(b.weight) - Math.abs(a.weight) || QUESTION_IDS.indexOf(a.question) - QUESTION_IDS.indexOf(b.question);
  const reasons = considered
    .filter((c) => c.role === 'for')
    .sort(strongest)
    .slice(0, MAX_REASONS)
    .map(({ question, value, text }) => ({ question, value, text }));
  const tensions = considered.filter((c) => c.role === 'against').sort(strongest);

  // What would change it: one answer changed, preferring a change that gives the runner-up.
  let change: ChangeHint | undefined;
  for (const q of QUESTION_IDS) {
    for (const v of QUESTION_VALUES[q]) {
      if (v === answers[q]) continue;
      const other = decideCore(spec, { ...answers, [q]: v }).winner;
      if (other === winner) continue;
      if (!change || (other === runnerUp && change.outcome !== runnerUp)) change = { question: q, value: v, outcome: other };
    }
  }

  const fits = challengesFor(spec, answers, winner);
  const split = winner === 'hybrid' ? spec.rules.hybrid_splits.find((s) => holds(s.when, answers))?.text : undefined;
  return {
    recommendation: winner,
    runnerUp,
    ...(core.rule ? { rule: core.rule } : {}),
    considered,
    reasons,
    tensions,
    ...(change ? { change } : {}),
    challenges: fits.map((f) => f.id),
    fits,
    ...(split ? { split } : {}),
    scores: core.scores,
  };
}
