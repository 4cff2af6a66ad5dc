/**
 * End to end: decision interviews over signed HTTP against the real app, with the fake Slack server recording
 * every call. Covers clicks, typed answers, Slack retries, a process restart, and two processes on PostgreSQL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { FakeSlack, type RecordedCall } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, USER, actionBody, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { checkMessage } from '../../src/replies/blocks.js';
import { freshPgDatabase } from '../../testkit/pg.js';
import { buttonsOf, isQuestion as isQuestionMessage, isRecommendation as isRecommendationMessage } from '../../testkit/blocks.js';

const running: TestApp[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.stop()));
});

async function app(env: Record<string, string> = {}, options: Parameters<typeof startTestApp>[1] = {}): Promise<TestApp> {
  const a = await startTestApp(env, options);
  running.push(a);
  return a;
}

const buttons = buttonsOf;
const isQuestion = (c: RecordedCall) => c.method === 'chat.postMessage' && isQuestionMessage(c);
const isRecommendation = (c: RecordedCall) => c.method === 'chat.postMessage' && isRecommendationMessage(c);

/** The newest question posted, with its message ts (from the fake's reply order) and thread. */
async function latestQuestion(fake: FakeSlack, after: number): Promise<{ call: RecordedCall; ts: string }> {
  const call = await fake.waitFor((c) => isQuestion(c) && fake.calls.indexOf(c) >= after);
  const posts = fake.calls.filter((c) => c.method === 'chat.postMessage');
  // The fake numbers messages in order: ts = 1700000000 + n.
  const ts = `${1_700_000_000 + posts.indexOf(call) + 1}.000100`;
  return { call, ts };
}

async function click(t: { url: string }, fake: FakeSlack, q: { call: RecordedCall; ts: string }, value: string, user = USER) {
  const button = buttons(q.call).find((b) => b.action_id === `iv_answer:${value}`);
  if (!button) throw new Error(`no button for ${value} in ${buttons(q.call).map((b) => b.action_id).join(',')}`);
  return send(
    t.url,
    actionBody(
      { action_id: button.action_id, value: button.value, block_id: 'opts' },
      {
        user: { id: user, username: 'u', name: 'u', team_id: 'T0001' },
        response_url: fake.responseUrl(`click-${value}`),
        container: { type: 'message', message_ts: q.ts, channel_id: CHANNEL, is_ephemeral: false, thread_ts: q.call.body.thread_ts },
        message: { type: 'message', ts: q.ts, thread_ts: q.call.body.thread_ts, text: q.call.body.text },
      },
    ),
    FORM,
  );
}

const PATH = ['non-core', 'critical', 'yes', 'low', 'light', 'lack', 'long'];

