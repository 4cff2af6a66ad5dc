/**
 * Reading content files: the YAML files of a folder, and one file parsed against a zod schema, with errors that
 * name the file and the field. Both loaders (topics in `load.ts`, the interview in `interview/spec.ts`) use it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors/index.js';

/** The YAML files directly in a folder, sorted (none if it does not exist). */
export function listYaml(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

export function contentError(root: string, file: string, message: string): AppError {
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

