/**
 * Messages: @mentions in channels and direct messages are answered in the thread of the question; a message in
 * the thread of a running decision is an answer to it (or a side question).
 */
import { answerTo } from '../../conversation/replies.js';
import { INTERVIEW_START } from '../../conversation/router.js';
import { HELP } from '../../knowledge/contract.js';
import { slackIo } from '../io.js';
import { logFields } from '../../conversation/interviews.js';
import type { LogLine } from '../middleware.js';
import { ackGateOf, messageFields, onceOf, teamOfEnvelope, type SlackClient } from '../payloads.js';
import type { EventArgs, ListenerDeps } from './deps.js';
import type { InterviewKey } from '../../interview/machine.js';

interface Question {
  readonly team: string;
  readonly channel: string;
  readonly user: string;
  readonly text: string;
  readonly ts: string;
  readonly thread_ts?: string | undefined;
}

function questionOf(event: object, body: unknown): Question {
  const m = messageFields(event);
  return { team: teamOfEnvelope(body), channel: m.channel, user: m.user ?? '', text: m.text ?? '', ts: m.ts, thread_ts: m.thread_ts };
}

/** The threads a message is read in: its own thread, and, in a DM, the DM itself (top-level messages follow on too). */
function contextOf(q: Question, dm: boolean): { read: InterviewKey[]; answered: InterviewKey[] } {
  const at = (thread: string) => ({ team: q.team, channel: q.channel, thread });
  const own = at(q.thread_ts ?? q.ts);
  if (dm) return { read: q.thread_ts ? [own, at('')] : [at('')], answered: [own, at('')] };
  return { read: q.thread_ts ? [own] : [], answered: [own] };
}

async function answer({ engine, interviews, threads, feedback, deliveries }: ListenerDeps, q: Question, client: SlackClient, context: object, inThreadOnly: boolean, dm = false): Promise<LogLine | undefined> {
  const thread = q.thread_ts ?? q.ts;
  const io = slackIo({ client, render: engine.render, channel: q.channel, user: q.user, thread, durable: { ackGate: ackGateOf(context), deliveries, once: onceOf(context) } });
  // Inside a decision's thread, text is an answer (or a side question) to it.
  if (q.thread_ts) {
    const outcome = await interviews.typed({ team: q.team, channel: q.channel, thread: q.thread_ts, user: q.user, text: q.text }, io);
    if (outcome.handled) return { msg: 'interview input handled', fields: { ...logFields(outcome) } };
  }
  if (inThreadOnly) return undefined; // plain conversation in a decision's thread, not addressed to us
  const where = contextOf(q, dm);
  const route = await threads.route(q.text, 'message', where.read);
  if (route.kind === 'decide') {
    const outcome = await interviews.start({ team: q.team, channel: q.channel, user: q.user, thread, text: q.text }, io);
    return { msg: 'decision started', fields: { intent: INTERVIEW_START, confidence: route.match?.confidence ?? 1, ...logFields(outcome) } };
  }
  const match = route.kind === 'answer' ? route.match : undefined;
  await io.post(match ? answerTo(match, q.text, 'public') : { kind: 'answer', intent: HELP, visibility: 'public' }, thread);
  if (match) {
    await threads.remember(where.answered, match.intent);
    await feedback.answered(q.team, q.text, match);
  }
  return {
    msg: 'answered',
    fields: { intent: match?.intent ?? HELP, confidence: match?.confidence ?? 1, ...(route.previous ? { previous: route.previous } : {}), ...(match?.uncovered ? { gap: match.uncovered.gap } : {}) },
  };
}

export function appMention(deps: ListenerDeps) {
  return async ({ event, body, client, context }: EventArgs): Promise<LogLine | undefined> => answer(deps, questionOf(event, body), client, context, false);
}

export function directMessage(deps: ListenerDeps) {
  return async ({ event, body, client, context }: EventArgs): Promise<LogLine | undefined> => answer(deps, questionOf(event, body), client, context, false, true);
}

/** A reply in a decision's thread (middleware has checked there is one, and that it does not mention us). */
export function threadReply(deps: ListenerDeps) {
  return async ({ event, body, client, context }: EventArgs): Promise<LogLine | undefined> => answer(deps, questionOf(event, body), client, context, true);
}
