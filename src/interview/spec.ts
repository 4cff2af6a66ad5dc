/**
 * Loads `intents/interview/` (questions, outcomes, challenges, rules), validates it with zod and checks that
 * every id resolves and that the public contract (question ids and values, outcome and challenge ids) holds.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors/index.js';
import { listYaml, readUnit, readYaml, type DocReader } from '../knowledge/yaml.js';
import {
  ChallengeFile,
  OUTCOME_IDS,
  OutcomeFile,
  QUESTION_IDS,
  QUESTION_VALUES,
  QuestionFile,
  REQUIRED_CHALLENGE_IDS,
  RulesFile,
  AnswersFile,
  type Condition,
  type OutcomeId,
} from './schema.js';

export interface InterviewSpec {
  /** Questions in the order they are asked (the optional `function` question first). */
  readonly questions: readonly QuestionFile[];
  readonly question: ReadonlyMap<string, QuestionFile>;
  readonly outcomes: ReadonlyMap<OutcomeId, OutcomeFile>;
  readonly challenges: readonly ChallengeFile[];
  readonly rules: RulesFile;
  /** The words typed answers share. */
  readonly answers: AnswersFile;
}

/** Loads and checks `dir` (the `intents/interview` folder); `root` is the `intents` folder, for messages. */
export function loadInterviewSpec(root: string, read: DocReader = readYaml): InterviewSpec {
  const dir = join(root, 'interview');
  const fail = (file: string, message: string): never => {
    throw new AppError('content_invalid', `intents/interview/${file}: ${message}`);
  };

  const question = new Map<string, QuestionFile>();
  for (const file of listYaml(join(dir, 'questions'))) {
    const q = readUnit(root, file, QuestionFile, read);
    if (question.has(q.id)) fail(`questions/${q.id}.yml`, `field "id": duplicate question id "${q.id}"`);
    const values = q.options.map((o) => o.value);
    if (new Set(values).size !== values.length) fail(`questions/${q.id}.yml`, 'field "options": duplicate option value');
    question.set(q.id, q);
  }
  for (const id of QUESTION_IDS) {
    const q = question.get(id) ?? fail(`questions/${id}.yml`, `required question "${id}" is missing`);
    const values = q.options.map((o) => o.value).sort();
    const expected = [...QUESTION_VALUES[id]].sort();
    if (values.join() !== expected.join()) fail(`questions/${id}.yml`, `field "options": values must be exactly ${expected.join(', ')}`);
    if ([...(q.caution ?? [])].sort().join() !== expected.join()) fail(`questions/${id}.yml`, `field "caution": list every option, most cautious first (${expected.join(', ')})`);
    if (q.scale && [...q.scale].sort().join() !== expected.join()) fail(`questions/${id}.yml`, `field "scale": list every option, most first (${expected.join(', ')})`);
  }
  for (const id of question.keys()) {
    if (id !== 'function' && !(QUESTION_IDS as string[]).includes(id)) fail(`questions/${id}.yml`, `field "id": unknown question "${id}"`);
  }

  const outcomes = new Map<OutcomeId, OutcomeFile>();
  for (const file of listYaml(join(dir, 'outcomes'))) {
    const o = readUnit(root, file, OutcomeFile, read);
    if (!(OUTCOME_IDS as readonly string[]).includes(o.id)) fail(`outcomes/${o.id}.yml`, `field "id": unknown outcome "${o.id}"`);
    outcomes.set(o.id as OutcomeId, o);
  }
  for (const id of OUTCOME_IDS) if (!outcomes.has(id)) fail(`outcomes/${id}.yml`, `required outcome "${id}" is missing`);

  const challenges: ChallengeFile[] = [];
  for (const file of listYaml(join(dir, 'challenges'))) {
    const c = readUnit(root, file, ChallengeFile, read);
    if (challenges.some((x) => x.id === c.id)) fail(`challenges/${c.id}.yml`, `field "id": duplicate challenge "${c.id}"`);
    c.applies.forEach((a, i) => checkCondition(a.when, `challenges/${c.id}.yml`, `applies.${i}.when`));
    challenges.push(c);
  }
  for (const id of REQUIRED_CHALLENGE_IDS) if (!challenges.some((c) => c.id === id)) fail(`challenges/${id}.yml`, `required challenge "${id}" is missing`);

  const rulesFile = join(dir, 'rules.yml');
  if (!existsSync(rulesFile)) fail('rules.yml', 'file is missing');
  const rules = readUnit(root, rulesFile, RulesFile, read);
  for (const [q, byValue] of Object.entries(rules.weights)) {
    if (!(QUESTION_IDS as string[]).includes(q)) fail('rules.yml', `field "weights.${q}": unknown question`);
    for (const [v, weight] of Object.entries(byValue)) {
      if (!(QUESTION_VALUES[q as keyof typeof QUESTION_VALUES] as readonly string[]).includes(v)) fail('rules.yml', `field "weights.${q}.${v}": unknown value`);
      for (const o of Object.keys(weight.scores)) if (!outcomes.has(o as OutcomeId)) fail('rules.yml', `field "weights.${q}.${v}.scores.${o}": unknown outcome`);
    }
  }
  for (const q of QUESTION_IDS) {
    for (const v of QUESTION_VALUES[q]) if (!rules.weights[q]?.[v]) fail('rules.yml', `field "weights.${q}.${v}": every answer needs its weights and the sentence they rest on`);
  }
  rules.rules.forEach((r, i) => {
    checkCondition(r.when, 'rules.yml', `rules.${i}.when`);
    if (r.recommend && !outcomes.has(r.recommend as OutcomeId)) fail('rules.yml', `field "rules.${i}.recommend": unknown outcome "${r.recommend}"`);
    r.exclude.forEach((o, j) => {
      if (!outcomes.has(o as OutcomeId)) fail('rules.yml', `field "rules.${i}.exclude.${j}": unknown outcome "${o}"`);
    });
  });
  rules.hybrid_splits.forEach((s, i) => checkCondition(s.when, 'rules.yml', `hybrid_splits.${i}.when`));

  function checkCondition(cond: Condition, file: string, field: string): void {
    for (const [q, v] of Object.entries(cond)) {
      const values =
        q === RECOMMENDATION
          ? OUTCOME_IDS
          : q === 'function'
            ? question.get('function')?.options.map((o) => o.value)
            : (QUESTION_VALUES[q as keyof typeof QUESTION_VALUES] as readonly string[] | undefined);
      if (!values) fail(file, `field "${field}.${q}": unknown question`);
      for (const one of Array.isArray(v) ? v : [v]) if (!values!.includes(one)) fail(file, `field "${field}.${q}": "${one}" is not a value of ${q}`);
    }
  }

  for (const q of question.values()) {
    // A cue pointing to two options would make the reading depend on which is listed first.
    const owner = new Map<string, string>();
    q.options.forEach((o, i) =>
      o.cues.forEach((c, j) => {
        const k = c.toLowerCase();
        const other = owner.get(k);
        if (other !== undefined && other !== o.value) fail(`questions/${q.id}.yml`, `field "options.${i}.cues.${j}": "${c}" is also a cue of "${other}"`);
        owner.set(k, o.value);
      }),
    );
    const values = new Set(q.options.map((o) => o.value));
    q.between.forEach((b, i) =>
      b.options.forEach((v, j) => {
        if (!values.has(v)) fail(`questions/${q.id}.yml`, `field "between.${i}.options.${j}": "${v}" is not an option of ${q.id}`);
      }),
    );
    q.options.forEach((o, i) => {
      for (const key of Object.keys(o.reasoning)) {
        if (key !== NEUTRAL && !outcomes.has(key as OutcomeId)) fail(`questions/${q.id}.yml`, `field "options.${i}.reasoning.${key}": not an outcome (or "${NEUTRAL}")`);
      }
    });
    const links = [['yes', q.yes], ['no', q.no], ...q.options.flatMap((o, i) => [[`options.${i}.negated`, o.negated], [`options.${i}.softened`, o.softened]] as const)] as const;
    for (const [field, v] of links) {
      if (v !== undefined && !values.has(v)) fail(`questions/${q.id}.yml`, `field "${field}": "${v}" is not an option of ${q.id}`);
    }
  }
  const answersFile = join(dir, 'answers.yml');
  if (!existsSync(answersFile)) fail('answers.yml', 'file is missing');
  const answers = readUnit(root, answersFile, AnswersFile, read);

  const questions = [...question.values()].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { questions, question, outcomes, challenges, rules, answers };
}

/** In an option's reasoning, the sentence for any outcome the answer does not tip. */
export const NEUTRAL = 'neutral';

/** In a challenge's condition, the outcome recommended (besides the answers). */
export const RECOMMENDATION = 'recommendation';

/** Whether the answers satisfy a condition (every listed question has one of the listed values). */
export function holds(cond: Condition, answers: Readonly<Record<string, string>>): boolean {
  return Object.entries(cond).every(([q, v]) => (Array.isArray(v) ? v.includes(answers[q] ?? '') : answers[q] === v));
}
