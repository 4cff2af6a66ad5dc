/**
 * The terminal adapter, called in-process with in-memory streams; the last test runs the `sourcing` command itself.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { run, type Io } from '../../src/cli/main.js';
import { openStore } from '../../src/store/index.js';
import { freshPgDatabase } from '../../testkit/pg.js';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** Runs the CLI with `argv` and `input` on stdin (no TTY; no environment but `env`). */
async function cli(argv: string[], input = '', env: Record<string, string> = {}): Promise<Result> {
  const stdout = new Sink();
  const stderr = new Sink();
  const io: Io = { stdin: Readable.from(input ? [input] : []), stdout, stderr, env, isTTY: false };
  const code = await run(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('sourcing ask', () => {
  it('prints a readable answer and exits 0', async () => {
    const r = await cli(['ask', 'what is offshoring']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('WHAT IS OFFSHORING?')).toBe(true);
    expect(r.stdout).toContain('Sources: ');
    // Plain text for a terminal: no Block Kit JSON, no mrkdwn markers, no entities.
    expect(r.stdout).not.toContain('"type"');
    expect(r.stdout).not.toMatch(/(^|\s)\*\S/m);
    expect(r.stdout).not.toMatch(/&(lt|gt|amp);/);
  });

  it('joins several words into one question', async () => {
    const r = await cli(['ask', 'outsourcing', 'vs', 'offshoring']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('OUTSOURCING VS OFFSHORING')).toBe(true);
  });

  it('prints one JSON object with intent, confidence, alternatives, text and blocks for --json', async () => {
    const r = await cli(['ask', '--json', 'what is offshoring']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    // The contract's fields, and `more`: the whole answer that the first screen's "More" button shows.
    expect(Object.keys(out).sort()).toEqual(['alternatives', 'blocks', 'confidence', 'intent', 'more', 'text']);
    expect(out.intent).toBe('define-offshoring');
    expect(typeof out.confidence).toBe('number');
    expect(out.confidence).toBeGreaterThan(0);
    expect(out.confidence).toBeLessThanOrEqual(1);
    expect(Array.isArray(out.alternatives)).toBe(true);
    expect(out.text).toMatch(/^WHAT IS OFFSHORING\?/);
    expect(out.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'header' })]));
  });

  it('keeps the whole answer in text, the first screen in blocks, and the rest in more', async () => {
    const r = await cli(['ask', '--json', 'which of the two costs less?']);
    const out = JSON.parse(r.stdout) as { text: string; blocks: Array<{ type: string }>; more: Array<{ type: string }>; section: string };
    expect(out.section).toBe('cost');
    expect(out.text).toContain('Which is cheaper?');
    expect(out.text).toContain('Location');
    expect(out.blocks.some((b) => b.type === 'table')).toBe(false);
    expect(out.more.some((b) => b.type === 'table')).toBe(true);
    expect(JSON.stringify(out.blocks)).toContain('answer_more');
    expect(JSON.stringify(out.more)).not.toContain('answer_more');
  });

  it('prints the part asked for first in the whole answer', async () => {
    const r = await cli(['ask', 'what is reshoring']);
    expect(r.stdout.indexOf('Reshoring (also called backshoring)')).toBeLessThan(r.stdout.indexOf('Onshoring means'));
    expect(r.stdout).toContain('Why companies onshore or reshore');
  });

  it('accepts --json after the question too', async () => {
    const r = await cli(['ask', 'what is bpo', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).intent).toBe('define-bpo');
  });

  it('reports an out-of-scope question as intent none in --json', async () => {
    const r = await cli(['ask', '--json', "what's the weather like today"]);
    expect(JSON.parse(r.stdout).intent).toBe('none');
  });

  it('exits 2 with a message when no question is given', async () => {
    for (const argv of [['ask'], ['ask', '   '], ['ask', '--json']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^sourcing ask: give a question/);
      expect(r.stdout).toBe('');
    }
  });
});

