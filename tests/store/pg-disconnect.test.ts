/**
 * PostgreSQL connections dropped under the store's feet (a database restart, a failover, an admin terminating
 * backends): the queries in flight fail as `store_unavailable`, nothing crashes the process, and the store works again
 * on new connections. Runs when TEST_DATABASE_URL is set, on a database of its own.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { freshPgDatabase, type PgDatabase } from '../../testkit/pg.js';

const PG_URL = process.env.TEST_DATABASE_URL;

describe.skipIf(!PG_URL)('PostgreSQL connections dropped while in use', () => {
  let db: PgDatabase;
  let store: Store;

  beforeAll(async () => {
    db = await freshPgDatabase(PG_URL!, 'sa_drop');
    store = openStore({ databaseUrl: db.url, poolSize: 8 });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('never crash the process: queries in flight fail as store_unavailable, and later ones work', async () => {
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', onCrash);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      const name = new URL(db.url).pathname.slice(1);
      const codes = new Set<string>();
      for (let round = 0; round < 15; round++) {
        // Many queries in flight (clients checked out of the pool), and every backend of the database terminated.
        const load = Array.from({ length: 40 }, () => store.ping().then(() => 'ok', (err: { code?: string }) => err.code ?? 'other'));
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        for (const r of await Promise.all(load)) codes.add(r);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(crashes).toEqual([]);
      expect([...codes].filter((c) => c !== 'ok' && c !== 'store_unavailable')).toEqual([]);
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      process.off('uncaughtException', onCrash);
      await admin.end();
    }
  });
});
