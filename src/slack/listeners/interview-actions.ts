/** Every button of a decision (answers, back, help, cancel, change, start over, share, start a new one). */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { reportFailure } from '../failure.js';
import { slackIo } from '../io.js';
import { EVENT_MEMORY_MS } from '../decisions.js';
import type { ListenerDeps } from './index.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function interviewAction(deps: ListenerDeps) {
  const { decisions, logger, store } = deps;
  return async ({ ack, body, action, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    const message = body.message as { ts?: string; thread_ts?: string } | undefined;
    const thread = message?.thread_ts ?? message?.ts ?? (body.container as { thread_ts?: string } | undefined)?.thread_ts ?? '';
    const ctx = { team, channel, user: body.user.id, surface: 'interview', action: action.action_id };
    try {
      // The same click delivered twice (a double-click is a new action_ts; a redelivery is not) is dropped.
      const key = `act:${message?.ts ?? ''}:${action.action_id}:${action.action_ts}:${body.user.id}`;
      if (!(await store.claim(team, key, EVENT_MEMORY_MS, Date.now()))) {
        logger.info(ctx, 'duplicate action ignored');
        return;
      }
      const io = slackIo({ client, channel, user: body.user.id, thread, respond, clicked: true });
      await decisions.click({ team, channel, thread, user: body.user.id, actionId: action.action_id, value: action.value }, io);
    } catch (err) {
      await reportFailure(err, { respond: (m) => respond(m) }, logger, ctx);
    }
  };
}
