/**
 * The shape of src/, checked on the source itself (through the TypeScript parser): imports run one way and form
 * no cycle, the core imports no door, Slack listeners hold no try/catch and no casts to `never`, and no sentence a
 * person reads is written in code (they live in intents/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = filesUnder(SRC);
const parsed = new Map(files.map((f) => [f, ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true)]));
const rel = (f: string) => relative(SRC, f);

/** Relative imports of a file (type-only ones too), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (spec.startsWith('.')) out.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      const spec = node.arguments[0].text;
      if (spec.startsWith('.')) out.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed.get(file)!);
  return out;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));
const area = (f: string) => rel(f).split('/')[0]!;

describe('imports', () => {
  it('resolve to files that exist', () => {
    for (const [f, deps] of graph) for (const d of deps) expect(files, `${rel(f)} imports ${d}`).toContain(d);
  });

  it('form no cycle, type-only imports included', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const walk = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map(rel).join(' -> '));
        else if (!state.has(d)) walk(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) walk(f);
    expect(cycles).toEqual([]);
  });

  it('keep the core (knowledge, nlu, interview, conversation) free of the renderers and both doors', () => {
    const core = new Set(['knowledge', 'nlu', 'interview', 'conversation']);
    const banned = new Set(['replies', 'slack', 'cli', 'app.ts', 'main.ts', 'engine.ts']);
    const wrong = [...graph].flatMap(([f, deps]) => (core.has(area(f)) ? deps.filter((d) => banned.has(area(d))).map((d) => `${rel(f)} -> ${rel(d)}`) : []));
    expect(wrong).toEqual([]);
  });

  it('keep the renderers free of both doors', () => {
    const wrong = [...graph].flatMap(([f, deps]) => (area(f) === 'replies' ? deps.filter((d) => ['slack', 'cli'].includes(area(d))).map((d) => `${rel(f)} -> ${rel(d)}`) : []));
    expect(wrong).toEqual([]);
  });

  it('keep the matcher independent of the catalogue: it imports only types of the content', () => {
    const matcher = join(SRC, 'nlu', 'matcher.ts');
    expect(graph.get(matcher)!.map(rel).filter((d) => d.startsWith('knowledge/') && d !== 'knowledge/schema.ts' && d !== 'knowledge/contract.ts')).toEqual([]);
  });
});

describe('Slack listeners', () => {
  const slackFiles = files.filter((f) => rel(f).startsWith('slack/'));

  it('cast nothing to never', () => {
    for (const f of slackFiles) expect(readFileSync(f, 'utf8'), rel(f)).not.toMatch(/\bas never\b/);
  });

  it('hold no try/catch of their own (failures are handled by guarded() in middleware.ts)', () => {
    const withTry = files
      .filter((f) => rel(f).startsWith('slack/listeners/'))
      .filter((f) => {
        let found = false;
        const visit = (n: ts.Node): void => {
          if (ts.isTryStatement(n)) found = true;
          ts.forEachChild(n, visit);
        };
        visit(parsed.get(f)!);
        return found;
      })
      .map(rel);
    expect(withTry).toEqual([]);
  });

  it('do no de-duplication of their own', () => {
    for (const f of files.filter((x) => rel(x).startsWith('slack/listeners/'))) expect(readFileSync(f, 'utf8'), rel(f)).not.toMatch(/\.claim\(/);
  });
});

describe('copy', () => {
  /** Where a sentence would be user-facing: the renderers, the conversation, the Slack listeners, the install pages and the terminal. */
  const scanned = files.filter((f) => /^(replies|conversation|cli|interview)\/|^slack\/(listeners\/|io|middleware|failure|oauth)/.test(rel(f)));

  /** A string that reads like a sentence to a person: capitalised, three words or more. */
  const looksLikeSentence = (text: string) => /^[A-Z][a-z']*\s+\S+\s+\S+/.test(text.trim()) && /[a-z]/.test(text);

  it('has no sentence written in code where people read it (sentences are in intents/copy.yml)', () => {
    const found: string[] = [];
    for (const f of scanned) {
      const visit = (n: ts.Node): void => {
        let text: string | undefined;
        if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) text = n.text;
        else if (ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) text = n.text;
        if (text !== undefined && looksLikeSentence(text)) found.push(`${rel(f)}: ${JSON.stringify(text)}`);
        ts.forEachChild(n, visit);
      };
      visit(parsed.get(f)!);
    }
    expect(found).toEqual([]);
  });

  it('would catch one (the check itself works)', () => {
    expect(looksLikeSentence('Share in channel')).toBe(true);
    expect(looksLikeSentence('interview click handled')).toBe(false);
    expect(looksLikeSentence('iv_answer:')).toBe(false);
  });
});
