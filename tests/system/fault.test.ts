/**
 * Fault: the app's PostgreSQL dies in the middle of an interview and comes back. The test runs a throwaway
 * PostgreSQL of its own (initdb in a temp dir, on another loopback port: the shared server on 5432 is never
 * touched), starts one app on it, runs an interview halfway, then stops the database with `pg_ctl stop -m immediate`.
 * While it is down, a click, a typed answer and questions must each get a polite reply, /readyz says 503 and
 * /healthz 200. Then the database starts again (same data dir) and, without restarting the app, /readyz says 200
 * and the same interview continues to its recommendation, exactly once.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { BOT_USER_ID } from '../../testkit/fake-slack.js';
import { FORM, JSON_TYPE, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { openStore } from '../../src/store/index.js';
import { SlackIndex, clickBody, sleep, type QuestionPost } from './support.js';

const run = promisify(execFile);

/** initdb and pg_ctl of the newest PostgreSQL installed under /usr/lib/postgresql, if any. */
function findPostgres(): { initdb: string; pgCtl: string } | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const initdb = join(root, v, 'bin', 'initdb');
    const pgCtl = join(root, v, 'bin', 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl };
  }
  return undefined;
}

const isRoot = process.getuid?.() === 0;
const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser', '/bin/runuser'].find((p) => existsSync(p));
const postgresUser = isRoot && existsSync('/etc/passwd') && /^postgres:/m.test(readFileSync('/etc/passwd', 'utf8'));
const tools = findPostgres();
const skipReason = !tools
  ? 'initdb/pg_ctl not found under /usr/lib/postgresql/*/bin'
  : isRoot && !runuser
    ? 'running as root and runuser is not available (initdb refuses to run as root)'
    : isRoot && !postgresUser
      ? 'running as root and there is no postgres OS user to run initdb as'
      : undefined;
if (skipReason) console.warn(`database fault test skipped: ${skipReason}`);

const PATH = ['non-core', 'critical', 'yes', 'low', 'light', 'lack', 'long'];
const TRY_AGAIN = /couldn't reach my database.*try again/i;
const TEAM = 'TFAULT';
const CHANNEL = 'CFAULT';
const USER = 'UFAULT';

