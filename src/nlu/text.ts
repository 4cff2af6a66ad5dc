/**
 * Turning what Slack and people send into comparable tokens: Slack markup, emoji, case, punctuation,
 * hyphenation and abbreviations are normalised here; spelling and stems are handled by the matcher.
 */

/** The longest text the matcher reads; anything after it is ignored (a 100 KB paste costs the same as a sentence). */
export const MAX_MATCH_CHARS = 1000;

/**
 * Removes Slack markup: user and special mentions vanish, channel links and labelled links keep their label,
 * bare links vanish, `:emoji:` codes, emoji and formatting markers (`*`, `_`, `~`, backticks) are dropped.
 */
export function stripSlackMarkup(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_m, inner: string) => {
      if (inner.startsWith('@') || inner.startsWith('!')) return ' ';
      if (inner.startsWith('#')) return ` ${inner.split('|')[1] ?? ''} `;
      const bar = inner.indexOf('|');
      return bar >= 0 ? ` ${inner.slice(bar + 1)} ` : ' ';
    })
    .replace(/&lt;|&gt;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[*~`]+/g, ' ')
    .replace(/(^|\s)_+|_+(?=\s|$)/g, ' ');
}

/** Drops `:emoji:` codes and emoji (after the lexicon has had a chance to read the meaningful ones, like :wave:). */
export function stripEmoji(text: string): string {
  return text
    .replace(/:[a-z0-9_+'-]+:/gi, ' ')
    .replace(/[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{FE0F}\u{200D}\u{20E3}]/gu, ' ');
}

/** Letters NFKD does not take apart ("na stałe", "Øresund", "straße"), and what they fold to. */
const LETTERS: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe' };

/** Lowercases, folds accents and compatibility forms, and keeps letters, digits and a few joiners. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[łøđßæœ]/g, (c) => LETTERS[c] ?? c)
    .replace(/[’‘`´]/g, "'")
    .replace(/[‐-―]/g, '-');
}

/** Escapes a phrase for use inside a RegExp. */
function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles the lexicon's phrase replacements into one pass, longest phrases first. */
export function compileReplacements(replace: Readonly<Record<string, string>>): (text: string) => string {
  const entries = Object.entries(replace)
    .map(([from, to]) => [fold(from), to] as const)
    .sort((a, b) => b[0].length - a[0].length);
  if (entries.length === 0) return (t) => t;
  const map = new Map(entries);
  // Words and phrases match on word boundaries; emoji and :codes: match wherever they are ("thanks🙏").
  const isSymbol = (from: string) => /^:[^:\s]+:$/.test(from) || !/[\p{L}\p{N}]/u.test(from);
  const alternation = (list: ReadonlyArray<readonly [string, string]>) => list.map(([from]) => escapeRegExp(from)).join('|');
  const wordsList = entries.filter(([from]) => !isSymbol(from));
  const symbols = entries.filter(([from]) => isSymbol(from));
  const parts = [
    ...(wordsList.length ? [`(?<![\\p{L}\\p{N}])(?:${alternation(wordsList)})(?![\\p{L}\\p{N}])`] : []),
    ...(symbols.length ? [`(?:${alternation(symbols)})`] : []),
  ];
  const pattern = new RegExp(parts.join('|'), 'gu');
  return (text) => text.replace(pattern, (m) => ` ${map.get(m) ?? m} `);
}

/** Splits folded text into word tokens (letters and digits; apostrophes dropped: "what's" -> "whats"). */
export function words(text: string): string[] {
  return text
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && w.length <= 40);
}

/** Full normalisation up to words: markup, folding, lexicon phrases, punctuation. */
export function toWords(raw: string, replace: (text: string) => string): string[] {
  const text = raw.length > MAX_MATCH_CHARS ? raw.slice(0, MAX_MATCH_CHARS) : raw;
  return words(stripEmoji(replace(fold(stripSlackMarkup(text)))));
}

/** At most `max` UTF-16 units of a text, cut between user-perceived characters (never inside an emoji). */
export function takeGraphemes(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (out.length + segment.length > max) break;
    out += segment;
  }
  return out;
}
