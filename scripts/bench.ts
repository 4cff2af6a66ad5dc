/**
 * `npm run bench`: how fast and how lean Sourcing Advisor is, next to a peer where there is one, in one run.
 *
 *   1. HTTP: throughput and ack latency of signed `/sourcing` commands and `app_mention` events through the
 *      real app (`node bin/sourcing.js start`, HTTP mode, its Web API at a fake Slack on loopback), against a
 *      bare Bolt app that does nothing but ack; as fast as possible, then at 200 requests/s (autocannon's
 *      overallRate, which sends in bursts, and evenly paced, on which the < 50 ms p99 goal is checked).
 *   2. Matcher: time per held-out question, ours against NLP.js trained on the same examples.
 *   3. Interview answers: time to handle one typed answer (load, transition, save, post), SQLite and PostgreSQL.
 *   4. Startup: from spawning `sourcing start` to `GET /healthz` answering 200.
 *   5. Memory: resident size of the app idle, and after 10,000 interviews in its store were each answered once.
 *
 * Servers, the fake Slack API and the load generator (autocannon, in this process) each run in their own
 * process; the matcher and interview benches run in this process, on the TypeScript sources (through tsx).
 * Only loopback addresses are used. It prints tables, checks the goals, and writes `bench-results.json`.
 *
 * Settings (environment): BENCH_DURATION (s, default 10; max-rate runs), BENCH_RATE_DURATION (s, 5; autocannon
 * at a fixed rate), BENCH_PACED_DURATION (s, 15; paced runs), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (10),
 * BENCH_RATE (req/s, 200), BENCH_INTERVIEWS (10000), BENCH_DATABASE_URL or TEST_DATABASE_URL (PostgreSQL for
 * the interview bench; skipped when neither is set), BENCH_SKIP_BUILD=1 (use dist/ as it is), BENCH_KEEP=1
 * (keep the temporary directory with the servers' logs), BENCH_OUT (the JSON file).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineFor } from '../src/engine.js';
import { startInterview } from '../src/interview/machine.js';
import { loadCatalogue, matcherContent } from '../src/knowledge/load.js';
import { createLogger } from '../src/log/index.js';
import { createMatcher } from '../src/nlu/matcher.js';
import { renderAnswer } from '../src/replies/answer.js';
import { createInterviews, type Io } from '../src/conversation/interviews.js';
import { DECIDE, HELP_WORDS } from '../src/conversation/router.js';
import { openStore, type Store } from '../src/store/index.js';
import { CHANNEL, FORM, SIGNING_SECRET, TEAM, USER, commandBody, send } from '../testkit/slack-requests.js';
import { loadHeldOut, trainNlpJs } from './eval-lib.js';
import { commands, mentions, runLoad, runPaced, threadReplies, type LoadResult, type PacedResult, type PayloadSource } from './bench-load.js';
import {
  ROOT,
  killChildren,
  memoryOf,
  startFakeSlack,
  startOurs,
  startPeer,
  timeStartup,
  writePeerScript,
  type FakeSlackProcess,
  type ServerProcess,
} from './bench-procs.js';
import { fmt, median, summarise, table, type Summary } from './bench-stats.js';

// --- settings -------------------------------------------------------------------------------------------

const int = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

const SETTINGS = {
  /** autocannon at full speed. */
  durationS: int('BENCH_DURATION', 10),
  /** autocannon with overallRate (bursty; kept short). */
  rateDurationS: int('BENCH_RATE_DURATION', 5),
  /** Evenly paced requests: long enough that a major GC of the app usually falls inside the window. */
  pacedDurationS: int('BENCH_PACED_DURATION', 15),
  warmupS: int('BENCH_WARMUP', 2),
  connections: int('BENCH_CONNECTIONS', 10),
  rate: int('BENCH_RATE', 200),
  matcherPasses: 5,
  startupRuns: 5,
  /** Interviews for the interview-answer bench (each answered to the end: ~8 timed answers each). */
  answerInterviews: 100,
  /** Interviews put in the app's store for the memory measurement. */
  memoryInterviews: int('BENCH_INTERVIEWS', 10_000),
};

