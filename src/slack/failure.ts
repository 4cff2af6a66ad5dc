/**
 * The one place where failures in Slack listeners are handled: every listener runs inside `guard()`, which turns
 * whatever was thrown into a coded `AppError`, logs it once with context, and makes sure the user gets a helpful
 * reply (never silence) through the best channel still open to us.
 */
import type { Logger } from '../log/index.js';
import { toAppError, slackErrorCode, type AppError } from '../errors/index.js';
import { section, context, fit, type Message } from '../replies/blocks.js';

/** What a user is told for each error code. */
export function failureMessage(err: AppError): Message {
  const slack = slackErrorCode(err);
  let text: string;
  switch (err.code) {
    case 'slack_not_in_channel':
      text =
        slack === 'is_archived'
          ? "I can't post in this channel because it is archived."
          : "I can't post in this conversation because I'm not a member of it. Invite me with `/invite @Sourcing Advisor` and try again, or ask me in a direct message.";
      break;
    case 'slack_auth':
      text = "Slack didn't accept my credentials for this workspace (the app may need to be reinstalled). Please tell whoever manages Slack apps here.";
      break;
    case 'slack_rate_limited':
      text = 'Slack is asking me to slow down right now. Please try again in a minute.';
      break;
    case 'store_unavailable':
      text = "I couldn't reach my database just now, so nothing was changed. Please try again in a moment.";
      break;
    case 'bad_input':
      text = err.message;
      break;
    default:
      text = 'Something went wrong on my side while answering. Please try again; if it keeps happening, tell whoever runs this app.';
  }
  return fit({ text, blocks: [section(`:warning: ${text}`), context(`Error code: \`${slack ?? err.code}\``)] });
}

/** Where a failure can still be reported to the user. */
export interface FailureTarget {
  /** The response_url of a command or action: works even where the bot is not a member. */
  respond?: (message: Message & { response_type: 'ephemeral'; replace_original: false }) => Promise<unknown>;
  /** An ephemeral message to one user in a channel (and thread). */
  postEphemeral?: (message: Message) => Promise<unknown>;
}

export async function reportFailure(thrown: unknown, target: FailureTarget, logger: Logger, ctx: Record<string, unknown>): Promise<void> {
  const err = toAppError(thrown);
  const level = err.code === 'internal' ? 'error' : 'warn';
  logger[level]({ ...ctx, code: err.code, slack_error: slackErrorCode(err), err }, 'request failed');
  const message = failureMessage(err);
  try {
    if (target.respond) await target.respond({ ...message, response_type: 'ephemeral', replace_original: false });
    else if (target.postEphemeral) await target.postEphemeral(message);
  } catch (second) {
    logger.warn({ ...ctx, err: second }, 'could not tell the user about a failure');
  }
}
