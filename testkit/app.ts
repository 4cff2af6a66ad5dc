/**
 * Starts the real app (`createApp()`, as the entry point does) in HTTP mode on a loopback port, with its Web API
 * pointed at a fake Slack server, and its log lines captured.
 */
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/index.js';
import { createEngine, type Engine } from '../src/engine.js';
import { createApp } from '../src/app.js';
import type { Store } from '../src/store/index.js';
import { FakeSlack, type RecordedCall } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-requests.js';

let sharedEngine: Engine | undefined;

export interface TestApp {
  url: string;
  fake: FakeSlack;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, any>>;
  rawLogs: string[];
  store: Store;
  /** Resolves once the app has finished every request it received (listeners and what they awaited). */
  idle(): Promise<void>;
  /** Waits until the app is idle, then returns every call it made to Slack (other than `auth.test`). */
  settled(): Promise<RecordedCall[]>;
  stop(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}, options: { store?: Store; fake?: FakeSlack } = {}): Promise<TestApp> {
  const fake = options.fake ?? (await new FakeSlack().start());
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      rawLogs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-0000-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    DATA_DIR: env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sourcing-test-')),
    ...env,
  });
  sharedEngine ??= createEngine();
  let app;
  try {
    app = await createApp(config, { logDestination: sink, engine: sharedEngine, ...(options.store ? { store: options.store } : {}) });
  } catch (err) {
    if (!options.fake) await fake.stop();
    throw err;
  }
  const running = app;
  return {
    url: `http://127.0.0.1:${running.port}`,
    fake,
    rawLogs,
    get logs() {
      return rawLogs.map((l) => JSON.parse(l) as Record<string, any>);
    },
    store: running.store,
    idle: () => running.idle(),
    async settled() {
      await running.idle();
      return fake.replies();
    },
    async stop() {
      await running.stop();
      if (!options.fake) await fake.stop();
    },
  };
}
