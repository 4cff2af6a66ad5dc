/** Buttons under an answer: the whole answer in place, share it in the channel, a related topic, or a decision. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { AppError } from '../../errors/index.js';
import { renderAnswerModal } from '../../replies/home.js';
import { INTERVIEW_START } from '../../conversation/router.js';
import { decodeAnswer, type AnswerView } from '../../conversation/actions.js';
import { postVisibly, slackIo } from '../io.js';
import { logFields } from '../../conversation/interviews.js';
import type { LogLine } from '../middleware.js';
import { ackGateOf, channelIdOf, clickedMessageOf, containerOf, teamOfAction } from '../payloads.js';
import type { ListenerDeps } from './deps.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** The answer a Share or More button names; a value naming no known intent is bad input. */
function viewOf({ engine }: ListenerDeps, value: string | undefined, what: string): AnswerView {
  const view = decodeAnswer(value);
  if (!view || !engine.catalogue.intents.has(view.intent)) throw new AppError('bad_input', `${what} of unknown intent ${value ?? ''}`);
  return view;
}

/** The answer reply for a view. */
const replyFor = (view: AnswerView, visibility: 'private' | 'public') =>
  ({
    kind: 'answer',
    intent: view.intent,
    visibility,
    ...(view.focus ? { focus: view.focus } : {}),
    ...(view.full ? { full: true } : {}),
    ...(view.sharedBy ? { sharedBy: view.sharedBy } : {}),
    ...(view.uncovered ? { uncovered: view.uncovered } : {}),
    ...(view.thread ? { thread: view.thread } : {}),
    ...(view.question ? { question: view.question } : {}),
    ...(view.confidence !== undefined ? { confidence: view.confidence } : {}),
  }) as const;

/**
 * "Share in channel": posts the answer as it was shown, visibly, crediting who shared it (in the thread of the
 * message a shortcut asked about, when there was one), and removes the private copy.
 */
export function shareAnswer(deps: ListenerDeps) {
  return async ({ body, action, client, respond }: ButtonArgs): Promise<LogLine> => {
    const { thread, ...view } = viewOf(deps, action.value, 'share');
    const message = deps.engine.render.message(replyFor({ ...view, sharedBy: body.user.id }, 'public'));
    await postVisibly(client, respond, body.channel?.id, message, thread);
    await respond({ delete_original: true });
    return { msg: 'answer shared', fields: { intent: view.intent, ...(view.focus ? { section: view.focus } : {}) } };
  };
}

/** "More": replaces the first screen with the whole answer, in place (a private reply, a posted answer or a modal). */
export function moreButton(deps: ListenerDeps) {
  return async ({ body, action, client, respond }: ButtonArgs): Promise<LogLine> => {
    const view = { ...viewOf(deps, action.value, 'more'), full: true };
    if (body.view) {
      await client.views.update({ view_id: body.view.id, view: renderAnswerModal(deps.engine.catalogue, view.intent, view) });
    } else {
      const ephemeral = containerOf(body).is_ephemeral === true;
      const message = deps.engine.render.message(replyFor(view, ephemeral ? 'private' : 'public'));
      await respond({ replace_original: true, ...(ephemeral ? { response_type: 'ephemeral' as const } : {}), ...message });
    }
    return { msg: 'answer expanded', fields: { intent: view.intent, ...(view.focus ? { section: view.focus } : {}) } };
  };
}

/** A topic button (related topic, "did you mean", Home tab): answers that topic in place. */
export function topicButton({ engine }: ListenerDeps) {
  return async ({ body, action, client, respond }: ButtonArgs): Promise<LogLine> => {
    const id = action.value ?? '';
    if (!engine.catalogue.intents.has(id)) throw new AppError('bad_input', `unknown topic ${id}`);
    const message = clickedMessageOf(body);
    if (body.view) {
      const modal = renderAnswerModal(engine.catalogue, id);
      if (body.view.type === 'modal') await client.views.update({ view_id: body.view.id, view: modal });
      else await client.views.open({ trigger_id: body.trigger_id, view: modal });
    } else if (containerOf(body).is_ephemeral || !message?.ts || !body.channel) {
      await respond({ response_type: 'ephemeral', replace_original: true, ...engine.render.message({ kind: 'answer', intent: id, visibility: 'private' }) });
    } else {
      await client.chat.postMessage({ channel: body.channel.id, thread_ts: message.thread_ts ?? message.ts, ...engine.render.message({ kind: 'answer', intent: id, visibility: 'public' }) });
    }
    return { msg: 'topic answered', fields: { intent: id } };
  };
}

/** "Help me decide": starts a decision in the channel (with a visible parent), in the answer's thread, or in a DM from the Home tab. */
export function decideButton({ engine, interviews, deliveries }: ListenerDeps) {
  return async ({ body, client, respond, context }: ButtonArgs): Promise<LogLine> => {
    const team = teamOfAction(body);
    const user = body.user.id;
    const durable = { ackGate: ackGateOf(context), deliveries };
    if (body.view || !body.channel) {
      const channel = channelIdOf(await client.conversations.open({ users: user }), user);
      const outcome = await interviews.start({ team, channel, user, text: '' }, slackIo({ client, render: engine.render, channel, user, durable }));
      return { msg: 'decision started', fields: { intent: INTERVIEW_START, ...logFields(outcome) } };
    }
    const message = clickedMessageOf(body);
    const thread = containerOf(body).is_ephemeral || !message?.ts ? undefined : (message.thread_ts ?? message.ts);
    const io = slackIo({ client, render: engine.render, channel: body.channel.id, user, thread, respond, durable: { ...durable, responseUrl: body.response_url } });
    const outcome = await interviews.start({ team, channel: body.channel.id, user, text: '', ...(thread ? { thread } : {}) }, io);
    return { msg: 'decision started', fields: { intent: INTERVIEW_START, ...logFields(outcome) } };
  };
}