describe('sourcing classify', () => {
  it('writes one JSON line with text, intent and confidence per non-empty line of stdin', async () => {
    const r = await cli(['classify'], 'what is offshoring\n\n   \noutsourcing vs offshoring\ntell me a joke\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; intent: string; confidence: number });
    expect(lines.map((l) => [l.text, l.intent])).toEqual([
      ['what is offshoring', 'define-offshoring'],
      ['outsourcing vs offshoring', 'compare'],
      ['tell me a joke', 'none'],
    ]);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['confidence', 'intent', 'text']);
      expect(l.confidence).toBeGreaterThanOrEqual(0);
      expect(l.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('handles Windows line endings and a last line without a newline', async () => {
    const r = await cli(['classify'], 'what is bpo\r\nwhat is kpo');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; intent: string });
    expect(lines.map((l) => [l.text, l.intent])).toEqual([
      ['what is bpo', 'define-bpo'],
      ['what is kpo', 'define-kpo'],
    ]);
  });

  it('writes nothing for empty input', async () => {
    const r = await cli(['classify'], '');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('reads JSON lines {"text","previous"}, each in the context of the answer before it', async () => {
    const input = [
      JSON.stringify({ text: 'and the risks?', previous: 'define-offshoring' }),
      JSON.stringify({ text: 'and the risks?', previous: 'define-outsourcing' }),
      JSON.stringify({ text: 'what is kpo' }),
      'what is bpo',
    ].join('\n');
    const r = await cli(['classify'], input);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; intent: string });
    expect(lines.map((l) => [l.text, l.intent])).toEqual([
      ['and the risks?', 'challenges-offshoring'],
      ['and the risks?', 'challenges-outsourcing'],
      ['what is kpo', 'define-kpo'],
      ['what is bpo', 'define-bpo'],
    ]);
    for (const l of lines) expect(Object.keys(l).sort()).toEqual(['confidence', 'intent', 'text']);
  });
});

describe('sourcing parse', () => {
  it('writes {"question","text","value"} for each JSON line, value null when the text is not an answer', async () => {
    const input = [
      { question: 'coverage', text: "we don't need round-the-clock cover" },
      { question: 'regulation', text: "we're an insurer" },
      { question: 'horizon', text: 'three months' },
      { question: 'budget', text: 'kind of' },
      { question: 'core', text: 'what does core mean?' },
      { question: 'control', text: 'back' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const r = await cli(['parse'], input);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { question: 'coverage', text: "we don't need round-the-clock cover", value: 'no' },
      { question: 'regulation', text: "we're an insurer", value: 'heavy' },
      { question: 'horizon', text: 'three months', value: 'short' },
      { question: 'budget', text: 'kind of', value: null },
      { question: 'core', text: 'what does core mean?', value: null },
      { question: 'control', text: 'back', value: null },
    ]);
  });

  it('answers every line, marks the ones it cannot read, and exits 2', async () => {
    const r = await cli(['parse'], `${JSON.stringify({ question: 'mood', text: 'happy' })}\nnot json\n${JSON.stringify({ question: 'core', text: 'core' })}\n`);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ value: null, error: expect.stringContaining('mood') });
    expect(lines[1]).toMatchObject({ value: null, error: 'not a JSON object' });
    expect(lines[2]).toEqual({ question: 'core', text: 'core', value: 'core' });
  });
});

