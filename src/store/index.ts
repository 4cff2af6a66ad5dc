/**
 * Durable interview state and the record of handled events, behind one set of Kysely queries that serves
 * both dialects: an embedded SQLite file (better-sqlite3, WAL) by default, PostgreSQL when DATABASE_URL is set.
 * Every query is scoped by team. Saves are conditional on the version read (optimistic concurrency), and an
 * event id can be claimed once across every process sharing the database.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import type PgModule from 'pg';

// Only the driver in use is loaded (each costs startup time and memory).
const require = createRequire(import.meta.url);
import { AppError } from '../errors/index.js';
import type { InterviewKey, InterviewState } from '../interview/machine.js';

interface InterviewsTable {
  team_id: string;
  channel_id: string;
  thread_ts: string;
  id: string;
  version: number;
  status: string;
  starter: string;
  state: string;
  updated_at: number | string;
  expires_at: number | string;
}

interface HandledEventsTable {
  team_id: string;
  event_key: string;
  expires_at: number | string;
}

interface InstallationsTable {
  install_key: string;
  team_id: string;
  enterprise_id: string;
  data: string;
  updated_at: number | string;
}

/** The topic of the last answer given in a thread (or at the top level of a DM, thread ''), for follow-ups. */
interface ThreadTopicsTable {
  team_id: string;
  channel_id: string;
  thread_ts: string;
  intent: string;
  updated_at: number | string;
}

interface Tables {
  thread_topics: ThreadTopicsTable;
  interviews: InterviewsTable;
  handled_events: HandledEventsTable;
  installations: InstallationsTable;
}

export interface StoreOptions {
  /** PostgreSQL URL; when absent, SQLite in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir?: string;
  /** SQLite file name (tests use their own). */
  readonly sqliteFile?: string;
  /** Pool size for PostgreSQL. */
  readonly poolSize?: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs the migrations (idempotent; safe for several processes at once on PostgreSQL). */
  migrate(): Promise<void>;
  get(key: InterviewKey): Promise<InterviewState | undefined>;
  /** Inserts a new interview; false if one already exists for this key. */
  insert(state: InterviewState): Promise<boolean>;
  /** Saves `state` if the stored version is still `expectedVersion`; false if someone else saved first. */
  save(state: InterviewState, expectedVersion: number): Promise<boolean>;
  /** Claims an event or action id for this team; false if it was already claimed (a retry or duplicate). */
  claim(team: string, eventKey: string, ttlMs: number, now: number): Promise<boolean>;
  /** Gives a claim back (when handling failed before anything was done, so a retry may try again). */
  release(team: string, eventKey: string): Promise<void>;
  /** The topic of the last answer given in a thread (for reading a follow-up there), if any. */
  getTopic(key: InterviewKey): Promise<string | undefined>;
  setTopic(key: InterviewKey, intent: string, now: number): Promise<void>;
  /**
   * Deletes unfinished (active or cancelled) interviews and thread topics idle since before `interviewsBefore`,
   * finished decisions last changed before `decisionsBefore` (kept for good when absent), and event records past
   * their expiry.
   */
  purge(now: number, interviewsBefore: number, decisionsBefore?: number): Promise<{ interviews: number; decisions: number; events: number; topics: number }>;
  /** A team's finished decisions, most recently changed first. */
  recentDecisions(team: string, limit: number): Promise<InterviewState[]>;
  /** Deletes everything stored for a team (uninstall). */
  deleteTeam(team: string): Promise<void>;
  countInterviews(): Promise<number>;
  /** Installations (OAuth mode): `data` is already encrypted by the caller. */
  putInstallation(row: { key: string; team: string; enterprise: string; data: string }, now: number): Promise<void>;
  getInstallation(key: string): Promise<string | undefined>;
  deleteInstallation(key: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '001_interviews_and_events': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('interviews')
        .ifNotExists()
        .addColumn('team_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('channel_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('thread_ts', 'varchar(32)', (c) => c.notNull())
        .addColumn('id', 'varchar(64)', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('starter', 'varchar(32)', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('interviews_pk', ['team_id', 'channel_id', 'thread_ts'])
        .execute();
      await db.schema.createIndex('interviews_updated_at').ifNotExists().on('interviews').column('updated_at').execute();
      await db.schema
        .createTable('handled_events')
        .ifNotExists()
        .addColumn('team_id', 'varchar(32)', (c) => c.notNull())
        .addColumn('event_key', 'varchar(200)', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('handled_events_pk', ['team_id', 'event_key'])
        .execute();
      await db.schema.createIndex('handled_events_expires_at').ifNotExists().on('handled_events').column('expires_at').execute();
    },
  },
};

migrations['002_installations'] = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('installations')
      .ifNotExists()
      .addColumn('install_key', 'varchar(80)', (c) => c.primaryKey())
      .addColumn('team_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('enterprise_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('installations_team').ifNotExists().on('installations').column('team_id').execute();
  },
};

migrations['003_thread_topics'] = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('thread_topics')
      .ifNotExists()
      .addColumn('team_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('channel_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('thread_ts', 'varchar(32)', (c) => c.notNull())
      .addColumn('intent', 'varchar(64)', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('thread_topics_pk', ['team_id', 'channel_id', 'thread_ts'])
      .execute();
    await db.schema.createIndex('thread_topics_updated_at').ifNotExists().on('thread_topics').column('updated_at').execute();
  },
};

migrations['004_decisions_by_team'] = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('interviews_team_status_updated').on('interviews').columns(['team_id', 'status', 'updated_at']).ifNotExists().execute();
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Database failures become `store_unavailable`, so the user is told to try again. */
async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('store_unavailable', `${what}: ${(err as Error).message}`, { cause: err });
  }
}

