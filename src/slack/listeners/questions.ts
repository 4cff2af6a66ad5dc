/** Questions asked by @mention in a channel or in a direct message: answered in the thread of the question. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { reportFailure } from '../failure.js';
import type { ListenerDeps } from './index.js';

interface Question {
  team?: string;
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
}

async function answerInThread(
  { engine, logger }: ListenerDeps,
  q: Question,
  surface: 'mention' | 'dm',
  client: AllMiddlewareArgs['client'],
): Promise<void> {
  const started = performance.now();
  const thread_ts = q.thread_ts ?? q.ts;
  const ctx = { team: q.team, channel: q.channel, user: q.user, surface };
  try {
    const { match, message } = engine.answer(q.text, { visibility: 'public' });
    await client.chat.postMessage({ channel: q.channel, thread_ts, ...message } as never);
    logger.info({ ...ctx, intent: match.intent, confidence: match.confidence, latency_ms: +(performance.now() - started).toFixed(2) }, 'answered');
  } catch (err) {
    await reportFailure(
      err,
      { postEphemeral: (m) => client.chat.postEphemeral({ channel: q.channel, user: q.user, thread_ts, ...m } as never) },
      logger,
      ctx,
    );
  }
}

/** Ignores anything a bot wrote (including us) and edits, joins and other subtypes. */
function fromAPerson(event: { bot_id?: string; subtype?: string; user?: string; bot_profile?: unknown }): boolean {
  return !event.bot_id && !event.bot_profile && event.subtype === undefined && typeof event.user === 'string';
}

export function appMention(deps: ListenerDeps) {
  return async ({ event, client, body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>): Promise<void> => {
    if (!fromAPerson(event as never)) return;
    const team = (body as { team_id?: string }).team_id ?? event.team;
    await answerInThread(
      deps,
      { team, channel: event.channel, user: event.user!, text: event.text, ts: event.ts, ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}) },
      'mention',
      client,
    );
  };
}

export function directMessage(deps: ListenerDeps) {
  return async ({ message, client, body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const m = message as { channel_type?: string; bot_id?: string; subtype?: string; user?: string; text?: string; ts: string; thread_ts?: string; channel: string };
    if (m.channel_type !== 'im' || !fromAPerson(m)) return;
    await answerInThread(
      deps,
      { team: (body as { team_id?: string }).team_id, channel: m.channel, user: m.user!, text: m.text ?? '', ts: m.ts, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}) },
      'dm',
      client,
    );
  };
}
