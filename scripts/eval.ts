/**
 * `npm run eval`: how well Sourcing Advisor understands what people type, next to NLP.js trained on the same
 * examples, in the same run:
 *   1. k-fold cross-validation over the examples in intents/;
 *   2. each question set in tests/eval/ (see SETS in eval-lib.ts: seen sets, then the blind one): in-scope top-1,
 *      out-of-scope recall (look-alikes apart), in-scope questions rejected, and questions the content does not
 *      cover (answered with a closest topic, and saying so);
 *   3. follow-ups in a thread, read with the previous answer's topic (NLP.js sees the text alone: it has no context);
 *   4. typed interview answers (NLP.js trained per question on the same option labels and synonyms).
 * Blind sets are measured only with `--blind` (their figures, never their items; `--show-blind` lists those, which
 * makes the set a seen one): run it once, at the end, not while tuning. `--json FILE` writes the figures.
 */
import { writeFileSync } from 'node:fs';
import { loadCatalogue, matcherContent } from '../src/knowledge/load.js';
import { createMatcher, type Matcher } from '../src/nlu/matcher.js';
import { readAnswer } from '../src/interview/parse.js';
import {
  SETS,
  answerMetrics,
  folds,
  loadAnswers,
  loadFollowUps,
  loadQuestions,
  metrics,
  pct,
  trainNlpJs,
  type AnswerMetrics,
  type AnswerPrediction,
  type Metrics,
  type NlpJs,
  type Prediction,
} from './eval-lib.js';

const K = 5;
const SHOW_BLIND = process.argv.includes('--show-blind');
const BLIND = SHOW_BLIND || process.argv.includes('--blind');
const catalogue = loadCatalogue();
const content = matcherContent(catalogue);
const spec = catalogue.interview;

const row = (name: string, a: string, b: string) => `  ${name.padEnd(46)} ${a.padStart(9)} ${b.padStart(9)}`;

async function crossValidate(): Promise<{ ours: Metrics; nlpjs: Metrics }> {
  const parts = folds(content.examples, K);
  const ours: Prediction[] = [];
  const theirs: Prediction[] = [];
  for (let i = 0; i < K; i++) {
    const train = parts.flatMap((p, j) => (j === i ? [] : p));
    const m = createMatcher({ ...content, examples: train });
    const nlp = await trainNlpJs(train);
    for (const ex of parts[i]!) {
      ours.push({ gold: ex.intent, predicted: m.match(ex.text).intent, text: ex.text });
      theirs.push({ gold: ex.intent, predicted: await nlp.classify(ex.text), text: ex.text });
    }
  }
  return { ours: metrics(ours), nlpjs: metrics(theirs) };
}

/** A question's words, for telling whether a set's question is word for word one of the training examples. */
const plainWords = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const exampleTexts = new Set(content.examples.map((e) => plainWords(e.text)));

interface SetResult {
  readonly questions?: { ours: Metrics; nlpjs: Metrics; usPerQuery: number; novel: { n: number; ours: Metrics; nlpjs: Metrics } };
  readonly followups?: { ours: Metrics; nlpjs: Metrics };
  readonly answers?: { ours: AnswerMetrics; nlpjs: AnswerMetrics };
}

async function evalQuestions(path: string, m: Matcher, nlp: NlpJs): Promise<SetResult['questions']> {
  const items = loadQuestions(path);
  if (items.length === 0) return undefined;
  const ours: Prediction[] = [];
  const theirs: Prediction[] = [];
  const t = performance.now();
  for (const item of items) {
    const r = m.match(item.text);
    ours.push({ gold: item.intent, predicted: r.intent, text: item.text, ...('closest' in item ? { closest: item.closest, saidUncovered: r.uncovered !== undefined } : {}) });
  }
  const usPerQuery = ((performance.now() - t) * 1000) / items.length;
  for (const item of items) {
    theirs.push({ gold: item.intent, predicted: await nlp.classify(item.text), text: item.text, ...('closest' in item ? { closest: item.closest, saidUncovered: false } : {}) });
  }
  // The same figures on the questions that are not, word for word, a training example ("what is bpo" often is).
  const novel = (list: Prediction[]) => list.filter((_, i) => !exampleTexts.has(plainWords(items[i]!.text)));
  const novelOurs = novel(ours);
  return { ours: metrics(ours), nlpjs: metrics(theirs), usPerQuery, novel: { n: novelOurs.length, ours: metrics(novelOurs), nlpjs: metrics(novel(theirs)) } };
}

