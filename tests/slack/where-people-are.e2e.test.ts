/**
 * Where people are, end to end over signed HTTP against the fake Slack server: the message shortcut "Ask Sourcing
 * Advisor" (through its response_url, or, without one, ephemerally or by direct message), the Share button that
 * follows it, the global shortcut's form that starts a decision in the channel picked, and the Messages tab's
 * suggested prompts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.js';
import { BOT_USER_ID } from '../../testkit/fake-slack.js';
import { CHANNEL, FORM, JSON_TYPE, TEAM, USER, actionBody, eventBody, globalShortcutBody, messageShortcutBody, nextTs, send, viewSubmissionBody } from '../../testkit/slack-requests.js';
import { allText, buttonOf, buttonsOf, feedbackOf, isQuestion } from '../../testkit/blocks.js';
import { checkMessage } from '../../src/replies/blocks.js';
import { decodeAnswer, DECIDE_VIEW, SHORTCUTS } from '../../src/conversation/actions.js';
import { decodeFeedback } from '../../src/conversation/feedback.js';
import { loadCatalogue } from '../../src/knowledge/load.js';

const catalogue = loadCatalogue();
const titleOf = (id: string) => catalogue.intents.get(id)!.title;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});
afterEach(async () => {
  await t.idle();
  await t.store.deleteTeam(TEAM);
  t.fake.reset();
});

describe('the message shortcut "Ask Sourcing Advisor"', () => {
  it("answers the message's question privately through the shortcut's response_url, with a Share button for its thread", async () => {
    const ts = nextTs();
    const res = await send(t.url, messageShortcutBody(SHORTCUTS.ask, { text: 'Hey team, what is offshoring exactly?', ts }, { responseUrl: t.fake.responseUrl('sc1') }), FORM);
    expect(res.status).toBe(200);
    const reply = await t.fake.waitFor((c) => c.responseId === 'sc1');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply.body.thread_ts).toBeUndefined();
    expect(reply.body.blocks[0]).toMatchObject({ type: 'header', text: { text: titleOf('define-offshoring') } });
    expect(checkMessage({ text: reply.body.text, blocks: reply.body.blocks })).toEqual([]);
    expect(decodeAnswer(buttonOf(reply.body, 'share_answer').value)).toMatchObject({ intent: 'define-offshoring', thread: ts });
    expect(decodeFeedback(feedbackOf(reply.body)!.negative_button.value)).toMatchObject({ intent: 'define-offshoring', question: 'hey team, what is offshoring exactly?' });
    // Nothing visible in the channel, and no membership needed.
    await t.idle();
    expect(t.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(t.fake.callsTo('chat.postEphemeral')).toEqual([]);
    expect(t.logs.find((l) => l.msg === 'answered' && l.surface === 'message-shortcut')).toMatchObject({ intent: 'define-offshoring', via: 'response_url', team: TEAM, channel: CHANNEL, user: USER });

    // Share posts it in the thread of the message it answered, crediting who shared it, and removes the private copy.
    const share = buttonOf(reply.body, 'share_answer');
    await send(t.url, actionBody({ action_id: 'share_answer', value: share.value }, { response_url: t.fake.responseUrl('share') }), FORM);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.body).toMatchObject({ channel: CHANNEL, thread_ts: ts });
    expect(allText(post.body.blocks)).toContain(`Shared by <@${USER}>`);
    await t.fake.waitFor((c) => c.responseId === 'share' && c.body.delete_original === true);
  });

  it('shares in the thread through the response_url where the app is not a member', async () => {
    const ts = nextTs();
    await send(t.url, messageShortcutBody(SHORTCUTS.ask, { text: 'outsourcing vs offshoring?', ts }, { responseUrl: t.fake.responseUrl('sc2') }), FORM);
    const share = buttonOf((await t.fake.waitFor((c) => c.responseId === 'sc2')).body, 'share_answer');
    t.fake.failNext('chat.postMessage', 'not_in_channel');
    await send(t.url, actionBody({ action_id: 'share_answer', value: share.value }, { response_url: t.fake.responseUrl('share2') }), FORM);
    const viaUrl = await t.fake.waitFor((c) => c.responseId === 'share2' && c.body.response_type === 'in_channel');
    expect(viaUrl.body.thread_ts).toBe(ts);
    expect(allText(viaUrl.body.blocks)).toContain(titleOf('compare'));
  });

  it("reads a reply in a thread in that thread's context, and answers it in the thread", async () => {
    const parent = nextTs();
    await send(t.url, eventBody({ type: 'app_mention', user: USER, text: `<@${BOT_USER_ID}> what is offshoring?`, ts: parent, channel: CHANNEL }), JSON_TYPE);
    await t.idle();
    const reply = nextTs();
    await send(t.url, messageShortcutBody(SHORTCUTS.ask, { text: 'and what are the risks?', ts: reply, thread_ts: parent }, { responseUrl: t.fake.responseUrl('sc3') }), FORM);
    const answer = await t.fake.waitFor((c) => c.responseId === 'sc3');
    expect(answer.body.thread_ts).toBe(parent);
    expect(answer.body.blocks[0].text.text).toBe(titleOf('challenges-offshoring'));
    expect(decodeAnswer(buttonOf(answer.body, 'share_answer').value)!.thread).toBe(parent);
  });

  it('offers "Help me decide" first when the message asks for a decision, and starts nothing on its own', async () => {
    await send(t.url, messageShortcutBody(SHORTCUTS.ask, { text: 'should we outsource our helpdesk?', ts: nextTs() }, { responseUrl: t.fake.responseUrl('sc4') }), FORM);
    const answer = await t.fake.waitFor((c) => c.responseId === 'sc4');
    expect(buttonsOf(answer.body)[0]!.action_id).toBe('interview_start');
    await t.idle();
    expect(t.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(await t.store.countInterviews()).toBe(0);
  });

  it('records an out-of-scope message for the knowledge-gap inbox, scrubbed', async () => {
    await send(t.url, messageShortcutBody(SHORTCUTS.ask, { text: '<!here> lunch at noon? RSVP to pat@example.com', ts: nextTs() }, { responseUrl: t.fake.responseUrl('sc5') }), FORM);
    const answer = await t.fake.waitFor((c) => c.responseId === 'sc5');
    expect(allText(answer.body)).not.toContain('<!here>');
    await t.idle();
    expect((await t.store.topGaps({ team: TEAM, since: 0, limit: 10 })).map((g) => [g.kind, g.text])).toEqual([['out_of_scope', 'lunch at noon? rsvp to']]);
  });

  it('answers a shortcut once, even when Slack delivers it twice', async () => {
    const body = messageShortcutBody(SHORTCUTS.ask, { text: 'what is nearshoring?', ts: nextTs() }, { responseUrl: t.fake.responseUrl('twice') });
    await send(t.url, body, FORM);
    // Delivered again, signed again (another timestamp, so not an exact replay): the shortcut's id catches it.
    await send(t.url, body, FORM, { timestamp: Math.floor(Date.now() / 1000) - 2 });
    await t.idle();
    expect(t.fake.calls.filter((c) => c.responseId === 'twice')).toHaveLength(1);
    expect(t.logs.some((l) => l.msg === 'duplicate shortcut ignored')).toBe(true);
  });

  describe('when its payload has no response_url', () => {
    it('answers with an ephemeral message in the conversation', async () => {
      await send(t.url, messageShortcutBody(SHORTCUTS.ask, { text: 'what is bpo?', ts: nextTs() }, { responseUrl: undefined }), FORM);
      const eph = await t.fake.waitFor((c) => c.method === 'chat.postEphemeral');
      expect(eph.body).toMatchObject({ channel: CHANNEL, user: USER });
      expect(eph.body.blocks[0].text.text).toBe(titleOf('define-bpo'));
      expect(buttonsOf(eph.body).map((b) => b.action_id)).toContain('share_answer');
      await t.idle();
      expect(t.logs.filter((l) => l.msg === 'answered' && l.surface === 'message-shortcut').at(-1)).toMatchObject({ via: 'ephemeral' });
    });

    it('answers by direct message where the app cannot post, saying which conversation it is about, without a Share button', async () => {
      t.fake.failNext('chat.postEphemeral', 'channel_not_found');
      await send(t.url, messageShortcutBody(SHORTCUTS.ask, { text: 'what is kpo?', ts: nextTs() }, { responseUrl: undefined, channel: 'G0PRIVATE' }), FORM);
      const dm = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
      expect(dm.body.channel).toBe(USER);
      expect(dm.body.blocks[0]).toMatchObject({ type: 'context', elements: [{ text: expect.stringContaining('<#G0PRIVATE>') }] });
      expect(dm.body.blocks[1]).toMatchObject({ type: 'header', text: { text: titleOf('define-kpo') } });
      expect(buttonsOf(dm.body).map((b) => b.action_id)).not.toContain('share_answer');
      expect(checkMessage({ text: dm.body.text, blocks: dm.body.blocks })).toEqual([]);
      await t.idle();
      expect(t.logs.filter((l) => l.msg === 'answered' && l.surface === 'message-shortcut').at(-1)).toMatchObject({ via: 'dm' });
    });
  });
});

describe('the global shortcut "Start a decision"', () => {
  /** Opens the form through the shortcut and returns the view the app opened. */
  async function openForm(): Promise<Record<string, any>> {
    const res = await send(t.url, globalShortcutBody(SHORTCUTS.decide), FORM);
    expect(res.status).toBe(200);
    const opened = await t.fake.waitFor((c) => c.method === 'views.open');
    expect(opened.body.trigger_id).toMatch(/^shortcut\./);
    return opened.body.view;
  }

  const values = (channel: string | null, option?: string, typed?: string) => ({
    [DECIDE_VIEW.channelBlock]: { [DECIDE_VIEW.channelAction]: { type: 'conversations_select', selected_conversation: channel } },
    [DECIDE_VIEW.functionBlock]: { [DECIDE_VIEW.functionAction]: { type: 'static_select', selected_option: option ? { text: { type: 'plain_text', text: option }, value: option } : null } },
    [DECIDE_VIEW.otherBlock]: { [DECIDE_VIEW.otherAction]: { type: 'plain_text_input', value: typed ?? null } },
  });

  it('opens a form to pick the channel (the one being viewed first) and the function', async () => {
    const view = await openForm();
    expect(view).toMatchObject({ type: 'modal', callback_id: DECIDE_VIEW.callbackId, submit: { text: 'Start' } });
    expect(checkMessage({ text: view.title.text, blocks: view.blocks }, 100)).toEqual([]);
    const picker = view.blocks.find((b: any) => b.block_id === DECIDE_VIEW.channelBlock).element;
    expect(picker).toMatchObject({ type: 'conversations_select', default_to_current_conversation: true, response_url_enabled: true, filter: { include: ['public', 'private'] } });
    const fn = view.blocks.find((b: any) => b.block_id === DECIDE_VIEW.functionBlock);
    expect(fn.optional).toBe(true);
    expect(fn.element.options.map((o: any) => o.value)).toEqual(catalogue.interview.question.get('function')!.options.map((o) => o.value));
  });

  it('starts the decision in the channel picked, for the function picked, as /sourcing decide does', async () => {
    const view = await openForm();
    const res = await send(t.url, viewSubmissionBody(view, values('C0DECIDE', 'accounting'), { responseUrls: [{ block_id: DECIDE_VIEW.channelBlock, action_id: DECIDE_VIEW.channelAction, channel_id: 'C0DECIDE', response_url: t.fake.responseUrl('form') }] }), FORM);
    // The form closes (an empty acknowledgement) once the decision is saved.
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const parent = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && !c.body.thread_ts);
    expect(parent.body.channel).toBe('C0DECIDE');
    expect(parent.body.text).toContain(`<@${USER}> started a sourcing decision for Accounting`);
    const question = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && isQuestion(c));
    expect(question.body).toMatchObject({ channel: 'C0DECIDE', thread_ts: parent.reply!.ts });
    await t.idle();
    const saved = await t.store.get({ team: TEAM, channel: 'C0DECIDE', thread: parent.reply!.ts });
    expect(saved).toMatchObject({ starter: USER, functionLabel: 'Accounting', answers: { function: 'accounting' } });
    expect(t.logs.find((l) => l.msg === 'decision started' && l.surface === 'decide-form')).toMatchObject({ via: 'shortcut', function: 'accounting' });
  });

  it('takes a function typed instead of one picked, and asks for the function first when neither is given', async () => {
    const view = await openForm();
    await send(t.url, viewSubmissionBody(view, values('C0TYPED', 'accounting', 'legal <!channel>')), FORM);
    const typed = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0TYPED' && !c.body.thread_ts);
    expect(typed.body.text).toContain('for legal');
    expect(allText(typed.body)).not.toContain('<!channel>');

    await send(t.url, viewSubmissionBody(view, values('C0ASK')), FORM);
    const first = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0ASK' && isQuestion(c));
    expect(buttonsOf(first.body)[0]!.value!.split('|')[2]).toBe('function');
  });

  it('keeps the form open, saying why, when no channel was picked', async () => {
    const view = await openForm();
    for (const channel of [null, 'D0DM']) {
      const res = await send(t.url, viewSubmissionBody(view, values(channel, 'it')), FORM);
      expect(res.json()).toEqual({ response_action: 'errors', errors: { [DECIDE_VIEW.channelBlock]: catalogue.copy.shortcuts.form_no_channel } });
    }
    await t.idle();
    expect(t.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it("tells the person through the channel's response_url when the app cannot post there", async () => {
    const view = await openForm();
    t.fake.failNext('chat.postMessage', 'not_in_channel');
    await send(t.url, viewSubmissionBody(view, values('G0PRIV', 'it'), { responseUrls: [{ block_id: DECIDE_VIEW.channelBlock, action_id: DECIDE_VIEW.channelAction, channel_id: 'G0PRIV', response_url: t.fake.responseUrl('priv') }] }), FORM);
    const note = await t.fake.waitFor((c) => c.responseId === 'priv');
    expect(note.body).toMatchObject({ response_type: 'ephemeral', text: catalogue.copy.errors.not_in_channel });
  });
});

describe('the Messages tab', () => {
  const prompts = catalogue.home.prompts!;
  const openMessages = (channel = 'D0MSGS') => send(t.url, eventBody({ type: 'app_home_opened', user: USER, channel, tab: 'messages', event_ts: nextTs() }), JSON_TYPE);

  it('shows the suggested prompts at its top when someone opens it (no thread: the agent messaging experience)', async () => {
    expect((await openMessages()).status).toBe(200);
    const set = await t.fake.waitFor((c) => c.method === 'assistant.threads.setSuggestedPrompts');
    expect(set.body).toMatchObject({ channel_id: 'D0MSGS', title: prompts.title, prompts: prompts.items.map(({ title, message }) => ({ title, message })) });
    expect(set.body).not.toHaveProperty('thread_ts');
    expect(set.body.prompts.map((p: { title: string }) => p.title)).toEqual(['What is offshoring?', 'Outsourcing vs offshoring', 'Help me decide']);
    await t.idle();
    // The Messages tab publishes no Home view.
    expect(t.fake.callsTo('views.publish')).toEqual([]);
    expect(t.logs.filter((l) => l.surface === 'home').at(-1)).toMatchObject({ msg: 'suggested prompts set', prompts: 3 });
  });

  it('answers each prompt when it is clicked (sent as a direct message), and starts a decision for "Help me decide"', async () => {
    const [what, versus, decide] = prompts.items;
    for (const [prompt, title] of [
      [what!, titleOf('define-offshoring')],
      [versus!, titleOf('compare')],
    ] as const) {
      t.fake.reset();
      await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: USER, text: prompt.message, ts: nextTs(), channel: 'D0MSGS' }), JSON_TYPE);
      const answer = await t.fake.waitFor((c) => c.method === 'chat.postMessage');
      expect(answer.body.blocks[0].text.text, prompt.title).toBe(title);
    }
    t.fake.reset();
    await send(t.url, eventBody({ type: 'message', channel_type: 'im', user: USER, text: decide!.message, ts: nextTs(), channel: 'D0MSGS' }), JSON_TYPE);
    const question = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && isQuestion(c));
    expect(question.body.channel).toBe('D0MSGS');
  });

  it('leaves the Messages tab as it was where Slack does not offer suggested prompts, saying why in the log only', async () => {
    t.fake.failNext('assistant.threads.setSuggestedPrompts', 'not_allowed_token_type');
    await openMessages('D0NOAGENT');
    await t.fake.waitFor((c) => c.method === 'assistant.threads.setSuggestedPrompts');
    await t.idle();
    expect(t.logs.filter((l) => l.surface === 'home').at(-1)).toMatchObject({ msg: 'suggested prompts not available here', reason: 'not_allowed_token_type', level: 'info' });
    expect(t.fake.replies().map((c) => c.method)).toEqual(['assistant.threads.setSuggestedPrompts']);
  });
});
