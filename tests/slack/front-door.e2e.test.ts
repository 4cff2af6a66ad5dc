/**
 * End to end: hostile and malformed requests over signed HTTP against the real app. Bodies that are not a Slack
 * payload, or a payload with a field missing, wrong-typed or not in Slack's id format, get 400; payloads the app
 * has no listener for are acknowledged at once with nothing done; timestamps more than five minutes away either way
 * get 401; an exact replay is acknowledged and ignored, on any replica. After each, nothing was posted and the app
 * still answers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { FakeSlack } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, TEAM, USER, actionBody, commandBody, eventBody, nextTs, send, sign, type SendOptions } from '../../testkit/slack-requests.js';
import { freshPgDatabase } from '../../testkit/pg.js';
import { openStore, type Store } from '../../src/store/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  await t.idle();
  t.fake.reset();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (p: unknown) => form({ payload: JSON.stringify(p) });

/** A click payload as Slack sends it, with `over` replacing top-level fields (undefined ones are dropped). */
function click(actionId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return JSON.parse(decodeURIComponent(actionBody({ action_id: actionId, value: 'define-bpo' }, { response_url: 'http://127.0.0.1:9/click', ...over }).slice('payload='.length))) as Record<string, unknown>;
}

/** An Events API envelope, parsed, so a test can break one field of it. */
const envelope = (event: unknown, over: Record<string, unknown> = {}) => ({ ...(JSON.parse(eventBody({ type: 'app_mention', user: USER, text: 'what is bpo', ts: nextTs(), channel: CHANNEL })) as Record<string, unknown>), event, ...over });

/** The app still answers a real question, in the acknowledgement itself. */
async function stillAnswers(app: TestApp = t): Promise<void> {
  const res = await send(app.url, commandBody('what is bpo', app.fake.responseUrl('check')), FORM);
  expect(res.status).toBe(200);
  expect(res.text).toContain('What is BPO');
}

/** Sends, waits until the app has finished with it, and returns the status and every Slack call it made. */
async function sendAndSettle(body: string, contentType: string, options?: SendOptions) {
  const started = performance.now();
  const res = await send(t.url, body, contentType, options);
  const ms = performance.now() - started;
  const calls = await t.settled();
  return { status: res.status, text: res.text, ms, calls };
}

/** Each body gets 400, posts nothing, and the app keeps serving. */
function refusedEach(cases: ReadonlyArray<readonly [string, string, string]>): void {
  it.each(cases)('gets 400 for %s, posts nothing and keeps serving', async (_name, body, type) => {
    const r = await sendAndSettle(body, type);
    expect(r.status).toBe(400);
    expect(r.calls).toEqual([]);
    await stillAnswers();
  });
}

describe('a signed body that is not a Slack payload', () => {
  const cases: Array<[string, string, string]> = [
    ['JSON null', 'null', JSON_TYPE],
    ['a JSON number', '42', JSON_TYPE],
    ['a JSON string', '"block_actions"', JSON_TYPE],
    ['a JSON array', '[{"type":"block_actions"}]', JSON_TYPE],
    ['JSON true', 'true', JSON_TYPE],
    ['an empty JSON object', '{}', JSON_TYPE],
    ['a JSON object whose type is a number', '{"type":7}', JSON_TYPE],
    ['not JSON at all', '{"type":', JSON_TYPE],
    ['payload=null', 'payload=null', FORM],
    ['payload=42', 'payload=42', FORM],
    ['payload=[]', 'payload=%5B%5D', FORM],
    ['payload= garbage', 'payload=%7Bnot%20json', FORM],
    ['an empty payload=', 'payload=', FORM],
    ['a form with no Slack fields', 'a=b', FORM],
  ];
  refusedEach(cases);
});

