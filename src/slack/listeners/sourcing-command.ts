/**
 * `/sourcing <question>`: answered privately in the ack itself (the matcher takes well under a millisecond).
 * `/sourcing decide [function]` (or a question asking for a recommendation) starts a decision in a thread.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderAnswer } from '../../replies/answer.js';
import { reportFailure } from '../failure.js';
import { slackIo } from '../io.js';
import { DECIDE } from '../decisions.js';
import type { ListenerDeps } from './index.js';

/** `/sourcing`, `/sourcing help`, `/sourcing ?` show help. */
export const HELP_WORDS = new Set(['', 'help', '?', '-h', '--help', 'usage']);

export function sourcingCommand({ engine, logger, decisions }: ListenerDeps) {
  return async ({ command, ack, respond, client }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    const started = performance.now();
    const ctx = { team: command.team_id, channel: command.channel_id, user: command.user_id, surface: 'command' };
    const latency = () => +(performance.now() - started).toFixed(2);
    let acked = false;
    try {
      const text = command.text ?? '';
      if (HELP_WORDS.has(text.trim().toLowerCase())) {
        await ack({ response_type: 'ephemeral', ...renderAnswer(engine.catalogue, 'help', { visibility: 'private', offerDecide: true }) });
        logger.info({ ...ctx, intent: 'help', confidence: 1, latency_ms: latency() }, 'answered');
        return;
      }
      const match = DECIDE.test(text) ? undefined : engine.matcher.match(text);
      if (match && match.intent !== 'interview-start') {
        const { message } = engine.answer(text, { visibility: 'private' });
        await ack({ response_type: 'ephemeral', ...message });
        logger.info({ ...ctx, intent: match.intent, confidence: match.confidence, latency_ms: latency() }, 'answered');
        return;
      }
      await ack();
      acked = true;
      const io = slackIo({ client, channel: command.channel_id, user: command.user_id, respond });
      await decisions.start({ team: command.team_id, channel: command.channel_id, user: command.user_id, text }, io);
      logger.info({ ...ctx, intent: 'interview-start', confidence: match?.confidence ?? 1, latency_ms: latency() }, 'decision started');
    } catch (err) {
      if (!acked) await ack().catch(() => undefined);
      await reportFailure(err, { respond: (m) => respond(m) }, logger, ctx);
    }
  };
}
