/**
 * Soak: two app processes (`node bin/sourcing.js start`, or in-process when dist/ is not built) on one shared
 * PostgreSQL and one fake Slack, driven with a few thousand signed requests at bounded concurrency: questions by
 * slash command, @mention and DM (some delivered again with Slack's retry headers), the Home tab, and decision
 * interviews from many users at once, answered by clicks and by typed replies, with each request going to the
 * other process, duplicate deliveries of the same click to both processes, double-clicks, and clicks on buttons
 * of questions already answered. Then it checks that every interview ended consistent (in the database and in
 * the thread), that no event was answered twice, that nothing was logged at error level, and that memory stayed
 * flat between the start and the end of the steady phase.
 *
 * The shared database is not dropped: the run uses team ids of its own and deletes their rows at the end.
 */
import { freshPgDatabase, type PgDatabase } from '../../testkit/pg.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { BOT_USER_ID, FakeSlack } from '../../testkit/fake-slack.js';
import { FORM, JSON_TYPE, SIGNING_SECRET, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { createEngine } from '../../src/engine.js';
import { recommend, type Answers } from '../../src/interview/decide.js';
import { QUESTION_IDS, QUESTION_VALUES } from '../../src/interview/schema.js';
import { openStore, type Store } from '../../src/store/index.js';
import { Limiter, LogDigest, SlackIndex, clickBody, seeded, sleep, type QuestionPost } from './support.js';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn('soak test skipped: set TEST_DATABASE_URL (bash .ci/run does) to run it');

const BIN = fileURLToPath(new URL('../../bin/sourcing.js', import.meta.url));
const GC_PROBE = new URL('./gc-probe.mjs', import.meta.url).href;
/** Real processes need dist/ (`npm test` builds it first); SOAK_IN_PROCESS=1 runs both apps in the test process instead. */
const BUILT = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))) && process.env.SOAK_IN_PROCESS !== '1';

/** The size of the run. The noise phase also stops at its deadline, so a slow machine gives a shorter run, not a hang. */
const INTERVIEWS = 40;
const WARMUP_INTERVIEWS = 4;
const WARMUP_NOISE = 250;
const STEADY_NOISE = Number(process.env.SOAK_NOISE ?? 2200);
/** The steady phase is paced to last about this long (longer if the machine is slower). */
const STEADY_MS = Number(process.env.SOAK_STEADY_MS ?? 45_000);
const NOISE_ACTORS = 12;
const IN_FLIGHT = 20;
const STEADY_DEADLINE_MS = Number(process.env.SOAK_DEADLINE_MS ?? 100_000);
const STEP_TIMEOUT_MS = 20_000;
const SEED = Number(process.env.SOAK_SEED ?? 20240611);

const QUESTIONS = [
  'what is offshoring',
  'what is nearshoring',
  'what is bpo',
  'what is kpo',
  'outsourcing vs offshoring',
  'what are the risks of offshoring',
  'what is a captive center',
  'how do I pick a vendor',
];
const FUNCTIONS = ['customer support', 'logistics', 'accounting', 'marketing', 'software development'];
const RETRY = (n: number) => ({ 'x-slack-retry-num': String(n), 'x-slack-retry-reason': 'http_timeout' });

interface Instance {
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
  readonly logs: LogDigest;
  /** Allowed memory growth over the steady phase: 1.5 for a process of its own; more when the test's own records share it. */
  readonly growth: number;
  /** Resident memory of the process, in kB (as it is: V8 collects when it likes). */
  rssKb(): number;
  /** Heap in use and resident memory after a forced full garbage collection, in kB (undefined if it can't be forced). */
  afterGc(): Promise<{ heapKb: number; rssKb: number } | undefined>;
  /** Why it exited, if it did. */
  exit(): string | undefined;
  stop(): Promise<void>;
}

