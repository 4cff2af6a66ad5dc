/**
 * Load generation for `npm run bench`: signed Slack requests (slash commands, app_mention events, thread
 * replies) fed to autocannon, each with a fresh timestamp and signature made in `setupRequest`, and the
 * latency of every response recorded here in fractional milliseconds (autocannon's own histogram rounds to
 * whole milliseconds, too coarse for sub-millisecond acks).
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { BOT_USER_ID } from '../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, USER, commandBody, eventBody, nextTs, sign } from '../testkit/slack-requests.js';
import { summarise, type Summary } from './bench-stats.js';

/** One request body and its content type. */
export interface Payload {
  readonly body: string;
  readonly contentType: string;
}

/** Yields the next payload each time it is called (round-robin over its inputs). */
export type PayloadSource = () => Payload;

function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to send');
  let i = 0;
  return () => items[i++ % items.length]!;
}

/** `/sourcing <question>`, form-encoded, as Slack sends a slash command. */
export function commands(questions: readonly string[], responseUrl: string): PayloadSource {
  const next = cycle(questions);
  return () => ({ body: commandBody(next(), responseUrl), contentType: FORM });
}

// Event ids must be unique per request (the app drops a repeated event_id as a Slack retry), across runs too.
let eventSeq = 0;
const runTag = Date.now().toString(36);
const eventId = () => `Ev${runTag}${(++eventSeq).toString(36)}`;

/** `app_mention` events in a channel (a new question each, not in a thread), JSON. */
export function mentions(questions: readonly string[]): PayloadSource {
  const next = cycle(questions);
  return () => {
    const ts = nextTs();
    const event = { type: 'app_mention', channel: CHANNEL, user: USER, text: `<@${BOT_USER_ID}> ${next()}`, ts, event_ts: ts };
    return { body: eventBody(event, { event_id: eventId() }), contentType: JSON_TYPE };
  };
}

/** Channel `message` events replying in the given threads (interview answers when an interview runs there). */
export function threadReplies(threads: readonly string[], text: string, channel = CHANNEL, user = USER): PayloadSource {
  const next = cycle(threads);
  return () => {
    const ts = nextTs();
    const event = { type: 'message', channel, channel_type: 'channel', user, text, ts, thread_ts: next(), event_ts: ts };
    return { body: eventBody(event, { event_id: eventId() }), contentType: JSON_TYPE };
  };
}

export interface LoadOptions {
  /** Base URL of the server (`http://127.0.0.1:PORT`); requests go to `/slack/events`. */
  readonly url: string;
  readonly secret: string;
  readonly payloads: PayloadSource;
  readonly connections: number;
  /** Seconds to run (or `amount` requests, whichever the caller gives). */
  readonly durationS?: number;
  readonly amount?: number;
  /** Requests per second across all connections (fixed-rate mode); unset for as fast as possible. */
  readonly overallRate?: number;
}

export interface LoadResult {
  /** Responses received (any status). */
  readonly responses: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationS: number;
  /** 2xx responses per second over the run. */
  readonly rps: number;
  /** Latency of 2xx responses, ms (from the request being written to the response being read). */
  readonly latencyMs: Summary;
  /** autocannon's own p99 (whole ms; in fixed-rate mode corrected for coordinated omission). */
  readonly autocannonP99Ms: number;
}

export interface PacedOptions {
  readonly url: string;
  readonly secret: string;
  readonly payloads: PayloadSource;
  /** Requests per second, evenly spaced. */
  readonly rate: number;
  readonly durationS: number;
  /** Sockets the agent may open (requests beyond it queue in the agent, and that wait counts as latency). */
  readonly maxSockets?: number;
}

export interface PacedResult extends LoadResult {
  /** Latency from when each request was due (so any lag of the sender or a backlog counts), ms. */
  readonly latencyFromDueMs: Summary;
  /** How far behind schedule the sender itself was when it sent (its own lag), ms. */
  readonly senderLagMs: Summary;
}

/**
 * Open-loop load at a constant arrival rate: one request every 1000/rate ms whether or not earlier ones have
 * been answered, like users who do not wait for each other. autocannon's `overallRate` is not that: each
 * connection sends its share of the second back to back and then waits for the next second, so its "200/s"
 * is a burst at full speed every second (its latencies look like the max-rate run's).
 */
export async function runPaced(o: PacedOptions): Promise<PacedResult> {
  const target = new URL('/slack/events', o.url);
  const agent = new Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const interval = 1000 / o.rate;
  const total = Math.round(o.rate * o.durationS);
  const fromSend: number[] = [];
  const fromDue: number[] = [];
  const lag: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let responses = 0;

  const fire = (due: number): Promise<void> =>
    new Promise((resolve) => {
      const { body, contentType } = o.payloads();
      const ts = Math.floor(Date.now() / 1000);
      const sentAt = performance.now();
      lag.push(sentAt - due);
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: {
            'content-type': contentType,
            'content-length': Buffer.byteLength(body),
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': sign(body, ts, o.secret),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const done = performance.now();
            responses++;
            if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
              fromSend.push(done - sentAt);
              fromDue.push(done - due);
            } else non2xx++;
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });

  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(fire(due));
  }
  await Promise.all(inFlight);
  const durationS = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    responses,
    non2xx,
    errors,
    timeouts,
    durationS: +durationS.toFixed(2),
    rps: +(fromSend.length / durationS).toFixed(1),
    latencyMs: summarise(fromSend),
    autocannonP99Ms: Number.NaN,
    latencyFromDueMs: summarise(fromDue),
    senderLagMs: summarise(lag),
  };
}

/** Runs autocannon against `/slack/events`, signing each request as Slack would. */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let non2xx = 0;
  let responses = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/slack/events',
    // Called before every request: a new payload, timestamp and signature.
    setupRequest: (req) => {
      const { body, contentType } = o.payloads();
      const ts = Math.floor(Date.now() / 1000);
      return {
        ...req,
        body,
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts, o.secret) },
      };
    },
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        timeout: 10,
        requests: [request],
        ...(o.durationS !== undefined ? { duration: o.durationS } : {}),
        ...(o.amount !== undefined ? { amount: o.amount } : {}),
        ...(o.overallRate !== undefined ? { overallRate: o.overallRate } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          responses,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          durationS: result.duration,
          rps: +(latencies.length / result.duration).toFixed(1),
          latencyMs: summarise(latencies),
          autocannonP99Ms: result.latency.p99,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      responses++;
      if (status >= 200 && status < 300) latencies.push(ms);
      else non2xx++;
    });
  });
}