describe('a payload with a field missing or of the wrong type', () => {
  const cases: Array<[string, string, string]> = [
    ['block_actions without user', payload(click('share_answer', { user: undefined })), FORM],
    ['block_actions whose user is a string', payload(click('share_answer', { user: USER })), FORM],
    ['block_actions whose user id is a number', payload(click('share_answer', { user: { id: 42, team_id: TEAM } })), FORM],
    ['block_actions without actions', payload(click('share_answer', { actions: undefined })), FORM],
    ['block_actions with an empty actions list', payload(click('share_answer', { actions: [] })), FORM],
    ['block_actions whose action is null', payload(click('share_answer', { actions: [null] })), FORM],
    ['block_actions without any team', payload(click('share_answer', { team: null, user: { id: USER } })), FORM],
    ['block_actions whose channel is null', payload(click('share_answer', { channel: null })), FORM],
    ['block_actions with a message ts that is not a ts', payload(click('share_answer', { message: { ts: 'yesterday' } })), FORM],
    ['block_actions with an action id of 300 characters', payload(click('x'.repeat(300))), FORM],
    ['an event envelope whose event is null', JSON.stringify(envelope(null)), JSON_TYPE],
    ['an event envelope whose event is a string', JSON.stringify(envelope('app_mention')), JSON_TYPE],
    ['an event envelope without an event', JSON.stringify(envelope(undefined)), JSON_TYPE],
    ['an event without a type', JSON.stringify(envelope({ user: USER, channel: CHANNEL, ts: nextTs() })), JSON_TYPE],
    ['an app_mention without user', JSON.stringify(envelope({ type: 'app_mention', text: 'what is bpo', ts: nextTs(), channel: CHANNEL })), JSON_TYPE],
    ['a message whose channel is null', JSON.stringify(envelope({ type: 'message', channel_type: 'im', user: USER, text: 'hi', ts: nextTs(), channel: null })), JSON_TYPE],
    ['an event envelope without team_id', JSON.stringify(envelope({ type: 'app_mention', user: USER, text: 'hi', ts: nextTs(), channel: CHANNEL }, { team_id: undefined })), JSON_TYPE],
    ['an event envelope whose authorizations hold null', JSON.stringify(envelope({ type: 'app_mention', user: USER, text: 'hi', ts: nextTs(), channel: CHANNEL }, { authorizations: [null] })), JSON_TYPE],
    ['a slash command without user_id', commandBody('decide accounting', 'http://127.0.0.1:9/r').replace(/&user_id=[^&]*/, ''), FORM],
    ['a slash command without channel_id', commandBody('decide accounting', 'http://127.0.0.1:9/r').replace(/&channel_id=[^&]*/, ''), FORM],
    ['a slash command with user_id given twice', `${commandBody('decide accounting', 'http://127.0.0.1:9/r')}&user_id=U0002`, FORM],
    ['a slash command whose response_url is not a URL', commandBody('decide accounting', 'not a url'), FORM],
    ['a view_submission without view', payload({ type: 'view_submission', user: { id: USER, team_id: TEAM }, team: { id: TEAM } }), FORM],
    ['a shortcut without callback_id', payload({ type: 'shortcut', user: { id: USER, team_id: TEAM }, team: { id: TEAM }, trigger_id: '1.2.3' }), FORM],
  ];
  refusedEach(cases);
});

