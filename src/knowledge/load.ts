/**
 * Loads and validates the content in `intents/`: one YAML file per unit, linked by id.
 * A bad file stops startup with a message naming the file and the field.
 */
import { existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { GapsFile, HomeFile, IntentFile, LexiconFile, SourceFile } from './schema.js';
import { CopyFile, type Copy } from './copy.js';
import { NONE, REQUIRED_INTENT_IDS } from './contract.js';
import { contentError, listYaml, readUnit, readYaml, type DocReader } from './yaml.js';
import { FIRST_SCREEN_WORDS, isSelectable, linksIn, sectionTexts, sectionWords, wordCount } from './sections.js';
import { loadInterviewSpec, type InterviewSpec } from '../interview/spec.js';
import { missingReasoning } from '../interview/coverage.js';
import type { Because } from '../interview/schema.js';
import type { MatcherContent, TrainingExample } from '../nlu/matcher.js';

export interface Catalogue {
  /** Absolute path of the content folder this catalogue came from. */
  readonly dir: string;
  readonly intents: ReadonlyMap<string, IntentFile>;
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly lexicon: LexiconFile;
  readonly interview: InterviewSpec;
  /** The app's own sentences, by id. */
  readonly copy: Copy;
  readonly home: HomeFile;
  /** What the articles do not cover. */
  readonly gaps: GapsFile;
}

/** The repository's own `intents/` folder, found relative to this module (works from `src/` and `dist/`). */
export function defaultContentDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'intents');
    if (existsSync(join(candidate, 'lexicon.yml'))) return candidate;
    dir = dirname(dir);
  }
  return resolve('intents');
}

function readRequired<T extends z.ZodType>(root: string, name: string, schema: T, read: DocReader): z.infer<T> {
  const file = join(root, name);
  if (!existsSync(file)) throw contentError(root, file, 'file is missing');
  return readUnit(root, file, schema, read);
}

/** Loads `intents/` and checks every link. Throws an `AppError('content_invalid')` naming the file and field. */
export function loadCatalogue(dir: string = defaultContentDir(), read: DocReader = readYaml): Catalogue {
  const root = resolve(dir);
  const sources = new Map<string, SourceFile>();
  for (const file of listYaml(join(root, 'sources'))) {
    const unit = readUnit(root, file, SourceFile, read);
    if (sources.has(unit.id)) throw contentError(root, file, `field "id": duplicate source id "${unit.id}"`);
    sources.set(unit.id, unit);
  }

  const intents = new Map<string, IntentFile>();
  const files = new Map<string, string>();
  for (const file of listYaml(join(root, 'topics'))) {
    const unit = readUnit(root, file, IntentFile, read);
    if (intents.has(unit.id)) throw contentError(root, file, `field "id": duplicate intent id "${unit.id}"`);
    intents.set(unit.id, unit);
    files.set(unit.id, file);
  }

  const lexicon = readRequired(root, 'lexicon.yml', LexiconFile, read);

  for (const id of REQUIRED_INTENT_IDS) {
    if (!intents.has(id)) throw contentError(root, join(root, 'topics', `${id}.yml`), `required intent "${id}" is missing`);
  }
  const seenExamples = new Map<string, string>();
  for (const [id, intent] of intents) {
    const file = files.get(id)!;
    intent.related.forEach((rel, i) => {
      if (!intents.has(rel)) throw contentError(root, file, `field "related.${i}": unknown intent "${rel}"`);
      if (rel === id) throw contentError(root, file, `field "related.${i}": an intent cannot be related to itself`);
    });
    intent.sources.forEach((src, i) => {
      if (!sources.has(src)) throw contentError(root, file, `field "sources.${i}": unknown source "${src}"`);
    });
    intent.examples.forEach((ex, i) => {
      const key = ex.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      const other = seenExamples.get(key);
      if (other !== undefined && other !== id)
        throw contentError(root, file, `field "examples.${i}": "${ex}" is also an example of "${other}"`);
      seenExamples.set(key, id);
    });
  }
  const copy = readRequired(root, 'copy.yml', CopyFile, read);
  const home = readRequired(root, 'home.yml', HomeFile, read);
  home.topics.forEach((group, g) =>
    group.ids.forEach((id, i) => {
      if (!intents.has(id)) throw contentError(root, join(root, 'home.yml'), `field "topics.${g}.ids.${i}": unknown intent "${id}"`);
    }),
  );
  home.prompts?.items.forEach((p, i) => {
    if (!intents.has(p.intent)) throw contentError(root, join(root, 'home.yml'), `field "prompts.items.${i}.intent": unknown intent "${p.intent}"`);
  });
  if (home.table !== undefined && !intents.get(home.table)?.answer.some((s) => s.type === 'compare'))
    throw contentError(root, join(root, 'home.yml'), `field "table": "${home.table}" is not an intent with a compare section`);
  const gaps = readRequired(root, 'gaps.yml', GapsFile, read);
  gaps.forEach((gap, g) =>
    gap.closest.forEach((id, i) => {
      if (!intents.has(id)) throw contentError(root, join(root, 'gaps.yml'), `field "${g}.closest.${i}": unknown intent "${id}"`);
    }),
  );
  const subjectIds = new Set([...Object.keys(lexicon.subjects), 'both', 'any', 'none']);
  for (const [id, intent] of intents) {
    intent.covers.forEach((c, i) =>
      c.subjects.forEach((s, j) => {
        if (!subjectIds.has(s)) throw contentError(root, files.get(id)!, `field "covers.${i}.subjects.${j}": unknown subject "${s}" (subjects are in lexicon.yml)`);
      }),
    );
  }
  checkAnswers(root, intents, files, sources);
  const interview = loadInterviewSpec(root, read);
  const units = [
    ...interview.questions.map((u) => ['questions', u] as const),
    ...[...interview.outcomes.values()].map((u) => ['outcomes', u] as const),
    ...interview.challenges.map((u) => ['challenges', u] as const),
  ];
  for (const [folder, unit] of units) {
    unit.sources.forEach((src, i) => {
      if (!sources.has(src)) throw contentError(root, join(root, 'interview', folder, `${unit.id}.yml`), `field "sources.${i}": unknown source "${src}"`);
    });
  }
  const rulesFile = join(root, 'interview', 'rules.yml');
  const cite = (list: readonly Because[], field: string) =>
    list.forEach((b, i) => {
      if (!sources.has(b.source)) throw contentError(root, rulesFile, `field "${field}.because.${i}.source": unknown source "${b.source}"`);
      if (sources.get(b.source)!.kind !== 'article') throw contentError(root, rulesFile, `field "${field}.because.${i}.source": "${b.source}" is not an article`);
    });
  interview.rules.rules.forEach((r, i) => cite(r.because, `rules.${i}`));
  for (const [q, byValue] of Object.entries(interview.rules.weights)) for (const [v, w] of Object.entries(byValue)) cite(w.because, `weights.${q}.${v}`);
  const unsaid = missingReasoning(interview);
  if (unsaid) throw contentError(root, join(root, 'interview', 'questions', `${unsaid.question}.yml`), `option "${unsaid.value}" needs a "reasoning" sentence for "${unsaid.outcome}" (or a "neutral" one): ${unsaid.example}`);
  return { dir: root, intents, sources, lexicon, interview, copy, home, gaps };
}

