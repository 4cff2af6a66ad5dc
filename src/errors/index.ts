/**
 * Errors as data: one list of stable snake_case codes, one class, and one function that turns any thrown
 * value into a coded error, so the single global handler always knows what happened and what to tell the user.
 */
export const ERROR_CODES = [
  /** A setting in the environment is missing or invalid. */
  'config_invalid',
  /** A file in `intents/` is missing, malformed or links to an unknown id. */
  'content_invalid',
  /** The bot cannot post in the conversation (not a member, archived, not found). */
  'slack_not_in_channel',
  /** The workspace's token was revoked or the app uninstalled. */
  'slack_auth',
  /** Slack said we are sending too much; we waited and gave up. */
  'slack_rate_limited',
  /** Any other Slack Web API failure. */
  'slack_api',
  /** The database could not be reached or a query failed. */
  'store_unavailable',
  /** The same Slack event is being handled by another process right now: not acknowledged, so Slack retries it. */
  'event_busy',
  /** A command-line argument or an interview answer is not one the contract allows. */
  'bad_input',
  /** Anything we did not expect. */
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_dm_bot', 'user_not_in_channel', 'messages_tab_disabled']);
const AUTH = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope', 'ekm_access_denied']);

/** Turns any thrown value into an `AppError`, recognising Slack Web API errors by their `data.error` code. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; data?: { error?: unknown }; message?: unknown; retryAfter?: unknown } | undefined;
  const slackCode = typeof e?.data?.error === 'string' ? e.data.error : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (slackCode !== undefined) {
    if (NOT_IN_CHANNEL.has(slackCode)) return new AppError('slack_not_in_channel', slackCode, { cause: err });
    if (AUTH.has(slackCode)) return new AppError('slack_auth', slackCode, { cause: err });
    if (slackCode === 'ratelimited') return new AppError('slack_rate_limited', slackCode, { cause: err });
    return new AppError('slack_api', slackCode, { cause: err });
  }
  if (e?.code === 'slack_webapi_rate_limited_error') return new AppError('slack_rate_limited', message, { cause: err });
  if (typeof e?.code === 'string' && e.code.startsWith('slack_')) return new AppError('slack_api', message, { cause: err });
  return new AppError('internal', message, { cause: err });
}

/** How many seconds a rate-limited Slack call asked to wait (`Retry-After`), when it said. */
export function retryAfterOf(err: AppError): number | undefined {
  const cause = err.cause as { retryAfter?: unknown } | undefined;
  return typeof cause?.retryAfter === 'number' && cause.retryAfter > 0 ? cause.retryAfter : undefined;
}

/** The Slack error code behind an `AppError`, when there is one (`not_in_channel`…). */
export function slackErrorCode(err: AppError): string | undefined {
  const cause = err.cause as { data?: { error?: unknown } } | undefined;
  return typeof cause?.data?.error === 'string' ? cause.data.error : undefined;
}