const GOALS = { throughputRatio: 0.85, ackP99Ms: 50, startupMs: 1000, rssMb: 150 };

/** The whole bench must end by itself: past this, it stops its children and exits. */
const TIME_LIMIT_MS = 9 * 60 * 1000;

const DAY_MS = 24 * 3600_000;
const OUT = resolve(ROOT, process.env.BENCH_OUT ?? 'bench-results.json');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

// --- 0. build -------------------------------------------------------------------------------------------

/**
 * Builds exactly what `sourcing start` runs: `npm run build` (tsc into dist/, then the esbuild bundle the bin
 * loads). A failed build stops the bench: measuring stale code would report figures for code that is not there.
 */
function build(): { built: boolean; note: string } {
  if (process.env.BENCH_SKIP_BUILD === '1') return { built: false, note: 'BENCH_SKIP_BUILD=1: dist/ used as it was' };
  log('building (npm run build: tsc, then the esbuild bundle bin/sourcing.js loads)…');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'sourcing.mjs'))) throw new Error('npm run build left no dist/bundle/sourcing.mjs');
  return { built: true, note: 'dist/ and the bundle rebuilt from src/' };
}

// --- shared inputs --------------------------------------------------------------------------------------

const catalogue = loadCatalogue();
const engine = engineFor(catalogue);
const heldOut = loadHeldOut();

/**
 * The held-out questions a `/sourcing` command answers in the ack: not help words, not "decide …", and not
 * matched as a request to start an interview (those ack empty and post a thread instead). The same set is
 * used for mentions, so both paths answer a question rather than start interviews.
 */
const questions = heldOut
  .map((h) => h.text)
  .filter((t) => !HELP_WORDS.has(t.trim().toLowerCase()) && !DECIDE.test(t) && engine.matcher.match(t).intent !== 'interview-start');

/** A pino destination that drops everything (the logger still formats each line, as in production). */
const discard = { write: (_line: string) => undefined };

// --- 2. matcher -----------------------------------------------------------------------------------------

interface MatcherResult {
  readonly queries: number;
  readonly passes: number;
  readonly oursUs: Summary;
  readonly nlpjsUs: Summary;
  readonly nlpjsTrainS: number;
}

/** Times each held-out question through our matcher and NLP.js, one untimed pass first, then `passes`. */
async function benchMatcher(): Promise<MatcherResult> {
  log('matcher: training NLP.js and timing both over the held-out set…');
  const ours = createMatcher(matcherContent(loadCatalogue()));
  const t = performance.now();
  // NLP.js prints its training progress through console.log.
  const quietLog = console.log;
  console.log = () => undefined;
  const nlp = await trainNlpJs(matcherContent(catalogue).examples).finally(() => (console.log = quietLog));
  const nlpjsTrainS = +((performance.now() - t) / 1000).toFixed(2);

  const texts = heldOut.map((h) => h.text);
  const oursUs: number[] = [];
  const nlpUs: number[] = [];
  for (let pass = 0; pass <= SETTINGS.matcherPasses; pass++) {
    for (const text of texts) {
      const a = process.hrtime.bigint();
      ours.match(text);
      const b = process.hrtime.bigint();
      await nlp.process(text);
      const c = process.hrtime.bigint();
      if (pass === 0) continue; // warm-up pass
      oursUs.push(Number(b - a) / 1000);
      nlpUs.push(Number(c - b) / 1000);
    }
  }
  return { queries: texts.length, passes: SETTINGS.matcherPasses, oursUs: summarise(oursUs, 1), nlpjsUs: summarise(nlpUs, 1), nlpjsTrainS };
}

// --- 3. interview answers -------------------------------------------------------------------------------

interface AnswerResult {
  readonly dialect: 'sqlite' | 'postgres';
  readonly interviews: number;
  /** Time to start one interview (insert + first question), ms. */
  readonly startMs: Summary;
  /** Time to handle one typed answer, ms. */
  readonly answerMs: Summary;
  /** Interviews that reached the recommendation (all of them, if every answer was taken). */
  readonly completed: number;
}

