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
import { REQUIRED_INTENT_IDS } from './contract.js';
import { contentError, listYaml, readUnit, readYaml, type DocReader } from './yaml.js';
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

/** What the matcher learns from, taken from a catalogue: examples in a stable order, the lexicon, the social intents. */
export function matcherContent(catalogue: Pick<Catalogue, 'intents' | 'lexicon' | 'gaps'>): MatcherContent {
  const examples: TrainingExample[] = [];
  for (const intent of catalogue.intents.values()) for (const text of intent.examples) examples.push({ intent: intent.id, text });
  const social = [...catalogue.intents.values()].filter((i) => i.social).map((i) => i.id);
  const covers = Object.fromEntries([...catalogue.intents.values()].map((i) => [i.id, i.covers]));
  return { lexicon: catalogue.lexicon, examples, social, covers, gaps: catalogue.gaps };
}
