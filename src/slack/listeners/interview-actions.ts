/** Every button of a decision (answers, back, help, cancel, change, start over, share, start a new one). */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { slackIo } from '../io.js';
import { logFields } from '../../conversation/interviews.js';
import type { LogLine } from '../middleware.js';
import { clickedMessageOf, containerOf, teamOfAction } from '../payloads.js';
import type { ListenerDeps } from './deps.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function interviewAction({ engine, interviews }: ListenerDeps) {
  return async ({ body, action, client, respond }: ButtonArgs): Promise<LogLine> => {
    const team = teamOfAction(body);
    const container = containerOf(body);
    const channel = body.channel?.id ?? container.channel_id ?? '';
    const message = clickedMessageOf(body);
    const thread = message?.thread_ts ?? message?.ts ?? container.thread_ts ?? '';
    const io = slackIo({ client, render: engine.render, channel, user: body.user.id, thread, respond, clicked: true });
    const outcome = await interviews.click({ team, channel, thread, user: body.user.id, actionId: action.action_id, value: action.value }, io);
    return { msg: 'interview click handled', fields: { action: action.action_id, ...logFields(outcome) } };
  };
}
