/**
 * The entry point of the Slack app: read and validate the environment, load the content, start Bolt.
 * Configuration or content errors stop startup with one clear line (the CLI prints it and exits 1).
 */
import { parseConfig, readEnvironment } from './config/index.js';
import { createEngine } from './engine.js';
import { createLogger } from './log/index.js';
import { createSlackApp } from './slack/app.js';

export async function startApp(env: Record<string, string | undefined> = readEnvironment()): Promise<void> {
  const config = parseConfig(env === process.env ? readEnvironment() : env);
  const logger = createLogger(config.logLevel);
  const engine = createEngine();
  const slack = createSlackApp({ config, engine, logger });
  await slack.start();

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 8000);
    force.unref();
    slack
      .stop()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