/** A team id no other run (or developer) sharing the database uses; varchar(32). */
const uniqueTeam = (suffix: string): string => `TBENCH${Date.now().toString(36)}${process.pid.toString(36)}${suffix}`.toUpperCase().slice(0, 32);

/**
 * Starts `n` interviews through `createDecisions` (the real engine and store, a no-op Slack `Io`), then answers
 * them round-robin with "1" (the first option) until each has its recommendation, timing every `typed()`.
 */
async function runInterviews(store: Store, team: string, n: number, timed: boolean): Promise<{ start: number[]; answer: number[]; completed: number }> {
  const decisions = createInterviews({ spec: engine.catalogue.interview, router: engine.router, repo: store, ttlMs: DAY_MS });
  let posts = 0;
  const io: Io = { post: async () => `1800000000.${String(++posts).padStart(6, '0')}`, tell: async () => undefined };
  const channel = 'CBENCH';
  const user = 'UBENCH';
  const threads = Array.from({ length: n }, (_, i) => `1730000000.${String(i).padStart(6, '0')}`);
  const start: number[] = [];
  const answer: number[] = [];
  for (const thread of threads) {
    const t = performance.now();
    await decisions.start({ team, channel, user, thread, text: '' }, io);
    if (timed) start.push(performance.now() - t);
  }
  let active = threads;
  for (let round = 0; round < 20 && active.length > 0; round++) {
    for (const thread of active) {
      const t = performance.now();
      await decisions.typed({ team, channel, thread, user, text: '1' }, io);
      if (timed) answer.push(performance.now() - t);
    }
    const still: string[] = [];
    for (const thread of active) if ((await store.get({ team, channel, thread }))?.status === 'active') still.push(thread);
    active = still;
  }
  return { start, answer, completed: n - active.length };
}

