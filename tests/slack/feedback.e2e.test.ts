/**
 * Feedback and the knowledge-gap inbox, end to end over signed HTTP against the fake Slack server: what a click on
 * the feedback buttons, "None of these" and an out-of-scope question record (per team, scrubbed, without a user),
 * what the person sees (a private thank-you), and that nothing of it is posted in a channel.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { BOT_USER_ID } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, TEAM, USER, actionBody, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { buttonOf, feedbackOf } from '../../testkit/blocks.js';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { renderAnswerModal } from '../../src/replies/home.js';
import { recommendationMessage } from '../../src/replies/interview.js';
import { recommend } from '../../src/interview/decide.js';

const copy = loadCatalogue().copy.feedback;
const DAY = 86_400_000;

let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sourcing-feedback-'));
  t = await startTestApp({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await t.stop();
});
afterEach(async () => {
  await t.store.deleteTeam(TEAM);
  t.fake.reset();
});

const gaps = () => t.store.topGaps({ team: TEAM, since: Date.now() - DAY, limit: 50 });

/** Asks with /sourcing and returns the private answer (the command's ack body). */
async function ask(question: string): Promise<any> {
  const res = await send(t.url, commandBody(question, t.fake.responseUrl('ask')), FORM);
  expect(res.status).toBe(200);
  return res.json();
}

describe('feedback buttons on an answer', () => {
  it("records a thumbs-down with the question scrubbed, its intent and confidence, and thanks the person privately", async () => {
    const answer = await ask('which is cheaper, outsourcing or offshoring? cc <@U0BOSS> https://wiki.example/x');
    const fb = feedbackOf(answer)!;
    expect(fb.action_id).toBe('feedback');
    await send(t.url, actionBody({ type: 'feedback_buttons', action_id: 'feedback', value: fb.negative_button.value, block_id: 'fb' }, { response_url: t.fake.responseUrl('thumbs') }), FORM);
    const thanks = await t.fake.waitFor((c) => c.responseId === 'thumbs');
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: copy.thanks_down });
    await t.idle();
    expect(await gaps()).toEqual([
      { team: TEAM, kind: 'disliked', text: 'which is cheaper, outsourcing or offshoring? cc', intent: 'compare', confidence: expect.any(Number), count: 1, last: expect.any(Number) },
    ]);
    // Nothing in a channel, and no user id kept anywhere in the row.
    expect(t.fake.callsTo('chat.postMessage')).toEqual([]);
    const db = new Database(join(dataDir, 'sourcing-advisor.sqlite'), { readonly: true });
    try {
      expect(JSON.stringify(db.prepare('select * from feedback').all())).not.toMatch(new RegExp(`${USER}|U0BOSS|wiki\\.example`));
    } finally {
      db.close();
    }
    expect(t.logs.find((l) => l.msg === 'feedback recorded')).toMatchObject({ feedback: 'disliked', intent: 'compare', user: USER, team: TEAM });
  });

  it('records nothing for a thumbs-up, and says thanks', async () => {
    const fb = feedbackOf(await ask('what is offshoring'))!;
    await send(t.url, actionBody({ type: 'feedback_buttons', action_id: 'feedback', value: fb.positive_button.value }, { response_url: t.fake.responseUrl('up') }), FORM);
    const thanks = await t.fake.waitFor((c) => c.responseId === 'up');
    expect(thanks.body.text).toBe(copy.thanks_up);
    await t.idle();
    expect(await gaps()).toEqual([]);
  });

  it('counts the same disliked question together, however often it is clicked', async () => {
    for (const i of [1, 2]) {
      const fb = feedbackOf(await ask('What is  KPO?'))!;
      await send(t.url, actionBody({ type: 'feedback_buttons', action_id: 'feedback', value: fb.negative_button.value }, { response_url: t.fake.responseUrl(`k${i}`) }), FORM);
      await t.fake.waitFor((c) => c.responseId === `k${i}`);
    }
    await t.idle();
    expect((await gaps()).map((g) => [g.kind, g.text, g.intent, g.count])).toEqual([['disliked', 'what is kpo?', 'define-kpo', 2]]);
  });

  it('records a thumbs-down from the plain buttons of a modal, and thanks the person in the modal itself', async () => {
    const modal = renderAnswerModal(loadCatalogue(), 'define-bpo');
    const down = modal.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e) => e.action_id === 'feedback:down')!;
    const shown = { ...modal, id: 'V0MODAL', hash: '1.h', team_id: TEAM, state: { values: {} } };
    await send(t.url, actionBody({ action_id: 'feedback:down', value: down.value, block_id: 'feedback' }, { container: { type: 'view', view_id: 'V0MODAL' }, channel: undefined, view: shown }), FORM);
    const update = await t.fake.waitFor((c) => c.method === 'views.update');
    expect(update.body).toMatchObject({ view_id: 'V0MODAL', hash: '1.h' });
    expect(update.body.view.blocks.some((b: any) => b.block_id === 'feedback')).toBe(false);
    expect(JSON.stringify(update.body.view.blocks)).toContain(copy.thanks_modal);
    await t.idle();
    expect((await gaps()).map((g) => [g.kind, g.text, g.intent])).toEqual([['disliked', '', 'define-bpo']]);
  });
});

