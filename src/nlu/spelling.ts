/**
 * Spelling correction against the vocabulary the matcher knows (the words of its examples and lexicon): a word is
 * replaced by the closest known word within a small edit distance, most frequent first. A word found in the
 * English dictionary is never "corrected" (so `setting` stays `setting`), and typos inside the examples themselves
 * are folded onto their common spelling so they share features with it.
 */
import { distance } from 'fastest-levenshtein';
import { stemmer } from 'stemmer';
import type { WordSet } from './dictionary.js';

/** Edit distance allowed for a word of this length. */
const maxEdits = (length: number) => (length >= 8 ? 2 : 1);
/** Words shorter than this are never corrected (too many neighbours). */
const MIN_CORRECTED = 4;
/** Example words shorter than this are never folded onto another spelling. */
const MIN_FOLDED = 6;
/** Corrections remembered (per process); beyond this, words are corrected again each time. */
const CACHE_LIMIT = 50_000;

export interface Speller {
  /** The known spelling of a word, or null when it is unknown and nothing known is close. */
  correct(word: string): string | null;
}

/** `vocabulary`: known words and how often they occur. `protectedStems`: a word with one of these stems is never corrected. */
export function createSpeller(vocabulary: ReadonlyMap<string, number>, dictionary: WordSet, protectedStems: readonly string[]): Speller {
  const byLength = new Map<number, string[]>();
  for (const w of [...vocabulary.keys()].sort()) {
    const list = byLength.get(w.length) ?? [];
    list.push(w);
    byLength.set(w.length, list);
  }
  const canonical = new Map<string, string>();
  for (const [w, f] of vocabulary) {
    if (w.length < MIN_FOLDED || /\d/.test(w) || dictionary.has(w)) continue;
    const max = maxEdits(w.length);
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
  const cache = new Map<string, string | null>();
  const isProtected = (word: string) => protectedStems.includes(stemmer(word));

  return {
    correct(word) {
      if (vocabulary.has(word)) return canonical.get(word) ?? word;
      if (word.length < MIN_CORRECTED || /\d/.test(word) || dictionary.has(word)) return null;
      const cached = cache.get(word);
      if (cached !== undefined) return cached;
      let best: string | null = null;
      if (!isProtected(word)) {
        const max = maxEdits(word.length);
        let bestDist = max + 1;
        let bestFreq = 0;
        for (let len = word.length - max; len <= word.length + max; len++) {
          for (const cand of byLength.get(len) ?? []) {
            if (cand.length < MIN_CORRECTED) continue;
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
      }
      if (cache.size < CACHE_LIMIT) cache.set(word, best);
      return best;
    },
  };
}
