/**
 * English words (from the `word-list` package): a word found here is spelled right even when the examples
 * never use it, so the matcher leaves it alone instead of "correcting" `setting` into `getting`.
 */
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let words: ReadonlySet<string> | undefined;

/** The dictionary, read once per process (it is immutable, about 270,000 words). */
export function englishWords(): ReadonlySet<string> {
  words ??= new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  return words;
}
