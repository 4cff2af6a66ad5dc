/**
 * What a signed request body must be before Bolt sees it: one of Slack's payloads, routed in Bolt's own order
 * (`event`, then `command`, options, `actions`, shortcuts, views), with every field Bolt and the listeners read of
 * the right type and every id in Slack's format (`conversation/ids.ts`). A body that is not an object, or a payload
 * with a field missing or wrong, is refused; a type the app registers no listener kind for (options, legacy message
 * buttons, types Bolt does not know) is acknowledged and dropped. Unknown fields pass: Slack adds fields over time.
 */
import { z } from 'zod';
import { SLACK_ID, type SlackIdKind } from '../conversation/ids.js';

/** What to do with a body: hand it to Bolt (`team` is whose it is), answer 200 and drop it, or answer 400. */
export type Verdict = { readonly kind: 'pass'; readonly team: string | undefined } | { readonly kind: 'ignore'; readonly why: string } | { readonly kind: 'reject'; readonly why: string };

const id = (kind: SlackIdKind) => z.string().regex(SLACK_ID[kind]);

/** A URL Bolt may post to (`response_url`). */
const httpUrl = z
  .string()
  .max(2000)
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol));

const teamRef = z.looseObject({ id: id('team') });
const enterpriseRef = z.looseObject({ id: id('enterprise') });
const userRef = z.looseObject({ id: id('user'), team_id: id('team').optional() });
const channelRef = z.looseObject({ id: id('channel') });

/** The event inside an Events API envelope: the fields Bolt reads to route it, and those our listeners use. */
const event = z
  .looseObject({
    type: z.string().min(1).max(100),
    user: z.union([id('user'), z.looseObject({ id: id('user') })]).optional(),
    channel: z.union([id('channel'), channelRef]).optional(),
    channel_type: z.string().max(50).optional(),
    ts: id('ts').optional(),
    thread_ts: id('ts').optional(),
    event_ts: id('ts').optional(),
    text: z.string().optional(),
    subtype: z.string().max(100).optional(),
    bot_id: id('bot').optional(),
    tab: z.string().max(50).optional(),
    item: z.looseObject({}).optional(),
    subteam: z.looseObject({}).optional(),
  })
  .superRefine((e, ctx) => {
    // What each event we listen to needs: who and where (a mention and the Home tab are answered to a person).
    const needs: Readonly<Record<string, readonly string[]>> = { app_mention: ['user', 'channel', 'ts'], message: ['channel', 'ts'], app_home_opened: ['user'] };
    for (const field of needs[e.type] ?? []) if (e[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `${e.type} without ${field}` });
  });

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  // The workspace the event happened in (an organisation's id for some org-wide events).
  team_id: z.union([id('team'), id('enterprise')]),
  event_id: id('event'),
  api_app_id: id('app').optional(),
  enterprise_id: id('enterprise').nullish(),
  authorizations: z
    .array(z.looseObject({ team_id: id('team').nullish(), enterprise_id: id('enterprise').nullish(), user_id: id('user').optional(), is_enterprise_install: z.boolean().optional() }))
    .optional(),
  event,
});

/** A slash command: form fields, each a single string (a repeated field arrives as an array and is refused). */
const command = z.looseObject({
  command: z.string().regex(/^\/[^\s/]{1,80}$/),
  team_id: id('team'),
  channel_id: id('channel'),
  user_id: id('user'),
  text: z.string().max(40_000).optional(),
  response_url: httpUrl,
  trigger_id: z.string().max(255).optional(),
  api_app_id: id('app').optional(),
  enterprise_id: z.union([id('enterprise'), z.literal('')]).optional(),
});

/** Fields every interactive payload shares: the person, and their team (in `team`, or on the user for org-wide apps). */
const interactive = {
  user: userRef,
  team: teamRef.nullish(),
  enterprise: enterpriseRef.nullish(),
  api_app_id: id('app').optional(),
  trigger_id: z.string().max(255).optional(),
  response_url: httpUrl.optional(),
  channel: channelRef.optional(),
};