describe('sourcing recommend', () => {
  const ANSWERS = ['core=non-core', 'budget=secondary', 'coverage=yes', 'control=medium', 'regulation=light', 'expertise=lack', 'horizon=long'];

  it('prints the recommendation with its reasons, what pulls the other way and its challenges', async () => {
    const r = await cli(['recommend', ...ANSWERS]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^RECOMMENDATION: OUTSOURCE TO A PARTNER AT HOME/);
    expect(r.stdout).toContain('What pulls the other way');
    expect(r.stdout).toMatch(/You need 24\/7 coverage: a provider at home can staff shifts/);
  });

  it('keeps its JSON fields and adds one "considered" entry per question, in question order, with role and text', async () => {
    const r = await cli(['recommend', '--json', ...ANSWERS]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { considered: Array<Record<string, string>>; challenges: string[] };
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['recommendation', 'runnerUp', 'challenges', 'reasons', 'considered', 'text', 'blocks']));
    expect(out.recommendation).toBe('outsource-domestic');
    expect(out.considered.map((c) => c.question)).toEqual(['core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon']);
    for (const c of out.considered) {
      expect(Object.keys(c).sort()).toEqual(['question', 'role', 'text', 'value']);
      expect(['for', 'against', 'neutral']).toContain(c.role);
      expect(JSON.stringify(out.blocks) + (out.text as string)).toContain(c.text);
    }
    expect(out.considered.find((c) => c.question === 'coverage')).toMatchObject({ value: 'yes', role: 'against' });
    expect(out.challenges.length).toBeGreaterThanOrEqual(1);
    expect(out.challenges.length).toBeLessThanOrEqual(5);
    expect(out.challenges[0]).toBe('round-the-clock-staffing');
  });

  it('lets a named function change which challenges come first, not the recommendation', async () => {
    const abroad = ['core=non-core', 'budget=critical', 'coverage=yes', 'control=low', 'regulation=light', 'expertise=lack', 'horizon=long'];
    const plain = JSON.parse((await cli(['recommend', '--json', ...abroad])).stdout) as { recommendation: string; challenges: string[] };
    const support = JSON.parse((await cli(['recommend', '--json', ...abroad, 'function=customer-support'])).stdout) as { recommendation: string; challenges: string[] };
    expect(support.recommendation).toBe(plain.recommendation);
    expect(support.challenges.indexOf('language-barriers')).toBeLessThan(Math.max(0, plain.challenges.indexOf('language-barriers')) || 99);
  });

  it('prints the decision brief as Markdown for --markdown: answers, reasons, tensions, challenges as a checklist, sources', async () => {
    const r = await cli(['recommend', '--markdown', ...ANSWERS, 'function=customer-support']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Sourcing decision for Customer support: Outsource to a partner at home\n/);
    for (const heading of ['## The answers', '## Why', '## What pulls the other way', '## Challenges to manage', '## Sources']) expect(r.stdout).toContain(heading);
    expect(r.stdout).toContain('| 24/7 coverage | Yes, we need 24/7 |');
    expect(r.stdout).toMatch(/^- \[ \] \*\*Staffing nights and weekends\*\*/m);
  });

  it('exits 2 naming the question and its values for --markdown with a bad answer', async () => {
    const r = await cli(['recommend', '--markdown', ...ANSWERS.slice(1), 'core=maybe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"maybe".*core.*core, non-core/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 naming the question when an answer is missing', async () => {
    const r = await cli(['recommend', ...ANSWERS.slice(1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Missing answer for "core"/);
  });
});

describe('sourcing chat', () => {
  it('answers each line, then stops at "quit" without answering what follows', async () => {
    const r = await cli(['chat'], 'what is offshoring\n\noutsourcing vs offshoring\nquit\nwhat is bpo\n');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^Sourcing Advisor\./);
    expect(r.stdout).toContain('WHAT IS OFFSHORING?');
    expect(r.stdout).toContain('OUTSOURCING VS OFFSHORING');
    expect(r.stdout.indexOf('WHAT IS OFFSHORING?')).toBeLessThan(r.stdout.indexOf('OUTSOURCING VS OFFSHORING'));
    expect(r.stdout).not.toContain('WHAT IS BPO');
    // Not a TTY: no prompts.
    expect(r.stdout).not.toContain('you>');
  });

  it('also stops at "exit", in any case', async () => {
    const r = await cli(['chat'], 'EXIT\nwhat is offshoring\n');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('WHAT IS OFFSHORING?');
  });

  it('ends when stdin ends', async () => {
    const r = await cli(['chat'], 'what is kpo');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('WHAT IS KPO');
  });
});

describe('sourcing lint', () => {
  it('exits 0 and prints "content ok" for the real content', async () => {
    const r = await cli(['lint']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^content ok: \d+ intents, \d+ examples, \d+ sources/);
  });
});

describe('sourcing gaps', () => {
  const DAY = 86_400_000;

  /** A database with misses of two teams, one of them too old for the week: SQLite in a folder, or PostgreSQL. */
  async function seeded(env: Record<string, string>): Promise<void> {
    const store = openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? '' });
    await store.migrate();
    const now = Date.now();
    const rec = (team: string, kind: 'disliked' | 'out_of_scope' | 'declined', text: string, intent: string, confidence: number, at = now) => store.recordGap(team, { kind, text, intent, confidence }, at);
    await rec('T0A', 'out_of_scope', 'what is the weather', 'none', 0.2);
    await rec('T0A', 'out_of_scope', 'what is the weather', 'none', 0.4);
    await rec('T0A', 'disliked', 'which is cheaper', 'compare', 0.5);
    await rec('T0A', 'disliked', '', 'define-bpo', 1);
    await rec('T0B', 'out_of_scope', 'what is the weather', 'none', 0.3);
    await rec('T0B', 'declined', 'gdpr: "yes" # or: no?', 'challenges-offshoring', 0.18);
    await rec('T0B', 'out_of_scope', 'an old one', 'none', 0.1, now - 30 * DAY);
    await store.close();
  }

  async function checks(env: Record<string, string>): Promise<void> {
    await seeded(env);
    const text = await cli(['gaps'], '', env);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('Knowledge gaps of T0A, last 7 days\nUnanswered\n  2× "what is the weather" (matched no topic, confidence 0.3)\nMarked not helpful\n');
    expect(text.stdout).toContain('1× "which is cheaper" (answered with Outsourcing vs offshoring, confidence 0.5)');
    expect(text.stdout).toContain('1× "(opened with a button)"');
    expect(text.stdout).toContain('Knowledge gaps of T0B');
    expect(text.stdout).not.toContain('an old one');
    expect((await cli(['gaps', '--days', '60'], '', env)).stdout).toContain('an old one');
    const one = await cli(['gaps', '--team', 'T0B'], '', env);
    expect(one.stdout).not.toContain('T0A');

    const yaml = await cli(['gaps', '--yaml'], '', env);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout.split('\n')[0]).toMatch(/^# Candidate training examples from the knowledge-gap inbox/);
    const { candidates } = parseYaml(yaml.stdout) as { candidates: Array<Record<string, unknown>> };
    // The same question across teams is one candidate; an answer opened with a button has no question to learn from.
    expect(candidates).toEqual([
      { example: 'what is the weather', got: 'none', why: 'out_of_scope', times: 3, confidence: 0.3 },
      { example: 'gdpr: "yes" # or: no?', got: 'challenges-offshoring', why: 'declined', times: 1, confidence: 0.18 },
      { example: 'which is cheaper', got: 'compare', why: 'disliked', times: 1, confidence: 0.5 },
    ]);
  }

  it('prints each team\'s most frequent unanswered and disliked questions of the week from SQLite (DATA_DIR), and --yaml writes candidate training examples', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sourcing-gaps-'));
    try {
      await checks({ DATA_DIR: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('reads PostgreSQL when DATABASE_URL is set', async () => {
    const db = await freshPgDatabase(process.env.TEST_DATABASE_URL!, 'sa_gaps');
    try {
      await checks({ DATABASE_URL: db.url });
    } finally {
      await db.drop();
    }
  });

  it('says so when nothing was missed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sourcing-gaps-'));
    try {
      const r = await cli(['gaps'], '', { DATA_DIR: dir });
      expect(r).toEqual({ code: 0, stdout: 'No unanswered or disliked questions in the last 7 days.\n', stderr: '' });
      expect(parseYaml((await cli(['gaps', '--yaml'], '', { DATA_DIR: dir })).stdout)).toEqual({ candidates: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a bad option and 1 on a bad database setting, in one line', async () => {
    for (const argv of [['gaps', '--days', 'x'], ['gaps', '--days', '0'], ['gaps', '--nope']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^sourcing gaps: .* \(usage: sourcing gaps \[--yaml\]/);
    }
    const bad = await cli(['gaps'], '', { DATABASE_URL: 'mysql://x' });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^Configuration error: DATABASE_URL /);
  });
});

describe('usage', () => {
  it('exits 2 and prints the usage for an unknown command', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sourcing: unknown command "frobnicate"');
    expect(r.stderr).toContain('Usage:');
    expect(r.stderr).toContain('sourcing ask');
    expect(r.stdout).toBe('');
  });

  it.each([[[]], [['help']], [['--help']], [['-h']]])('prints the usage and exits 0 for %j', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stderr).toBe('');
  });
});

describe('sourcing start', () => {
  it('prints one line naming the missing variable and exits 1 when the environment is empty', async () => {
    const r = await cli(['start']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Configuration error: SLACK_BOT_TOKEN /);
  });
});

describe('the sourcing command (bin/sourcing.js)', () => {
  const bin = new URL('../../bin/sourcing.js', import.meta.url).pathname;
  const built = existsSync(new URL('../../dist/bundle/sourcing.mjs', import.meta.url));

  it.skipIf(!built)('ends quietly with 0 when its reader stops early, as in `sourcing chat | head` (skipped when dist/ is not built)', async () => {
    const child = spawn(process.execPath, [bin, 'chat'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The reader takes the first chunk and goes away, while many answers are still to be written.
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(`${'what is offshoring\n'.repeat(200)}quit\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});
