/**
 * The decision rules rest on the articles: every `because` in `intents/interview/rules.yml` quotes its article
 * word for word. The articles are the seeds next to the repository (`../shared/seeds`, or `SEEDS_DIR`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';

const catalogue = loadCatalogue();
const SEEDS = [process.env.SEEDS_DIR, resolve(import.meta.dirname, '../../../shared/seeds'), '/work/shared/seeds'].find((d): d is string => !!d && existsSync(d));
if (!SEEDS) console.warn('article quotes not checked: set SEEDS_DIR to the folder of the source articles');

/** Lowercase, straight quotes and dashes, one space. */
const norm = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[—–]/g, '-').replace(/\s+/g, ' ').trim();

describe('the rules and weights rest on sentences of the articles', () => {
  const rules = catalogue.interview.rules;
  const cited = [
    ...rules.rules.flatMap((r) => r.because.map((b) => ({ where: `rule ${r.id}`, ...b }))),
    ...Object.entries(rules.weights).flatMap(([q, byValue]) => Object.entries(byValue).flatMap(([v, w]) => w.because.map((b) => ({ where: `weight ${q}=${v}`, ...b })))),
  ];

  it('cites at least one sentence for every rule and every answer weight', () => {
    expect(cited.length).toBeGreaterThanOrEqual(rules.rules.length + 17);
    for (const r of rules.rules) expect(r.because.length, r.id).toBeGreaterThan(0);
  });

  it.skipIf(!SEEDS)('quotes each sentence word for word from the article it names', () => {
    for (const c of cited) {
      const source = catalogue.sources.get(c.source)!;
      expect(source.kind, c.where).toBe('article');
      const article = norm(readFileSync(join(SEEDS!, source.seed!), 'utf8'));
      for (const part of c.quote.split('…')) expect(article.includes(norm(part)), `${c.where}: "${part.trim()}" is not in ${source.seed}`).toBe(true);
    }
  });
});