/**
 * The parts of each answer: section ids unique and present where a question can ask for the section; section
 * sources among the intent's; `[[id]]` names of related topics; aspects the matcher can read; first screens within
 * FIRST_SCREEN_WORDS words; sources cited by every topic but small talk, help and the out-of-scope reply.
 */
function checkAnswers(root: string, intents: ReadonlyMap<string, IntentFile>, files: ReadonlyMap<string, string>, sources: ReadonlyMap<string, SourceFile>): void {
  const aspects = new Set([...intents.values()].flatMap((i) => i.covers.map((c) => c.aspect)));
  const labelOf = (id: string) => intents.get(id)?.label ?? id;
  for (const [id, intent] of intents) {
    const file = files.get(id)!;
    const fail = (field: string, message: string) => contentError(root, file, `field "${field}": ${message}`);
    if (!intent.social && id !== NONE && intent.sources.length === 0) throw fail('sources', 'a topic answer cites at least one source');
    const ids = new Set<string>();
    for (const [i, s] of intent.answer.entries()) {
      const at = `answer.${i}`;
      if (s.id !== undefined) {
        if (ids.has(s.id)) throw fail(`${at}.id`, `duplicate section id "${s.id}"`);
        ids.add(s.id);
      }
      if (isSelectable(s) && s.id === undefined) throw fail(`${at}.id`, 'a section a question can ask for (aspects or cues) needs an id');
      s.aspects.forEach((a, j) => {
        if (!aspects.has(a)) throw fail(`${at}.aspects.${j}`, `unknown aspect "${a}" (aspects are those of covers:)`);
      });
      s.sources.forEach((src, j) => {
        if (!sources.has(src)) throw fail(`${at}.sources.${j}`, `unknown source "${src}"`);
        if (!intent.sources.includes(src)) throw fail(`${at}.sources.${j}`, `"${src}" is not one of the intent's sources`);
      });
      if (isSelectable(s) && sectionWords(s, labelOf) > FIRST_SCREEN_WORDS)
        throw fail(at, `a section a question can ask for first is a first screen: ${sectionWords(s, labelOf)} words > ${FIRST_SCREEN_WORDS}`);
      for (const text of sectionTexts(s)) checkLinks(text, at);
    }
    for (const [i, r] of intent.replies.entries()) {
      if (ids.has(r.id)) throw fail(`replies.${i}.id`, `duplicate id "${r.id}"`);
      ids.add(r.id);
      checkLinks(r.text, `replies.${i}`);
    }
    checkLinks(intent.short, 'short');
    const words = wordCount(intent.short, labelOf);
    if (words > FIRST_SCREEN_WORDS) throw fail('short', `the first screen has ${words} words > ${FIRST_SCREEN_WORDS}`);

    function checkLinks(text: string, field: string): void {
      for (const link of linksIn(text)) {
        if (!intents.has(link)) throw fail(field, `[[${link}]] names an unknown intent`);
        if (!intent.related.includes(link)) throw fail(field, `[[${link}]] must be one of related: so its button is there`);
      }
    }
  }
}

/** What the matcher learns from, taken from a catalogue: examples in a stable order, the lexicon, the social intents. */
export function matcherContent(catalogue: Pick<Catalogue, 'intents' | 'lexicon' | 'gaps'>): MatcherContent {
  const examples: TrainingExample[] = [];
  for (const intent of catalogue.intents.values()) for (const text of intent.examples) examples.push({ intent: intent.id, text });
  const social = [...catalogue.intents.values()].filter((i) => i.social).map((i) => i.id);
  const covers = Object.fromEntries([...catalogue.intents.values()].map((i) => [i.id, i.covers]));
  const sections = Object.fromEntries(
    [...catalogue.intents.values()].map((i) => [
      i.id,
      [...i.answer.filter(isSelectable).map((s) => ({ id: s.id!, aspects: s.aspects, cues: s.cues })), ...i.replies.map((r) => ({ id: r.id, aspects: [], cues: r.cues }))],
    ]),
  );
  return { lexicon: catalogue.lexicon, examples, social, covers, gaps: catalogue.gaps, sections };
}
