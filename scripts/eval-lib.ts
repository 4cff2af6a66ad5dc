/** Shared pieces of `npm run eval` and `npm run bench`: the held-out set, metrics, and the NLP.js peer. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { z } from 'zod';
import type { TrainingExample } from '../src/nlu/matcher.js';

export const HeldOut = z.array(z.strictObject({ text: z.string().min(1), intent: z.string().min(1) }));
export type Labelled = z.infer<typeof HeldOut>[number];

export function loadHeldOut(path = new URL('../tests/eval/heldout.yml', import.meta.url)): Labelled[] {
  return HeldOut.parse(parse(readFileSync(path, 'utf8')));
}

export interface Prediction {
  readonly gold: string;
  readonly predicted: string;
  readonly text: string;
}

export interface Metrics {
  readonly n: number;
  readonly inScope: number;
  readonly outOfScope: number;
  /** In-scope items whose top intent is right. */
  readonly top1: number;
  /** Of items predicted out of scope, the share that are. */
  readonly oosPrecision: number;
  /** Of out-of-scope items, the share predicted out of scope. */
  readonly oosRecall: number;
  /** In-scope items wrongly rejected as out of scope. */
  readonly inScopeRejected: number;
  readonly confused: Array<{ gold: string; predicted: string; count: number }>;
  readonly errors: Prediction[];
}

export function metrics(preds: readonly Prediction[]): Metrics {
  const ins = preds.filter((p) => p.gold !== 'none');
  const oos = preds.filter((p) => p.gold === 'none');
  const predictedNone = preds.filter((p) => p.predicted === 'none');
  const pairs = new Map<string, number>();
  const errors = preds.filter((p) => p.gold !== p.predicted);
  for (const e of errors) pairs.set(`${e.gold}\t${e.predicted}`, (pairs.get(`${e.gold}\t${e.predicted}`) ?? 0) + 1);
  return {
    n: preds.length,
    inScope: ins.length,
    outOfScope: oos.length,
    top1: ins.filter((p) => p.predicted === p.gold).length / Math.max(1, ins.length),
    oosPrecision: predictedNone.length ? predictedNone.filter((p) => p.gold === 'none').length / predictedNone.length : 1,
    oosRecall: oos.length ? oos.filter((p) => p.predicted === 'none').length / oos.length : 1,
    inScopeRejected: ins.filter((p) => p.predicted === 'none').length / Math.max(1, ins.length),
    confused: [...pairs]
      .map(([k, count]) => {
        const [gold, predicted] = k.split('\t') as [string, string];
        return { gold, predicted, count };
      })
      .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold)),
    errors,
  };
}

/** Deterministic stratified folds: within each intent, example i goes to fold i mod k. */
export function folds<T extends { intent: string }>(items: readonly T[], k: number): T[][] {
  const out: T[][] = Array.from({ length: k }, () => []);
  const seen = new Map<string, number>();
  for (const item of items) {
    const i = seen.get(item.intent) ?? 0;
    out[i % k]!.push(item);
    seen.set(item.intent, i + 1);
  }
  return out;
}

export interface Classifier {
  classify(text: string): Promise<string> | string;
}

/** NLP.js (node-nlp), trained on the same examples; its `None` is our `none`. */
export async function trainNlpJs(examples: readonly TrainingExample[]): Promise<Classifier & { process(text: string): Promise<{ intent: string; score: number }> }> {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require('node-nlp') as {
    NlpManager: new (o: object) => {
      addDocument(lang: string, text: string, intent: string): void;
      train(): Promise<void>;
      process(lang: string, text: string): Promise<{ intent: string; score: number }>;
    };
  };
  const manager = new NlpManager({ languages: ['en'], forceNER: false, autoSave: false, nlu: { log: false, useNoneFeature: true }, ner: { builtins: [] } });
  for (const ex of examples) manager.addDocument('en', ex.text, ex.intent);
  await manager.train();
  const process = async (text: string) => {
    const r = await manager.process('en', text);
    return { intent: r.intent === 'None' ? 'none' : r.intent, score: r.score };
  };
  return { process, classify: async (text) => (await process(text)).intent };
}

export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
