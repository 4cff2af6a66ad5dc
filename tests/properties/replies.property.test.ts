/**
 * Properties of the rendered replies over arbitrary questions: every reply fits Slack's limits, has a fallback
 * text, and never lets markup typed by the user through (no `<` or `>` derived from the question, so no
 * `<!channel>`, `<!here>`, `<!everyone>` or `<@U…>` can be smuggled in). Plus the escaping and clamping helpers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCatalogue, type Catalogue } from '../../src/knowledge/load.js';
import { engineFor } from '../../src/engine.js';
import { renderNone } from '../../src/replies/answer.js';
import { createRenderer } from '../../src/replies/index.js';
import { answerTo } from '../../src/conversation/replies.js';
import { LIMITS, checkMessage, clamp, escapeText, quoteUserText, type Message } from '../../src/replies/blocks.js';
import { NONE } from '../../src/knowledge/contract.js';
import type { MatchResult } from '../../src/nlu/matcher.js';
import { SEED, isWellFormed, anyText, slackText, whitespaceText, emojiText, controlText, mixedText, wordText } from './arbitraries.js';

const catalogue = loadCatalogue();
const engine = engineFor(catalogue);
const intentIds = [...catalogue.intents.keys()];

/** A match rendered as the app renders it: through the conversation's reply and the renderer. */
const renderMatch = (c: Catalogue, match: MatchResult, q: string, options: { visibility: 'private' | 'public'; offerDecide?: boolean }): Message =>
  createRenderer(c).message({ ...answerTo(match, q, options.visibility), ...(options.offerDecide !== undefined ? { offerDecide: options.offerDecide } : {}) });


const visibility = fc.constantFrom('private' as const, 'public' as const);
/** `offerDecide` absent, true or false (sharedBy is never passed: it legitimately adds `<@U…>`). */
const offerDecide = fc.option(fc.boolean(), { nil: undefined });
const question = fc.oneof(anyText, slackText, mixedText, emojiText, controlText, whitespaceText, wordText);

const count = (s: string, ch: string): number => s.split(ch).length - 1;

/** Fits Slack and has a fallback text. */
function checkFits(message: Message): void {
  expect(checkMessage(message)).toEqual([]);
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  expect(message.text.trim()).not.toBe('');
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
}

/**
 * Nothing the user typed reaches Slack as markup: the message has exactly as many `<` and `>` as the same reply
 * to a harmless question ("x"), and none of the broadcast mentions or a user mention at all.
 */
function checkEscaped(message: Message, harmless: Message): void {
  const json = JSON.stringify(message);
  for (const banned of ['<!channel>', '<!here>', '<!everyone>', '<@', '<!']) expect(json).not.toContain(banned);
  const reference = JSON.stringify(harmless);
  expect(count(json, '<'), 'a "<" came from the user input').toBe(count(reference, '<'));
  expect(count(json, '>'), 'a ">" came from the user input').toBe(count(reference, '>'));
}

describe('the router and renderer on arbitrary questions', () => {
  it('fits Slack, has a fallback text and escapes the question, private and public', () => {
    fc.assert(
      fc.property(question, visibility, offerDecide, (q, vis, decide) => {
        const options = { visibility: vis, ...(decide !== undefined ? { offerDecide: decide } : {}) };
        const route = engine.router.route(q, 'message');
        const match = route.kind === 'help' ? engine.matcher.match(q) : (route.match ?? engine.matcher.match(q));
        const message = renderMatch(catalogue, match, q, options);
        checkFits(message);
        checkEscaped(message, renderMatch(catalogue, match, 'x', options));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('puts the question only in escaped form in the out-of-scope reply', () => {
    fc.assert(
      fc.property(fc.oneof(slackText, mixedText, anyText), visibility, (q, vis) => {
        const message = renderNone(catalogue, { visibility: vis, question: q });
        checkFits(message);
        checkEscaped(message, renderNone(catalogue, { visibility: vis, question: 'x' }));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

/** Any result the matcher may return: a known intent, up to three distinct known alternatives. */
const matchResult: fc.Arbitrary<MatchResult> = fc
  .record({
    intent: fc.constantFrom(...intentIds),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    alternatives: fc.uniqueArray(fc.constantFrom(...intentIds.filter((id) => id !== NONE)), { maxLength: 3 }),
    ambiguous: fc.boolean(),
  })
  .map(({ alternatives, ...r }) => ({
    ...r,
    alternatives: alternatives.filter((a) => a !== r.intent).map((intent) => ({ intent, confidence: 0.5 })),
  }));

describe('renderMatch on any match result and arbitrary question', () => {
  it('fits Slack, has a fallback text and escapes the question', () => {
    fc.assert(
      fc.property(matchResult, question, visibility, offerDecide, (match, q, vis, decide) => {
        const options = { visibility: vis, ...(decide !== undefined ? { offerDecide: decide } : {}) };
        const message = renderMatch(catalogue, match, q, options);
        checkFits(message);
        checkEscaped(message, renderMatch(catalogue, match, 'x', options));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('quoteUserText', () => {
  const max = fc.integer({ min: 1, max: 400 });
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('never contains <, > or a bare &, nor control characters or line breaks, and stays within its bound', () => {
    fc.assert(
      fc.property(question, max, (text, n) => {
        const out = quoteUserText(text, n);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u001F\u007F\u2028\u2029]/);
        // The visible text is at most `n` characters; escaping at most multiplies that by 5 ("&amp;").
        expect(unescape(out).length).toBeLessThanOrEqual(n);
        expect(out.length).toBeLessThanOrEqual(5 * n);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('uses the default bound of 200 visible characters', () => {
    fc.assert(
      fc.property(fc.oneof(question, fc.string({ minLength: 150, maxLength: 600 })), (text) => {
        expect(unescape(quoteUserText(text)).length).toBeLessThanOrEqual(200);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('keeps well-formed text well-formed (never splits a surrogate pair)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), emojiText), max, (text, n) => {
        expect(isWellFormed(quoteUserText(text, n))).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('escapeText', () => {
  it('leaves no <, > or bare & and is reversible', () => {
    fc.assert(
      fc.property(question, (text) => {
        const out = escapeText(text);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        expect(out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(text);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('clamp', () => {
  const text = fc.oneof(anyText, fc.string({ unit: 'binary', maxLength: 3000 }));

  it('clamp(s, n).length <= n, keeps short text as is and cuts long text to a prefix plus an ellipsis (n >= 1)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 3500 }), (s, n) => {
        const out = clamp(s, n);
        expect(out.length).toBeLessThanOrEqual(n);
        if (s.length <= n) expect(out).toBe(s);
        else {
          expect(out.endsWith('…')).toBe(true);
          expect(s.startsWith(out.slice(0, -1))).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('never splits a surrogate pair', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), emojiText), fc.integer({ min: 1, max: 250 }), (s, n) => {
        expect(isWellFormed(clamp(s, n))).toBe(true);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  // BUG (latent, low severity): clamp promises "Cuts text to `max` characters", but with max = 0 it returns
  // `text.slice(0, -1) + '…'`, which is longer than 0 (and for max < 0 longer still). No caller passes 0 today
  // (every LIMITS value and quoteUserText caller uses >= 24), so this only bites a future caller.
  // Shrunk counterexample (seed 42): [" ", 0]: clamp(" ", 0) === "…" (length 1 > 0); likewise clamp("ab", 0) === "a…".
  it('clamp(s, 0).length <= 0 for any non-empty s (fails: clamp ignores max = 0)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }), fc.constant(0), (s, n) => {
        expect(clamp(s, n).length).toBeLessThanOrEqual(n);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