/** The team of an interactive payload: in `team`, or on the user for org-wide apps. */
const interactiveTeam = (b: { team?: { id: string } | null | undefined; user: { team_id?: string | undefined } }) => b.team?.id ?? b.user.team_id;
const hasTeam = (b: Parameters<typeof interactiveTeam>[0]) => interactiveTeam(b) !== undefined;

const view = z.looseObject({
  id: id('view'),
  type: z.string().max(50).optional(),
  callback_id: z.string().max(255).optional(),
  private_metadata: z.string().max(3000).optional(),
  team_id: id('team').optional(),
  app_installed_team_id: id('team').optional(),
});

const blockActions = z
  .looseObject({
    ...interactive,
    type: z.literal('block_actions'),
    actions: z
      .array(z.looseObject({ action_id: id('action'), block_id: z.string().max(255).optional(), action_ts: id('ts').optional(), value: z.string().max(2000).optional(), type: z.string().max(50).optional() }))
      .min(1),
    container: z
      .looseObject({ type: z.string().max(50).optional(), message_ts: id('ts').optional(), thread_ts: id('ts').optional(), channel_id: id('channel').optional(), view_id: id('view').optional(), is_ephemeral: z.boolean().optional() })
      .optional(),
    message: z.looseObject({ ts: id('ts'), thread_ts: id('ts').optional() }).optional(),
    view: view.optional(),
  })
  .refine(hasTeam, 'no team');

const viewAction = z
  .looseObject({ ...interactive, type: z.enum(['view_submission', 'view_closed']), view: view.extend({ callback_id: z.string().max(255) }) })
  .refine(hasTeam, 'no team');

const shortcut = z
  .looseObject({ ...interactive, type: z.enum(['shortcut', 'message_action']), callback_id: id('action'), message: z.looseObject({ ts: id('ts') }).optional() })
  .refine(hasTeam, 'no team');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first problem zod found, as `path: message`. */
function why(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid';
}

function check<T>(schema: z.ZodType<T>, body: unknown, teamOf: (b: T) => string | undefined): Verdict {
  const r = schema.safeParse(body);
  return r.success ? { kind: 'pass', team: teamOf(r.data) } : { kind: 'reject', why: why(r.error) };
}

/** What to do with a parsed request body. */
export function inspect(body: unknown): Verdict {
  if (!isRecord(body)) return { kind: 'reject', why: `body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}` };
  if (body.type !== undefined && typeof body.type !== 'string') return { kind: 'reject', why: 'type is not a string' };
  // Answered by Bolt itself, before any listener.
  if (body.ssl_check === '1') return { kind: 'pass', team: undefined };
  if (body.type === 'url_verification') return typeof body.challenge === 'string' ? { kind: 'pass', team: undefined } : { kind: 'reject', why: 'url_verification without challenge' };
  // Bolt's routing order (helpers.getTypeAndConversation): what Bolt will read the body as is what is checked.
  if (body.event !== undefined || body.type === 'event_callback') return check(eventCallback, body, (b) => b.team_id);
  if (body.command !== undefined) return check(command, body, (b) => b.team_id);
  if (body.name !== undefined || body.type === 'block_suggestion') return { kind: 'ignore', why: 'options request' };
  if (body.actions !== undefined || body.type === 'dialog_submission' || body.type === 'block_actions') return body.type === 'block_actions' ? check(blockActions, body, interactiveTeam) : { kind: 'ignore', why: `${String(body.type)} payload` };
  if (body.type === 'shortcut' || body.type === 'message_action') return check(shortcut, body, interactiveTeam);
  if (body.type === 'view_submission' || body.type === 'view_closed') return check(viewAction, body, interactiveTeam);
  if (typeof body.type === 'string') return { kind: 'ignore', why: `unknown payload type ${body.type.slice(0, 50)}` };
  return { kind: 'reject', why: 'no payload type' };
}
