/**
 * Durable interview state and the record of handled events, behind one set of Kysely queries that serves
 * both dialects: an embedded SQLite file (better-sqlite3, WAL) by default, PostgreSQL when DATABASE_URL is set.
 * Every query is scoped by team. Saves are conditional on the version read (optimistic concurrency), and an
 * event id can be claimed once across every process sharing the database.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type ExpressionBuilder, type Migration, type MigrationProvider } from 'kysely';
import type PgModule from 'pg';

// Only the driver in use is loaded (each costs startup time and memory).
const require = createRequire(import.meta.url);
import { AppError } from '../errors/index.js';
import type { InterviewKey, InterviewState } from '../interview/machine.js';
import type { NewDelivery } from '../conversation/outbox.js';
import type { OnceOnly } from '../conversation/interviews.js';
import type { Gap, GapKind, GapRecord } from '../conversation/feedback.js';

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
  /** The process handling the event now, until `expires_at` (a lease); null once handled. */
  owner: string | null;
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

/**
 * What a saved change must still show in Slack, in order per interview: each row one message to post, update or
 * replace, or a note to one person, saved in the same transaction as the change and delivered afterwards.
 */
interface OutboxTable {
  id: string;
  team_id: string;
  channel_id: string;
  interview_id: string;
  seq: number;
  payload: string;
  status: string;
  attempts: number;
  next_at: number | string;
  lease_owner: string | null;
  lease_until: number | string | null;
  result_ts: string | null;
  created_at: number | string;
}

/** The knowledge-gap inbox: one row per miss (a thumbs-down, an out-of-scope question, a declined "did you mean"). */
interface FeedbackTable {
  id: string;
  team_id: string;
  kind: string;
  text: string;
  intent: string;
  confidence: number;
  created_at: number | string;
}

interface Tables {
  feedback: FeedbackTable;
  outbox: OutboxTable;
  thread_topics: ThreadTopicsTable;
  interviews: InterviewsTable;
  handled_events: HandledEventsTable;
  installations: InstallationsTable;
}


/**
 * An event that must change a decision at most once (a Slack event, which Slack retries until it is acknowledged):
 * recorded as handled in the same transaction as the change, so a retry after a crash applies it if, and only if,
 * the first delivery's change was not saved.
 */
export type { OnceOnly };

/** What a lease on an event found: it is ours to handle, handled already, or being handled elsewhere now. */
export type EventLease = 'mine' | 'done' | 'busy';

