/**
 * English words (from the `word-list` package): a word found here is spelled right even when the examples
 * never use it, so the matcher leaves it alone instead of "correcting" `setting` into `getting`.
 *
 * The list has about 270,000 words. As a `Set` of strings it would cost ~25 MB and ~180 ms at startup; here it is
 * kept as the file's own text plus an open-addressing hash table of line offsets (~4.5 MB, ~30 ms).
 */
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

export interface WordSet {
  has(word: string): boolean;
}

function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A read-only set over newline-separated words, without one string object per word. */
export function compactWordSet(text: string): WordSet {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
  const size = 1 << Math.ceil(Math.log2((count + 1) * 2));
  const mask = size - 1;
  // Slot i holds (offset of a word + 1); 0 means empty. Word ends at the next newline or end of text.
  const slots = new Uint32Array(size);
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      let slot = fnv1a(text, start, end) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = start + 1;
    }
    start = end + 1;
  }
  return {
    has(word: string): boolean {
      if (word.length === 0) return false;
      let slot = fnv1a(word, 0, word.length) & mask;
      for (;;) {
        const at = slots[slot]!;
        if (at === 0) return false;
        const offset = at - 1;
        if (text.startsWith(word, offset) && (offset + word.length === text.length || text.charCodeAt(offset + word.length) === 10)) return true;
        slot = (slot + 1) & mask;
      }
    },
  };
}

let words: WordSet | undefined;

/** The dictionary, read once per process (it is immutable). */
export function englishWords(): WordSet {
  words ??= compactWordSet(readFileSync(wordListPath, 'latin1'));
  return words;
}
