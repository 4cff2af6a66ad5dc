/** The conversation's `Io` over Bolt's client and respond, for one request: replies are rendered as Block Kit here. */
import type { RespondFn } from '@slack/bolt';
import { AppError, toAppError } from '../errors/index.js';
import type { Message } from '../replies/blocks.js';
import type { Io } from '../conversation/interviews.js';
import type { Reply } from '../conversation/replies.js';
import type { Renderer } from '../replies/index.js';
import { tsOf, type SlackClient } from './payloads.js';

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
}

export function slackIo({ client, render, channel, user, thread, respond, clicked }: SlackIoOptions): Io {
  return {
    async post(reply: Reply, inThread?: string) {
      const r = await client.chat.postMessage({ channel, ...(inThread ? { thread_ts: inThread } : {}), ...render.message(reply) });
      return tsOf(r);
    },
    async tell(reply: Reply) {
      const message = render.message(reply);
      if (respond) await respond({ response_type: 'ephemeral', replace_original: false, ...message });
      else await client.chat.postEphemeral({ channel, user, ...(thread ? { thread_ts: thread } : {}), ...message });
    },
    async update(ts: string, reply: Reply) {
      await client.chat.update({ channel, ts, ...render.message(reply) });
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
 * Posts a message visibly in a channel; where the bot is not a member, through the response_url, which posts on
 * the person's behalf.
 */
export async function postVisibly(client: SlackClient, respond: RespondFn, channel: string | undefined, message: Message): Promise<void> {
  try {
    if (!channel) throw new AppError('slack_not_in_channel', 'no channel');
    await client.chat.postMessage({ channel, ...message });
  } catch (err) {
    if (toAppError(err).code !== 'slack_not_in_channel') throw err;
    await respond({ response_type: 'in_channel', replace_original: false, ...message });
  }
}
