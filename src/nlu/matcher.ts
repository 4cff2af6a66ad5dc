/**
 * The intent matcher: a pure, deterministic function from text to `{ intent, confidence, alternatives }`.
 *
 * How it works: every training example becomes a TF-IDF vector of word stems and stem bigrams (after Slack
 * markup, emoji, case, punctuation, hyphenation and abbreviations are normalised and typos are corrected
 * against the examples' vocabulary). A question is scored against each intent by combining its nearest
 * example and the intent's centroid. Off-topic questions are rejected when they look most like the `none`
 * examples, or when nothing in them is close enough to any intent.
 */
import { distance } from 'fastest-levenshtein';
import { stemmer } from 'stemmer';
import type { Catalogue } from '../knowledge/load.js';
import { NONE } from '../knowledge/contract.js';
import { compileReplacements, toWords } from './text.js';

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
  /** Weight of the nearest example against the centroid (0..1). */
  readonly nearestWeight: number;
  /** Below this confidence the question is out of scope. */
  readonly threshold: number;
  /** Below this confidence (but above `threshold`) a question with no domain word is out of scope. */
  readonly domainlessThreshold: number;
  /** Alternatives within this distance of the best score make the match ambiguous. */
  readonly ambiguityMargin: number;
  /** Alternatives must reach this share of the best score to be offered. */
  readonly alternativeRatio: number;
  /** Weight of bigram features relative to unigrams. */
  readonly bigramWeight: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  nearestWeight: 0.6,
  threshold: 0.2,
  domainlessThreshold: 0.42,
  ambiguityMargin: 0.04,
  alternativeRatio: 0.7,
  bigramWeight: 0.6,
};

/** Intents that need no domain word to be in scope ("hi", "what can you do"). */
const SOCIAL_INTENTS = new Set(['greeting', 'help']);

type Vector = Map<string, number>;

export interface Matcher {
  match(text: string): MatchResult;
  /** The normalised, corrected stems the matcher sees (for debugging and tests). */
  analyse(text: string): string[];
}

export interface TrainingExample {
  readonly intent: string;
  readonly text: string;
}

/** Examples from a catalogue, in a stable order. */
export function catalogueExamples(catalogue: Catalogue): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const intent of catalogue.intents.values()) for (const text of intent.examples) out.push({ intent: intent.id, text });
  return out;
}

function norm(v: Vector): number {
  let s = 0;
  for (const w of v.values()) s += w * w;
  return Math.sqrt(s);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Builds a matcher from the catalogue's examples (or from a subset of them, for cross-validation). */
export function createMatcher(
  catalogue: Pick<Catalogue, 'lexicon'>,
  examples: readonly TrainingExample[],
  options: Partial<MatcherOptions> = {},
): Matcher {
  const opts = { ...DEFAULT_MATCHER_OPTIONS, ...options };
  const replace = compileReplacements(catalogue.lexicon.replace);
  const stop = new Set(catalogue.lexicon.stopwords);
  const domain = catalogue.lexicon.domain;

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
    if (vocabulary.has(word)) return word;
    if (word.length < 4 || /\d/.test(word)) return null;
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

  // Document frequencies and IDF over the examples.
  const exampleFeatures = examples.map((ex) => features(analyse(ex.text)));
  const df = new Map<string, number>();
  for (const fs of exampleFeatures) for (const f of fs) df.set(f, (df.get(f) ?? 0) + 1);
  const n = examples.length;
  const idf = (f: string): number => Math.log((n + 1) / ((df.get(f) ?? 0) + 1)) + 1;
  const weight = (f: string): number => (f.includes(' ') ? opts.bigramWeight : 1) * idf(f);

  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  const intentIndex = new Map(intents.map((id, i) => [id, i]));
  // Example vectors, normalised, in an inverted index: feature -> [(example, weight)].
  const exampleIntent: number[] = [];
  const inverted = new Map<string, Array<[number, number]>>();
  const centroids: Vector[] = intents.map(() => new Map());
  exampleFeatures.forEach((fs, i) => {
    const v: Vector = new Map(fs.map((f) => [f, weight(f)]));
    const len = norm(v) || 1;
    const intentI = intentIndex.get(examples[i]!.intent)!;
    exampleIntent.push(intentI);
    for (const [f, w] of v) {
      const list = inverted.get(f) ?? [];
      list.push([i, w / len]);
      inverted.set(f, list);
      const c = centroids[intentI]!;
      c.set(f, (c.get(f) ?? 0) + w / len);
    }
  });
  const centroidNorms = centroids.map((c) => norm(c) || 1);
  const noneIndex = intentIndex.get(NONE);

  function match(text: string): MatchResult {
    const stems = analyse(text);
    const qf = features(stems);
    const hasDomain = stems.some((s) => domain.some((d) => s.startsWith(d)));
    const q: Vector = new Map(qf.map((f) => [f, weight(f)]));
    const qLen = norm(q);
    if (qLen === 0) return { intent: NONE, confidence: 1, alternatives: [], ambiguous: false };

    const nearest = new Float64Array(intents.length);
    const dots = new Float64Array(examples.length);
    const centroidDot = new Float64Array(intents.length);
    for (const [f, qw] of q) {
      const postings = inverted.get(f);
      if (postings === undefined) continue;
      for (const [ex, w] of postings) dots[ex]! += qw * w;
      for (let i = 0; i < intents.length; i++) {
        const cw = centroids[i]!.get(f);
        if (cw !== undefined) centroidDot[i]! += qw * cw;
      }
    }
    for (let ex = 0; ex < examples.length; ex++) {
      const s = dots[ex]! / qLen;
      const i = exampleIntent[ex]!;
      if (s > nearest[i]!) nearest[i] = s;
    }
    const scored = intents
      .map((id, i) => ({
        intent: id,
        confidence: opts.nearestWeight * nearest[i]! + (1 - opts.nearestWeight) * (centroidDot[i]! / (qLen * centroidNorms[i]!)),
      }))
      .sort((a, b) => b.confidence - a.confidence || a.intent.localeCompare(b.intent));

    const inScope = scored.filter((s) => s.intent !== NONE);
    const best = inScope[0]!;
    const noneScore = noneIndex === undefined ? 0 : scored.find((s) => s.intent === NONE)!.confidence;
    const alternatives = inScope
      .slice(1, 4)
      .filter((a) => a.confidence >= best.confidence * opts.alternativeRatio && a.confidence >= opts.threshold)
      .map((a) => ({ intent: a.intent, confidence: round(a.confidence) }));

    const needsDomain = !SOCIAL_INTENTS.has(best.intent) && !hasDomain;
    const rejected =
      best.confidence < opts.threshold ||
      noneScore > best.confidence ||
      (needsDomain && best.confidence < opts.domainlessThreshold);
    if (rejected) {
      const suggestions = inScope
        .slice(0, 3)
        .filter((a) => a.confidence >= opts.threshold / 2)
        .map((a) => ({ intent: a.intent, confidence: round(a.confidence) }));
      return { intent: NONE, confidence: round(Math.max(noneScore, 1 - best.confidence)), alternatives: suggestions, ambiguous: false };
    }
    const ambiguous = alternatives.length > 0 && best.confidence - alternatives[0]!.confidence < opts.ambiguityMargin;
    return { intent: best.intent, confidence: round(best.confidence), alternatives, ambiguous };
  }

  return { match, analyse };
}

/** The matcher trained on every example in the catalogue. */
export function matcherFor(catalogue: Catalogue, options: Partial<MatcherOptions> = {}): Matcher {
  return createMatcher(catalogue, catalogueExamples(catalogue), options);
}
