/**
 * Shortcuts: "Ask Sourcing Advisor" on any message answers that message's question privately (with the usual Share
 * button, which posts in the message's thread), and "Start a decision" opens a form to pick the channel and the
 * function, whose submission starts the decision there as `/sourcing decide <function>` does.
 */
import type { AllMiddlewareArgs, SlackShortcut, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { AppError } from '../../errors/index.js';
import { answerTo, type AnswerReply } from '../../conversation/replies.js';
import { HELP } from '../../knowledge/contract.js';
import { INTERVIEW_START } from '../../conversation/router.js';
import { DECIDE_VIEW } from '../../conversation/actions.js';
import { logFields } from '../../conversation/interviews.js';
import { decisionForm, FORM_FUNCTION_CHARS } from '../../replies/interview.js';
import { replyPrivately, slackIo } from '../io.js';
import type { LogLine } from '../middleware.js';
import { ackGateOf, decideFormOf } from '../payloads.js';
import type { ListenerDeps } from './deps.js';

type ShortcutArgs = AllMiddlewareArgs & SlackShortcutMiddlewareArgs<SlackShortcut>;
type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/**
 * The message shortcut: reads the message's text in its thread's context and answers the person privately, through
 * the shortcut's response URL (so it works where the app is not a member), or, when the payload has none, as an
 * ephemeral message, or a direct message where the app cannot post.
 */
export function askAboutMessage({ engine, threads, feedback }: ListenerDeps) {
  return async ({ shortcut, respond, client }: ShortcutArgs): Promise<LogLine> => {
    if (shortcut.type !== 'message_action') throw new AppError('bad_input', `${shortcut.callback_id} is a message shortcut`);
    const team = shortcut.team?.id ?? shortcut.user.team_id ?? '';
    const channel = shortcut.channel.id;
    const user = shortcut.user.id;
    const message = shortcut.message;
    const text = typeof message.text === 'string' ? message.text : '';
    const threadTs = typeof message.thread_ts === 'string' ? message.thread_ts : undefined;
    const thread = threadTs ?? message.ts;
    const route = await threads.route(text, 'message', [{ team, channel, thread }]);
    const match = route.kind === 'help' ? undefined : route.match;
    // Share posts in the message's thread; a reply in a thread is answered in that thread.
    const reply: AnswerReply = match ? { ...answerTo(match, text, 'private'), thread } : { kind: 'answer', intent: HELP, visibility: 'private', thread };
    const via = await replyPrivately(
      client,
      shortcut.response_url ? respond : undefined,
      { channel, user, ...(threadTs && threadTs !== message.ts ? { thread: threadTs } : {}) },
      engine.render.message(reply),
      // In a direct message it is already the person's alone: no Share, and it says which conversation it is about.
      () => engine.render.message({ ...reply, visibility: 'public', about: channel }),
    );
    if (match) await feedback.answered(team, text, match);
    return {
      msg: 'answered',
      fields: { intent: match?.intent ?? HELP, confidence: match?.confidence ?? 1, via, ...(route.kind === 'decide' ? { decide: true } : {}), ...(route.previous ? { previous: route.previous } : {}) },
    };
  };
}

/** The global shortcut: opens the decision form (the trigger lasts three seconds: the shortcut was acked first). */
export function openDecisionForm({ engine }: ListenerDeps) {
  return async ({ shortcut, client }: ShortcutArgs): Promise<LogLine> => {
    await client.views.open({ trigger_id: shortcut.trigger_id, view: decisionForm(engine.catalogue) });
    return { msg: 'decision form opened' };
  };
}

/**
 * The decision form's submission: the decision starts in the channel picked, with its parent message and first
 * question, exactly as `/sourcing decide <function>` starts one there; the form closes once it is saved. The
 * response URL Slack gives for the channel picked carries notes to the person (a delivery that failed).
 */
export function startDecisionFromForm({ engine, interviews, deliveries }: ListenerDeps) {
  return async ({ ack, body, view, client, context }: ViewArgs): Promise<LogLine> => {
    const form = decideFormOf(view, body.response_urls);
    if (!form.channel) {
      await ack({ response_action: 'errors', errors: { [DECIDE_VIEW.channelBlock]: engine.catalogue.copy.shortcuts.form_no_channel } });
      return { msg: 'decision form without a channel' };
    }
    const picked = engine.catalogue.interview.question.get('function')?.options.find((o) => o.value === form.option)?.label;
    const fn = (form.typed ?? picked)?.slice(0, FORM_FUNCTION_CHARS);
    const team = body.team?.id ?? body.user.team_id ?? view.team_id;
    const user = body.user.id;
    // Held until the decision is saved (see ack-gate.ts), then the form closes.
    await ack();
    const io = slackIo({ client, render: engine.render, channel: form.channel, user, durable: { ackGate: ackGateOf(context), responseUrl: form.responseUrl, deliveries } });
    const outcome = await interviews.start({ team, channel: form.channel, user, text: fn ? `decide ${fn}` : 'decide' }, io);
    return { msg: 'decision started', fields: { intent: INTERVIEW_START, via: 'shortcut', ...logFields(outcome) } };
  };
}
