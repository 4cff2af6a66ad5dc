/**
 * The intent matcher: a pure, deterministic function from text to `{ intent, confidence, alternatives }`.
 *
 * How it works: text is normalised (Slack markup, emoji, case, punctuation, hyphenation and the lexicon's
 * abbreviations), typos are corrected against the examples' vocabulary (a real English word is never "corrected"),
 * and words are Porter-stemmed. Each text becomes a sparse vector of stems and stem bigrams weighted by inverse
 * document frequency, and a softmax (multinomial logistic) regression over those vectors, trained at startup with
 * AdaGrad, scores every intent. Words never seen in training dampen confidence. A question is out of scope when the
 * `none` class outscores it, when confidence is low, or when it names no sourcing term and is not social.
 */
import { createHash } from 'node:crypto';
import { distance } from 'fastest-levenshtein';
import { stemmer } from 'stemmer';
import type { LexiconFile } from '../knowledge/schema.js';
import { NONE } from '../knowledge/contract.js';
import { compileReplacements, MAX_MATCH_CHARS, toWords } from './text.js';
import { englishWords, type WordSet } from './dictionary.js';

export interface Alternative {
  readonly intent: string;
  readonly confidence: number;
}

export interface MatchResult {
  /** The best intent, or `none` when the question is out of scope. */
  readonly intent: string;
  /** 0..1: how sure the matcher is (cosine similarity blended from nearest example and centroid). */
  readonly confidence: number;
  /** Other plausible in-scope intents, best first (at most 3). */
  readonly alternatives: readonly Alternative[];
  /** True when the best scores are close enough that the user should be asked "did you mean". */
  readonly ambiguous: boolean;
}

export interface MatcherOptions {
  /** Below this confidence the question is out of scope. */
  readonly threshold: number;
  /** Below this confidence a question that names a sourcing term is out of scope (it is lower: the term is evidence). */
  readonly domainThreshold: number;
  /** With a sourcing term present, the out-of-scope score must beat the best intent by this factor to reject. */
  readonly domainNoneFactor: number;
  /** Below this confidence (but above `threshold`) a question with no domain word is out of scope. */
  readonly domainlessThreshold: number;
  /** Alternatives within this distance of the best score make the match ambiguous. */
  readonly ambiguityMargin: number;
  /** Alternatives must reach this share of the best score to be offered. */
  readonly alternativeRatio: number;
  /** Weight of bigram features relative to unigrams. */
  readonly bigramWeight: number;
  /** Training passes over the examples. */
  readonly epochs: number;
  /** AdaGrad step size. */
  readonly learningRate: number;
  /** L2 regularisation. */
  readonly l2: number;
  /** Weight of a word never seen in training, relative to the rarest seen word (it lowers confidence). */
  readonly unknownWeight: number;
  /** Preference for a clause ending with "?" when a message has several. */
  readonly questionClauseBonus: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  threshold: 0.25,
  domainThreshold: 0.1,
  domainNoneFactor: 2,
  domainlessThreshold: 0.5,
  ambiguityMargin: 0.04,
  alternativeRatio: 0.7,
  bigramWeight: 0.3,
  epochs: 40,
  learningRate: 0.5,
  l2: 1e-5,
  unknownWeight: 0.3,
  questionClauseBonus: 0.1,
};

