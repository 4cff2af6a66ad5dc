/**
 * Requests signed exactly as Slack signs them: `v0=` + hex HMAC-SHA256 of `v0:timestamp:body` with the
 * signing secret, sent to the app's `/slack/events`, with typed builders for the payloads we use.
 */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'e2etestsigningsecret0123456789ab';
export const TEAM = 'T0001';
export const CHANNEL = 'C0001';
export const USER = 'U0001';

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  headers?: Record<string, string>;
  signature?: string;
}

export interface SlackResponse {
  status: number;
  text: string;
  json(): any;
}

export async function send(baseUrl: string, body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(body, timestamp, options.secret),
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) };
}

let triggerCounter = 0;

/** A `trigger_id` as Slack gives one: new for every command and click, so no two requests have the same body. */
export function nextTriggerId(): string {
  return `${Date.now()}.${++triggerCounter}.${Math.random().toString(16).slice(2, 14)}`;
}

/** A slash command as Slack sends it: form-encoded flat fields. */
export function commandBody(text: string, responseUrl: string, over: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'example',
    channel_id: CHANNEL,
    channel_name: 'general',
    user_id: USER,
    user_name: 'alex',
    command: '/sourcing',
    text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: nextTriggerId(),
    ...over,
  }).toString();
}

let eventCounter = 0;

/** An Events API `event_callback` envelope (JSON). */
export function eventBody(event: Record<string, unknown>, over: Record<string, unknown> = {}): string {
  eventCounter++;
  const team = typeof over.team_id === 'string' ? over.team_id : TEAM;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: TEAM,
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: `Ev${String(eventCounter).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: team, user_id: 'UBOTSOURCING', is_bot: true, is_enterprise_install: false }],
    event,
    ...over,
  });
}

let tsCounter = 0;
export function nextTs(): string {
  tsCounter++;
  return `1710000000.${String(tsCounter).padStart(6, '0')}`;
}

/** A `block_actions` payload for a button click (or another element's, by `type`), form-encoded as `payload=<json>`. */
export function actionBody(action: { action_id: string; value?: string; block_id?: string; type?: string }, over: Record<string, unknown> = {}): string {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'example' },
    user: { id: USER, username: 'alex', name: 'alex', team_id: TEAM },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    trigger_id: nextTriggerId(),
    channel: { id: CHANNEL, name: 'general' },
    container: { type: 'message', message_ts: '1710000000.000001', channel_id: CHANNEL, is_ephemeral: true },
    actions: [{ type: action.type ?? 'button', block_id: action.block_id ?? 'answer_actions', action_id: action.action_id, value: action.value, text: { type: 'plain_text', text: 'x' }, action_ts: String(Date.now() / 1000) }],
    ...over,
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * A message shortcut (`message_action`) on `message`, form-encoded. Slack's payload carries a `response_url`; pass
 * `responseUrl: undefined` for one that does not.
 */
export function messageShortcutBody(callbackId: string, message: { text?: string; ts: string; thread_ts?: string; user?: string }, options: { responseUrl?: string | undefined; channel?: string; user?: string } = {}): string {
  triggerCounter++;
  const payload = {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: `${Math.floor(Date.now() / 1000)}.${String(triggerCounter).padStart(6, '0')}`,
    team: { id: TEAM, domain: 'example' },
    user: { id: options.user ?? USER, username: 'alex', name: 'alex', team_id: TEAM },
    channel: { id: options.channel ?? CHANNEL, name: 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: `shortcut.${triggerCounter}`,
    message_ts: message.ts,
    message: { type: 'message', user: message.user ?? 'U0ASKER', ...message },
    ...(options.responseUrl ? { response_url: options.responseUrl } : {}),
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A global shortcut (`shortcut`), form-encoded: no channel, no message, no response_url. */
export function globalShortcutBody(callbackId: string, options: { user?: string } = {}): string {
  triggerCounter++;
  const payload = {
    type: 'shortcut',
    token: 'legacy-verification-token',
    action_ts: `${Math.floor(Date.now() / 1000)}.${String(triggerCounter).padStart(6, '0')}`,
    team: { id: TEAM, domain: 'example' },
    user: { id: options.user ?? USER, username: 'alex', team_id: TEAM },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: callbackId,
    trigger_id: `shortcut.${triggerCounter}`,
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A `view_submission` of `view` (as the app opened it) with the form's `values`, and `response_urls` if any. */
export function viewSubmissionBody(view: Record<string, unknown>, values: Record<string, Record<string, unknown>>, options: { user?: string; responseUrls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }> } = {}): string {
  const payload = {
    type: 'view_submission',
    team: { id: TEAM, domain: 'example' },
    user: { id: options.user ?? USER, username: 'alex', name: 'alex', team_id: TEAM },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    trigger_id: '1.2.5',
    view: { ...view, id: 'V0FORM', team_id: TEAM, hash: '1.abc', state: { values } },
    response_urls: options.responseUrls ?? [],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
