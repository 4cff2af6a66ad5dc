/**
 * End to end: what a decision must show survives a misbehaving Slack. Over signed HTTP against the real app, with
 * the fake Slack failing on purpose: a response URL that fails on the final click, chat.postMessage failing many
 * times, rate limited, black-holed or refusing connections, and the app's posts refused (not_in_channel) until
 * someone acts in the thread again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { FakeSlack, type RecordedCall } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, USER, actionBody, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { buttonOf, isQuestion as isQuestionMessage, isRecommendation as isRecommendationMessage, questionAsked } from '../../testkit/blocks.js';
import { loadCatalogue } from '../../src/knowledge/load.js';

const catalogue = loadCatalogue();
const copy = { ...catalogue.copy.errors, ...catalogue.copy.interview };

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((a) => a.stop()));
});

async function start(fake: FakeSlack): Promise<TestApp> {
  const app = await startTestApp({}, { fake });
  running.push(app);
  return app;
}

async function fakeSlack(): Promise<FakeSlack> {
  const fake = await new FakeSlack().start();
  running.push(fake);
  return fake;
}

/** A post Slack took (a refused one is recorded with `ok: false`). */
const isPost = (c: RecordedCall) => c.method === 'chat.postMessage' && c.reply?.ok === true;
const isQuestion = (c: RecordedCall) => isPost(c) && isQuestionMessage(c);
const isRecommendation = (c: RecordedCall) => isPost(c) && isRecommendationMessage(c);
const says = (text: string) => (c: RecordedCall) => JSON.stringify(c.body).includes(JSON.stringify(text).slice(1, -1));

const PATH = ['non-core', 'critical', 'yes', 'low', 'light', 'lack', 'long'];

/** Starts a decision with `/sourcing decide` and returns its first question. */
async function decide(app: TestApp, hooks: FakeSlack = app.fake): Promise<RecordedCall> {
  const res = await send(app.url, commandBody('decide logistics', hooks.responseUrl('start')), FORM);
  expect(res.status).toBe(200);
  return app.fake.waitFor((c) => isQuestion(c) && questionAsked(c) === 'core');
}

/** Clicks an answer on a posted question. */
async function answer(app: TestApp, q: RecordedCall, value: string, responseUrl: string) {
  const button = buttonOf(q, `iv_answer:${value}`);
  const ts = q.reply!.ts as string;
  return send(
    app.url,
    actionBody(
      { action_id: button.action_id, value: button.value! },
      {
        user: { id: USER, username: 'u', name: 'u', team_id: 'T0001' },
        response_url: responseUrl,
        container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: false, thread_ts: q.body.thread_ts },
        message: { type: 'message', ts, thread_ts: q.body.thread_ts, text: q.body.text },
      },
    ),
    FORM,
  );
}

const questionFor = (fake: FakeSlack, id: string, timeoutMs = 5000) => fake.waitFor((c) => isQuestion(c) && questionAsked(c) === id, timeoutMs);

/** Answers every question but the last, and returns the last question. */
async function upToLast(app: TestApp): Promise<RecordedCall> {
  let q = await decide(app);
  for (const [i, value] of PATH.slice(0, -1).entries()) {
    expect((await answer(app, q, value, app.fake.responseUrl(`a${i}`))).status).toBe(200);
    q = await app.fake.waitFor((c) => isQuestion(c) && c !== q && app.fake.calls.indexOf(c) > app.fake.calls.indexOf(q));
  }
  expect(questionAsked(q)).toBe('horizon');
  return q;
}