async function evalFollowUps(path: string, m: Matcher, nlp: NlpJs): Promise<SetResult['followups']> {
  const items = loadFollowUps(path);
  if (items.length === 0) return undefined;
  const ours = items.map((i) => ({ gold: i.intent, predicted: m.match(i.text, { previous: i.previous }).intent, text: `(${i.previous}) ${i.text}` }));
  const theirs: Prediction[] = [];
  for (const i of items) theirs.push({ gold: i.intent, predicted: await nlp.classify(i.text), text: `(${i.previous}) ${i.text}` });
  return { ours: metrics(ours), nlpjs: metrics(theirs) };
}

/** NLP.js per question, trained on each option's value, label and synonyms; below its threshold it reads nothing. */
async function nlpAnswerReaders(): Promise<Map<string, NlpJs>> {
  const out = new Map<string, NlpJs>();
  for (const q of spec.questions) {
    const examples = q.options.flatMap((o) => [o.value, o.value.replace(/-/g, ' '), o.label, ...o.synonyms].map((text) => ({ intent: o.value, text })));
    out.set(q.id, await trainNlpJs(examples));
  }
  return out;
}

async function evalAnswers(path: string, readers: Map<string, NlpJs>): Promise<SetResult['answers']> {
  const items = loadAnswers(path);
  if (items.length === 0) return undefined;
  const ours: AnswerPrediction[] = items.map((i) => ({ question: i.question, text: i.text, gold: i.value, predicted: readAnswer(spec.question.get(i.question)!, i.text, spec.answers) }));
  const theirs: AnswerPrediction[] = [];
  for (const i of items) {
    const r = await readers.get(i.question)!.process(i.text);
    theirs.push({ question: i.question, text: i.text, gold: i.value, predicted: r.intent === 'none' || r.score < 0.5 ? null : r.intent });
  }
  return { ours: answerMetrics(ours), nlpjs: answerMetrics(theirs) };
}

function questionTable(title: string, r: NonNullable<SetResult['questions']>): string[] {
  const { ours, nlpjs } = r;
  return [
    `${title}: ${ours.inScope} in scope, ${ours.outOfScope} out of scope (${ours.lookAlikes} look-alikes), ${ours.uncovered} not covered by the content`,
    row('', 'ours', 'NLP.js'),
    row('in-scope top-1', pct(ours.top1), pct(nlpjs.top1)),
    row(`  on the ${r.novel.ours.inScope} not word for word an example`, pct(r.novel.ours.top1), pct(r.novel.nlpjs.top1)),
    row('in-scope questions rejected as off-topic', pct(ours.inScopeRejected), pct(nlpjs.inScopeRejected)),
    row('out-of-scope recall', pct(ours.oosRecall), pct(nlpjs.oosRecall)),
    row('  of which look-alikes', pct(ours.lookAlikeRecall), pct(nlpjs.lookAlikeRecall)),
    row('out-of-scope precision', pct(ours.oosPrecision), pct(nlpjs.oosPrecision)),
    ...(ours.uncovered
      ? [row('not covered: answered with a closest topic', pct(ours.uncoveredClosest), pct(nlpjs.uncoveredClosest)), row('not covered: ...and says what the sources lack', pct(ours.uncoveredHonest), pct(nlpjs.uncoveredHonest))]
      : []),
    row('time per question', `${r.usPerQuery.toFixed(1)} µs`, ''),
  ];
}

