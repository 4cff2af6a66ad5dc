import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { describe, expect, it } from 'vitest';
import { compactWordSet, englishWords } from '../../src/nlu/dictionary.js';

describe('the compact English word set', () => {
  it('holds exactly the words of the list, like a Set of strings would', () => {
    const text = readFileSync(wordListPath, 'latin1');
    const reference = new Set(text.split('\n').filter(Boolean));
    const compact = englishWords();
    for (const w of reference) if (!compact.has(w)) throw new Error(`missing ${w}`);
    for (const probe of ['outsorcing', 'offshorring', 'qwxz', 'settin', 'zebras2', '', 'a\nb']) expect(compact.has(probe), probe).toBe(reference.has(probe));
  });

  it('does not match a prefix or a suffix of a listed word', () => {
    const set = compactWordSet('apple\nbanana\ncherry');
    expect(set.has('banana')).toBe(true);
    expect(set.has('cherry')).toBe(true);
    expect(set.has('ban')).toBe(false);
    expect(set.has('bananas')).toBe(false);
    expect(set.has('apple\nbanana')).toBe(false);
  });
});
