/**
 * The dispatcher over a real SQLite store, with a scripted executor in place of Slack and a clock the test moves:
 * order per decision, the parent before its thread, message ids recorded for later updates, retries with backoff,
 * the person told when a message is late or given up, no post made twice, per-channel rate limits, two
 * dispatchers sharing one store, and what a stopped dispatcher leaves for the next.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { createDispatcher, type Dispatcher, type Executor, type Target } from '../../src/conversation/dispatcher.js';
import { placeholderThread, type Delivery, type DeliveryContext, type SavedDelivery } from '../../src/conversation/outbox.js';
import { AppError } from '../../src/errors/index.js';
import type { InterviewState } from '../../src/interview/machine.js';

const TEAM = 'T0DISPATCH';
const T0 = 1_800_000_000_000;
let threads = 0;

function decision(over: Partial<InterviewState> = {}): InterviewState {
  return {
    team: TEAM,
    channel: 'C0001',
    thread: `1700000000.${String(++threads).padStart(6, '0')}`,
    id: randomUUID(),
    starter: 'U0001',
    status: 'active',
    step: 'core',
    answers: {},
    functionLabel: null,
    history: [],
    changing: false,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    expiresAt: T0 + 86_400_000,
    ...over,
  } as InterviewState;
}

const post = (note: string, where: 'thread' | 'top' = 'thread'): Delivery => ({ id: randomUUID(), op: 'post', where, reply: { kind: 'hint', note } as never });
const rows = (state: InterviewState, deliveries: Delivery[], extra: Partial<DeliveryContext> = {}) =>
  deliveries.map((delivery) => ({ id: delivery.id, payload: JSON.stringify({ delivery, context: { user: 'U0001', thread: state.thread, ...extra } } satisfies SavedDelivery) }));
const noteOf = (s: SavedDelivery) => (s.delivery.reply as unknown as { note: string }).note;

type Call = { op: string; note: string; target: Target };

/** An executor that records what it did, posts with increasing ids, and fails as scripted. */
class ScriptedSlack implements Executor {
  readonly calls: Call[] = [];
  readonly notices: Array<{ note: string; what: string }> = [];
  readonly failures: Array<{ note?: string; channel?: string; error: AppError; times: number }> = [];
  /** Posts that reached "Slack" although the executor threw (a crash or a lost answer after Slack took it). */
  readonly landed = new Map<string, string>();
  private ts = 1_700_000_100;

  async execute(saved: SavedDelivery, target: Target): Promise<string | undefined> {
    const note = noteOf(saved);
    const f = this.failures.find((x) => x.times > 0 && (x.note === undefined || x.note === note) && (x.channel === undefined || x.channel === target.channel));
    if (f) {
      f.times--;
      throw f.error;
    }
    this.calls.push({ op: saved.delivery.op, note, target });
    if (saved.delivery.op !== 'post') return target.message;
    const ts = `${++this.ts}.000100`;
    this.landed.set(saved.delivery.id, ts);
    return ts;
  }

  async find(saved: SavedDelivery): Promise<string | undefined> {
    return this.landed.get(saved.delivery.id);
  }

  async notify(saved: SavedDelivery, _target: Target, what: string): Promise<void> {
    this.notices.push({ note: noteOf(saved), what });
  }

  posted(): string[] {
    return this.calls.filter((c) => c.op === 'post').map((c) => c.note);
  }

  /** The next post reaches Slack but its answer is lost (a timeout): the executor throws after Slack took it. */
  loseNextAnswer(): void {
    const execute = ScriptedSlack.prototype.execute.bind(this);
    let once = true;
    this.execute = async (saved, target) => {
      const ts = await execute(saved, target);
      if (once) {
        once = false;
        throw new AppError('slack_api', 'timed out');
      }
      return ts;
    };
  }
}

let store: Store;
let clock: number;
const dispatchers: Dispatcher[] = [];

function dispatcher(slack: Executor, over: Partial<Parameters<typeof createDispatcher>[0]> = {}): Dispatcher {
  const d = createDispatcher({ store, executor: slack, now: () => clock, pollMs: 60_000, backoffMs: 1000, lateMs: 0, ...over });
  dispatchers.push(d);
  d.start();
  return d;
}

/** Lets the dispatcher look again, and waits until it has nothing more to do. */
async function run(d: Dispatcher): Promise<void> {
  d.kick();
  await d.idle();
}

beforeEach(async () => {
  store = openStore({ dataDir: mkdtempSync(join(tmpdir(), 'sourcing-dispatch-')) });
  await store.migrate();
  clock = T0;
});

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  await store.close();
});

