/** Builds the decision `Io` over Bolt's client and respond for one request. */
import type { AllMiddlewareArgs, RespondFn } from '@slack/bolt';
import type { Io } from './decisions.js';
import type { Message } from '../replies/blocks.js';

type Client = AllMiddlewareArgs['client'];

export function slackIo(opts: { client: Client; channel: string; user: string; thread?: string | undefined; respond?: RespondFn | undefined; clicked?: boolean }): Io {
  const { client, channel, user, respond } = opts;
  return {
    async post(message: Message, thread?: string) {
      const r = await client.chat.postMessage({ channel, ...(thread ? { thread_ts: thread } : {}), ...message } as never);
      return (r as { ts?: string }).ts ?? '';
    },
    async tell(message: Message) {
      if (respond) {
        await respond({ response_type: 'ephemeral', replace_original: false, ...message } as never);
        return;
      }
      await client.chat.postEphemeral({ channel, user, ...(opts.thread ? { thread_ts: opts.thread } : {}), ...message } as never);
    },
    ...(opts.clicked && respond
      ? {
          async replaceClicked(message: Message) {
            await respond({ replace_original: true, ...message } as never);
          },
        }
      : {}),
  };
}