describe('feedback buttons on a recommendation', () => {
  it('records a thumbs-down as the recommendation it gave, with no question and no user', async () => {
    const catalogue = loadCatalogue();
    const answers = { core: 'non-core', budget: 'critical', coverage: 'yes', control: 'low', regulation: 'light', expertise: 'lack', horizon: 'long' } as const;
    const r = recommend(catalogue.interview, answers);
    const now = Date.now();
    const state = { team: TEAM, channel: CHANNEL, thread: '1.1', id: 'iv', starter: USER, status: 'done' as const, step: null, answers, functionLabel: null, history: [], changing: false, version: 9, createdAt: now, updatedAt: now, expiresAt: now };
    const fb = feedbackOf(recommendationMessage(catalogue, state, r))!;
    expect(fb.negative_button.accessibility_label).toBe(copy.rec_not_helpful_label);
    await send(t.url, actionBody({ type: 'feedback_buttons', action_id: 'feedback', value: fb.negative_button.value }, { response_url: t.fake.responseUrl('rec') }), FORM);
    expect((await t.fake.waitFor((c) => c.responseId === 'rec')).body.text).toBe(copy.thanks_down);
    await t.idle();
    expect((await gaps()).map((g) => [g.kind, g.text, g.intent])).toEqual([['disliked', '', `recommendation:${r.recommendation}`]]);
  });
});

