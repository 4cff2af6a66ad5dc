/** `/sourcing <question>`: answered privately in the ack itself (the matcher takes well under a millisecond). */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { renderAnswer } from '../../replies/answer.js';
import { reportFailure } from '../failure.js';
import type { ListenerDeps } from './index.js';

/** `/sourcing`, `/sourcing help`, `/sourcing ?` show help. */
export const HELP_WORDS = new Set(['', 'help', '?', '-h', '--help', 'usage']);

export function sourcingCommand({ engine, logger }: ListenerDeps) {
  return async ({ command, ack, respond }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    const started = performance.now();
    const ctx = { team: command.team_id, channel: command.channel_id, user: command.user_id, surface: 'command' };
    try {
      const text = command.text ?? '';
      if (HELP_WORDS.has(text.trim().toLowerCase())) {
        await ack({ response_type: 'ephemeral', ...renderAnswer(engine.catalogue, 'help', { visibility: 'private', offerDecide: true }) });
        logger.info({ ...ctx, intent: 'help', confidence: 1, latency_ms: +(performance.now() - started).toFixed(2) }, 'answered');
        return;
      }
      const { match, message } = engine.answer(text, { visibility: 'private' });
      await ack({ response_type: 'ephemeral', ...message });
      logger.info({ ...ctx, intent: match.intent, confidence: match.confidence, latency_ms: +(performance.now() - started).toFixed(2) }, 'answered');
    } catch (err) {
      await reportFailure(err, { respond: (m) => respond(m) }, logger, ctx);
    }
  };
}
