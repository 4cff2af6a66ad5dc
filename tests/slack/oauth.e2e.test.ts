/**
 * Multi-workspace (OAuth) mode, end to end: installs through Bolt's install and redirect paths, tokens encrypted at
 * rest, token rotation, one workspace never reaching another's interview, and uninstalls that forget a workspace.
 * An install link works once; a declined or failed install gets a page in our words; and no secret of an install
 * (client secret, code, tokens) is ever written to the logs, even at debug level.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { CHANNEL, FORM, JSON_TYPE, USER, actionBody, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { dbInstallationStore } from '../../src/slack/installation-store.js';
import { parseKey } from '../../src/store/crypto.js';

const KEY = randomBytes(32).toString('base64');
const CLIENT_SECRET = 'clientsecret0123456789abcdef';
const STATE_SECRET = 'state-secret-for-tests-0123456789';
let t: TestApp;

function installation(team: string, token: string, extra: Record<string, unknown> = {}) {
  return {
    team: { id: team, name: team },
    enterprise: undefined,
    user: { id: 'UINSTALLER', token: undefined, scopes: undefined },
    bot: { id: `B${team}`, userId: `UBOT${team}`, token, scopes: ['chat:write'], ...extra },
    appId: 'A0001',
    tokenType: 'bot' as const,
    isEnterpriseInstall: false,
    authVersion: 'v2' as const,
  };
}

const tokenOf = (c: { headers: Record<string, unknown> }) => String(c.headers.authorization ?? '').replace(/^Bearer /, '');

beforeAll(async () => {
  t = await startTestApp({
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: '1234567890.1234567890',
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    TOKEN_ENCRYPTION_KEY: KEY,
  });
  const installs = dbInstallationStore(t.store, parseKey(KEY));
  await installs.storeInstallation(installation('TA', 'xoxb-team-a-token'));
  await installs.storeInstallation(installation('TB', 'xoxb-team-b-token'));
});
afterAll(async () => {
  await t.stop();
});

describe('OAuth mode', () => {
  it('installs through /slack/install and /slack/oauth_redirect, storing the bot token encrypted', async () => {
    const start = await fetch(`${t.url}/slack/install`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location')!);
    expect(location.pathname).toBe('/oauth/v2/authorize');
    const state = location.searchParams.get('state')!;
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const done = await fetch(`${t.url}/slack/oauth_redirect?code=abc123&state=${encodeURIComponent(state)}`, { headers: { cookie }, redirect: 'manual' });
    expect(done.status).toBeLessThan(400);
    await t.fake.waitFor((c) => c.method === 'oauth.v2.access');
    const sealed = await t.store.getInstallation('T:TNEW');
    expect(sealed).toBeDefined();
    expect(sealed).not.toContain('xoxb-installed-token');
    const back = await dbInstallationStore(t.store, parseKey(KEY)).fetchInstallation({ teamId: 'TNEW', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(back.bot?.token).toBe('xoxb-installed-token');
  });

  it('answers each workspace with its own bot token', async () => {
    t.fake.reset();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTTA> what is bpo', ts: nextTs(), channel: CHANNEL }, { team_id: 'TA' }), JSON_TYPE);
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTTB> what is kpo', ts: nextTs(), channel: CHANNEL }, { team_id: 'TB' }), JSON_TYPE);
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && tokenOf(c) === 'xoxb-team-a-token');
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && tokenOf(c) === 'xoxb-team-b-token');
  });

  it('refreshes a rotating token before it expires and stores the new one', async () => {
    const installs = dbInstallationStore(t.store, parseKey(KEY));
    await installs.storeInstallation(installation('TR', 'xoxe.xoxb-old', { refreshToken: 'xoxe-1-old', expiresAt: Math.floor(Date.now() / 1000) + 600 }));
    t.fake.reset();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTTR> what is offshoring', ts: nextTs(), channel: CHANNEL }, { team_id: 'TR' }), JSON_TYPE);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(tokenOf(post)).toMatch(/^xoxe\.xoxb-rotated-/);
    const stored = await installs.fetchInstallation({ teamId: 'TR', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(stored.bot?.token).toBe(tokenOf(post));
    expect(stored.bot?.refreshToken).toMatch(/^xoxe-1-refresh-/);
  });

  it("never lets one workspace read or continue another's interview", async () => {
    t.fake.reset();
    await send(t.url, commandBody('decide accounting', t.fake.responseUrl('a'), { team_id: 'TA' }), FORM);
    const question = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && /Core competency/.test(c.body.text ?? ''));
    const button = question.body.blocks.find((b: any) => b.type === 'actions').elements[0];
    const thread = question.body.thread_ts;
    const payload = {
      team: { id: 'TB', domain: 'b' },
      user: { id: USER, username: 'u', name: 'u', team_id: 'TB' },
      response_url: t.fake.responseUrl('intruder'),
      container: { type: 'message', message_ts: thread, channel_id: CHANNEL, is_ephemeral: false, thread_ts: thread },
      message: { type: 'message', ts: thread, thread_ts: thread, text: 'x' },
    };
    await send(t.url, actionBody({ action_id: button.action_id, value: button.value }, payload), FORM);
    const note = await t.fake.waitFor((c) => c.responseId === 'intruder');
    expect(note.body.text).toMatch(/no longer available/);
    const stateA = await t.store.get({ team: 'TA', channel: CHANNEL, thread });
    expect(stateA?.version).toBe(1);
    expect(await t.store.get({ team: 'TB', channel: CHANNEL, thread })).toBeUndefined();
  });

  it('shows the knowledge-gap inbox to the person who installed the app, and not to another member', async () => {
    await t.store.recordGap('TA', { kind: 'out_of_scope', text: 'what is the weather', intent: 'none', confidence: 0.2 }, Date.now());
    t.fake.reset();
    const homeOf = async (user: string) => {
      await send(t.url, eventBody({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: nextTs() }, { team_id: 'TA' }), JSON_TYPE);
      const published = await t.fake.waitFor((c) => c.method === 'views.publish' && c.body.user_id === user);
      expect(tokenOf(published)).toBe('xoxb-team-a-token');
      return JSON.stringify(published.body.view);
    };
    expect(await homeOf('UINSTALLER')).toContain('“what is the weather” · 1× · matched no topic');
    // The installer is known from the installation: Slack is not asked.
    expect(t.fake.callsTo('users.info')).toEqual([]);
    expect(await homeOf(USER)).not.toContain('what is the weather');
    expect(t.fake.callsTo('users.info').map((c) => c.body.user)).toEqual([USER]);
  });

  it("deletes a workspace's installation and interviews on app_uninstalled, and on a revoked bot token", async () => {
    await t.store.recordGap('TB', { kind: 'disliked', text: 'which is cheaper', intent: 'compare', confidence: 0.5 }, Date.now());
    const ts = nextTs();
    await t.store.insert({ team: 'TB', channel: CHANNEL, thread: ts, id: 'x', starter: USER, status: 'active', step: 'core', answers: {}, functionLabel: null, history: [], changing: false, version: 1, createdAt: Date.now(), updatedAt: Date.now(), expiresAt: Date.now() + 60_000 });
    const res = await send(t.url, eventBody({ type: 'app_uninstalled' }, { team_id: 'TB' }), JSON_TYPE);
    expect(res.status).toBe(200);
    for (let i = 0; i < 50 && (await t.store.getInstallation('T:TB')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await t.store.getInstallation('T:TB')).toBeUndefined();
    expect(await t.store.get({ team: 'TB', channel: CHANNEL, thread: ts })).toBeUndefined();
    expect(await t.store.topGaps({ team: 'TB', since: 0, limit: 10 })).toEqual([]);
    expect(await t.store.getInstallation('T:TA')).toBeDefined();

    await send(t.url, eventBody({ type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOTTA'] } }, { team_id: 'TA' }), JSON_TYPE);
    for (let i = 0; i < 50 && (await t.store.getInstallation('T:TA')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await t.store.getInstallation('T:TA')).toBeUndefined();
  });
});

/** Starts an install at /slack/install: the state Slack will send back, and the browser's state cookie. */
async function beginInstall(): Promise<{ state: string; cookie: string }> {
  const start = await fetch(`${t.url}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  return { state, cookie: start.headers.get('set-cookie')!.split(';')[0]! };
}

const redirect = (query: Record<string, string>, cookie?: string) =>
  fetch(`${t.url}/slack/oauth_redirect?${new URLSearchParams(query).toString()}`, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });

describe('the end of an install', () => {
  it('accepts an install link once: the same state again gets a friendly page and no second token exchange', async () => {
    const { state, cookie } = await beginInstall();
    const first = await redirect({ code: 'first-code', state }, cookie);
    expect(first.status).toBe(200);
    const exchanges = t.fake.callsTo('oauth.v2.access').length;
    const again = await redirect({ code: 'second-code', state }, cookie);
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await again.text();
    expect(page).toContain('<h1>This install link no longer works</h1>');
    expect(page).toContain('<a href="/slack/install">the install page</a>');
    expect(t.fake.callsTo('oauth.v2.access')).toHaveLength(exchanges);
  });

  it('refuses a state it did not sign, with the same page', async () => {
    const { state, cookie } = await beginInstall();
    const [body] = state.split('.');
    const forged = `${body}.${Buffer.from('not the signature').toString('base64url')}`;
    const res = await redirect({ code: 'some-code', state: forged }, cookie.replace(state, forged));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This install link no longer works');
  });

  it('shows a friendly page, not a 500, when the person declines the install', async () => {
    const { state, cookie } = await beginInstall();
    for (const res of [await redirect({ error: 'access_denied', state }, cookie), await redirect({ error: 'access_denied' })]) {
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('<h1>Sourcing Advisor was not installed</h1>');
      expect(page).toContain('You cancelled the installation');
    }
  });

  it('shows a friendly page when Slack refuses the code', async () => {
    const { state, cookie } = await beginInstall();
    t.fake.failNext('oauth.v2.access', 'invalid_code');
    const res = await redirect({ code: 'stale-code', state }, cookie);
    expect(res.status).toBe(500);
    const page = await res.text();
    expect(page).toContain("<h1>The installation didn&#39;t finish</h1>");
    expect(page).not.toContain('invalid_code');
  });
});

describe('secrets in the logs', () => {
  it('never writes the client secret, the code or any token of an install or a token refresh, at debug level', async () => {
    const code = `7310250101.${Date.now()}.${randomBytes(16).toString('hex')}`;
    const { state, cookie } = await beginInstall();
    const mark = t.rawLogs.length;
    expect((await redirect({ code, state }, cookie)).status).toBe(200);
    // A rotating token is refreshed on the next request: the old refresh token goes out, new tokens come back.
    const installs = dbInstallationStore(t.store, parseKey(KEY));
    await installs.storeInstallation(installation('TLOG', 'xoxe.xoxb-old-log-token', { refreshToken: 'xoxe-1-old-log-refresh', expiresAt: Math.floor(Date.now() / 1000) + 60 }));
    t.fake.reset();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTTLOG> what is bpo', ts: nextTs(), channel: CHANNEL }, { team_id: 'TLOG' }), JSON_TYPE);
    await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    await t.idle();
    const refreshed = t.fake.callsTo('oauth.v2.access').find((c) => c.body.grant_type === 'refresh_token')!;
    const secrets = [CLIENT_SECRET, STATE_SECRET, code, 'xoxb-installed-token', 'xoxe.xoxb-old-log-token', 'xoxe-1-old-log-refresh', refreshed.reply!.access_token, refreshed.reply!.refresh_token];
    const lines = t.rawLogs.slice(mark);
    // The debug lines that used to carry them were written (so this test reads what it means to).
    expect(lines.some((l) => l.includes('http request body') && l.includes('client_secret'))).toBe(true);
    expect(lines.some((l) => l.includes("apiCall('oauth.v2.access') end"))).toBe(true);
    for (const secret of secrets) expect(t.rawLogs.filter((l) => l.includes(secret)), secret).toEqual([]);
  });
});
