/**
 * Delivers what saved changes must show (see outbox.ts): leases the next due delivery of each decision, carries it
 * out through an `Executor` (Slack in the app), records the message id a post got, and retries with backoff.
 * Deliveries of one decision go out in order; different decisions (and channels) never wait for each other, so a
 * rate limit on one channel delays only that channel. Any number of processes can run one; a lease taken by a
 * process that died is taken over when it expires.
 */
import { randomUUID } from 'node:crypto';
import { AppError, retryAfterOf, toAppError } from '../errors/index.js';
import type { Delivered } from '../store/index.js';
import { isPlaceholder, type Delivery, type SavedDelivery } from './outbox.js';

/** Where a delivery goes, resolved: the conversation, the thread to post in, the message to replace. */
export interface Target {
  readonly team: string;
  readonly channel: string;
  readonly thread?: string;
  readonly message?: string;
}

/** Why a delivery was given up, as the person is told it. */
export type GiveUp = 'rate_limited' | 'not_in_channel' | 'failed';

export interface Executor {
  /** Carries out one delivery; resolves with the message id a post got. Throws (coded) when Slack refuses or fails. */
  execute(saved: SavedDelivery, target: Target): Promise<string | undefined>;
  /** For a post tried before: the message it made, if the earlier try reached Slack after all. */
  find(saved: SavedDelivery, target: Target, since: number): Promise<string | undefined>;
  /** Tells the person, by another path, that a message is late (`first`: the first failure) or was given up. */
  notify(saved: SavedDelivery, target: Target, what: 'late' | GiveUp): Promise<void>;
}

export interface DeliveryStore {
  claimDeliveries(owner: string, now: number, leaseMs: number, limit: number): Promise<Delivered[]>;
  finishDelivery(id: string, owner: string, resultTs?: string): Promise<boolean>;
  retryDelivery(id: string, owner: string, nextAt: number, giveUp: boolean, tried?: boolean): Promise<void>;
  deliveryTs(ids: readonly string[]): Promise<Map<string, string>>;
  rekey(key: { team: string; channel: string; thread: string }, thread: string): Promise<void>;
  /** Where a delivery stands (`pending`, `done`, `failed`). */
  deliveryStatus(id: string): Promise<{ status: string } | undefined>;
}

export interface DispatcherOptions {
  readonly store: DeliveryStore;
  readonly executor: Executor;
  /** Logs a delivery that failed or was given up (ids and codes only). */
  readonly onError?: (fields: Record<string, unknown>, message: string) => void;
  readonly now?: () => number;
  /** How often due retries and deliveries left by a stopped process are looked for. */
  readonly pollMs?: number;
  /** How long a lease lasts: longer than any one delivery can take (three tries of a Slack call with a deadline). */
  readonly leaseMs?: number;
  /** Tries before a delivery is given up (rate limits: `rateLimitAttempts`). */
  readonly maxAttempts?: number;
  readonly rateLimitAttempts?: number;
  /** The first retry's wait; each next one doubles, up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Deliveries made at a time (each on its own: a slow one holds up nothing else). */
  readonly batch?: number;
  /** How long after its first try a message still not out is reported to the person as late (0: never). */
  readonly lateMs?: number;
  /**
   * When a stop gives back deliveries still in hand, how long before another process may take them: longer than
   * one Slack call can take, so a call still on its way lands first (and is found, not made again).
   */
  readonly giveBackAfterMs?: number;
}

export interface Dispatcher {
  /** Looks for due deliveries now (a change was just saved). */
  kick(): void;
  start(): void;
  /**
   * Stops looking; resolves when the deliveries in hand are done, or after `waitMs`, giving back those still in hand
   * (so the next process takes them at once, looking first for what may have reached Slack). What is left stays saved.
   */
  stop(waitMs?: number): Promise<void>;
  /** Resolves when nothing is due and nothing is being delivered. */
  idle(): Promise<void>;
}

