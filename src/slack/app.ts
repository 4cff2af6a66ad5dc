/**
 * Builds the Bolt app over the engine: HTTP (at `/slack/events`) or Socket Mode, the Web API pointed at
 * `SLACK_API_URL` when set, Bolt's logs through pino. Used by the entry point and by the end-to-end tests.
 */
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Config } from '../config/index.js';
import type { Engine } from '../engine.js';
import { boltLogger, type Logger } from '../log/index.js';
import { registerListeners } from './listeners/index.js';
import type { Store } from '../store/index.js';
import { createDecisions } from './decisions.js';

export interface SlackAppOptions {
  readonly config: Config;
  readonly engine: Engine;
  readonly logger: Logger;
  readonly store: Store;
}

export interface SlackApp {
  readonly app: App;
  /** Starts listening; resolves with the bound port in HTTP mode. */
  start(): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
}

const BOLT_LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

export function createSlackApp({ config, engine, logger, store }: SlackAppOptions): SlackApp {
  const common = {
    token: config.botToken,
    logger: boltLogger(logger) as never,
    logLevel: BOLT_LEVELS[config.logLevel],
    clientOptions: {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      // A few quick retries, not Bolt's default of ten over thirty minutes: a user is waiting for this reply.
      retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 5000 },
    },
  };
  const app =
    config.mode === 'socket'
      ? new App({ ...common, appToken: config.appToken!, socketMode: true, ...(config.signingSecret ? { signingSecret: config.signingSecret } : {}) })
      : new App({ ...common, signingSecret: config.signingSecret!, endpoints: '/slack/events' });

  app.error(async (error) => {
    // Listeners report their own failures to the user (see failure.ts); this catches what happens outside them.
    logger.error({ err: error, code: (error as { code?: string }).code }, 'unhandled Bolt error');
  });

  const decisions = createDecisions({ engine, store, logger, ttlMs: config.interviewTtlMs });
  registerListeners(app, { engine, logger, store, decisions });

  let server: Server | undefined;
  return {
    app,
    async start() {
      if (config.mode === 'socket') {
        await app.start();
        logger.info({ mode: 'socket' }, 'Sourcing Advisor is connected to Slack (Socket Mode)');
        return { port: undefined };
      }
      server = (await app.start({ port: config.port, host: config.host })) as Server;
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      logger.info({ mode: 'http', port, path: '/slack/events' }, 'Sourcing Advisor is listening');
      return { port };
    },
    async stop() {
      await app.stop();
    },
  };
}