function errorsOf(title: string, m: Metrics): string[] {
  if (m.errors.length === 0) return [];
  return [`  misread (${title}):`, ...m.errors.map((e) => `    [${e.gold} -> ${e.predicted}${e.gold === 'uncovered' ? (e.saidUncovered ? ', said so' : ', did not say so') : ''}] ${e.text}`)];
}

const out: string[] = [];
const cv = await crossValidate();
out.push(`Sourcing Advisor understanding evaluation: ${content.examples.length} training examples in ${catalogue.intents.size} intents`, '');
out.push(`${K}-fold cross-validation over intents/`, row('', 'ours', 'NLP.js'), row('top-1', pct(cv.ours.top1), pct(cv.nlpjs.top1)), '');

const matcher = createMatcher(content);
const nlp = await trainNlpJs(content.examples);
const readers = await nlpAnswerReaders();
const results: Record<string, SetResult> = {};
for (const set of SETS) {
  if ((set.kind === 'blind' && !BLIND) || set.kind === 'reserve') {
    out.push(`== ${set.name} (${set.kind}): not measured (${set.kind === 'blind' ? 'npm run eval -- --blind measures it; do that once, at the end' : 'kept unmeasured until the blind set has been acted on'})`, '');
    continue;
  }
  const r: SetResult = {
    ...(set.questions ? { questions: await evalQuestions(set.questions, matcher, nlp) } : {}),
    ...(set.followups ? { followups: await evalFollowUps(set.followups, matcher, nlp) } : {}),
    ...(set.answers ? { answers: await evalAnswers(set.answers, readers) } : {}),
  };
  results[set.name] = r;
  const show = set.listed || SHOW_BLIND;
  out.push(`== ${set.name} (${set.kind}): ${set.origin}`);
  if (r.questions) {
    out.push(...questionTable('Questions', r.questions));
    if (show) out.push(...errorsOf('questions', r.questions.ours));
  }
  if (r.followups) {
    const { ours, nlpjs } = r.followups;
    out.push(`Follow-ups in a thread: ${ours.n}`, row('', 'ours', 'NLP.js'), row('answered in the context of the thread', pct(ours.n ? 1 - ours.errors.length / ours.n : Number.NaN), pct(nlpjs.n ? 1 - nlpjs.errors.length / nlpjs.n : Number.NaN)));
    if (show) out.push(...errorsOf('follow-ups', ours));
  }
  if (r.answers) {
    const { ours, nlpjs } = r.answers;
    out.push(
      `Typed interview answers: ${ours.n}`,
      row('', 'ours', 'NLP.js'),
      row('read right (option, or "not an answer")', pct(ours.right), pct(nlpjs.right)),
      row('read as a different option', pct(ours.otherOption), pct(nlpjs.otherOption)),
      row('answers not understood (asked again)', pct(ours.missed), pct(nlpjs.missed)),
      row('non-answers taken as an option', pct(ours.falseAnswer), pct(nlpjs.falseAnswer)),
    );
    if (show && ours.errors.length) out.push('  misread (answers):', ...ours.errors.map((e) => `    [${e.question}: ${e.gold} -> ${e.predicted}] ${e.text}`));
  }
  if (!show) out.push('  (misread items not listed: this set is not tuned on; --show-blind lists them)');
  out.push('');
}
console.log(out.join('\n'));

const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0 && process.argv[jsonAt + 1]) {
  const strip = <T extends { errors: unknown[] }>(m: T) => ({ ...m, errors: m.errors.length });
  const sets = Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      {
        ...(r.questions ? { questions: { ours: strip(r.questions.ours), nlpjs: strip(r.questions.nlpjs), usPerQuery: r.questions.usPerQuery } } : {}),
        ...(r.followups ? { followups: { ours: strip(r.followups.ours), nlpjs: strip(r.followups.nlpjs) } } : {}),
        ...(r.answers ? { answers: { ours: strip(r.answers.ours), nlpjs: strip(r.answers.nlpjs) } } : {}),
      },
    ]),
  );
  writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify({ crossValidation: { ours: strip(cv.ours), nlpjs: strip(cv.nlpjs) }, sets }, null, 2));
}