describe('ids that are not in Slack’s format', () => {
  it('refuses a slash command whose user_id is <!channel> and never posts it as a mention', async () => {
    const r = await sendAndSettle(commandBody('decide accounting', t.fake.responseUrl('forged'), { user_id: '<!channel>' }), FORM);
    expect(r.status).toBe(400);
    expect(r.calls).toEqual([]);
    await stillAnswers();
    expect(JSON.stringify(t.fake.calls)).not.toContain('<!channel>');
  });

  const cases: Array<[string, string, string]> = [
    ['a team id', commandBody('what is bpo', 'http://127.0.0.1:9/r', { team_id: 'T0001<!here>' }), FORM],
    ['a channel id', commandBody('what is bpo', 'http://127.0.0.1:9/r', { channel_id: '<#C0001>' }), FORM],
    ['a user id in a click', payload(click('share_answer', { user: { id: '<!everyone>', team_id: TEAM } })), FORM],
    ['a view id', payload(click('answer_more', { view: { id: '../../V1', type: 'home' } })), FORM],
    ['a thread ts', payload(click('share_answer', { container: { type: 'message', message_ts: '1710000000.000001', thread_ts: '1.2.3', channel_id: CHANNEL } })), FORM],
    ['a user id in an event', JSON.stringify(envelope({ type: 'app_mention', user: '<!channel>', text: 'what is bpo', ts: nextTs(), channel: CHANNEL })), JSON_TYPE],
    ['an event id', JSON.stringify(envelope({ type: 'app_mention', user: USER, text: 'what is bpo', ts: nextTs(), channel: CHANNEL }, { event_id: "Ev1'; drop table" })), JSON_TYPE],
  ];
  it.each(cases)('gets 400 for %s with markup in it', async (_name, body, type) => {
    const r = await sendAndSettle(body, type);
    expect(r.status).toBe(400);
    expect(r.calls).toEqual([]);
  });

  it('shows a forged "shared by" in a button value as text, never as a mention', async () => {
    const body = actionBody({ action_id: 'answer_more', value: `define-bpo?s=${encodeURIComponent('<!channel>')}` }, { response_url: t.fake.responseUrl('more') });
    const r = await sendAndSettle(body, FORM);
    expect(r.status).toBe(200);
    const reply = r.calls.find((c) => c.responseId === 'more');
    expect(reply).toBeDefined();
    const posted = JSON.stringify(reply!.body);
    expect(posted).not.toContain('<!channel>');
    expect(posted).not.toContain('<@');
    expect(posted).toContain('&lt;!channel&gt;');
  });
});

describe('payloads the app has no listener for', () => {
  const cases: Array<[string, string, string]> = [
    ['a click on an unknown action id', payload(click('not_one_of_ours')), FORM],
    ['a click on an unknown decision button', payload(click('iv_unknown')), FORM],
    ['a view_submission with an unknown callback id', payload({ type: 'view_submission', user: { id: USER, team_id: TEAM }, team: { id: TEAM }, view: { id: 'V0001', callback_id: 'someone_elses_form', state: { values: {} } } }), FORM],
    ['a view_closed with an unknown callback id', payload({ type: 'view_closed', user: { id: USER, team_id: TEAM }, team: { id: TEAM }, view: { id: 'V0001', callback_id: 'someone_elses_form' }, is_cleared: false }), FORM],
    ['a view_closed of the share form', payload({ type: 'view_closed', user: { id: USER, team_id: TEAM }, team: { id: TEAM }, view: { id: 'V0001', callback_id: 'iv_share_to' }, is_cleared: false }), FORM],
    ['a global shortcut with an unknown callback id', payload({ type: 'shortcut', user: { id: USER, team_id: TEAM }, team: { id: TEAM }, callback_id: 'unknown_shortcut', trigger_id: '1.2.3' }), FORM],
    ['a message shortcut with an unknown callback id', payload({ type: 'message_action', user: { id: USER, team_id: TEAM }, team: { id: TEAM }, callback_id: 'unknown_shortcut', trigger_id: '1.2.3', channel: { id: CHANNEL }, message: { ts: '1710000000.000001', text: 'x' }, response_url: 'http://127.0.0.1:9/r' }), FORM],
    ['an unknown payload type', payload({ type: 'something_new', user: { id: USER }, team: { id: TEAM } }), FORM],
    ['an unknown JSON type', JSON.stringify({ type: 'app_rate_limited', team_id: TEAM, minute_rate_limited: 1 }), JSON_TYPE],
    ['an options request', payload({ type: 'block_suggestion', action_id: 'x', value: 'y' }), FORM],
    ['a legacy interactive message', payload({ type: 'interactive_message', actions: [{ name: 'x' }], callback_id: 'c' }), FORM],
    ['an event type the app does not subscribe to', JSON.stringify(envelope({ type: 'reaction_added', user: USER, reaction: 'thumbsup', item: { type: 'message', channel: CHANNEL, ts: '1710000000.000001' }, event_ts: '1710000000.000002' })), JSON_TYPE],
  ];
  it.each(cases)('acknowledges %s at once and does nothing', async (_name, body, type) => {
    const r = await sendAndSettle(body, type);
    expect(r.status).toBe(200);
    // Bolt would answer 404 after its three-second timeout.
    expect(r.ms).toBeLessThan(2000);
    expect(r.calls).toEqual([]);
    await stillAnswers();
  });
});

