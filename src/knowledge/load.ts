/**
 * Loads and validates the content in `intents/`: one YAML file per unit, linked by id.
 * A bad file stops startup with a message naming the file and the field.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { IntentFile, LexiconFile, SourceFile } from './schema.js';
import { AppError } from '../errors/index.js';
import { REQUIRED_INTENT_IDS } from './contract.js';
import { loadInterviewSpec, type InterviewSpec } from '../interview/spec.js';

export interface Catalogue {
  /** Absolute path of the content folder this catalogue came from. */
  readonly dir: string;
  readonly intents: ReadonlyMap<string, IntentFile>;
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly lexicon: LexiconFile;
  readonly interview: InterviewSpec;
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

/** The YAML files directly in a folder, sorted (none if it does not exist). */
export function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

function contentError(root: string, file: string, message: string): AppError {
  return new AppError('content_invalid', `${relative(resolve(root, '..'), file)}: ${message}`);
}

/** Reads one content file into a plain document (YAML parsed; or taken from a cache of parsed documents). */
export type DocReader = (file: string) => unknown;

export const readYaml: DocReader = (file) => parseYaml(readFileSync(file, 'utf8'));

/** Parses one YAML file against a schema; the error names the file and the field path. */
export function readUnit<T extends z.ZodType>(root: string, file: string, schema: T, read: DocReader = readYaml): z.infer<T> {
  let raw: unknown;
  try {
    raw = read(file);
  } catch (err) {
    throw contentError(root, file, `not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : '(file)';
    throw contentError(root, file, `field "${field}": ${issue.message}`);
  }
  return result.data;
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

  const lexiconFile = join(root, 'lexicon.yml');
  if (!existsSync(lexiconFile)) throw contentError(root, lexiconFile, 'file is missing');
  const lexicon = readUnit(root, lexiconFile, LexiconFile, read);

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
  return { dir: root, intents, sources, lexicon, interview };
}
