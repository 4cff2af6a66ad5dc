/**
 * What every Slack listener needs and none should write itself, as Bolt middleware (in the style of Bolt's own
 * `middleware/builtin.ts`): only people's messages, each event and click handled once across every process, acks
 * first for clicks, and `guarded()`, which turns any failure into the person's helpful reply and writes the
 * request's one log line. With these, each listener is its happy path only.
 */
import type { RespondFn } from '@slack/bolt';
import type { Catalogue } from '../knowledge/load.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import type { Message } from '../replies/blocks.js';
import { reportFailure, type FailureTarget } from './failure.js';
import { randomUUID } from 'node:crypto';
import { ackGateOf, eventIdOf, messageFields, teamOfEnvelope, type SlackClient } from './payloads.js';
import type { EventLease } from '../store/index.js';

/** How long handled event and action ids are remembered: longer than Slack's retries (up to ~5 minutes). */
export const EVENT_MEMORY_MS = 60 * 60 * 1000;

export interface MiddlewareDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly catalogue: Catalogue;
}

type Next = { next: () => Promise<void> };

/** A step of a listener: middleware (calls `next` to go on) or, last, the listener itself. */
export type Step<A> = (args: A & Next) => Promise<void>;

/**
 * Runs steps in order, each going on only when it calls `next` (as Bolt runs a listener's middleware). Bolt runs
 * every registered listener's middleware for every request, so the app registers one Bolt listener per payload
 * type and chains its own steps here: the cost of a request no longer grows with the number of surfaces.
 */
export function chain<A extends object>(...steps: ReadonlyArray<Step<A>>): (args: A) => Promise<void> {
  return async (args) => {
    // One copy of the arguments per request; each step is handed its own `next` (steps read it when called).
    const own = { ...args, next: async () => undefined } as A & Next;
    const run = async (i: number): Promise<void> => {
      const step = steps[i];
      if (!step) return;
      own.next = () => run(i + 1);
      await step(own);
    };
    await run(0);
  };
}

/** Only messages a person wrote: not bots (us included), not edits, joins or other subtypes. */
export async function peopleOnly({ event, next }: { event: object } & Next): Promise<void> {
  const m = messageFields(event);
  if (m.bot_id || m.bot_profile || m.subtype !== undefined || m.user === undefined) return;
  await next();
}

/** Only direct messages to the bot. */
export async function directMessages({ event, next }: { event: object } & Next): Promise<void> {
  if (messageFields(event).channel_type === 'im') await next();
}

/** Only replies in channel threads that do not mention us (a mention arrives as its own `app_mention` event). */
export async function channelThreadReplies({ event, context, next }: { event: object; context: { botUserId?: string } } & Next): Promise<void> {
  const m = messageFields(event);
  if (m.channel_type === 'im' || !m.thread_ts) return;
  if (context.botUserId && (m.text ?? '').includes(`<@${context.botUserId}>`)) return;
  await next();
}

/** Only threads a decision runs in: people talking to each other elsewhere cost one read, nothing more. */
export function inDecisionThread({ store }: MiddlewareDeps) {
  return async ({ event, body, next }: { event: object; body: unknown } & Next): Promise<void> => {
    const m = messageFields(event);
    if (!m.thread_ts) return;
    // A database that cannot be read: go on, so the person hears about it rather than nothing.
    const found = await store.get({ team: teamOfEnvelope(body), channel: m.channel, thread: m.thread_ts }).catch(() => true);
    if (found) await next();
  };
}

/** How long a process may take to handle an event before another may take it over (Slack retries later). */
export const EVENT_LEASE_MS = 10_000;

/**
 * Each event once. Slack delivers an event again when it was not acknowledged (a timeout, a crash, an error), with
 * the same `event_id`, to any process. The event is leased to this process while it is handled: a delivery of an
 * event already handled is acknowledged and ignored; one that another process is handling right now is not
 * acknowledged (Slack tries again later, when that process has finished or its lease has run out). A change to a
 * decision is recorded as handled in the same transaction as the change (`context.once`), so it applies once even
 * when a process dies half-way; anything else is recorded once the listener is done.
 */
