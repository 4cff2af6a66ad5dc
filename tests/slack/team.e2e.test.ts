/**
 * End to end: decisions a team makes together, over signed HTTP against the real app and the fake Slack server.
 * Three people answer one decision in a channel thread, by clicks and typed replies, on two app processes sharing
 * one database (PostgreSQL when TEST_DATABASE_URL is set, one SQLite file otherwise), with simultaneous and
 * duplicate clicks; the recommendation names their disagreement, the parent message shows the outcome and the
 * share is a broadcast thread reply. A DM decision is shared into a channel through the picker; a decision is on
 * the Home tab after the idle purge; the brief becomes a canvas.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { FakeSlack, type RecordedCall } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, TEAM, actionBody, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { buttonsOf, isQuestion as isQuestionMessage, isRecommendation as isRecommendationMessage, questionAsked } from '../../testkit/blocks.js';
import { freshPgDatabase } from '../../testkit/pg.js';
import { openStore } from '../../src/store/index.js';
import { checkMessage } from '../../src/replies/blocks.js';

const running: TestApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.stop()));
});

const ALEX = 'U0ALEX';
const BEN = 'U0BEN';
const CARA = 'U0CARA';
const pgUrl = process.env.TEST_DATABASE_URL;

const isPost = (c: RecordedCall) => c.method === 'chat.postMessage';
const isQuestion = (c: RecordedCall) => isPost(c) && isQuestionMessage(c);
const isRecommendation = (c: RecordedCall) => isPost(c) && isRecommendationMessage(c);

/** A click on a button of a message the app posted (its ts from the fake's reply). */
function clickBody(team: string, post: RecordedCall, actionId: string, user: string, responseId: string, fake: FakeSlack, buttonsFrom: RecordedCall = post): string {
  const button = buttonsOf(buttonsFrom).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} in ${buttonsOf(buttonsFrom).map((b) => b.action_id).join(',')}`);
  const ts = post.reply!.ts as string;
  return actionBody(
    { action_id: button.action_id, value: button.value, block_id: 'b' },
    {
      team: { id: team, domain: 'x' },
      user: { id: user, username: user, name: user, team_id: team },
      channel: { id: post.body.channel, name: 'c' },
      response_url: fake.responseUrl(responseId),
      container: { type: 'message', message_ts: ts, channel_id: post.body.channel, is_ephemeral: false, ...(post.body.thread_ts ? { thread_ts: post.body.thread_ts } : {}) },
      message: { type: 'message', ts, ...(post.body.thread_ts ? { thread_ts: post.body.thread_ts } : {}), text: post.body.text },
    },
  );
}

/** The newest question posted after `mark` calls. */
const questionAfter = (fake: FakeSlack, mark: number) => fake.waitFor((c) => isQuestion(c) && fake.calls.indexOf(c) >= mark);

describe('three people answer one decision together, on two app processes', () => {
  it('counts every answer once, names the disagreement, updates the parent and shares as a broadcast thread reply', async () => {
    const fake = await new FakeSlack().start();
    const team = `T${Date.now()}`;
    const db = pgUrl ? await freshPgDatabase(pgUrl) : undefined;
    const shared: Record<string, string> = db ? { DATABASE_URL: db.url } : { DATA_DIR: mkdtempSync(join(tmpdir(), 'sourcing-team-')) };
    const cleanup = db ? openStore({ databaseUrl: db.url }) : undefined;
    try {
      const a = await startTestApp(shared, { fake });
      const b = await startTestApp(shared, { fake });
      running.push(a, b);
      const apps = [a, b];
      const at = (i: number) => apps[i % 2]!.url;

      await send(a.url, commandBody('decide customer support', fake.responseUrl('start'), { team_id: team, user_id: ALEX }), FORM);
      const parent = await fake.waitFor((c) => isPost(c) && !c.body.thread_ts);
      const thread = parent.reply!.ts as string;
      expect(JSON.stringify(parent.body.blocks)).toContain('anyone here can answer');

      // The answers: everyone agrees, except that Ben wants close control and Alex and Cara can leave it low.
      const PATH: Array<[string, string, string, string]> = [
        // question, Alex, Ben, Cara
        ['core', 'non-core', 'non-core', 'non-core'],
        ['budget', 'critical', 'critical', 'critical'],
        ['coverage', 'yes', 'yes', 'yes'],
        ['control', 'low', 'high', 'low'],
        ['regulation', 'light', 'light', 'light'],
        ['expertise', 'lack', 'lack', 'lack'],
        ['horizon', 'long', 'long', 'long'],
      ];
      let mark = 0;
      for (const [i, [question, alex, ben, cara]] of PATH.entries()) {
        const q = await questionAfter(fake, mark);
        expect(questionAsked(q.body)).toBe(question);
        expect(q.body.thread_ts).toBe(thread);
        mark = fake.calls.length;
        if (i === 0) {
          // Ben and Cara join: Ben by a click, Cara by a typed reply, then Alex's click closes the question.
          await send(at(1), clickBody(team, q, `iv_answer:${ben}`, BEN, `ben-${i}`, fake), FORM);
          await send(at(0), eventBody({ type: 'message', channel_type: 'channel', user: CARA, text: 'it is a support function', ts: nextTs(), thread_ts: thread, channel: CHANNEL }, { team_id: team }), JSON_TYPE);
          await Promise.all(apps.map((x) => x.idle()));
          await send(at(1), clickBody(team, q, `iv_answer:${alex}`, ALEX, `alex-${i}`, fake), FORM);
        } else {
          // Ben and Cara click at the same moment on different processes; Ben's click is delivered twice.
          const benClick = clickBody(team, q, `iv_answer:${ben}`, BEN, `ben-${i}`, fake);
          await Promise.all([send(at(i), benClick, FORM), send(at(i + 1), clickBody(team, q, `iv_answer:${cara}`, CARA, `cara-${i}`, fake), FORM), send(at(i + 1), benClick, FORM)]);
          await Promise.all(apps.map((x) => x.idle()));
          // Alex answers last, by typing on one process or clicking on the other.
          if (i % 2 === 0) await send(at(i), eventBody({ type: 'message', channel_type: 'channel', user: ALEX, text: String(optionIndex(question, alex) + 1), ts: nextTs(), thread_ts: thread, channel: CHANNEL }, { team_id: team }), JSON_TYPE);
          else await send(at(i), clickBody(team, q, `iv_answer:${alex}`, ALEX, `alex-${i}`, fake), FORM);
        }
        await Promise.all(apps.map((x) => x.idle()));
      }
      const rec = await fake.waitFor(isRecommendation);
      await Promise.all(apps.map((x) => x.idle()));
      // Every answer counted exactly once: seven questions, one recommendation, no question asked twice.
      expect(fake.calls.filter(isQuestion).map((c) => questionAsked(c.body))).toEqual(['core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon']);
      expect(fake.calls.filter(isRecommendation)).toHaveLength(1);
      const store = cleanup ?? a.store;
      const state = (await store.get({ team, channel: CHANNEL, thread }))!;
      expect(state.participants).toEqual([ALEX, BEN, CARA]);
      for (const [question, alex, ben, cara] of PATH) expect(state.votes?.[question]).toEqual({ [BEN]: { value: ben }, [CARA]: { value: cara }, [ALEX]: { value: alex } });
      // The majority counted, and the recommendation names the disagreement that would change it.
      expect(rec.body.text).toMatch(/partner abroad/i);
      const said = JSON.stringify(rec.body.blocks);
      expect(said).toContain('Where you disagree');
      expect(said).toMatch(new RegExp(`If <@${BEN}>'s view holds, it would be \\*[^*]+\\*`));
      expect(checkMessage({ text: rec.body.text, blocks: rec.body.blocks })).toEqual([]);
      // The parent shows the outcome.
      const update = await fake.waitFor((c) => c.method === 'chat.update' && c.body.ts === thread && /decided/.test(c.body.text ?? ''));
      expect(update.body.text).toContain(`<@${ALEX}>'s team decided: Outsource to a partner abroad`);

      // Share: a thread reply broadcast to the channel, so the channel copy links to the reasoning.
      await send(a.url, clickBody(team, rec, 'iv_share', CARA, 'share', fake), FORM);
      const share = await fake.waitFor((c) => isPost(c) && String(c.body.reply_broadcast) === 'true');
      expect(share.body.thread_ts).toBe(thread);
      expect(share.body.channel).toBe(CHANNEL);
      expect(JSON.stringify(share.body.blocks)).toContain(`shared by <@${CARA}>`);
    } finally {
      await Promise.all(running.splice(0).map((x) => x.stop()));
      await cleanup?.close();
      await db?.drop();
      await fake.stop();
    }
  });
});

