/**
 * A startup cache for the engine: the parsed content documents and the matcher's trained weights, keyed by a hash
 * of every file in `intents/`. Parsing the YAML and training the matcher take most of a cold start; with the
 * cache, startup only reads one JSON file, validates it with the same zod schemas and rebuilds the matcher.
 * Any change to the content gives a new key, so the cache can never serve stale content. It is written by
 * `npm ci` (through `sourcing lint` in `prepare`) and by any start that missed it; if it cannot be written
 * (read-only disk) the app simply starts cold.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TrainedWeights } from '../nlu/matcher.js';
import { readYaml, type DocReader } from './yaml.js';

interface CacheFile {
  readonly documents: Record<string, unknown>;
  /** Every model the matcher trains (its aspect models and its whole-intent model). */
  readonly models?: ReadonlyArray<{ signature: string; weights: string; bias: string }>;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

const toBase64 = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return new Float64Array(copy);
}

export interface EngineCache {
  /** Reads documents from the cache when it matches the content, from YAML otherwise. */
  readonly read: DocReader;
  /** Cached weights of the matcher's models (the matcher takes those that still fit). */
  readonly weights: TrainedWeights[];
  /** Writes the cache (best effort) when it missed or the weights changed. */
  save(weights: readonly TrainedWeights[]): void;
}

/** The cache for the content in `contentDir`, kept under `node_modules/.cache/sourcing-advisor/` beside it. */
export function engineCache(contentDir: string, cacheDir = join(dirname(contentDir), 'node_modules', '.cache', 'sourcing-advisor')): EngineCache {
  const files = filesUnder(contentDir);
  const hash = createHash('sha256');
  const texts = new Map<string, string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    texts.set(f, text);
    hash.update(relative(contentDir, f)).update('\0').update(text).update('\0');
  }
  const key = hash.digest('hex').slice(0, 32);
  const path = join(cacheDir, `engine-${key}.json`);

  let cached: CacheFile | undefined;
  try {
    if (existsSync(path)) cached = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
  } catch {
    cached = undefined; // a damaged cache is ignored and rewritten
  }
  const parsed = new Map<string, unknown>();
  const read: DocReader = (file) => {
    const rel = relative(contentDir, file);
    if (cached && Object.hasOwn(cached.documents, rel)) return cached.documents[rel];
    const text = texts.get(file);
    const doc = text === undefined ? readYaml(file) : parseYaml(text);
    parsed.set(rel, doc);
    return doc;
  };
  const weights = (cached?.models ?? []).map((m) => ({ signature: m.signature, weights: fromBase64(m.weights), bias: fromBase64(m.bias) }));

  return {
    read,
    weights,
    save(trained) {
      const have = new Set(weights.map((w) => w.signature));
      if (cached && trained.every((t) => have.has(t.signature))) return;
      const documents: Record<string, unknown> = { ...(cached?.documents ?? {}) };
      for (const [rel, doc] of parsed) documents[rel] = doc;
      const body: CacheFile = { documents, models: trained.map((t) => ({ signature: t.signature, weights: toBase64(t.weights), bias: toBase64(t.bias) })) };
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(body));
        renameSync(tmp, path); // atomic: two processes starting together never read half a file
      } catch {
        // Read-only or missing node_modules: start cold next time too.
      }
    },
  };
}
