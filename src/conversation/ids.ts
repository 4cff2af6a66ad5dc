/**
 * Slack's id formats. The Slack door checks every id a payload carries against them before using it, and the
 * renderer mentions only a user id that matches, so a forged id such as `<!channel>` can never be posted as markup.
 * Real ids are 9 to 11 characters; the bound is looser, so test and benchmark ids of other lengths pass.
 */
const upper = (prefixes: string) => new RegExp(`^[${prefixes}][A-Z0-9]{1,31}$`);

export const SLACK_ID = {
  team: upper('T'),
  enterprise: upper('E'),
  /** People (`U…`, and `W…` on Enterprise Grid). */
  user: upper('UW'),
  /** Channels, private channels and direct messages. */
  channel: upper('CGD'),
  view: upper('V'),
  app: upper('A'),
  bot: upper('B'),
  /** A message's `ts` (also `thread_ts`, `event_ts`, `action_ts`): seconds, then a fraction. */
  ts: /^\d{1,12}(\.\d{1,9})?$/,
  /** An Events API `event_id`. */
  event: /^Ev[A-Za-z0-9]{1,40}$/,
  /** An `action_id` or `callback_id`: at most 255 characters (Slack's limit), no control characters. */
  // eslint-disable-next-line no-control-regex
  action: /^[^\u0000-\u001f\u007f]{1,255}$/,
} as const;

export type SlackIdKind = keyof typeof SLACK_ID;

/** Whether `value` is an id of this kind. */
export function isSlackId(kind: SlackIdKind, value: unknown): value is string {
  return typeof value === 'string' && SLACK_ID[kind].test(value);
}
