/**
 * The entry point of the Slack app: read and validate the environment, load the content, start Bolt.
 * Configuration or content errors stop startup with one clear line (the CLI prints it and exits 1).
 */
import { parseConfig, readEnvironment } from './config/index.js';
import { createEngine } from './engine.js';
import { createLogger } from './log/index.js';
import { createSlackApp } from './slack/app.js';
import { openStore } from './store/index.js';

export async function startApp(env: Record<string, string | undefined> = readEnvironment()): Promise<void> {
  const config = parseConfig(env === process.env ? readEnvironment() : env);
  const logger = createLogger(config.logLevel);
  const engine = createEngine();
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await store.migrate();
  const slack = createSlackApp({ config, engine, logger, store });
  await slack.start();

  // Interviews idle for twice their lifetime are deleted (expired ones stay a while, so a late click gets a
  // polite note rather than "not found"); event ids are kept an hour.
  const purge = async (): Promise<void> => {
    try {
      const now = Date.now();
      const removed = await store.purge(now, now - 2 * config.interviewTtlMs);
      if (removed.interviews || removed.events) logger.info(removed, 'expired rows removed');
    } catch (err) {
      logger.warn({ err }, 'purge failed; will retry');
    }
  };
  void purge();
  const purgeTimer = setInterval(() => void purge(), 10 * 60 * 1000);
  purgeTimer.unref();

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 8000);
    force.unref();
    clearInterval(purgeTimer);
    slack
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
