/**
 * Multi-workspace (OAuth) mode, end to end: installs through Bolt's install and redirect paths, tokens encrypted at
 * rest, token rotation, one workspace never reaching another's interview, and uninstalls that forget a workspace.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { CHANNEL, FORM, JSON_TYPE, USER, actionBody, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { dbInstallationStore } from '../../src/slack/installation-store.js';
import { parseKey } from '../../src/store/crypto.js';

const KEY = randomBytes(32).toString('base64');
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
    SLACK_CLIENT_SECRET: 'clientsecret0123456789abcdef',
    SLACK_STATE_SECRET: 'state-secret-for-tests-0123456789',
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