describe('a decision by clicks', () => {
  it('runs /sourcing decide in a thread under a visible parent and ends with a recommendation', async () => {
    const t = await app();
    const res = await send(t.url, commandBody('decide customer support', t.fake.responseUrl()), FORM);
    expect(res.status).toBe(200);
    const parent = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && !c.body.thread_ts);
    expect(parent.body.channel).toBe(CHANNEL);
    expect(parent.body.text).toMatch(/started a sourcing decision for \*?Customer support/);
    let mark = 0;
    for (const value of PATH) {
      const q = await latestQuestion(t.fake, mark);
      expect(q.call.body.thread_ts).toBe('1700000001.000100');
      mark = t.fake.calls.length;
      expect((await click(t, t.fake, q, value)).status).toBe(200);
    }
    const rec = await t.fake.waitFor(isRecommendation);
    expect(rec.body.thread_ts).toBe('1700000001.000100');
    expect(rec.body.text).toMatch(/partner abroad/i);
    expect(checkMessage({ text: rec.body.text, blocks: rec.body.blocks })).toEqual([]);
    expect(buttons(rec).map((b) => b.action_id)).toEqual(expect.arrayContaining(['iv_share', 'iv_change', 'iv_restart']));
    // Each answered question was replaced by its answer, so its buttons can't be clicked again.
    expect(t.fake.calls.filter((c) => c.method === 'response_url' && c.body.replace_original === true)).toHaveLength(PATH.length);
  });

  it('expands a recommendation in place to its full reasoning and every challenge, and back to the first screen', async () => {
    const t = await app();
    await send(t.url, commandBody('decide customer support', t.fake.responseUrl()), FORM);
    let mark = 0;
    for (const value of PATH) {
      const q = await latestQuestion(t.fake, mark);
      mark = t.fake.calls.length;
      await click(t, t.fake, q, value);
    }
    const rec = await t.fake.waitFor(isRecommendation);
    const ts = '1700000009.000900';
    const press = async (actionId: string, url: string) => {
      const b = buttons(rec).concat(...t.fake.calls.filter((c) => c.method === 'response_url').map((c) => buttons(c))).find((x) => x.action_id === actionId);
      if (!b) throw new Error(`no ${actionId} button`);
      const res = await send(
        t.url,
        actionBody(
          { action_id: b.action_id, value: b.value, block_id: 'rec' },
          {
            user: { id: 'U0THER', username: 'o', name: 'o', team_id: 'T0001' },
            response_url: t.fake.responseUrl(url),
            container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: false, thread_ts: rec.body.thread_ts },
            message: { type: 'message', ts, thread_ts: rec.body.thread_ts, text: rec.body.text },
          },
        ),
        FORM,
      );
      expect(res.status).toBe(200);
      return t.fake.waitFor((c) => c.method === 'response_url' && c.responseId === url);
    };
    expect(JSON.stringify(rec.body.blocks)).not.toMatch(/How each answer weighs/);
    const full = await press('iv_details:full', 'full');
    expect(full.body.replace_original).toBe(true);
    const text = JSON.stringify(full.body.blocks);
    expect(text).toMatch(/How each answer weighs/);
    // Every answer of this path argues for a partner abroad.
    expect(text.match(/\*For\* · /g)).toHaveLength(7);
    expect(checkMessage({ text: full.body.text, blocks: full.body.blocks })).toEqual([]);
    expect(buttons(full).map((b) => b.action_id)).toContain('iv_details:summary');
    const back = await press('iv_details:summary', 'back');
    expect(JSON.stringify(back.body.blocks)).not.toMatch(/How each answer weighs/);
    expect(buttons(back).map((b) => b.action_id)).toContain('iv_details:full');
  });

  it('once its starter says "Just me", tells anyone else that only the starter answers, and changes nothing', async () => {
    const t = await app();
    await send(t.url, commandBody('decide accounting', t.fake.responseUrl()), FORM);
    const q = await latestQuestion(t.fake, 0);
    const parent = t.fake.calls.find((c) => c.method === 'chat.postMessage' && !c.body.thread_ts)!;
    const parentTs = '1700000001.000100';
    const toggle = buttons(parent).find((b) => b.action_id === 'iv_mode:parent')!;
    expect(toggle.text.text).toBe('Just me');
    await send(
      t.url,
      actionBody(
        { action_id: toggle.action_id, value: toggle.value, block_id: 'p' },
        { response_url: t.fake.responseUrl('mode'), container: { type: 'message', message_ts: parentTs, channel_id: CHANNEL, is_ephemeral: false }, message: { type: 'message', ts: parentTs, text: parent.body.text } },
      ),
      FORM,
    );
    const switched = await t.fake.waitFor((c) => c.method === 'response_url' && c.responseId === 'mode');
    expect(switched.body.replace_original).toBe(true);
    expect(JSON.stringify(switched.body.blocks)).toContain('only <@');
    const before = t.fake.calls.length;
    await click(t, t.fake, q, 'core', 'U0THER');
    const note = await t.fake.waitFor((c) => c.method === 'response_url' && /Only/.test(c.body.text ?? ''));
    expect(note.body.response_type).toBe('ephemeral');
    expect(t.fake.calls.slice(before).filter(isQuestion)).toHaveLength(0);
  });

  it('answers a click on an already answered question with a note and the current question', async () => {
    const t = await app();
    await send(t.url, commandBody('decide marketing', t.fake.responseUrl()), FORM);
    const first = await latestQuestion(t.fake, 0);
    await click(t, t.fake, first, 'non-core');
    await t.fake.waitFor((c) => isQuestion(c) && c !== first.call);
    await click(t, t.fake, first, 'core');
    const note = await t.fake.waitFor((c) => c.method === 'response_url' && /earlier step/.test(JSON.stringify(c.body.blocks ?? '')));
    expect(note.body.response_type).toBe('ephemeral');
    await t.fake.waitFor((c) => c.method === 'response_url' && /Cost pressure|cost/i.test(JSON.stringify(c.body.blocks ?? '')) && c !== note);
  });
});

