/** Buttons under an answer: share it in the channel, open a related topic, or start a decision. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderAnswer } from '../../replies/answer.js';
import { renderAnswerModal } from '../../replies/home.js';
import { toAppError } from '../../errors/index.js';
import { reportFailure, type FailureTarget } from '../failure.js';
import { slackIo } from '../io.js';
import type { ListenerDeps } from './index.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * Where to tell the user about a failure: the response_url of a message, or, for a click in the Home tab or a
 * modal (which have no response_url), a direct message.
 */
function failureTarget(body: BlockAction, client: ButtonArgs['client'], respond: ButtonArgs['respond']): FailureTarget {
  if (body.view) return { postEphemeral: (m) => client.chat.postMessage({ channel: body.user.id, ...m } as never) };
  return { respond: (m) => respond(m) };
}

function contextOf(body: BlockAction) {
  return { team: body.team?.id, channel: body.channel?.id, user: body.user.id };
}

/** "Share in channel": posts the answer visibly, crediting who shared it, and removes the private copy. */
export function shareAnswer({ engine, logger }: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ctx = { ...contextOf(body), surface: 'share' };
    try {
      const id = action.value ?? '';
      if (!engine.catalogue.intents.has(id)) throw new Error(`share of unknown intent ${id}`);
      const message = renderAnswer(engine.catalogue, id, { visibility: 'public', sharedBy: body.user.id });
      const channel = body.channel?.id;
      try {
        if (!channel) throw new Error('no channel');
        await client.chat.postMessage({ channel, ...message } as never);
      } catch (err) {
        // Not a member of this channel: the response_url can still post in it on the user's behalf.
        if (toAppError(err).code !== 'slack_not_in_channel') throw err;
        await respond({ response_type: 'in_channel', replace_original: false, ...message } as never);
      }
      await respond({ delete_original: true });
      logger.info({ ...ctx, intent: id }, 'answer shared');
    } catch (err) {
      await reportFailure(err, failureTarget(body, client, respond), logger, ctx);
    }
  };
}

/** A topic button (related topic, "did you mean", Home tab): answers that topic in place. */
export function topicButton({ engine, logger }: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const id = action.value ?? '';
    const ctx = { ...contextOf(body), surface: 'topic', intent: id };
    try {
      if (!engine.catalogue.intents.has(id)) throw new Error(`unknown topic ${id}`);
      const container = body.container as { type?: string; is_ephemeral?: boolean; thread_ts?: string; message_ts?: string } | undefined;
      if (body.view) {
        const modal = renderAnswerModal(engine.catalogue, id);
        if (body.view.type === 'modal') await client.views.update({ view_id: body.view.id, view: modal as never });
        else await client.views.open({ trigger_id: body.trigger_id, view: modal as never });
      } else if (container?.is_ephemeral || !body.message) {
        await respond({ response_type: 'ephemeral', replace_original: true, ...renderAnswer(engine.catalogue, id, { visibility: 'private' }) } as never);
      } else {
        const thread_ts = (body.message as { thread_ts?: string }).thread_ts ?? body.message.ts;
        await client.chat.postMessage({ channel: body.channel!.id, thread_ts, ...renderAnswer(engine.catalogue, id, { visibility: 'public' }) } as never);
      }
      logger.info(ctx, 'topic answered');
    } catch (err) {
      await reportFailure(err, failureTarget(body, client, respond), logger, ctx);
    }
  };
}

/** "Help me decide": starts a decision: in the channel (with a visible parent), in the answer's thread, or in a DM from the Home tab. */
export function decideButton({ decisions, logger }: ListenerDeps) {
  return async ({ ack, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ctx = { ...contextOf(body), surface: 'decide' };
    try {
      const team = body.team?.id ?? body.user.team_id ?? '';
      const user = body.user.id;
      const container = body.container as { is_ephemeral?: boolean } | undefined;
      if (body.view || !body.channel) {
        const dm = await client.conversations.open({ users: user });
        const channel = (dm as { channel?: { id?: string } }).channel?.id ?? user;
        await decisions.start({ team, channel, user, text: '' }, slackIo({ client, channel, user }));
      } else {
        const message = body.message as { ts?: string; thread_ts?: string } | undefined;
        const thread = container?.is_ephemeral || !message?.ts ? undefined : (message.thread_ts ?? message.ts);
        await decisions.start({ team, channel: body.channel.id, user, text: '', ...(thread ? { thread } : {}) }, slackIo({ client, channel: body.channel.id, user, thread, respond }));
      }
      logger.info({ ...ctx, intent: 'interview-start' }, 'decision started');
    } catch (err) {
      await reportFailure(err, failureTarget(body, client, respond), logger, ctx);
    }
  };
}
