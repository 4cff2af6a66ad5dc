/**
 * `/sourcing <question>`: answered privately in the ack itself (the router matches once, well under a
 * millisecond). `/sourcing decide [function]`, or a question asking for a recommendation, starts a decision.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerTo } from '../../conversation/replies.js';
import { HELP } from '../../knowledge/contract.js';
import { INTERVIEW_START } from '../../conversation/router.js';
import { slackIo } from '../io.js';
import { ackGateOf, replayKeyOf } from '../payloads.js';
import { REPLAY_MEMORY_MS } from '../front-door.js';
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
    // A decision: acknowledged once it is saved with its first messages, and with the request's signature, so an
    // exact replay of it (on any replica) starts nothing.
    await ack();
    const replay = replayKeyOf(context);
    const once = replay ? { team: command.team_id, key: replay, ttlMs: REPLAY_MEMORY_MS } : undefined;
    const io = slackIo({ client, render: engine.render, channel: command.channel_id, user: command.user_id, respond, durable: { ackGate, responseUrl: command.response_url, deliveries, once } });
    const outcome = await interviews.start({ team: command.team_id, channel: command.channel_id, user: command.user_id, text }, io);
    return { msg: outcome.duplicate ? 'replayed request ignored' : 'decision started', fields: { intent: INTERVIEW_START, confidence: route.match?.confidence ?? 1, ...logFields(outcome) } };
  };
}
