/**
 * Typed views of the Slack payload fields the listeners read, so no listener casts. Slack's own types describe
 * many optional shapes; these functions pick the fields we use and say what they are when absent.
 */
import { DECIDE_VIEW, isThreadKey, SHARE_VIEW } from '../conversation/actions.js';
import { isSlackId } from '../conversation/ids.js';
import type { RequestOnce } from '../conversation/interviews.js';
import type { AckGate } from './ack-gate.js';
import type { AllMiddlewareArgs, BlockAction } from '@slack/bolt';

export type SlackClient = AllMiddlewareArgs['client'];

/** The message a block action came from, when it has one (ephemeral messages often do not). */
export interface ClickedMessage {
  readonly ts?: string;
  readonly thread_ts?: string;
}

/** A block action's container: where the clicked button lives. */
export interface ActionContainer {
  readonly type?: string;
  readonly is_ephemeral?: boolean;
  readonly thread_ts?: string;
  readonly message_ts?: string;
  readonly channel_id?: string;
}

export function containerOf(body: BlockAction): ActionContainer {
  const c: unknown = body.container;
  return typeof c === 'object' && c !== null ? (c as ActionContainer) : {};
}

export function clickedMessageOf(body: BlockAction): ClickedMessage | undefined {
  const m: unknown = body.message;
  return typeof m === 'object' && m !== null ? (m as ClickedMessage) : undefined;
}

/** The team of a request: the body's team, or the acting user's. */
export function teamOfAction(body: BlockAction): string {
  return body.team?.id ?? body.user.team_id ?? '';
}

/** `team_id` of an Events API envelope. */
export function teamOfEnvelope(body: unknown, fallback?: string): string {
  const b = body as { team_id?: unknown };
  return typeof b.team_id === 'string' ? b.team_id : (fallback ?? '');
}

/** `event_id` of an Events API envelope. */
export function eventIdOf(body: unknown): string | undefined {
  const b = body as { event_id?: unknown };
  return typeof b.event_id === 'string' ? b.event_id : undefined;
}

/** The `ts` of a posted message. */
export function tsOf(response: { ts?: string }): string {
  return response.ts ?? '';
}

/** The id of a conversation opened with `conversations.open`. */
export function channelIdOf(response: { channel?: { id?: string } }, fallback: string): string {
  return response.channel?.id ?? fallback;
}

/** `app_home_opened`: which tab, whose, and the app's DM with them (the Messages tab). */
export function homeOpenedFields(event: object): { tab?: string; user?: string; channel?: string } {
  const e = event as { tab?: unknown; user?: unknown; channel?: unknown };
  return {
    ...(typeof e.tab === 'string' ? { tab: e.tab } : {}),
    ...(typeof e.user === 'string' ? { user: e.user } : {}),
    ...(typeof e.channel === 'string' && /^D[A-Z0-9]{2,}$/.test(e.channel) ? { channel: e.channel } : {}),
  };
}

/** `tokens_revoked`: the revoked bot and user tokens (ids, not the tokens themselves). */
export function revokedTokensOf(event: object): { bot: string[]; oauth: string[] } {
  const t = (event as { tokens?: { bot?: unknown; oauth?: unknown } }).tokens;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { bot: list(t?.bot), oauth: list(t?.oauth) };
}

/** The fields of a message event the listeners use. */
export interface MessageFields {
  readonly channel: string;
  readonly channel_type?: string;
  readonly user?: string;
  readonly text?: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly bot_id?: string;
  readonly bot_profile?: unknown;
  readonly subtype?: string;
}

/** Reads a `message` or `app_mention` event as the fields we use. */
export function messageFields(event: object): MessageFields {
  const e = event as Partial<Record<keyof MessageFields, unknown>>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    channel: str(e.channel) ?? '',
    ts: str(e.ts) ?? '',
    ...(str(e.channel_type) !== undefined ? { channel_type: str(e.channel_type)! } : {}),
    ...(str(e.user) !== undefined ? { user: str(e.user)! } : {}),
    ...(str(e.text) !== undefined ? { text: str(e.text)! } : {}),
    ...(str(e.thread_ts) !== undefined ? { thread_ts: str(e.thread_ts)! } : {}),
    ...(str(e.bot_id) !== undefined ? { bot_id: str(e.bot_id)! } : {}),
    ...(e.bot_profile !== undefined ? { bot_profile: e.bot_profile } : {}),
    ...(str(e.subtype) !== undefined ? { subtype: str(e.subtype)! } : {}),
  };
}

