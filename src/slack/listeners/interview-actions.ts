/** Every button of a decision (answers, back, help, cancel, change, start over, share, start a new one). */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { slackIo } from '../io.js';
import { logFields } from '../../conversation/interviews.js';
import { decisionKeyOf, SHARE_VIEW } from '../../conversation/actions.js';
import type { LogLine } from '../middleware.js';
import { ackGateOf, clickedMessageOf, containerOf, shareFormOf, teamOfAction } from '../payloads.js';
import type { ListenerDeps } from './deps.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function interviewAction({ engine, interviews, deliveries }: ListenerDeps) {
  return async ({ body, action, client, respond, context }: ButtonArgs): Promise<LogLine> => {
    const team = teamOfAction(body);
    const container = containerOf(body);
    const message = clickedMessageOf(body);
    // A click on the Home tab has no channel: its button carries the decision's.
    const home = body.view?.type === 'home' ? decisionKeyOf(action.value) : undefined;
    const channel = home?.channel ?? body.channel?.id ?? container.channel_id ?? '';
    const thread = home?.thread ?? message?.thread_ts ?? message?.ts ?? container.thread_ts ?? '';
    const durable = { ackGate: ackGateOf(context), responseUrl: home ? undefined : body.response_url, deliveries };
    const io = slackIo({ client, render: engine.render, channel, user: body.user.id, thread, respond: home ? undefined : respond, clicked: !home, triggerId: body.trigger_id, durable });
    const outcome = await interviews.click({ team, channel, thread, user: body.user.id, actionId: action.action_id, value: action.value }, io);
    return { msg: 'interview click handled', fields: { action: action.action_id, ...logFields(outcome) } };
  };
}

type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/** The form that shares a DM decision in a channel: posts it there, or says why not without closing the form. */
export function shareToChannel({ engine, interviews }: ListenerDeps) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<LogLine> => {
    const where = shareFormOf(view);
    const team = body.team?.id ?? view.team_id;
    if (!where) {
      await ack();
      return { msg: 'share form without its decision' };
    }
    const io = slackIo({ client, render: engine.render, channel: where.to, user: body.user.id });
    const outcome = await interviews.shareTo({ team, channel: where.channel, thread: where.thread, user: body.user.id, to: where.to }, io);
    if (outcome.shared === 'not_in_channel') {
      await ack({ response_action: 'errors', errors: { [SHARE_VIEW.block]: engine.catalogue.copy.interview.share_not_in_channel } });
    } else {
      await ack();
    }
    return { msg: 'decision shared', fields: { shared: outcome.shared ?? 'gone', ...logFields(outcome) } };
  };
}