describe('a decision by typed answers', () => {
  it('runs from a mention in its thread, with typed answers, a side question, and back', async () => {
    const t = await app();
    const ts = nextTs();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: '<@UBOTSOURCING> should we outsource our helpdesk?', ts, channel: CHANNEL }), JSON_TYPE);
    const first = await t.fake.waitFor(isQuestion);
    expect(first.body.thread_ts).toBe(ts);
    const say = async (text: string) => {
      const before = t.fake.calls.length;
      await send(t.url, eventBody({ type: 'message', channel_type: 'channel', user: USER, text, ts: nextTs(), thread_ts: ts, channel: CHANNEL }), JSON_TYPE);
      return t.fake.waitFor((c) => c.method === 'chat.postMessage' && t.fake.calls.indexOf(c) >= before);
    };
    expect(first.body.text).toMatch(/Core competency/); // "helpdesk" named the function, so that question is skipped
    expect((await say('no, it is a support function')).body.text).toMatch(/Cost pressure/);
    expect((await say('what is offshoring?')).body.text).toMatch(/offshoring/i); // the side question's answer…
    await t.fake.waitFor((c) => isQuestion(c) && /Back to the decision/.test(c.body.text));
    expect((await say('back')).body.text).toMatch(/Core competency/);
    expect((await say('2')).body.text).toMatch(/Cost pressure/);
    for (const answer of ['critical', 'yes', 'low', 'light', 'lack']) await say(answer);
    const rec = await say('ongoing operation');
    expect(rec.body.text).toMatch(/Recommendation:/);
    expect(rec.body.thread_ts).toBe(ts);
  });

  it("answers a colleague's mention in a decision thread as a question, and ignores their chatter", async () => {
    const t = await app();
    await send(t.url, commandBody('decide hr', t.fake.responseUrl()), FORM);
    const q = await latestQuestion(t.fake, 0);
    const thread = q.call.body.thread_ts;
    const before = t.fake.calls.length;
    await send(t.url, eventBody({ type: 'message', channel_type: 'channel', user: 'U0THER', text: 'let me check with finance first', ts: nextTs(), thread_ts: thread, channel: CHANNEL }), JSON_TYPE);
    await send(t.url, eventBody({ type: 'app_mention', user: 'U0THER', text: '<@UBOTSOURCING> what is kpo?', ts: nextTs(), thread_ts: thread, channel: CHANNEL }), JSON_TYPE);
    const answer = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && t.fake.calls.indexOf(c) >= before);
    expect(answer.body.thread_ts).toBe(thread);
    expect(answer.body.text).toMatch(/KPO|knowledge/i);
    expect((await t.settled()).slice(before - 1).filter(isQuestion)).toHaveLength(0);
    expect((await t.store.get({ team: 'T0001', channel: CHANNEL, thread }))?.version).toBe(1);
  });

  it('handles an event delivered again with a retry header only once', async () => {
    const t = await app();
    const body = eventBody({ type: 'app_mention', user: USER, text: '<@UBOTSOURCING> what is nearshoring', ts: nextTs(), channel: CHANNEL });
    await send(t.url, body, JSON_TYPE);
    await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    const retry = await send(t.url, body, JSON_TYPE, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    const posts = (await t.settled()).filter((c) => c.method === 'chat.postMessage');
    expect(posts).toHaveLength(1);
  });
});

describe('durability', () => {
  it('continues an interview after the process restarts (SQLite file)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sourcing-restart-'));
    const fake = await new FakeSlack().start();
    try {
      const a = await startTestApp({ DATA_DIR: dataDir }, { fake });
      await send(a.url, commandBody('decide it', fake.responseUrl()), FORM);
      let mark = 0;
      for (const value of PATH.slice(0, 3)) {
        const q = await latestQuestion(fake, mark);
        mark = fake.calls.length;
        await click(a, fake, q, value);
      }
      const pending = await latestQuestion(fake, mark);
      await a.stop();

      const b = await app({ DATA_DIR: dataDir }, { fake });
      mark = fake.calls.length;
      await click(b, fake, pending, PATH[3]!);
      for (const value of PATH.slice(4)) {
        const q = await latestQuestion(fake, mark);
        mark = fake.calls.length;
        await click(b, fake, q, value);
      }
      await fake.waitFor(isRecommendation);
      expect(fake.calls.filter(isRecommendation)).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn('PostgreSQL end-to-end test skipped: set TEST_DATABASE_URL (bash .ci/run does) to run it');

describe.skipIf(!pgUrl)('two app processes on one PostgreSQL', () => {
  it('take turns on the same interview, with the same result as one process, and finish it exactly once', async () => {
    const fake = await new FakeSlack().start();
    const team = `T${Date.now()}`;
    const db = await freshPgDatabase(pgUrl!);
    try {
      const a = await app({ DATABASE_URL: db.url }, { fake });
      const b = await app({ DATABASE_URL: db.url }, { fake });
      const apps = [a, b];
      await send(a.url, commandBody('decide logistics', fake.responseUrl(), { team_id: team }), FORM);
      let mark = 0;
      for (const [i, value] of PATH.entries()) {
        const q = await latestQuestion(fake, mark);
        mark = fake.calls.length;
        const target = apps[(i + 1) % 2]!;
        const button = buttons(q.call).find((x) => x.action_id === `iv_answer:${value}`)!;
        const payload = {
          user: { id: USER, username: 'u', name: 'u', team_id: team },
          team: { id: team, domain: 'x' },
          response_url: fake.responseUrl(`pg-${value}`),
          container: { type: 'message', message_ts: q.ts, channel_id: CHANNEL, is_ephemeral: false, thread_ts: q.call.body.thread_ts },
          message: { type: 'message', ts: q.ts, thread_ts: q.call.body.thread_ts, text: q.call.body.text },
        };
        // The same click delivered to both processes at once: exactly one applies it.
        await Promise.all([
          send(target.url, actionBody({ action_id: button.action_id, value: button.value }, payload), FORM),
          send(apps[i % 2]!.url, actionBody({ action_id: button.action_id, value: button.value }, payload), FORM),
        ]);
      }
      await fake.waitFor(isRecommendation);
      await Promise.all(apps.map((x) => x.idle()));
      expect(fake.calls.filter(isRecommendation)).toHaveLength(1);
      expect(fake.calls.filter(isQuestion)).toHaveLength(PATH.length);
      expect(fake.calls.find(isRecommendation)!.body.text).toMatch(/partner abroad/i);
    } finally {
      await Promise.all(running.splice(0).map((x) => x.stop()));
      await fake.stop();
      await db.drop();
    }
  });
});
