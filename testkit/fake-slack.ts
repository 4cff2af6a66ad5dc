/**
 * A fake Slack Web API (and response_url endpoint) on loopback that records every call. Point the app's
 * `SLACK_API_URL` at `fake.apiUrl`, and put `fake.responseUrl()` in request payloads.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` for posts to a response URL. */
  method: string;
  /** The parsed arguments (JSON-encoded fields such as `blocks` and `view` are decoded). */
  body: Record<string, any>;
  /** For response_url calls, the id in the URL. */
  responseId?: string;
  headers: IncomingMessage['headers'];
  at: number;
  /** What the fake answered (`ts` of a posted message, `ok: false` and the error of a failure). */
  reply?: Record<string, any>;
}

type FailureKind = { kind: 'error'; error: string } | { kind: 'ratelimit'; retryAfter: number } | { kind: 'http'; status: number } | { kind: 'hang' };
/** A failure for the next call to a method, or the next one whose arguments `match`. */
type Failure = FailureKind & { match?: (body: Record<string, any>) => boolean };

export const BOT_USER_ID = 'UBOTSOURCING';
export const BOT_ID = 'BBOTSOURCING';

function decode(raw: string, contentType: string | undefined): Record<string, any> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? (() => { try { return JSON.parse(v); } catch { return v; } })() : v;
  }
  return out;
}

/** Every request the fake received, failed ones included. */
export interface Attempt {
  method: string;
  at: number;
  /** `ok`, or the failure it was given (`http 500`, `429`, `hang`, `error <code>`). */
  outcome: string;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly attempts: Attempt[] = [];
  /** What `users.info` says of a user beyond its id (for example `{ is_admin: true }`); others are plain members. */
  readonly users = new Map<string, Record<string, unknown>>();
  private server: Server | undefined;
  private port = 0;
  private held: Array<import('node:http').ServerResponse> = [];
  private failures = new Map<string, Failure[]>();
  private ts = 1_700_000_000;
  private waiters: Array<() => void> = [];

