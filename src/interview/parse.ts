/**
 * Typed input during an interview. A short question said back first ("24/7? nah") is read from the answer after it,
 * when that is one. Then, in order: a command (back, restart, cancel, help); an option by number or
 * ordinal; an option by its value, label or a synonym as the whole answer; a plain yes or no where the question is
 * asked that way; an unsure opening (asked again, unless a later clause names an option); "none of those, …" for
 * the function; a question (answered aside, never read as an answer); then the cues inside a sentence, each
 * turned around when a negator comes shortly before it ("we don't need round-the-clock cover" is *no*), or toned
 * down to the middle option by a moderator ("moderately hands on"). An option's
 * own name standing as a clause outranks the facts around it; an option ruled out stays out; negations together
 * leave what none rules out. Cues that agree give the answer; cues that disagree, an unclear answer or a negation
 * with no clear opposite give `unclear`, so the bot asks again rather than guess. So do a plain yes or no turned to a
 * fact that says the other ("we do, but they're stretched thin") and a scale's middle turned to one of its ends
 * ("some control, but no need for face to face"), and an option denied then said again after a turn. Before all
 * that, the last self-correction counts ("high - actually no, medium"), asides around an answer are set apart
 * ("honestly, 3", "payrol tbh"), and a message too long to read whole is read from its conclusion ("…, so no"). The
 * words live in `intents/interview/` (the question's file and answers.yml); this module only reads them.
 */
import { distance } from 'fastest-levenshtein';
import { englishWords } from '../nlu/dictionary.js';
import { fold, stripEmoji, stripSlackMarkup, takeGraphemes } from '../nlu/text.js';
import type { AnswersFile, QuestionFile } from './schema.js';

export type Command = 'back' | 'restart' | 'cancel' | 'help';

export type Parsed =
  | { kind: 'answer'; value: string; label?: string }
  /** Not clear enough to take: ask again, offering these options. */
  | { kind: 'unclear'; options: readonly string[] }
  | { kind: 'command'; command: Command }
  /** Not an answer: a question, or something else (the caller may answer it aside). */
  | { kind: 'unknown' };

