/**
 * The content in `intents/`: the real catalogue is complete and consistent, and a broken file stops loading
 * with a message that names the file and the field.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { loadCatalogue, type Catalogue } from '../../src/knowledge/load.js';
import { REQUIRED_INTENT_IDS } from '../../src/knowledge/contract.js';
import { FIRST_SCREEN_WORDS } from '../../src/knowledge/sections.js';
import { AppError } from '../../src/errors/index.js';

describe('the real catalogue', () => {
  const catalogue: Catalogue = loadCatalogue();

  it('loads from the repository without errors', () => {
    expect(catalogue.intents.size).toBeGreaterThanOrEqual(REQUIRED_INTENT_IDS.length);
    expect(catalogue.sources.size).toBeGreaterThan(0);
    expect(catalogue.lexicon.domain.length).toBeGreaterThan(0);
  });

  it('contains every intent id the public contract requires', () => {
    const missing = REQUIRED_INTENT_IDS.filter((id) => !catalogue.intents.has(id));
    expect(missing).toEqual([]);
  });

  it('declares each intent id in exactly one file, named after the id', () => {
    const topics = join(catalogue.dir, 'topics');
    const declared = readdirSync(topics)
      .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
      .map((f) => ({ file: f, id: (parseYaml(readFileSync(join(topics, f), 'utf8')) as { id: string }).id }));
    const ids = declared.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(catalogue.intents.size);
    for (const d of declared) expect(d.file.replace(/\.ya?ml$/, '')).toBe(d.id);
  });

  it('declares each source id once', () => {
    const dir = join(catalogue.dir, 'sources');
    const ids = readdirSync(dir).map((f) => (parseYaml(readFileSync(join(dir, f), 'utf8')) as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(catalogue.sources.size);
  });

  it('links every related id to an existing intent other than itself', () => {
    for (const intent of catalogue.intents.values()) {
      for (const rel of intent.related) {
        expect(catalogue.intents.has(rel), `${intent.id} -> ${rel}`).toBe(true);
        expect(rel, `${intent.id} is related to itself`).not.toBe(intent.id);
      }
    }
  });

  it('links every source id to an existing source', () => {
    for (const intent of catalogue.intents.values()) for (const src of intent.sources) expect(catalogue.sources.has(src), `${intent.id} -> ${src}`).toBe(true);
  });

  it('cites sources in every topic answer, and none for small talk and help', () => {
    for (const intent of catalogue.intents.values()) {
      if (intent.social) expect(intent.sources, intent.id).toEqual([]);
      else if (intent.id !== 'none') expect(intent.sources.length, intent.id).toBeGreaterThan(0);
    }
  });

  it('never uses the same example for two intents (ignoring case and punctuation)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const intent of catalogue.intents.values()) {
      for (const ex of intent.examples) {
        const key = ex.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
        const other = owner.get(key);
        if (other !== undefined && other !== intent.id) clashes.push(`"${ex}": ${other} and ${intent.id}`);
        owner.set(key, intent.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('gives every intent at least 12 examples', () => {
    const thin = [...catalogue.intents.values()].filter((i) => i.examples.length < 12).map((i) => `${i.id} (${i.examples.length})`);
    expect(thin).toEqual([]);
  });
});

const REAL_CONTENT = loadCatalogue().dir;

/**
 * A small but complete content folder in a temp dir: the real sources and decision-interview folders, a
 * small lexicon, and one short file for each required intent. Tests then break exactly one thing in it.
 */