/** What training produces, so a later start can skip it (see src/knowledge/cache.ts). */
export interface TrainedWeights {
  /** Identifies the features and classes the weights belong to; weights for anything else are ignored. */
  readonly signature: string;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export interface Matcher {
  match(text: string): MatchResult;
  /** The trained weights, to cache. */
  trained(): TrainedWeights;
  /** The normalised, corrected stems the matcher sees (for debugging and tests). */
  analyse(text: string): string[];
}

export interface TrainingExample {
  readonly intent: string;
  readonly text: string;
}

/** What the matcher learns from: the lexicon, the training examples, and which intents are social. */
export interface MatcherContent {
  readonly lexicon: LexiconFile;
  readonly examples: readonly TrainingExample[];
  /** Intents in scope without a sourcing word ("hi", "what can you do"). */
  readonly social: readonly string[];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Builds a matcher from its content (all the examples, or a subset of them for cross-validation). */
export function createMatcher(
  content: MatcherContent,
  options: Partial<MatcherOptions> = {},
  dictionary: WordSet = englishWords(),
  cached?: TrainedWeights,
): Matcher {
  const opts = { ...DEFAULT_MATCHER_OPTIONS, ...options };
  const { lexicon, examples } = content;
  const social = new Set(content.social);
  const replace = compileReplacements(lexicon.replace);
  const stop = new Set(lexicon.stopwords);
  const domain = lexicon.domain;

  // Vocabulary of surface words, for spelling correction, bucketed by length.
  const vocabulary = new Map<string, number>();
  for (const ex of examples) for (const w of toWords(ex.text, replace)) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  for (const d of domain) vocabulary.set(d, (vocabulary.get(d) ?? 0) + 1);
  const byLength = new Map<number, string[]>();
  for (const w of [...vocabulary.keys()].sort()) {
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  // Typos inside the examples themselves ("outsorcing") are folded onto the common spelling, so that
  // they share features with it instead of becoming features of their own.
  const canonical = new Map<string, string>();
  for (const [w, f] of vocabulary) {
    if (w.length < 6 || /\d/.test(w) || dictionary.has(w)) continue;
    const max = w.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestFreq = Math.max(3, f * 3) - 1;
    for (let len = w.length - max; len <= w.length + max; len++) {
      for (const cand of byLength.get(len) ?? []) {
        const cf = vocabulary.get(cand)!;
        if (cf > bestFreq && stemmer(cand) !== stemmer(w) && distance(w, cand) <= max) {
          best = cand;
          bestFreq = cf;
        }
      }
    }
    if (best !== undefined) canonical.set(w, best);
  }
  const stemCache = new Map<string, string>();
  const correctionCache = new Map<string, string | null>();

  function stem(word: string): string {
    let s = stemCache.get(word);
    if (s === undefined) {
      s = /^\d+$/.test(word) ? word : stemmer(word);
      if (stemCache.size < 50_000) stemCache.set(word, s);
    }
    return s;
  }

  /** The closest known word within a small edit distance, or null. Deterministic: most frequent, then alphabetical. */
  function correct(word: string): string | null {
    if (vocabulary.has(word)) return canonical.get(word) ?? word;
    if (word.length < 4 || /\d/.test(word) || dictionary.has(word) || domain.includes(stem(word))) return null;
    const cached = correctionCache.get(word);
    if (cached !== undefined) return cached;
    const max = word.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestDist = max + 1;
    let bestFreq = 0;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const cand of byLength.get(len) ?? []) {
        if (cand.length < 4) continue;
        const d = distance(word, cand);
        if (d > max) continue;
        const f = vocabulary.get(cand)!;
        if (d < bestDist || (d === bestDist && f > bestFreq)) {
          best = cand;
          bestDist = d;
          bestFreq = f;
        }
      }
    }
    // Transpositions ("teh") count 2 in Levenshtein; accept them at distance 1 for short words too.
    if (best === null && max === 1) {
      for (let i = 0; i + 1 < word.length; i++) {
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        if (vocabulary.has(swapped)) {
          best = swapped;
          break;
        }
      }
    }
    if (best !== null) best = canonical.get(best) ?? best;
    if (correctionCache.size < 50_000) correctionCache.set(word, best);
    return best;
  }

  /** Stems of the words, with typos corrected; unknown words are kept (they still count against confidence). */
  function analyse(text: string): string[] {
    const out: string[] = [];
    for (const w of toWords(text, replace)) {
      if (stop.has(w)) continue;
      const fixed = correct(w) ?? w;
      out.push(stem(fixed));
    }
    return out;
  }

  function features(stems: readonly string[]): string[] {
    const f = new Set<string>(stems);
    for (let i = 0; i + 1 < stems.length; i++) f.add(`${stems[i]} ${stems[i + 1]}`);
    return [...f];
  }

  // Document frequencies over the examples: rare stems weigh more.
  const exampleFeatures = examples.map((ex) => features(analyse(ex.text)));
  const df = new Map<string, number>();
  for (const fs of exampleFeatures) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  const n = examples.length;
  const featureIndex = new Map<string, number>();
  const featureWeight: number[] = [];
  for (const [f, count] of [...df].sort((a, b) => a[0].localeCompare(b[0]))) {
    featureIndex.set(f, featureWeight.length);
    featureWeight.push((f.includes(' ') ? opts.bigramWeight : 1) * (Math.log((n + 1) / (count + 1)) + 1));
  }
  const unseenWeight = (Math.log(n + 1) + 1) * opts.unknownWeight;

  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  const intentIndex = new Map(intents.map((id, i) => [id, i]));
  const C = intents.length;
  const F = featureWeight.length;

  /** A question as a sparse, L2-normalised vector, plus the share of its weight carried by words never seen. */
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

