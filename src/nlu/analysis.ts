/**
 * From text to tokens: normalised words (text.ts), each with its spelling corrected against the known vocabulary
 * and its Porter stem; and phrase lists matched on those tokens (subjects, other senses, gaps), longest first.
 */
import { stemmer } from 'stemmer';
import type { WordSet } from './dictionary.js';
import { createSpeller } from './spelling.js';
import { toWords } from './text.js';

export interface Token {
  /** The word as normalised, spelling corrected when it was unknown and something known was close. */
  readonly word: string;
  readonly stem: string;
}

export interface Analyser {
  tokens(text: string): Token[];
  /** The stems of a phrase as the analyser would see it in a question (no spelling correction). */
  phraseStems(phrase: string): string[];
  phraseWords(phrase: string): string[];
}

/** Stems remembered (per process). */
const STEM_CACHE_LIMIT = 50_000;

export function createAnalyser(options: {
  readonly replace: (text: string) => string;
  /** Texts whose words make up the known vocabulary (the examples, lexicon phrases). */
  readonly vocabularyTexts: readonly string[];
  /** Words known even when no text uses them. */
  readonly extraWords: readonly string[];
  readonly dictionary: WordSet;
  readonly protectedStems: readonly string[];
  readonly stopwords: ReadonlySet<string>;
}): Analyser {
  const { replace, stopwords } = options;
  const vocabulary = new Map<string, number>();
  for (const t of options.vocabularyTexts) for (const w of toWords(t, replace)) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  for (const w of options.extraWords) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  const speller = createSpeller(vocabulary, options.dictionary, options.protectedStems);
  const stems = new Map<string, string>();
  const stem = (word: string): string => {
    let s = stems.get(word);
    if (s === undefined) {
      s = /^\d+$/.test(word) ? word : stemmer(word);
      if (stems.size < STEM_CACHE_LIMIT) stems.set(word, s);
    }
    return s;
  };
  return {
    tokens(text) {
      const out: Token[] = [];
      for (const w of toWords(text, replace)) {
        if (stopwords.has(w)) continue;
        const word = speller.correct(w) ?? w;
        out.push({ word, stem: stem(word) });
      }
      return out;
    },
    phraseStems: (phrase) => toWords(phrase, replace).map(stem),
    phraseWords: (phrase) => toWords(phrase, replace),
  };
}

/** A span of tokens a phrase matched. */
export interface PhraseMatch<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

/** Finds phrases (as sequences of keys: stems or words) in a sequence, longest first, without overlaps. */
export class PhraseSet<T> {
  private readonly byFirst = new Map<string, Array<{ keys: readonly string[]; value: T }>>();

  constructor(entries: Iterable<readonly [readonly string[], T]>) {
    for (const [keys, value] of entries) {
      if (keys.length === 0) continue;
      const list = this.byFirst.get(keys[0]!) ?? [];
      list.push({ keys, value });
      this.byFirst.set(keys[0]!, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  }

  find(seq: readonly string[]): Array<PhraseMatch<T>> {
    const out: Array<PhraseMatch<T>> = [];
    for (let i = 0; i < seq.length; ) {
      const hit = this.byFirst.get(seq[i]!)?.find((c) => c.keys.every((k, j) => seq[i + j] === k));
      if (hit) {
        out.push({ start: i, end: i + hit.keys.length, value: hit.value });
        i += hit.keys.length;
      } else i++;
    }
    return out;
  }

  has(seq: readonly string[]): boolean {
    for (let i = 0; i < seq.length; i++) if (this.byFirst.get(seq[i]!)?.some((c) => c.keys.every((k, j) => seq[i + j] === k))) return true;
    return false;
  }
}
