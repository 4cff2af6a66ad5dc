/**
 * Delivering what saved changes must show, through Slack's Web API (see conversation/dispatcher.ts). Every post
 * carries its delivery id in Slack's message metadata, so a post that may have reached Slack before a crash is
 * found again (in the thread's replies or the channel's history) instead of being posted twice. Notes to a person
 * go through the request's response URL while it lasts, else as an ephemeral message.
 */
import type { Catalogue } from '../knowledge/load.js';
import type { Renderer } from '../replies/index.js';
import type { Message } from '../replies/blocks.js';
import type { Executor, Target } from '../conversation/dispatcher.js';
import type { SavedDelivery } from '../conversation/outbox.js';
import { AppError, toAppError } from '../errors/index.js';
import { tsOf, type SlackClient } from './payloads.js';

/** The metadata event type of the app's posts: `event_payload.delivery` is the delivery id. */
export const DELIVERY_EVENT = 'sourcing_delivery';

export interface SlackExecutorOptions {
  /** The Web API client for a workspace (the bot token, or the installation's in OAuth mode). */
  readonly clientFor: (team: string) => Promise<SlackClient>;
  readonly render: Renderer;
  readonly catalogue: Catalogue;
  /** A response URL's deadline. */
  readonly timeoutMs: number;
}

export function slackExecutor({ clientFor, render, catalogue, timeoutMs }: SlackExecutorOptions): Executor {
  async function respond(url: string, body: Record<string, unknown>): Promise<void> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new AppError('slack_api', `response_url answered ${res.status}`);
  }

  /** A note to the person who acted: through the response URL while it lasts, else an ephemeral message. */
  async function note(saved: SavedDelivery, target: Target, message: { text: string; blocks?: Message['blocks'] }): Promise<void> {
    const { context } = saved;
    if (context.responseUrl) {
      try {
        await respond(context.responseUrl, { response_type: 'ephemeral', replace_original: false, ...message });
        return;
      } catch {
        // The response URL has expired or failed: the ephemeral path below.
      }
    }
    const client = await clientFor(target.team);
    await client.chat.postEphemeral({ channel: target.channel, user: context.user, ...(target.thread ? { thread_ts: target.thread } : {}), ...message });
  }

  return {
    async execute(saved, target) {
      const d = saved.delivery;
      const message = render.message(d.reply);
      switch (d.op) {
        case 'post': {
          const client = await clientFor(target.team);
          const metadata = { event_type: DELIVERY_EVENT, event_payload: { delivery: d.id } };
          const r =
            d.where === 'thread' && target.thread
              ? await client.chat.postMessage({ channel: target.channel, thread_ts: target.thread, reply_broadcast: d.broadcast === true, metadata, ...message })
              : await client.chat.postMessage({ channel: target.channel, metadata, ...message });
          return tsOf(r);
        }
        case 'update': {
          const client = await clientFor(target.team);
          await client.chat.update({ channel: target.channel, ts: target.message!, ...message });
          return target.message;
        }
        case 'replace': {
          if (saved.context.responseUrl) {
            try {
              await respond(saved.context.responseUrl, { replace_original: true, ...message });
              return target.message;
            } catch (err) {
              if (!target.message) throw err;
            }
          }
          if (!target.message) return undefined;
          const client = await clientFor(target.team);
          await client.chat.update({ channel: target.channel, ts: target.message, ...message });
          return target.message;
        }
        case 'tell':
          await note(saved, target, message);
          return undefined;
      }
    },

    async find(saved, target, since) {
      const client = await clientFor(target.team);
      const oldest = String(Math.floor(since / 1000) - 60);
      const read = () =>
        saved.delivery.op === 'post' && saved.delivery.where === 'thread' && target.thread
          ? client.conversations.replies({ channel: target.channel, ts: target.thread, oldest, include_all_metadata: true, limit: 200 })
          : client.conversations.history({ channel: target.channel, oldest, include_all_metadata: true, limit: 200 });
      let page: Awaited<ReturnType<typeof read>>;
      try {
        page = await read();
      } catch (err) {
        // A public channel the app posts in without being a member (chat:write.public) cannot be read: there is no
        // way to know, and posting again beats never posting. Any other failure is tried again later.
        if (toAppError(err).code === 'slack_not_in_channel') return undefined;
        throw err;
      }
      const mine = (page.messages ?? []).find((m) => {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { delivery?: unknown } } }).metadata;
        return meta?.event_type === DELIVERY_EVENT && meta.event_payload?.delivery === saved.delivery.id;
      });
      return mine?.ts;
    },

    async notify(saved, target, what) {
      const copy = catalogue.copy.errors;
      const text = what === 'late' ? copy.delivery_late : what === 'rate_limited' ? copy.rate_limited : what === 'not_in_channel' ? copy.not_in_channel : copy.delivery_failed;
      await note(saved, target, { text });
    },
  };
}