const OPTION_ORDER: Record<string, string[]> = {
  core: ['core', 'non-core'],
  budget: ['critical', 'important', 'secondary'],
  coverage: ['yes', 'no'],
  control: ['high', 'medium', 'low'],
  regulation: ['heavy', 'some', 'light'],
  expertise: ['have', 'lack'],
  horizon: ['short', 'long'],
};
/** The number a person types for an option (1-based, in the order the buttons show). */
function optionIndex(question: string, value: string): number {
  return OPTION_ORDER[question]!.indexOf(value);
}

describe('a decision made in a DM', () => {
  it('is shared into a channel through the picker, and the picker says so when the app is not in that channel', async () => {
    const fake = await new FakeSlack().start();
    const t = await startTestApp({}, { fake });
    running.push(t);
    try {
      const dm = 'D0ALEXDM';
      await send(t.url, commandBody('decide accounting', fake.responseUrl('start'), { channel_id: dm, channel_name: 'directmessage', user_id: ALEX }), FORM);
      const answers = ['non-core', 'critical', 'yes', 'low', 'light', 'lack', 'long'];
      let mark = 0;
      for (const [i, value] of answers.entries()) {
        const q = await questionAfter(fake, mark);
        mark = fake.calls.length;
        // A DM decision is the starter's alone: no "Just me" toggle, no Next question.
        expect(buttonsOf(q).map((b) => b.action_id)).not.toContain('iv_mode:question');
        await send(t.url, clickBody(TEAM, q, `iv_answer:${value}`, ALEX, `dm-${i}`, fake), FORM);
      }
      const rec = await fake.waitFor(isRecommendation);
      const shareClick = clickBody(TEAM, rec, 'iv_share', ALEX, 'dm-share', fake);
      await send(t.url, shareClick, FORM);
      const opened = await fake.waitFor((c) => c.method === 'views.open');
      expect(opened.body.trigger_id).toBe(JSON.parse(new URLSearchParams(shareClick).get('payload')!).trigger_id);
      const view = opened.body.view;
      expect(view.callback_id).toBe('iv_share_to');
      expect(JSON.stringify(view.blocks)).toContain('conversations_select');

      const submit = (to: string) =>
        `payload=${encodeURIComponent(
          JSON.stringify({
            type: 'view_submission',
            team: { id: TEAM, domain: 'x' },
            user: { id: ALEX, username: 'alex', name: 'alex', team_id: TEAM },
            api_app_id: 'A0001',
            token: 'legacy-verification-token',
            trigger_id: '1.2.4',
            view: { ...view, id: 'V0001', team_id: TEAM, state: { values: { share_channel: { channel: { type: 'conversations_select', selected_conversation: to } } } } },
          }),
        )}`;
      fake.failNext('chat.postMessage', 'not_in_channel');
      const refused = await send(t.url, submit('C0NOTIN'), FORM);
      expect(refused.status).toBe(200);
      expect(refused.json()).toEqual({ response_action: 'errors', errors: { share_channel: expect.stringContaining("I'm not in that channel yet") } });
      const ok = await send(t.url, submit('C0SHARE'), FORM);
      expect(ok.status).toBe(200);
      const posted = await fake.waitFor((c) => isPost(c) && c.body.channel === 'C0SHARE');
      expect(posted.body.text).toContain('Sourcing decision for Accounting: Outsource to a partner abroad');
    } finally {
      await fake.stop();
    }
  });
});