class Fixture {
  readonly root: string;
  readonly dir: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'sourcing-content-'));
    this.dir = join(this.root, 'intents');
    mkdirSync(join(this.dir, 'topics'), { recursive: true });
    cpSync(join(REAL_CONTENT, 'sources'), join(this.dir, 'sources'), { recursive: true });
    cpSync(join(REAL_CONTENT, 'interview'), join(this.dir, 'interview'), { recursive: true });
    for (const file of ['copy.yml', 'home.yml', 'gaps.yml']) cpSync(join(REAL_CONTENT, file), join(this.dir, file));
    // The fixture's intents have no comparison for the Home tab's table.
    const { table: _table, ...home } = this.read('home.yml');
    this.write('home.yml', home);
    this.write('lexicon.yml', { replace: { vs: 'versus' }, subjects: { outsourcing: ['outsourcing'], offshoring: ['offshoring'] }, domain: ['outsourc', 'offshor'], stopwords: [] });
    for (const id of REQUIRED_INTENT_IDS) this.write(`topics/${id}.yml`, Fixture.intent(id));
  }

  static intent(id: string): Record<string, unknown> {
    return {
      id,
      title: `Title of ${id}`,
      label: `Label ${id}`.slice(0, 40),
      summary: `Summary of ${id}.`,
      examples: Array.from({ length: 12 }, (_, i) => `${id} example ${i + 1}`),
      short: `The short answer about ${id}.`,
      answer: [{ type: 'text', text: `The rest of the answer about ${id}.` }],
      related: [],
      sources: ['general-knowledge'],
      covers: [{ aspect: 'what', subjects: ['any'] }],
    };
  }

  write(path: string, content: unknown): void {
    writeFileSync(join(this.dir, path), typeof content === 'string' ? content : stringify(content));
  }

  /** Rewrites one intent file with `change` applied to a fresh copy of its content. */
  edit(id: string, change: (unit: Record<string, unknown>) => void): void {
    const unit = Fixture.intent(id);
    change(unit);
    this.write(`topics/${id}.yml`, unit);
  }

  read(path: string): Record<string, unknown> {
    return parseYaml(readFileSync(join(this.dir, path), 'utf8')) as Record<string, unknown>;
  }

  remove(path: string): void {
    unlinkSync(join(this.dir, path));
  }

  /** The AppError that loading throws (fails the test if loading succeeds). */
  loadError(): AppError {
    try {
      loadCatalogue(this.dir);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('content_invalid');
      return err as AppError;
    }
    throw new Error('expected loadCatalogue to fail');
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

describe('loadCatalogue with broken content', () => {
  let fixture: Fixture;
  afterEach(() => fixture?.dispose());

  it('loads the untouched fixture (so every failure below comes from the one thing broken)', () => {
    fixture = new Fixture();
    const catalogue = loadCatalogue(fixture.dir);
    expect(catalogue.intents.size).toBe(REQUIRED_INTENT_IDS.length);
    expect(catalogue.dir).toBe(fixture.dir);
  });

  it('names the file when it is not valid YAML', () => {
    fixture = new Fixture();
    fixture.write('topics/compare.yml', 'id: compare\ntitle: [unclosed\n  examples: : :\n');
    const err = fixture.loadError();
    expect(err.message).toMatch(/^intents\/topics\/compare\.yml: not valid YAML/);
    expect(err.message).not.toContain('\n');
  });

  it('names the file and the field when a required field is missing', () => {
    fixture = new Fixture();
    fixture.edit('define-bpo', (u) => delete u.summary);
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/define-bpo\.yml: field "summary": /);
  });

  it('names the nested field path when an answer section is malformed', () => {
    fixture = new Fixture();
    fixture.edit('define-kpo', (u) => {
      u.answer = [{ type: 'text', text: 'fine' }, { type: 'list', items: [] }];
    });
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/define-kpo\.yml: field "answer\.1\.items": /);
  });

  it('names the file and the field when an intent has fewer than 12 examples', () => {
    fixture = new Fixture();
    fixture.edit('examples', (u) => {
      u.examples = (u.examples as string[]).slice(0, 11);
    });
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/examples\.yml: field "examples": /);
  });

  it('names the file and the field when an id is not kebab-case', () => {
    fixture = new Fixture();
    fixture.write('topics/zz-extra.yml', { ...Fixture.intent('zz-extra'), id: 'Not_Kebab' });
    const err = fixture.loadError();
    expect(err.message).toMatch(/^intents\/topics\/zz-extra\.yml: field "id": /);
    expect(err.message).toContain('kebab-case');
  });

  it('names the file and the field when a related id is unknown', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.related = ['define-outsourcing', 'no-such-topic'];
    });
    expect(fixture.loadError().message).toBe('intents/topics/compare.yml: field "related.1": unknown intent "no-such-topic"');
  });

  it('rejects an intent that lists itself as related', () => {
    fixture = new Fixture();
    fixture.edit('help', (u) => {
      u.related = ['help'];
    });
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/help\.yml: field "related\.0": .*itself/);
  });

  it('names the file and the field when a source id is unknown', () => {
    fixture = new Fixture();
    fixture.edit('jobs-impact', (u) => {
      u.sources = ['general-knowledge', 'made-up-article'];
    });
    expect(fixture.loadError().message).toBe('intents/topics/jobs-impact.yml: field "sources.1": unknown source "made-up-article"');
  });

  it('names the file, the field and the other intent when two intents share an example', () => {
    fixture = new Fixture();
    fixture.edit('define-kpo', (u) => {
      (u.examples as string[])[4] = 'Compare Example 3?';
    });
    const err = fixture.loadError();
    expect(err.message).toMatch(/^intents\/topics\/define-kpo\.yml: field "examples\.4": /);
    expect(err.message).toContain('"compare"');
  });

  it('names the missing file when a required intent is missing', () => {
    fixture = new Fixture();
    fixture.remove('topics/manage-risks.yml');
    expect(fixture.loadError().message).toBe('intents/topics/manage-risks.yml: required intent "manage-risks" is missing');
  });

  it('rejects two files that declare the same intent id', () => {
    fixture = new Fixture();
    fixture.write('topics/zz-copy.yml', { ...Fixture.intent('greeting'), examples: Array.from({ length: 12 }, (_, i) => `another hello ${i}`) });
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/zz-copy\.yml: field "id": duplicate intent id "greeting"/);
  });

  it('names the field of a malformed source file', () => {
    fixture = new Fixture();
    fixture.write('sources/bad.yml', { id: 'bad-source', title: 'A source', kind: 'blog' });
    expect(fixture.loadError().message).toMatch(/^intents\/sources\/bad\.yml: field "kind": /);
  });

  it('reports a missing lexicon file', () => {
    fixture = new Fixture();
    fixture.remove('lexicon.yml');
    expect(fixture.loadError().message).toBe('intents/lexicon.yml: file is missing');
  });

  it('names the file and the field when a question\'s scale does not list every option', () => {
    fixture = new Fixture();
    const budget = fixture.read('interview/questions/budget.yml');
    fixture.write('interview/questions/budget.yml', { ...budget, scale: ['critical', 'secondary'] });
    const err = fixture.loadError();
    expect(err.message).toContain('questions/budget.yml');
    expect(err.message).toContain('field "scale"');
  });

  it('rejects unknown fields, so a typo in a field name does not go unnoticed', () => {
    fixture = new Fixture();
    fixture.edit('greeting', (u) => {
      u.exmaples = ['hi there'];
    });
    const err = fixture.loadError();
    expect(err.message).toMatch(/^intents\/topics\/greeting\.yml: /);
    expect(err.message).toContain('"exmaples"');
  });

  it('names the field when the first screen is longer than FIRST_SCREEN_WORDS words', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.short = 'word '.repeat(FIRST_SCREEN_WORDS + 1).trim();
    });
    expect(fixture.loadError().message).toBe(`intents/topics/compare.yml: field "short": the first screen has ${FIRST_SCREEN_WORDS + 1} words > ${FIRST_SCREEN_WORDS}`);
  });

  it('accepts a first screen of exactly FIRST_SCREEN_WORDS words, counting a topic link as its label', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.related = ['define-bpo'];
      // "Label define-bpo" is two words.
      u.short = `${'word '.repeat(FIRST_SCREEN_WORDS - 2)}[[define-bpo]]`;
    });
    expect(loadCatalogue(fixture.dir).intents.get('compare')!.short).toContain('[[define-bpo]]');
  });

  it('rejects a section a question can ask for that does not fit a first screen', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.answer = [{ type: 'text', id: 'cost', cues: ['cheaper'], text: 'word '.repeat(FIRST_SCREEN_WORDS + 5).trim() }];
    });
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/compare\.yml: field "answer\.0": a section a question can ask for first is a first screen: 85 words > 80$/);
  });

  it('rejects a section with cues or aspects but no id, since a question could not name it', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.answer = [{ type: 'text', aspects: ['what'], text: 'Short.' }];
    });
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/compare\.yml: field "answer\.0\.id": /);
  });

  it('rejects two sections with the same id', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.answer = [
        { type: 'text', id: 'cost', text: 'One.' },
        { type: 'text', id: 'cost', text: 'Two.' },
      ];
    });
    expect(fixture.loadError().message).toBe('intents/topics/compare.yml: field "answer.1.id": duplicate section id "cost"');
  });

  it('rejects a section aspect no intent covers', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.answer = [{ type: 'text', id: 'cost', aspects: ['pricing'], text: 'Short.' }];
    });
    expect(fixture.loadError().message).toMatch(/^intents\/topics\/compare\.yml: field "answer\.0\.aspects\.0": unknown aspect "pricing"/);
  });

  it("rejects a section source that is not one of the intent's sources", () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.answer = [{ type: 'text', sources: ['hubpages-difference'], text: 'Short.' }];
    });
    expect(fixture.loadError().message).toBe('intents/topics/compare.yml: field "answer.0.sources.0": "hubpages-difference" is not one of the intent\'s sources');
  });

  it('rejects a topic link to an unknown intent, and one that is not a related topic', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.short = 'See [[no-such-topic]].';
    });
    expect(fixture.loadError().message).toBe('intents/topics/compare.yml: field "short": [[no-such-topic]] names an unknown intent');
    fixture.dispose();
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.answer = [{ type: 'list', items: ['See [[define-bpo]].'] }];
    });
    expect(fixture.loadError().message).toBe('intents/topics/compare.yml: field "answer.0": [[define-bpo]] must be one of related: so its button is there');
  });

  it('rejects a Home tab table that names an intent without a comparison', () => {
    fixture = new Fixture();
    fixture.write('home.yml', { ...fixture.read('home.yml'), table: 'compare' });
    expect(fixture.loadError().message).toBe('intents/home.yml: field "table": "compare" is not an intent with a compare section');
  });

  it('rejects a suggested prompt that names an unknown intent, and more than four prompts', () => {
    fixture = new Fixture();
    const home = fixture.read('home.yml') as { prompts: { title: string; items: Array<Record<string, string>> } };
    fixture.write('home.yml', { ...home, prompts: { ...home.prompts, items: [{ title: 'X', message: 'x?', intent: 'no-such-topic' }] } });
    expect(fixture.loadError().message).toBe('intents/home.yml: field "prompts.items.0.intent": unknown intent "no-such-topic"');
    const five = Array.from({ length: 5 }, () => ({ title: 'X', message: 'x?', intent: 'compare' }));
    fixture.write('home.yml', { ...home, prompts: { ...home.prompts, items: five } });
    expect(fixture.loadError().message).toMatch(/^intents\/home.yml: field "prompts.items"/);
  });

  it('rejects a topic answer that cites no source', () => {
    fixture = new Fixture();
    fixture.edit('compare', (u) => {
      u.sources = [];
    });
    expect(fixture.loadError().message).toBe('intents/topics/compare.yml: field "sources": a topic answer cites at least one source');
  });

  // BUG (src/knowledge/load.ts): for an interview unit that cites an unknown source, the message is built from
  // join(root, 'interview', unit.id), so it reads "intents/interview/core: ..." instead of naming the real
  // file, intents/interview/questions/core.yml.
  it('names the file and the field when a decision-interview question cites an unknown source', () => {
    fixture = new Fixture();
    const core = fixture.read('interview/questions/core.yml');
    core.sources = ['made-up-article'];
    fixture.write('interview/questions/core.yml', core);
    expect(fixture.loadError().message).toBe('intents/interview/questions/core.yml: field "sources.0": unknown source "made-up-article"');
  });
});

