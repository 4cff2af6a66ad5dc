/**
 * The checks in front of Bolt's HTTP receiver, for every POST to the events endpoint, in one place:
 * - the signature, and a timestamp at most five minutes away in either direction (401; Bolt refuses only old ones);
 * - a body that is one of Slack's payloads (400 otherwise), or one the app has no listener for (200, dropped; see
 *   inbound.ts);
 * - no exact replay: a request's HMAC (it covers the timestamp and the body) is claimed in the store, so a second
 *   arrival on any replica within the window is acknowledged and dropped. Two kinds are left to their own checks,
 *   at no cost here: an event's id is leased and recorded (middleware.ts); a slash command's HMAC is recorded with
 *   the decision it starts, in the same transaction (`replayKey`), and one that only asks a question changes nothing.
 * What passes goes on to Bolt, with its body already read and its signature checked (Bolt does not check it again).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isRawBodyError, type BufferedIncomingMessage } from '@slack/bolt';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { inspect } from './inbound.js';

/** How far a request's timestamp may be from our clock, either way (Slack's rule for the past). */
export const TIMESTAMP_SKEW_S = 5 * 60;

/** A replay record outlives the request's window by this much (clocks of replicas differ a little). */
const REPLAY_MARGIN_MS = 60_000;

/** How long a request's replay record is kept: its window, both ways, and the margin. */
export const REPLAY_MEMORY_MS = 2 * TIMESTAMP_SKEW_S * 1000 + REPLAY_MARGIN_MS;

/**
 * A request's replay key, `sig:<hex>`: the HMAC alone, so a signature header written another way (`v0=<hex>=x`,
 * which the check also accepts) is the same key.
 */
export function replayKey(req: IncomingMessage): string {
  return `sig:${(header(req, 'x-slack-signature') ?? '').split('=')[1] ?? ''}`;
}

/** The longest a request waits for its replay check; past it, the request goes on (answering beats silence). */
const REPLAY_CHECK_MS = 1000;

export interface FrontDoorOptions {
  readonly signingSecret: string;
  /** The path Slack posts to (`/slack/events`). */
  readonly endpoint: string;
  readonly bodyLimit: number;
  readonly store: Pick<Store, 'claim'>;
  readonly logger: Logger;
  readonly now?: () => number;
}

function pathOf(req: IncomingMessage): string | undefined {
  return URL.canParse(req.url ?? '', 'http://localhost') ? new URL(req.url ?? '', 'http://localhost').pathname : undefined;
}

function answer(res: ServerResponse, status: number): false {
  if (!res.headersSent) {
    res.writeHead(status);
    res.end();
  }
  return false;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/**
 * Slack's request signing, as Bolt checks it (`v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<body>` with the
 * signing secret; a timestamp at most five minutes old), compared in constant time; what is wrong, or undefined.
 */
export function signatureProblem(req: IncomingMessage, rawBody: Buffer, signingSecret: string, now: number): string | undefined {
  const timestamp = header(req, 'x-slack-request-timestamp');
  const signature = header(req, 'x-slack-signature');
  if (timestamp === undefined || signature === undefined) return 'signature or timestamp missing';
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds)) return 'timestamp is not a number';
  if (seconds < Math.floor(now / 1000) - TIMESTAMP_SKEW_S) return 'timestamp more than five minutes old';
  const [version, hash] = signature.split('=');
  if (version !== 'v0' || !hash) return 'unknown signature version';
  // The timestamp as a number, as Bolt reads it (`1710000000.0` signs as `1710000000`).
  const ours = createHmac('sha256', signingSecret).update(`v0:${seconds}:`).update(rawBody).digest();
  const theirs = Buffer.from(hash, 'hex');
  // A hex string that did not decode whole is not a signature (Buffer.from stops at the first bad digit).
  if (theirs.length !== ours.length || theirs.toString('hex') !== hash || !timingSafeEqual(theirs, ours)) return 'signature mismatch';
  return undefined;
}

/** Whether the request may go on to Bolt; when not, it has been answered. */
async function admit(req: IncomingMessage, res: ServerResponse, o: FrontDoorOptions): Promise<boolean> {
  const now = (o.now ?? Date.now)();
  let buffered: BufferedIncomingMessage;
  try {
    // Read (and size-checked) by Bolt's own reader, which keeps the body on the request for Bolt.
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ enabled: false, signingSecret: o.signingSecret, bodyLimit: o.bodyLimit }, req);
  } catch (err) {
    if (isRawBodyError(err) && (err as { statusCode?: number }).statusCode === 413) {
      o.logger.warn({ limit: o.bodyLimit }, 'request body over the size limit refused');
      return answer(res, 413);
    }
    o.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'request refused: body could not be read');
    return answer(res, 400);
  }
  const refused = signatureProblem(req, buffered.rawBody, o.signingSecret, now);
  if (refused) {
    o.logger.warn({ reason: refused }, 'request refused: bad signature or timestamp');
    return answer(res, 401);
  }
  // Slack's SSL check (signed like any request): Bolt answers it.
  if (buffered.rawBody.toString() === 'ssl_check=1') return true;
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  if (timestamp > Math.floor(now / 1000) + TIMESTAMP_SKEW_S) {
    o.logger.warn({ ahead_s: timestamp - Math.floor(now / 1000) }, 'request refused: timestamp in the future');
    return answer(res, 401);
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    o.logger.warn('request refused: body is not JSON or a form');
    return answer(res, 400);
  }
  const verdict = inspect(body);
  if (verdict.kind === 'reject') {
    o.logger.warn({ why: verdict.why }, 'request refused: not a Slack payload we can read');
    return answer(res, 400);
  }
  if (verdict.kind === 'ignore') {
    o.logger.info({ why: verdict.why }, 'request acknowledged, nothing to do');
    return answer(res, 200);
  }
  if (verdict.team === undefined) return true;
  // An event needs no replay check here: its id is leased and recorded (middleware.ts), which also stops a replay;
  // and Slack's own redelivery of an event can carry the same signature (re-signed within the same second). A slash
  // command's is recorded with the decision it starts (see `replayKey`).
  const kind = typeof body === 'object' && body !== null ? (body as { type?: unknown; command?: unknown }) : {};
  if (kind.type === 'event_callback' || typeof kind.command === 'string') return true;
  const ttl = (timestamp + TIMESTAMP_SKEW_S) * 1000 - now + REPLAY_MARGIN_MS;
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    o.store.claim(verdict.team, replayKey(req), ttl, now),
    new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), REPLAY_CHECK_MS);
    }),
  ])
    .catch((err: unknown) => {
      o.logger.warn({ team: verdict.team, err }, 'could not record the request for replay protection');
      return true;
    })
    .finally(() => clearTimeout(timer));
  if (first === 'late') o.logger.warn({ team: verdict.team }, 'replay check timed out; request handled');
  if (first === false) {
    o.logger.info({ team: verdict.team }, 'replayed request ignored');
    return answer(res, 200);
  }
  return true;
}

/** Wraps the receiver's request listener: POSTs to the endpoint pass `admit` first, everything else goes straight on. */
export function frontDoor(next: RequestListener, options: FrontDoorOptions): RequestListener {
  return (req, res) => {
    if (req.method !== 'POST' || pathOf(req) !== options.endpoint) {
      next(req, res);
      return;
    }
    admit(req, res, options)
      .then((ok) => {
        if (ok) next(req, res);
      })
      .catch((err: unknown) => {
        options.logger.error({ err }, 'request check failed');
        answer(res, 500);
      });
  };
}