describe('a finished decision is kept', () => {
  it('is still on the Home tab after the idle purge has run, with a link to its thread, and its brief becomes a canvas', async () => {
    const fake = await new FakeSlack().start();
    const t = await startTestApp({}, { fake });
    running.push(t);
    try {
      await send(t.url, commandBody('decide logistics', fake.responseUrl('start'), { user_id: ALEX }), FORM);
      const parent = await fake.waitFor((c) => isPost(c) && !c.body.thread_ts);
      const thread = parent.reply!.ts as string;
      let mark = 0;
      for (const [i, value] of ['non-core', 'critical', 'yes', 'low', 'light', 'lack', 'long'].entries()) {
        const q = await questionAfter(fake, mark);
        mark = fake.calls.length;
        await send(t.url, clickBody(TEAM, q, `iv_answer:${value}`, ALEX, `k-${i}`, fake), FORM);
      }
      const rec = await fake.waitFor(isRecommendation);
      await t.idle();

      // The purge as it runs, three interview lifetimes later: the finished decision stays (365-day retention).
      const later = Date.now() + 3 * 24 * 3600_000;
      await t.store.purge(later, later - 2 * 24 * 3600_000, later - 365 * 86_400_000);
      expect((await t.store.get({ team: TEAM, channel: CHANNEL, thread }))?.status).toBe('done');

      await send(t.url, eventBody({ type: 'app_home_opened', user: ALEX, channel: 'D0HOME', tab: 'home', event_ts: nextTs() }), JSON_TYPE);
      const home = await fake.waitFor((c) => c.method === 'views.publish');
      const homeText = JSON.stringify(home.body.view.blocks);
      expect(homeText).toContain('Outsource to a partner abroad');
      expect(homeText).toContain(`<@${ALEX}>`);
      expect(homeText).toContain(`https://example.slack.com/archives/${CHANNEL}/p${thread.replace('.', '')}`);
      expect(buttonsOf(home.body.view).map((b) => b.action_id)).toContain('iv_reopen');

      // Save as canvas: a canvas in the channel with the brief.
      await send(t.url, clickBody(TEAM, rec, 'iv_canvas', ALEX, 'canvas', fake), FORM);
      const canvas = await fake.waitFor((c) => c.method === 'canvases.create');
      expect(canvas.body.channel_id).toBe(CHANNEL);
      expect(canvas.body.title).toMatch(/^Sourcing decision for Logistics[^:]*: Outsource to a partner abroad$/);
      const markdown = canvas.body.document_content.markdown as string;
      expect(markdown).toContain('## The answers');
      expect(markdown).toMatch(/^- \[ \] \*\*/m);
      await fake.waitFor((c) => c.method === 'response_url' && c.responseId === 'canvas' && /Saved the decision brief/.test(JSON.stringify(c.body)));

      // Where canvases are not allowed: the reason, and the brief as a message in the thread.
      fake.failNext('canvases.create', 'canvas_disabled_user_team');
      const before = fake.calls.length;
      await send(t.url, clickBody(TEAM, rec, 'iv_canvas', ALEX, 'canvas-off', fake), FORM);
      await fake.waitFor((c) => c.method === 'response_url' && c.responseId === 'canvas-off' && /canvas_disabled_user_team/.test(JSON.stringify(c.body)));
      const brief = await fake.waitFor((c) => isPost(c) && fake.calls.indexOf(c) >= before && c.body.thread_ts === thread);
      expect(JSON.stringify(brief.body.blocks)).toContain('How each answer weighs');
    } finally {
      await fake.stop();
    }
  });
});