describe('"None of these" and out-of-scope questions', () => {
  it('records a declined "did you mean" with the question it was offered for', async () => {
    const answer = await ask('does offshoring comply with GDPR <@U0BOSS>');
    const none = buttonOf(answer, 'answer_declined');
    await send(t.url, actionBody({ action_id: 'answer_declined', value: none.value, block_id: 'did_you_mean' }, { response_url: t.fake.responseUrl('none') }), FORM);
    const thanks = await t.fake.waitFor((c) => c.responseId === 'none');
    expect(thanks.body).toMatchObject({ response_type: 'ephemeral', text: copy.declined });
    await t.idle();
    expect((await gaps()).map((g) => [g.kind, g.text, g.intent])).toEqual([['declined', 'does offshoring comply with gdpr', 'challenges-offshoring']]);
  });

  it('records an out-of-scope question asked with /sourcing, a mention or a DM, and nothing for one it answered', async () => {
    await ask('what is the weather in <#C0RAND|random> tomorrow');
    await ask('what is offshoring');
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> who won the football`, ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: USER, text: 'who won the football', ts: nextTs(), channel: 'D0001' }), JSON_TYPE);
    await t.idle();
    expect((await gaps()).map((g) => [g.kind, g.text, g.intent, g.count])).toEqual([
      ['out_of_scope', 'who won the football', 'none', 2],
      ['out_of_scope', 'what is the weather in tomorrow', 'none', 1],
    ]);
  });

  it('records nothing with FEEDBACK_RETENTION_DAYS=0', async () => {
    const off = await startTestApp({ FEEDBACK_RETENTION_DAYS: '0' });
    try {
      const res = await send(off.url, commandBody('what is the weather', off.fake.responseUrl()), FORM);
      const fb = feedbackOf(await (await send(off.url, commandBody('what is bpo', off.fake.responseUrl()), FORM)).json())!;
      expect(res.status).toBe(200);
      await send(off.url, actionBody({ type: 'feedback_buttons', action_id: 'feedback', value: fb.negative_button.value }, { response_url: off.fake.responseUrl('off') }), FORM);
      // Nothing is noted, so the thank-you does not say it is.
      expect((await off.fake.waitFor((c) => c.responseId === 'off')).body.text).toBe(copy.thanks_down_unrecorded);
      await off.idle();
      expect(await off.store.topGaps({ since: 0, limit: 10 })).toEqual([]);
    } finally {
      await off.stop();
    }
  });
});

describe('the knowledge-gap inbox on the Home tab', () => {
  const ADMIN = 'U0ADMIN';
  const OWNER = 'U0OWNER';
  const openHome = async (user: string) => {
    await send(t.url, eventBody({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: nextTs() }), JSON_TYPE);
    const published = await t.fake.waitFor((c) => c.method === 'views.publish' && c.body.user_id === user);
    await t.idle();
    return JSON.stringify(published.body.view);
  };

  /** Misses recorded the way people make them: an out-of-scope question twice, a thumbs-down, an old one, another team's. */
  async function seed(): Promise<void> {
    await ask('what is the weather in paris');
    await ask('What is the weather in Paris?');
    await ask('what is the weather in paris');
    const fb = feedbackOf(await ask('which is cheaper, outsourcing or offshoring?'))!;
    await send(t.url, actionBody({ type: 'feedback_buttons', action_id: 'feedback', value: fb.negative_button.value }, { response_url: t.fake.responseUrl('seed') }), FORM);
    await t.fake.waitFor((c) => c.responseId === 'seed');
    await t.store.recordGap(TEAM, { kind: 'out_of_scope', text: 'a question from last month', intent: 'none', confidence: 0.1 }, Date.now() - 30 * DAY);
    await t.store.recordGap('T0OTHER', { kind: 'out_of_scope', text: 'another workspace asked this', intent: 'none', confidence: 0.1 }, Date.now());
    await t.idle();
    t.fake.reset();
  }

  it("shows a workspace admin the week's most frequent unanswered and disliked questions of their workspace", async () => {
    await seed();
    t.fake.users.set(ADMIN, { is_admin: true });
    const home = await openHome(ADMIN);
    expect(home).toContain(copy.inbox_title);
    expect(home).toContain('“what is the weather in paris” · 2× · matched no topic');
    expect(home).toContain('“which is cheaper, outsourcing or offshoring?” · 1× · answered with Outsourcing vs offshoring');
    expect(home).not.toContain('a question from last month');
    expect(home).not.toContain('another workspace asked this');
    expect((await t.fake.waitFor((c) => c.method === 'users.info')).body.user).toBe(ADMIN);
    expect(t.logs.find((l) => l.msg === 'home published' && l.user === ADMIN)).toMatchObject({ inbox: true });
    await t.store.deleteTeam('T0OTHER');
  });

  it('shows it to a workspace owner too', async () => {
    await seed();
    t.fake.users.set(OWNER, { is_owner: true });
    expect(await openHome(OWNER)).toContain(copy.inbox_title);
  });

  it('does not show it to anyone else, who gets the usual Home tab', async () => {
    await seed();
    const home = await openHome(USER);
    expect(home).not.toContain(copy.inbox_title);
    expect(home).not.toContain('what is the weather');
    expect(home).toContain('topic:compare');
    expect(t.logs.find((l) => l.msg === 'home published' && l.user === USER && l.inbox === false)).toBeDefined();
  });

  it('keeps it hidden, and still publishes the Home tab, when Slack cannot say who manages the app', async () => {
    await seed();
    t.fake.users.set(ADMIN, { is_admin: true });
    t.fake.failNext('users.info', 'missing_scope');
    const home = await openHome(ADMIN);
    expect(home).not.toContain(copy.inbox_title);
    expect(t.logs.some((l) => l.level === 'warn' && String(l.msg).includes('knowledge-gap inbox stays hidden'))).toBe(true);
  });

  it('says so when nothing was missed this week', async () => {
    t.fake.users.set(ADMIN, { is_admin: true });
    const home = await openHome(ADMIN);
    expect(home).toContain(copy.inbox_title);
    expect(home.split(copy.inbox_empty)).toHaveLength(3);
  });
});
