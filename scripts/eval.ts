/**
 * `npm run eval`: how well the matcher understands questions, next to NLP.js trained on the same examples,
 * in the same run. Prints k-fold cross-validation over intents/ and the held-out set in tests/eval/, with
 * top-1 accuracy, out-of-scope precision and recall, in-scope rejections, the most confused pairs and the
 * misclassified phrases. `--json FILE` also writes the figures.
 */
import { writeFileSync } from 'node:fs';
import { loadCatalogue, matcherContent } from '../src/knowledge/load.js';
import { createMatcher } from '../src/nlu/matcher.js';
import { folds, loadHeldOut, metrics, pct, trainNlpJs, type Metrics, type Prediction } from './eval-lib.js';

// NLP.js prints training progress through console.log; keep our output readable.
const quiet = async <T>(fn: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
};

const K = 5;
const catalogue = loadCatalogue();
const content = matcherContent(catalogue);
const examples = content.examples;
const heldOut = loadHeldOut();

async function crossValidate(): Promise<{ ours: Metrics; nlpjs: Metrics }> {
  const parts = folds(examples, K);
  const ours: Prediction[] = [];
  const theirs: Prediction[] = [];
  for (let i = 0; i < K; i++) {
    const train = parts.flatMap((p, j) => (j === i ? [] : p));
    const test = parts[i]!;
    const m = createMatcher({ ...content, examples: train });
    const nlp = await quiet(() => trainNlpJs(train));
    for (const ex of test) {
      ours.push({ gold: ex.intent, predicted: m.match(ex.text).intent, text: ex.text });
      theirs.push({ gold: ex.intent, predicted: await nlp.classify(ex.text), text: ex.text });
    }
  }
  return { ours: metrics(ours), nlpjs: metrics(theirs) };
}

async function heldOutEval(): Promise<{ ours: Metrics; nlpjs: Metrics; usPerQuery: number; nlpUsPerQuery: number }> {
  const m = createMatcher(content);
  const nlp = await quiet(() => trainNlpJs(examples));
  const ours: Prediction[] = [];
  const theirs: Prediction[] = [];
  let t = performance.now();
  for (const item of heldOut) ours.push({ gold: item.intent, predicted: m.match(item.text).intent, text: item.text });
  const usPerQuery = ((performance.now() - t) * 1000) / heldOut.length;
  t = performance.now();
  for (const item of heldOut) theirs.push({ gold: item.intent, predicted: await nlp.classify(item.text), text: item.text });
  const nlpUsPerQuery = ((performance.now() - t) * 1000) / heldOut.length;
  return { ours: metrics(ours), nlpjs: metrics(theirs), usPerQuery, nlpUsPerQuery };
}

function table(title: string, ours: Metrics, nlpjs: Metrics): string {
  const row = (name: string, a: string, b: string) => `  ${name.padEnd(34)} ${a.padStart(10)} ${b.padStart(10)}`;
  return [
    `${title} (${ours.inScope} in scope, ${ours.outOfScope} out of scope)`,
    row('', 'ours', 'NLP.js'),
    row('in-scope top-1 accuracy', pct(ours.top1), pct(nlpjs.top1)),
    row('out-of-scope precision', pct(ours.oosPrecision), pct(nlpjs.oosPrecision)),
    row('out-of-scope recall', pct(ours.oosRecall), pct(nlpjs.oosRecall)),
    row('in-scope questions rejected', pct(ours.inScopeRejected), pct(nlpjs.inScopeRejected)),
  ].join('\n');
}

function confusions(title: string, m: Metrics, n = 8): string {
  if (m.confused.length === 0) return `${title}: none`;
  return [`${title}:`, ...m.confused.slice(0, n).map((c) => `  ${String(c.count).padStart(3)}  ${c.gold} -> ${c.predicted}`)].join('\n');
}

const cv = await crossValidate();
const ho = await heldOutEval();
console.log(`Sourcing Advisor matcher evaluation: ${examples.length} training examples in ${catalogue.intents.size} intents\n`);
console.log(table(`${K}-fold cross-validation over intents/`, cv.ours, cv.nlpjs));
console.log();
console.log(table('Held-out set tests/eval/heldout.yml', ho.ours, ho.nlpjs));
console.log(`  ${'mean time per query'.padEnd(34)} ${`${ho.usPerQuery.toFixed(1)} µs`.padStart(10)} ${`${ho.nlpUsPerQuery.toFixed(1)} µs`.padStart(10)}`);
console.log();
console.log(confusions('Most confused pairs, cross-validation (gold -> predicted)', cv.ours));
console.log(confusions('Most confused pairs, held-out (gold -> predicted)', ho.ours));
console.log('\nMisclassified held-out phrases (ours):');
for (const e of ho.ours.errors) console.log(`  [${e.gold} -> ${e.predicted}] ${e.text}`);

const goals = {
  top1: ho.ours.top1 >= 0.95,
  oosRecall: ho.ours.oosRecall >= 0.9,
  rejected: ho.ours.inScopeRejected < 0.03,
  aheadOfNlpJs: ho.ours.top1 > ho.nlpjs.top1 && ho.ours.oosRecall >= ho.nlpjs.oosRecall,
};
console.log(`\nGoals on the held-out set: top-1 >= 95%: ${goals.top1 ? 'met' : 'MISSED'}; out-of-scope recall >= 90%: ${goals.oosRecall ? 'met' : 'MISSED'}; in-scope rejected < 3%: ${goals.rejected ? 'met' : 'MISSED'}; ahead of NLP.js: ${goals.aheadOfNlpJs ? 'yes' : 'NO'}`);

const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0 && process.argv[jsonAt + 1]) {
  const strip = (m: Metrics) => ({ ...m, errors: m.errors.length, confused: m.confused.slice(0, 10) });
  writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify({ crossValidation: { ours: strip(cv.ours), nlpjs: strip(cv.nlpjs) }, heldOut: { ours: strip(ho.ours), nlpjs: strip(ho.nlpjs), usPerQuery: ho.usPerQuery, nlpUsPerQuery: ho.nlpUsPerQuery }, goals }, null, 2));
}
