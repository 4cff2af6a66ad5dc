/**
 * Child processes for `npm run bench`: the fake Slack Web API, our app (`node bin/sourcing.js start`, compiled)
 * and the peer (a bare Bolt app written to a temporary .mjs file). Each runs in its own process so that the
 * load generator (autocannon, in the bench process) never shares an event loop with the server it measures.
 * Everything listens on 127.0.0.1 only.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Message } from '../src/replies/blocks.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'sourcing.js');

/** The Node flags `npm start` runs the app with (read from package.json, so the bench measures what ships). */
export const START_FLAGS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
})();
export const BOT_TOKEN = 'xoxb-0000-bench-token';

/** A port free on loopback right now (bound and released; nothing else on this machine races for it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every child this module started, so that an aborted bench can end exactly those (see `killChildren`). */
const children = new Set<ChildProcess>();

function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Ends (SIGKILL) the children this bench started that are still running; for an abort or an exit. */
export function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Polls `GET url` until it answers 200; resolves with the time (performance.now()) it did. */
export async function waitFor200(url: string, timeoutMs: number, everyMs = 5): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now();
    } catch {
      // not listening yet
    }
    await sleep(everyMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Resolves when the child has exited; SIGTERM first, SIGKILL if it is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Resident memory of a process from /proc (Linux): current (VmRSS) and peak (VmHWM), in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: +(kb('VmRSS') / 1024).toFixed(1), peakMb: +(kb('VmHWM') / 1024).toFixed(1) };
}

// --- fake Slack -----------------------------------------------------------------------------------------

export interface FakeSlackProcess {
  readonly apiUrl: string;
  readonly responseUrl: string;
  /** Web API calls received so far, by method. */
  stats(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlackProcess> {
  const child = track(
    fork(join(ROOT, 'scripts', 'bench-fake-slack.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const ready = await new Promise<{ apiUrl: string; responseUrl: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { apiUrl: string; responseUrl: string }));
    child.once('exit', (code) => reject(new Error(`fake Slack exited early (code ${code})`)));
  });
  return {
    ...ready,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) => resolve((m as { counts: Record<string, number> }).counts));
        child.send('stats');
      }),
    async stop() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await Promise.race([exited, sleep(3000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

// --- servers under test ---------------------------------------------------------------------------------

export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServerOptions {
  readonly apiUrl: string;
  readonly signingSecret: string;
  /** Where our app keeps its SQLite file (and the directory the process runs in). */
  readonly dataDir: string;
  /** Where the process's stdout and stderr go (our app logs JSON lines at LOG_LEVEL). */
  readonly logFile: string;
  readonly logLevel?: string;
}

/** The environment for `sourcing start`: HTTP mode, SQLite in `dataDir`, the Web API at the fake. */
export function appEnv(o: { apiUrl: string; signingSecret: string; dataDir: string; port: number; logLevel?: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: o.signingSecret,
    SLACK_APP_TOKEN: '', // empty counts as unset: HTTP mode, never Socket Mode
    SLACK_API_URL: o.apiUrl,
    PORT: String(o.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: o.logLevel ?? 'info',
    DATA_DIR: o.dataDir,
    DATABASE_URL: '', // SQLite, whatever the caller's environment says
    INTERVIEW_TTL_HOURS: '24',
  };
}

async function startServer(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, logFile: string, port: number): Promise<ServerProcess> {
  const log = openSync(logFile, 'a');
  const child = track(spawn(process.execPath, args, { cwd, env, stdio: ['ignore', log, log] }));
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${name} exited during startup (code ${code}); see ${logFile}`))),
  );
  died.catch(() => undefined);
  await Promise.race([waitFor200(`${url}/healthz`, 20_000, 20), died]);
  return { name, pid: child.pid!, url, child, stop: () => stopChild(child) };
}

/** Our app, compiled, as it runs in production: `node bin/sourcing.js start`. */
export async function startOurs(o: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  return startServer('Sourcing Advisor', [...START_FLAGS, BIN, 'start'], appEnv({ ...o, port }), o.dataDir, o.logFile, port);
}

/**
 * The peer: a bare Bolt app with the same signing secret, HTTP receiver, token and Web API URL, which acks
 * `/sourcing` with a constant ephemeral reply (`reply`, one of our rendered answers, so both send bodies of
 * the same size) and ignores `app_mention`. Its only extra is `/healthz`, for the same readiness check.
 */
export function writePeerScript(dir: string, reply: Message): string {
  const file = join(dir, 'peer-bolt.mjs');
  const boltFrom = join(ROOT, 'package.json'); // resolve @slack/bolt from this repository's node_modules
  writeFileSync(
    file,
    `// Written by scripts/bench-procs.ts: the bare Bolt peer for npm run bench.
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(boltFrom)});
const { App, HTTPReceiver } = require('@slack/bolt');

const REPLY = ${JSON.stringify({ response_type: 'ephemeral', ...reply })};
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/events',
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); } }],
});
const app = new App({ token: process.env.SLACK_BOT_TOKEN, receiver, clientOptions: { slackApiUrl: process.env.SLACK_API_URL } });
app.command('/sourcing', async ({ ack }) => { await ack(REPLY); });
app.event('app_mention', async () => {});
await app.start({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('peer listening on', process.env.PORT);
process.once('SIGTERM', () => app.stop().finally(() => process.exit(0)));
`,
  );
  return file;
}

export async function startPeer(o: ServerOptions & { script: string }): Promise<ServerProcess> {
  const port = await freePort();
  return startServer('bare Bolt', [...START_FLAGS, o.script], appEnv({ ...o, port }), o.dataDir, o.logFile, port);
}

// --- startup time ---------------------------------------------------------------------------------------

export interface StartupSample {
  /** From spawn until the "Sourcing Advisor is listening" log line. */
  readonly listeningMs: number;
  /** From spawn until `GET /healthz` first answered 200 (polled every 5 ms). */
  readonly healthyMs: number;
}

/** Spawns `sourcing start` once in a fresh data directory and times it to ready, then stops it. */
export async function timeStartup(o: { apiUrl: string; signingSecret: string; dataDir: string }): Promise<StartupSample> {
  const port = await freePort();
  const t0 = performance.now();
  const child = track(spawn(process.execPath, [...START_FLAGS, BIN, 'start'], { cwd: o.dataDir, env: appEnv({ ...o, port }), stdio: ['ignore', 'pipe', 'pipe'] }));
  let listeningAt = Number.NaN;
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    if (Number.isNaN(listeningAt) && buffered.includes('is listening')) listeningAt = performance.now();
  });
  child.stderr!.resume();
  try {
    const healthyAt = await waitFor200(`http://127.0.0.1:${port}/healthz`, 20_000, 5);
    // The log line is written just after the server starts listening: give its pipe a moment to deliver it.
    for (let i = 0; i < 40 && Number.isNaN(listeningAt); i++) await sleep(5);
    return { listeningMs: +(listeningAt - t0).toFixed(1), healthyMs: +(healthyAt - t0).toFixed(1) };
  } finally {
    await stopChild(child);
  }
}