describe('a decision whose messages meet a failing Slack', () => {
  it('posts the recommendation although the response URL fails on the final click, and tells nobody something went wrong', async () => {
    const fake = await fakeSlack();
    const app = await start(fake);
    const last = await upToLast(app);
    fake.httpErrorNext('response_url', 500);
    expect((await answer(app, last, 'long', fake.responseUrl('final'))).status).toBe(200);
    await fake.waitFor(isRecommendation);
    const calls = await app.settled();
    expect(calls.filter(isRecommendation)).toHaveLength(1);
    // The clicked question was still replaced by its answer, through chat.update instead.
    expect(calls.some((c) => c.method === 'chat.update' && c.body.ts === last.reply!.ts)).toBe(true);
    expect(calls.some(says(copy.internal))).toBe(false);
  });

  it('keeps the answer and shows the next question once after chat.postMessage fails four times in a row', async () => {
    const fake = await fakeSlack();
    const app = await start(fake);
    const q = await decide(app);
    fake.httpErrorNext('chat.postMessage', 500, 4);
    expect((await answer(app, q, 'non-core', fake.responseUrl('a'))).status).toBe(200);
    await questionFor(fake, 'budget', 15_000);
    const calls = await app.settled();
    expect(calls.filter(isQuestion).map(questionAsked)).toEqual(['core', 'budget']);
    expect(fake.attempts.filter((a) => a.method === 'chat.postMessage' && a.outcome === 'http 500')).toHaveLength(4);
    expect((await app.store.get({ team: 'T0001', channel: CHANNEL, thread: q.body.thread_ts }))?.answers.core).toBe('non-core');
  }, 30_000);

  it("waits out five rate limits on one channel without delaying another channel's answer, then posts the question once", async () => {
    const fake = await fakeSlack();
    const app = await start(fake);
    const q = await decide(app);
    fake.rateLimitNext('chat.postMessage', 1, 5, (body) => body.channel === CHANNEL);
    expect((await answer(app, q, 'non-core', fake.responseUrl('a'))).status).toBe(200);
    await fake.waitForAttempt((a) => a.method === 'chat.postMessage' && a.outcome === '429');
    // Meanwhile someone asks a question in another channel: answered at once, not after the other channel's wait.
    const asked = Date.now();
    await send(app.url, eventBody({ type: 'app_mention', channel: 'C0OTHER', user: 'U0OTHER', text: '<@UBOTSOURCING> what is offshoring', ts: nextTs() }), JSON_TYPE);
    const other = await fake.waitFor((c) => isPost(c) && c.body.channel === 'C0OTHER');
    const budget = await questionFor(fake, 'budget', 15_000);
    expect(other.at - asked).toBeLessThan(budget.at - asked);
    expect(fake.attempts.filter((a) => a.outcome === '429')).toHaveLength(5);
    const calls = await app.settled();
    expect(calls.filter(isQuestion).map(questionAsked)).toEqual(['core', 'budget']);
  }, 30_000);

  it("tells the person Slack is limiting the app's messages once the rate limit outlasts every retry", async () => {
    const fake = await fakeSlack();
    const app = await start(fake);
    const q = await decide(app);
    fake.rateLimitNext('chat.postMessage', 1, 20, (body) => body.channel === CHANNEL);
    expect((await answer(app, q, 'non-core', fake.responseUrl('a'))).status).toBe(200);
    await fake.waitFor((c) => c.responseId === 'a' && says(copy.rate_limited)(c), 20_000);
    await app.idle();
    expect(fake.calls.filter(isQuestion).map(questionAsked)).toEqual(['core']);
  }, 30_000);

  it('tells the person within seconds, through the response URL, when Slack takes a post and never answers, then posts it once', async () => {
    const fake = await fakeSlack();
    const app = await start(fake);
    const q = await decide(app);
    fake.hangNext('chat.postMessage');
    const clicked = Date.now();
    expect((await answer(app, q, 'non-core', fake.responseUrl('slow'))).status).toBe(200);
    const late = await fake.waitFor((c) => c.method === 'response_url' && c.responseId === 'slow' && says(copy.delivery_late)(c), 8000);
    expect(late.at - clicked).toBeLessThan(6000);
    await questionFor(fake, 'budget', 20_000);
    const calls = await app.settled();
    expect(calls.filter(isQuestion).map(questionAsked)).toEqual(['core', 'budget']);
  }, 30_000);

  it('tells the person through the response URL while the Web API refuses connections, and posts the question once it is back', async () => {
    const api = await fakeSlack();
    const hooks = await fakeSlack();
    const app = await start(api);
    const q = await decide(app, hooks);
    await api.refuse();
    expect((await answer(app, q, 'non-core', hooks.responseUrl('click'))).status).toBe(200);
    await hooks.waitFor((c) => c.responseId === 'click' && says(copy.delivery_late)(c), 8000);
    await api.start();
    await questionFor(api, 'budget', 20_000);
    const calls = await app.settled();
    expect(calls.filter(isQuestion).map(questionAsked)).toEqual(['core', 'budget']);
    // The answered question was replaced through its response URL, which never failed.
    expect(hooks.calls.some((c) => c.responseId === 'click' && c.body.replace_original === true)).toBe(true);
  }, 30_000);
});

describe('a thread whose last step never arrived', () => {
  it('posts the question again when someone types in the thread, without taking what they typed as its answer', async () => {
    const fake = await fakeSlack();
    const app = await start(fake);
    const q = await decide(app);
    const thread = q.body.thread_ts as string;
    // The app was taken out of the channel: the next question cannot be posted, and the person is told.
    fake.failNext('chat.postMessage', 'not_in_channel');
    expect((await answer(app, q, 'non-core', fake.responseUrl('a'))).status).toBe(200);
    await fake.waitFor((c) => c.responseId === 'a' && says(copy.not_in_channel)(c));
    await app.idle();
    const before = await app.store.get({ team: 'T0001', channel: CHANNEL, thread });
    expect(before?.step).toBe('budget');
    // Back in the channel, the person types "1" in the thread: the budget question they never saw comes now.
    await send(app.url, eventBody({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: USER, text: '1', ts: nextTs(), thread_ts: thread }), JSON_TYPE);
    const budget = await questionFor(fake, 'budget');
    // They are told why "1" did nothing: the question had not reached the thread.
    await fake.waitFor((c) => c.method === 'chat.postEphemeral' && says(copy.not_shown_yet)(c));
    const calls = await app.settled();
    expect(calls.filter(isQuestion).map(questionAsked)).toEqual(['core', 'budget']);
    const after = await app.store.get({ team: 'T0001', channel: CHANNEL, thread });
    expect(after?.version).toBe(before?.version);
    expect(after?.answers.budget).toBeUndefined();
    // And it is answered as usual from there.
    expect((await answer(app, budget, 'critical', fake.responseUrl('b'))).status).toBe(200);
    await questionFor(fake, 'coverage');
  });

  it('posts a finished decision its recommendation when someone types in the thread after it failed to arrive', async () => {
    const fake = await fakeSlack();
    const app = await start(fake);
    const last = await upToLast(app);
    const thread = last.body.thread_ts as string;
    fake.failNext('chat.postMessage', 'not_in_channel', (body) => body.thread_ts === thread);
    expect((await answer(app, last, 'long', fake.responseUrl('final'))).status).toBe(200);
    await fake.waitFor((c) => c.responseId === 'final' && says(copy.not_in_channel)(c));
    await app.idle();
    expect(fake.calls.filter(isRecommendation)).toHaveLength(0);
    await send(app.url, eventBody({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: USER, text: 'where is the result?', ts: nextTs(), thread_ts: thread }), JSON_TYPE);
    await fake.waitFor(isRecommendation);
    const calls = await app.settled();
    expect(calls.filter(isRecommendation)).toHaveLength(1);
  });
});
