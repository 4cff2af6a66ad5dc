/**
 * Shared pieces of the system tests: an incremental index over the fake Slack's recorded calls (by channel,
 * thread and response id, with each post's message ts), a concurrency limiter, a seeded random generator,
 * click payloads, and a reader for the app's JSON log lines.
 */
import type { FakeSlack, RecordedCall } from '../../testkit/fake-slack.js';
import { actionBody } from '../../testkit/slack-requests.js';
import { buttonsOf, type TestButton } from '../../testkit/blocks.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export { seeded } from '../../testkit/random.js';

/** At most `size` calls of `run` at once; the rest wait their turn (first come, first served). */
export class Limiter {
  private active = 0;
  private queue: Array<() => void> = [];
  maxSeen = 0;
  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    this.maxSeen = Math.max(this.maxSeen, this.active);
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

export type Button = TestButton;
const buttons = buttonsOf;

/** A question posted in a thread, with what its answer buttons encode (`interviewId|version|question|value`). */
export interface QuestionPost {
  call: RecordedCall;
  ts: string;
  thread: string;
  interviewId: string;
  version: number;
  question: string;
  buttons: Button[];
}

export interface Post {
  call: RecordedCall;
  ts: string;
}

/**
 * Indexes the fake's calls as they arrive. The fake numbers messages in the order it records them:
 * every chat.postMessage and chat.postEphemeral takes the next `1700000000 + n` (no failures are queued here).
 */
export class SlackIndex {
  private seen = 0;
  private counter = 0;
  /** Top-level posts (no thread_ts) by channel. */
  readonly topLevel = new Map<string, Post[]>();
  /** Posts in a thread, by `channel|thread_ts`. */
  readonly inThread = new Map<string, Post[]>();
  /** Question posts by channel (each interview in these tests has a channel of its own). */
  readonly questions = new Map<string, QuestionPost[]>();
  /** Recommendation posts by channel. */
  readonly recommendations = new Map<string, Post[]>();
  readonly responses = new Map<string, RecordedCall[]>();
  /** Ephemeral messages by `channel|user`. */
  readonly ephemerals = new Map<string, RecordedCall[]>();
  readonly homes = new Map<string, RecordedCall[]>();

  constructor(readonly fake: FakeSlack) {}

  private push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }

  sync(): void {
    const calls = this.fake.calls;
    for (; this.seen < calls.length; this.seen++) {
      const call = calls[this.seen]!;
      const b = call.body;
      if (call.method === 'chat.postMessage' || call.method === 'chat.postEphemeral') this.counter++;
      if (call.method === 'chat.postMessage') {
        const ts = `${1_700_000_000 + this.counter}.000100`;
        const post = { call, ts };
        if (b.thread_ts) this.push(this.inThread, `${b.channel}|${b.thread_ts}`, post);
        else this.push(this.topLevel, String(b.channel), post);
        const answers = buttons(call).filter((x) => x.action_id.startsWith('iv_answer:'));
        if (answers.length > 0) {
          const [interviewId, version, question] = (answers[0]!.value ?? '').split('|');
          this.push(this.questions, String(b.channel), { call, ts, thread: String(b.thread_ts), interviewId: interviewId!, version: Number(version), question: question!, buttons: answers });
        }
        if (/^Recommendation:/.test(b.text ?? '')) this.push(this.recommendations, String(b.channel), post);
      } else if (call.method === 'response_url') {
        this.push(this.responses, call.responseId ?? '', call);
      } else if (call.method === 'chat.postEphemeral') {
        this.push(this.ephemerals, `${b.channel}|${b.user}`, call);
      } else if (call.method === 'views.publish') {
        this.push(this.homes, String(b.user_id), call);
      }
    }
  }

  /** Polls (every 15 ms) until `probe` returns something, or throws after `timeoutMs`. */
  async until<T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.sync();
      const v = probe();
      if (v !== undefined && v !== null && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(15);
    }
  }
}

let actionCounter = 0;
/** A unique action_ts: Slack gives every click (even a double-click) its own. */
export function nextActionTs(): string {
  actionCounter++;
  return `${Math.floor(Date.now() / 1000)}.${String(actionCounter).padStart(6, '0')}`;
}

/** The body of a click on one of a question's answer buttons, as Slack sends it from the thread. */
export function clickBody(
  q: Pick<QuestionPost, 'ts' | 'thread' | 'buttons' | 'call'>,
  value: string,
  who: { team: string; user: string; channel: string },
  responseUrl: string,
  actionTs = nextActionTs(),
): string {
  const button = q.buttons.find((b) => b.action_id === `iv_answer:${value}`);
  if (!button) throw new Error(`no button for ${value} in ${q.buttons.map((b) => b.action_id).join(',')}`);
  return actionBody(
    { action_id: button.action_id, value: button.value },
    {
      team: { id: who.team, domain: 'example' },
      user: { id: who.user, username: 'u', name: 'u', team_id: who.team },
      channel: { id: who.channel, name: 'soak' },
      response_url: responseUrl,
      container: { type: 'message', message_ts: q.ts, channel_id: who.channel, is_ephemeral: false, thread_ts: q.thread },
      message: { type: 'message', ts: q.ts, thread_ts: q.thread, text: q.call.body.text },
      actions: [{ type: 'button', block_id: 'opts', action_id: button.action_id, value: button.value, text: { type: 'plain_text', text: 'x' }, action_ts: actionTs }],
    },
  );
}

/** What the system tests look for in the app's JSON log lines. */
export class LogDigest {
  lines = 0;
  notJson: string[] = [];
  /** Lines at level error or fatal. */
  errors: string[] = [];
  /** `request failed` lines (a listener reported a failure to a user). */
  failures: string[] = [];
  warns: string[] = [];
  /** Per interview id, the events applied (request lines with `applied: true`), in order. */
  updates = new Map<string, string[]>();
  starts = new Map<string, number>();
  /** `gc probe` lines (see gc-probe.mjs): memory after a forced full collection. */
  probes: Array<{ heap_used: number; rss: number; gc: boolean }> = [];
  port: number | undefined;

  ingest(line: string): void {
    if (line.trim() === '') return;
    this.lines++;
    let o: Record<string, any>;
    try {
      o = JSON.parse(line) as Record<string, any>;
    } catch {
      this.notJson.push(line);
      return;
    }
    if (o.level === 'error' || o.level === 'fatal' || (typeof o.level === 'number' && o.level >= 50)) this.errors.push(line);
    if (o.level === 'warn' && this.warns.length < 200) this.warns.push(line);
    if (o.msg === 'request failed') this.failures.push(line);
    if (o.applied === true && o.event !== 'start') {
      const list = this.updates.get(o.interview) ?? [];
      list.push(String(o.event));
      this.updates.set(o.interview, list);
    }
    if (o.applied === true && o.event === 'start') this.starts.set(o.interview, (this.starts.get(o.interview) ?? 0) + 1);
    if (o.msg === 'gc probe') this.probes.push(o as { heap_used: number; rss: number; gc: boolean });
    if (o.msg === 'Sourcing Advisor is listening' && typeof o.port === 'number') this.port = o.port;
  }
}