/** A delivery leased to a dispatcher. */
export interface Delivered {
  readonly id: string;
  readonly team: string;
  readonly channel: string;
  readonly interview: string;
  readonly seq: number;
  readonly payload: string;
  /** Tries so far (0 on the first): a post tried before may already be in Slack. */
  readonly attempts: number;
  readonly createdAt: number;
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
  /**
   * Inserts a new interview (and what it must show, and the event that caused it as handled, in the same
   * transaction); false if one exists for this key, or the event was handled already.
   */
  insert(state: InterviewState, deliveries?: readonly NewDelivery[], once?: OnceOnly): Promise<boolean>;
  /**
   * Saves `state` if the stored version is still `expectedVersion`, with what the change must show in Slack, in one
   * transaction; false if someone else saved first (and then nothing is saved).
   */
  save(state: InterviewState, expectedVersion: number, deliveries?: readonly NewDelivery[], once?: OnceOnly): Promise<boolean>;
  /**
   * Whether an event was handled already, or is being handled by another process than `owner` (its lease holder):
   * either way, not for this delivery of it to handle.
   */
  claimed(team: string, eventKey: string, owner?: string): Promise<boolean>;
  /**
   * Leases an event to `owner` for `leaseMs` (an event Slack may deliver again while it is handled, or after a
   * crash): `mine` when it was not seen, or its last lease ran out; `done` when it was handled; `busy` when another
   * process holds a lease on it now.
   */
  leaseEvent(team: string, eventKey: string, owner: string, now: number, leaseMs: number): Promise<EventLease>;
  /** Records a leased event as handled (kept `ttlMs`), if `owner` still holds it. */
  finishEvent(team: string, eventKey: string, owner: string, now: number, ttlMs: number): Promise<void>;
  /** Moves an interview to the thread its parent message started (it was saved under a placeholder until then). */
  rekey(key: InterviewKey, thread: string): Promise<void>;
  /**
   * Leases the next deliveries due: for each interview, only the first not yet delivered, so each interview's
   * messages go out in order; on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so replicas never take the same one. A
   * delivery taken over from a lease that ran out counts as tried (`attempts`), so it is looked for before it is
   * made again.
   */
  claimDeliveries(owner: string, now: number, leaseMs: number, limit: number): Promise<Delivered[]>;
  /** Marks a delivery done (with the message id a post got), if `owner` still holds its lease. */
  finishDelivery(id: string, owner: string, resultTs?: string): Promise<boolean>;
  /**
   * Gives a delivery back to be tried again at `nextAt`, or (`giveUp`) marks it failed; `tried` false when it was
   * put off without being tried (its channel is rate limited), which does not count as an attempt.
   */
  retryDelivery(id: string, owner: string, nextAt: number, giveUp: boolean, tried?: boolean): Promise<void>;
  /** The message ids that posted deliveries got, by delivery id. */
  deliveryTs(ids: readonly string[]): Promise<Map<string, string>>;
  /** Makes an interview's failed and waiting deliveries due now (someone acted in its thread). */
  reviveDeliveries(interview: string, now: number): Promise<number>;
  /** How many deliveries are not yet done or failed. */
  pendingDeliveries(): Promise<number>;
  /** Where a delivery stands: `pending`, `done` or `failed` (given up), and how many times it was tried. */
  deliveryStatus(id: string): Promise<{ status: string; attempts: number } | undefined>;
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
  /** Records a miss for the knowledge-gap inbox (no user or channel: see PRIVACY.md). */
  recordGap(team: string, gap: GapRecord, now: number): Promise<void>;
  /**
   * The most frequent misses recorded since `since`, most frequent first (then most recent): one team's, or every
   * team's when `team` is absent; only of `kinds` when given.
   */
  topGaps(query: { team?: string; since: number; kinds?: readonly GapKind[]; limit: number }): Promise<Gap[]>;
  /** Deletes misses recorded before `before` (`FEEDBACK_RETENTION_DAYS`); how many. */
  purgeGaps(before: number): Promise<number>;
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

migrations['006_outbox'] = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('outbox')
      .ifNotExists()
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('team_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('channel_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('interview_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'varchar(64)')
      .addColumn('lease_until', 'bigint')
      .addColumn('result_ts', 'varchar(32)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('outbox_interview_seq', ['interview_id', 'seq'])
      .execute();
    await db.schema.createIndex('outbox_due').ifNotExists().on('outbox').columns(['status', 'next_at']).execute();
  },
};

migrations['007_feedback'] = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('feedback')
      .ifNotExists()
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('team_id', 'varchar(32)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('intent', 'varchar(96)', (c) => c.notNull())
      .addColumn('confidence', 'real', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('feedback_team_created').ifNotExists().on('feedback').columns(['team_id', 'created_at']).execute();
    await db.schema.createIndex('feedback_created').ifNotExists().on('feedback').column('created_at').execute();
  },
};

migrations['009_event_leases'] = {
  async up(db: Kysely<any>) {
    // Idempotent, like every migration here: two processes may start on one SQLite file at once.
    const table = (await db.introspection.getTables()).find((t) => t.name === 'handled_events');
    if (table?.columns.some((c) => c.name === 'owner')) return;
    await db.schema.alterTable('handled_events').addColumn('owner', 'varchar(64)').execute();
  },
};

// Migrations were added on branches in parallel (007 after 009 on some databases): each is applied when missing,
// whatever its place in the order (`allowUnorderedMigrations`), and each is idempotent.
const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The longest one query may take, measured by the client. */
export const QUERY_TIMEOUT_MS = 5000;

/** Database failures become `store_unavailable`, so the user is told to try again. */
async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('store_unavailable', `${what}: ${(err as Error).message}`, { cause: err });
  }
}

/** Thrown inside a transaction to undo it (a claim already made in it): the save did not happen. */
class Rollback extends Error {}
const rolledBack = (err: unknown): false => {
  if (err instanceof Rollback) return false;
  throw err;
};

/**
 * Records an event as handled inside a transaction: false if it already was, or if another process holds its lease
 * (it took the event over, so its change, not this one, counts).
 */
