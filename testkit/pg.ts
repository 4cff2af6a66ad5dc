/**
 * A PostgreSQL database of its own for one test file, made on the server `TEST_DATABASE_URL` names and dropped
 * afterwards. Test files run in parallel, and each app's dispatcher takes any due delivery in its database: in a
 * shared database one file's app would deliver another file's messages to the wrong fake Slack. A database of its
 * own also keeps each branch's migrations apart.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface PgDatabase {
  /** The new database's URL. */
  readonly url: string;
  /** Drops it (closing any connection left open). */
  drop(): Promise<void>;
}

export async function freshPgDatabase(serverUrl: string, prefix = 'sa_test'): Promise<PgDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