  // A softmax (multinomial logistic) regression over those vectors, trained deterministically with AdaGrad.
  // Training is deterministic, so weights cached for the same features, classes and options are the same weights.
  const signature = createHash('sha256')
    .update(JSON.stringify({ layout: 'feature-major', intents, features: [...featureIndex.keys()], examples: examples.map((e) => e.intent), opts }))
    .digest('hex');
  const reuse = cached !== undefined && cached.signature === signature && cached.weights.length === C * F && cached.bias.length === C;
  const W = reuse ? cached.weights : new Float64Array(C * F);
  const bias = reuse ? cached.bias : new Float64Array(C);

  // Weights are stored feature-major (W[feature * C + class]): a question touches a few features, and each
  // feature's class weights sit together in memory.
  /** Class probabilities for a vector, written into `out` (length C). */
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
    const data = exampleFeatures.map((fs, i) => ({ x: vectorise(fs), y: intentIndex.get(examples[i]!.intent)! }));
    const gW = new Float64Array(C * F).fill(1e-8);
    const gB = new Float64Array(C).fill(1e-8);
    const z = new Float64Array(C);
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (const { x, y } of data) {
        softmax(x, z);
        for (let c = 0; c < C; c++) {
          const err = z[c]! - (c === y ? 1 : 0);
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
  const noneIndex = intentIndex.get(NONE);

  /**
   * A message may carry context around the question ("I read about it in the news; what is reshoring?").
   * Each clause is matched too, and a confident clause wins over a weaker whole.
   */
  function match(text: string): MatchResult {
    const whole = matchOne(text);
    const clauses = text
      .slice(0, MAX_MATCH_CHARS)
      .split(/(?<=[?!.;])\s+|\s+-\s+|\n+/)
      .map((c) => c.trim())
      .filter((c) => c.length >= 3);
    if (clauses.length < 2 || clauses.length > 6) return whole;
    let best = whole;
    for (const clause of clauses) {
      const m = matchOne(clause);
      if (m.intent === NONE || social.has(m.intent)) continue;
      const bonus = /\?\s*$/.test(clause) ? opts.questionClauseBonus : 0;
      const score = (mm: MatchResult) => (mm.intent === NONE ? 0 : mm.confidence);
      if (score(m) + bonus > score(best)) best = m;
    }
    return best;
  }

  function matchOne(text: string): MatchResult {
    const stems = analyse(text);
    const hasDomain = stems.some((s) => domain.some((d) => s.startsWith(d)));
    const x = vectorise(features(stems));
    if (x.idx.length === 0) return { intent: NONE, confidence: 1, alternatives: [], ambiguous: false };

    const p = softmax(x, new Float64Array(C));
    // Words the matcher has never seen pull confidence down: a question mostly about something else is off-topic.
    const damp = 1 - x.unknownShare;
    const noneScore = noneIndex === undefined ? 0 : p[noneIndex]!;
    const inScope = intents
      .map((id, c) => ({ intent: id, confidence: p[c]! * damp }))
      .filter((s) => s.intent !== NONE)
      .sort((a, b) => b.confidence - a.confidence || a.intent.localeCompare(b.intent));

    // A greeting or thanks around a real question ("hi! what is bpo? thanks") is not a greeting.
    if (social.has(inScope[0]!.intent) && hasDomain) {
      const topical = inScope.find((s) => !social.has(s.intent));
      if (topical && topical.confidence >= opts.threshold) {
        inScope.splice(inScope.indexOf(topical), 1);
        inScope.unshift(topical);
      }
    }
    const best = inScope[0]!;
    const needsDomain = !social.has(best.intent) && !hasDomain;
    const rejected =
      best.confidence < (hasDomain ? opts.domainThreshold : opts.threshold) ||
      noneScore > best.confidence * (hasDomain ? opts.domainNoneFactor : 1) ||
      (needsDomain && best.confidence < opts.domainlessThreshold);
    if (rejected) {
      const suggestions = inScope
        .slice(0, 3)
        .filter((a) => a.confidence >= opts.threshold / 3)
        .map((a) => ({ intent: a.intent, confidence: round(a.confidence) }));
      return { intent: NONE, confidence: round(Math.max(noneScore, 1 - best.confidence)), alternatives: suggestions, ambiguous: false };
    }
    const alternatives = inScope
      .slice(1, 4)
      .filter((a) => a.confidence >= best.confidence * opts.alternativeRatio && a.confidence >= opts.threshold)
      .map((a) => ({ intent: a.intent, confidence: round(a.confidence) }));
    const ambiguous = alternatives.length > 0 && best.confidence - alternatives[0]!.confidence < opts.ambiguityMargin;
    return { intent: best.intent, confidence: round(best.confidence), alternatives, ambiguous };
  }

  return { match, analyse, trained: () => ({ signature, weights: W, bias }) };
}
