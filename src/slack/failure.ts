/**
 * Where a failed request is reported: whatever was thrown becomes a coded `AppError`, is logged once with the
 * request's context, and the person gets the message for its code (never silence) through the best way still
 * open: the response_url of a command or click, a DM for the Home tab and modals, or an ephemeral message.
 */
import type { Logger } from '../log/index.js';
import type { Catalogue } from '../knowledge/load.js';
import { toAppError, slackErrorCode } from '../errors/index.js';
import { failureMessage } from '../replies/failure.js';
import type { Message } from '../replies/blocks.js';

/** One way to reach the person who made a request. */
export type FailureTarget = (message: Message) => Promise<unknown>;

export async function reportFailure(thrown: unknown, target: FailureTarget | undefined, catalogue: Catalogue, logger: Logger, ctx: Record<string, unknown>): Promise<void> {
  const err = toAppError(thrown);
  const level = err.code === 'internal' ? 'error' : 'warn';
  logger[level]({ ...ctx, code: err.code, slack_error: slackErrorCode(err), err }, 'request failed');
  if (!target) return;
  try {
    await target(failureMessage(catalogue, err));
  } catch (second) {
    logger.warn({ ...ctx, err: second }, 'could not tell the user about a failure');
  }
}
