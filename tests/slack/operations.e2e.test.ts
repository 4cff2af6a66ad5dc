/**
 * Operations, end to end: health checks, oversized and malformed bodies, Slack rate limits, secrets in logs, and a
 * graceful SIGTERM of the real process.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { FakeSlack } from '../../testkit/fake-slack.js';
import { BUILT_APP, startAppProcess } from '../../testkit/process.js';
import { CHANNEL, FORM, JSON_TYPE, SIGNING_SECRET, USER, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});
afterEach(() => t.fake.reset());

describe('health checks', () => {
  it('answers /healthz while the process is alive', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('answers /readyz with the database reachable and the content loaded', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, database: 'ok', content: 'loaded' });
  });

  it('reports not ready (503) when the database is unreachable', async () => {
    const other = await startTestApp();
    try {
      await other.store.close();
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, database: 'unreachable' });
    } finally {
      await other.stop().catch(() => undefined);
    }
  });
});

describe('hostile and broken requests', () => {
  it('refuses a body over the size limit before parsing it, and keeps serving', async () => {
    const huge = commandBody('x'.repeat(2 * 1024 * 1024), t.fake.responseUrl());
    // `connection: close`: the server answers before reading the body, so this socket must not be reused.
    const res = await send(t.url, huge, FORM, { headers: { connection: 'close' } });
    expect(res.status).toBe(413);
    const ok = await send(t.url, commandBody('what is offshoring', t.fake.responseUrl()), FORM);
    expect(ok.status).toBe(200);
  });

  it('answers a correctly signed but malformed JSON body with 400, and keeps serving', async () => {
    const res = await send(t.url, '{"type": "event_callback", ', JSON_TYPE);
    expect(res.status).toBe(400);
    const ok = await send(t.url, commandBody('what is bpo', t.fake.responseUrl()), FORM);
    expect(ok.status).toBe(200);
  });

  it('answers a missing signature header with 401', async () => {
    const res = await fetch(`${t.url}/slack/events`, { method: 'POST', headers: { 'content-type': JSON_TYPE }, body: '{}' });
    expect(res.status).toBe(401);
  });
});

describe('Slack rate limits', () => {
  it('waits out a 429 with Retry-After and still delivers the answer, exactly once', async () => {
    t.fake.rateLimitNext('chat.postMessage', 1);
    const started = Date.now();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTSOURCING> what is kpo', ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage', 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(post.body.text).toMatch(/KPO|knowledge/i);
    expect((await t.settled()).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });
});

describe('logs', () => {
  it('never contain the bot token or the signing secret, even at debug level', async () => {
    await send(t.url, commandBody('what is offshoring', t.fake.responseUrl()), FORM);
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTSOURCING> compare', ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    const all = t.rawLogs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain('xoxb-0000-test-token');
    expect(all).not.toContain(SIGNING_SECRET);
  });
});

const built = existsSync(BUILT_APP);

describe.skipIf(!built)('the real process', () => {
  it('stops on SIGTERM: finishes the request in flight, then exits 0 within a few seconds', async () => {
    const fake = await new FakeSlack().start();
    const app = await startAppProcess({ apiUrl: fake.apiUrl, cwd: mkdtempSync(join(tmpdir(), 'sourcing-proc-')), env: { SHUTDOWN_GRACE_MS: '0' } });
    try {
      // A request whose reply is slowed by a rate limit is in flight when SIGTERM arrives.
      fake.rateLimitNext('chat.postMessage', 1);
      await send(app.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTSOURCING> what is bpo', ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
      const stoppedAt = Date.now();
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(8000);
      expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
      expect(app.output()).toContain('shutting down');
    } finally {
      await app.stop('SIGKILL');
      await fake.stop();
    }
  });
});

describe('startup against Slack', () => {
  it('stops with one clear line when Slack rejects the bot token (invalid_auth), instead of crashing later', async () => {
    const fake = await new FakeSlack().start();
    try {
      fake.failNext('auth.test', 'invalid_auth');
      await expect(startTestApp({}, { fake })).rejects.toThrow(/Could not verify SLACK_BOT_TOKEN with Slack at startup \(invalid_auth\)/);
    } finally {
      await fake.stop();
    }
  });

  it('stops with one clear line when the Slack API cannot be reached', async () => {
    await expect(startTestApp({ SLACK_API_URL: 'http://127.0.0.1:9/api/' })).rejects.toThrow(/Could not verify SLACK_BOT_TOKEN.*fetch failed/);
  });
});