export function firstDelivery({ store, logger }: MiddlewareDeps) {
  return async ({ body, context, next }: { body: unknown; context: Record<string, unknown> } & Next): Promise<void> => {
    const eventId = eventIdOf(body);
    const team = teamOfEnvelope(body);
    if (!eventId) return next();
    const key = `ev:${eventId}`;
    // Each delivery holds its own lease, so a second delivery of an event to the same process is busy too.
    const holder = randomUUID();
    let lease: EventLease = 'mine';
    try {
      lease = await store.leaseEvent(team, key, holder, Date.now(), EVENT_LEASE_MS);
    } catch (err) {
      // Without the database we cannot tell a retry apart; answering twice beats not answering.
      logger.warn({ team, event_id: eventId, err }, 'could not record the event id');
    }
    if (lease === 'done') {
      logger.info({ team, event_id: eventId }, 'duplicate event ignored');
      return;
    }
    if (lease === 'busy') {
      logger.info({ team, event_id: eventId }, 'event being handled elsewhere; left for Slack to deliver again');
      ackGateOf(context)?.refuse();
      return;
    }
    context.once = { team, key, ttlMs: EVENT_MEMORY_MS, owner: holder };
    await next();
    await store.finishEvent(team, key, holder, Date.now(), EVENT_MEMORY_MS).catch((err: unknown) => logger.warn({ team, event_id: eventId, err }, 'could not record the event id'));
  };
}

interface ClickBody {
  readonly team?: { id?: string } | null;
  readonly user?: { id?: string; team_id?: string };
  readonly message?: { ts?: string };
  readonly container?: { message_ts?: string; view_id?: string };
}

/** Each click once: a redelivered click keeps its `action_ts`; a real second click gets a new one. */
export function firstClick({ store, logger }: MiddlewareDeps) {
  return async ({ body, action, next }: { body: unknown; action: { action_id?: string; action_ts?: string } } & Next): Promise<void> => {
    const b = body as ClickBody;
    const team = b.team?.id ?? b.user?.team_id ?? '';
    const where = b.message?.ts ?? b.container?.message_ts ?? b.container?.view_id ?? '';
    const key = `act:${where}:${action.action_id ?? ''}:${action.action_ts ?? ''}:${b.user?.id ?? ''}`;
    let first = true;
    try {
      first = await store.claim(team, key, EVENT_MEMORY_MS, Date.now());
    } catch (err) {
      // The listener will meet the same database and tell the person; saves are version-checked, so a
      // duplicate that slips through cannot apply twice.
      logger.warn({ team, action: action.action_id, err }, 'could not record the action id');
    }
    if (!first) {
      logger.info({ team, user: b.user?.id, action: action.action_id }, 'duplicate action ignored');
      return;
    }
    await next();
  };
}

/** Each shortcut once: Slack gives every use its own trigger id, which a redelivery keeps. */
export function firstShortcut({ store, logger }: MiddlewareDeps) {
  return async ({ body, next }: { body: unknown } & Next): Promise<void> => {
    const b = body as { team?: { id?: string } | null; user?: { id?: string; team_id?: string }; callback_id?: string; trigger_id?: string };
    const team = b.team?.id ?? b.user?.team_id ?? '';
    let first = true;
    try {
      first = await store.claim(team, `sc:${b.callback_id ?? ''}:${b.trigger_id ?? ''}`, EVENT_MEMORY_MS, Date.now());
    } catch (err) {
      // Answering twice beats not answering.
      logger.warn({ team, shortcut: b.callback_id, err }, 'could not record the shortcut');
    }
    if (!first) {
      logger.info({ team, user: b.user?.id, shortcut: b.callback_id }, 'duplicate shortcut ignored');
      return;
    }
    await next();
  };
}