describe.skipIf(Boolean(skipReason))('the database goes down mid-interview and comes back', () => {
  let base = '';
  let dataDir = '';
  let port = 0;
  let serverStarted = false;
  let databaseUrl = '';
  let t: TestApp | undefined;
  let index: SlackIndex;

  /** Runs a PostgreSQL tool as the postgres OS user when we are root (as ourselves otherwise). */
  async function pgTool(tool: string, args: string[], timeoutMs = 60_000): Promise<string> {
    const [file, argv] = isRoot ? [runuser!, ['-u', 'postgres', '--', tool, ...args]] : [tool, args];
    try {
      const { stdout, stderr } = await run(file, argv, { cwd: base, timeout: timeoutMs, env: { PATH: process.env.PATH ?? '', LANG: 'C' } });
      return `${stdout}${stderr}`;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      const log = existsSync(join(base, 'pg.log')) ? readFileSync(join(base, 'pg.log'), 'utf8').slice(-2000) : '';
      throw new Error(`${tool} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}\n${log}`);
    }
  }

  const startServer = () =>
    pgTool(tools!.pgCtl, ['-D', dataDir, '-l', join(base, 'pg.log'), '-w', '-t', '30', '-o', `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const stopServer = (mode: 'immediate' | 'fast') => pgTool(tools!.pgCtl, ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);

  beforeAll(async () => {
    base = mkdtempSync('/tmp/sourcing-fault-');
    dataDir = join(base, 'data');
    // The postgres user must be able to reach and write the temp dir (its parent, /tmp, is world-traversable).
    chmodSync(base, 0o777);
    await pgTool(tools!.initdb, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    // Another loopback port than the shared server's; try a few in case one is taken.
    let lastError: unknown;
    for (let attempt = 0; attempt < 5 && !serverStarted; attempt++) {
      port = 55_432 + 1 + Math.floor(Math.random() * 5000);
      try {
        await startServer();
        serverStarted = true;
      } catch (err) {
        lastError = err;
      }
    }
    if (!serverStarted) throw lastError;
    databaseUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    t = await startTestApp({ DATABASE_URL: databaseUrl });
    index = new SlackIndex(t.fake);
  }, 120_000);

  afterAll(async () => {
    await t?.stop().catch(() => undefined);
    if (dataDir && existsSync(join(dataDir, 'postmaster.pid'))) await stopServer('immediate').catch((err: unknown) => console.warn(String(err)));
    if (base) rmSync(base, { recursive: true, force: true });
  }, 60_000);

  it('replies politely while it is down, reports not ready, and continues the same interview once it is back', { timeout: 180_000 }, async () => {
    const app = t!;
    const who = { team: TEAM, user: USER, channel: CHANNEL };
    const question = (k: number) => index.until(() => index.questions.get(CHANNEL)?.[k], 15_000, `question ${k + 1}`);
    const click = async (q: QuestionPost, value: string, responseId: string) => {
      const res = await send(app.url, clickBody(q, value, who, app.fake.responseUrl(responseId)), FORM);
      expect(res.status).toBe(200);
    };
    const type = async (q: QuestionPost, text: string) => {
      const res = await send(app.url, eventBody({ type: 'message', channel_type: 'channel', user: USER, text, ts: nextTs(), thread_ts: q.thread, channel: CHANNEL }, { team_id: TEAM }), JSON_TYPE);
      expect(res.status).toBe(200);
    };
    const status = async (path: string) => {
      const res = await fetch(`${app.url}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    expect(await status('/readyz')).toMatchObject({ status: 200, body: { database: 'ok' } });

    // Halfway: three of seven answers, by clicks.
    expect((await send(app.url, commandBody('decide customer support', app.fake.responseUrl('start'), { team_id: TEAM, channel_id: CHANNEL, user_id: USER }), FORM)).status).toBe(200);
    for (let k = 0; k < 3; k++) await click(await question(k), PATH[k]!, `up-${k}`);
    const pending = await question(3);
    expect(pending.question).toBe('control');

    // ---- The database goes away.
    await stopServer('immediate');
    const downAt = app.fake.calls.length;

    // A click on the pending question: a polite "try again" on its response_url, and no new question.
    await click(pending, PATH[3]!, 'down-click');
    const clickReply = await index.until(() => index.responses.get('down-click')?.[0], 15_000, 'the reply to a click while the database is down');
    expect(clickReply.body.text).toMatch(TRY_AGAIN);
    expect(clickReply.body.response_type).toBe('ephemeral');

    // A typed answer in the thread: a polite ephemeral "try again" to its author.
    await type(pending, 'low');
    const typedReply = await index.until(() => index.ephemerals.get(`${CHANNEL}|${USER}`)?.[0], 15_000, 'the reply to a typed answer while the database is down');
    expect(typedReply.body.text).toMatch(TRY_AGAIN);
    expect(typedReply.body.thread_ts).toBe(pending.thread);

    // Questions still get answers: the content is in memory (a slash command in the ack, a mention in its thread).
    const slash = await send(app.url, commandBody('what is offshoring', app.fake.responseUrl('down-slash'), { team_id: TEAM, channel_id: 'CFAULTQ', user_id: USER }), FORM);
    expect(slash.status).toBe(200);
    expect(slash.json().text).toMatch(/offshoring/i);
    const mentionTs = nextTs();
    await send(app.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> what is nearshoring`, ts: mentionTs, channel: 'CFAULTQ' }, { team_id: TEAM }), JSON_TYPE);
    const mentionReply = await index.until(() => index.inThread.get(`CFAULTQ|${mentionTs}`)?.[0], 15_000, 'the answer to a mention while the database is down');
    expect(mentionReply.call.body.text).toMatch(/nearshoring/i);

    // Starting a new decision needs the database: a polite "try again" too.
    await send(app.url, commandBody('decide logistics', app.fake.responseUrl('down-decide'), { team_id: TEAM, channel_id: 'CFAULTD', user_id: USER }), FORM);
    const decideReply = await index.until(() => index.responses.get('down-decide')?.[0], 15_000, 'the reply to /sourcing decide while the database is down');
    expect(decideReply.body.text).toMatch(TRY_AGAIN);

    // Not ready, but alive.
    expect(await status('/readyz')).toMatchObject({ status: 503, body: { ok: false, database: 'unreachable' } });
    expect(await status('/healthz')).toMatchObject({ status: 200, body: { ok: true } });
    // Nothing was asked again or recommended while the database was down.
    index.sync();
    expect(app.fake.calls.slice(downAt).filter((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL)).toEqual([]);

    // ---- The database comes back (same data dir, same port); the app is not restarted.
    await startServer();
    const readyBy = Date.now() + 20_000;
    let ready = await status('/readyz');
    while (ready.status !== 200 && Date.now() < readyBy) {
      await sleep(200);
      ready = await status('/readyz');
    }
    expect(ready).toMatchObject({ status: 200, body: { ok: true, database: 'ok' } });

    // The same interview continues from where it stood: the pending question, by click and by typing.
    await click(pending, PATH[3]!, 'back-3');
    const q4 = await question(4);
    expect(q4.question).toBe('regulation');
    expect(q4.interviewId).toBe(pending.interviewId);
    await type(q4, PATH[4]!);
    await click(await question(5), PATH[5]!, 'back-5');
    await click(await question(6), PATH[6]!, 'back-6');
    const rec = await index.until(() => index.recommendations.get(CHANNEL)?.[0], 15_000, 'the recommendation');
    expect(rec.call.body.text).toMatch(/partner abroad/i);
    await app.idle();
    index.sync();
    expect(index.recommendations.get(CHANNEL)).toHaveLength(1);
    expect(index.questions.get(CHANNEL)!.map((q) => q.question)).toEqual(['core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon']);

    const check = openStore({ databaseUrl, poolSize: 1 });
    try {
      const state = await check.get({ team: TEAM, channel: CHANNEL, thread: pending.thread });
      expect(state).toMatchObject({ status: 'done', version: 8, id: pending.interviewId });
      expect(['core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon'].map((q) => state!.answers[q])).toEqual(PATH);
    } finally {
      await check.close();
    }

    // Failures were logged as warnings with their code, never as errors, and the process never saw an unhandled one.
    const logs = app.logs;
    expect(logs.filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
    expect(logs.filter((l) => l.msg === 'request failed').map((l) => l.code)).toEqual(['store_unavailable', 'store_unavailable', 'store_unavailable']);
  });

  // BUG (src/slack/decisions.ts, start()): the visible parent message "<@user> started a sourcing decision for *…*.
  // The questions are in this thread…" is posted *before* the store is touched. When the database is down the
  // start then fails, the user is told "I couldn't reach my database just now, so nothing was changed", yet the
  // channel keeps a public announcement of a decision whose thread never gets a question (and every retry of the
  // command posts another one). Expected: no visible parent when the decision could not be started (check the
  // store first, or update/delete the parent on failure). Remove `.fails` once fixed.
  it('leaves no visible "started a decision" message in the channel when the database is down', { timeout: 60_000 }, async () => {
    const app = t!;
    await stopServer('immediate');
    try {
      await send(app.url, commandBody('decide marketing', app.fake.responseUrl('orphan'), { team_id: TEAM, channel_id: 'CORPHAN', user_id: USER }), FORM);
      const reply = await index.until(() => index.responses.get('orphan')?.[0], 15_000, 'the reply to /sourcing decide while the database is down');
      expect(reply.body.text).toMatch(TRY_AGAIN);
      await app.idle();
      index.sync();
      expect((index.topLevel.get('CORPHAN') ?? []).map((p) => p.call.body.text)).toEqual([]);
    } finally {
      await startServer();
    }
  });
  it('answers within seconds while the database is frozen (it takes connections and never answers), and carries on once it thaws', { timeout: 120_000 }, async () => {
    const app = t!;
    const who = { team: TEAM, user: USER, channel: 'CFROZEN' };
    expect((await send(app.url, commandBody('decide payroll', app.fake.responseUrl('frozen-start'), { team_id: TEAM, channel_id: 'CFROZEN', user_id: USER }), FORM)).status).toBe(200);
    const first = await index.until(() => index.questions.get('CFROZEN')?.[0], 15_000, 'the first question');
    expect(first.question).toBe('core');

    // ---- The database freezes: every one of its processes stopped (SIGSTOP), its port still open.
    const frozen = serverProcesses();
    expect(frozen.length).toBeGreaterThan(1);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      const clicked = Date.now();
      expect((await send(app.url, clickBody(first, PATH[0]!, who, app.fake.responseUrl('frozen-click')), FORM)).status).toBe(200);
      const reply = await index.until(() => index.responses.get('frozen-click')?.[0], 20_000, 'the reply to a click while the database is frozen');
      expect(reply.body.text).toMatch(TRY_AGAIN);
      expect(reply.at - clicked).toBeLessThan(12_000);
      const asked = Date.now();
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(Date.now() - asked).toBeLessThan(3000);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }

    // ---- It thaws: the same decision carries on from its first question.
    const readyBy = Date.now() + 30_000;
    while ((await fetch(`${app.url}/readyz`)).status !== 200 && Date.now() < readyBy) await sleep(200);
    expect((await send(app.url, clickBody(first, PATH[0]!, who, app.fake.responseUrl('thawed-click')), FORM)).status).toBe(200);
    const second = await index.until(() => index.questions.get('CFROZEN')?.[1], 15_000, 'the second question');
    expect(second.question).toBe('budget');
    expect(second.interviewId).toBe(first.interviewId);
  });

  /** The throwaway server's postmaster and every process it started. */
  function serverProcesses(): number[] {
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  }
});
