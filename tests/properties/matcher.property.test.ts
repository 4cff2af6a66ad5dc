/**
 * Properties of the intent matcher over arbitrary input: it never throws, always names a known intent with a
 * confidence in [0, 1] and at most three distinct alternatives, is deterministic, and reads at most the first
 * MAX_MATCH_CHARS characters (so a 100 KB paste returns).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalogue, matcherContent } from '../../src/knowledge/load.js';
import { createMatcher, type MatchResult } from '../../src/nlu/matcher.js';
import { MAX_MATCH_CHARS } from '../../src/nlu/text.js';
import { NONE } from '../../src/knowledge/contract.js';
import {
  LONG_INPUTS,
  SEED,
  anyText,
  aroundCutText,
  controlText,
  emojiText,
  longText,
  mixedText,
  slackText,
  whitespaceText,
  wordText,
} from './arbitraries.js';

const catalogue = loadCatalogue();
const matcher = createMatcher(matcherContent(catalogue));
const intentIds = new Set(catalogue.intents.keys());

/** Every invariant of one result; throws (an expect failure) on the first broken one. */
function checkResult(r: MatchResult): void {
  expect(intentIds.has(r.intent), `unknown intent ${r.intent}`).toBe(true);
  expect(Number.isFinite(r.confidence), `confidence ${r.confidence}`).toBe(true);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(typeof r.ambiguous).toBe('boolean');
  expect(Array.isArray(r.alternatives)).toBe(true);
  expect(r.alternatives.length).toBeLessThanOrEqual(3);
  const ids = r.alternatives.map((a) => a.intent);
  expect(new Set(ids).size, `duplicate alternatives ${ids.join(', ')}`).toBe(ids.length);
  expect(ids).not.toContain(r.intent);
  expect(ids).not.toContain(NONE);
  for (const a of r.alternatives) {
    expect(intentIds.has(a.intent), `unknown alternative ${a.intent}`).toBe(true);
    expect(Number.isFinite(a.confidence)).toBe(true);
    expect(a.confidence).toBeGreaterThanOrEqual(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
  }
  // Alternatives are offered best first.
  for (let i = 1; i < r.alternatives.length; i++) expect(r.alternatives[i]!.confidence).toBeLessThanOrEqual(r.alternatives[i - 1]!.confidence);
  // Only an in-scope answer can be ambiguous, and only when there is something to choose between.
  if (r.ambiguous) {
    expect(r.intent).not.toBe(NONE);
    expect(r.alternatives.length).toBeGreaterThan(0);
  }
}

const generators: ReadonlyArray<readonly [string, fc.Arbitrary<string>]> = [
  ['any text', anyText],
  ['fc.string (grapheme-ascii)', fc.string()],
  ["fc.string({ unit: 'binary' }) (full Unicode)", fc.string({ unit: 'binary' })],
  ["fc.string({ unit: 'grapheme' })", fc.string({ unit: 'grapheme' })],
  ['control characters', controlText],
  ['Slack markup', slackText],
  ['emoji', emojiText],
  ['empty and whitespace-only', whitespaceText],
  ['domain words and punctuation', wordText],
  ['everything mixed', mixedText],
];

describe('matcher.match on arbitrary input', () => {
  it.each(generators)('never throws and returns a well-formed result (%s)', (_name, arb) => {
    fc.assert(
      fc.property(arb, (text) => {
        checkResult(matcher.match(text));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('is deterministic: the same input twice gives deep-equal results', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(matcher.match(text)).toEqual(matcher.match(text));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('is deterministic across matcher instances trained on the same catalogue', () => {
    const other = createMatcher(matcherContent(catalogue));
    fc.assert(
      fc.property(fc.oneof(anyText, wordText), (text) => {
        expect(other.match(text)).toEqual(matcher.match(text));
        expect(other.analyse(text)).toEqual(matcher.analyse(text));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('is deterministic after other inputs have warmed its caches', () => {
    fc.assert(
      fc.property(anyText, fc.array(anyText, { maxLength: 5 }), (text, others) => {
        const before = matcher.match(text);
        for (const o of others) matcher.match(o);
        expect(matcher.match(text)).toEqual(before);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('reads only the first MAX_MATCH_CHARS characters', () => {
    fc.assert(
      fc.property(aroundCutText, (text) => {
        const r = matcher.match(text);
        checkResult(r);
        expect(r).toEqual(matcher.match(text.slice(0, MAX_MATCH_CHARS)));
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});

describe('matcher.match on 100 KB inputs', () => {
  it.each(LONG_INPUTS)('returns a well-formed result for %s', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(100_000);
    const r = matcher.match(text);
    checkResult(r);
    expect(r).toEqual(matcher.match(text.slice(0, MAX_MATCH_CHARS)));
  });

  it('returns a well-formed result for random 100 KB inputs', () => {
    fc.assert(
      fc.property(longText, (text) => {
        const r = matcher.match(text);
        checkResult(r);
        expect(r).toEqual(matcher.match(text.slice(0, MAX_MATCH_CHARS)));
      }),
      { seed: SEED, numRuns: 15 },
    );
  });
});
