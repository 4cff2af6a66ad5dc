/**
 * The recommendation: a pure function of the seven answers and the rules in `intents/interview/rules.yml`.
 * Ordered hard rules come first; otherwise the weights decide. It also explains itself: the answers that drove
 * it, the runner-up, the single answer that would change it, and the challenges that apply to these answers.
 */
import { AppError } from '../errors/index.js';
import { holds, RECOMMENDATION, type InterviewSpec } from './spec.js';
import { fill, type Copy } from '../knowledge/copy.js';
import { OUTCOME_IDS, QUESTION_IDS, QUESTION_VALUES, type OutcomeId, type QuestionId } from './schema.js';

export type Answers = Readonly<Record<QuestionId, string>>;

export interface Reason {
  readonly question: QuestionId;
  readonly value: string;
  /** How the answer reads ("cutting cost is critical for you"). */
  readonly text: string;
}

export interface ChangeHint {
  readonly question: QuestionId;
  readonly value: string;
  readonly outcome: OutcomeId;
}

export interface Recommendation {
  readonly recommendation: OutcomeId;
  readonly runnerUp: OutcomeId;
  /** The rule that decided, if one did. */
  readonly rule?: { id: string; reason: string };
  /** The answers that pushed hardest towards the recommendation, strongest first. */
  readonly reasons: readonly Reason[];
  /** The smallest change of one answer that changes the recommendation (preferring one that gives the runner-up). */
  readonly change?: ChangeHint;
  /** Ids of the challenges that apply to this recommendation with these answers. */
  readonly challenges: readonly string[];
  /** For `hybrid`: which part goes where. */
  readonly split?: string;
  readonly scores: Readonly<Record<OutcomeId, number>>;
}

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
  rule?: { id: string; reason: string };
}

function decideCore(spec: InterviewSpec, answers: Answers): Core {
  const scores = Object.fromEntries(OUTCOME_IDS.map((o) => [o, 0])) as Record<OutcomeId, number>;
  for (const q of QUESTION_IDS) {
    const w = spec.rules.weights[q]?.[answers[q]];
    if (w) for (const o of OUTCOME_IDS) scores[o] += w[o] ?? 0;
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
  const rule = forced ? { id: forced.id, reason: forced.reason } : excludingRule;
  return { winner, ranked, scores, ...(rule ? { rule } : {}) };
}

export function recommend(spec: InterviewSpec, answers: Answers): Recommendation {
  const core = decideCore(spec, answers);
  const winner = core.winner;
  const runnerUp = core.ranked[1] ?? core.ranked[0]!;

  // Why: the answers that add most to the winner relative to the runner-up.
  const contributions = QUESTION_IDS.map((q) => {
    const w = spec.rules.weights[q]?.[answers[q]] ?? {};
    return { q, delta: (w[winner] ?? 0) - (w[runnerUp] ?? 0), own: w[winner] ?? 0 };
  })
    .filter((c) => c.own > 0)
    // Strongest first: what the answer adds to the winner, plus what it adds over the runner-up.
    .sort((a, b) => b.own + b.delta - (a.own + a.delta) || QUESTION_IDS.indexOf(a.q) - QUESTION_IDS.indexOf(b.q));
  const reasons = contributions.slice(0, 4).map(({ q }) => {
    const option = spec.question.get(q)!.options.find((o) => o.value === answers[q])!;
    return { question: q, value: answers[q], text: option.because };
  });

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

  const facts = { ...answers, [RECOMMENDATION]: winner };
  const challenges = spec.challenges
    .filter((c) => c.applies_to.includes(winner))
    .filter((c) => c.when_any.length === 0 || c.when_any.some((cond) => holds(cond, facts)))
    .map((c) => c.id);

  const split = winner === 'hybrid' ? spec.rules.hybrid_splits.find((s) => holds(s.when, answers))?.text : undefined;
  return {
    recommendation: winner,
    runnerUp,
    ...(core.rule ? { rule: core.rule } : {}),
    reasons,
    ...(change ? { change } : {}),
    challenges,
    ...(split ? { split } : {}),
    scores: core.scores,
  };
}