async function claimIn(trx: Kysely<Tables>, team: string, once: OnceOnly, now: number): Promise<boolean> {
  const r = await trx
    .insertInto('handled_events')
    .values({ team_id: team, event_key: once.key.slice(0, 200), expires_at: now + once.ttlMs, owner: null })
    .onConflict((oc) =>
      oc
        .columns(['team_id', 'event_key'])
        .doUpdateSet({ owner: null, expires_at: now + once.ttlMs })
        .where('handled_events.owner', '=', once.owner ?? ''),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Appends an interview's deliveries after its last one, inside the transaction that saves the change. */
async function enqueue(trx: Kysely<Tables>, state: InterviewState, deliveries: readonly NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const last = await trx.selectFrom('outbox').select((eb) => eb.fn.max('seq').as('seq')).where('interview_id', '=', state.id).executeTakeFirst();
  const from = Number(last?.seq ?? 0);
  await trx
    .insertInto('outbox')
    .values(
      deliveries.map((d, i) => ({
        id: d.id,
        team_id: state.team,
        channel_id: state.channel,
        interview_id: state.id,
        seq: from + i + 1,
        payload: d.payload,
        status: 'pending',
        attempts: 0,
        next_at: state.updatedAt,
        lease_owner: null,
        lease_until: null,
        result_ts: null,
        created_at: state.updatedAt,
      })),
    )
    .execute();
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

/** How many times a process tries SQLite's migrations when another process on the same file got there first. */
const SQLITE_MIGRATE_TRIES = 5;

/**
 * Sets a pragma, trying again for a moment while another process holds the lock: switching a new file to WAL while
 * another process does the same fails at once with SQLITE_BUSY, without waiting out the busy timeout.
 */
function pragmaWhenFree(sqlite: BetterSqlite3.Database, pragma: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      sqlite.pragma(pragma);
      return;
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY') || attempt >= SQLITE_PRAGMA_TRIES) throw error;
      Atomics.wait(pause, 0, 0, SQLITE_PRAGMA_PAUSE_MS);
    }
  }
}
/** How many times, and how far apart, a pragma is tried while another process holds the lock (about 2 s in all). */
const SQLITE_PRAGMA_TRIES = 100;
const SQLITE_PRAGMA_PAUSE_MS = 20;

/** The SQLite database's file name under `DATA_DIR`. */
export const SQLITE_FILE = 'sourcing-advisor.sqlite';

/** The SQLite database's directory and file for these options. */
function sqlitePath(options: Pick<StoreOptions, 'dataDir' | 'sqliteFile'>): { dir: string; file: string } {
  const dir = resolve(options.dataDir ?? './data');
  return { dir, file: join(dir, options.sqliteFile ?? SQLITE_FILE) };
}

/** Whether there is a database to read: PostgreSQL, or an SQLite file already made (a reader never makes one). */
export function storeExists(options: Pick<StoreOptions, 'databaseUrl' | 'dataDir' | 'sqliteFile'>): boolean {
  return Boolean(options.databaseUrl) || existsSync(sqlitePath(options).file);
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
      // Never let one slow query hold a Slack request past its deadline: on the server, and on the client too (a
      // frozen server enforces nothing).
      statement_timeout: 5000,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    // A client losing its connection (database restart) must not crash the process: an idle one reports it on the
    // pool; one in use emits it on itself, where pg-pool listens no more (the query in flight fails on its own).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const { dir, file } = sqlitePath(options);
    mkdirSync(dir, { recursive: true });
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    const sqlite = new Database(file, { timeout: 5000 });
    try {
      pragmaWhenFree(sqlite, 'journal_mode = WAL');
      pragmaWhenFree(sqlite, 'synchronous = NORMAL');
    } catch (error) {
      sqlite.close();
      throw error;
    }
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
              const { error } = await new Migrator({ db: conn, provider, allowUnorderedMigrations: true }).migrateToLatest();
              if (error) throw error;
            } finally {
              await sql`select pg_advisory_unlock(74190523)`.execute(conn);
            }
          });
        } else {
          // SQLite has no advisory lock: two processes starting on one file together may both try a migration, and
          // one then fails on the other's record of it. Migrations are idempotent, so that one tries again, and
          // finds them done.
          for (let attempt = 1; ; attempt++) {
            const { error } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
            if (!error) break;
            if (attempt >= SQLITE_MIGRATE_TRIES) throw error;
            await new Promise((r) => setTimeout(r, 100 * attempt));
          }
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
    async insert(state, deliveries = [], once) {
      return guard('create interview', async () =>
        db
          .transaction()
          .execute(async (trx) => {
            if (once && !(await claimIn(trx, state.team, once, state.updatedAt))) return false;
            const r = await trx.insertInto('interviews').values(toRow(state)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
            if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) throw new Rollback();
            await enqueue(trx, state, deliveries);
            return true;
          })
          .catch(rolledBack),
      );
    },
    async save(state, expectedVersion, deliveries = [], once) {
      return guard('save interview', async () => {
        const { team_id, channel_id, thread_ts, ...rest } = toRow(state);
        const update = (q: Kysely<Tables>) =>
          q
            .updateTable('interviews')
            .set(rest)
            .where('team_id', '=', team_id)
            .where('channel_id', '=', channel_id)
            .where('thread_ts', '=', thread_ts)
            .where('version', '=', expectedVersion)
            .executeTakeFirst();
        if (deliveries.length === 0 && !once) return Number((await update(db)).numUpdatedRows) === 1;
        return db
          .transaction()
          .execute(async (trx) => {
            if (once && !(await claimIn(trx, state.team, once, state.updatedAt))) return false;
            if (Number((await update(trx)).numUpdatedRows) !== 1) throw new Rollback();
            await enqueue(trx, state, deliveries);
            return true;
          })
          .catch(rolledBack);
      });
    },
    async claimed(team, eventKey, owner) {
      return guard('read event', async () => {
        const r = await db.selectFrom('handled_events').select('owner').where('team_id', '=', team).where('event_key', '=', eventKey.slice(0, 200)).executeTakeFirst();
        return r !== undefined && (r.owner === null || r.owner !== owner);
      });
    },
    async leaseEvent(team, eventKey, owner, now, leaseMs) {
      return guard('lease event', async () => {
        const key = eventKey.slice(0, 200);
        const r = await db
          .insertInto('handled_events')
          .values({ team_id: team, event_key: key, expires_at: now + leaseMs, owner })
          .onConflict((oc) => oc.columns(['team_id', 'event_key']).doUpdateSet({ owner, expires_at: now + leaseMs }).where('handled_events.expires_at', '<', now))
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 1) return 'mine';
        const row = await db.selectFrom('handled_events').select('owner').where('team_id', '=', team).where('event_key', '=', key).executeTakeFirst();
        // Gone between the two statements (purged): ours to handle.
        if (!row) return 'mine';
        return row.owner === null ? 'done' : row.owner === owner ? 'mine' : 'busy';
      });
    },
    async finishEvent(team, eventKey, owner, now, ttlMs) {
      await guard('record event', async () => {
        await db
          .updateTable('handled_events')
          .set({ owner: null, expires_at: now + ttlMs })
          .where('team_id', '=', team)
          .where('event_key', '=', eventKey.slice(0, 200))
          .where('owner', '=', owner)
          .execute();
      });
    },
    async rekey(key, thread) {
      await guard('move interview', async () =>
        db.transaction().execute(async (trx) => {
          // The write first, so the transaction holds SQLite's write lock before it reads (a read that later
          // upgrades can fail at once when another process writes the same file).
          const moved = await trx
            .updateTable('interviews')
            .set({ thread_ts: thread })
            .where('team_id', '=', key.team)
            .where('channel_id', '=', key.channel)
            .where('thread_ts', '=', key.thread)
            .executeTakeFirst();
          if (Number(moved.numUpdatedRows) !== 1) return;
          const row = await trx.selectFrom('interviews').selectAll().where('team_id', '=', key.team).where('channel_id', '=', key.channel).where('thread_ts', '=', thread).executeTakeFirstOrThrow();
          await trx
            .updateTable('interviews')
            .set({ state: JSON.stringify({ ...toState(row), thread }) })
            .where('team_id', '=', key.team)
            .where('channel_id', '=', key.channel)
            .where('thread_ts', '=', thread)
            .execute();
        }),
      );
    },
    async claimDeliveries(owner, now, leaseMs, limit) {
      return guard('claim deliveries', async () => {
        const lock = dialect === 'postgres' ? sql`for update skip locked` : sql``;
        const rows = await sql<OutboxTable>`
          update outbox set lease_owner = ${owner}, lease_until = ${now + leaseMs},
            -- A lease that ran out: the process that held it may have made the delivery before it died.
            attempts = attempts + case when lease_owner is null then 0 else 1 end
          where id in (
            select o.id from outbox o
            where o.status = 'pending' and o.next_at <= ${now} and (o.lease_until is null or o.lease_until < ${now})
              and not exists (select 1 from outbox p where p.interview_id = o.interview_id and p.status = 'pending' and p.seq < o.seq)
            order by o.next_at, o.seq
            limit ${limit}
            ${lock}
          )
          returning *`.execute(db);
        return rows.rows
          .map((r) => ({ id: r.id, team: r.team_id, channel: r.channel_id, interview: r.interview_id, seq: Number(r.seq), payload: r.payload, attempts: Number(r.attempts), createdAt: Number(r.created_at) }))
          .sort((a, b) => a.seq - b.seq);
      });
    },
    async finishDelivery(id, owner, resultTs) {
      return guard('finish delivery', async () => {
        const r = await db
          .updateTable('outbox')
          .set({ status: 'done', result_ts: resultTs ?? null, lease_owner: null, lease_until: null })
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === 1;
      });
    },
    async retryDelivery(id, owner, nextAt, giveUp, tried = true) {
      await guard('retry delivery', async () => {
        await db
          .updateTable('outbox')
          .set((eb) => ({ status: giveUp ? 'failed' : 'pending', attempts: eb('attempts', '+', tried ? 1 : 0), next_at: nextAt, lease_owner: null, lease_until: null }))
          .where('id', '=', id)
          .where('lease_owner', '=', owner)
          .execute();
      });
    },
    async deliveryTs(ids) {
      return guard('read deliveries', async () => {
        if (ids.length === 0) return new Map();
        const rows = await db.selectFrom('outbox').select(['id', 'result_ts']).where('id', 'in', [...ids]).execute();
        return new Map(rows.filter((r) => r.result_ts).map((r) => [r.id, r.result_ts!]));
      });
    },
    async reviveDeliveries(interview, now) {
      return guard('revive deliveries', async () => {
        // Nearly always there is nothing to revive: a read, not a write, on every click and message in a thread.
        const waiting = (eb: ExpressionBuilder<Tables, 'outbox'>) => eb.and([eb('interview_id', '=', interview), eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'pending'), eb('next_at', '>', now)])])]);
        const any = await db.selectFrom('outbox').select('id').where(waiting).limit(1).executeTakeFirst();
        if (!any) return 0;
        // Its attempts are kept: a post tried before is still looked for before it is made again.
        const r = await db.updateTable('outbox').set({ status: 'pending', next_at: now }).where(waiting).executeTakeFirst();
        return Number(r.numUpdatedRows);
      });
    },
    async pendingDeliveries() {
      return guard('count deliveries', async () => {
        const r = await db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
        return Number(r.n);
      });
    },
    async deliveryStatus(id) {
      return guard('read delivery', async () => {
        const r = await db.selectFrom('outbox').select(['status', 'attempts']).where('id', '=', id).executeTakeFirst();
        return r ? { status: r.status, attempts: Number(r.attempts) } : undefined;
      });
    },
    async claim(team, eventKey, ttlMs, now) {
      return guard('claim event', async () => {
        const r = await db
          .insertInto('handled_events')
          .values({ team_id: team, event_key: eventKey.slice(0, 200), expires_at: now + ttlMs, owner: null })
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
        // Deliveries are kept as long as their interview (the message ids they got are where later updates go).
        await db.deleteFrom('outbox').where('interview_id', 'not in', db.selectFrom('interviews').select('id')).execute();
        return { interviews: Number(i.numDeletedRows), decisions: Number(d?.numDeletedRows ?? 0), events: Number(e.numDeletedRows), topics: Number(t.numDeletedRows) };
      });
    },
    async recordGap(team, gap, now) {
      await guard('record feedback', async () => {
        await db
          .insertInto('feedback')
          .values({ id: randomUUID(), team_id: team, kind: gap.kind, text: gap.text, intent: gap.intent.slice(0, 96), confidence: gap.confidence, created_at: now })
          .execute();
      });
    },
    async topGaps({ team, since, kinds, limit }) {
      return guard('list feedback', async () => {
        let q = db
          .selectFrom('feedback')
          .select(['team_id', 'kind', 'text', 'intent'])
          .select((eb) => [eb.fn.countAll().as('n'), eb.fn.avg('confidence').as('c'), eb.fn.max('created_at').as('last')])
          .where('created_at', '>=', since);
        if (team !== undefined) q = q.where('team_id', '=', team);
        if (kinds && kinds.length > 0) q = q.where('kind', 'in', [...kinds]);
        const rows = await q.groupBy(['team_id', 'kind', 'text', 'intent']).orderBy('n', 'desc').orderBy('last', 'desc').orderBy('text').limit(limit).execute();
        return rows.map((r) => ({
          team: r.team_id,
          kind: r.kind as GapKind,
          text: r.text,
          intent: r.intent,
          confidence: Math.round(Number(r.c) * 1000) / 1000,
          count: Number(r.n),
          last: Number(r.last),
        }));
      });
    },
    async purgeGaps(before) {
      return guard('purge feedback', async () => Number((await db.deleteFrom('feedback').where('created_at', '<', before).executeTakeFirst()).numDeletedRows));
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
        await db.deleteFrom('outbox').where('team_id', '=', team).execute();
        await db.deleteFrom('handled_events').where('team_id', '=', team).execute();
        await db.deleteFrom('feedback').where('team_id', '=', team).execute();
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