describe('request timestamps', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const body = () => commandBody('what is bpo', t.fake.responseUrl('ts'));

  it.each([
    ['ten minutes in the future', 600],
    ['a year in the future', 365 * 24 * 3600],
    ['six minutes in the past', -360],
    ['a year in the past', -365 * 24 * 3600],
  ])('refuses a request signed %s with 401', async (_name, offset) => {
    const r = await sendAndSettle(body(), FORM, { timestamp: now() + offset });
    expect(r.status).toBe(401);
    expect(r.calls).toEqual([]);
    await stillAnswers();
  });

  it('accepts a request signed four minutes in the future or the past (clocks differ a little)', async () => {
    expect((await send(t.url, body(), FORM, { timestamp: now() + 240 })).text).toContain('What is BPO');
    expect((await send(t.url, body(), FORM, { timestamp: now() - 240 })).text).toContain('What is BPO');
  });

  it('refuses a request whose signature does not match, or that has none', async () => {
    expect((await send(t.url, body(), FORM, { secret: 'not-the-signing-secret' })).status).toBe(401);
    expect((await send(t.url, body(), FORM, { signature: '' })).status).toBe(401);
    expect((await send(t.url, body(), FORM, { headers: { 'x-slack-request-timestamp': 'soon' } })).status).toBe(401);
    await stillAnswers();
  });
});

describe('replayed requests', () => {
  const parents = (calls: Array<{ method: string; body: Record<string, any> }>) => calls.filter((c) => c.method === 'chat.postMessage' && !c.body.thread_ts);

  it('ignores an exact replay of /sourcing decide: one decision, one parent', async () => {
    const body = commandBody('decide accounting', t.fake.responseUrl('decide'), { channel_id: 'CREPLAY1' });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await sendAndSettle(body, FORM, { timestamp });
    expect(first.status).toBe(200);
    expect(parents(first.calls)).toHaveLength(1);
    t.fake.reset();
    const again = await sendAndSettle(body, FORM, { timestamp });
    expect(again.status).toBe(200);
    expect(again.calls).toEqual([]);
    expect(t.logs.filter((l) => l.msg === 'replayed request ignored')).not.toHaveLength(0);
  });

  it('ignores a replay whose signature header is written another way but says the same', async () => {
    const body = commandBody('decide legal', t.fake.responseUrl('variant'), { channel_id: 'CREPLAY3' });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = sign(body, timestamp);
    const first = await sendAndSettle(body, FORM, { timestamp, signature });
    expect(parents(first.calls)).toHaveLength(1);
    t.fake.reset();
    const again = await sendAndSettle(body, FORM, { timestamp, signature: `${signature}=again` });
    expect(again.status).toBe(200);
    const padded = await sendAndSettle(body, FORM, { signature, headers: { 'x-slack-request-timestamp': `${timestamp}.0` } });
    expect(padded.status).toBe(200);
    expect(t.fake.replies()).toEqual([]);
  });

  it('answers a replayed question again, privately, as it changes nothing (only what changes something is checked)', async () => {
    const body = commandBody('what is kpo', t.fake.responseUrl('question'));
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await send(t.url, body, FORM, { timestamp })).text).toContain('What is KPO');
    expect((await send(t.url, body, FORM, { timestamp })).text).toContain('What is KPO');
  });

  it('ignores an exact replay of a click', async () => {
    const click = actionBody({ action_id: 'topic:define-kpo', value: 'define-kpo' }, { response_url: t.fake.responseUrl('replayed-click') });
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await sendAndSettle(click, FORM, { timestamp });
    expect(first.status).toBe(200);
    const before = t.fake.replies().length;
    const again = await sendAndSettle(click, FORM, { timestamp });
    expect(again.status).toBe(200);
    expect(t.fake.replies()).toHaveLength(before);
    expect(t.logs.filter((l) => l.msg === 'replayed request ignored')).not.toHaveLength(0);
  });

  it('answers the same words sent again as a new request (a new timestamp is a new signature)', async () => {
    const body = commandBody('what is kpo', t.fake.responseUrl('twice'));
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await send(t.url, body, FORM, { timestamp: timestamp - 1 })).text).toContain('What is KPO');
    expect((await send(t.url, body, FORM, { timestamp })).text).toContain('What is KPO');
  });

  it("still de-duplicates Slack's own retry of an event, which is signed afresh, by its event id", async () => {
    const body = eventBody({ type: 'app_mention', user: USER, text: '<@UBOTSOURCING> what is bpo', ts: nextTs(), channel: CHANNEL });
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await send(t.url, body, JSON_TYPE, { timestamp: timestamp - 2 })).status).toBe(200);
    await t.idle();
    const retry = await send(t.url, body, JSON_TYPE, { timestamp, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    const calls = await t.settled();
    expect(calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(t.logs.filter((l) => l.msg === 'duplicate event ignored')).not.toHaveLength(0);
  });
});

