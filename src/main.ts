/**
 * The entry point of the Slack app: read and validate the environment, build the app, start it, and stop it
 * cleanly on SIGTERM or SIGINT. Configuration or content errors stop startup with one clear line (the CLI prints
 * it and exits 1).
 */
import { parseConfig, readEnvironment } from './config/index.js';
import { createApp } from './app.js';
import { DRAIN_MS } from './slack/app.js';

/** How long a shutdown may take, after its grace period, before the process exits anyway. */
const FORCE_EXIT_MS = 2 * DRAIN_MS + 3000;

export async function startApp(env: Record<string, string | undefined> = readEnvironment()): Promise<void> {
  const config = parseConfig(env === process.env ? readEnvironment() : env);
  const app = await createApp(config);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    // SIGTERM comes from a process manager or a load balancer's platform: drain first. Ctrl-C stops at once.
    const grace = signal === 'SIGTERM';
    setTimeout(() => process.exit(1), (grace ? config.shutdownGraceMs : 0) + FORCE_EXIT_MS).unref();
    app.stop({ grace }).then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // A promise nobody awaited must not take every conversation down with it: logged, and the process goes on.
  process.on('unhandledRejection', (err) => app.logger.error({ err }, 'unhandled rejection'));
}
