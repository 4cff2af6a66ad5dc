/**
 * `createApp()`: the whole service from a validated config: logger, engine, store, the interview runner and the
 * Bolt app, with the periodic purge. The entry point and the end-to-end tests build the app through it alike.
 */
import type { DestinationStream } from 'pino';
import type { Config } from './config/index.js';
import { createEngine, type Engine } from './engine.js';
import { createLogger, type Logger } from './log/index.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { openStore, type Store } from './store/index.js';
import { createInterviews } from './conversation/interviews.js';
import { createThreads } from './conversation/threads.js';
import { createFeedback } from './conversation/feedback.js';

export interface AppOptions {
  /** Where log lines go (stdout when absent). */
  readonly logDestination?: DestinationStream;
  /** An engine already built (tests share one). */
  readonly engine?: Engine;
  /** A store already open (tests that share one between two app instances). Not closed by `stop()`. */
  readonly store?: Store;
}

export interface RunningApp {
  readonly logger: Logger;
  readonly engine: Engine;
  readonly store: Store;
  readonly slack: SlackApp;
  /** The HTTP port (HTTP mode). */
  readonly port: number | undefined;
  /** Resolves once no request is being processed. */
  idle(): Promise<void>;
  /**
   * Stops taking requests (with `grace`, after the grace period, reporting not ready meanwhile), lets those in flight
   * finish, closes the store (unless it was given).
   */
  stop(options?: { grace?: boolean }): Promise<void>;
}

/** How often each process deletes expired rows (PRIVACY.md states it). */
export const PURGE_EVERY_MS = 10 * 60 * 1000;

/** Interviews and thread topics are deleted once idle for this many interview lifetimes (PRIVACY.md states it). */
export const IDLE_LIFETIMES_KEPT = 2;

export async function createApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  // The app's own secrets are never written, wherever they turn up (Bolt's debug lines carry request bodies).
  const logger = createLogger(config.logLevel, options.logDestination, {
    secrets: [config.signingSecret, config.botToken, config.appToken, config.oauth?.clientSecret, config.oauth?.stateSecret],
  });
  const engine = options.engine ?? createEngine();
  const store = options.store ?? openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ownsStore = options.store === undefined;
  try {
    await store.migrate();
    const threads = createThreads({ router: engine.router, repo: store, unavailable: (err) => logger.warn({ err }, 'thread context unavailable; reading the question on its own') });
    const interviews = createInterviews({ spec: engine.catalogue.interview, router: engine.router, repo: store, threads, ttlMs: config.interviewTtlMs });
    const feedback = createFeedback({ repo: store, enabled: config.feedbackRetentionMs > 0, unavailable: (err) => logger.warn({ err }, 'could not record feedback; the answer went ahead') });
    const slack = createSlackApp({ config, engine, logger, store, interviews, threads, feedback });
    const { port } = await slack.start();

    // Unfinished interviews idle for twice their lifetime are deleted (expired ones stay a while, so a late click
    // gets a polite note rather than "not found"); finished decisions are kept for DECISION_RETENTION_DAYS (or
    // until uninstall); event ids are kept an hour; the knowledge-gap inbox's misses for FEEDBACK_RETENTION_DAYS
    // (with 0, none are recorded and any left from before are deleted).
    const purge = async (): Promise<void> => {
      try {
        const now = Date.now();
        const removed = await store.purge(now, now - IDLE_LIFETIMES_KEPT * config.interviewTtlMs, config.decisionRetentionMs === undefined ? undefined : now - config.decisionRetentionMs);
        const feedback = await store.purgeGaps(config.feedbackRetentionMs > 0 ? now - config.feedbackRetentionMs : now + 1);
        if (removed.interviews || removed.decisions || removed.events || removed.topics || feedback) logger.info({ ...removed, feedback }, 'expired rows removed');
      } catch (err) {
        logger.warn({ err }, 'purge failed; will retry');
      }
    };
    void purge();
    const timer = setInterval(() => void purge(), PURGE_EVERY_MS);
    timer.unref();

    return {
      logger,
      engine,
      store,
      slack,
      port,
      idle: () => slack.idle(),
      async stop(options) {
        clearInterval(timer);
        await slack.stop(options);
        if (ownsStore) await store.close();
      },
    };
  } catch (err) {
    if (ownsStore) await store.close().catch(() => undefined);
    throw err;
  }
}