/** The longest free-text function name kept. */
const FUNCTION_LABEL_MAX = 60;
/** A free-text function name has at most this many words. */
const FUNCTION_WORDS_MAX = 5;
/** A sentence that names a function outside the list, or only rules listed ones out, has at most this many words. */
const FUNCTION_SENTENCE_WORDS_MAX = 15;
/** A sentence longer than this is not read for cues (it is a message, not an answer). */
const ANSWER_WORDS_MAX = 25;
/** A short question said back before the answer ("24/7? nah"), and what follows it. */
const ECHO = /^([^?]+)\?+\s*([^?\s][^?]*)$/su;
/** The question's words quoted back, then the answer ("'core competency' lol no"). */
const QUOTED_ECHO = /^(?:[^'"‘’“]{0,40}\s)?['"‘“]([^\s'"‘’“”][^'"‘’“”]*[^\s'"‘’“”])['"’”](?=[\s,.:;!…\-–—]|$)[\s,.:;!…\-–—]*(\S.*)$/su;
const ECHO_WORDS_MAX = 8;
/** A message longer than this is not read as an answer at all (it is answered aside, if it asks something). */
const ANSWER_CHARS_MAX = 2_000;

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bshan't\b/g, 'shall not'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'m\b/g, ' am'],
  [/'d\b/g, ' would'],
  [/'ll\b/g, ' will'],
  [/'ve\b/g, ' have'],
  [/\bit's\b/g, 'it is'],
  [/\b(do|does|did|is|are|was|were|would|could|should|have|has|had|ca)nt\b/g, '$1 not'],
  [/\bthat's\b/g, 'that is'],
  [/\bw\/o\b/g, 'without'],
  // Typed without the apostrophe: "theres", "thats", and "its" where a verb is meant ("its not core", not "its team").
  [/\btheres\b/g, 'there is'],
  [/\bthats\b/g, 'that is'],
  [/\bits (?=(?:not|a|an|the|just|only|kind|pretty|very|really|more|less|all|everything|nothing|fine|ok|okay|important|critical|core|ongoing|temporary|short|long|definitely|probably|basically|literally|our|been|going|gonna|about|like)\b)/g, 'it is '],
  [/\bthere's\b/g, 'there is'],
  [/\bwhat's\b/g, 'what is'],
  [/\b(he|she|here|who|nobody|somebody|everybody|everyone|someone|one|money|cost|price|budget|time|control|regulation|compliance|coverage|everything|nothing)'s\b/g, '$1 is'],
];

/** How many hedge words may come before an interjection that opens a clause ("ok so no it's…"). */
const INTERJECTION_AFTER_HEDGES = 2;
/** Marks where a clause ends in `clauses()` output: a negator never reaches past it. */
const BREAK = '|';

function spelled(text: string): string {
  let folded = stripEmoji(fold(stripSlackMarkup(text))).trim();
  for (const [re, to] of CONTRACTIONS) folded = folded.replace(re, to);
  return folded.replace(/'/g, '').replace(/24\s*\/\s*7|24x7/g, ' roundtheclock ').replace(/\s*&\s*/g, ' and ');
}

/** Lowercase words only, without markup, emoji or punctuation; contractions spelled out. */
export function normaliseInput(text: string): string {
  if (text.trim() === '?') return '?';
  return spelled(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** The same words, with a break token where punctuation ended a clause ("not really, standard b2b stuff"). */
function clauses(text: string, lang: AnswerLanguage): string[] {
  const words = spelled(text)
    .replace(/[,.;:!?()\u2013\u2014]+|\s-\s/g, ` ${BREAK} `)
    .replace(/[^\p{L}\p{N}|]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter((w, i, all) => w !== '' && !(w === BREAK && (i === 0 || all[i - 1] === BREAK)));
  // (Nor one at the end: "…so yeah." closes the answer as "…so yeah" does.)
  if (words.at(-1) === BREAK) words.pop();
  // "no it's a necessary evil": a yes or no opening a clause, then a new clause, is a clause of its own.
  // (After a hedge or two: "ok so no it's just back office".)
  const interjectionAt = (at: number) => lang.interjections.find((p) => matchesAt(words, at, p));
  for (let i = 0; i < words.length; i++) {
    if (i > 0 && words[i - 1] !== BREAK) continue;
    let from = i;
    let said = interjectionAt(from);
    while (!said && from < i + INTERJECTION_AFTER_HEDGES && (lang.hedges.has(words[from]!) || lang.smallTalk.has(words[from]!))) said = interjectionAt(++from);
    if (said && lang.clauseOpeners.some((p) => matchesAt(words, from + said.length, p))) words.splice(from + said.length, 0, BREAK);
  }
  return words;
}

const wordsOf = (text: string) => (text === '' ? [] : text.split(' '));

/** A phrase list, matched on whole words inside a sentence (longest first, without overlaps). */
interface Hit<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

/** Phrases indexed by their first word, each with its place in the list (earlier wins a tie in length). */
type PhraseIndex<T> = ReadonlyMap<string, ReadonlyArray<{ readonly words: readonly string[]; readonly value: T; readonly order: number }>>;

function indexPhrases<T>(phrases: ReadonlyArray<readonly [readonly string[], T]>): PhraseIndex<T> {
  const index = new Map<string, Array<{ words: readonly string[]; value: T; order: number }>>();
  phrases.forEach(([words, value], order) => {
    if (words.length === 0) return;
    const list = index.get(words[0]!) ?? [];
    list.push({ words, value, order });
    index.set(words[0]!, list);
  });
  return index;
}

/** Every phrase found in a sentence, longest first (then earlier in the list, then leftmost), without overlaps. */
function findAll<T>(words: readonly string[], phrases: PhraseIndex<T> | ReadonlyArray<readonly [readonly string[], T]>): Array<Hit<T>> {
  const index = phrases instanceof Map ? (phrases as PhraseIndex<T>) : indexPhrases(phrases as ReadonlyArray<readonly [readonly string[], T]>);
  const found: Array<Hit<T> & { order: number }> = [];
  words.forEach((w, i) => {
    for (const p of index.get(w) ?? []) if (matchesAt(words, i, p.words)) found.push({ start: i, end: i + p.words.length, value: p.value, order: p.order });
  });
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.order - b.order || a.start - b.start);
  const taken = new Array<boolean>(words.length).fill(false);
  const hits: Array<Hit<T>> = [];
  for (const h of found) {
    if (taken.slice(h.start, h.end).some(Boolean)) continue;
    taken.fill(true, h.start, h.end);
    hits.push({ start: h.start, end: h.end, value: h.value });
  }
  return hits.sort((a, b) => a.start - b.start);
}

const phrase = (p: string) => wordsOf(normaliseInput(p));

const namesOf = new WeakMap<QuestionFile['options'][number], string[]>();

/** An option's names (value, label, synonyms), normalised once. */
function phrases(option: QuestionFile['options'][number]): string[] {
  let names = namesOf.get(option);
  if (!names) {
    names = [option.value, option.value.replace(/-/g, ' '), option.label, ...option.synonyms].map(normaliseInput).filter(Boolean);
    namesOf.set(option, names);
  }
  return names;
}

/** The answer language shared by every question, compiled once. */
export interface AnswerLanguage {
  readonly commands: ReadonlyMap<string, Command>;
  readonly yes: ReadonlySet<string>;
  readonly no: ReadonlySet<string>;
  readonly ordinals: readonly string[];
  readonly window: number;
  /** Negators that, opening a clause, reach to its end ("no one is going to ring us at 2am"). */
  readonly clauseNegators: ReadonlyArray<readonly string[]>;
  /** Words that give a reason ("because"): a negator does not reach across them. */
  readonly reasonLinks: ReadonlySet<string>;
  /** Words of the past ("used to", "originally"): what they say gives way to a turn after them. */
  readonly pastMarkers: ReadonlyArray<readonly string[]>;
  /** Words that open a clause as its subject ("it is"): a negator does not reach past them after words with content. */
  readonly clauseSubjects: ReadonlyArray<readonly string[]>;
  /** An aside opening an answer, with its punctuation ("honestly, "), and one closing it (" tbh"). */
  readonly openingAside: RegExp;
  readonly closingAside: RegExp;
  /** A correction opening a clause, with the hedges and punctuation around it ("- hmm actually no, "). */
  readonly correction: RegExp;
  /** Corrections that count without punctuation before them ("actually no"). */
  readonly strongCorrections: ReadonlyArray<readonly string[]>;
  /** Phrases that say nothing definite ("no idea", "depends"). */
  readonly unclearPhrases: ReadonlyArray<readonly string[]>;
  /** Words that open the conclusion of a long message ("so", "in the end"). */
  readonly conclusions: ReadonlyArray<readonly string[]>;
  /** Words that open a condition ("if", "without"). */
  readonly conditionLeads: ReadonlySet<string>;
  /** Bad outcomes ("no go", "breach"). */
  readonly badOutcomes: ReadonlyArray<readonly string[]>;
  readonly negators: ReadonlyArray<readonly string[]>;
  readonly notNegators: ReadonlyArray<readonly string[]>;
  readonly softeners: ReadonlyArray<readonly string[]>;
  /** Comparisons that soften what follows and rule it out ("not as much as banks"). */
  readonly lesser: ReadonlyArray<readonly string[]>;
  /** Comparisons that do so unless a negator comes first in the clause ("more than a little"). */
  readonly compared: ReadonlyArray<readonly string[]>;
  /** Words that tone the cue after them down to its middle option ("moderately hands on"). */
  readonly moderators: ReadonlyArray<readonly string[]>;
  /** Comparatives after which "than" rules out what follows ("more ongoing than a one-off"). */
  readonly comparatives: ReadonlySet<string>;
  readonly postNegators: ReadonlyArray<readonly string[]>;
  /** Phrases after which a post-negator states a condition ("or it", "otherwise"). */
  readonly conditions: ReadonlyArray<readonly string[]>;
  /** Words a post-negator does not reach back across ("and", "because"). */
  readonly clauseLinks: ReadonlySet<string>;
  /** Post-negators that count only where they end a clause ("core it is not"). */
  readonly closingPostNegators: ReadonlyArray<readonly string[]>;
  readonly asideLeads: ReadonlyArray<readonly string[]>;
  /** Words a negator does not reach past ("we don't need direct control just results"). */
  readonly negationStops: ReadonlySet<string>;
  /** Laughter at the end of an answer ("core it is not lol"). */
  readonly laughs: ReadonlySet<string>;
  readonly interjections: ReadonlyArray<readonly string[]>;
  readonly clauseOpeners: ReadonlyArray<readonly string[]>;
  readonly transparent: ReadonlySet<string>;
  readonly joiners: ReadonlySet<string>;
  readonly turns: ReadonlySet<string>;
  readonly unclear: ReadonlySet<string>;
  readonly smallTalk: ReadonlySet<string>;
  readonly questionStarts: ReadonlyArray<readonly string[]>;
  readonly auxiliaries: ReadonlySet<string>;
  readonly plainYesNo: ReadonlySet<string>;
  readonly plainYes: ReadonlyArray<readonly string[]>;
  readonly plainNo: ReadonlyArray<readonly string[]>;
  readonly unclearLeads: ReadonlyArray<readonly string[]>;
  readonly hedges: ReadonlySet<string>;
  /** Openings that set the listed functions aside ("none of those"). */
  readonly otherLeads: ReadonlyArray<readonly string[]>;
  /** The single words of the negators ("not", "never", "no"). */
  readonly negatorWords: ReadonlySet<string>;
}

/** A regular expression alternation of phrases, longest first, their words apart by any spaces. */
const alternation = (list: readonly string[]) =>
  [...list]
    .map(normaliseInput)
    .sort((a, b) => b.length - a.length)
    .map((p) => p.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'))
    .join('|');

const matchesPhrase = (words: readonly string[], p: readonly string[]) => words.some((_, i) => matchesAt(words, i, p));

const compiled = new WeakMap<AnswersFile, AnswerLanguage>();

export function answerLanguage(file: AnswersFile): AnswerLanguage {
  let lang = compiled.get(file);
  if (!lang) {
    const commands = new Map<string, Command>();
    for (const [command, list] of Object.entries(file.commands) as Array<[Command, string[]]>) for (const w of list) commands.set(normaliseInput(w), command);
    lang = {
      commands,
      yes: new Set(file.yes.map(normaliseInput)),
      no: new Set(file.no.map(normaliseInput)),
      ordinals: file.ordinals.map(normaliseInput),
      window: file.negation_window,
      negators: file.negators.map(phrase),
      clauseNegators: file.clause_negators.map(phrase),
      conditionLeads: new Set(file.condition_leads.map(normaliseInput)),
      conclusions: file.conclusions.map(phrase),
      strongCorrections: file.strong_corrections.map(phrase),
      unclearPhrases: file.unclear.map(phrase),
      // (A strong one needs no punctuation before it: "high actually no medium is fairer".)
      correction: new RegExp(
        `(?:[,.;:!?…\\-–—]+\\s*(?:(?:hmm+|hm|err|erm|uh|um|oh|oops|ah)[\\s,.…]*)?(?:${alternation(file.corrections)})|\\s(?:${alternation(file.strong_corrections)}))(?![\\p{L}\\p{N}])[\\s,.:;!…\\-–—]*`,
        'gu',
      ),
      clauseSubjects: file.clause_subjects.map(phrase),
      openingAside: new RegExp(`^(?:${alternation(file.opening_asides)})(?![\\p{L}\\p{N}])[\\s,.:;!…\\-–—]*(?=[\\p{L}\\p{N}])`, 'u'),
      closingAside: new RegExp(`(?<=[\\p{L}\\p{N}])[\\s,.:;!…\\-–—]*(?<![\\p{L}\\p{N}])(?:${alternation(file.closing_asides)})[\\s.!…]*$`, 'u'),
      pastMarkers: file.past_markers.map(phrase),
      reasonLinks: new Set(file.reason_links.map(normaliseInput)),
      badOutcomes: file.bad_outcomes.map(phrase),
      notNegators: file.not_negators.map(phrase),
      softeners: file.softeners.map(phrase),
      lesser: file.lesser.map(phrase),
      compared: file.compared.map(phrase),
      moderators: file.moderators.map(phrase),
      comparatives: new Set(file.comparatives.map(normaliseInput)),
      // Longest first: "it is not really" before "it is not".
      postNegators: [...file.post_negators, ...file.closing_post_negators].map(phrase).sort((a, b) => b.length - a.length),
      conditions: file.conditions.map(phrase),
      clauseLinks: new Set(file.clause_links.map(normaliseInput)),
      closingPostNegators: file.closing_post_negators.map(phrase),
      asideLeads: file.aside_leads.map(phrase),
      negationStops: new Set(file.negation_stops.map(normaliseInput)),
      laughs: new Set(file.laughs.map(normaliseInput)),
      interjections: file.interjections.map(phrase).sort((a, b) => b.length - a.length),
      clauseOpeners: file.clause_openers.map(phrase),
      transparent: new Set(file.transparent.map(normaliseInput)),
      joiners: new Set(file.joiners.map(normaliseInput)),
      turns: new Set(file.turns.map(normaliseInput)),
      unclear: new Set(file.unclear.map(normaliseInput)),
      smallTalk: new Set(file.small_talk.map(normaliseInput)),
      questionStarts: file.question_starts.map(phrase),
      auxiliaries: new Set(file.auxiliaries.map(normaliseInput)),
      plainYesNo: new Set(file.plain_yes_no.map(normaliseInput)),
      plainYes: file.yes_anywhere.map(phrase),
      plainNo: file.no_anywhere.map(phrase),
      unclearLeads: file.unclear_leads.map(phrase),
      hedges: new Set(file.hedges.flatMap((h) => wordsOf(normaliseInput(h)))),
      otherLeads: file.other_leads.map(phrase),
      negatorWords: new Set([...file.negators, ...file.clause_negators].map(normaliseInput).filter((n) => !n.includes(' '))),
    };
    compiled.set(file, lang);
  }
  return lang;
}

const matchesAt = (words: readonly string[], at: number, p: readonly string[]) => p.length > 0 && p.every((w, j) => words[at + j] === w);

/** A negator found: `clause` reaches to the end of its clause, `tight` only the cue right after it ("more than a little"). */
type Negator = { start: number; end: number; soft: boolean; lesser: boolean; clause?: boolean; tight?: boolean };

/**
 * The negators of a sentence, as the word indexes each starts and ends at, whether it only softens ("not just"), and
 * whether it also rules out what follows ("would not say", "not as much as"); longest first, and "no way around" is
 * not one.
 */

function negatorsIn(words: readonly string[], lang: AnswerLanguage): Negator[] {
  const out: Negator[] = [];
  for (let i = 0; i < words.length; i++) {
    if (lang.notNegators.some((p) => matchesAt(words, i, p))) {
      i += Math.max(...lang.notNegators.filter((p) => matchesAt(words, i, p)).map((p) => p.length)) - 1;
      continue;
    }
    const candidates = [
      ...[...lang.negators, ...lang.clauseNegators].map((p) => ({ p, soft: false, lesser: false, tight: false })),
      ...lang.softeners.map((p) => ({ p, soft: true, lesser: false, tight: false })),
      ...lang.lesser.map((p) => ({ p, soft: true, lesser: true, tight: false })),
      ...(negatedBefore(words, i, lang) ? [] : lang.compared.map((p) => ({ p, soft: true, lesser: true, tight: true }))),
    ].filter((c) => matchesAt(words, i, c.p));
    const n = candidates.sort((a, b) => b.p.length - a.p.length)[0];
    // "shouldn't be more than" holds "not be more than", which is not a negation.
    if (n && [...Array(n.p.length).keys()].some((k) => k > 0 && lang.notNegators.some((p) => matchesAt(words, i + k, p)))) continue;
    if (n) {
      // A subject negator opening its clause, perhaps after hedges ("honestly nobody calls us at night").
      const opens = lang.clauseNegators.some((p) => p.length === n.p.length && matchesAt(words, i, p)) && clauseOpensAt(words, i, lang);
      out.push({ start: i, end: i + n.p.length, soft: n.soft, lesser: n.lesser, ...(opens ? { clause: true } : {}), ...(n.tight ? { tight: true } : {}) });
      i += n.p.length - 1;
    } else if (words[i] === 'than' && comparedBefore(words, i, lang)) out.push({ start: i, end: i + 1, soft: false, lesser: false });
  }
  return out;
}

/**
 * A negated cue in a condition, with a bad outcome said ("if it doesn't save money it's a no-go", "without 24/7 we'd
 * breach our contracts", "it'd be a disaster if nobody picked up at 2am"): the cue is needed.
 */
function neededOnCondition(words: readonly string[], hit: { start: number; end: number }, lang: AnswerLanguage): boolean {
  let lead = -1;
  for (let j = hit.start - 1; j >= 0 && words[j] !== BREAK && lead < 0; j--) if (lang.conditionLeads.has(words[j]!)) lead = j;
  // Without "if", a hypothetical outcome after the cue ("nobody answering at night would be a disaster") or a "no X,
  // no Y" ("no savings, no deal") states a condition too.
  if (lead < 0) {
    const from = words.lastIndexOf(BREAK, hit.start) + 1;
    const hypothetical = words.slice(hit.end).some((w, k) => HYPOTHETICAL.has(w) && lang.badOutcomes.some((b) => [1, 2, 3].some((d) => matchesAt(words, hit.end + k + d, b))));
    const parallel = words[from] === 'no' && lang.badOutcomes.some((b) => b[0] === 'no' && words.some((_, at) => at >= hit.end && matchesAt(words, at, b)));
    if (!hypothetical && !parallel) return false;
    lead = from;
  }
  // The outcome is the other clause of the condition (before its lead, or after the cue), and is not itself denied
  // ("if we don't save money it's not a dealbreaker", "we won't lose customers without 24/7").
  const outside = (at: number, n: number) => at + n <= lead || at >= hit.end;
  const denied = (at: number) => words.slice(Math.max(at >= hit.end ? hit.end : 0, at - OUTCOME_NEGATION_REACH), at).some((w) => lang.negatorWords.has(w));
  return words.some((_, at) => lang.badOutcomes.some((b) => matchesAt(words, at, b) && outside(at, b.length) && !denied(at)));
}
/** The longest yes or no phrase after an option's name said back ("24/7 no chance"). */
const ECHO_REPLY_WORDS_MAX = 3;
/** Words that make an outcome after a cue hypothetical ("…would be a disaster"). */
const HYPOTHETICAL = new Set(['would', 'will', 'could', 'might']);
/** How many words before a bad outcome a negator denies it ("wouldn't be a disaster"). */
const OUTCOME_NEGATION_REACH = 3;

/** The spans from a word of the past ("used to", "originally") to the turn after it, when a turn follows in the clause. */
function pastSpans(words: readonly string[], lang: AnswerLanguage): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let at = 0; at < words.length; at++) {
    const p = lang.pastMarkers.find((m) => matchesAt(words, at, m));
    if (!p) continue;
    let j = at + p.length;
    while (j < words.length && words[j] !== BREAK && !isTurn(words, j, lang)) j++;
    // (A comma may come before the turn: "it started as a pilot, but now…".)
    const turnAt = words[j] === BREAK && j + 1 < words.length && isTurn(words, j + 1, lang) ? j + 1 : j;
    if (turnAt < words.length && isTurn(words, turnAt, lang)) spans.push([at, turnAt]);
    at = j;
  }
  return spans;
}

/** The answer without the asides at its ends ("honestly,", "tbh"), or undefined when there are none or nothing is left but a negator. */
function withoutAsides(raw: string, lang: AnswerLanguage): string | undefined {
  let said = spelled(raw).toLowerCase();
  for (let changed = true; changed; ) {
    const before = said;
    const opened = said.replace(lang.openingAside, '');
    // (A verb of thinking before "not" or "so" is the answer: "i guess not", "i think so".)
    const thinking = opened !== said && THINKING.has(wordsOf(normaliseInput(said.slice(0, said.length - opened.length))).at(-1)!) && /^(?:not|so)(?![\p{L}\p{N}])/u.test(opened);
    const kept = thinking ? said : opened;
    const closed = kept.replace(lang.closingAside, '').trim();
    // (Not an aside that finishes what comes before it: "24/7 is not for us" is the answer whole.)
    const end = wordsOf(normaliseInput(closed)).at(-1);
    said = end !== undefined && (lang.negatorWords.has(end) || lang.auxiliaries.has(end)) ? kept.trim() : closed;
    changed = said !== before;
  }
  const left = normaliseInput(said);
  if (left === '' || left === normaliseInput(raw) || lang.negatorWords.has(left)) return undefined;
  return said;
}

/**
 * The last correction that opens a clause after something was said ("…, actually no, …"): the words before it, the
 * words after it, and whether it is a strong one ("actually no", said without punctuation too). A "no" or "yes" that
 * starts a phrase of its own is no correction ("actually no idea", "actually no one calls at night").
 */
function lastCorrection(raw: string, lang: AnswerLanguage): { before: string; rest: string; strong: boolean; reply?: string } | undefined {
  const said = spelled(raw).toLowerCase();
  let last: { before: string; rest: string; strong: boolean; reply?: string } | undefined;
  for (const m of said.matchAll(lang.correction)) {
    const rest = said.slice(m.index + m[0].length).trim();
    if (m.index === 0 || normaliseInput(rest) === '') continue;
    const marker = wordsOf(normaliseInput(m[0]));
    const reply = marker.at(-1);
    const after = wordsOf(normaliseInput(rest));
    if ((reply === 'no' || reply === 'yes') && startsPhrase(reply, after, lang)) continue;
    last = { before: said.slice(0, m.index), rest, strong: lang.strongCorrections.some((c) => c.length === marker.length && c.every((w, i) => w === marker[i])), ...(reply === 'yes' || reply === 'no' ? { reply } : {}) };
  }
  return last;
}

/** Whether a "no" or "yes" and the words after it make a phrase of their own ("no idea", "no one", "no problem"). */
function startsPhrase(word: string, after: readonly string[], lang: AnswerLanguage): boolean {
  const words = [word, ...after];
  const lists = [lang.notNegators, lang.clauseNegators, lang.negators, lang.unclearPhrases];
  return lists.some((list) => list.some((p) => p.length > 1 && matchesAt(words, 0, p)));
}

/** An option's name said back and answered with a plain yes or no after it ("24/7 nah", "core lol no"), if that is all. */
function echoWithoutMark(question: QuestionFile, text: string, lang: AnswerLanguage): Parsed | undefined {
  const words = wordsOf(text);
  // The reply: a plain yes or no word, or a short yes or no phrase ("no chance", "not really").
  const n = [ECHO_REPLY_WORDS_MAX, 2, 1].find((k) => k < words.length && (k === 1 ? lang.plainYesNo.has(words.at(-1)!) || words.at(-1) === 'no' : lang.yes.has(words.slice(-k).join(' ')) || lang.no.has(words.slice(-k).join(' '))));
  if (n === undefined) return undefined;
  const reply = words.slice(-n).join(' ');
  let end = words.length - n;
  while (end > 0 && (lang.laughs.has(words[end - 1]!) || lang.hedges.has(words[end - 1]!))) end--;
  const said = words.slice(0, end).join(' ');
  const echo = question.options.filter((o) => phrases(o).includes(said));
  if (echo.length !== 1 || lang.yes.has(said) || lang.no.has(said)) return undefined;
  // (On a yes-or-no question the "no" option's name said back could be either: "business hours no".)
  if (question.no !== undefined && echo[0]!.value === question.no) return { kind: 'unclear', options: question.options.map((o) => o.value) };
  if (lang.yes.has(reply)) return { kind: 'answer', value: echo[0]!.value };
  // (On a scale a name and a "no" may as well be the answer and a comment: "meh, not really".)
  if (!question.yes) return undefined;
  const others = question.options.map((o) => o.value).filter((v) => v !== echo[0]!.value);
  return others.length === 1 ? { kind: 'answer', value: others[0]! } : { kind: 'unclear', options: others };
}

/**
 * Whether a negator before `at`, in the same part of its clause (not across "and", "because" or a turn), has no cue
 * of its own between them ("we never let them ship anything without close oversight"; not "we never had anyone on
 * nights and we're fine without 24/7").
 */
function negatorGoverns(words: readonly string[], at: number, cues: ReadonlyArray<{ start: number; end: number }>, lang: AnswerLanguage): boolean {
  for (let j = at - 1; j >= 0 && words[j] !== BREAK && !lang.clauseLinks.has(words[j]!) && !isTurn(words, j, lang); j--) {
    // (Not when what it negates is a bad outcome: "we won't lose customers without 24/7" does not need it.)
    if (lang.negatorWords.has(words[j]!)) return !cues.some((c) => c.start > j && c.end <= at) && !words.slice(j + 1, at).some((_, k) => lang.badOutcomes.some((b) => matchesAt(words, j + 1 + k, b)));
  }
  return false;
}

/** Where comparisons stand that a negator before them in their clause cancels ("can't accept anything less than"). */
function comparisonsAfterNegators(words: readonly string[], lang: AnswerLanguage): number[] {
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) if (lang.compared.some((p) => matchesAt(words, i, p)) && negatedBefore(words, i, lang)) out.push(i);
  return out;
}

/** The words with content in a stretch that the reader has no use for (not breaks, hedges, laughs, turns or fillers). */
function unplacedWords(words: readonly string[], lang: AnswerLanguage): string[] {
  return words.filter((w) => w !== BREAK && !lang.transparent.has(w) && !lang.hedges.has(w) && !lang.laughs.has(w) && !lang.turns.has(w));
}

/** Whether a negator word comes before `at` in its clause. */
function negatedBefore(words: readonly string[], at: number, lang: AnswerLanguage): boolean {
  for (let j = at - 1; j >= 0 && words[j] !== BREAK; j--) if (lang.negatorWords.has(words[j]!)) return true;
  return false;
}

/** Whether only hedges stand between the start of the clause and `at`. */
function clauseOpensAt(words: readonly string[], at: number, lang: AnswerLanguage): boolean {
  for (let j = at - 1; j >= 0 && words[j] !== BREAK; j--) if (!lang.hedges.has(words[j]!)) return false;
  return true;
}

/** A comparative earlier in the clause, not right before "than" ("more ongoing than", not "more than 12 months"). */
function comparedBefore(words: readonly string[], than: number, lang: AnswerLanguage): boolean {
  for (let j = than - 2; j >= Math.max(0, than - COMPARATIVE_REACH) && words[j] !== BREAK; j--) if (lang.comparatives.has(words[j]!)) return true;
  return false;
}
/** How many words before "than" its comparative may come ("much more hands-off than"). */
const COMPARATIVE_REACH = 8;

/** The words between a negator and a cue that count towards the window ("think", "there", "any" do not). */
const reach = (between: readonly string[], lang: AnswerLanguage) => between.filter((w) => !lang.transparent.has(w)).length;
const blocked = (between: readonly string[], lang: AnswerLanguage) => between.some((w, i) => w === BREAK || isTurn(between, i, lang));
/** A turn ("but", "rather"), unless it opens a negator ("rather than a side thing" rules the side thing out). */
const isTurn = (words: readonly string[], at: number, lang: AnswerLanguage) => lang.turns.has(words[at]!) && !lang.negators.some((n) => n.length > 1 && matchesAt(words, at, n));
const turnIn = (words: readonly string[], lang: AnswerLanguage) => words.findIndex((_, i) => isTurn(words, i, lang));

/**
 * Which cues are negated. Each negator turns around the nearest cue after it, within `window` words, in the same
 * clause, before any turn ("but"), and the cues joined to that one by "or"/"and" ("no healthcare or finance"); a
 * negator after a cue turns it around too ("office hours alone are not enough"). Two negators cancel ("can't work
 * without close collaboration").
 */
interface NegationOptions {
  /** Filled with the cues turned around by a negator that is part of an earlier cue ("will not need it after"). */
  readonly borrowed?: Set<number>;
  /** Filled with the cues compared down ("not as much as banks"). */
  readonly lessened?: Set<number>;
  /** Whether two cues side by side are joined too ("not the website code": both are software development). */
  readonly adjacent?: (a: number, b: number) => boolean;
  /**
   * Filled with the cues whose reading is in doubt: a negation kept from them by "only need" ("i don't think we only
   * need business hours"), and, on a question without a scale, one compared ("more than a few months").
   */
  readonly doubted?: Set<number>;
  /** Whether the question's options make a scale (a comparison rules one end out, leaving the others). */
  readonly scale?: boolean;
}

function negations(
  words: readonly string[],
  cues: ReadonlyArray<{ start: number; end: number }>,
  lang: AnswerLanguage,
  { borrowed, lessened, adjacent, doubted, scale = true }: NegationOptions = {},
): Array<'plain' | 'negated' | 'softened'> {
  const count = cues.map(() => 0);
  const soft = cues.map(() => false);
  // A negator that is part of an earlier cue ("will not need it after") marks what it turns around as borrowed.
  const inCue = (end: number) => cues.some((c) => end > c.start && end <= c.end);
  // "Can't … without X", "don't let anyone touch it without X": a "without" after a negator in its clause says X is
  // needed, however far apart the two are.
  const needed = new Set<number>();
  // A comparison after a negator cancels with it ("nobody would accept anything less than 24/7"): no earlier negator
  // reaches past it.
  const cancelled = comparisonsAfterNegators(words, lang);
  for (const { start, end, soft: softener, lesser, clause, tight } of negatorsIn(words, lang)) {
    if (words[start] === 'without' && end === start + 1 && negatorGoverns(words, start, cues, lang)) {
      const i = cues.findIndex((c) => c.start >= end);
      if (i >= 0 && !blocked(words.slice(end, cues[i]!.start), lang) && reach(words.slice(end, cues[i]!.start), lang) <= lang.window) needed.add(i);
      continue;
    }
    // The nearest cue after the negator, or one that begins inside it ("not very" + "very regulated").
    // (Not one that holds the negation itself: "i do not see why" and the cue "do not see why we would".)
    // (Or one inside it after its first word: "not very" and the cue "very".)
    let i = cues.findIndex((c) => c.start >= end || (c.start > start && c.end >= end && !words.slice(c.start, end).some((w) => lang.negatorWords.has(w))));
    if (i < 0) continue;
    const between = words.slice(end, Math.max(end, cues[i]!.start));
    // "neither finance nor health nor government": each "nor" negates what follows it, not the one before.
    // "just" or "only" stops it ("we don't need direct control just results").
    // (Right after a negator that ends in "not" it softens, "not just"; after "not really" it stops, "not really just
    // one intern".)
    const softens = softener || words[end - 1] === 'not';
    const stopped = [...between, words[cues[i]!.start]!].some((w, k) => lang.negationStops.has(w) && (k > 0 || !softens));
    // (A subject negator reaches past the window, but not across "because" or "and": "nobody has ever bought from us
    // because of our payroll" does not deny payroll.)
    const far = reach(between, lang) > lang.window && (!clause || between.some((w) => lang.clauseLinks.has(w)));
    // A negation before a reason is about the verb, not the reason ("no one ever chose us because of our payroll"),
    // unless the reason is what it negates ("not because of the cost").
    const reason = between.some((w, k) => k > 0 && lang.reasonLinks.has(w));
    const loose = tight === true && between.some((w) => !ARTICLES.has(w));
    if (tight && !loose && !scale) {
      doubted?.add(i);
      continue;
    }
    // (Before "only need", the negation may well be meant for the need: "i don't think we only need business hours".)
    const onlyNeed = stopped && between.some((w, k) => lang.negationStops.has(w) && NEED_VERBS.has(between[k + 1] ?? ''));
    if (onlyNeed && !far && !blocked(between, lang)) doubted?.add(i);
    // A new clause, run on without a comma, after words with content ("never give that up it's our secret sauce"):
    // the negation stays in its own clause. ("don't think it's regulated" reaches: "think" has no content.)
    const newClause = between.some((_, k) => k > 0 && lang.clauseSubjects.some((p) => matchesAt(between, k, p)) && between.slice(0, k).some((w) => !lang.transparent.has(w)));
    const pastComparison = cancelled.some((c) => c >= end && c < cues[i]!.start);
    if (far || reason || loose || newClause || pastComparison || blocked(between, lang) || stopped || between.some((w) => lang.joiners.has(w) && lang.negatorWords.has(w))) continue;
    count[i]!++;
    if (softener) soft[i] = true;
    if (inCue(end)) borrowed?.add(i);
    if (lesser) lessened?.add(i);
    const joined = (k: number) => {
      const gap = words.slice(cues[k]!.end, cues[k + 1]!.start);
      // (An article may stand after the joiner: "not a bank or a hospital".)
      // (An article or a preposition may stand after the joiner: "not a bank or a hospital", "not at night or on
      // weekends".)
      const carried = gap.every((w) => (lang.joiners.has(w) || ARTICLES.has(w) || PLACE_PREPOSITIONS.has(w) || OBJECT_PRONOUNS.has(w)) && !lang.negatorWords.has(w)) && gap.some((w) => lang.joiners.has(w));
      return carried || (gap.length === 0 && adjacent?.(k, k + 1) === true);
    };
    while (i + 1 < cues.length && joined(i)) count[++i]!++;
  }
  for (const i of needed) count[i] = 0;
  for (let at = 0; at < words.length; at++) {
    const p = lang.postNegators.find((n) => matchesAt(words, at, n));
    if (!p) continue;
    const before = cues.map((c, k) => [c, k] as const).filter(([c]) => c.end <= at).pop();
    const between = before ? words.slice(before[0].end, at) : [];
    // "… or the deal is not happening" states a condition; "critical and it is not negotiable" negates nothing before
    // "and"; "core it is not" only ends a clause.
    const condition = lang.conditions.some((c) => between.some((_, i) => matchesAt(between, i, c)));
    const linked = between.some((w) => lang.clauseLinks.has(w));
    const closes = lang.closingPostNegators.some((c) => c.length === p.length && matchesAt(words, at, c));
    const rest = words.slice(at + p.length);
    // (One that does not end its clause is no post-negator: the words after it are read on, "it is not the case".)
    if (closes && !(rest[0] === BREAK || rest.every((w) => lang.hedges.has(w) || lang.laughs.has(w)))) continue;
    if (before && !condition && !linked && reach(between, lang) <= lang.window && !blocked(between, lang)) count[before[1]]!++;
    at += p.length - 1;
  }
  return count.map((n, i) => (n % 2 === 0 ? 'plain' : n === 1 && soft[i] ? 'softened' : 'negated'));
}

/**
 * A yes or no that opens or closes a sentence ("nope, business hours", "i think so, incidents happen at 3am",
 * "…so yeah"): the longest phrase of either list, standing on its own (a clause break or the end of the text next to
 * it), or one of the plain words that cannot be anything else ("yes", "nope"; "no" can: "no gaps allowed").
 */
function yesNoAround(words: readonly string[], lang: AnswerLanguage): { yes: boolean; at: number } | undefined {
  const bounded = (from: number, to: number) => (from === 0 || words[from - 1] === BREAK) && (to === words.length || words[to] === BREAK);
  /** The longest yes or no at one end ("yeah we need it", "…so no"), if any. */
  const atEnd = (start: boolean): { yes: boolean; at: number; n: number } | undefined => {
    for (let n = Math.min(6, words.length); n >= 1; n--) {
      const from = start ? 0 : words.length - n;
      const p = words.slice(from, from + n);
      if (p.includes(BREAK)) continue;
      const text = p.join(' ');
      const yes = lang.yes.has(text);
      if (!yes && !lang.no.has(text)) continue;
      // A yes with a negation in the rest of the answer is not plain ("yeah we don't have anyone for it", "yeah not at
      // all"): a plain word run into the sentence never counts then, nor a yes of its own.
      const rest = [...words.slice(0, from), ...words.slice(from + n)];
      const turn = turnIn(rest, lang);
      const negated = (turn < 0 ? rest : rest.slice(0, turn)).some((w) => lang.negatorWords.has(w));
      if (bounded(from, from + n) && !(yes && negated)) return { yes, at: start ? 0 : words.length, n };
      if (n === 1 && lang.plainYesNo.has(text) && !(yes && negated)) return { yes, at: start ? 0 : words.length, n };
    }
    return undefined;
  };
  const first = atEnd(true);
  const last = words.length > 1 ? atEnd(false) : undefined;
  // A yes at one end and a no at the other ("yeah … i'm afraid not") say nothing definite.
  if (first && last && first.yes !== last.yes) return undefined;
  const said = first && (!last || first.n >= last.n) ? first : last;
  return said && { yes: said.yes, at: said.at };
}

type Cue = { value: string; negated?: string; softened?: string; between?: readonly string[]; name?: boolean };

/** Each question's subject words, normalised once. */
const subjectWordSets = new WeakMap<QuestionFile['subject_words'], ReadonlySet<string>>();
function subjectWordsOf(question: QuestionFile): ReadonlySet<string> {
  let set = subjectWordSets.get(question.subject_words);
  if (!set) subjectWordSets.set(question.subject_words, (set = new Set(question.subject_words.map(normaliseInput))));
  return set;
}

/** Each question's cue phrases, indexed once (with and without the options' own names). */
const cueIndexes = new WeakMap<QuestionFile['options'], { names?: PhraseIndex<Cue>; plain?: PhraseIndex<Cue> }>();

function cueIndex(question: QuestionFile, names: boolean): PhraseIndex<Cue> {
  const cached = cueIndexes.get(question.options) ?? {};
  cueIndexes.set(question.options, cached);
  const key = names ? 'names' : 'plain';
  const hit = cached[key];
  if (hit) return hit;
  const named = (o: QuestionFile['options'][number]): Cue => ({ ...o, name: true });
  const built = indexPhrases<Cue>([
    ...question.options.flatMap((o) => [
      ...o.cues.map((c) => [phrase(c), o] as const),
      // An option's names count inside a sentence too ("i guess marketing", "probably some").
      ...(names ? phrases(o) : [])
        .filter((p) => p.length >= 3 && !o.cues.some((c) => normaliseInput(c) === p))
        .map((p) => [wordsOf(p), named(o)] as const),
    ]),
    // Cues that sit between two options ("a monthly review"): asked, not guessed.
    ...question.between.flatMap((b) => b.cues.map((c) => [phrase(c), { value: b.options[0]!, between: b.options }] as const)),
  ]);
  cached[key] = built;
  return built;
}

/** Each question's option names of three letters or more ("it" is a pronoun in a sentence), indexed once. */
const nameIndexes = new WeakMap<QuestionFile['options'], PhraseIndex<string>>();

function nameIndex(question: QuestionFile): PhraseIndex<string> {
  let index = nameIndexes.get(question.options);
  if (!index) {
    index = indexPhrases(question.options.flatMap((o) => phrases(o).filter((p) => p.length >= 3).map((p) => [wordsOf(p), o.value] as const)));
    nameIndexes.set(question.options, index);
  }
  return index;
}

/** A cue's say in the answer: the options it leaves, and what it says when it is the only voice. */
interface Vote {
  /** The options this cue allows: its own, or, negated, every other one. */
  readonly allowed: readonly string[];
  /** Negated or softened: the one option it points to alone (`negated`, `softened`), if any. */
  readonly alone?: string;
  /** The option a negated cue rules out ("not heavily regulated" rules out heavy). */
  readonly denied?: string;
  /** What a cue for a ruled-out option means instead ("not heavily regulated, but there's PCI" is some). */
  readonly insteadOf?: string;
  readonly at: number;
  readonly positive: boolean;
  /** A clause that is nothing but an option's name, perhaps hedged ("probably some"): it outranks facts. */
  readonly direct: boolean;
  /** The cue is one of the option's names ("heavily regulated"), not a fact that implies it. */
  readonly named?: boolean;
  /** Only softened ("not just", "I wouldn't say"), not negated outright. */
  readonly softened?: boolean;
  /** Compared down ("not as much as banks"): less than this option, so not it. */
  readonly lessened?: boolean;
  /** A cue whose own words say "not" ("not the only thing"; negated, a double negative: "not that we don't care"). */
  readonly saysNot?: boolean;
}

/** The other words of the clause a hit is in, before it and after it. */
function aroundIn(words: readonly string[], hit: { start: number; end: number }): { before: readonly string[]; after: readonly string[] } {
  let from = hit.start;
  while (from > 0 && words[from - 1] !== BREAK) from--;
  let to = hit.end;
  while (to < words.length && words[to] !== BREAK) to++;
  return { before: words.slice(from, hit.start), after: words.slice(hit.end, to) };
}

/** Whether the clause around a cue holds nothing but that cue, hedges and a negator before it ("probably some", "not high"). */
function standsAlone(words: readonly string[], hit: { start: number; end: number }, lang: AnswerLanguage): boolean {
  const around = aroundIn(words, hit);
  // A turn ends the clause too ("low but not zero").
  const turn = turnIn(around.after, lang);
  const after = turn < 0 ? around.after : around.after.slice(0, turn);
  const before = around.before;
  // A negator may come before the name ("not high", "do not have them"), not after it ("some is not").
  return before.every((w) => lang.hedges.has(w) || lang.negatorWords.has(w) || lang.auxiliaries.has(w)) && after.every((w) => lang.hedges.has(w));
}

/** Whether a moderator ("moderately", "kind of") stands right before a cue, with only transparent words between. */
function moderated(words: readonly string[], hit: { start: number }, lang: AnswerLanguage): boolean {
  const endsAt = (at: number) => lang.moderators.some((m) => at >= m.length && matchesAt(words, at - m.length, m));
  for (let at = hit.start; at >= 0; at--) {
    if (endsAt(at)) return true;
    if (at === 0 || !lang.transparent.has(words[at - 1]!)) return false;
  }
  return false;
}

/** A cue of function words only ("we have", "we do not"): a bare yes or no that gives way to a cue with content. */
const bare = (words: readonly string[], hit: { start: number; end: number }, lang: AnswerLanguage) =>
  words.slice(hit.start, hit.end).every((w) => ((lang.transparent.has(w) && !DEGREE_WORDS.has(w)) || lang.auxiliaries.has(w) || BARE_NEGATORS.has(w)));
const BARE_NEGATORS = new Set(['not', 'no', 'never']);
/** Words after which a listed function's word says where or for whom, not which function ("guards for the plant"). */
const PLACE_PREPOSITIONS = new Set(['for', 'at', 'in', 'on', 'of', 'from']);
/** Verbs of thinking that make an answer with "not" or "so" after them ("i guess not"). */
const THINKING = new Set(['think', 'guess', 'suppose', 'reckon', 'mean', 'believe']);
/** How many words with content the reader cannot place, across a turn from a negation, make it ask. */
const UNPLACED_WORDS_MIN = 2;
/** Words of a cue that names a place in an order, not the subject itself ("main driver", "top priority"). */
const SLOT_WORDS = new Set(['driver', 'priority', 'reason', 'factor', 'thing', 'concern', 'line', 'focus', 'consideration']);
/** Copulas after which a cue names a slot and what follows fills it ("the main driver is speed"). */
const COPULAS: ReadonlyArray<readonly string[]> = [['is'], ['are'], ['was'], ['will', 'be'], ['would', 'be'], ['has', 'to', 'be']];

/** Whether the words right after a cue are a copula and the rest of its clause never names the subject. */
function slotFilledOtherwise(words: readonly string[], hit: { start: number; end: number }, subject: ReadonlySet<string>, lang: AnswerLanguage): boolean {
  if (!words.slice(hit.start, hit.end).some((w) => SLOT_WORDS.has(w))) return false;
  const copula = COPULAS.find((c) => matchesAt(words, hit.end, c));
  if (!copula) return false;
  const rest: string[] = [];
  for (let j = hit.end + copula.length; j < words.length && words[j] !== BREAK && !isTurn(words, j, lang); j++) rest.push(words[j]!);
  return rest.length > 0 && !rest.some((w) => subject.has(w));
}

/** Words of a softener that adds rather than tones down ("not just", "not only"), and how far before a cue they may stand. */
const ADDITIVE_WORDS = new Set(['just', 'only']);
const ADDITIVE_REACH = 2;
/** Words after which a conclusion still opens a clause ("…and so no…", "…but in the end…"). */
const CONCLUSION_JOINERS = new Set(['and', 'but']);
/** Verbs after "only" or "just" that a negation before them may be about ("don't only need"). */
const NEED_VERBS = new Set(['need', 'needs', 'want', 'wants', 'require', 'requires']);
/** Pronouns that may end a negated phrase before "or" carries the negation on ("not sit with them or check in"). */
const OBJECT_PRONOUNS = new Set(['them', 'it', 'us', 'him', 'her', 'this', 'that']);
/** What may stand between a comparison and the cue it rules out ("more than a little"). */
const ARTICLES = new Set(['a', 'an', 'the']);
/** How many facts, all for other functions, make the bot ask about a function's name said among them. */
const FACTS_AGAINST_A_NAME = 2;
/** Words of degree say something: "not too much" is a cue with content. */
const DEGREE_WORDS = new Set(['too', 'much', 'very', 'quite', 'all']);

/**
 * Reads the cues of a sentence: each votes for its option, or, negated, against it (for its `negated` option when it
 * is the only voice), or, only softened ("I wouldn't say cost is everything"), for its `softened` one. An option's
 * own name standing as a clause ("probably some, we do take card payments") outranks the facts around it; plain
 * statements count over negations ("some control, but not hands on" is some control), an option ruled out stays
 * out ("not heavily regulated, but there's PCI" is some), negations together leave what none of them rules out
 * ("not high, not low" is medium), and what follows a turn counts over what precedes it ("not critical, but it
 * matters"). A yes or no counts only where no cue says more. Votes that still disagree are unclear: the bot asks
 * rather than guess.
 */
function readCues(question: QuestionFile, words: readonly string[], lang: AnswerLanguage, names = true): Parsed {
  const concluded = conclusionAtEnd(question, words, lang, names);
  if (concluded) return concluded;
  const opened = openingReply(question, words, lang, names);
  if (opened) return opened;
  const read = weighCues(question, words, lang, names);
  // "yes, but they're stretched thin", "we do, but …", "no, but weekends matter": a plain yes or no, then a turn to
  // a fact that says the other: which counts is not in the words, so the bot asks.
  if (read.kind !== 'answer' || !question.yes || !question.no) return read;
  const asks = (value: string | undefined, other: string) =>
    value && value !== other ? ({ kind: 'unclear', options: question.options.map((o) => o.value).filter((v) => v === value || v === other) } as const) : undefined;
  const turnAt = turnIn(words, lang);
  if (turnAt > 0) {
    const opening = words.slice(0, words[turnAt - 1] === BREAK ? turnAt - 1 : turnAt);
    const said = yesNoAround(opening, lang) ?? bareReply(question, opening, lang);
    return asks(said && (said.yes ? question.yes : question.no), read.value) ?? read;
  }
  // "yeah, we don't have anyone for it": a yes or no as a clause of its own, then a clause that says the other.
  const cut = words.indexOf(BREAK);
  const first = cut > 0 ? yesNoAround(words.slice(0, cut), lang) : undefined;
  const rest = first ? weighCues(question, words.slice(cut + 1), lang, names) : undefined;
  return (first && rest?.kind === 'answer' && asks(first.yes ? question.yes : question.no, rest.value)) || read;
}

/**
 * A yes or no run into a clause that says the same, without a comma ("not really business hours uk time", "nope
 * office hours", "no office hours only"): two clauses, when the clause read alone agrees. After a bare "not" it could as
 * well be one negated phrase ("not 9 to 5"), so then the bot asks.
 */
function openingReply(question: QuestionFile, words: readonly string[], lang: AnswerLanguage, names: boolean): Parsed | undefined {
  if (!question.yes || !question.no) return undefined;
  // (Not the start of a longer phrase: "no point in…", "no one calls…", "no problem".)
  const longer = (k: number) => [lang.notNegators, lang.clauseNegators, lang.negators].some((list) => list.some((p) => p.length > k && matchesAt(words, 0, p)));
  for (let k = Math.min(OPENING_REPLY_WORDS_MAX, words.length - 1); k >= 1; k--) {
    const opening = words.slice(0, k);
    if (opening.includes(BREAK)) continue;
    const said = opening.join(' ');
    const yes = lang.yes.has(said);
    // Only a reply of its own opens a clause: "i doubt it's a side thing" and "i don't think we lack the people" are
    // one sentence.
    const reply = lang.interjections.some((p) => p.length === k && matchesAt(words, 0, p)) || (k === 1 && lang.plainYesNo.has(said));
    if ((!yes && !lang.no.has(said)) || !reply) continue;
    if (longer(k)) return undefined;
    // A reply ending in "not" negates a phrase after it ("definitely not peripheral"), not a clause ("i guess not
    // nobody calls us on a sunday"); one with a comma after it is a clause already; one carried on by a preposition
    // is one phrase ("no need to have business hours only").
    const endsInNot = k > 1 && lang.negatorWords.has(opening[k - 1]!);
    const clauseAfter = lang.clauseOpeners.some((p) => matchesAt(words, k, p));
    if (words[k] === BREAK || (endsInNot && !clauseAfter) || PLACE_PREPOSITIONS.has(words[k]!) || words[k] === 'to') return undefined;
    const rest = weighCues(question, words.slice(k), lang, names);
    if (rest.kind !== 'answer' || rest.value !== (yes ? question.yes : question.no)) return undefined;
    if (!BARE_NEGATORS.has(said)) return rest;
    // A bare "no", "not" or "never" may negate what follows ("not 9 to 5", "no skills gap at all"): the two readings
    // agree, or the bot asks.
    const whole = weighCues(question, words, lang, names);
    return whole.kind === 'answer' && whole.value === rest.value ? rest : { kind: 'unclear', options: [question.yes, question.no] };
  }
  return undefined;
}
/** Words a sentence cannot end on, so a correction after them is a filler ("we don't need, I mean, 24/7"). */
const OPEN_ENDINGS = new Set(['be', 'been', 'say', 'call', 'need', 'want', 'think', 'is', 'are', 'was', 'were', 'the', 'a', 'an', 'to', 'very', 'so']);
/** The most words after "actually yes" for the yes to be the answer ("…so actually yes we will"). */
const CORRECTION_REPLY_WORDS_MAX = 3;
/**
 * A yes, a no or an option's name drawn as the conclusion at the end ("…but nobody has to watch them. so no", "…the
 * accounting never comes into it so non core"). A name counts over the facts before it; a yes or no the facts
 * contradict is asked about ("nobody calls after 6pm so yeah" may only agree with them). A "so"
 * after a negator or "for" is no conclusion ("not so core", "not for so long"); run into the sentence, only a name of
 * two words or more is taken ("so non core", not "so long").
 */
function conclusionAtEnd(question: QuestionFile, words: readonly string[], lang: AnswerLanguage, names: boolean): Parsed | undefined {
  for (let n = Math.min(CONCLUDED_REPLY_WORDS_MAX, words.length - 1); n >= 2; n--) {
    const at = words.length - n;
    const end = words.slice(at);
    const lead = lang.conclusions.find((c) => matchesAt(end, 0, c));
    if (!lead || end.includes(BREAK)) continue;
    const before = words[at - 1]!;
    if (lang.negatorWords.has(before) || NOT_CONCLUDING.has(before)) continue;
    const said = end.join(' ');
    const rest = words.slice(0, before === BREAK ? at - 1 : at);
    const reply = question.yes && question.no && (lang.yes.has(said) || lang.no.has(said)) ? (lang.yes.has(said) ? question.yes : question.no) : undefined;
    if (reply === undefined) {
      // An option's name drawn as the conclusion is the person's judgement over the facts ("we process salaries and
      // bank details, so some").
      const name = end.slice(lead.length);
      const named = question.options.filter((o) => phrases(o).includes(name.join(' ')));
      if (named.length === 1 && (before === BREAK || name.length >= 2)) return { kind: 'answer', value: named[0]!.value };
      continue;
    }
    const value = reply;
    const facts = weighCues(question, rest, lang, names);
    // (Facts the reader cannot place may say otherwise of a closing no, which may answer another question than the
    // one asked: "we have a whole team doing it already so no".)
    const unplaced = unplacedWords(rest, lang).length;
    if (facts.kind === 'unknown' && value === question.no && unplaced > UNPLACED_WORDS_MIN) return { kind: 'unclear', options: question.options.map((o) => o.value) };
    if (facts.kind !== 'answer' || facts.value === value) return { kind: 'answer', value };
    return { kind: 'unclear', options: [facts.value, value] };
  }
  return undefined;
}
/** Words after which "so" is an intensifier or part of a phrase, not a conclusion ("for so long", "or so"). */
const NOT_CONCLUDING = new Set(['for', 'or', 'be', 'been', 'is', 'are', 'was', 'that', 'and']);
/** The longest conclusion with a yes or no an answer may end with ("so not really"). */
const CONCLUDED_REPLY_WORDS_MAX = 4;
/** The longest yes or no an answer may open with, run into the clause after it. */
const OPENING_REPLY_WORDS_MAX = 5;

/** A clause of nothing but a bare cue ("we do", "we do not"), read as the yes or no it is. */
function bareReply(question: QuestionFile, words: readonly string[], lang: AnswerLanguage): { yes: boolean } | undefined {
  if (words.includes(BREAK)) return undefined;
  const hits = findAll(words, cueIndex(question, false));
  const only = hits.length === 1 && hits[0]!.start === 0 && hits[0]!.end === words.length && bare(words, hits[0]!, lang) ? hits[0]! : undefined;
  if (!only) return undefined;
  const how = negations(words, [only], lang)[0];
  const value = how === 'plain' ? only.value.value : only.value.negated;
  return value === question.yes ? { yes: true } : value === question.no ? { yes: false } : undefined;
}

/** The cues' verdict (see readCues). */
function weighCues(question: QuestionFile, words: readonly string[], lang: AnswerLanguage, names: boolean): Parsed {
  const cuePhrases = cueIndex(question, names);
  // Outside the function question, an option's name counts only as a clause of its own ("probably some"), not as a
  // word in a sentence ("nothing beyond that", "we would have to recruit").
  // A name that is a plain yes or no ("yes, business hours are fine") is read by yesNoAround, after the cues.
  const yesOrNo = (h: Hit<Cue>) => {
    const said = words.slice(h.start, h.end).join(' ');
    return lang.yes.has(said) || lang.no.has(said);
  };
  const counts = (h: Hit<Cue>) => !h.value.name || ((question.free_text || standsAlone(words, h, lang)) && !yesOrNo(h));
  const every = findAll(words, cuePhrases);
  // A name that does not count may hold a cue that does ("its not a project its bau": "project").
  const inside = (h: Hit<Cue>) => findAll(words.slice(h.start, h.end), cueIndex(question, false)).map((c) => ({ ...c, start: c.start + h.start, end: c.end + h.start }));
  const found = [...every.filter(counts), ...(names ? every.filter((h) => !counts(h)).flatMap(inside) : [])].sort((a, b) => a.start - b.start);
  // A bare cue gives way to any cue with content in the sentence ("we do not have the staff", "we have no clue").
  const contentful = found.some((h) => !bare(words, h, lang)) ? found.filter((h) => !bare(words, h, lang)) : found;
  const readOf = (list: ReadonlyArray<Hit<Cue>>, borrowed?: Set<number>, lessened?: Set<number>, doubted?: Set<number>) => {
    const sameOption = question.free_text ? (a: number, b: number) => list[a]!.value.value === list[b]!.value.value : undefined;
    return negations(words, list, lang, { borrowed, lessened, doubted, adjacent: sameOption, scale: question.scale !== undefined }).map((how, i) =>
      how === 'negated' && neededOnCondition(words, list[i]!, lang) ? 'plain' : how,
    );
  };
  // A word that only names the question's subject gives way to another option's cue said plainly, or to a cue of its
  // own option denied ("savings would be a bonus", "i don't care much about the savings"; not "savings, quality
  // doesn't matter").
  const subjectWords = subjectWordsOf(question);
  const subjectOnly = (h: Hit<Cue>) => subjectWords.has(words.slice(h.start, h.end).join(' '));
  const first = contentful.some(subjectOnly) ? readOf(contentful) : [];
  const givesWay = (h: Hit<Cue>) =>
    subjectOnly(h) && contentful.some((o, k) => o !== h && !subjectOnly(o) && (o.value.value !== h.value.value ? first[k] === 'plain' : first[k] === 'negated'));
  const hits = contentful.filter((h) => !givesWay(h));
  const borrowed = new Set<number>();
  const lessened = new Set<number>();
  const doubted = new Set<number>();
  const read = readOf(hits, borrowed, lessened, doubted);
  // A reading in doubt ("i don't think we only need business hours") is asked about.
  if (doubted.size > 0) return { kind: 'unclear', options: question.options.map((o) => o.value) };
  // A cue that names a place in an order ("the main driver is speed", "our top priority is quality"), filled with
  // something other than the question's subject: it says what comes first, not this, so the bot asks.
  if (subjectWords.size > 0 && hits.some((h, i) => read[i] === 'plain' && slotFilledOtherwise(words, h, subjectWords, lang))) return { kind: 'unclear', options: question.options.map((o) => o.value) };
  // A moderator tones down the top of a question's scale only ("kind of low" is still low).
  const top = question.scale?.[0];
  const turned = hits.map((h, i) => {
    const how = read[i]!;
    // (Not the option's value itself: "fairly high" is high, "moderately hands on" is medium.)
    const ownName = words.slice(h.start, h.end).join(' ') === normaliseInput(h.value.value);
    return how === 'plain' && h.value.softened && h.value.value === top && !ownName && moderated(words, h, lang) ? 'softened' : how;
  });
  const all = question.options.map((o) => o.value);
  const votes: Vote[] = [];
  hits.forEach((h, i) => {
    const cue = h.value;
    const others = all.filter((v) => v !== cue.value);
    const how = turned[i]!;
    const said = words.slice(h.start, h.end).join(' ');
    const isName = cue.name === true || question.options.some((o) => o.value === cue.value && phrases(o).includes(said));
    if (cue.between) votes.push({ allowed: cue.between, at: h.start, positive: how === 'plain', direct: false });
    else if (how === 'plain') {
      const cueWords = words.slice(h.start, h.end);
      const not = cueWords.findIndex((w) => lang.negatorWords.has(w));
      votes.push({ allowed: [cue.value], at: h.start, positive: true, direct: isName && standsAlone(words, h, lang), saysNot: not >= 0 });
      // A cue that denies another option by name ("not critical" for important) rules that option out too ("not
      // critical, but we'd like some savings" is important).
      const deniedName = not >= 0 ? question.options.find((o) => o.value !== cue.value && phrases(o).includes(cueWords.slice(not + 1).join(' '))) : undefined;
      if (deniedName) votes.push({ allowed: all.filter((v) => v !== deniedName.value), denied: deniedName.value, insteadOf: deniedName.softened, at: h.start, positive: false, direct: false, named: true });
    }
    else if (how === 'softened' && cue.softened) votes.push({ allowed: [cue.softened], alone: cue.softened, denied: cue.value, insteadOf: cue.softened, at: h.start, positive: false, direct: false, lessened: lessened.has(i), softened: true });
    else if (question.free_text) votes.push({ allowed: [], at: h.start, positive: false, direct: false }); // "not marketing": only ruled out
    else votes.push({ allowed: others, alone: cue.negated, denied: cue.value, insteadOf: cue.softened, at: h.start, positive: false, direct: false, named: isName && !borrowed.has(i), saysNot: words.slice(h.start, h.end).some((w) => lang.negatorWords.has(w)) });
  });
  // What used to be, then a turn ("started as a 3 month pilot but now it's just how we work", "we used to have a team
  // but they were all let go"): only what is true now counts.
  const past = pastSpans(words, lang);
  if (past.length > 0) {
    const now = votes.filter((v) => !past.some(([from, to]) => v.at >= from && v.at < to));
    votes.length = 0;
    votes.push(...now);
  }
  if (votes.length === 0 && question.yes && question.no) {
    const said = yesNoAround(words, lang);
    if (said) votes.push({ allowed: [said.yes ? question.yes : question.no], at: said.at, positive: true, direct: true });
  }
  // Only ruled out ("nothing with production, just facilities"): for the function, a name of its own.
  if (question.free_text && votes.length > 0 && votes.every((v) => v.allowed.length === 0)) return { kind: 'unknown' };
  if (votes.length === 0) return { kind: 'unknown' };
  const unclear = (values: Iterable<string>): Parsed => {
    const set = new Set(values);
    const options = all.filter((v) => set.has(v));
    return { kind: 'unclear', options: options.length >= 2 ? options : all };
  };

  const turnAt = turnIn(words, lang);
  const softenedOf = (value: string) => question.options.find((o) => o.value === value)?.softened;
  // A named option standing as a clause is the answer, when those agree; toned down by what follows a turn, it is the
  // middle one ("a lot, but it's not the only thing we care about" is important).
  const direct = new Set(votes.filter((v) => v.direct).flatMap((v) => v.allowed));
  if (direct.size === 1) {
    const named = [...direct][0]!;
    const middle = softenedOf(named);
    // (Only by a cue that says "not" itself, not "critical, but it's important that quality stays high", asked below;
    // after a turn, or in a later clause: "we do, quite a lot — it just isn't the only thing". Not the bottom of a
    // scale: "low but not zero" is low.)
    const from = turnAt >= 0 ? turnAt : Math.max(...votes.filter((v) => v.direct).map((v) => v.at));
    const tonedDown = middle !== undefined && named !== question.scale?.at(-1) && votes.some((v) => v.at > from && v.allowed.length === 1 && v.allowed[0] === middle && !v.direct && v.saysNot);
    if (tonedDown) return { kind: 'answer', value: middle };
    // A function's name that two or more facts around it all say otherwise about ("internal it, laptops, accounts":
    // "accounts" is also a name of accounting) may be a word in another sense: the bot asks. (On the other questions
    // a name is the person's judgement over the facts: "probably some, we do store card payments" is some.)
    const facts = votes.filter((v) => v.positive && !v.direct && v.allowed.length === 1);
    const against = new Set(facts.filter((v) => v.allowed[0] !== named).map((v) => v.allowed[0]!));
    const contrary = facts.filter((v) => v.allowed[0] !== named).length;
    if (question.free_text && contrary >= FACTS_AGAINST_A_NAME && contrary === facts.length) return unclear([named, ...against]);
    // A fact for another option after a turn ("we're 9-5 but the new contract requires 24/7", "critical, but it's
    // important that quality stays high"): a change of mind or a word in another sense, which the bot asks about.
    const contraryAfter = votes.some((v) => v.positive && !v.direct && !v.saysNot && v.at > turnAt && (v.allowed.length > 1 || v.allowed[0] !== named));
    if (turnAt >= 0 && votes.some((v) => v.direct && v.at < turnAt) && contraryAfter) return unclear(all);
    return { kind: 'answer', value: named };
  }
  if (direct.size > 1) {
    // Names that disagree, and the facts around them back one ("it support — laptops, accounts"): that one.
    const backed = [...direct].filter((o) => votes.some((v) => v.positive && !v.direct && v.allowed.length === 1 && v.allowed[0] === o));
    const against = votes.some((v) => !v.positive);
    return backed.length === 1 && !against ? { kind: 'answer', value: backed[0]! } : unclear(direct);
  }

  // A plain cue for an option the person ruled out means that option's softened form, or nothing.
  // (Only what the person said of the option itself rules it out: its name negated, or any cue of it compared down,
  // "not as much as banks"; "not just healthcare" does not.)
  const outOfPlay = new Map(votes.filter((v) => !v.positive && v.denied && (v.named || v.lessened)).map((v) => [v.denied!, v.insteadOf] as const));
  const positive = votes
    .filter((v) => v.positive)
    .flatMap((v): Vote[] => {
      const kept = v.allowed.filter((a) => !outOfPlay.has(a));
      if (kept.length > 0) return [{ ...v, allowed: kept }];
      const instead = v.allowed.map((a) => outOfPlay.get(a)).filter((a): a is string => a !== undefined);
      return instead.length > 0 ? [{ ...v, allowed: instead }] : [];
    });
  // After a turn, only negations, and they rule out all the plain cues before it ("saturdays yes, but never
  // overnight", "we need overnight cover, but not weekends"): one fact said and another denied, and which counts is
  // not in the words, so the bot asks. When the option itself is denied by name ("high control, but not hands-on"),
  // it is toned down to its middle, or left to the negations.
  const overturned =
    turnAt >= 0 &&
    positive.length > 0 &&
    !positive.some((v) => v.at > turnAt) &&
    votes.some((v) => !v.positive && v.at > turnAt) &&
    positive.every((p) => p.allowed.every((o) => votes.some((v) => !v.positive && v.at > turnAt && !v.allowed.includes(o))));
  if (overturned) {
    const said = new Set(positive.flatMap((v) => v.allowed));
    const byName = votes.some((v) => !v.positive && v.at > turnAt && v.named && v.denied !== undefined && said.has(v.denied));
    // A closing "so no" settles it.
    const closing = question.yes && question.no ? yesNoAround(words, lang) : undefined;
    if (!byName && closing) return { kind: 'answer', value: closing.yes ? question.yes! : question.no! };
    if (!byName) return unclear(all);
    const middle = said.size === 1 ? softenedOf([...said][0]!) : undefined;
    if (middle) return { kind: 'answer', value: middle };
  }
  if (positive.length > 0 && !overturned) {
    const after = turnAt >= 0 ? positive.filter((v) => v.at > turnAt) : [];
    // The middle of a scale, then a turn to an end of it ("some control, but no need for face to face", "it matters,
    // but quality matters more"): a qualifier or the answer, which is not in the words, so the bot asks. (A turn to
    // the middle tones down: "we'd like savings, but not at any price" is important.)
    const middle = question.scale?.[1];
    if (middle !== undefined && after.length > 0) {
      const before = new Set(positive.filter((v) => v.at < turnAt).flatMap((v) => v.allowed));
      const later = new Set(after.flatMap((v) => v.allowed));
      if (before.size === 1 && before.has(middle) && !later.has(middle)) return unclear([...before, ...later]);
    }
    // Plain facts, then a turn to words the reader cannot place ("we have people but none of them know payroll", "we're
    // a fintech but this is just marketing"): those words may well say otherwise, so the bot asks.
    if (turnAt >= 0 && after.length === 0 && votes.every((v) => v.at < turnAt)) {
      // (A turn to a negation tones down or qualifies, which the rules below read: "it matters but it's not the whole
      // story".)
      const rest = words.slice(turnAt + 1);
      const unplaced = unplacedWords(rest, lang);
      if (unplaced.length >= UNPLACED_WORDS_MIN && !rest.some((w) => lang.negatorWords.has(w))) return unclear(all);
    }
    const values = new Set((after.length > 0 ? after : positive).flatMap((v) => v.allowed));
    // An option denied, then said again after a turn ("it's not critical that we sit together, but we'd want real
    // oversight"; "doesn't have to be the same building, but we need daily standups"): people mean its middle as often
    // as the option itself, so the bot asks. So it does without a turn, in a later clause, which may be said of
    // something else ("it's not what sets us apart, our product does that") or undo a double negative the reader
    // missed.
    const only = values.size === 1 ? [...values][0]! : undefined;
    // (Not a double negative, which concedes: "it's not that we don't care, but results are what count" is low; nor
    // "not only banks but insurers too".)
    const laterClause = (v: Vote) => (turnAt >= 0 ? v.at < turnAt && after.length > 0 : positive.every((p) => words.slice(v.at, p.at).includes(BREAK)));
    const deniedFirst = only !== undefined && votes.some((v) => !v.positive && v.denied === only && laterClause(v) && !v.saysNot && !v.softened);
    // Said, then denied in a later clause ("daily standups on zoom are ok, dont need them in person"): the bot asks.
    const deniedAfter = only !== undefined && turnAt < 0 && votes.some((v) => !v.positive && v.denied === only && !v.saysNot && !v.softened && positive.every((p) => p.at < v.at && words.slice(p.at, v.at).includes(BREAK)));
    if (deniedAfter) return unclear(middle !== undefined ? [only, middle] : all);
    if (deniedFirst) return unclear(middle !== undefined ? [only, middle] : all);
    // Toned down, then said after a turn ("not so much control, but sometimes we need to meet face to face"): its
    // middle. (Not "not just X but Y", which adds: "not only banks but insurers too".)
    const additive = (v: Vote) => words.slice(Math.max(0, v.at - ADDITIVE_REACH), v.at).some((w) => ADDITIVE_WORDS.has(w));
    const toned = only !== undefined && after.length > 0 && middle !== undefined && votes.find((v) => !v.positive && v.softened && v.denied === only && v.at < turnAt && v.insteadOf === middle && !additive(v));
    if (toned) return { kind: 'answer', value: middle };
    if (only !== undefined) return { kind: 'answer', value: only };
    // Cues that leave two options, and a negation that rules one of them out ("we do not lack the skills, we lack
    // time"): what the negation leaves.
    const notDenied = [...values].filter((o) => votes.every((v) => v.positive || v.allowed.includes(o)));
    return notDenied.length === 1 ? { kind: 'answer', value: notDenied[0]! } : unclear(values);
  }

  return negationsAlone();

  /** Negations alone: what none of them rules out, or the one option they all point to. */
  function negationsAlone(): Parsed {
    const negative = votes.filter((v) => !v.positive);
    const left = all.filter((o) => negative.every((v) => v.allowed.includes(o)));
    if (left.length === 1) return { kind: 'answer', value: left[0]! };
    // On a scale, a negation on one side of a turn and words the reader cannot place on the other ("not heavily, but
    // there's stuff we have to follow"): those words may well say the middle, so the bot asks.
    if (question.scale && turnAt >= 0 && left.length > 1) {
      const negatedBefore = negative.every((v) => v.at < turnAt);
      const negatedAfter = negative.every((v) => v.at > turnAt);
      const other = negatedBefore ? words.slice(turnAt + 1) : negatedAfter ? words.slice(0, turnAt) : [];
      const unplaced = unplacedWords(other, lang);
      if (unplaced.length >= UNPLACED_WORDS_MIN) return unclear(left);
    }
    const after = turnAt >= 0 ? negative.filter((v) => v.at > turnAt) : [];
    const counted = after.length > 0 ? after : negative;
    const alone = new Set(counted.map((v) => v.alone));
    if (alone.size === 1 && !alone.has(undefined) && left.includes([...alone][0]!)) return { kind: 'answer', value: [...alone][0]! };
    return unclear(left.length > 0 ? left : counted.flatMap((v) => v.allowed));
  }
}

export function parseInput(question: QuestionFile, raw: string, file: AnswersFile): Parsed {
  if (raw.length > ANSWER_CHARS_MAX) return { kind: 'unknown' };
  // "24/7? nah", "is it core? not really": the question said back, then answered; what follows it is the answer,
  // when it is one.
  // (Said back in quotes only after asides: "i wouldn't call it 'core'" is a sentence of its own.)
  const lang = answerLanguage(file);
  const quoted = QUOTED_ECHO.exec(raw.trim());
  const asidePrefix = (m: RegExpExecArray) => wordsOf(normaliseInput(m[0].slice(0, m[0].search(/['"‘“]/)))).every((w) => lang.hedges.has(w) || lang.laughs.has(w) || lang.smallTalk.has(w));
  const echoed = ECHO.exec(raw.trim()) ?? (quoted && asidePrefix(quoted) ? quoted : null);
  if (echoed && wordsOf(normaliseInput(echoed[1]!)).length <= ECHO_WORDS_MAX) {
    const answered = parseInput(question, echoed[2]!, file);
    // (A function named only as typed is too weak for that: "i guess support? the ticket queue" is support.)
    if (answered.kind === 'answer' && answered.label === undefined) return answered;
    // "high? definitely" is the option said back; "high? not really" rules it out; "high? dunno" says nothing.
    const echo = parseInput(question, echoed[1]!, file);
    const reply = normaliseInput(withoutAsides(echoed[2]!, lang) ?? echoed[2]!);
    const { yes, no } = lang;
    // "marketing? nah, sales": another function named after the "no" is the answer.
    const saysNo = [...no].some((n) => normaliseInput(echoed[2]!).startsWith(`${n} `));
    if (answered.kind === 'answer' && saysNo && question.free_text) return answered;
    if (echo.kind === 'answer' && !(answered.kind === 'answer')) {
      if (yes.has(reply)) return echo;
      const others = question.options.map((o) => o.value).filter((v) => v !== echo.value);
      if (no.has(reply) && others.length === 1) return { kind: 'answer', value: others[0]! };
      return { kind: 'unclear', options: no.has(reply) ? others : question.options.map((o) => o.value) };
    }
  }
  const text = normaliseInput(raw);
  if (text === '') return { kind: 'unknown' };
  // The same without a question mark, when what is said back is an option's own name ("24/7 nah", "core lol no").
  const bareEcho = echoWithoutMark(question, text, lang);
  if (bareEcho) return bareEcho;
  // Clause by clause ("important yes, core no"): the one option's name said back and answered, when only one is.
  const clauseEchoes = raw.split(/[,.;]+/).map(normaliseInput).filter(Boolean);
  if (clauseEchoes.length > 1) {
    const read = clauseEchoes.map((c) => echoWithoutMark(question, c, lang)).filter((r): r is Parsed => r !== undefined);
    const values = new Set(read.map((r) => (r.kind === 'answer' ? r.value : '?')));
    if (read.length === 1 && values.size === 1 && !values.has('?')) return read[0]!;
  }
  const command = lang.commands.get(text);
  if (command) return { kind: 'command', command };
  if (lang.smallTalk.has(text)) return { kind: 'unknown' };
  // A correction after a first answer ("high - actually no, medium is fairer", "no… actually yes, Priya's team does
  // it"): what follows the last one, when it is an answer.
  const correction = lastCorrection(raw, lang);
  if (correction) {
    // Mid-sentence, after words that leave it open ("we don't, actually, have the skills", "it's not - I mean -
    // core"), it is a filler: the sentence is read without it.
    const lastBefore = wordsOf(normaliseInput(correction.before)).at(-1);
    const open = lastBefore === undefined || lang.negatorWords.has(lastBefore) || lang.auxiliaries.has(lastBefore) || OPEN_ENDINGS.has(lastBefore);
    if (open && !correction.strong) return parseInput(question, `${correction.before} ${correction.rest}`, file);
    // (A bare yes or no after it is about what was withdrawn, when that was a statement: "…office hours, hmm no
    // probably not"; after an unsure start it answers the question: "i'm not sure we do... actually no, we don't".)
    const restSaid = normaliseInput(correction.rest);
    const aboutWithdrawn = (lang.yes.has(restSaid) || lang.no.has(restSaid)) && parseInput(question, correction.before, file).kind === 'answer';
    const inner = aboutWithdrawn ? ({ kind: 'unclear', options: [] } as const) : parseInput(question, correction.rest, file);
    if (inner.kind === 'answer') return inner;
    // "…so actually yes we will": a yes said as the correction, with only a few words after it.
    if (correction.reply === 'yes' && question.yes && inner.kind === 'unknown' && wordsOf(normaliseInput(correction.rest)).length <= CORRECTION_REPLY_WORDS_MAX) return { kind: 'answer', value: question.yes };
    // Otherwise what was said is withdrawn ("non core - actually no, that's wrong") and what counts is not in the
    // words: the bot asks.
    return { kind: 'unclear', options: question.options.map((o) => o.value) };
  }
  // Asides around an answer do not change it ("honestly, 5", "yeah 2", "payrol tbh", "so some lol"): what is left, when
  // it is an answer, is the answer.
  const unwrapped = withoutAsides(raw, lang);
  if (unwrapped !== undefined) {
    const inner = parseInput(question, unwrapped, file);
    if (inner.kind === 'answer') return inner;
  }

  // A number or ordinal picks an option by position.
  const num = /^(?:option |number |#)?(\d{1,2})$/.exec(text)?.[1];
  const position = num !== undefined ? Number(num) - 1 : lang.ordinals.indexOf(text.replace(/^the /, '').replace(/ one$/, ''));
  if (position >= 0 && position < question.options.length) return { kind: 'answer', value: question.options[position]!.value };

  // The sentence's words, and the same with its clause breaks, read once.
  const words = wordsOf(text);
  const parts = clauses(raw, lang);
  // The option's value, label or a synonym, as the whole answer, perhaps hedged or laughed around ("yeah it", "it lol").
  const aside = (w: string) => lang.hedges.has(w) || lang.smallTalk.has(w);
  const hedged = (p: string) => {
    const name = wordsOf(p);
    return words.some((_, i) => matchesAt(words, i, name) && [...words.slice(0, i), ...words.slice(i + name.length)].every(aside));
  };
  const exact = question.options.filter((o) => phrases(o).includes(text) || phrases(o).some(hedged));
  if (exact.length === 1) return { kind: 'answer', value: exact[0]!.value };
  if (question.yes && lang.yes.has(text)) return { kind: 'answer', value: question.yes };
  if (question.no && lang.no.has(text)) return { kind: 'answer', value: question.no };
  // "depends what you count as regulated", "not sure, maybe": nothing definite, whatever follows.
  // "not sure, probably light" leans one way: an option's name standing as a later clause is the answer.
  // "not sure what you'd call it, social media and paid ads mostly": what a later clause says, when it is plain.
  // ("no idea how to do payroll" opens with a longer cue: it is read by the cues.)
  const lead = Math.max(0, ...lang.unclearLeads.filter((p) => matchesAt(words, 0, p)).map((p) => p.length));
  const leadCue = lead > 0 ? Math.max(0, ...findAll(words, cueIndex(question, false)).filter((h) => h.start === 0).map((h) => h.end)) : 0;
  if (lead > 0 && lead >= leadCue) {
    const leaning = namedClause(question, parts, lang);
    if (leaning) return { kind: 'answer', value: leaning };
    const later = parts.slice(parts.indexOf(BREAK) + 1);
    const plain = parts.includes(BREAK) && later.length > 0 && later.length <= ANSWER_WORDS_MAX && ![...lang.unclear].some((u) => matchesPhrase(later, wordsOf(u)));
    const read = plain ? readCues(question, later, lang) : undefined;
    if (read?.kind === 'answer') return read;
    // "somewhere between important and critical": asked between the options it names.
    const named = new Set(findAll(parts, nameIndex(question)).map((h) => h.value));
    return { kind: 'unclear', options: named.size >= 2 ? question.options.map((o) => o.value).filter((v) => named.has(v)) : question.options.map((o) => o.value) };
  }
  // "none of those, it's content moderation": a clause that sets the list aside, then the function's own name (a
  // listed one named after it is still that one; "none of those, idk" is unclear).
  if (question.free_text) {
    const cut = parts.indexOf(BREAK);
    if (cut > 0 && lang.otherLeads.some((p) => p.length === cut && matchesAt(parts, 0, p))) {
      const after = parts.slice(cut + 1).filter((x) => x !== BREAK);
      const from = after.findIndex((x) => !lang.hedges.has(x));
      const name = from < 0 ? [] : after.slice(from);
      const listed = new Set(findAll(after, nameIndex(question)).map((h) => h.value));
      if (listed.size === 1) return { kind: 'answer', value: [...listed][0]! };
      const said = name.join(' ');
      if (name.length === 0 || lang.unclear.has(said) || lang.commands.has(said) || matchesPhrase(name, ['not', 'sure'])) return { kind: 'unclear', options: question.options.map((o) => o.value) };
      if (name.length <= FUNCTION_WORDS_MAX) return { kind: 'answer', value: 'other', label: takeGraphemes(said, FUNCTION_LABEL_MAX) };
    }
  }
  // Phrases that say yes or no wherever they stand ("it's not necessary for this one").
  // (Not one a negator right before it turns around: "i wouldn't say we don't need it" is read by the cues.)
  if (question.yes && question.no) {
    const negators = negatorsIn(parts, lang);
    const found = (list: AnswerLanguage['plainYes']) => list.flatMap((p) => parts.flatMap((_, i) => (matchesAt(parts, i, p) ? [i] : [])));
    const yes = found(lang.plainYes);
    const no = found(lang.plainNo);
    // (A "no" before it only says it twice: "honestly no it's not needed".)
    const governed = (i: number) => negators.some((n) => n.end <= i && !lang.no.has(parts.slice(n.start, n.end).join(' ')) && reach(parts.slice(n.end, i), lang) === 0 && !blocked(parts.slice(n.end, i), lang));
    if (yes.length > 0 !== no.length > 0 && ![...yes, ...no].some(governed)) return { kind: 'answer', value: yes.length > 0 ? question.yes : question.no };
  }
  if (!question.yes && (lang.yes.has(text) || lang.no.has(text))) return { kind: 'unclear', options: question.options.map((o) => o.value) };
  if (lang.unclear.has(text)) return { kind: 'unclear', options: question.options.map((o) => o.value) };

  // A question is answered aside, never read as an answer ("does gdpr count?").
  const asks = /\?\s*$/.test(raw.trim()) || lang.questionStarts.some((q) => q.every((w, j) => words[j] === w));
  if (asks) return { kind: 'unknown' };

  // A function outside the list whose name holds a listed one's words ("research & development", "medical coding").
  if (question.free_text && question.other_names.length > 0) {
    const hits = findAll(words, functionIndex(question));
    // (So does one that opens the answer, with a listed function's word only after a preposition: "security guards for
    // the plant".)
    const placeAfter = hits[0]?.value === undefined && hits[0]?.start === 0 && hits.slice(1).every((h) => words.slice(hits[0]!.end, h.start).some((w) => PLACE_PREPOSITIONS.has(w)));
    if (hits.length > 0 && (hits.every((h) => h.value === undefined) || placeAfter) && words.length <= FUNCTION_SENTENCE_WORDS_MAX && !lang.auxiliaries.has(words[0]!)) {
      return { kind: 'answer', value: 'other', label: takeGraphemes(raw.trim(), FUNCTION_LABEL_MAX) };
    }
  }

  // Close spellings of a whole label, value or synonym ("critcal", "non core", "shrot").
  // (A swap that spells another word is that word: "lost" is not "lots".)
  const closeTo = (said: string) =>
    said.length < 4 ? [] : question.options.filter((o) => phrases(o).some((p) => p.length >= 4 && (distance(p, said) <= (p.length >= 8 ? 2 : 1) || (swapped(p, said) && !englishWords().has(said)))));
  const close = closeTo(text);
  if (close.length === 1) return { kind: 'answer', value: close[0]!.value };
  // For the function, so is a clause of its own beside clauses that name none or rule one out ("not sales, custmer
  // suport").
  if (question.free_text && parts.includes(BREAK)) {
    const clausesOf = parts.join(' ').split(BREAK).map((c) => c.trim()).filter(Boolean);
    const close = clausesOf.filter((c) => !lang.negatorWords.has(wordsOf(c)[0]!)).map((c) => ({ clause: c, options: closeTo(c) }));
    const others = close.filter((c) => c.options.length === 0).map((c) => c.clause);
    const found = new Set(close.flatMap((c) => c.options.map((o) => o.value)));
    if (found.size === 1 && others.every((c) => findAll(wordsOf(c), functionIndex(question)).length === 0)) return { kind: 'answer', value: [...found][0]! };
  }

  // A long message that ends in its conclusion ("…and the carriers don't collect after 8pm anyway, so no i don't think
  // we need anyone through the night"): the conclusion, when it is an answer.
  // (Only one that opens a clause, "…, so no", "…and in the end…", not "or so" or "so far"; and not one that turns
  // again: "…so it doesn't make sense even though customers keep asking for round the clock".)
  if (words.length > ANSWER_WORDS_MAX) {
    const opensClause = (i: number) => i === 0 || parts[i - 1] === BREAK || CONCLUSION_JOINERS.has(parts[i - 1]!);
    let from = -1;
    let marker = 0;
    for (const c of lang.conclusions) {
      const at = parts.findLastIndex((_, i) => matchesAt(parts, i, c) && opensClause(i));
      if (at > from || (at === from && c.length > marker)) [from, marker] = [at, c.length];
    }
    const conclusion = from >= 0 ? parts.slice(from + marker) : [];
    const plain = conclusion.length > 1 && conclusion.length <= ANSWER_WORDS_MAX && turnIn(conclusion, lang) < 0;
    const read = plain ? readCues(question, conclusion, lang) : undefined;
    if (read?.kind === 'answer') return read;
  }
  if (words.length <= ANSWER_WORDS_MAX) {
    const read = readCues(question, parts, lang);
    if (read.kind !== 'unknown') return read;
    // A score out of ten, when nothing else is said: along the options from most to least ("like a 2/10").
    const score = question.scale ? scoreOutOfTen(raw, lang) : undefined;
    if (score !== undefined && question.scale) {
      const at = Math.min(question.scale.length - 1, score >= SCORE_TOP ? 0 : score >= SCORE_MIDDLE ? 1 : 2);
      return { kind: 'answer', value: question.scale[at]! };
    }
    // No cue said anything: an option's names anywhere in the sentence, when only one option is named ("we'd say
    // important overall", "we've got the know-how").
    const inside = findAll(parts, nameIndex(question));
    const negated = negations(parts, inside, lang);
    // A negator anywhere in a name's clause may be about it ("we have neither the people nor the skills").
    const negatorInClause = (h: Hit<string>) => {
      const { before, after } = aroundIn(parts, h);
      return [...before, ...after].some((w) => lang.negatorWords.has(w));
    };
    const values = new Set(inside.filter((h, i) => negated[i] === 'plain' && !negatorInClause(h)).map((h) => h.value));
    if (values.size === 1) return { kind: 'answer', value: [...values][0]! };
  }
  // Saying nothing definite ("several actually", "hmm let me think") is asked again, never taken as an answer.
  if ([...lang.unclear].some((u) => matchesPhrase(words, wordsOf(u)))) return { kind: 'unclear', options: question.options.map((o) => o.value) };

  // The function question accepts any short name as typed (not a question: "is it friday yet"), and a name said
  // after ruling the listed ones out ("nothing with production, just facilities and cleaning").
  const opensAside = lang.asideLeads.some((p) => matchesAt(words, 0, p));
  if (question.free_text && (words.length <= FUNCTION_WORDS_MAX || ruledOut(question, parts, lang)) && !lang.auxiliaries.has(words[0]!) && !opensAside) {
    return { kind: 'answer', value: 'other', label: takeGraphemes(raw.trim(), FUNCTION_LABEL_MAX) };
  }
  return { kind: 'unknown' };
}

/** Whether two words differ only by two neighbouring letters swapped ("shrot", "coer"). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const at = [...a].findIndex((c, i) => c !== b[i]);
  return a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2);
}

/** A score out of ten said as "2/10", "5 out of 10" or "on a scale of 1 to 10, a 10"; undefined otherwise. */
function scoreOutOfTen(raw: string, lang: AnswerLanguage): number | undefined {
  // "on a scale of 1 to 10" names the scale, not the score; "3-10 percent" is a range, not a score.
  const said = raw.toLowerCase().replace(/scale (?:of|from) [01]\s*(?:-|–|to)\s*10/g, 'scale');
  const out = [...said.matchAll(/(?<![\d.\-–])\b(\d{1,2})\s*(?:\/|out of)\s*10\b(?![\d%])/g)];
  const onScale = /\bscale\b/.test(said) ? /(?:^|[\s?:,])(?:a |an )?(\d{1,2})\s*[.!]?\s*$/.exec(said) : null;
  // One score, not denied ("not 10/10").
  if (out.length > 1 || wordsOf(normaliseInput(said)).some((w) => lang.negatorWords.has(w))) return undefined;
  const n = Number((out[0] ?? onScale)?.[1]);
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : undefined;
}
/** Scores out of ten from which the top option, then the middle one, is read (below: the last). */
const SCORE_TOP = 8;
const SCORE_MIDDLE = 4;

/** The command a message is, if it is one ("start over"). */
export function commandOf(raw: string, file: AnswersFile): Command | undefined {
  return answerLanguage(file).commands.get(normaliseInput(raw));
}

/** Whether a message asks something (a question mark, or a question word first) rather than answers. */
export function asksSomething(raw: string, file: AnswersFile): boolean {
  const lang = answerLanguage(file);
  const words = wordsOf(normaliseInput(raw));
  return /\?\s*$/.test(raw.trim()) || lang.questionStarts.some((q) => q.every((w, j) => words[j] === w));
}

/**
 * The option a sentence said in passing points to ("should we offshore support? we're a fintech": regulation is
 * heavy), read from cues only and only when they agree; undefined otherwise. Offered for confirmation, never taken.
 */
export function suggestedBy(question: QuestionFile, raw: string, file: AnswersFile): string | undefined {
  if (raw.length > ANSWER_CHARS_MAX) return undefined;
  const lang = answerLanguage(file);
  // Only what a cue says: a yes, a no or an option's bare name in the sentence answered something else.
  const r = readCues({ ...question, yes: undefined, no: undefined }, clauses(raw, lang), lang, false);
  return r.kind === 'answer' ? r.value : undefined;
}

/** The one option named by a clause of nothing but its name and hedges ("… probably light"), if there is one. */
function namedClause(question: QuestionFile, words: readonly string[], lang: AnswerLanguage): string | undefined {
  const named = new Set<string>();
  let clause: string[] = [];
  for (const w of [...words, BREAK]) {
    if (w !== BREAK) {
      clause.push(w);
      continue;
    }
    const bare = clause.filter((x) => !lang.hedges.has(x)).join(' ');
    for (const o of question.options) if (bare !== '' && phrases(o).includes(bare)) named.add(o.value);
    clause = [];
  }
  return named.size === 1 ? [...named][0] : undefined;
}

/** Whether a sentence only rules options out ("nothing with production…"). */
function ruledOut(question: QuestionFile, words: readonly string[], lang: AnswerLanguage): boolean {
  const hits = findAll(words, functionIndex(question)).filter((h) => h.value !== undefined);
  const how = negations(words, hits, lang, { adjacent: (a, b) => hits[a]!.value === hits[b]!.value });
  return hits.length > 0 && how.every((h) => h !== 'plain') && words.length <= FUNCTION_SENTENCE_WORDS_MAX;
}

/** The free-text question's cues and names (three letters or more) by option, and the names outside the list. */
const functionIndexes = new WeakMap<QuestionFile['options'], PhraseIndex<string | undefined>>();

function functionIndex(question: QuestionFile): PhraseIndex<string | undefined> {
  let index = functionIndexes.get(question.options);
  if (!index) {
    index = indexPhrases<string | undefined>([
      ...question.other_names.map((n) => [phrase(n), undefined] as const),
      ...question.options.flatMap((o) => [...o.cues, ...phrases(o).filter((p) => p.length >= 3)].map((c) => [phrase(c), o.value] as const)),
    ]);
    functionIndexes.set(question.options, index);
  }
  return index;
}

/** The option value a typed answer gives, or null when it is not an answer (a question, a command, or unclear). */
export function readAnswer(question: QuestionFile, raw: string, file: AnswersFile): string | null {
  const p = parseInput(question, raw, file);
  return p.kind === 'answer' ? p.value : null;
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