/** Errors no retry can fix: the app is not in the channel, or lost its access; the message itself is wrong. */
const PERMANENT = new Set(['slack_not_in_channel', 'slack_auth', 'bad_input']);

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { store, executor, now = Date.now, pollMs = 1000, leaseMs = 30_000, maxAttempts = 10, rateLimitAttempts = 8, backoffMs = 250, maxBackoffMs = 30_000, batch = 20, lateMs = 3000, giveBackAfterMs = 10_000 } = opts;
  const owner = randomUUID();
  /** Channels under a rate limit, and until when (what else goes there waits, without calling Slack). */
  const limited = new Map<string, number>();
  /** Deliveries being made now, by id: each runs on its own, so a slow one holds up nothing else. */
  const inFlight = new Map<string, Promise<void>>();
  /** A delivery's "late" timer: the person hears if it is not out within `lateMs` of its first try. */
  const lateTimers = new Map<string, NodeJS.Timeout>();
  let looking: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  const waiters: Array<() => void> = [];

  const settle = () => {
    if (!looking && inFlight.size === 0) waiters.splice(0).forEach((w) => w());
  };

  /** Looks for due deliveries (again, if it is looking already) and starts each as its own task. */
  const wake = () => {
    if (looking) {
      again = true;
      return;
    }
    looking = look().finally(() => {
      looking = undefined;
      if (again && !stopped) wake();
      else settle();
    });
  };

  async function look(): Promise<void> {
    for (;;) {
      again = false;
      const room = batch - inFlight.size;
      if (room <= 0) return;
      const claimed = await store.claimDeliveries(owner, now(), leaseMs, room).catch((err: unknown) => {
        opts.onError?.({ err: toAppError(err).code }, 'could not look for deliveries; will try again');
        return [] as Delivered[];
      });
      for (const row of claimed) {
        const task = deliver(row)
          .catch((err: unknown) => opts.onError?.({ delivery: row.id, err: toAppError(err).code }, 'delivery could not be recorded; its lease will run out and it will be tried again'))
          .finally(() => {
            inFlight.delete(row.id);
            // Its interview's next delivery may be due now.
            if (!stopped) wake();
            else settle();
          });
        inFlight.set(row.id, task);
      }
      if ((claimed.length === 0 || claimed.length < room) && !again) return;
      if (stopped) return;
    }
  }

  /** Looks again when a retry falls due (the poll would find it too, up to `pollMs` later). */
  const wakeAt = (at: number) => {
    const t = setTimeout(() => {
      if (!stopped) wake();
    }, Math.max(0, at - now()));
    t.unref();
  };

  const clearLate = (id: string) => {
    const t = lateTimers.get(id);
    if (t) clearTimeout(t);
    lateTimers.delete(id);
  };

  async function resolve(row: Delivered, saved: SavedDelivery): Promise<Target | undefined> {
    const { delivery: d, context } = saved;
    const wanted = [
      ...(isPlaceholder(context.thread) && context.parentDelivery && context.parentDelivery !== d.id ? [context.parentDelivery] : []),
      ...((d.op === 'update' || d.op === 'replace') && d.message && 'delivery' in d.message ? [d.message.delivery] : []),
    ];
    const known = wanted.length ? await store.deliveryTs(wanted) : new Map<string, string>();
    const thread = isPlaceholder(context.thread) ? (context.parentDelivery ? known.get(context.parentDelivery) : undefined) : context.thread;
    const message = (d.op === 'update' || d.op === 'replace') && d.message ? ('ts' in d.message ? d.message.ts : known.get(d.message.delivery)) : undefined;
    const isParent = d.op === 'post' && d.where === 'top';
    // A post in a thread whose parent is not out yet, or an update of a message never posted, cannot go yet.
    if (!isParent && isPlaceholder(context.thread) && !thread) return undefined;
    if (d.op === 'update' && !message) return undefined;
    return { team: row.team, channel: row.channel, ...(thread && !isParent ? { thread } : {}), ...(message ? { message } : {}) };
  }

  async function deliver(row: Delivered): Promise<void> {
    let saved: SavedDelivery;
    try {
      saved = JSON.parse(row.payload) as SavedDelivery;
    } catch {
      await store.retryDelivery(row.id, owner, now(), true);
      return;
    }
    const d: Delivery = saved.delivery;
    if (row.attempts === 0 && d.op !== 'tell' && lateMs > 0 && !lateTimers.has(row.id)) {
      const late = setTimeout(() => {
        lateTimers.delete(row.id);
        // Another process may have made it since: a note only while it is still not out.
        void store
          .deliveryStatus(row.id)
          .then((d) => (d?.status === 'pending' ? executor.notify(saved, targetOf(row, saved), 'late') : undefined))
          .catch(() => undefined);
      }, lateMs);
      late.unref();
      lateTimers.set(row.id, late);
    }
    try {
      const target = await resolve(row, saved);
      if (!target) {
        // The parent message was given up (the person has been told): what goes in its thread goes nowhere.
        const parent = saved.context.parentDelivery ? await store.deliveryStatus(saved.context.parentDelivery) : undefined;
        if (parent?.status === 'failed') {
          clearLate(row.id);
          await store.retryDelivery(row.id, owner, now(), true, false);
          return;
        }
        throw new AppError('slack_api', 'waiting for the message it depends on');
      }
      const until = limited.get(row.channel) ?? 0;
      if (until > now()) {
        await store.retryDelivery(row.id, owner, until, false, false);
        wakeAt(until);
        return;
      }
      // A post tried before may have reached Slack before the process stopped: never post it twice.
      const found = d.op === 'post' && row.attempts > 0 ? await executor.find(saved, target, row.createdAt) : undefined;
      const ts = found ?? (await executor.execute(saved, target));
      if (d.op === 'post' && d.where === 'top' && ts && isPlaceholder(saved.context.thread)) {
        // The parent is out: the decision moves to its thread before anything else is posted there.
        await store.rekey({ team: row.team, channel: row.channel, thread: saved.context.thread }, ts);
      }
      await store.finishDelivery(row.id, owner, ts);
      clearLate(row.id);
    } catch (err) {
      await failed(row, saved, err);
    }
  }

  async function failed(row: Delivered, saved: SavedDelivery, err: unknown): Promise<void> {
    const e = toAppError(err);
    const rateLimited = e.code === 'slack_rate_limited';
    const retryAfterMs = rateLimited ? Math.max(1, retryAfterOf(e) ?? 1) * 1000 : 0;
    if (rateLimited) {
      for (const [channel, until] of limited) if (until <= now()) limited.delete(channel);
      limited.set(row.channel, now() + retryAfterMs);
    }
    const attempts = row.attempts + 1;
    const giveUp = PERMANENT.has(e.code) || attempts >= (rateLimited ? rateLimitAttempts : maxAttempts);
    const wait = rateLimited ? retryAfterMs : Math.min(maxBackoffMs, backoffMs * 2 ** row.attempts);
    opts.onError?.({ delivery: row.id, interview: row.interview, op: saved.delivery.op, attempts, code: e.code, giveUp }, giveUp ? 'delivery given up' : 'delivery failed; will retry');
    await store.retryDelivery(row.id, owner, now() + wait, giveUp).catch(() => undefined);
    if (!giveUp) wakeAt(now() + wait);
    // Given up: the person hears, by another path than the one failing where there is one (late: see deliver()).
    if (giveUp) {
      clearLate(row.id);
      await executor.notify(saved, targetOf(row, saved), rateLimited ? 'rate_limited' : e.code === 'slack_not_in_channel' ? 'not_in_channel' : 'failed').catch(() => undefined);
    }
  }

  return {
    kick: () => {
      if (!stopped) wake();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(wake, pollMs);
      timer.unref();
      wake();
    },
    async stop(waitMs = Infinity) {
      stopped = true;
      if (timer) clearInterval(timer);
      await looking;
      let waited: NodeJS.Timeout | undefined;
      const done = await Promise.race([
        Promise.all(inFlight.values()).then(() => true),
        new Promise<false>((r) => Number.isFinite(waitMs) && (waited = setTimeout(() => r(false), waitMs))),
      ]);
      clearTimeout(waited);
      if (!done) await Promise.all([...inFlight.keys()].map((id) => store.retryDelivery(id, owner, now() + giveBackAfterMs, false).catch(() => undefined)));
      for (const id of [...lateTimers.keys()]) clearLate(id);
    },
    idle() {
      return looking || inFlight.size > 0 ? new Promise((r) => waiters.push(r)) : Promise.resolve();
    },
  };
}

/** Where a note about a delivery goes: its conversation, and its thread once there is one. */
function targetOf(row: Delivered, saved: SavedDelivery): Target {
  return { team: row.team, channel: row.channel, ...(isPlaceholder(saved.context.thread) ? {} : { thread: saved.context.thread }) };
}