function toState(row: InterviewsTable): InterviewState {
  const s = JSON.parse(row.state) as InterviewState;
  return { ...s, version: Number(row.version), updatedAt: Number(row.updated_at), expiresAt: Number(row.expires_at) };
}

function toRow(s: InterviewState): InterviewsTable {
  return {
    team_id: s.team,
    channel_id: s.channel,
    thread_ts: s.thread,
    id: s.id,
    version: s.version,
    status: s.status,
    starter: s.starter,
    state: JSON.stringify(s),
    updated_at: s.updatedAt,
    expires_at: s.expiresAt,
  };
}

export function openStore(options: StoreOptions): Store {
  let db: Kysely<Tables>;
  let dialect: 'sqlite' | 'postgres';
  if (options.databaseUrl) {
    dialect = 'postgres';
    const pg = require('pg') as typeof PgModule;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 10_000,
      // Never let one slow query hold a Slack request past its deadline.
      statement_timeout: 5000,
    });
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', () => undefined);
    db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const dir = resolve(options.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, options.sqliteFile ?? 'sourcing-advisor.sqlite');
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    const sqlite = new Database(file, { timeout: 5000 });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  }

  return {
    dialect,
    async migrate() {
      await guard('migrate', async () => {
        if (dialect === 'postgres') {
          // Two processes starting together: serialise the migrations with an advisory lock.
          await db.connection().execute(async (conn) => {
            await sql`select pg_advisory_lock(74190523)`.execute(conn);
            try {
              const { error } = await new Migrator({ db: conn, provider }).migrateToLatest();
              if (error) throw error;
            } finally {
              await sql`select pg_advisory_unlock(74190523)`.execute(conn);
            }
          });
        } else {
          const { error } = await new Migrator({ db, provider }).migrateToLatest();
          if (error) throw error;
        }
      });
    },
    async get(key) {
      return guard('read interview', async () => {
        const row = await db
          .selectFrom('interviews')
          .selectAll()
          .where('team_id', '=', key.team)
          .where('channel_id', '=', key.channel)
          .where('thread_ts', '=', key.thread)
          .executeTakeFirst();
        return row ? toState(row) : undefined;
      });
    },
    async insert(state) {
      return guard('create interview', async () => {
        const r = await db.insertInto('interviews').values(toRow(state)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
      });
    },
    async save(state, expectedVersion) {
      return guard('save interview', async () => {
        const { team_id, channel_id, thread_ts, ...rest } = toRow(state);
        const r = await db
          .updateTable('interviews')
          .set(rest)
          .where('team_id', '=', team_id)
          .where('channel_id', '=', channel_id)
          .where('thread_ts', '=', thread_ts)
          .where('version', '=', expectedVersion)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === 1;
      });
    },
    async claim(team, eventKey, ttlMs, now) {
      return guard('claim event', async () => {
        const r = await db
          .insertInto('handled_events')
          .values({ team_id: team, event_key: eventKey.slice(0, 200), expires_at: now + ttlMs })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
      });
    },
    async release(team, eventKey) {
      await guard('release event', async () => {
        await db.deleteFrom('handled_events').where('team_id', '=', team).where('event_key', '=', eventKey.slice(0, 200)).execute();
      });
    },
    async getTopic(key) {
      return guard('read thread topic', async () => {
        const row = await db
          .selectFrom('thread_topics')
          .select('intent')
          .where('team_id', '=', key.team)
          .where('channel_id', '=', key.channel)
          .where('thread_ts', '=', key.thread)
          .executeTakeFirst();
        return row?.intent;
      });
    },
    async setTopic(key, intent, now) {
      await guard('save thread topic', async () => {
        await db
          .insertInto('thread_topics')
          .values({ team_id: key.team, channel_id: key.channel, thread_ts: key.thread, intent, updated_at: now })
          .onConflict((oc) => oc.columns(['team_id', 'channel_id', 'thread_ts']).doUpdateSet({ intent, updated_at: now }))
          .execute();
      });
    },
    async purge(now, interviewsBefore, decisionsBefore) {
      return guard('purge', async () => {
        const i = await db.deleteFrom('interviews').where('status', '<>', 'done').where('updated_at', '<', interviewsBefore).executeTakeFirst();
        const d = decisionsBefore === undefined ? undefined : await db.deleteFrom('interviews').where('status', '=', 'done').where('updated_at', '<', decisionsBefore).executeTakeFirst();
        const e = await db.deleteFrom('handled_events').where('expires_at', '<', now).executeTakeFirst();
        const t = await db.deleteFrom('thread_topics').where('updated_at', '<', interviewsBefore).executeTakeFirst();
        return { interviews: Number(i.numDeletedRows), decisions: Number(d?.numDeletedRows ?? 0), events: Number(e.numDeletedRows), topics: Number(t.numDeletedRows) };
      });
    },
    async recentDecisions(team, limit) {
      return guard('list decisions', async () => {
        const rows = await db.selectFrom('interviews').selectAll().where('team_id', '=', team).where('status', '=', 'done').orderBy('updated_at', 'desc').limit(limit).execute();
        return rows.map(toState);
      });
    },
    async deleteTeam(team) {
      await guard('delete team', async () => {
        await db.deleteFrom('interviews').where('team_id', '=', team).execute();
        await db.deleteFrom('thread_topics').where('team_id', '=', team).execute();
        await db.deleteFrom('handled_events').where('team_id', '=', team).execute();
        await db.deleteFrom('installations').where('team_id', '=', team).where('enterprise_id', '=', '').execute();
      });
    },
    async putInstallation(row, now) {
      await guard('save installation', async () => {
        await db
          .insertInto('installations')
          .values({ install_key: row.key, team_id: row.team, enterprise_id: row.enterprise, data: row.data, updated_at: now })
          .onConflict((oc) => oc.column('install_key').doUpdateSet({ team_id: row.team, enterprise_id: row.enterprise, data: row.data, updated_at: now }))
          .execute();
      });
    },
    async getInstallation(key) {
      return guard('read installation', async () => {
        const row = await db.selectFrom('installations').select('data').where('install_key', '=', key).executeTakeFirst();
        return row?.data;
      });
    },
    async deleteInstallation(key) {
      await guard('delete installation', async () => {
        await db.deleteFrom('installations').where('install_key', '=', key).execute();
      });
    },
    async countInterviews() {
      return guard('count', async () => {
        const r = await db.selectFrom('interviews').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
        return Number(r.n);
      });
    },
    async ping() {
      await guard('ping', async () => {
        await sql`select 1`.execute(db);
      });
    },
    async close() {
      await db.destroy();
    },
  };
}
