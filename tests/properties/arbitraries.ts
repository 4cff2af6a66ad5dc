/**
 * Shared fast-check generators for the property tests: arbitrary text as people (and Slack) send it.
 * Not a test file itself (no `.test.ts`), so vitest does not collect it.
 */
import fc from 'fast-check';

/** Fixed seed for every property, so CI runs are deterministic (override locally with FC_SEED to explore). */
export const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 42;

/** Slack markup as it arrives in `text`, including broken and nested fragments. */
export const SLACK_FRAGMENTS = [
  '<@U123>',
  '<@U123|bob>',
  '<@W0ABC>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!here|here>',
  '<!subteam^S123|@team>',
  '<!date^1392734382^{date}|Feb 18>',
  '<#C1|x>',
  '<#C1>',
  '<#C1|>',
  '<https://a.b|c>',
  '<https://a.b>',
  '<mailto:a@b.c|mail>',
  '<https://a.b|<@U1>>',
  '<<!channel>>',
  '<!channel',
  '!channel>',
  '<@',
  '<',
  '>',
  '<>',
  '|',
  '&',
  '&amp;',
  '&lt;',
  '&gt;',
  '&lt;!channel&gt;',
  '&#60;',
  '*bold*',
  '_italic_',
  '~strike~',
  '`code`',
  '```block```',
  '> quote',
  ':emoji:',
  ':wave:',
  ':+1:',
  ':skin-tone-2:',
  '::',
  ':',
] as const;

/** Words and punctuation the matcher reacts to (domain words, social words, typos, clause separators). */
export const WORDS = [
  'what',
  'is',
  'the',
  'a',
  'outsourcing',
  'offshoring',
  'offshore',
  'outsource',
  'nearshoring',
  'onshoring',
  'reshoring',
  'bpo',
  'kpo',
  'freelancing',
  'vs',
  'difference',
  'between',
  'benefits',
  'risks',
  'challenges',
  'jobs',
  'future',
  'examples',
  'should',
  'we',
  'decide',
  'customer support',
  'IT',
  'hi',
  'hello',
  'help',
  'thanks',
  'outsorcing',
  'ofshoring',
  'teh',
  'pizza',
  'weather',
  'football',
  '?',
  '.',
  '!',
  ';',
  ',',
  ' - ',
  '\n',
  '\n\n',
  "what's",
  'Ünïcödé',
  'ＯＵＴＳＯＵＲＣＩＮＧ',
  'ﬁnance',
  'off‐shoring',
  '—',
  '42',
  '2',
] as const;

/** Emoji, including sequences, modifiers, flags, keycaps and joiners on their own. */
export const EMOJI = [
  '😀',
  '👍',
  '👍🏽',
  '🇫🇷',
  '👨‍👩‍👧',
  '🏳️‍🌈',
  '1️⃣',
  '🙏',
  '❤️',
  '\u200d',
  '\ufe0f',
  '\u20e3',
  '🏽',
  '𝒳',
  '🤔',
] as const;

/** C0 controls, DEL, C1, line/paragraph separators, bidi and zero-width characters, lone surrogates. */
export const controlChar: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u007f', '\u0085', '\u009b', '\u00a0', '\u2028', '\u2029', '\u200b', '\u200e', '\u202e', '\u2066', '\ufeff', '\ufffd', '\ud800', '\udfff', '\udbff'),
);

const WHITESPACE = [' ', '\t', '\n', '\r', '\r\n', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u2028', '\u2029', '\u202f', '\u3000', '\ufeff'] as const;

/** Empty and whitespace-only strings. */
export const whitespaceText: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.array(fc.constantFrom(...WHITESPACE), { maxLength: 20 }).map((a) => a.join('')),
);

/** Text with control characters mixed into ordinary text. */
export const controlText: fc.Arbitrary<string> = fc
  .array(fc.oneof(controlChar, fc.constantFrom(...WORDS), fc.string({ maxLength: 4 })), { maxLength: 30 })
  .map((a) => a.join(''));

const separator = fc.constantFrom('', ' ', '  ', '\n', ' | ');

function joined(piece: fc.Arbitrary<string>, maxLength = 30): fc.Arbitrary<string> {
  return fc.tuple(fc.array(piece, { maxLength }), separator).map(([parts, sep]) => parts.join(sep));
}

/** Slack markup fragments around words (mentions, links, formatting, :codes:). */
export const slackText: fc.Arbitrary<string> = joined(fc.oneof(fc.constantFrom(...SLACK_FRAGMENTS), fc.constantFrom(...WORDS)));

/** Emoji around words. */
export const emojiText: fc.Arbitrary<string> = joined(fc.oneof(fc.constantFrom(...EMOJI), fc.constantFrom(...WORDS)));

/** Question-like text from the domain vocabulary (so real intents, clauses and "did you mean" come up too). */
export const wordText: fc.Arbitrary<string> = joined(fc.constantFrom(...WORDS), 20);

/** Everything at once. */
export const mixedText: fc.Arbitrary<string> = joined(
  fc.oneof(
    fc.constantFrom(...SLACK_FRAGMENTS),
    fc.constantFrom(...WORDS),
    fc.constantFrom(...EMOJI),
    controlChar,
    fc.string({ unit: 'binary', maxLength: 6 }),
  ),
  40,
);

/** Arbitrary text of every kind the brief lists (UTF-16 units, code points, graphemes, markup, emoji, controls, blanks). */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 100 }),
  // Raw UTF-16 code units, lone surrogates included.
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 }).map((units) => String.fromCharCode(...units)),
  controlText,
  slackText,
  emojiText,
  whitespaceText,
  wordText,
  mixedText,
);

/** Text around the matcher's 1000-character cut (a surrogate pair may straddle it). */
export const aroundCutText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 990, max: 1010 }), fc.constantFrom('a', 'outsourcing ', '😀', 'what is bpo? ', '<!channel> '), anyText)
  .map(([n, unit, tail]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + tail);

const KB100 = 100_000;
const fill = (unit: string): string => unit.repeat(Math.ceil(KB100 / unit.length)).slice(0, KB100);

/** A few fixed 100 KB inputs. */
export const LONG_INPUTS: ReadonlyArray<readonly [string, string]> = [
  ['letters', fill('a')],
  ['one long word', fill('outsourcingoffshoring')],
  ['a repeated question', fill('What is the difference between outsourcing and offshoring? ')],
  ['many short clauses', fill('bpo? ')],
  ['mentions', fill('<!channel> <@U123> ')],
  ['an unclosed bracket', `<${fill('x')}`],
  ['emoji', fill('😀')],
  ['whitespace', fill(' \n\t')],
  ['control characters', fill('\u0000\u0007\u001b')],
  ['lone surrogates', fill('\ud800')],
  ['typos', fill('outsorcing ofshoring nearshorng ')],
];

/** Random 100 KB inputs, built by repeating a random unit. */
export const longText: fc.Arbitrary<string> = fc
  .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), mixedText.filter((s) => s.length > 0))
  .map(fill);

/** No lone surrogate (String.prototype.isWellFormed is ES2024; the project's lib is ES2023). */
export const isWellFormed = (s: string): boolean => !/[\uD800-\uDFFF]/u.test(s);