describe('the decision rules and reasoning as content', () => {
  let fixture: Fixture;
  afterEach(() => fixture?.dispose());

  it('refuses a weight that does not say which sentence of an article it rests on', () => {
    fixture = new Fixture();
    const rules = fixture.read('interview/rules.yml') as { weights: Record<string, Record<string, Record<string, unknown>>> };
    delete rules.weights.core!.core!.because;
    fixture.write('interview/rules.yml', rules);
    expect(fixture.loadError().message).toMatch(/^intents\/interview\/rules\.yml: field "weights\.core\.core\.because": /);
  });

  it('refuses a rule that rests on general knowledge instead of an article', () => {
    fixture = new Fixture();
    const rules = fixture.read('interview/rules.yml') as { rules: Array<{ because: Array<{ source: string }> }> };
    rules.rules[0]!.because[0]!.source = 'general-knowledge';
    fixture.write('interview/rules.yml', rules);
    expect(fixture.loadError().message).toMatch(/^intents\/interview\/rules\.yml: field "rules\.0\.because\.0\.source": "general-knowledge" is not an article/);
  });

  it('refuses an answer with nothing to say for a recommendation it can lead to, naming the option and the outcome', () => {
    fixture = new Fixture();
    const q = fixture.read('interview/questions/coverage.yml') as { options: Array<{ value: string; reasoning: Record<string, string> }> };
    delete q.options.find((o) => o.value === 'yes')!.reasoning['offshore-outsourcing'];
    fixture.write('interview/questions/coverage.yml', q);
    expect(fixture.loadError().message).toMatch(/^intents\/interview\/questions\/coverage\.yml: option "yes" needs a "reasoning" sentence for "offshore-outsourcing"/);
  });

  it('refuses a challenge condition on a question that does not exist', () => {
    fixture = new Fixture();
    const c = fixture.read('interview/challenges/time-zone-gaps.yml') as { applies: Array<{ when: Record<string, unknown> }> };
    c.applies[0]!.when.weather = 'sunny';
    fixture.write('interview/challenges/time-zone-gaps.yml', c);
    expect(fixture.loadError().message).toMatch(/^intents\/interview\/challenges\/time-zone-gaps\.yml: field "applies\.0\.when\.weather": unknown question/);
  });
});
