/**
 * The content lint: rules about what the content says, beyond what loading checks. Readers' comments are never
 * passed off as the articles (a section citing one says it is a reader's; a section saying "reader" cites one);
 * nothing people read points "below" or "above" (a message can be shown in any layout, and read aloud); no emoji
 * carries meaning; and no topic repeats a run of words another topic already says. Pure: returns the problems.
 */
import type { Catalogue } from './load.js';
import type { IntentFile } from './schema.js';
import { answerTexts, sectionTexts } from './sections.js';

/** Words that place something on the screen rather than name it. */
const POSITIONAL = /\b(below|above|beneath)\b/i;
/** Emoji, as characters or as Slack `:codes:`. */
const EMOJI = /\p{Extended_Pictographic}|(^|\s):[a-z0-9_+-]+:(?=\s|$)/u;
/** A section that presents readers' views says so in these words. */
const READER = /\breaders?'?s?\b/i;
/** Topics may share no run of this many words (the same sentence said twice: say it once and link to it). */
export const SHARED_RUN_WORDS = 8;

/** Every text a person reads in the app, with where it comes from. */
function shownTexts(catalogue: Catalogue): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  const add = (where: string, ...texts: string[]) => texts.forEach((text) => out.push({ where, text }));
  for (const intent of catalogue.intents.values()) add(`topics/${intent.id}.yml`, intent.title, intent.label, intent.summary, ...answerTexts(intent));
  const walk = (where: string, v: unknown): void => {
    if (typeof v === 'string') add(where, v);
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(where, x));
  };
  walk('copy.yml', catalogue.copy);
  catalogue.home.topics.forEach((g) => add('home.yml', g.title));
  catalogue.gaps.forEach((g) => add('gaps.yml', g.says));
  const iv = catalogue.interview;
  for (const q of iv.questions) add(`interview/questions/${q.id}.yml`, q.name, q.prompt, q.help, ...q.options.flatMap((o) => [o.label, o.because]));
  for (const o of iv.outcomes.values()) add(`interview/outcomes/${o.id}.yml`, o.title, o.summary, o.explanation);
  for (const c of iv.challenges) add(`interview/challenges/${c.id}.yml`, c.title, c.description, c.mitigation);
  iv.rules.rules.forEach((r) => add('interview/rules.yml', r.reason));
  return out;
}

/** Readers' comments are cited where they are used, and said to be readers'. */
function commentRules(catalogue: Catalogue, intent: IntentFile): string[] {
  const problems: string[] = [];
  const file = `topics/${intent.id}.yml`;
  const isComment = (id: string) => catalogue.sources.get(id)?.kind === 'comment';
  intent.answer.forEach((s, i) => {
    const texts = sectionTexts(s).join(' ');
    const cites = s.sources.some(isComment);
    if (cites && !READER.test(texts)) problems.push(`${file} answer.${i}: cites readers' comments but does not say the view is a reader's`);
    if (!cites && READER.test(texts)) problems.push(`${file} answer.${i}: speaks of readers but cites no readers' comments (kind: comment)`);
  });
  for (const [field, text] of [['short', intent.short], ...intent.replies.map((r, i) => [`replies.${i}`, r.text] as const)] as const)
    if (READER.test(text)) problems.push(`${file} ${field}: readers' views belong in a section that cites them`);
  for (const src of intent.sources.filter(isComment))
    if (!intent.answer.some((s) => s.sources.includes(src))) problems.push(`${file} sources: "${src}" (readers' comments) must be cited by the section that uses it`);
  return problems;
}

/** Lowercase words of a text, markup and links removed. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/\[\[[^\]]*\]\]/g, ' ')
    .replace(/[^\p{L}\p{N}'\s-]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);

/** Pairs of topics whose answers say the same run of SHARED_RUN_WORDS words (the first such run of each pair). */
function sharedRuns(catalogue: Catalogue): string[] {
  const owner = new Map<string, string>();
  const pairs = new Map<string, string>();
  for (const intent of catalogue.intents.values()) {
    for (const text of answerTexts(intent)) {
      const w = wordsOf(text);
      for (let i = 0; i + SHARED_RUN_WORDS <= w.length; i++) {
        const run = w.slice(i, i + SHARED_RUN_WORDS).join(' ');
        const other = owner.get(run);
        if (other === undefined) owner.set(run, intent.id);
        else if (other !== intent.id && !pairs.has(`${intent.id}|${other}`)) pairs.set(`${intent.id}|${other}`, run);
      }
    }
  }
  return [...pairs].map(([pair, run]) => {
    const [id, other] = pair.split('|');
    return `topics/${id}.yml: says "${run}…" as topics/${other}.yml does; say it once and link to it`;
  });
}

export function lintContent(catalogue: Catalogue): string[] {
  const problems: string[] = [];
  for (const { where, text } of shownTexts(catalogue)) {
    if (POSITIONAL.test(text)) problems.push(`${where}: "${POSITIONAL.exec(text)![0]}" points at the screen; name what you mean instead`);
    if (EMOJI.test(text)) problems.push(`${where}: an emoji in "${text.slice(0, 60)}"; say it in words`);
  }
  for (const intent of catalogue.intents.values()) problems.push(...commentRules(catalogue, intent));
  problems.push(...sharedRuns(catalogue));
  return problems;
}