  /** Starts listening (on `port` when given: a fake brought back after `refuse()` keeps its address). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const isResponse = url.pathname.startsWith('/response/');
        const method = isResponse ? 'response_url' : url.pathname.replace(/^\/api\//, '');
        const body = decode(raw, req.headers['content-type']);
        const queued = this.failures.get(method) ?? [];
        const at = queued.findIndex((f) => !f.match || f.match(body));
        const failure = at >= 0 ? queued.splice(at, 1)[0] : undefined;
        this.attempts.push({ method, at: Date.now(), outcome: !failure ? 'ok' : failure.kind === 'http' ? `http ${failure.status}` : failure.kind === 'ratelimit' ? '429' : failure.kind === 'hang' ? 'hang' : `error ${failure.error}` });
        this.waiters.splice(0).forEach((w) => w());
        if (failure?.kind === 'hang') {
          // Accepted, never answered: a black hole until the fake stops.
          this.held.push(res);
          return;
        }
        if (failure?.kind === 'ratelimit') {
          res.writeHead(429, { 'retry-after': String(failure.retryAfter), 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        if (failure?.kind === 'http') {
          res.writeHead(failure.status);
          res.end();
          return;
        }
        this.calls.push({ method, body, headers: req.headers, at: Date.now(), ...(isResponse ? { responseId: url.pathname.slice('/response/'.length) } : {}) });
        this.waiters.splice(0).forEach((w) => w());
        res.writeHead(200, { 'content-type': 'application/json' });
        const call = this.calls[this.calls.length - 1]!;
        call.reply = failure?.kind === 'error' ? { ok: false, error: failure.error } : this.reply(method, call.body);
        res.end(JSON.stringify(call.reply));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port || this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private reply(method: string, body: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'sourcing', team_id: 'T0001', user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'chat.postMessage': {
        const ts = `${++this.ts}.000100`;
        return { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, ts, thread_ts: body.thread_ts, bot_id: BOT_ID, user: BOT_USER_ID } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.getPermalink':
        return { ok: true, channel: body.channel, permalink: `https://example.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}` };
      case 'conversations.history':
      case 'conversations.replies': {
        // The app's own posts in that conversation (or thread), newest first, with their metadata.
        const posts = this.calls.filter(
          (c) => c.method === 'chat.postMessage' && c.reply?.ok && c.body.channel === body.channel && (method === 'conversations.history' ? !c.body.thread_ts : c.body.thread_ts === body.ts),
        );
        return { ok: true, messages: posts.reverse().map((c) => ({ type: 'message', ts: c.reply!.ts, text: c.body.text, ...(c.body.metadata ? { metadata: c.body.metadata } : {}) })), has_more: false };
      }
      case 'canvases.create':
        return { ok: true, canvas_id: `F${String(++this.ts).padStart(8, '0')}` };
      case 'views.publish':
      case 'views.open':
      case 'views.update':
        return { ok: true, view: { id: 'V0001', ...(body.view ?? {}) } };
      case 'response_url':
        return { ok: true };
      case 'users.info':
        return { ok: true, user: { id: body.user, team_id: 'T0001', is_admin: false, is_owner: false, is_primary_owner: false, is_bot: false, ...this.users.get(String(body.user)) } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? 'X').slice(1)}` } };
      case 'oauth.v2.access':
        if (body.grant_type === 'refresh_token')
          return { ok: true, access_token: `xoxe.xoxb-rotated-${++this.ts}`, refresh_token: `xoxe-1-refresh-${this.ts}`, expires_in: 43_200, token_type: 'bot' };
        return {
          ok: true,
          access_token: 'xoxb-installed-token',
          token_type: 'bot',
          scope: 'commands,chat:write,app_mentions:read',
          bot_user_id: 'UBOTNEW',
          app_id: 'A0001',
          team: { id: 'TNEW', name: 'New Team' },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: 'UINSTALLER' },
        };
      default:
        return { ok: true };
    }
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id = 'r1'): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** The next call to `method` answers `{ ok: false, error }`. */
  failNext(method: string, error: string, match?: Failure['match']): void {
    this.queue(method, { kind: 'error', error, ...(match ? { match } : {}) });
  }

  /** The next call to `method` gets HTTP 429 with `Retry-After` (the next `times` calls). */
  rateLimitNext(method: string, retryAfterSeconds: number, times = 1, match?: Failure['match']): void {
    for (let i = 0; i < times; i++) this.queue(method, { kind: 'ratelimit', retryAfter: retryAfterSeconds, ...(match ? { match } : {}) });
  }

  /** The next `times` calls to `method` get an empty HTTP error with this status. */
  httpErrorNext(method: string, status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.queue(method, { kind: 'http', status });
  }

  /** The next `times` calls to `method` are accepted and never answered. */
  hangNext(method: string, times = 1): void {
    for (let i = 0; i < times; i++) this.queue(method, { kind: 'hang' });
  }

  /** Stops listening, so calls are refused, until `start()` again (on the same port). */
  async refuse(): Promise<void> {
    await this.stop();
  }

  /** Resolves once a request matching the predicate has been received, failed or not. */
  async waitForAttempt(predicate: (a: Attempt) => boolean, timeoutMs = 5000): Promise<Attempt> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.attempts.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching request within ${timeoutMs} ms; attempts: ${this.attempts.map((a) => `${a.method}:${a.outcome}`).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private queue(method: string, f: Failure): void {
    const list = this.failures.get(method) ?? [];
    list.push(f);
    this.failures.set(method, list);
  }

  /** Calls other than Bolt's own `auth.test`. */
  replies(): RecordedCall[] {
    return this.calls.filter((c) => c.method !== 'auth.test');
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once a call matching the predicate has been recorded (or rejects after `timeoutMs`). */
  async waitFor(predicate: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching Slack call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  reset(): void {
    this.calls.length = 0;
    this.attempts.length = 0;
    this.failures.clear();
    this.users.clear();
  }

  async stop(): Promise<void> {
    this.held.splice(0).forEach((res) => res.destroy());
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