/** Clicks are acknowledged before anything else happens: Slack waits three seconds at most. */
export async function ackNow({ ack, context, next }: { ack: () => Promise<void>; context: Record<string, unknown> } & Next): Promise<void> {
  await ack();
  context.acked = true;
  await next();
}

/** The request's one log line: a message and its fields, written by `guarded()` with the latency. */
export interface LogLine {
  readonly msg: string;
  readonly fields?: Record<string, unknown>;
}

/** The parts of any listener's arguments that `guarded()` reads. */
interface GuardedArgs {
  readonly body: unknown;
  readonly client: SlackClient;
  readonly event?: object;
  readonly respond?: RespondFn;
  readonly ack?: (response?: never) => Promise<void>;
  readonly context?: Record<string, unknown>;
}

interface RequestBody {
  readonly type?: string;
  readonly team_id?: string;
  readonly channel_id?: string;
  readonly user_id?: string;
  readonly team?: { id?: string } | null;
  readonly user?: { id?: string; team_id?: string };
  readonly channel?: { id?: string };
  readonly view?: unknown;
}

/** Team, channel and user of any request, for its log line. */
export function requestContext(args: GuardedArgs, surface: string): Record<string, unknown> {
  const b = (args.body ?? {}) as RequestBody;
  const m = args.event ? messageFields(args.event) : undefined;
  return {
    team: b.team_id ?? b.team?.id ?? b.user?.team_id,
    channel: m?.channel || b.channel_id || b.channel?.id,
    user: m?.user ?? b.user_id ?? b.user?.id,
    surface,
  };
}

/** The best way still open to tell the person something went wrong. */
function failureTarget(args: GuardedArgs): FailureTarget | undefined {
  const b = (args.body ?? {}) as RequestBody;
  const user = b.user?.id ?? b.user_id;
  // The Home tab and modals have no response_url: a direct message reaches the person.
  if (b.view && user) return (m: Message) => args.client.chat.postMessage({ channel: user, ...m });
  const respond = args.respond;
  if (respond) return (m: Message) => respond({ response_type: 'ephemeral', replace_original: false, ...m });
  if (args.event) {
    const e = messageFields(args.event);
    if (e.user && e.channel) return (m: Message) => args.client.chat.postEphemeral({ channel: e.channel, user: e.user!, thread_ts: e.thread_ts ?? e.ts, ...m });
  }
  // A shortcut without a response_url (a global one, some message ones): a direct message reaches the person.
  if ((b.type === 'shortcut' || b.type === 'message_action') && user) return (m: Message) => args.client.chat.postMessage({ channel: user, ...m });
  return undefined;
}

export interface GuardOptions {
  /** Whether a failure is reported to the person; false where there is nowhere sensible (the Home tab itself failed). */
  readonly report?: boolean;
}

/**
 * Runs a listener's happy path: whatever it throws is reported to the person (never silence) and logged once;
 * what it returns is the request's log line. A command or click that failed before acking is acked here.
 */
export function guarded<A extends GuardedArgs>({ logger, catalogue }: MiddlewareDeps, surface: string, handler: (args: A) => Promise<LogLine | undefined>, options: GuardOptions = {}) {
  return async (args: A): Promise<void> => {
    const started = performance.now();
    const latency = () => +(performance.now() - started).toFixed(2);
    let acked = args.context?.acked === true;
    const original = args.ack;
    const tracked = original ? { ack: (async (response?: never) => ((acked = true), original(response))) as typeof original } : {};
    try {
      const line = await handler({ ...args, ...tracked });
      if (line) logger.info({ ...requestContext(args, surface), ...line.fields, latency_ms: latency() }, line.msg);
    } catch (err) {
      if (original && !acked) await original().catch(() => undefined);
      const target = options.report === false ? undefined : failureTarget(args);
      await reportFailure(err, target, catalogue, logger, { ...requestContext(args, surface), latency_ms: latency() });
    }
  };
}
