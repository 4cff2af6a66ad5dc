/**
 * Messages: @mentions in channels and direct messages are answered in the thread of the question; a message in
 * the thread of a running decision is an answer to it (or a side question). Retries of an event are dropped.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { reportFailure } from '../failure.js';
import { slackIo } from '../io.js';
import { EVENT_MEMORY_MS } from '../decisions.js';
import type { ListenerDeps } from './index.js';

interface Question {
  team: string;
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string | undefined;
  eventId?: string | undefined;
}

/** Ignores anything a bot wrote (including us) and edits, joins and other subtypes. */
function fromAPerson(event: { bot_id?: string; subtype?: string; user?: string; bot_profile?: unknown }): boolean {
  return !event.bot_id && !event.bot_profile && event.subtype === undefined && typeof event.user === 'string';
}

/** True the first time an event id is seen (Slack retries carry the same id). */
async function firstDelivery({ store, logger }: ListenerDeps, team: string, eventId: string | undefined): Promise<boolean> {
  if (!eventId) return true;
  try {
    return await store.claim(team, `ev:${eventId}`, EVENT_MEMORY_MS, Date.now());
  } catch (err) {
    // Without the database we cannot tell a retry apart; answering twice beats not answering.
    logger.warn({ team, event_id: eventId, err }, 'could not record the event id');
    return true;
  }
}

async function handle(deps: ListenerDeps, q: Question, surface: 'mention' | 'dm' | 'thread', client: AllMiddlewareArgs['client']): Promise<void> {
  const { engine, logger, decisions } = deps;
  const started = performance.now();
  const thread = q.thread_ts ?? q.ts;
  const ctx = { team: q.team, channel: q.channel, user: q.user, surface, event_id: q.eventId };
  const io = slackIo({ client, channel: q.channel, user: q.user, thread });
  try {
    if (!(await firstDelivery(deps, q.team, q.eventId))) {
      logger.info(ctx, 'duplicate event ignored');
      return;
    }
    // Inside a decision's thread, text is an answer (or a side question) to it.
    if (q.thread_ts && (await decisions.typed({ team: q.team, channel: q.channel, thread: q.thread_ts, user: q.user, text: q.text }, io))) {
      logger.info({ ...ctx, latency_ms: +(performance.now() - started).toFixed(2) }, 'interview input handled');
      return;
    }
    if (surface === 'thread') return; // plain conversation in a thread that is not ours
    const { match, message } = engine.answer(q.text, { visibility: 'public' });
    if (match.intent === 'interview-start') {
      await decisions.start({ team: q.team, channel: q.channel, user: q.user, thread, text: q.text }, io);
      logger.info({ ...ctx, intent: match.intent, confidence: match.confidence, latency_ms: +(performance.now() - started).toFixed(2) }, 'decision started');
      return;
    }
    await io.post(message, thread);
    logger.info({ ...ctx, intent: match.intent, confidence: match.confidence, latency_ms: +(performance.now() - started).toFixed(2) }, 'answered');
  } catch (err) {
    await reportFailure(err, { postEphemeral: (m) => io.tell(m) }, logger, ctx);
  }
}

function teamOf(body: unknown, fallback?: string): string {
  return (body as { team_id?: string }).team_id ?? fallback ?? '';
}

export function appMention(deps: ListenerDeps) {
  return async ({ event, client, body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_mention'>): Promise<void> => {
    if (!fromAPerson(event as never)) return;
    await handle(
      deps,
      { team: teamOf(body, event.team), channel: event.channel, user: event.user!, text: event.text, ts: event.ts, thread_ts: event.thread_ts, eventId: (body as { event_id?: string }).event_id },
      'mention',
      client,
    );
  };
}

type PlainMessage = { channel_type?: string; bot_id?: string; subtype?: string; user?: string; text?: string; ts: string; thread_ts?: string; channel: string };

export function directMessage(deps: ListenerDeps) {
  return async ({ message, client, body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const m = message as PlainMessage;
    if (m.channel_type !== 'im' || !fromAPerson(m)) return;
    await handle(
      deps,
      { team: teamOf(body), channel: m.channel, user: m.user!, text: m.text ?? '', ts: m.ts, thread_ts: m.thread_ts, eventId: (body as { event_id?: string }).event_id },
      'dm',
      client,
    );
  };
}

/** Replies in channel threads (not mentioning us: those come as app_mention) may be interview answers. */
export function channelThreadMessage(deps: ListenerDeps) {
  return async ({ message, client, body, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>): Promise<void> => {
    const m = message as PlainMessage;
    if (m.channel_type === 'im' || !m.thread_ts || !fromAPerson(m)) return;
    if (context.botUserId && (m.text ?? '').includes(`<@${context.botUserId}>`)) return;
    // Most thread replies are people talking to each other: only those in a decision's thread cost more than a read.
    if (!(await deps.store.get({ team: teamOf(body), channel: m.channel, thread: m.thread_ts }).catch(() => true))) return;
    await handle(
      deps,
      { team: teamOf(body), channel: m.channel, user: m.user!, text: m.text ?? '', ts: m.ts, thread_ts: m.thread_ts, eventId: (body as { event_id?: string }).event_id },
      'thread',
      client,
    );
  };
}