async function benchAnswers(dialect: 'sqlite' | 'postgres', databaseUrl?: string): Promise<AnswerResult> {
  log(`interview answers: ${dialect}…`);
  const dir = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'sourcing-bench-answers-')) : undefined;
  const store = openStore({ databaseUrl, ...(dir ? { dataDir: dir } : {}) });
  const warmTeam = uniqueTeam('W');
  const team = uniqueTeam('M');
  try {
    await store.migrate();
    await runInterviews(store, warmTeam, 10, false); // warm-up: JIT, statement caches, pool
    const r = await runInterviews(store, team, SETTINGS.answerInterviews, true);
    return { dialect, interviews: SETTINGS.answerInterviews, startMs: summarise(r.start), answerMs: summarise(r.answer), completed: r.completed };
  } finally {
    // PostgreSQL is shared: remove what this run wrote.
    await store.deleteTeam(warmTeam).catch(() => undefined);
    await store.deleteTeam(team).catch(() => undefined);
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

// --- 1. HTTP --------------------------------------------------------------------------------------------

interface Scenario {
  readonly name: 'command' | 'mention';
  readonly payloads: () => PayloadSource;
}

interface ScenarioResult {
  /** autocannon, as fast as the server answers. */
  readonly max: LoadResult;
  /** autocannon with `overallRate`: bursts of the second's requests at full speed (see runPaced). */
  readonly fixedRate: LoadResult;
  /** Evenly spaced requests at the same rate (open loop): the ack latency a steady 200 req/s sees. */
  readonly paced: PacedResult;
  /** For mentions: `chat.postMessage` calls the server made after acking (ours answers each one in Slack). */
  readonly postsAfterAck?: number;
}

interface ServerResult {
  readonly name: string;
  readonly scenarios: Record<string, ScenarioResult>;
  /** Resident memory at the end of its runs, and its peak during them. */
  readonly memory: { rssMb: number; peakMb: number };
}

/** Waits until the fake Slack stops receiving calls (the server finished the work it acked), bounded. */
async function drain(fake: FakeSlackProcess, maxMs = 20_000): Promise<Record<string, number>> {
  const deadline = Date.now() + maxMs;
  let last = JSON.stringify(await fake.stats());
  let stable = 0;
  while (Date.now() < deadline && stable < 2) {
    await sleep(250);
    const now = JSON.stringify(await fake.stats());
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return JSON.parse(last) as Record<string, number>;
}

/** Before loading a server: a signed command is answered with blocks, and a bad signature is refused. */
async function sanityCheck(server: ServerProcess, fake: FakeSlackProcess): Promise<void> {
  const ok = await send(server.url, commandBody(questions[0]!, fake.responseUrl), FORM);
  if (ok.status !== 200 || !Array.isArray(ok.json().blocks)) throw new Error(`${server.name}: a signed /sourcing was not answered in the ack (${ok.status} ${ok.text.slice(0, 200)})`);
  const bad = await send(server.url, commandBody('hi', fake.responseUrl), FORM, { signature: 'v0=00' });
  if (bad.status !== 401) throw new Error(`${server.name}: a badly signed request got ${bad.status}, not 401`);
}

/** Max-rate rounds per scenario, ours then the peer each round, so drift on the machine hits both alike. */
const ROUNDS = 3;

interface Round {
  readonly ours: LoadResult;
  readonly peer: LoadResult;
  readonly ratio: number;
}

/**
 * Both servers up at once (an idle server costs nothing); for each scenario: warm-up, then `ROUNDS` max-rate
 * rounds alternating ours and the peer, then the fixed-rate and paced runs of each. The max result kept for each
 * server is its run in the median round (by ratio), and the goal is checked on that median ratio.
 */
async function benchHttp(
  ours: ServerProcess,
  peer: ServerProcess,
  fake: FakeSlackProcess,
  scenarios: readonly Scenario[],
): Promise<{ ours: ServerResult; peer: ServerResult; rounds: Record<string, Round[]> }> {
  await sanityCheck(ours, fake);
  await sanityCheck(peer, fake);
  const results: Record<'ours' | 'peer', Record<string, ScenarioResult>> = { ours: {}, peer: {} };
  const rounds: Record<string, Round[]> = {};
  const base = (server: ServerProcess) => ({ url: server.url, secret: SIGNING_SECRET, connections: SETTINGS.connections });
  for (const s of scenarios) {
    log(`${s.name}: warm-up ${SETTINGS.warmupS} s each, ${ROUNDS} rounds of max rate ${SETTINGS.durationS} s (ours, then peer), ${SETTINGS.rate} req/s autocannon ${SETTINGS.rateDurationS} s, paced ${SETTINGS.pacedDurationS} s…`);
    for (const server of [ours, peer]) await runLoad({ ...base(server), payloads: s.payloads(), durationS: SETTINGS.warmupS });
    await drain(fake);
    const list: Round[] = [];
    let posts = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const before = await drain(fake);
      const a = await runLoad({ ...base(ours), payloads: s.payloads(), durationS: SETTINGS.durationS });
      const after = await drain(fake);
      posts += (after['chat.postMessage'] ?? 0) - (before['chat.postMessage'] ?? 0);
      const b = await runLoad({ ...base(peer), payloads: s.payloads(), durationS: SETTINGS.durationS });
      await drain(fake);
      list.push({ ours: a, peer: b, ratio: b.rps > 0 ? a.rps / b.rps : 0 });
    }
    rounds[s.name] = list;
    const mid = [...list].sort((x, y) => x.ratio - y.ratio)[Math.floor(list.length / 2)]!;
    for (const [key, server, max] of [['ours', ours, mid.ours], ['peer', peer, mid.peer]] as const) {
      const fixedRate = await runLoad({ ...base(server), payloads: s.payloads(), durationS: SETTINGS.rateDurationS, overallRate: SETTINGS.rate });
      await drain(fake);
      const paced = await runPaced({ url: server.url, secret: SIGNING_SECRET, payloads: s.payloads(), rate: SETTINGS.rate, durationS: SETTINGS.pacedDurationS });
      await drain(fake);
      results[key][s.name] = { max, fixedRate, paced, ...(key === 'ours' && s.name === 'mention' ? { postsAfterAck: Math.round(posts / ROUNDS) } : {}) };
    }
  }
  return {
    ours: { name: ours.name, scenarios: results.ours, memory: memoryOf(ours.pid) },
    peer: { name: peer.name, scenarios: results.peer, memory: memoryOf(peer.pid) },
    rounds,
  };
}

// --- 5. memory ------------------------------------------------------------------------------------------

interface MemoryResult {
  readonly idle: { rssMb: number; peakMb: number };
  readonly interviews: number;
  readonly insertS: number;
  /** Thread replies sent (one per interview) and acked with 2xx. */
  readonly answersSent: number;
  readonly answersAcked: number;
  /** Of 100 sampled interviews, how many the app moved past their first question. */
  readonly sampledAdvanced: number;
  readonly withInterviews: { rssMb: number; peakMb: number };
}

async function benchMemory(fake: FakeSlackProcess, work: string): Promise<MemoryResult> {
  const dataDir = join(work, 'memory');
  mkdirSync(dataDir);
  const server = await startOurs({ apiUrl: fake.apiUrl, signingSecret: SIGNING_SECRET, dataDir, logFile: join(work, 'memory.log') });
  try {
    const base = { url: server.url, secret: SIGNING_SECRET, connections: SETTINGS.connections };
    log('memory: warm-up traffic, then idle…');
    await runLoad({ ...base, payloads: commands(questions, fake.responseUrl), durationS: SETTINGS.warmupS });
    await runLoad({ ...base, payloads: mentions(questions), durationS: SETTINGS.warmupS });
    await drain(fake);
    await sleep(2000);
    const idle = memoryOf(server.pid);

    // Interviews written straight into the app's SQLite file (WAL lets both processes use it).
    log(`memory: inserting ${SETTINGS.memoryInterviews} interviews into the app's store…`);
    const store = openStore({ dataDir });
    const threads: string[] = [];
    const t = performance.now();
    try {
      await store.migrate();
      const now = Date.now();
      for (let i = 0; i < SETTINGS.memoryInterviews; i++) {
        const thread = `1720000000.${String(i).padStart(6, '0')}`;
        threads.push(thread);
        await store.insert(startInterview(catalogue.interview, { team: TEAM, channel: CHANNEL, thread }, USER, now, DAY_MS).state);
      }
      const insertS = +((performance.now() - t) / 1000).toFixed(2);
      const interviews = await store.countInterviews();

      // Each interview's starter answers "1" in its thread: the app loads, advances and saves every one.
      log(`memory: answering each of the ${threads.length} interviews once through the app…`);
      const r = await runLoad({ ...base, payloads: threadReplies(threads, '1'), amount: threads.length });
      await drain(fake, 60_000);
      await sleep(1000);
      const withInterviews = memoryOf(server.pid);
      let sampledAdvanced = 0;
      for (let i = 0; i < threads.length; i += Math.max(1, Math.floor(threads.length / 100))) {
        if (((await store.get({ team: TEAM, channel: CHANNEL, thread: threads[i]! }))?.version ?? 0) > 1) sampledAdvanced++;
      }
      return { idle, interviews, insertS, answersSent: r.responses, answersAcked: r.responses - r.non2xx, sampledAdvanced, withInterviews };
    } finally {
      await store.close();
    }
  } finally {
    await server.stop();
  }
}

// --- report ---------------------------------------------------------------------------------------------

interface Goal {
  readonly goal: string;
  readonly value: string;
  readonly met: boolean;
}

function report(r: {
  http: { ours: ServerResult; peer: ServerResult; rounds: Record<string, Round[]> };
  matcher: MatcherResult;
  answers: Array<AnswerResult | { dialect: 'postgres'; skipped: string }>;
  startup: { runs: Array<{ listeningMs: number; healthyMs: number }>; medianHealthyMs: number; medianListeningMs: number };
  memory: MemoryResult;
}): Goal[] {
  const { ours, peer } = r.http;
  const ratio = (a: number, b: number) => (b > 0 ? fmt(a / b, 2) : 'n/a');
  const out: string[] = [];
  out.push(`Sourcing Advisor bench — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} cores`);
  out.push(
    `Servers, fake Slack and load generator in separate processes; matcher and interview benches in-process (tsx).`,
    `HTTP: ${SETTINGS.connections} connections, ${SETTINGS.warmupS} s warm-up; ${questions.length} held-out questions (those a /sourcing answers in the ack).`,
  );

  out.push('', '1. HTTP through /slack/events (ours: node bin/sourcing.js start; peer: bare Bolt that only acks)');
  const rows: string[][] = [['', 'ours req/s', 'peer req/s', 'ratio', 'ours p50 ms', 'peer p50 ms', 'ours p99 ms', 'peer p99 ms', 'p99 ratio', 'errors']];
  const modes = [
    ['max', `max rate ${SETTINGS.durationS} s`],
    ['fixedRate', `${SETTINGS.rate}/s autocannon* ${SETTINGS.rateDurationS} s`],
    ['paced', `${SETTINGS.rate}/s paced** ${SETTINGS.pacedDurationS} s`],
  ] as const;
  for (const name of ['command', 'mention'] as const) {
    for (const [mode, label] of modes) {
      const a = ours.scenarios[name]![mode];
      const b = peer.scenarios[name]![mode];
      // For the paced runs, latency counts from when each request was due (see runPaced).
      const lat = (x: LoadResult | PacedResult) => ('latencyFromDueMs' in x ? x.latencyFromDueMs : x.latencyMs);
      rows.push([
        `${name === 'command' ? '/sourcing' : 'app_mention'} ${label}`,
        fmt(a.rps),
        fmt(b.rps),
        ratio(a.rps, b.rps),
        fmt(lat(a).p50, 2),
        fmt(lat(b).p50, 2),
        fmt(lat(a).p99, 2),
        fmt(lat(b).p99, 2),
        ratio(lat(a).p99, lat(b).p99),
        `${a.non2xx + a.errors}/${b.non2xx + b.errors}`,
      ]);
    }
  }
  out.push(table(rows));
  const mention = ours.scenarios.mention!;
  out.push(
    `*  autocannon overallRate: each connection sends its share of every second back to back, then idles (bursts).`,
    `** one request every ${fmt(1000 / SETTINGS.rate, 1)} ms for ${SETTINGS.pacedDurationS} s, open loop; latency from when each was due. Goal checked on this row.`,
    `   Slowest paced ack: /sourcing ours ${fmt(ours.scenarios.command!.paced.latencyFromDueMs.max, 1)} ms, peer ${fmt(peer.scenarios.command!.paced.latencyFromDueMs.max, 1)} ms; app_mention ours ${fmt(mention.paced.latencyFromDueMs.max, 1)} ms, peer ${fmt(peer.scenarios.mention!.paced.latencyFromDueMs.max, 1)} ms.`,
    `Mentions at max rate: ours posted ${mention.postsAfterAck ?? 0} answers to Slack for ${mention.max.responses} acked events (+ up to ${SETTINGS.connections} in flight at the end); answers are posted after the ack.`,
    `Server RSS after its runs (peak): ours ${ours.memory.rssMb} MB (${ours.memory.peakMb}), peer ${peer.memory.rssMb} MB (${peer.memory.peakMb}).`,
  );

  out.push('', `2. Matcher, µs per query (${r.matcher.queries} held-out questions × ${r.matcher.passes} passes)`);
  out.push(
    table([
      ['', 'ours', 'NLP.js', 'ratio'],
      ['mean', fmt(r.matcher.oursUs.mean), fmt(r.matcher.nlpjsUs.mean), ratio(r.matcher.oursUs.mean, r.matcher.nlpjsUs.mean)],
      ['p50', fmt(r.matcher.oursUs.p50), fmt(r.matcher.nlpjsUs.p50), ratio(r.matcher.oursUs.p50, r.matcher.nlpjsUs.p50)],
      ['p99', fmt(r.matcher.oursUs.p99), fmt(r.matcher.nlpjsUs.p99), ratio(r.matcher.oursUs.p99, r.matcher.nlpjsUs.p99)],
    ]),
  );

  out.push('', `3. Interview: one typed answer through createDecisions (engine + store + no-op Slack), ms`);
  const answerRows: string[][] = [['store', 'answers', 'p50', 'p99', 'mean', 'start p50', 'start p99', 'completed']];
  for (const a of r.answers) {
    if ('skipped' in a) answerRows.push([a.dialect, a.skipped, '', '', '', '', '', '']);
    else answerRows.push([a.dialect, String(a.answerMs.n), fmt(a.answerMs.p50, 3), fmt(a.answerMs.p99, 3), fmt(a.answerMs.mean, 3), fmt(a.startMs.p50, 3), fmt(a.startMs.p99, 3), `${a.completed}/${a.interviews}`]);
  }
  out.push(table(answerRows));

  out.push('', `4. Startup to ready (node bin/sourcing.js start, fresh SQLite), ms, ${r.startup.runs.length} runs`);
  out.push(
    table([
      ['', 'median', 'min', 'max'],
      ['to "is listening" log line', fmt(r.startup.medianListeningMs, 0), fmt(Math.min(...r.startup.runs.map((s) => s.listeningMs)), 0), fmt(Math.max(...r.startup.runs.map((s) => s.listeningMs)), 0)],
      ['to GET /healthz 200', fmt(r.startup.medianHealthyMs, 0), fmt(Math.min(...r.startup.runs.map((s) => s.healthyMs)), 0), fmt(Math.max(...r.startup.runs.map((s) => s.healthyMs)), 0)],
    ]),
  );

  const m = r.memory;
  out.push('', '5. Memory of the app process (VmRSS; peak is VmHWM)');
  out.push(
    table([
      ['', 'RSS MB', 'peak MB'],
      ['idle after warm-up', fmt(m.idle.rssMb), fmt(m.idle.peakMb)],
      [`${m.interviews} interviews, each answered once`, fmt(m.withInterviews.rssMb), fmt(m.withInterviews.peakMb)],
    ]),
    `(${m.interviews} interviews inserted in ${m.insertS} s; ${m.answersAcked}/${m.answersSent} answers acked; ${m.sampledAdvanced} of ~100 sampled interviews advanced.)`,
  );

  const goals: Goal[] = [
    ...(['command', 'mention'] as const).map((name) => {
      const list = r.http.rounds[name]!;
      const ratio = median(list.map((x) => x.ratio));
      return {
        goal: `${name === 'command' ? '/sourcing' : 'app_mention'} max throughput >= ${GOALS.throughputRatio}x bare Bolt (median of ${list.length} rounds)`,
        value: `${fmt(ratio, 2)}x (rounds ${list.map((x) => fmt(x.ratio, 2)).join(', ')}; median round ${fmt(ours.scenarios[name]!.max.rps)} vs ${fmt(peer.scenarios[name]!.max.rps)} req/s)`,
        met: ratio >= GOALS.throughputRatio,
      };
    }),
    ...(['command', 'mention'] as const).map((name) => {
      const p99 = ours.scenarios[name]!.paced.latencyFromDueMs.p99;
      const bursts = ours.scenarios[name]!.fixedRate.latencyMs.p99;
      return {
        goal: `${name === 'command' ? '/sourcing' : 'app_mention'} p99 ack at ${SETTINGS.rate} req/s (paced) < ${GOALS.ackP99Ms} ms`,
        value: `${fmt(p99, 2)} ms (autocannon bursts: ${fmt(bursts, 2)})`,
        met: p99 < GOALS.ackP99Ms,
      };
    }),
    { goal: `startup to ready (median) < ${GOALS.startupMs} ms`, value: `${fmt(r.startup.medianHealthyMs, 0)} ms`, met: r.startup.medianHealthyMs < GOALS.startupMs },
    { goal: `RSS idle < ${GOALS.rssMb} MB`, value: `${fmt(m.idle.rssMb)} MB`, met: m.idle.rssMb < GOALS.rssMb },
    { goal: `peak RSS (VmHWM) with ${m.interviews} interviews < ${GOALS.rssMb} MB`, value: `${fmt(m.withInterviews.peakMb)} MB (now ${fmt(m.withInterviews.rssMb)})`, met: m.withInterviews.peakMb < GOALS.rssMb },
  ];
  out.push('', 'Goals');
  out.push(table([['goal', 'value', 'result'], ...goals.map((g) => [g.goal, g.value, g.met ? 'met' : 'MISSED'])]));
  console.log(out.join('\n'));
  return goals;
}

// --- run ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const began = Date.now();
  const buildStatus = build();
  const work = mkdtempSync(join(tmpdir(), 'sourcing-bench-'));
  const fake = await startFakeSlack();
  try {
    // 2 and 3 first, in this process, while nothing else is running.
    const matcher = await benchMatcher();
    const answers: Array<AnswerResult | { dialect: 'postgres'; skipped: string }> = [await benchAnswers('sqlite')];
    const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (pgUrl) {
      try {
        answers.push(await benchAnswers('postgres', pgUrl));
      } catch (err) {
        answers.push({ dialect: 'postgres', skipped: `failed: ${(err as Error).message.split('\n')[0]}` });
      }
    } else answers.push({ dialect: 'postgres', skipped: 'skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)' });

    // 1. Ours, then the peer, one at a time: the same scenarios, durations and connections.
    const scenarios: Scenario[] = [
      { name: 'command', payloads: () => commands(questions, fake.responseUrl) },
      { name: 'mention', payloads: () => mentions(questions) },
    ];
    const serverOptions = (name: string) => {
      const dataDir = join(work, name);
      mkdirSync(dataDir);
      return { apiUrl: fake.apiUrl, signingSecret: SIGNING_SECRET, dataDir, logFile: join(work, `${name}.log`) };
    };
    // The peer acks with one of our real answers, so both send replies of the same size.
    const peerScript = writePeerScript(work, renderAnswer(catalogue, 'define-outsourcing', { visibility: 'private', offerDecide: true }));
    const oursServer = await startOurs(serverOptions('ours'));
    const peerServer = await startPeer({ ...serverOptions('peer'), script: peerScript }).catch(async (err: unknown) => {
      await oursServer.stop();
      throw err;
    });
    const { ours, peer, rounds } = await benchHttp(oursServer, peerServer, fake, scenarios).finally(() => Promise.all([oursServer.stop(), peerServer.stop()]));

    // 4. Startup, each run in a fresh data directory (so each includes creating the SQLite file).
    log(`startup: ${SETTINGS.startupRuns} runs…`);
    const runs: Array<{ listeningMs: number; healthyMs: number }> = [];
    for (let i = 0; i < SETTINGS.startupRuns; i++) {
      const dataDir = join(work, `startup-${i}`);
      mkdirSync(dataDir);
      runs.push(await timeStartup({ apiUrl: fake.apiUrl, signingSecret: SIGNING_SECRET, dataDir }));
    }
    const startup = { runs, medianHealthyMs: median(runs.map((s) => s.healthyMs)), medianListeningMs: median(runs.map((s) => s.listeningMs)) };

    // 5. Memory.
    const memory = await benchMemory(fake, work);

    const results = { http: { ours, peer, rounds }, matcher, answers, startup, memory };
    const goals = report(results);
    const meta = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadavgAtEnd: loadavg(),
      build: buildStatus,
      settings: SETTINGS,
      questions: questions.length,
      inProcess: ['matcher', 'answers'],
      childProcesses: ['ours', 'peer', 'fakeSlack', 'startup', 'memory'],
      elapsedS: +((Date.now() - began) / 1000).toFixed(1),
    };
    writeFileSync(OUT, `${JSON.stringify({ meta, goals, ...results }, null, 2)}\n`);
    console.log(`\nWrote ${OUT} (${meta.elapsedS} s).${buildStatus.built ? '' : ` Note: ${buildStatus.note}.`}`);
  } finally {
    await fake.stop();
    if (process.env.BENCH_KEEP === '1') log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  log(`time limit (${TIME_LIMIT_MS / 60000} min) reached; stopping`);
  killChildren();
  process.exit(2);
}, TIME_LIMIT_MS);
watchdog.unref();
process.once('exit', killChildren);
process.once('SIGINT', () => {
  killChildren();
  process.exit(130);
});

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    killChildren();
    process.exit(1);
  },
);
