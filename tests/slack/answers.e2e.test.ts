/**
 * End to end: the real app on a loopback port, requests signed as Slack signs them, the Web API pointed at a
 * fake Slack server that records every call.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { BOT_ID, BOT_USER_ID } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, USER, actionBody, commandBody, eventBody, nextTs, send } from '../../testkit/slack-requests.js';
import { checkMessage } from '../../src/replies/blocks.js';
import { allText, buttonOf, buttonsOf } from '../../testkit/blocks.js';
import { loadCatalogue } from '../../src/knowledge/load.js';

const titles = loadCatalogue().intents;
const catalogueTitle = (id: string) => titles.get(id)!.title;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});
afterEach(() => {
  t.fake.reset();
});


describe('the /sourcing command', () => {
  it('answers a question privately in the ack, with share, related and decide buttons', async () => {
    const res = await send(t.url, commandBody('what is offshoring', t.fake.responseUrl()), FORM);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('offshoring');
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { text: 'What is offshoring?' } });
    const buttons = buttonsOf(body).map((b) => b.action_id);
    expect(buttons).toContain('share_answer');
    expect(buttons).toContain('interview_start');
    expect(buttons.some((a: string) => a.startsWith('topic:'))).toBe(true);
    expect(checkMessage(body)).toEqual([]);
  });

  it('shows help with example questions for an empty command and for "help"', async () => {
    for (const text of ['', 'help', '  HELP ']) {
      const res = await send(t.url, commandBody(text, t.fake.responseUrl()), FORM);
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.response_type).toBe('ephemeral');
      expect(allText(body)).toContain('/sourcing');
      expect(body.blocks[0].text.text).toMatch(/help|can do/i);
    }
  });

  it('offers the closest topics and escapes the question when it is out of scope', async () => {
    const res = await send(t.url, commandBody("what's the weather <!channel> <@U999> & co", t.fake.responseUrl()), FORM);
    const body = res.json();
    const text = allText(body);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U999>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(body.blocks.some((b: any) => b.type === 'actions')).toBe(true);
  });

  it('logs one line per answer with team, channel, intent, confidence and latency, and never the token', async () => {
    await send(t.url, commandBody('outsourcing vs offshoring', t.fake.responseUrl()), FORM);
    const line = t.logs.find((l) => l.msg === 'answered' && l.surface === 'command' && l.intent === 'compare');
    expect(line).toMatchObject({ team: 'T0001', channel: CHANNEL, intent: 'compare' });
    expect(typeof line!.confidence).toBe('number');
    expect(typeof line!.latency_ms).toBe('number');
    expect(t.rawLogs.join('\n')).not.toContain('xoxb-0000-test-token');
  });
});

describe('request verification', () => {
  it('rejects a bad signature with 401 and sends no reply', async () => {
    const res = await send(t.url, commandBody('what is offshoring', t.fake.responseUrl()), FORM, { signature: 'v0=deadbeef' });
    expect(res.status).toBe(401);
    expect(await t.settled()).toEqual([]);
  });

  it('rejects a body signed with another secret with 401', async () => {
    const res = await send(t.url, commandBody('what is offshoring', t.fake.responseUrl()), FORM, { secret: 'someothersecret0000000000000000' });
    expect(res.status).toBe(401);
  });

  it('rejects a stale timestamp (more than five minutes old) with 401 and sends no reply', async () => {
    const body = eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> what is offshoring`, ts: nextTs(), channel: CHANNEL });
    const res = await send(t.url, body, JSON_TYPE, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect(await t.settled()).toEqual([]);
  });
});

describe('mentions and direct messages', () => {
  it('answers an app_mention in the thread of the mention', async () => {
    const ts = nextTs();
    const res = await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> outsourcing vs offshoring?`, ts, channel: CHANNEL }), JSON_TYPE);
    expect(res.status).toBe(200);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    expect(post.body.text).toBeTruthy();
    expect(checkMessage({ text: post.body.text, blocks: post.body.blocks })).toEqual([]);
    expect(allText(post.body.blocks)).toContain('Outsourcing vs offshoring');
  });

  it('answers a mention inside a thread in that same thread', async () => {
    const parent = nextTs();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> what is bpo`, ts: nextTs(), thread_ts: parent, channel: CHANNEL }), JSON_TYPE);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.thread_ts).toBe(parent);
  });

  it('answers a direct message in the DM', async () => {
    const ts = nextTs();
    await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: USER, text: 'what are the benefits of offshoring', ts, channel: 'D0001' }), JSON_TYPE);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body).toMatchObject({ channel: 'D0001', thread_ts: ts });
    expect(allText(post.body.blocks)).toMatch(/offshor/i);
  });

  it("ignores the bot's own messages and other bots' messages", async () => {
    await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: BOT_USER_ID, bot_id: BOT_ID, text: 'what is offshoring', ts: nextTs(), channel: 'D0001' }), JSON_TYPE);
    await send(t.url, eventBody({ type: 'message', subtype: 'bot_message', channel_type: 'im', bot_id: 'BOTHER', text: 'what is offshoring', ts: nextTs(), channel: 'D0001' }), JSON_TYPE);
    await send(t.url, eventBody({ type: 'app_mention', user: 'UOTHERBOT', bot_id: 'BOTHER', text: `<@${BOT_USER_ID}> what is offshoring`, ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    expect(await t.settled()).toEqual([]);
  });

  it('reads a follow-up mention in the thread of an answer in that answer\'s context', async () => {
    const ts = nextTs();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> what is offshoring?`, ts, channel: CHANNEL }), JSON_TYPE);
    await t.idle();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> and the risks then?`, ts: nextTs(), thread_ts: ts, channel: CHANNEL }), JSON_TYPE);
    await t.idle();
    const posts = t.fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body.thread_ts).toBe(ts);
    expect(posts[1]!.body.blocks[0]).toMatchObject({ type: 'header', text: { text: catalogueTitle('challenges-offshoring') } });
    expect(t.logs.find((l) => l.msg === 'answered' && l.previous === 'define-offshoring')).toMatchObject({ intent: 'challenges-offshoring' });
  });

  it('reads a new direct message in the context of the last answer in that DM', async () => {
    await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: USER, text: 'what is bpo', ts: nextTs(), channel: 'D0FOLLOW' }), JSON_TYPE);
    await t.idle();
    await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: USER, text: 'and kpo?', ts: nextTs(), channel: 'D0FOLLOW' }), JSON_TYPE);
    await t.idle();
    const posts = t.fake.callsTo('chat.postMessage');
    expect(posts.map((p) => p.body.blocks[0]?.text?.text)).toEqual([catalogueTitle('define-bpo'), catalogueTitle('define-kpo')]);
  });

  it('says plainly what the articles do not cover before the closest topic', async () => {
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> gdpr rules when we offshore support?`, ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    await t.idle();
    const post = t.fake.callsTo('chat.postMessage')[0]!;
    expect(post.body.blocks[0].text.text).toMatch(/^The articles don't go into data-protection/);
    expect(post.body.blocks[1]).toMatchObject({ type: 'header' });
  });

  it('never echoes <!channel> from a question raw', async () => {
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> <!channel> tell me a joke about <!here>`, ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    const text = allText(post.body);
    expect(text).not.toMatch(/<!channel>|<!here>/);
  });

  it('tells the user privately when Slack refuses the reply (not_in_channel), instead of staying silent', async () => {
    t.fake.failNext('chat.postMessage', 'not_in_channel');
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> what is kpo`, ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    const eph = await t.fake.waitFor((c) => c.method === 'chat.postEphemeral');
    expect(eph.body).toMatchObject({ channel: CHANNEL, user: USER });
    expect(eph.body.text).toMatch(/invite/i);
  });
});

describe('buttons', () => {
  it('shares an answer in the channel crediting the user, then removes the private copy', async () => {
    const res = await send(t.url, actionBody({ action_id: 'share_answer', value: 'define-offshoring' }, { response_url: t.fake.responseUrl('share') }), FORM);
    expect(res.status).toBe(200);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.channel).toBe(CHANNEL);
    expect(allText(post.body.blocks)).toContain(`Shared by <@${USER}>`);
    expect(allText(post.body.blocks)).not.toContain('share_answer');
    const del = await t.fake.waitFor((c) => c.method === 'response_url' && c.body.delete_original === true);
    expect(del.responseId).toBe('share');
  });

  it('shares through the response_url when the bot is not in the channel', async () => {
    t.fake.failNext('chat.postMessage', 'not_in_channel');
    await send(t.url, actionBody({ action_id: 'share_answer', value: 'compare' }, { response_url: t.fake.responseUrl('share2') }), FORM);
    const viaUrl = await t.fake.waitFor((c) => c.method === 'response_url' && c.body.response_type === 'in_channel');
    expect(allText(viaUrl.body.blocks)).toContain('Shared by');
    await t.fake.waitFor((c) => c.responseId === 'share2' && c.body.delete_original === true);
  });

  it('answers a related topic in place of the private answer', async () => {
    await send(t.url, actionBody({ action_id: 'topic:benefits-offshoring', value: 'benefits-offshoring' }, { response_url: t.fake.responseUrl('topic') }), FORM);
    const call = await t.fake.waitFor((c) => c.responseId === 'topic');
    expect(call.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(call.body.blocks[0].text.text).toMatch(/offshor/i);
  });

  it('answers a related topic from a public answer in its thread', async () => {
    const parent = nextTs();
    await send(
      t.url,
      actionBody(
        { action_id: 'topic:compare', value: 'compare' },
        {
          response_url: t.fake.responseUrl('topic2'),
          container: { type: 'message', message_ts: '1710000000.000009', channel_id: CHANNEL, is_ephemeral: false, thread_ts: parent },
          message: { type: 'message', ts: '1710000000.000009', thread_ts: parent, text: 'x' },
        },
      ),
      FORM,
    );
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body).toMatchObject({ channel: CHANNEL, thread_ts: parent });
  });
});

describe('App Home', () => {
  it('publishes the Home tab on app_home_opened', async () => {
    await send(t.url, eventBody({ type: 'app_home_opened', user: USER, channel: 'D0001', tab: 'home', event_ts: nextTs() }), JSON_TYPE);
    const call = await t.fake.waitFor((c) => c.method === 'views.publish');
    expect(call.body.user_id).toBe(USER);
    expect(call.body.view.type).toBe('home');
    expect(call.body.view.blocks.length).toBeLessThanOrEqual(100);
    expect(allText(call.body.view)).toContain('topic:compare');
  });

  it('opens a topic from the Home tab in a modal', async () => {
    await send(t.url, actionBody({ action_id: 'topic:define-bpo', value: 'define-bpo' }, { channel: undefined, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } }), FORM);
    const call = await t.fake.waitFor((c) => c.method === 'views.open');
    expect(call.body.view.type).toBe('modal');
    expect(call.body.view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('starts a decision in a direct message from the Home tab button', async () => {
    await send(t.url, actionBody({ action_id: 'interview_start', value: 'home' }, { channel: undefined, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } }), FORM);
    await t.fake.waitFor((c) => c.method === 'conversations.open');
    const parent = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && !c.body.thread_ts);
    expect(parent.body.channel).toMatch(/^D/);
    const question = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && Boolean(c.body.thread_ts));
    expect(question.body.channel).toBe(parent.body.channel);
    expect(question.body.text).toMatch(/Which business function/);
  });

  it('tells the user in a DM when a Home tab button fails, since a view has no response_url', async () => {
    t.fake.failNext('views.open', 'internal_error');
    await send(t.url, actionBody({ action_id: 'topic:define-kpo', value: 'define-kpo' }, { channel: undefined, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } }), FORM);
    const dm = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(dm.body.channel).toBe(USER);
    expect(dm.body.text).toMatch(/went wrong|try again/i);
  });
});

describe('first screens and More', () => {
  it('answers the part asked for first, then shows the whole answer in place of the private reply on More', async () => {
    const res = await send(t.url, commandBody('which of the two costs less?', t.fake.responseUrl()), FORM);
    const first = res.json();
    expect(first.blocks[1].text.text).toMatch(/^\*Which is cheaper\?\*/);
    expect(first.blocks.some((b: any) => b.type === 'table')).toBe(false);
    const more = buttonOf(first, 'answer_more');
    expect(more.accessibility_label).toMatch(/^Show the whole answer/);
    expect(checkMessage(first)).toEqual([]);

    await send(t.url, actionBody({ action_id: 'answer_more', value: more.value }, { response_url: t.fake.responseUrl('more') }), FORM);
    const call = await t.fake.waitFor((c) => c.responseId === 'more');
    expect(call.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    const types = call.body.blocks.map((b: any) => b.type);
    expect(types.filter((x: string) => x === 'table')).toHaveLength(1);
    expect(call.body.blocks[1].text.text).toMatch(/^\*Which is cheaper\?\*/);
    expect(buttonsOf(call.body).map((b) => b.action_id)).not.toContain('answer_more');
    expect(buttonOf(call.body, 'share_answer').value).toContain('compare');
    expect(checkMessage({ text: call.body.text, blocks: call.body.blocks })).toEqual([]);
  });

  it('expands an answer posted in a thread for everyone, keeping who shared it', async () => {
    await send(t.url, actionBody({ action_id: 'share_answer', value: 'define-kpo' }, { response_url: t.fake.responseUrl('share-kpo') }), FORM);
    const shared = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(allText(shared.body.blocks)).toContain(`Shared by <@${USER}>`);
    const more = buttonOf(shared.body, 'answer_more');
    await send(
      t.url,
      actionBody(
        { action_id: 'answer_more', value: more.value },
        {
          response_url: t.fake.responseUrl('more-public'),
          container: { type: 'message', message_ts: '1710000000.000077', channel_id: CHANNEL, is_ephemeral: false },
          message: { type: 'message', ts: '1710000000.000077', text: 'x' },
        },
      ),
      FORM,
    );
    const call = await t.fake.waitFor((c) => c.responseId === 'more-public');
    expect(call.body.replace_original).toBe(true);
    expect(call.body.response_type).toBeUndefined();
    expect(allText(call.body.blocks)).toContain(`Shared by <@${USER}>`);
    expect(call.body.blocks.some((b: any) => b.type === 'table')).toBe(true);
  });

  it('shares an expanded answer as it was shown: whole, with its table', async () => {
    const res = await send(t.url, commandBody('outsourcing vs offshoring', t.fake.responseUrl()), FORM);
    await send(t.url, actionBody({ action_id: 'answer_more', value: buttonOf(res.json(), 'answer_more').value }, { response_url: t.fake.responseUrl('more2') }), FORM);
    const expanded = await t.fake.waitFor((c) => c.responseId === 'more2');
    await send(t.url, actionBody({ action_id: 'share_answer', value: buttonOf(expanded.body, 'share_answer').value }, { response_url: t.fake.responseUrl('share3') }), FORM);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.blocks.some((b: any) => b.type === 'table')).toBe(true);
    expect(buttonsOf(post.body).map((b) => b.action_id)).not.toContain('answer_more');
  });

  it('answers "tell me more" in the thread of an answer with that answer whole', async () => {
    const ts = nextTs();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> outsourcing vs offshoring?`, ts, channel: CHANNEL }), JSON_TYPE);
    await t.idle();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> tell me more`, ts: nextTs(), thread_ts: ts, channel: CHANNEL }), JSON_TYPE);
    await t.idle();
    const [first, second] = t.fake.callsTo('chat.postMessage');
    expect(buttonsOf(first!.body).map((b) => b.action_id)).toContain('answer_more');
    expect(second!.body.thread_ts).toBe(ts);
    expect(second!.body.blocks.some((b: any) => b.type === 'table')).toBe(true);
    expect(buttonsOf(second!.body).map((b) => b.action_id)).not.toContain('answer_more');
  });

  it('refuses a More click for an unknown topic, telling the person', async () => {
    await send(t.url, actionBody({ action_id: 'answer_more', value: 'no-such-topic' }, { response_url: t.fake.responseUrl('bad') }), FORM);
    const call = await t.fake.waitFor((c) => c.responseId === 'bad');
    expect(call.body.replace_original).toBe(false);
    expect(call.body.text).toMatch(/try again/i);
  });

  it('opens a topic from the Home tab as a first screen with comparisons as fields, and expands the modal on More', async () => {
    const home = { channel: undefined, container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } };
    await send(t.url, actionBody({ action_id: 'topic:define-kpo', value: 'define-kpo' }, home), FORM);
    const opened = await t.fake.waitFor((c) => c.method === 'views.open');
    const more = buttonOf(opened.body.view, 'answer_more');
    await send(t.url, actionBody({ action_id: 'answer_more', value: more.value }, { channel: undefined, container: { type: 'view', view_id: 'VMODAL' }, view: { id: 'VMODAL', type: 'modal' } }), FORM);
    const updated = await t.fake.waitFor((c) => c.method === 'views.update');
    expect(updated.body.view_id).toBe('VMODAL');
    expect(updated.body.view.blocks.some((b: any) => b.type === 'table')).toBe(false);
    expect(updated.body.view.blocks.some((b: any) => b.type === 'section' && b.fields?.[0]?.text === '*BPO*')).toBe(true);
  });

  it('shows the comparison as a table on the Home tab', async () => {
    await send(t.url, eventBody({ type: 'app_home_opened', user: USER, channel: 'D0001', tab: 'home', event_ts: nextTs() }), JSON_TYPE);
    const call = await t.fake.waitFor((c) => c.method === 'views.publish');
    expect(call.body.view.blocks.filter((b: any) => b.type === 'table')).toHaveLength(1);
    expect(allText(call.body.view)).toContain('Outsourcing');
  });
});

describe('small talk', () => {
  it.each([
    ['thanks!', "You're welcome!"],
    ['bye', 'Bye for now!'],
    ['ok cool', 'Glad that helped.'],
  ])('answers "%s" in a DM with one friendly sentence: no header, sources or buttons', async (text, reply) => {
    await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: USER, text, ts: nextTs(), channel: 'D0TALK' }), JSON_TYPE);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.blocks).toHaveLength(1);
    expect(post.body.blocks[0].text.text.startsWith(reply)).toBe(true);
    expect(post.body.text.startsWith(reply)).toBe(true);
    expect(allText(post.body)).not.toMatch(/Sources|couldn't match/);
  });

  it('greets a mention with a sentence and topics to start from, without a header or a Share button', async () => {
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> hi`, ts: nextTs(), channel: CHANNEL }), JSON_TYPE);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body.blocks.map((b: any) => b.type)).toEqual(['section', 'actions']);
    expect(buttonsOf(post.body).map((b) => b.action_id)).not.toContain('share_answer');
  });

  it('shows /sourcing help without a sources line', async () => {
    const res = await send(t.url, commandBody('help', t.fake.responseUrl()), FORM);
    expect(allText(res.json())).not.toContain('Sources:');
  });
});
