/** The conversation's `Io` over Bolt's client and respond, for one request: replies are rendered as Block Kit here. */
import type { RespondFn } from '@slack/bolt';
import { AppError, retryAfterOf, slackErrorCode, toAppError } from '../errors/index.js';
import type { Message } from '../replies/blocks.js';
import type { Io, RequestOnce } from '../conversation/interviews.js';
import type { Reply } from '../conversation/replies.js';
import type { Renderer } from '../replies/index.js';
import { tsOf, type SlackClient } from './payloads.js';
import type { AckGate } from './ack-gate.js';

export interface SlackIoOptions {
  readonly client: SlackClient;
  readonly render: Renderer;
  readonly channel: string;
  readonly user: string;
  /** The thread ephemeral notes go to. */
  readonly thread?: string | undefined;
  /** A command's or a click's response_url: private notes go there, and a clicked message can be replaced. */
  readonly respond?: RespondFn | undefined;
  /** True for a click on a message (its message can be replaced through `respond`). */
  readonly clicked?: boolean;
  /** A click's trigger, to open a modal for the person who clicked. */
  readonly triggerId?: string | undefined;
  /**
   * For a request that may change a decision: what the change shows is saved with it and delivered afterwards;
   * the request's acknowledgement waits for the save (`ackGate`), and the dispatcher is kicked after it.
   */
  readonly durable?: {
    readonly ackGate?: AckGate | undefined;
    readonly responseUrl?: string | undefined;
    readonly deliveries: { kick(): void };
    /** The event's id, recorded as handled with the change it makes. */
    readonly once?: RequestOnce | undefined;
  };
}

/** Slack's errors for a canvas the workspace does not allow the app to create (plan, settings, permissions). */
const CANVAS_UNAVAILABLE = new Set([
  'canvas_disabled_user_team',
  'team_tier_cannot_create_channel_canvases',
  'free_team_canvas_tab_already_exists',
  'canvas_creation_failed',
  'canvas_tab_creation_failed',
  'not_allowed_token_type',
  'missing_scope',
  'restricted_action',
  'not_in_channel',
  'channel_not_found',
]);

/** How long a reply waits out one rate limit before it is given up (and the person told): it is being waited for. */
const RATE_LIMIT_WAIT_S = 10;

/**
 * A Web API call that waits out a rate limit (the client rejects rate-limited calls at once, so one channel's limit
 * never holds up the others) and tries again, a few times.
 */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const e = toAppError(err);
      const wait = e.code === 'slack_rate_limited' ? (retryAfterOf(e) ?? 1) : undefined;
      if (wait === undefined || wait > RATE_LIMIT_WAIT_S || attempt >= 2) throw err;
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
}

export function slackIo({ client, render, channel, user, thread, respond, clicked, triggerId, durable }: SlackIoOptions): Io {
  return {
    ...(durable
      ? {
          durable: {
            user,
            ...(durable.responseUrl ? { responseUrl: durable.responseUrl } : {}),
            saved() {
              durable.ackGate?.release();
              durable.deliveries.kick();
            },
            kick: () => durable.deliveries.kick(),
            ...(durable.once ? { once: durable.once } : {}),
          },
        }
      : {}),
    async post(reply: Reply, inThread?: string, options?: { broadcast?: boolean }) {
      const message = render.message(reply);
      const r = await patiently(() =>
        inThread ? client.chat.postMessage({ channel, thread_ts: inThread, reply_broadcast: options?.broadcast === true, ...message }) : client.chat.postMessage({ channel, ...message }),
      );
      return tsOf(r);
    },
    async postElsewhere(to: string, reply: Reply) {
      try {
        await patiently(() => client.chat.postMessage({ channel: to, ...render.message(reply) }));
        return 'posted';
      } catch (err) {
        if (toAppError(err).code === 'slack_not_in_channel') return 'not_in_channel';
        throw err;
      }
    },
    async saveDocument(reply: Reply) {
      const doc = render.document(reply);
      if (!doc) return { ok: false, reason: 'unsupported' };
      try {
        await client.canvases.create({ title: doc.title, channel_id: channel, document_content: { type: 'markdown', markdown: doc.markdown } });
        return { ok: true };
      } catch (err) {
        const e = toAppError(err);
        const code = slackErrorCode(e);
        if (code && CANVAS_UNAVAILABLE.has(code)) return { ok: false, reason: code };
        throw err;
      }
    },
    ...(triggerId
      ? {
          async open(reply: Reply) {
            const view = render.view(reply);
            if (view) await client.views.open({ trigger_id: triggerId, view });
          },
        }
      : {}),
    async tell(reply: Reply) {
      const message = render.message(reply);
      if (respond) await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      else await patiently(() => client.chat.postEphemeral({ channel, user, ...(thread ? { thread_ts: thread } : {}), ...message }));
    },
    ...(clicked && respond
      ? {
          async replaceClicked(reply: Reply) {
            await respond({ replace_original: true, ...render.message(reply) });
          },
        }
      : {}),
  };
}

/**
 * Sets the suggested prompts at the top of a Messages tab (the agent messaging experience: no `thread_ts`). Where
 * Slack does not offer them (the app's agent feature is off, the workspace's plan lacks it), Slack's error code says
 * why and nothing else happens; the Messages tab works as before.
 */
export async function suggestPrompts(client: SlackClient, channel: string, prompts: { title: string; items: ReadonlyArray<{ title: string; message: string }> }): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await patiently(() => client.assistant.threads.setSuggestedPrompts({ channel_id: channel, title: prompts.title, prompts: prompts.items.map(({ title, message }) => ({ title, message })) }));
    return { ok: true };
  } catch (err) {
    const reason = slackErrorCode(toAppError(err));
    if (reason) return { ok: false, reason };
    throw err;
  }
}

/** How a private reply reached the person. */
export type PrivateWay = 'response_url' | 'ephemeral' | 'dm';

/**
 * A reply for one person about something in a conversation: through the request's response URL when it has one
 * (which works where the app is not a member), else as an ephemeral message in the conversation, else, where Slack
 * refuses that too (the app is not in it), as a direct message from the app, which is `dm` (said differently).
 */
export async function replyPrivately(
  client: SlackClient,
  respond: RespondFn | undefined,
  where: { channel: string; user: string; thread?: string | undefined },
  message: Message,
  dm: () => Message,
): Promise<PrivateWay> {
  const inThread = where.thread ? { thread_ts: where.thread } : {};
  if (respond) {
    await respond({ response_type: 'ephemeral', replace_original: false, ...inThread, ...message });
    return 'response_url';
  }
  try {
    await patiently(() => client.chat.postEphemeral({ channel: where.channel, user: where.user, ...inThread, ...message }));
    return 'ephemeral';
  } catch (err) {
    if (toAppError(err).code !== 'slack_not_in_channel') throw err;
  }
  await patiently(() => client.chat.postMessage({ channel: where.user, ...dm() }));
  return 'dm';
}

/**
 * Posts a message visibly in a channel (in `thread`, when given); where the bot is not a member, through the
 * response_url, which posts on the person's behalf.
 */
export async function postVisibly(client: SlackClient, respond: RespondFn, channel: string | undefined, message: Message, thread?: string): Promise<void> {
  const inThread = thread ? { thread_ts: thread } : {};
  try {
    if (!channel) throw new AppError('slack_not_in_channel', 'no channel');
    await patiently(() => client.chat.postMessage({ channel, ...inThread, ...message }));
  } catch (err) {
    if (toAppError(err).code !== 'slack_not_in_channel') throw err;
    await respond({ response_type: 'in_channel', replace_original: false, ...inThread, ...message });
  }
}
