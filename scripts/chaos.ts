/**
 * `npm run chaos`: the crash test (testkit/chaos.ts) on SQLite and, when a PostgreSQL server is named by
 * CHAOS_DATABASE_URL or TEST_DATABASE_URL, on a database of its own there. Prints each store's report and exits 1
 * if anything acknowledged was lost or applied twice, a message was posted twice, a parent has no decision, or a
 * thread does not show its current step.
 *
 * Settings (environment): CHAOS_KILLS (per store, default 20), CHAOS_PEOPLE (at once, 8), CHAOS_PROCESSES (2),
 * CHAOS_SEED (1), CHAOS_MAX_SECONDS (per store, 420), CHAOS_STORES (sqlite,postgres).
 * It runs the built app: `npm run build` first (npm ci does).
 */
import { existsSync } from 'node:fs';
import { runChaos, type ChaosReport } from '../testkit/chaos.js';
import { freshPgDatabase } from '../testkit/pg.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  console.error('chaos: dist/ is not built; run `npm run build` first');
  process.exit(2);
}

const serverUrl = process.env.CHAOS_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const stores = (process.env.CHAOS_STORES ?? 'sqlite,postgres').split(',').filter((s) => s === 'sqlite' || s === 'postgres');
const reports: ChaosReport[] = [];
for (const store of stores) {
  if (store === 'postgres' && !serverUrl) {
    console.warn('chaos: PostgreSQL skipped (set CHAOS_DATABASE_URL or TEST_DATABASE_URL)');
    continue;
  }
  const db = store === 'postgres' ? await freshPgDatabase(serverUrl!, 'sa_chaos') : undefined;
  try {
    const report = await runChaos({
      store: store as 'sqlite' | 'postgres',
      ...(db ? { databaseUrl: db.url } : {}),
      kills: num('CHAOS_KILLS', 20),
      people: num('CHAOS_PEOPLE', 8),
      processes: num('CHAOS_PROCESSES', 2),
      seed: num('CHAOS_SEED', 1),
      maxSeconds: num('CHAOS_MAX_SECONDS', 420),
      log: (line) => console.log(`[${store}] ${line}`),
    });
    reports.push(report);
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await db?.drop();
  }
}

const bad = reports.filter((r) => r.lost.length + r.appliedTwice.length + r.duplicatePosts.length + r.orphanParents.length + r.stuckThreads.length + r.unfinished.length + r.undelivered > 0);
console.log('\n| store | kills (with a request in flight) | decisions | requests (acked / not) | acked starts, clicks, typed | lost | applied twice | duplicate posts | orphan parents | stuck threads | seconds |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of reports)
  console.log(
    `| ${r.store} | ${r.kills} (${r.killsInFlight}) | ${r.decisions} | ${r.requests.acknowledged} / ${r.requests.notAcknowledged} | ${r.acknowledged.starts}, ${r.acknowledged.clicks}, ${r.acknowledged.typed} | ${r.lost.length} | ${r.appliedTwice.length} | ${r.duplicatePosts.length} | ${r.orphanParents.length} | ${r.stuckThreads.length + r.unfinished.length + (r.undelivered > 0 ? 1 : 0)} | ${r.seconds} |`,
  );
process.exit(bad.length > 0 ? 1 : 0);