/** A real process, as in production: `node bin/sourcing.js start` with its settings in the environment. */
async function spawnApp(name: string, env: Record<string, string>): Promise<Instance> {
  const cwd = mkdtempSync(join(tmpdir(), `sourcing-soak-${name}-`));
  const child = spawn(process.execPath, ['--expose-gc', '--import', GC_PROBE, BIN, 'start'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-0000-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: cwd,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = new LogDigest();
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = `exit code ${code} signal ${signal}`;
      resolve();
    }),
  );
  createInterface({ input: child.stdout! }).on('line', (l) => logs.ingest(l));
  // Anything on stderr is suspect: record it as not-JSON (or as an error line when it is one).
  createInterface({ input: child.stderr! }).on('line', (l) => logs.ingest(l));
  const deadline = Date.now() + 20_000;
  while (logs.port === undefined) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`app ${name} did not start (${exited ?? 'timeout'}): ${logs.notJson.concat(logs.errors).join('\n')}`);
    }
    await sleep(50);
  }
  return {
    name,
    url: `http://127.0.0.1:${logs.port}`,
    pid: child.pid,
    logs,
    growth: 1.5,
    rssKb() {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) : Number.NaN;
    },
    exit: () => exited,
    async afterGc() {
      const seen = logs.probes.length;
      child.kill('SIGUSR2');
      const deadline = Date.now() + 10_000;
      while (logs.probes.length === seen && Date.now() < deadline) await sleep(20);
      const p = logs.probes[seen];
      return p?.gc ? { heapKb: Math.round(p.heap_used / 1024), rssKb: Math.round(p.rss / 1024) } : undefined;
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([gone, sleep(10_000)]);
        if (!exited) child.kill('SIGKILL');
        await Promise.race([gone, sleep(2_000)]);
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** Without dist/ (vitest run without a build): both apps in this process. Memory is then this process's, test included. */
async function inProcessApp(name: string, env: Record<string, string>, fake: FakeSlack): Promise<Instance> {
  const t: TestApp = await startTestApp({ LOG_LEVEL: 'info', ...env }, { fake });
  const logs = new LogDigest();
  let read = 0;
  const drain = () => {
    for (; read < t.rawLogs.length; read++) logs.ingest(t.rawLogs[read]!);
  };
  const timer = setInterval(drain, 200);
  return {
    name,
    url: t.url,
    pid: undefined,
    growth: 2,
    get logs() {
      drain();
      return logs;
    },
    rssKb: () => Math.round(process.memoryUsage().rss / 1024),
    async afterGc() {
      // The test process was not started with --expose-gc: enable it now and fetch gc() from a fresh context.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (() => void) | undefined;
      if (typeof gc !== 'function') return undefined;
      gc();
      gc();
      const m = process.memoryUsage();
      return { heapKb: Math.round(m.heapUsed / 1024), rssKb: Math.round(m.rss / 1024) };
    },
    exit: () => undefined,
    async stop() {
      clearInterval(timer);
      drain();
      await t.stop();
    },
  };
}

interface Plan {
  i: number;
  team: string;
  channel: string;
  user: string;
  start: 'command' | 'mention';
  fn: string;
  path: string[];
  /** Set once the recommendation was posted. */
  done: boolean;
}

describe.skipIf(!pgUrl)('soak: two app processes on one PostgreSQL', () => {
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`.toUpperCase();
  const teams = [`TSK${runId}A`, `TSK${runId}B`];
  let fake: FakeSlack;
  let index: SlackIndex;
  let store: Store;
  let db: PgDatabase | undefined;
  const apps: Instance[] = [];

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    index = new SlackIndex(fake);
    db = await freshPgDatabase(pgUrl!);
    store = openStore({ databaseUrl: db.url, poolSize: 2 });
    await store.migrate();
    const env = { DATABASE_URL: db.url, SLACK_API_URL: fake.apiUrl };
    if (!BUILT) console.warn('soak test: running both apps inside the test process (dist/ is not built, or SOAK_IN_PROCESS=1)');
    const started = await Promise.all(['a', 'b'].map((n) => (BUILT ? spawnApp(n, env) : inProcessApp(n, env, fake))));
    apps.push(...started);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop().catch(() => undefined)));
    if (store) {
      for (const team of teams) await store.deleteTeam(team).catch((err: unknown) => console.warn(`soak cleanup of ${team} failed`, err));
      await store.close();
    }
    await db?.drop();
    await fake?.stop();
  }, 60_000);

  it('stays consistent, answers each event once, logs no errors and keeps memory flat', { timeout: 240_000 }, async () => {
    const spec = createEngine().catalogue.interview;
    const rng = seeded(SEED);
    const limiter = new Limiter(IN_FLIGHT);
    const problems: string[] = [];
    const counts = { requests: 0, slash: 0, mentions: 0, dms: 0, homes: 0, retries: 0, busy: 0, clicks: 0, dupClicks: 0, doubleClicks: 0, staleClicks: 0, typed: 0 };
    const singleAnswer: string[] = []; // `channel|ts` of every question event: exactly one reply each
    let turn = 0;

    const post = (app: Instance, body: string, type: string, headers?: Record<string, string>): Promise<Awaited<ReturnType<typeof send>>> =>
      limiter
        .run(async () => {
          counts.requests++;
          return send(app.url, body, type, headers ? { headers } : {});
        })
        .then(async (res) => {
          // An event the other process is handling at that moment is answered 503: Slack delivers it again later
          // (here after a second, not Slack's minute), when it is found handled and acknowledged.
          if (res.status === 503 && type === JSON_TYPE) {
            counts.busy++;
            await sleep(1000);
            return post(app, body, type, { ...headers, ...RETRY(Number(headers?.['x-slack-retry-num'] ?? 0) + 1) });
          }
          if (res.status !== 200) problems.push(`HTTP ${res.status} from ${app.name}: ${res.text.slice(0, 200)}`);
          return res;
        });

    // ---- Noise: questions, DMs and the Home tab, alternating between the two processes.
    async function noise(n: number): Promise<void> {
      const app = apps[turn++ % 2]!;
      const other = apps[turn % 2]!;
      const team = teams[n % 2]!;
      const user = `UN${n % 60}`;
      const text = QUESTIONS[Math.floor(rng() * QUESTIONS.length)]!;
      const r = rng();
      if (r < 0.3) {
        counts.slash++;
        const res = await post(app, commandBody(text, fake.responseUrl(`noise-${n}`), { team_id: team, channel_id: `CN${n % 7}`, user_id: user }), FORM);
        const reply = res.status === 200 && res.text ? (res.json() as { text?: string }) : {};
        if (!reply.text) problems.push(`slash question ${n} got no answer in the ack: ${res.text.slice(0, 200)}`);
        return;
      }
      if (r < 0.9) {
        const dm = r >= 0.6;
        const channel = dm ? `DN${n % 60}` : `CN${n % 7}`;
        const ts = nextTs();
        const event = dm ? { type: 'message', channel_type: 'im', user, text, ts, channel } : { type: 'app_mention', user, text: `<@${BOT_USER_ID}> ${text}`, ts, channel };
        if (dm) counts.dms++;
        else counts.mentions++;
        const body = eventBody(event, { team_id: team });
        singleAnswer.push(`${channel}|${ts}`);
        const retry = rng() < 0.3 ? (rng() < 0.5 ? 'concurrent' : 'late') : 'none';
        const sends = [post(app, body, JSON_TYPE)];
        if (retry === 'concurrent') sends.push(post(other, body, JSON_TYPE, RETRY(1)));
        await Promise.all(sends);
        await index.until(() => index.inThread.get(`${channel}|${ts}`)?.[0], STEP_TIMEOUT_MS, `the answer to ${channel}|${ts}`);
        if (retry !== 'none') counts.retries++;
        if (retry === 'late') await post(other, body, JSON_TYPE, RETRY(2));
        return;
      }
      counts.homes++;
      const homeUser = `UH${n}`;
      await post(app, eventBody({ type: 'app_home_opened', user: homeUser, channel: `DH${n}`, tab: 'home' }, { team_id: team }), JSON_TYPE);
      await index.until(() => index.homes.get(homeUser)?.[0], STEP_TIMEOUT_MS, `the home tab of ${homeUser}`);
    }

    let noiseIssued = 0;
    /** `total` noise operations from a few concurrent actors, the j-th not before `start + j * paceMs`. */
    async function noisePhase(total: number, deadline: number, paceMs = 0): Promise<void> {
      const first = noiseIssued;
      const limit = noiseIssued + total;
      const start = Date.now();
      await Promise.all(
        Array.from({ length: NOISE_ACTORS }, async () => {
          while (noiseIssued < limit && Date.now() < deadline) {
            const n = noiseIssued++;
            const wait = start + (n - first) * paceMs - Date.now();
            if (wait > 0) await sleep(wait);
            await noise(n);
          }
        }),
      );
    }

    // ---- Interviews: one channel each; clicks or typed replies, each step sent to the other process.
    const plans: Plan[] = Array.from({ length: INTERVIEWS + WARMUP_INTERVIEWS }, (_, i) => {
      const pick = seeded(SEED + i);
      return {
        i,
        team: teams[i % 2]!,
        channel: `CIV${i}`,
        user: `UIV${i}`,
        start: i % 2 === 0 ? 'command' : 'mention',
        fn: FUNCTIONS[i % FUNCTIONS.length]!,
        path: QUESTION_IDS.map((q) => QUESTION_VALUES[q][Math.floor(pick() * QUESTION_VALUES[q].length)]!),
        done: false,
      };
    });

    async function interview(p: Plan): Promise<void> {
      const appFor = (k: number) => apps[(p.i + k) % 2]!;
      const who = { team: p.team, user: p.user, channel: p.channel };
      if (p.start === 'command') {
        await post(appFor(0), commandBody(`decide ${p.fn}`, fake.responseUrl(`start-${p.i}`), { team_id: p.team, channel_id: p.channel, user_id: p.user }), FORM);
      } else {
        const ts = nextTs();
        await post(appFor(0), eventBody({ type: 'app_mention', user: p.user, text: `<@${BOT_USER_ID}> should we outsource our helpdesk?`, ts, channel: p.channel }, { team_id: p.team }), JSON_TYPE);
      }
      const question = (k: number) => index.until(() => index.questions.get(p.channel)?.[k], STEP_TIMEOUT_MS, `question ${k + 1} of interview ${p.i}`);
      let q: QuestionPost = await question(0);
      for (let k = 0; k < QUESTION_IDS.length; k++) {
        const value = p.path[k]!;
        const target = appFor(k + 1);
        const other = appFor(k);
        const byClick = (p.start === 'command') !== (k % 3 === 2);
        let lateRetry: string | undefined;
        if (byClick) {
          counts.clicks++;
          const body = clickBody(q, value, who, fake.responseUrl(`iv-${p.i}-${k}`));
          const sends = [post(target, body, FORM)];
          if (k % 2 === 0) {
            counts.dupClicks++; // the same click delivered to both processes at once
            sends.push(post(other, body, FORM));
          }
          if (k % 3 === 1) {
            counts.doubleClicks++; // a double-click: the same button, a new action_ts
            sends.push(post(other, clickBody(q, value, who, fake.responseUrl(`iv-${p.i}-${k}-double`)), FORM));
          }
          await Promise.all(sends);
        } else {
          counts.typed++;
          const position = QUESTION_VALUES[QUESTION_IDS[k]!].indexOf(value as never);
          const text = k % 2 === 0 ? String(position + 1) : value;
          const body = eventBody({ type: 'message', channel_type: 'channel', user: p.user, text, ts: nextTs(), thread_ts: q.thread, channel: p.channel }, { team_id: p.team });
          const sends = [post(target, body, JSON_TYPE)];
          if (k % 2 === 0) {
            counts.retries++;
            sends.push(post(other, body, JSON_TYPE, RETRY(1)));
          } else lateRetry = body;
          await Promise.all(sends);
        }
        const answered = q;
        if (k + 1 < QUESTION_IDS.length) q = await question(k + 1);
        else await index.until(() => index.recommendations.get(p.channel)?.[0], STEP_TIMEOUT_MS, `the recommendation of interview ${p.i}`);
        if (lateRetry) {
          // Slack delivering the typed answer again after it was applied: it must not answer the next question.
          counts.retries++;
          await post(other, lateRetry, JSON_TYPE, RETRY(2));
        }
        if ((p.i + k) % 3 === 0) {
          // A click on the question just answered (a different option): told it is stale, nothing changes.
          counts.staleClicks++;
          const id = `stale-${p.i}-${k}`;
          const otherValue = answered.buttons.map((b) => b.action_id.slice('iv_answer:'.length)).find((v) => v !== value) ?? value;
          await post(apps[k % 2]!, clickBody(answered, otherValue, who, fake.responseUrl(id)), FORM);
          await index.until(() => index.responses.get(id)?.find((c) => /already answered/.test(c.body.text ?? '')), STEP_TIMEOUT_MS, `the stale-click note ${id}`);
        }
      }
      p.done = true;
    }

    const t0 = Date.now();
    // Warm-up: the code paths, the JIT and the connection pools, before memory is measured.
    await Promise.all([noisePhase(WARMUP_NOISE, Date.now() + 60_000), ...plans.slice(INTERVIEWS).map((p) => interview(p))]);
    await sleep(500);
    const warm = Date.now();
    const gcStart = await Promise.all(apps.map((a) => a.afterGc()));
    const rssStart = apps.map((a) => a.rssKb());
    const samples: number[][] = [];
    const sampler = setInterval(() => samples.push(apps.map((a) => a.rssKb())), 1000);

    // Steady phase: the interviews (staggered) and the noise, together.
    let steadyError: unknown;
    try {
      await Promise.all([
        noisePhase(STEADY_NOISE, Date.now() + STEADY_DEADLINE_MS, STEADY_MS / STEADY_NOISE),
        ...plans.slice(0, INTERVIEWS).map(async (p) => {
          await sleep((p.i * (STEADY_MS - 10_000)) / INTERVIEWS);
          await interview(p);
        }),
      ]);
    } catch (err) {
      steadyError = err;
    }
    // Let late retries, double-clicks and stale notes finish, then measure.
    await sleep(1500);
    clearInterval(sampler);
    const rssEnd = apps.map((a) => a.rssKb());
    const gcEnd = await Promise.all(apps.map((a) => a.afterGc()));
    const steadyMs = Date.now() - warm;
    index.sync();

    const report = {
      seconds: { total: (Date.now() - t0) / 1000, steady: steadyMs / 1000 },
      ...counts,
      noise: noiseIssued,
      maxInFlight: limiter.maxSeen,
      slackCalls: fake.calls.length,
      afterGcKb: { start: gcStart, end: gcEnd },
      rssKb: { start: rssStart, end: rssEnd, samples: samples.filter((_, k) => k % 5 === 0), max: apps.map((_, j) => Math.max(...samples.map((s) => s[j]!), rssEnd[j]!)) },
      processes: apps.map((a) => ({ name: a.name, pid: a.pid, logLines: a.logs.lines, warns: a.logs.warns.length })),
    };
    console.log(`soak report: ${JSON.stringify(report)}`);
    if (steadyError) throw steadyError;

    // Both processes are still up, and nothing failed on the wire.
    expect(apps.map((a) => a.exit())).toEqual([undefined, undefined]);
    expect(problems).toEqual([]);
    expect(counts.requests).toBeGreaterThanOrEqual(1500);

    // Every interview: finished once, all answers applied exactly once, as the database and the thread both say.
    for (const p of plans) {
      expect(p.done, `interview ${p.i} finished`).toBe(true);
      const qs = index.questions.get(p.channel) ?? [];
      const thread = qs[0]!.thread;
      const state = await store.get({ team: p.team, channel: p.channel, thread });
      expect(state, `interview ${p.i} is stored`).toBeDefined();
      expect(state!.status).toBe('done');
      expect(state!.version).toBe(1 + QUESTION_IDS.length);
      expect(state!.history).toEqual(QUESTION_IDS);
      expect(state!.answers.function).toBeTruthy();
      expect(QUESTION_IDS.map((id) => state!.answers[id])).toEqual(p.path);
      // One question post per question, in order, each from the next version; one recommendation; nothing else.
      expect(qs.map((x) => x.question)).toEqual(QUESTION_IDS);
      expect(qs.map((x) => x.version)).toEqual(QUESTION_IDS.map((_, k) => k + 1));
      expect(new Set(qs.map((x) => x.interviewId))).toEqual(new Set([state!.id]));
      const recs = index.recommendations.get(p.channel) ?? [];
      expect(recs, `recommendations of interview ${p.i}`).toHaveLength(1);
      const outcome = spec.outcomes.get(recommend(spec, state!.answers as Answers).recommendation)!;
      expect(recs[0]!.call.body.text).toContain(`Recommendation: ${outcome.title}`);
      expect(index.inThread.get(`${p.channel}|${thread}`)).toHaveLength(QUESTION_IDS.length + 1);
      expect((index.topLevel.get(p.channel) ?? []).length).toBe(p.start === 'command' ? 1 : 0);
      // Across both processes' logs: started once, updated once per answer.
      const starts = apps.reduce((n, a) => n + (a.logs.starts.get(state!.id) ?? 0), 0);
      const updates = apps.flatMap((a) => a.logs.updates.get(state!.id) ?? []);
      expect(starts).toBe(1);
      expect(updates).toEqual(QUESTION_IDS.map(() => 'answer'));
    }

    // Every question event (including those delivered again with a retry header) was answered exactly once.
    const duplicated = singleAnswer.filter((key) => (index.inThread.get(key) ?? []).length !== 1);
    expect(duplicated).toEqual([]);

    // No error-level log lines, no failures reported to users, nothing unexpected on stdout/stderr.
    for (const a of apps) {
      expect(a.logs.errors, `error lines of ${a.name}`).toEqual([]);
      expect(a.logs.failures, `failed requests of ${a.name}`).toEqual([]);
      expect(a.logs.notJson, `non-JSON output of ${a.name}`).toEqual([]);
    }

    // Memory flat over the steady phase. Measured after a forced full collection when the process allows it
    // (V8 otherwise lets garbage pile up between major collections, so raw RSS saw-tooths under load).
    for (const [j, a] of apps.entries()) {
      const [before, after] = [gcStart[j], gcEnd[j]];
      if (before && after) {
        expect(after.heapKb, `heap of ${a.name} (kB) after the steady phase, from ${before.heapKb}`).toBeLessThan(before.heapKb * a.growth);
        expect(after.rssKb, `RSS of ${a.name} (kB) after the steady phase, from ${before.rssKb}`).toBeLessThan(before.rssKb * a.growth);
      } else {
        expect(rssEnd[j]!, `RSS of ${a.name} (kB) after the steady phase, from ${rssStart[j]}`).toBeLessThan(rssStart[j]! * a.growth);
      }
    }
  });
});
