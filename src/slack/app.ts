/**
 * Builds the Bolt app over the engine: HTTP (at `/slack/events`) or Socket Mode, the Web API pointed at
 * `SLACK_API_URL` when set, Bolt's logs through pino, the health routes, and the listeners. `createApp()` in
 * `src/app.ts` wires it with the store and the conversation layer for the entry point and the tests alike.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { App, HTTPModuleFunctions, HTTPReceiver, SocketModeReceiver, webApi, type CustomRoute, type ReceiverEvent } from '@slack/bolt';
import { gateAck } from './ack-gate.js';
import { frontDoor, replayKey } from './front-door.js';
import { installCallbacks, singleUseStateStore } from './oauth.js';
import type { Config } from '../config/index.js';
import type { Engine } from '../engine.js';
import { boltLevel, boltLogger, type Logger } from '../log/index.js';
import { registerListeners } from './listeners/index.js';
import { EVENT_LEASE_MS } from './middleware.js';
import { createDispatcher } from '../conversation/dispatcher.js';
import { slackExecutor } from './deliver.js';
import type { SlackClient } from './payloads.js';
import type { Store } from '../store/index.js';
import type { Interviews } from '../conversation/interviews.js';
import type { Threads } from '../conversation/threads.js';
import type { Feedback } from '../conversation/feedback.js';
import { dbInstallationStore } from './installation-store.js';
import { appManagers } from './managers.js';
import { AppError, toAppError } from '../errors/index.js';

/** Bot scopes requested at install (kept in step with manifest.yml and manifest.http.yml; README.md says why each). */
export const BOT_SCOPES = ['app_mentions:read', 'assistant:write', 'canvases:write', 'channels:history', 'chat:write', 'chat:write.public', 'commands', 'groups:history', 'im:history', 'im:write', 'mpim:history', 'users:read'];

export interface SlackAppOptions {
  readonly config: Config;
  readonly engine: Engine;
  readonly logger: Logger;
  readonly store: Store;
  readonly interviews: Interviews;
  readonly threads: Threads;
  readonly feedback: Feedback;
}

export interface SlackApp {
  readonly app: App;
  /** Starts listening; resolves with the bound port in HTTP mode. */
  start(): Promise<{ port: number | undefined }>;
  /** Stops; with `grace` (SIGTERM), first reports not ready while still taking requests for `SHUTDOWN_GRACE_MS`. */
  stop(options?: { grace?: boolean }): Promise<void>;
  /** Resolves once no request is being processed (every listener, and what it awaited, has finished). */
  idle(): Promise<void>;
}

/** Bolt's App, counting the requests it is processing, so shutdown and tests can wait for them to finish. */
class TrackedApp extends App {
  private processing = 0;
  private waiters: Array<() => void> = [];

  override async processEvent(event: ReceiverEvent): Promise<void> {
    this.processing++;
    // A request that may change a decision is acknowledged once the change is saved (see ack-gate.ts).
    const ackGate = gateAck(event);
    event.customProperties = { ...(event.customProperties ?? {}), ackGate };
    let acked = false;
    const gated = event.ack;
    event.ack = (...args: Parameters<ReceiverEvent['ack']>) => {
      acked = true;
      return gated(...args);
    };
    try {
      await super.processEvent(event);
      // Not acknowledged on purpose (the same event is being handled elsewhere): answered with an error status, so
      // Slack delivers it again later (see `EVENT_BUSY`).
      if (ackGate.refused) throw new AppError('event_busy', 'the same event is being handled by another process');
      // What no listener acknowledged (an action, view or shortcut that is not ours, a type Bolt cannot route) is
      // acknowledged now, with nothing done, rather than left to Bolt's 404 after three seconds.
      if (!acked) await event.ack();
    } finally {
      ackGate.release();
      this.processing--;
      if (this.processing === 0) this.waiters.splice(0).forEach((w) => w());
    }
  }

  get inFlight(): number {
    return this.processing;
  }

