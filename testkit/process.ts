/**
 * The real app as a process (`node bin/sourcing.js start`, as production runs it) on a loopback port, with its Web
 * API at a fake Slack: started, waited for until `/readyz` says 200, signalled, and waited for until it exits.
 * Shared by the shutdown tests and the crash test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SIGNING_SECRET } from './slack-requests.js';

const bin = new URL('../bin/sourcing.js', import.meta.url).pathname;
const BUILT = new URL('../dist/cli/main.js', import.meta.url);

/** Whether the app is built (the process runs dist/, which `npm run build` writes). */
export { BUILT as BUILT_APP };

export interface AppProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** What it wrote to stdout and stderr (the last 20,000 characters). */
  output(): string;
  /** Resolves with the exit code once it has exited. */
  readonly exited: Promise<number | null>;
  /** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

export interface AppProcessOptions {
  /** The fake Slack's Web API URL. */
  readonly apiUrl: string;
  /** Settings beyond the defaults (a bot token, the test signing secret, loopback, LOG_LEVEL=info). */
  readonly env?: Record<string, string>;
  readonly port?: number;
  readonly cwd?: string;
  /** How long to wait for `/readyz`. */
  readonly readyMs?: number;
}

export async function startAppProcess(o: AppProcessOptions): Promise<AppProcess> {
  const port = o.port ?? 30_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [bin, 'start'], {
    ...(o.cwd ? { cwd: o.cwd } : {}),
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-0000-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: o.apiUrl,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...o.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.readyMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited while starting: ${output.slice(-2000)}`);
    if (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not become ready: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async stop(signal = 'SIGINT', graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}
