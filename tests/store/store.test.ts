/**
 * The interview store, one suite run against both dialects: an SQLite file in a temporary folder, and
 * PostgreSQL when TEST_DATABASE_URL is set (bash .ci/run sets it). The PostgreSQL database is shared, so every
 * run uses its own team ids and deletes them afterwards.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { freshPgDatabase, type PgDatabase } from '../../testkit/pg.js';
import type { InterviewState } from '../../src/interview/machine.js';

const PG_URL = process.env.TEST_DATABASE_URL;
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();

let seq = 0;
/** A team id unique to this run and this test (Slack ids fit in varchar(32)). */
const team = () => `T${RUN}${(++seq).toString(36).toUpperCase()}`;

function state(over: Partial<InterviewState> & Pick<InterviewState, 'team'>): InterviewState {
  return {
    channel: 'C0001',
    thread: '1700000000.000100',
    id: randomUUID(),
    starter: 'U0001',
    status: 'active',
    step: 'budget',
    answers: { function: 'other', core: 'non-core' },
    functionLabel: 'legal & <compliance> "team"',
    history: ['function', 'core'],
    changing: false,
    version: 1,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    expiresAt: 1_700_086_400_000,
    ...over,
  };
}

interface Harness {
  open(): Store;
  /** Teams used by this run, deleted at the end. */
  teams: string[];
  /** Whether counts over the whole database are this run's alone (not on the shared PostgreSQL). */
  exclusive: boolean;
}