  idle(): Promise<void> {
    return this.processing === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}


/** Requests larger than this are refused before they are parsed (Slack's payloads are far smaller). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The longest any one call to Slack may take (Web API, response URLs): Slack answers in well under a second, so a
 * call this slow is treated as failed (and retried, or the person told) rather than waited on.
 */
export const SLACK_CALL_TIMEOUT_MS = 8000;

/** `fetch` with a deadline, for every call the app makes to Slack. */
export function fetchWithDeadline(ms: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(ms);
    return globalThis.fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
}

/** The longest /readyz waits for the database before answering 503. */
const READY_TIMEOUT_MS = 1000;

/** How long a stop waits for handlers in flight, then for deliveries in hand, before closing anyway. */
export const DRAIN_MS = 5000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function createSlackApp({ config, engine, logger, store, interviews, threads, feedback }: SlackAppOptions): SlackApp {
  let stopping = false;
  const customRoutes: CustomRoute[] = [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => json(res, stopping ? 503 : 200, { ok: !stopping, status: stopping ? 'stopping' : 'alive' }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        const content = engine.catalogue.intents.size > 0;
        // Stopping: not ready at once, without asking the database.
        if (stopping) return json(res, 503, { ok: false, status: 'stopping', content: content ? 'loaded' : 'missing' });
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new AppError('store_unavailable', 'no answer in time')), READY_TIMEOUT_MS)));
        Promise.race([store.ping(), deadline])
          .finally(() => clearTimeout(timer))
          .then(
            () => json(res, content ? 200 : 503, { ok: content, database: 'ok', content: content ? 'loaded' : 'missing' }),
            (err: unknown) => {
              logger.warn({ err }, 'readiness check: database unreachable');
              json(res, 503, { ok: false, database: 'unreachable', content: content ? 'loaded' : 'missing' });
            },
          );
      },
    },
  ];
  const boltLog = boltLogger(logger);
  const clientOptions = config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {};
  const webClientBehaviour = {
    // Every call has a deadline (respond() too: Bolt uses this fetch for response URLs).
    fetch: fetchWithDeadline(SLACK_CALL_TIMEOUT_MS),
    // A few quick retries, not Bolt's default of ten over thirty minutes: a user is waiting for this reply.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    // A rate limit comes back as an error at once (the client would otherwise pause every call): the delivery that
    // met it waits, and only it.
    rejectRateLimitedCalls: true,
  };
  // Distributed app: Bolt's install and redirect paths, installations encrypted in our database.
  const oauth = config.oauth
    ? {
        clientId: config.oauth.clientId,
        clientSecret: config.oauth.clientSecret,
        stateSecret: config.oauth.stateSecret,
        scopes: BOT_SCOPES,
        installationStore: dbInstallationStore(store, config.oauth.encryptionKey),
      }
    : {};
  const installPath = '/slack/install';
  // Each install link's state works once, on any replica; a declined or failed install gets a page in our words.
  const installFlow = config.oauth
    ? { stateStore: singleUseStateStore(store, config.oauth.stateSecret), callbackOptions: installCallbacks(engine.catalogue, logger, installPath) }
    : {};
  const installerOptions = { installPath, redirectUriPath: '/slack/oauth_redirect', directInstall: true, clientOptions, ...installFlow };
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({ appToken: config.appToken!, logger: boltLog, customRoutes, ...oauth, installerOptions: { ...installerOptions, port: config.port } })
      : new HTTPReceiver({
          signingSecret: config.signingSecret!,
          endpoints: '/slack/events',
          logger: boltLog,
          customRoutes,
          bodyLimit: BODY_LIMIT_BYTES,
          ...oauth,
          installerOptions,
          // The front door (below) has checked the signature and the timestamp, both ways, before Bolt sees it.
          signatureVerification: false,
          // A command's replay key goes with it, to be recorded with the decision it starts.
          customPropertiesExtractor: (req) => ({ replayKey: replayKey(req) }),
          processEventErrorHandler: async (args) => {
            if (toAppError(args.error).code !== 'event_busy') return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
            // Slack retries a delivery that got an error: by then the other process has handled it, or died.
            args.response.writeHead(503, { 'retry-after': String(Math.ceil(EVENT_LEASE_MS / 1000)) });
            args.response.end();
            return true;
          },
        });
  // Every POST to /slack/events passes the front door's checks (signature and timestamp, payload shape, replays)
  // before Bolt reads it.
  if (receiver instanceof HTTPReceiver) {
    receiver.requestListener = frontDoor(receiver.requestListener, { signingSecret: config.signingSecret!, endpoint: '/slack/events', bodyLimit: BODY_LIMIT_BYTES, store, logger });
  }
  const app = new TrackedApp({
    ...(config.botToken ? { token: config.botToken } : {}),
    receiver,
    // Bolt's per-channel conversation store is not used (interviews live in our store, keyed by thread); it would
    // cost a lookup on every request.
    convoStore: false,
    // Bolt verifies the token (auth.test) while initialising; deferring it lets start() report a failure cleanly.
    deferInitialization: true,
    logger: boltLog,
    logLevel: boltLevel(config.logLevel),
    clientOptions: { ...clientOptions, ...webClientBehaviour },
  });

  app.error(async (error) => {
    // Listeners report their own failures to the user (see failure.ts); this catches what happens outside them.
    const code = (error as { code?: string }).code;
    // An event for a workspace that uninstalled us is expected noise, not an error.
    if (code === 'slack_bolt_authorization_error') logger.warn({ code, message: error.message }, 'event from a workspace without an installation');
    else logger.error({ err: error, code }, 'unhandled Bolt error');
  });

  // What saved changes must show is delivered here, after the request is acknowledged (see dispatcher.ts).
  const installations = config.oauth ? dbInstallationStore(store, config.oauth.encryptionKey) : undefined;
  // Deliveries have clients of their own that never retry a call themselves: a post that timed out may have reached
  // Slack, and only the dispatcher looks for it before trying again (durably, with backoff, holding up nothing else).
  const deliveryClientOptions = { ...clientOptions, ...webClientBehaviour, retryConfig: { retries: 0 }, logger: boltLog, logLevel: boltLevel(config.logLevel) };
  // Per workspace in OAuth mode, kept a minute (Bolt refreshes rotating tokens in the store as requests come in).
  const clients = new Map<string, { client: SlackClient; until: number }>();
  const clientFor = async (team: string): Promise<SlackClient> => {
    const key = installations ? team : '';
    const cached = clients.get(key);
    if (cached && cached.until > Date.now()) return cached.client;
    for (const [k, c] of clients) if (c.until <= Date.now()) clients.delete(k);
    let token = config.botToken;
    if (installations) {
      const installation = await installations.fetchInstallation({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false });
      token = installation.bot?.token;
    }
    if (!token) throw new AppError('slack_auth', `no bot token for ${team}`);
    const client = new webApi.WebClient(token, deliveryClientOptions);
    clients.set(key, { client, until: installations ? Date.now() + 60_000 : Infinity });
    return client;
  };
  const dispatcher = createDispatcher({
    store,
    executor: slackExecutor({ clientFor, render: engine.render, catalogue: engine.catalogue, timeoutMs: SLACK_CALL_TIMEOUT_MS }),
    onError: (fields, message) => logger.warn(fields, message),
  });

  // Who sees the knowledge-gap inbox: admins and owners, and in OAuth mode whoever installed the app.
  const installerOf = installations
    ? async (team: string) => (await installations.fetchInstallation({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false })).user?.id
    : undefined;
  const managers = appManagers({ logger, ...(installerOf ? { installerOf } : {}) });

  registerListeners(app, { engine, logger, store, interviews, threads, feedback, managers, deliveries: dispatcher });

  let server: Server | undefined;
  return {
    app,
    async start() {
      try {
        await app.init();
      } catch (err) {
        const reason = toAppError(err);
        throw new AppError('slack_auth', `Could not verify SLACK_BOT_TOKEN with Slack at startup (${reason.message}). Check the token, SLACK_API_URL and the network.`, { cause: err });
      }
      if (config.mode === 'socket') {
        await app.start();
        dispatcher.start();
        logger.info({ mode: 'socket', health_port: config.port }, 'Sourcing Advisor is connected to Slack (Socket Mode)');
        return { port: undefined };
      }
      server = (await app.start({ port: config.port, host: config.host })) as Server;
      dispatcher.start();
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      logger.info({ mode: 'http', port, path: '/slack/events' }, 'Sourcing Advisor is listening');
      return { port };
    },
    /**
     * Reports not ready at once; with `grace`, keeps taking requests for the grace period so a load balancer stops
     * sending any; then stops taking requests, lets handlers in flight finish (each has bounded time), and stops
     * delivering: what is not delivered stays saved for the next process.
     */
    async stop({ grace = false }: { grace?: boolean } = {}) {
      stopping = true;
      if (grace && config.shutdownGraceMs > 0) {
        logger.info({ grace_ms: config.shutdownGraceMs }, 'not ready; still taking requests while traffic drains');
        await new Promise((r) => setTimeout(r, config.shutdownGraceMs));
      }
      const closing = app.stop();
      server?.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([app.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
      if (app.inFlight > 0) logger.warn({ in_flight: app.inFlight }, 'stopping with handlers still running');
      await dispatcher.stop(DRAIN_MS);
      server?.closeAllConnections();
      await closing;
    },
    async idle() {
      // Requests, then what they saved to deliver (which may start more requests' work), until both are quiet.
      do {
        await app.idle();
        await dispatcher.idle();
      } while (app.inFlight > 0);
    },
  };
}
