/**
 * `/sourcing <question>`: answered privately in the ack itself (the router matches once, well under a
 * millisecond). `/sourcing decide [function]`, or a question asking for a recommendation, starts a decision.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerTo } from '../../conversation/replies.js';
import { HELP } from '../../knowledge/contract.js';
import { INTERVIEW_START } from '../../conversation/router.js';
import { slackIo } from '../io.js';
import { ackGateOf } from '../payloads.js';
import { logFields } from '../../conversation/interviews.js';
import type { LogLine } from '../middleware.js';
import type { ListenerDeps } from './deps.js';

export function sourcingCommand({ engine, interviews, feedback, deliveries }: ListenerDeps) {
  return async ({ command, ack, respond, client, context }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<LogLine> => {
    const text = command.text ?? '';
    const route = engine.router.route(text, 'command');
    const ackGate = ackGateOf(context);
    if (route.kind === 'help') {
      await ack({ response_type: 'ephemeral', ...engine.render.message({ kind: 'answer', intent: HELP, visibility: 'private', offerDecide: true }) });
      ackGate?.release();
      return { msg: 'answered', fields: { intent: HELP, confidence: 1 } };
    }
    if (route.kind === 'answer') {
      await ack({ response_type: 'ephemeral', ...engine.render.message(answerTo(route.match, text, 'private')) });
      ackGate?.release();
      // After the answer is on its way: an out-of-scope question goes to the knowledge-gap inbox.
      await feedback.answered(command.team_id, text, route.match);
      return { msg: 'answered', fields: { intent: route.match.intent, confidence: route.match.confidence } };
    }
    // A decision: acknowledged once it is saved with its first messages.
    await ack();
    const io = slackIo({ client, render: engine.render, channel: command.channel_id, user: command.user_id, respond, durable: { ackGate, responseUrl: command.response_url, deliveries } });
    const outcome = await interviews.start({ team: command.team_id, channel: command.channel_id, user: command.user_id, text }, io);
    return { msg: 'decision started', fields: { intent: INTERVIEW_START, confidence: route.match?.confidence ?? 1, ...logFields(outcome) } };
  };
}
