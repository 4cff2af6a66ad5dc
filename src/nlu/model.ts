/**
 * A softmax (multinomial logistic) regression over sparse text features: stems and stem bigrams, each weighted by
 * inverse document frequency, L2-normalised. Trained deterministically with AdaGrad, so the same data always gives
 * the same weights (which is what lets them be cached). Words never seen in training count in the vector's length
 * but carry no weight, so a question mostly about something else comes out unsure.
 */
import { createHash } from 'node:crypto';

export interface ModelOptions {
  /** Weight of bigram features relative to unigrams. */
  readonly bigramWeight: number;
  /** Training passes over the examples. */
  readonly epochs: number;
  /** AdaGrad step size. */
  readonly learningRate: number;
  /** L2 regularisation. */
  readonly l2: number;
  /** Weight of a word never seen in training, relative to the rarest seen word. */
  readonly unknownWeight: number;
  /** How far each class's examples are weighted towards equal totals (0: as they come, 1: balanced). */
  readonly balance: number;
}

/** What training produces, so a later start can skip it (see src/knowledge/cache.ts). */
export interface TrainedWeights {
  /** Identifies the features, classes and options the weights belong to; weights for anything else are ignored. */
  readonly signature: string;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export interface Prediction {
  /** Probability of each label, in `labels` order. */
  readonly p: Float64Array;
  /** Share of the question's weight carried by words never seen in training (0..1). */
  readonly unknownShare: number;
  /** Whether any of the question's features is known. */
  readonly known: boolean;
}

export interface Model {
  readonly labels: readonly string[];
  predict(stems: readonly string[]): Prediction;
  trained(): TrainedWeights;
}

/** Unigrams and bigrams of a stem sequence. */
export function features(stems: readonly string[]): string[] {
  const f = new Set<string>(stems);
  for (let i = 0; i + 1 < stems.length; i++) f.add(`${stems[i]} ${stems[i + 1]}`);
  return [...f];
}

/** Trains a model, or takes its weights from `cached` when one there was trained on the same data and options. */
export function trainModel(data: ReadonlyArray<{ readonly stems: readonly string[]; readonly label: string }>, opts: ModelOptions, cached: readonly TrainedWeights[] = []): Model {
  const exampleFeatures = data.map((d) => features(d.stems));
  const df = new Map<string, number>();
  for (const fs of exampleFeatures) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  const n = data.length;
  const featureIndex = new Map<string, number>();
  const featureWeight: number[] = [];
  for (const [f, count] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    featureIndex.set(f, featureWeight.length);
    featureWeight.push((f.includes(' ') ? opts.bigramWeight : 1) * (Math.log((n + 1) / (count + 1)) + 1));
  }
  const unseenWeight = (Math.log(n + 1) + 1) * opts.unknownWeight;
  const labels = [...new Set(data.map((d) => d.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const C = labels.length;
  const F = featureWeight.length;

  function vectorise(fs: readonly string[]): { idx: number[]; val: number[]; unknownShare: number } {
    const idx: number[] = [];
    const val: number[] = [];
    let known = 0;
    let unknown = 0;
    for (const f of fs) {
      const i = featureIndex.get(f);
      if (i !== undefined) {
        idx.push(i);
        val.push(featureWeight[i]!);
        known += featureWeight[i]! ** 2;
      } else if (!f.includes(' ')) unknown += unseenWeight ** 2;
    }
    const len = Math.sqrt(known + unknown) || 1;
    for (let k = 0; k < val.length; k++) val[k]! /= len;
    return { idx, val, unknownShare: known + unknown > 0 ? unknown / (known + unknown) : 1 };
  }

  const signature = createHash('sha256')
    .update(JSON.stringify({ layout: 'feature-major', labels, features: [...featureIndex.keys()], examples: data.map((d) => d.label), opts }))
    .digest('hex');
  const reuse = cached.find((c) => c.signature === signature && c.weights.length === C * F && c.bias.length === C);
  // Feature-major (W[feature * C + class]): a question touches a few features, whose class weights sit together.
  const W = reuse ? reuse.weights : new Float64Array(C * F);
  const bias = reuse ? reuse.bias : new Float64Array(C);

  function softmax(x: { idx: number[]; val: number[] }, out: Float64Array): Float64Array {
    for (let c = 0; c < C; c++) out[c] = bias[c]!;
    for (let k = 0; k < x.idx.length; k++) {
      const base = x.idx[k]! * C;
      const v = x.val[k]!;
      for (let c = 0; c < C; c++) out[c]! += W[base + c]! * v;
    }
    let maxZ = -Infinity;
    for (let c = 0; c < C; c++) if (out[c]! > maxZ) maxZ = out[c]!;
    let sum = 0;
    for (let c = 0; c < C; c++) sum += out[c] = Math.exp(out[c]! - maxZ);
    for (let c = 0; c < C; c++) out[c]! /= sum;
    return out;
  }

  if (!reuse) {
    const counts = new Array<number>(C).fill(0);
    for (const d of data) counts[labelIndex.get(d.label)!]!++;
    // A class with many examples would otherwise win every unsure question by its prior alone.
    const classWeight = counts.map((k) => (n / (C * k)) ** opts.balance);
    const xs = exampleFeatures.map((fs, i) => {
      const y = labelIndex.get(data[i]!.label)!;
      return { x: vectorise(fs), y, w: classWeight[y]! };
    });
    const gW = new Float64Array(C * F).fill(1e-8);
    const gB = new Float64Array(C).fill(1e-8);
    const z = new Float64Array(C);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (const { x, y, w } of xs) {
        softmax(x, z);
        for (let c = 0; c < C; c++) {
          const err = (z[c]! - (c === y ? 1 : 0)) * w;
          for (let k = 0; k < x.idx.length; k++) {
            const at = x.idx[k]! * C + c;
            const g = err * x.val[k]! + opts.l2 * W[at]!;
            gW[at]! += g * g;
            W[at]! -= (opts.learningRate * g) / Math.sqrt(gW[at]!);
          }
          gB[c]! += err * err;
          bias[c]! -= (opts.learningRate * err) / Math.sqrt(gB[c]!);
        }
      }
    }
  }

  return {
    labels,
    predict(stems) {
      const x = vectorise(features(stems));
      return { p: softmax(x, new Float64Array(C)), unknownShare: x.unknownShare, known: x.idx.length > 0 };
    },
    trained: () => ({ signature, weights: W, bias }),
  };
}