describe('a replay sent to another replica', () => {
  it('is ignored there too: the first request is recorded in the shared database', async () => {
    const pgUrl = process.env.TEST_DATABASE_URL;
    const fake = await new FakeSlack().start();
    const db = pgUrl ? await freshPgDatabase(pgUrl) : undefined;
    const shared: Record<string, string> = db ? { DATABASE_URL: db.url } : { DATA_DIR: mkdtempSync(join(tmpdir(), 'sourcing-replay-')) };
    const apps: TestApp[] = [];
    try {
      apps.push(await startTestApp(shared, { fake }), await startTestApp(shared, { fake }));
      const [a, b] = apps as [TestApp, TestApp];
      const body = commandBody('decide accounting', fake.responseUrl('decide'), { channel_id: 'CREPLAY2' });
      const timestamp = Math.floor(Date.now() / 1000);
      expect((await send(a.url, body, FORM, { timestamp })).status).toBe(200);
      await a.idle();
      expect((await send(b.url, body, FORM, { timestamp })).status).toBe(200);
      await Promise.all(apps.map((x) => x.idle()));
      expect(fake.replies().filter((c) => c.method === 'chat.postMessage' && !c.body.thread_ts)).toHaveLength(1);
      expect(b.logs.filter((l) => l.msg === 'replayed request ignored')).toHaveLength(1);
      await stillAnswers(b);
    } finally {
      await Promise.all(apps.map((x) => x.stop()));
      await fake.stop();
      await db?.drop();
    }
  });
});

describe('a replay check the database cannot answer', () => {
  /** A store whose claims of request signatures fail, or never answer; every other call is the real store's. */
  function storeWhoseReplayClaims(how: 'fail' | 'hang'): Store {
    const real = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'sourcing-replay-db-')) });
    return {
      ...real,
      claim: (team, key, ttl, now) => {
        if (!key.startsWith('sig:')) return real.claim(team, key, ttl, now);
        return how === 'fail' ? Promise.reject(new Error('database unreachable')) : new Promise<boolean>(() => undefined);
      },
    };
  }

  it.each([
    ['fails', 'fail', 'could not record the request for replay protection'],
    ['never answers', 'hang', 'replay check timed out; request handled'],
  ] as const)('lets the request through when the claim %s (answering beats silence)', async (_name, how, warning) => {
    const store = storeWhoseReplayClaims(how);
    const app = await startTestApp({}, { store });
    try {
      // A click: its signature is what the replay check claims (a question's is not checked: see front-door.ts).
      const click = await send(app.url, actionBody({ action_id: 'topic:define-kpo', value: 'define-kpo' }, { response_url: app.fake.responseUrl('through') }), FORM);
      expect(click.status).toBe(200);
      await app.fake.waitFor((c) => c.responseId === 'through');
      await stillAnswers(app);
      expect(app.logs.filter((l) => l.msg === warning)).toHaveLength(1);
    } finally {
      await app.stop();
      await store.close();
    }
  });
});