/** The share form's decision and the channel picked, or undefined when the form is not ours or is incomplete. */
export function shareFormOf(view: { private_metadata?: string; state?: { values?: Record<string, Record<string, { selected_conversation?: string | null }>> } }): { channel: string; thread: string; to: string } | undefined {
  let meta: unknown;
  try {
    meta = JSON.parse(view.private_metadata ?? '');
  } catch {
    return undefined;
  }
  const m = meta as { channel?: unknown; thread?: unknown } | null;
  const to = view.state?.values?.[SHARE_VIEW.block]?.[SHARE_VIEW.action]?.selected_conversation;
  if (!m || !isSlackId('channel', m.channel) || !isThreadKey(m.thread) || !isSlackId('channel', to)) return undefined;
  return { channel: m.channel, thread: m.thread, to };
}

/** What the decision form (global shortcut) was submitted with. */
export interface DecideForm {
  /** The conversation picked, when it is one a decision can run in (a channel). */
  readonly channel?: string;
  /** The function picked from the list (its value). */
  readonly option?: string;
  /** A function typed instead. */
  readonly typed?: string;
  /** The response URL Slack gave for the conversation picked (`response_url_enabled`). */
  readonly responseUrl?: string;
}

type FormValue = { selected_conversation?: string | null; selected_option?: { value?: string } | null; value?: string | null };

/** Reads the decision form's submission. */
export function decideFormOf(view: { state?: { values?: Record<string, Record<string, FormValue>> } }, responseUrls: unknown): DecideForm {
  const values = view.state?.values ?? {};
  const channel = values[DECIDE_VIEW.channelBlock]?.[DECIDE_VIEW.channelAction]?.selected_conversation;
  const option = values[DECIDE_VIEW.functionBlock]?.[DECIDE_VIEW.functionAction]?.selected_option?.value;
  const typed = values[DECIDE_VIEW.otherBlock]?.[DECIDE_VIEW.otherAction]?.value?.trim();
  const urls = Array.isArray(responseUrls) ? (responseUrls as Array<{ channel_id?: unknown; response_url?: unknown }>) : [];
  const url = urls.find((u) => u.channel_id === channel && typeof u.response_url === 'string')?.response_url;
  return {
    ...(typeof channel === 'string' && /^[CG][A-Z0-9]{2,}$/.test(channel) ? { channel } : {}),
    ...(typeof option === 'string' && option ? { option } : {}),
    ...(typed ? { typed } : {}),
    ...(typeof url === 'string' && url.startsWith('http') ? { responseUrl: url } : {}),
  };
}

/** The permalink in a `chat.getPermalink` result, when the call succeeded and gave one. */
export function permalinkOf(result: PromiseSettledResult<{ permalink?: string }>): string | undefined {
  return result.status === 'fulfilled' && typeof result.value.permalink === 'string' && result.value.permalink.startsWith('https://') ? result.value.permalink : undefined;
}

/** The request's acknowledgement gate (see ack-gate.ts), from the listener's context. */
export function ackGateOf(context: object): AckGate | undefined {
  const gate = (context as { ackGate?: unknown }).ackGate;
  return gate && typeof (gate as AckGate).release === 'function' ? (gate as AckGate) : undefined;
}

/** The event's id to record with the change it makes (see `firstDelivery`), from the listener's context. */
export function onceOf(context: object): RequestOnce | undefined {
  const once = (context as { once?: { team?: unknown; key?: unknown; ttlMs?: unknown; owner?: unknown } }).once;
  return once && typeof once.team === 'string' && typeof once.key === 'string' && typeof once.ttlMs === 'number' && typeof once.owner === 'string'
    ? { team: once.team, key: once.key, ttlMs: once.ttlMs, owner: once.owner }
    : undefined;
}

/** The request's replay key (`sig:<hmac>`, see front-door.ts), from the listener's context (HTTP mode only). */
export function replayKeyOf(context: object): string | undefined {
  const key = (context as { replayKey?: unknown }).replayKey;
  return typeof key === 'string' && key.length > 'sig:'.length ? key : undefined;
}