describe('the dispatcher', () => {
  it("delivers one decision's messages in the order they were saved, and records each post's message id", async () => {
    const s = decision();
    const [a, b] = [post('first'), post('second')];
    const update: Delivery = { id: randomUUID(), op: 'update', message: { delivery: a!.id }, reply: { kind: 'hint', note: 'first, edited' } as never };
    await store.insert(s, rows(s, [a!, b!, update]));
    const slack = new ScriptedSlack();
    await run(dispatcher(slack));
    expect(slack.calls.map((c) => `${c.op}:${c.note}`)).toEqual(['post:first', 'post:second', 'update:first, edited']);
    const ids = await store.deliveryTs([a!.id, b!.id]);
    expect(ids.get(a!.id)).toBe('1700000101.000100');
    // The update went to the message the first post made.
    expect(slack.calls[2]!.target.message).toBe(ids.get(a!.id));
    expect(await store.pendingDeliveries()).toBe(0);
  });

  it('posts a parent message first, moves the decision to its thread, then posts in that thread', async () => {
    const id = randomUUID();
    const parent = post('parent', 'top');
    const s = decision({ id, thread: placeholderThread(id), parentDelivery: parent.id } as Partial<InterviewState>);
    await store.insert(s, rows(s, [parent, post('question')], { parentDelivery: parent.id }));
    const slack = new ScriptedSlack();
    await run(dispatcher(slack));
    const [top, question] = slack.calls;
    expect(top!.target.thread).toBeUndefined();
    const thread = (await store.deliveryTs([parent.id])).get(parent.id)!;
    expect(question!.target.thread).toBe(thread);
    expect((await store.get({ team: TEAM, channel: 'C0001', thread }))?.id).toBe(id);
    expect(await store.get({ team: TEAM, channel: 'C0001', thread: s.thread })).toBeUndefined();
  });

  it('retries a failed delivery after a backoff, and delivers it once', async () => {
    const s = decision();
    await store.insert(s, rows(s, [post('question')]));
    const slack = new ScriptedSlack();
    slack.failures.push({ error: new AppError('slack_api', 'HTTP 500'), times: 2 });
    const d = dispatcher(slack);
    await run(d);
    expect(slack.posted()).toEqual([]);
    // Not due before the backoff has passed.
    clock += 500;
    await run(d);
    expect(slack.failures[0]!.times).toBe(1);
    clock += 1000;
    await run(d);
    expect(slack.failures[0]!.times).toBe(0);
    clock += 2000;
    await run(d);
    expect(slack.posted()).toEqual(['question']);
    expect(slack.notices).toEqual([]);
  });

  it('tells the person when a message is still not out a moment after its first try, and only then', async () => {
    const [slow, quick] = [decision(), decision()];
    await store.insert(slow, rows(slow, [post('slow')]));
    await store.insert(quick, rows(quick, [post('quick')]));
    const slack = new ScriptedSlack();
    // Slack takes the slow post only when the test says so (a black hole until then).
    let letGo!: () => void;
    const held = new Promise<void>((r) => (letGo = r));
    const execute = slack.execute.bind(slack);
    slack.execute = async (saved, target) => {
      if (noteOf(saved) === 'slow') await held;
      return execute(saved, target);
    };
    const told = new Promise<void>((resolve) => {
      slack.notify = async (saved, _t, what) => {
        slack.notices.push({ note: noteOf(saved), what });
        resolve();
      };
    });
    const d = dispatcher(slack, { lateMs: 50 });
    d.kick();
    await told;
    // The slow one is late; the quick one went out meanwhile (a slow delivery holds up no other).
    expect(slack.notices).toEqual([{ note: 'slow', what: 'late' }]);
    expect(slack.posted()).toEqual(['quick']);
    letGo();
    await d.idle();
    expect(slack.posted()).toEqual(['quick', 'slow']);
  });

  it('looks for a post that may have reached Slack before posting it again, and never posts it twice', async () => {
    const s = decision();
    const q = post('question');
    await store.insert(s, rows(s, [q]));
    const slack = new ScriptedSlack();
    // Slack took the post, but the answer was lost (a timeout, or the process stopped before recording it).
    slack.loseNextAnswer();
    const d = dispatcher(slack);
    await run(d);
    clock += 1000;
    await run(d);
    expect(slack.posted()).toEqual(['question']);
    expect((await store.deliveryTs([q.id])).get(q.id)).toBe(slack.landed.get(q.id));
  });

  it("waits out one channel's rate limit without holding up another channel", async () => {
    const limited = decision({ channel: 'C0LIMITED' });
    const other = decision({ channel: 'C0OTHER' });
    await store.insert(limited, rows(limited, [post('limited 1'), post('limited 2')]));
    const slack = new ScriptedSlack();
    slack.failures.push({ channel: 'C0LIMITED', error: new AppError('slack_rate_limited', 'ratelimited', { cause: { retryAfter: 30 } }), times: 1 });
    const d = dispatcher(slack);
    await run(d);
    await store.insert(other, rows(other, [post('other')]));
    await run(d);
    expect(slack.posted()).toEqual(['other']);
    clock += 29_000;
    await run(d);
    expect(slack.posted()).toEqual(['other']);
    clock += 1_000;
    await run(d);
    expect(slack.posted()).toEqual(['other', 'limited 1', 'limited 2']);
  });

  it('gives up after its attempts, tells the person, and delivers when someone acts in the thread again', async () => {
    const s = decision();
    await store.insert(s, rows(s, [post('recommendation')]));
    const slack = new ScriptedSlack();
    slack.failures.push({ error: new AppError('slack_api', 'HTTP 500'), times: 3 });
    const d = dispatcher(slack, { maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      await run(d);
      clock += 60_000;
    }
    expect(slack.notices.map((n) => n.what)).toEqual(['failed']);
    expect(await store.pendingDeliveries()).toBe(0);
    await run(d);
    expect(slack.posted()).toEqual([]);
    expect(await store.reviveDeliveries(s.id, clock)).toBe(1);
    await run(d);
    expect(slack.posted()).toEqual(['recommendation']);
  });

  it('still looks for a post tried before when someone acting in the thread makes it due again', async () => {
    const s = decision();
    const q = post('question');
    await store.insert(s, rows(s, [q]));
    const slack = new ScriptedSlack();
    // Slack took the post but its answer timed out: the delivery waits for its retry.
    slack.loseNextAnswer();
    const d = dispatcher(slack, { backoffMs: 60_000 });
    await run(d);
    expect(slack.posted()).toEqual(['question']);
    // Someone clicks in the thread: due now, and found rather than posted again.
    expect(await store.reviveDeliveries(s.id, clock)).toBe(1);
    await run(d);
    expect(slack.posted()).toEqual(['question']);
    expect((await store.deliveryTs([q.id])).get(q.id)).toBe(slack.landed.get(q.id));
  });

  it('drops, without a word more, what was to go in the thread of a parent message that was given up', async () => {
    const id = randomUUID();
    const parent = post('parent', 'top');
    const s = decision({ id, thread: placeholderThread(id), parentDelivery: parent.id } as Partial<InterviewState>);
    await store.insert(s, rows(s, [parent, post('question')], { parentDelivery: parent.id }));
    const slack = new ScriptedSlack();
    slack.failures.push({ note: 'parent', error: new AppError('slack_not_in_channel', 'not_in_channel'), times: 1 });
    await run(dispatcher(slack));
    expect(slack.notices).toEqual([{ note: 'parent', what: 'not_in_channel' }]);
    expect(slack.posted()).toEqual([]);
    expect(await store.pendingDeliveries()).toBe(0);
  });

  it('gives up at once on an error no retry can fix, such as the app not being in the channel', async () => {
    const s = decision();
    await store.insert(s, rows(s, [post('question')]));
    const slack = new ScriptedSlack();
    slack.failures.push({ error: new AppError('slack_not_in_channel', 'not_in_channel'), times: 1 });
    await run(dispatcher(slack));
    expect(slack.notices).toEqual([{ note: 'question', what: 'not_in_channel' }]);
  });

  it('delivers each message exactly once when two dispatchers share the store', async () => {
    const decisions = Array.from({ length: 12 }, () => decision());
    for (const s of decisions) expect(await store.insert(s, rows(s, [post(`${s.id} 1`), post(`${s.id} 2`), post(`${s.id} 3`)]))).toBe(true);
    const slack = new ScriptedSlack();
    const [a, b] = [dispatcher(slack, { batch: 3 }), dispatcher(slack, { batch: 3 })];
    a.kick();
    b.kick();
    await Promise.all([a.idle(), b.idle()]);
    await run(a);
    const posted = slack.posted();
    expect(posted).toHaveLength(36);
    expect(new Set(posted).size).toBe(36);
    for (const s of decisions) expect(posted.filter((n) => n.startsWith(s.id))).toEqual([`${s.id} 1`, `${s.id} 2`, `${s.id} 3`]);
  });

  it('leaves what it has not delivered saved when stopped, for the next dispatcher to deliver', async () => {
    const s = decision();
    const slack = new ScriptedSlack();
    const first = dispatcher(slack);
    await first.stop();
    await store.insert(s, rows(s, [post('question')]));
    first.kick();
    await first.idle();
    expect(slack.posted()).toEqual([]);
    expect(await store.pendingDeliveries()).toBe(1);
    await run(dispatcher(slack));
    expect(slack.posted()).toEqual(['question']);
  });

  it('takes over a delivery whose lease has run out (its process died while delivering it)', async () => {
    const s = decision();
    await store.insert(s, rows(s, [post('question')]));
    // A process that leased it and died.
    expect(await store.claimDeliveries('dead-process', clock, 60_000, 10)).toHaveLength(1);
    const slack = new ScriptedSlack();
    const d = dispatcher(slack);
    await run(d);
    expect(slack.posted()).toEqual([]);
    clock += 60_001;
    await run(d);
    expect(slack.posted()).toEqual(['question']);
  });

  it('does not post again what a process that died had already posted, when it takes its lease over', async () => {
    const s = decision();
    const q = post('question');
    await store.insert(s, rows(s, [q]));
    const slack = new ScriptedSlack();
    // The dead process posted it (Slack has it) and died before recording so.
    const [leased] = await store.claimDeliveries('dead-process', clock, 60_000, 10);
    expect(leased!.attempts).toBe(0);
    slack.landed.set(q.id, '1700000999.000100');
    clock += 60_001;
    await run(dispatcher(slack));
    expect(slack.posted()).toEqual([]);
    expect((await store.deliveryTs([q.id])).get(q.id)).toBe('1700000999.000100');
  });
});
