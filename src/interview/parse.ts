/**
 * Typed input during an interview: option labels, numbers ("2"), yes/no, close spellings, and the commands
 * back, restart, cancel and help. Anything else is not an answer (it may be a side question).
 */
import { distance } from 'fastest-levenshtein';
import { fold, stripEmoji, stripSlackMarkup, takeGraphemes } from '../nlu/text.js';
import type { QuestionFile } from './schema.js';

export type Parsed =
  | { kind: 'answer'; value: string; label?: string }
  | { kind: 'command'; command: 'back' | 'restart' | 'cancel' | 'help' }
  | { kind: 'unknown' };

const COMMANDS: ReadonlyArray<[Parsed & { kind: 'command' }, readonly string[]]> = [
  [{ kind: 'command', command: 'back' }, ['back', 'go back', 'previous', 'prev', 'undo', 'previous question', 'back please']],
  [{ kind: 'command', command: 'restart' }, ['restart', 'start over', 'start again', 'reset', 'begin again', 'from the top', 'redo']],
  [{ kind: 'command', command: 'cancel' }, ['cancel', 'stop', 'quit', 'exit', 'abort', 'nevermind', 'never mind', 'forget it', 'end']],
  [{ kind: 'command', command: 'help' }, ['help', '?', 'what do you mean', 'explain', 'why', 'why do you ask', 'huh', 'i dont know', 'not sure', 'dunno']],
];

const YES = ['yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'absolutely', 'definitely', 'of course', 'correct', 'true', 'we do', 'it is'];
const NO = ['no', 'n', 'nope', 'nah', 'not really', 'negative', 'false', 'we dont', 'it isnt', 'it is not'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

/** Lowercase words only, without markup, emoji or punctuation. */
export function normaliseInput(text: string): string {
  const folded = stripEmoji(fold(stripSlackMarkup(text))).trim();
  if (folded === '?') return '?';
  return folded
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}/]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function phrases(option: QuestionFile['options'][number]): string[] {
  return [option.value, option.value.replace(/-/g, ' '), option.label, ...option.synonyms].map(normaliseInput).filter(Boolean);
}

export function parseInput(question: QuestionFile, raw: string): Parsed {
  const text = normaliseInput(raw);
  if (text === '') return { kind: 'unknown' };
  for (const [parsed, words] of COMMANDS) if (words.includes(text)) return parsed;

  // A number or ordinal picks an option by position.
  const num = /^(?:option |number |#)?(\d{1,2})$/.exec(text)?.[1];
  const position = num !== undefined ? Number(num) - 1 : ORDINALS.indexOf(text.replace(/^the /, '').replace(/ one$/, ''));
  if (position >= 0 && position < question.options.length) return { kind: 'answer', value: question.options[position]!.value };

  // Exact label, value or synonym; then a whole phrase inside a longer sentence (longest wins, unambiguously).
  const exact = question.options.filter((o) => phrases(o).includes(text));
  if (exact.length === 1) return { kind: 'answer', value: exact[0]!.value };

  // "yeah", "nope"…: the option whose value or synonyms say yes (or no), when exactly one does.
  const saying = (word: 'yes' | 'no') => question.options.filter((o) => o.value === word || o.synonyms.some((x) => normaliseInput(x) === word));
  for (const [word, variants] of [['yes', YES], ['no', NO]] as const) {
    const options = saying(word);
    if (variants.includes(text) && options.length === 1) return { kind: 'answer', value: options[0]!.value };
  }

  const padded = ` ${text} `;
  let best: { value: string; length: number } | undefined;
  let tie = false;
  for (const o of question.options) {
    for (const p of phrases(o)) {
      // Inside a sentence, two-letter phrases ("it", "no") are too ambiguous; they count only as the whole answer.
      if (p.length < 3 || !padded.includes(` ${p} `)) continue;
      if (!best || p.length > best.length) {
        tie = best !== undefined && best.value !== o.value && p.length === best.length;
        best = { value: o.value, length: p.length };
      } else if (p.length === best.length && best.value !== o.value) tie = true;
    }
  }
  if (best && !tie && text.split(' ').length <= 12) return { kind: 'answer', value: best.value };

  // Close spellings of a whole label, value or synonym ("critcal", "non core").
  if (text.length >= 4) {
    const close = question.options.filter((o) => phrases(o).some((p) => p.length >= 4 && distance(p, text) <= (p.length >= 8 ? 2 : 1)));
    if (close.length === 1) return { kind: 'answer', value: close[0]!.value };
  }

  // The function question accepts any short name as typed.
  if (question.free_text && text.split(' ').length <= 5 && !/\?$/.test(raw.trim()) && !/^(what|how|why|when|who|is|are|can|should|does|do)\b/.test(text)) {
    return { kind: 'answer', value: 'other', label: takeGraphemes(raw.trim(), 60) };
  }
  return { kind: 'unknown' };
}

/** Finds a function named in a sentence ("should we outsource our helpdesk?"), by its label or synonyms. */
export function findFunction(question: QuestionFile | undefined, raw: string): { value: string; label: string } | undefined {
  if (!question) return undefined;
  const padded = ` ${normaliseInput(raw)} `;
  let best: { value: string; label: string; length: number } | undefined;
  for (const o of question.options) {
    for (const p of phrases(o)) {
      // Two-letter names ("it") are pronouns inside a sentence; only the capitalised acronym counts (below).
      if (p.length >= 3 && padded.includes(` ${p} `) && (!best || p.length > best.length)) best = { value: o.value, label: o.label, length: p.length };
    }
  }
  if (!best && /\bIT\b/.test(raw)) {
    const it = question.options.find((o) => o.value === 'it');
    if (it) return { value: it.value, label: it.label };
  }
  return best ? { value: best.value, label: best.label } : undefined;
}