function storeSuite(h: Harness): void {
  let store: Store;
  const t = () => {
    const id = team();
    h.teams.push(id);
    return id;
  };

  beforeAll(async () => {
    store = h.open();
    await store.migrate();
  });
  afterAll(async () => {
    for (const id of h.teams) await store.deleteTeam(id);
    await store.close();
  });

  it('migrates again without error (migrations are idempotent)', async () => {
    await expect(store.migrate()).resolves.toBeUndefined();
    await expect(store.migrate()).resolves.toBeUndefined();
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('returns what was inserted, field for field', async () => {
    const s = state({ team: t(), version: 3, status: 'done', step: null, changing: true });
    expect(await store.insert(s)).toBe(true);
    const got = await store.get(s);
    expect(got).toEqual(s);
    expect(typeof got!.updatedAt).toBe('number');
    expect(typeof got!.expiresAt).toBe('number');
    expect(typeof got!.version).toBe('number');
  });

  it('finds nothing for a thread with no interview', async () => {
    expect(await store.get({ team: t(), channel: 'C0001', thread: '1.2' })).toBeUndefined();
  });

  it('refuses a second insert for the same team, channel and thread, and keeps the first', async () => {
    const first = state({ team: t() });
    expect(await store.insert(first)).toBe(true);
    expect(await store.insert({ ...first, id: randomUUID(), starter: 'U0002' })).toBe(false);
    expect((await store.get(first))!.id).toBe(first.id);
  });

  it('keeps interviews in other threads and channels apart', async () => {
    const id = t();
    const a = state({ team: id, thread: '1.1' });
    const b = state({ team: id, thread: '1.2' });
    const c = state({ team: id, channel: 'C0002', thread: '1.1' });
    for (const s of [a, b, c]) expect(await store.insert(s)).toBe(true);
    expect((await store.get(a))!.id).toBe(a.id);
    expect((await store.get(b))!.id).toBe(b.id);
    expect((await store.get(c))!.id).toBe(c.id);
  });

  it('saves with the version it read, and refuses a save based on a stale version', async () => {
    const s = state({ team: t() });
    await store.insert(s);
    const next = { ...s, version: 2, step: 'coverage', answers: { ...s.answers, budget: 'critical' }, updatedAt: s.updatedAt + 1 };
    expect(await store.save(next, 1)).toBe(true);
    expect(await store.get(s)).toEqual(next);

    const stale = { ...s, version: 2, step: 'control' };
    expect(await store.save(stale, 1)).toBe(false);
    expect(await store.get(s)).toEqual(next);
  });

  it('refuses to save an interview that was never inserted', async () => {
    expect(await store.save(state({ team: t(), version: 2 }), 1)).toBe(false);
  });

  it('lets exactly one of two concurrent saves with the same expected version win', async () => {
    const s = state({ team: t() });
    await store.insert(s);
    const a = { ...s, version: 2, step: 'coverage', answers: { ...s.answers, budget: 'critical' } };
    const b = { ...s, version: 2, step: 'coverage', answers: { ...s.answers, budget: 'secondary' } };
    const results = await Promise.all([store.save(a, 1), store.save(b, 1)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await store.get(s);
    expect(stored!.version).toBe(2);
    expect(stored).toEqual(results[0] ? a : b);
  });

  it('lets exactly one of many concurrent saves win, for several rounds', async () => {
    const s = state({ team: t() });
    await store.insert(s);
    for (let v = 1; v <= 5; v++) {
      const attempts = Array.from({ length: 6 }, (_, i) => ({ ...s, version: v + 1, step: `try-${v}-${i}` }));
      const results = await Promise.all(attempts.map((x) => store.save(x, v)));
      expect(results.filter(Boolean), `round ${v}`).toHaveLength(1);
      expect((await store.get(s))!.version).toBe(v + 1);
    }
  });

  it('claims an event once per team: true the first time, false after', async () => {
    const id = t();
    expect(await store.claim(id, 'Ev0001', 60_000, 1000)).toBe(true);
    expect(await store.claim(id, 'Ev0001', 60_000, 2000)).toBe(false);
    expect(await store.claim(id, 'Ev0002', 60_000, 2000)).toBe(true);
  });

  it('lets another team claim the same event key', async () => {
    const a = t();
    const b = t();
    expect(await store.claim(a, 'Ev-shared', 60_000, 1000)).toBe(true);
    expect(await store.claim(b, 'Ev-shared', 60_000, 1000)).toBe(true);
    expect(await store.claim(b, 'Ev-shared', 60_000, 1000)).toBe(false);
  });

  it('gives exactly one true to concurrent claims of the same key', async () => {
    const id = t();
    const results = await Promise.all(Array.from({ length: 8 }, () => store.claim(id, 'Ev-race', 60_000, 1000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('treats keys longer than 200 characters by their first 200, consistently for claim and release', async () => {
    const id = t();
    const long = `action:${'x'.repeat(300)}`;
    expect(await store.claim(id, long, 60_000, 1000)).toBe(true);
    expect(await store.claim(id, long, 60_000, 1000)).toBe(false);
    await store.release(id, long);
    expect(await store.claim(id, long, 60_000, 1000)).toBe(true);
  });

  it('makes a released claim claimable again, only for that team', async () => {
    const a = t();
    const b = t();
    await store.claim(a, 'Ev-rel', 60_000, 1000);
    await store.claim(b, 'Ev-rel', 60_000, 1000);
    await store.release(a, 'Ev-rel');
    expect(await store.claim(a, 'Ev-rel', 60_000, 1000)).toBe(true);
    expect(await store.claim(b, 'Ev-rel', 60_000, 1000)).toBe(false);
  });

  it('releasing a key that was never claimed is harmless', async () => {
    await expect(store.release(t(), 'never-claimed')).resolves.toBeUndefined();
  });

  it('records an event as handled in the same transaction as the change, and refuses a second change for it', async () => {
    const s = state({ team: t() });
    const once = { key: 'ev:Ev0001', ttlMs: 60_000 };
    expect(await store.insert(s, [], once)).toBe(true);
    expect(await store.claimed(s.team, once.key)).toBe(true);
    // A retry of the same event (after a crash, say) changes nothing, whatever version it read.
    expect(await store.save({ ...s, version: 2, step: 'coverage' }, 1, [{ id: 'd-retry', payload: '{}' }], once)).toBe(false);
    expect((await store.get(s))?.version).toBe(1);
    expect(await store.deliveryStatus('d-retry')).toBeUndefined();
    // Another event applies.
    expect(await store.save({ ...s, version: 2, step: 'coverage' }, 1, [], { key: 'ev:Ev0002', ttlMs: 60_000 })).toBe(true);
  });

  it('leases an event to one process at a time, lets another take it over once the lease runs out, and remembers it once handled', async () => {
    const team = t();
    expect(await store.leaseEvent(team, 'ev:L1', 'proc-a', 1000, 10_000)).toBe('mine');
    expect(await store.leaseEvent(team, 'ev:L1', 'proc-a', 2000, 10_000)).toBe('mine');
    expect(await store.leaseEvent(team, 'ev:L1', 'proc-b', 2000, 10_000)).toBe('busy');
    expect(await store.claimed(team, 'ev:L1', 'proc-a')).toBe(false);
    expect(await store.claimed(team, 'ev:L1', 'proc-b')).toBe(true);
    // proc-a died: its lease runs out, and proc-b takes the event over.
    expect(await store.leaseEvent(team, 'ev:L1', 'proc-b', 12_001, 10_000)).toBe('mine');
    // proc-a, back from a long pause, can no longer record it as its own.
    await store.finishEvent(team, 'ev:L1', 'proc-a', 12_002, 60_000);
    expect(await store.leaseEvent(team, 'ev:L1', 'proc-c', 12_003, 10_000)).toBe('busy');
    await store.finishEvent(team, 'ev:L1', 'proc-b', 12_004, 60_000);
    expect(await store.leaseEvent(team, 'ev:L1', 'proc-c', 12_005, 10_000)).toBe('done');
    expect(await store.claimed(team, 'ev:L1', 'proc-b')).toBe(true);
  });

  it("saves a change with the event only while its lease is this process's", async () => {
    const s = state({ team: t() });
    await store.insert(s);
    expect(await store.leaseEvent(s.team, 'ev:L2', 'proc-a', 1000, 10_000)).toBe('mine');
    expect(await store.leaseEvent(s.team, 'ev:L2', 'proc-b', 20_000, 10_000)).toBe('mine');
    // proc-a lost the event to proc-b: its change is refused, proc-b's is saved.
    expect(await store.save({ ...s, version: 2 }, 1, [], { key: 'ev:L2', ttlMs: 60_000, owner: 'proc-a' })).toBe(false);
    expect(await store.save({ ...s, version: 2 }, 1, [], { key: 'ev:L2', ttlMs: 60_000, owner: 'proc-b' })).toBe(true);
    expect(await store.leaseEvent(s.team, 'ev:L2', 'proc-c', 20_001, 10_000)).toBe('done');
  });

  it('leaves an event unrecorded when its change is refused (a stale version), so a later delivery can apply it', async () => {
    const s = state({ team: t() });
    await store.insert(s);
    const once = { key: 'ev:Ev0003', ttlMs: 60_000 };
    expect(await store.save({ ...s, version: 3 }, 2, [{ id: 'd-stale', payload: '{}' }], once)).toBe(false);
    expect(await store.claimed(s.team, once.key)).toBe(false);
    expect(await store.save({ ...s, version: 2 }, 1, [], once)).toBe(true);
    expect(await store.claimed(s.team, once.key)).toBe(true);
    // A second decision in the same thread cannot be started by an event already handled.
    expect(await store.insert({ ...s, thread: '1700000000.000999', id: 'other' }, [], once)).toBe(false);
    expect(await store.get({ ...s, thread: '1700000000.000999' })).toBeUndefined();
  });

  it('purges interviews idle since before the cut-off and expired events, and nothing else', async () => {
    // Timestamps far in the past, so a purge on the shared database touches only rows like these.
    const id = t();
    const old = state({ team: id, thread: 'old', updatedAt: 1000, expiresAt: 2000 });
    const recent = state({ team: id, thread: 'recent', updatedAt: 5000, expiresAt: 6000 });
    const edge = state({ team: id, thread: 'edge', updatedAt: 3000, expiresAt: 4000 });
    for (const s of [old, recent, edge]) await store.insert(s);
    await store.claim(id, 'expired', 1000, 1000); // expires at 2000
    await store.claim(id, 'live', 10_000, 1000); // expires at 11000
    await store.claim(id, 'edge', 2000, 1000); // expires at 3000

    const before = h.exclusive ? await store.countInterviews() : 0;
    const purged = await store.purge(3000, 3000);
    if (h.exclusive) {
      expect(purged).toEqual({ interviews: 1, decisions: 0, events: 1, topics: 0 });
      expect(await store.countInterviews()).toBe(before - 1);
    } else {
      expect(purged.interviews).toBeGreaterThanOrEqual(1);
      expect(purged.events).toBeGreaterThanOrEqual(1);
    }
    expect(await store.get(old)).toBeUndefined();
    expect(await store.get(recent)).toBeDefined();
    expect(await store.get(edge)).toBeDefined();
    expect(await store.claim(id, 'expired', 1000, 3000)).toBe(true);
    expect(await store.claim(id, 'live', 1000, 3000)).toBe(false);
    expect(await store.claim(id, 'edge', 1000, 3000)).toBe(false);
  });

  it('keeps finished decisions past the idle cut-off, until their own retention, and lists them newest first', async () => {
    const id = t();
    const done = (thread: string, updatedAt: number) => ({ ...state({ team: id, thread, updatedAt, expiresAt: updatedAt + 1000 }), status: 'done' as const, step: null });
    const oldDecision = done('decided-long-ago', 1000);
    const decision = done('decided', 2000);
    const idle = state({ team: id, thread: 'idle', updatedAt: 1500, expiresAt: 2500 });
    for (const s of [oldDecision, decision, idle]) await store.insert(s);
    await store.purge(10_000, 10_000); // no retention: decisions are kept however old
    expect(await store.get(idle)).toBeUndefined();
    expect((await store.recentDecisions(id, 10)).map((d) => d.thread)).toEqual(['decided', 'decided-long-ago']);
    await store.purge(10_000, 10_000, 1500); // a retention that has passed for the older one only
    expect((await store.recentDecisions(id, 10)).map((d) => d.thread)).toEqual(['decided']);
    expect(await store.recentDecisions(id, 0)).toEqual([]);
    await store.deleteTeam(id);
    expect(await store.recentDecisions(id, 10)).toEqual([]);
  });

  it("deletes all of one team's interviews and events, and only that team's", async () => {
    const gone = t();
    const kept = t();
    const a = state({ team: gone, thread: '1' });
    const a2 = state({ team: gone, channel: 'C9', thread: '2' });
    const b = state({ team: kept, thread: '1' });
    for (const s of [a, a2, b]) await store.insert(s);
    await store.claim(gone, 'Ev1', 60_000, 1000);
    await store.claim(kept, 'Ev1', 60_000, 1000);

    await store.deleteTeam(gone);
    expect(await store.get(a)).toBeUndefined();
    expect(await store.get(a2)).toBeUndefined();
    expect(await store.get(b)).toEqual(b);
    expect(await store.claim(gone, 'Ev1', 60_000, 1000)).toBe(true);
    expect(await store.claim(kept, 'Ev1', 60_000, 1000)).toBe(false);
  });

  it('scopes every query by team: another team with the same channel and thread sees nothing and changes nothing', async () => {
    const owner = t();
    const other = t();
    const s = state({ team: owner });
    await store.insert(s);
    expect(await store.get({ ...s, team: other })).toBeUndefined();
    expect(await store.save({ ...s, team: other, version: 2 }, 1)).toBe(false);
    expect(await store.get(s)).toEqual(s);
    // The other team may start its own interview in a thread with the same ids.
    const mine = state({ team: other });
    expect(await store.insert(mine)).toBe(true);
    expect((await store.get(mine))!.id).toBe(mine.id);
    expect((await store.get(s))!.id).toBe(s.id);
  });

  it('remembers the topic of each thread, replaces it, and forgets it with the team or once idle', async () => {
    const id = t();
    const k = { team: id, channel: 'C1', thread: '1700000000.000001' };
    expect(await store.getTopic(k)).toBeUndefined();
    await store.setTopic(k, 'define-offshoring', 1000);
    await store.setTopic({ ...k, thread: '' }, 'define-bpo', 1000);
    expect(await store.getTopic(k)).toBe('define-offshoring');
    await store.setTopic(k, 'challenges-offshoring', 5000);
    expect(await store.getTopic(k)).toBe('challenges-offshoring');
    expect(await store.getTopic({ ...k, team: t() })).toBeUndefined();
    const purged = await store.purge(3000, 3000);
    expect(purged.topics).toBeGreaterThanOrEqual(1);
    expect(await store.getTopic({ ...k, thread: '' })).toBeUndefined();
    expect(await store.getTopic(k)).toBe('challenges-offshoring');
    await store.deleteTeam(id);
    expect(await store.getTopic(k)).toBeUndefined();
  });

  it('records misses for the knowledge-gap inbox and counts the same miss together, most frequent first', async () => {
    const id = t();
    const miss = (text: string, kind: 'disliked' | 'out_of_scope' | 'declined' = 'out_of_scope', intent = 'none', confidence = 0.2) => ({ kind, text, intent, confidence });
    await store.recordGap(id, miss('what is the weather'), 1000);
    await store.recordGap(id, miss('how much does offshoring cost in india', 'disliked', 'define-offshoring', 0.4), 1100);
    await store.recordGap(id, miss('what is the weather', 'out_of_scope', 'none', 0.4), 1200);
    await store.recordGap(id, miss('who won the match'), 1300);
    await store.recordGap(t(), miss('what is the weather'), 1250); // another team's
    const all = await store.topGaps({ team: id, since: 0, limit: 10 });
    expect(all[0]).toEqual({ team: id, kind: 'out_of_scope', text: 'what is the weather', intent: 'none', confidence: 0.3, count: 2, last: 1200 });
    // Ties go to the most recent.
    expect(all.map((g) => [g.text, g.count])).toEqual([
      ['what is the weather', 2],
      ['who won the match', 1],
      ['how much does offshoring cost in india', 1],
    ]);
    expect((await store.topGaps({ team: id, since: 0, kinds: ['disliked'], limit: 10 })).map((g) => g.intent)).toEqual(['define-offshoring']);
    expect((await store.topGaps({ team: id, since: 1250, limit: 10 })).map((g) => g.text)).toEqual(['who won the match']);
    expect(await store.topGaps({ team: id, since: 0, limit: 1 })).toHaveLength(1);
    // Every team's, for the terminal.
    const everyone = await store.topGaps({ since: 0, kinds: ['out_of_scope'], limit: 1000 });
    expect(everyone.filter((g) => g.text === 'what is the weather' && g.team === id)).toHaveLength(1);
  });

  it("forgets recorded misses with the team, and once older than the retention", async () => {
    const gone = t();
    const kept = t();
    for (const team of [gone, kept]) {
      await store.recordGap(team, { kind: 'declined', text: 'old question', intent: 'compare', confidence: 0.5 }, 1000);
      await store.recordGap(team, { kind: 'declined', text: 'new question', intent: 'compare', confidence: 0.5 }, 5000);
    }
    await store.deleteTeam(gone);
    expect(await store.topGaps({ team: gone, since: 0, limit: 10 })).toEqual([]);
    expect(await store.purgeGaps(3000)).toBeGreaterThanOrEqual(1);
    expect((await store.topGaps({ team: kept, since: 0, limit: 10 })).map((g) => g.text)).toEqual(['new question']);
  });

  it('counts interviews', async () => {
    const before = await store.countInterviews();
    await store.insert(state({ team: t() }));
    const after = await store.countInterviews();
    if (h.exclusive) expect(after).toBe(before + 1);
    else expect(after).toBeGreaterThanOrEqual(1);
  });
}

describe('SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sourcing-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  storeSuite({ open: () => openStore({ dataDir: dir, sqliteFile: 'test.sqlite' }), teams: [], exclusive: true });

  it('keeps its data in the file across reopening', async () => {
    const file = 'reopen.sqlite';
    const s = state({ team: team() });
    const first = openStore({ dataDir: dir, sqliteFile: file });
    await first.migrate();
    await first.insert(s);
    await first.close();
    const second = openStore({ dataDir: dir, sqliteFile: file });
    await second.migrate();
    expect(await second.get(s)).toEqual(s);
    await second.close();
  });
});

const builtStore = new URL('../../dist/store/index.js', import.meta.url);
describe.skipIf(!existsSync(builtStore))('SQLite migrations from two processes at once', () => {
  it('succeed in both when two processes start on the same new file together (twenty times over)', async () => {
    const script = `const { openStore } = await import(${JSON.stringify(builtStore.href)}); const s = openStore({ dataDir: process.argv[1] }); try { await s.migrate(); console.log('ok'); } catch (e) { console.log('FAIL ' + e.message); } finally { await s.close(); }`;
    const run = (dir: string) =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        // 'close', not 'exit': the output may still be arriving when the process exits.
        child.on('close', () => resolve(out.trim()));
      });
    for (let round = 0; round < 20; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'sourcing-migrate-'));
      expect(await Promise.all([run(dir), run(dir)])).toEqual(['ok', 'ok']);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

if (!PG_URL) console.warn('PostgreSQL store tests skipped: set TEST_DATABASE_URL (bash .ci/run does) to run them');

(PG_URL ? describe : describe.skip)('PostgreSQL store', () => {
  let db: PgDatabase;
  beforeAll(async () => {
    db = await freshPgDatabase(PG_URL!);
  });
  afterAll(async () => {
    await db.drop();
  });
  storeSuite({ open: () => openStore({ databaseUrl: db.url, poolSize: 4 }), teams: [], exclusive: false });

  describe('migrations from two processes at once', () => {
    // A database of its own, so the two migrations really race on an empty database. (A schema of its own is
    // not enough: Kysely's migrator looks for its tables in every schema.)
    const database = `sa_test_${RUN.toLowerCase()}`;
    const url = () => {
      const u = new URL(PG_URL!);
      u.pathname = `/${database}`;
      return u.toString();
    };
    let admin: pg.Client;

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create database ${database}`);
    });
    afterAll(async () => {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    });

    it('succeeds for two store instances migrating the same empty database together, and both can then use it', async () => {
      const a = openStore({ databaseUrl: url(), poolSize: 2 });
      const b = openStore({ databaseUrl: url(), poolSize: 2 });
      try {
        await Promise.all([a.migrate(), b.migrate()]);
        const s = state({ team: team() });
        expect(await a.insert(s)).toBe(true);
        expect(await b.get(s)).toEqual(s);
        expect(await b.countInterviews()).toBe(1);
        await Promise.all([a.migrate(), b.migrate()]);
        expect(await a.countInterviews()).toBe(1);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
