/** Starts the real app in HTTP mode on a loopback port, with its Web API pointed at a fake Slack server. */
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/config/index.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { createLogger } from '../../src/log/index.js';
import { createSlackApp } from '../../src/slack/app.js';
import { FakeSlack } from './fake-slack.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/index.js';
import { SIGNING_SECRET } from './slack-requests.js';

let sharedEngine: Engine | undefined;

export interface TestApp {
  url: string;
  fake: FakeSlack;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, any>>;
  rawLogs: string[];
  store: Store;
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
  const store = options.store ?? openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await store.migrate();
  sharedEngine ??= createEngine();
  const slack = createSlackApp({ config, engine: sharedEngine, logger: createLogger(config.logLevel, sink), store });
  let port: number | undefined;
  try {
    ({ port } = await slack.start());
  } catch (err) {
    if (!options.store) await store.close();
    if (!options.fake) await fake.stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    fake,
    rawLogs,
    get logs() {
      return rawLogs.map((l) => JSON.parse(l) as Record<string, any>);
    },
    store,
    async stop() {
      await slack.stop();
      if (!options.store) await store.close();
      if (!options.fake) await fake.stop();
    },
  };
}
