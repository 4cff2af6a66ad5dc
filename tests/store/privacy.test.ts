/**
 * PRIVACY.md matches the store: it lists exactly the tables the migrations create, states the retention the code
 * applies, and what it says is deleted on uninstall or by the purge really is.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { parseConfig } from '../../src/config/index.js';
import { EVENT_MEMORY_MS } from '../../src/slack/middleware.js';
import { IDLE_LIFETIMES_KEPT, PURGE_EVERY_MS } from '../../src/app.js';

interface Row {
  readonly table: string;
  readonly holds: string;
  readonly kept: string;
  readonly uninstall: 'yes' | 'no';
}

const privacy = readFileSync(new URL('../../PRIVACY.md', import.meta.url), 'utf8');

/** The rows of PRIVACY.md's table of tables. */
function documented(): Row[] {
  return [...privacy.matchAll(/^\| `([a-z_]+)` \| (.+?) \| (.+?) \| (yes|no) \|$/gm)].map((m) => ({ table: m[1]!, holds: m[2]!, kept: m[3]!, uninstall: m[4] as 'yes' | 'no' }));
}
const rowOf = (table: string) => documented().find((r) => r.table === table)!;

const defaultTtlHours = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-0000-test', SLACK_SIGNING_SECRET: 'x'.repeat(32) }).interviewTtlMs / 3_600_000;

const TEAM = 'TPRIVACY';
const NOW = 1_700_000_000_000;

let dir: string;
let store: Store;
let db: Database.Database;

/** Rows of a table for a team (or all rows). */
const count = (table: string, team?: string): number =>
  (db.prepare(`select count(*) as n from ${table}${team ? ' where team_id = ?' : ''}`).get(...(team ? [team] : [])) as { n: number }).n;

/** One row in every table that holds data, for `team`. */
async function seed(team: string): Promise<void> {
  const at = { team, channel: 'C1', thread: '1.1' };
  await store.insert(
    { ...at, id: `iv-${team}`, starter: 'U1', status: 'active', step: 'core', answers: {}, functionLabel: null, history: [], changing: false, version: 1, createdAt: NOW, updatedAt: NOW, expiresAt: NOW + 1 },
    [{ id: `d-${team}`, payload: '{}' }],
  );
  await store.setTopic(at, 'define-offshoring', NOW);
  await store.claim(team, 'ev:E1', EVENT_MEMORY_MS, NOW);
  await store.putInstallation({ key: `T:${team}`, team, enterprise: '', data: 'sealed' }, NOW);
  await store.recordGap(team, { kind: 'disliked', text: 'what does offshoring cost', intent: 'define-offshoring', confidence: 0.4 }, NOW);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sourcing-privacy-'));
  store = openStore({ dataDir: dir, sqliteFile: 'privacy.sqlite' });
  await store.migrate();
  db = new Database(join(dir, 'privacy.sqlite'));
});

afterAll(async () => {
  db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PRIVACY.md', () => {
  it('lists exactly the tables the migrations create', () => {
    const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(documented().map((r) => r.table).sort()).toEqual(tables.sort());
  });

  it('states how long handled event and click ids are kept, as the middleware remembers them', () => {
    const hours = EVENT_MEMORY_MS / 3_600_000;
    expect(rowOf('handled_events').kept).toContain(`${hours} hour${hours === 1 ? '' : 's'}`);
  });

  it('states that interviews and thread topics are kept until idle for the lifetimes the purge waits, with the default in hours', () => {
    expect(IDLE_LIFETIMES_KEPT).toBe(2);
    for (const table of ['interviews', 'thread_topics']) {
      const kept = rowOf(table).kept;
      expect(kept, table).toContain('twice `INTERVIEW_TTL_HOURS`');
      expect(kept, table).toContain(`${IDLE_LIFETIMES_KEPT * defaultTtlHours} hours`);
    }
    expect(rowOf('interviews').kept).toContain(`default ${defaultTtlHours}`);
  });

  it('states how long finished decisions are kept, with the default the configuration uses', () => {
    const defaults = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'a'.repeat(32) });
    const days = defaults.decisionRetentionMs! / 86_400_000;
    expect(rowOf('interviews').kept).toContain(`\`DECISION_RETENTION_DAYS\` after their last change (default ${days}; 0 keeps them until uninstall)`);
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'a'.repeat(32), DECISION_RETENTION_DAYS: '0' }).decisionRetentionMs).toBeUndefined();
  });

  it('states how long the knowledge-gap inbox keeps each miss, with the default the configuration uses, and that 0 records nothing', () => {
    const days = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'a'.repeat(32) }).feedbackRetentionMs / 86_400_000;
    expect(rowOf('feedback').kept).toBe(`\`FEEDBACK_RETENTION_DAYS\` after it was recorded (default ${days}; 0 records nothing, and deletes what was recorded before).`);
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'a'.repeat(32), FEEDBACK_RETENTION_DAYS: '0' }).feedbackRetentionMs).toBe(0);
  });

  it('says the knowledge-gap inbox keeps no user, channel or message id, and the table has no column for one', () => {
    expect(rowOf('feedback').holds).toContain('No user id, no channel or message id.');
    const columns = (db.prepare('pragma table_info(feedback)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns.sort()).toEqual(['confidence', 'created_at', 'id', 'intent', 'kind', 'team_id', 'text']);
  });

  it('states how often the purge runs', () => {
    expect(privacy).toContain(`Every ${PURGE_EVERY_MS / 60_000} minutes each running process deletes`);
  });

  it('is right that uninstalling deletes every row of the tables it marks, for that team only', async () => {
    await seed(TEAM);
    await seed('TOTHER');
    await store.deleteTeam(TEAM);
    for (const row of documented()) {
      if (row.uninstall === 'yes') {
        expect(count(row.table, TEAM), row.table).toBe(0);
        expect(count(row.table, 'TOTHER'), row.table).toBe(1);
      }
    }
  });

  it('is right that the purge deletes expired rows and keeps installations until uninstall', async () => {
    await store.deleteTeam('TOTHER');
    await seed(TEAM);
    const later = NOW + EVENT_MEMORY_MS + 1;
    await store.purge(later, later);
    await store.purgeGaps(later);
    for (const table of ['interviews', 'outbox', 'thread_topics', 'handled_events', 'feedback']) expect(count(table, TEAM), table).toBe(0);
    expect(count('installations', TEAM)).toBe(1);
    expect(rowOf('installations').kept).toMatch(/^Until the app is uninstalled or its bot token is revoked\./);
  });
});
