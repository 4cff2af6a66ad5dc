/**
 * The interview runner (src/conversation/interviews.ts), as transcripts: a real SQLite store in a temporary
 * folder, the real engine, a clock the tests move, and a fake Io that renders each reply as Slack would and records
 * what would be posted in the thread, told privately to the user, or put in place of a clicked message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createInterviews, type Interviews, type Io } from '../../src/conversation/interviews.js';
import type { Reply } from '../../src/conversation/replies.js';
import { checkMessage, type Message } from '../../src/replies/blocks.js';
import { buttonOf, buttonsOf, isRecommendation, questionAsked } from '../../testkit/blocks.js';
import type { InterviewState } from '../../src/interview/machine.js';

const TEAM = 'T0DECIDE';
const CHANNEL = 'C0DECIDE';
const STARTER = 'U0STARTER';
const OTHER = 'U0OTHER';
const TTL = 60 * 60 * 1000;
const T0 = 1_750_000_000_000;

/** Records what the decisions module asks Slack to do, for one request (or several). */
class FakeIo implements Io {
  readonly posts: Array<{ message: Message; thread: string | undefined; ts: string; broadcast?: boolean }> = [];
  readonly opened: Reply[] = [];
  readonly documents: Reply[] = [];
  /** What `saveDocument` answers (a workspace that allows canvases, by default). */
  documentResult: { ok: true } | { ok: false; reason: string } = { ok: true };
  readonly tells: Message[] = [];
  readonly replaced: Message[] = [];
  private static ts = 0;

  async post(reply: Reply, thread?: string, options?: { broadcast?: boolean }): Promise<string> {
    const ts = `1750000000.${String(++FakeIo.ts).padStart(6, '0')}`;
    this.posts.push({ message: engine.render.message(reply), thread, ts, ...(options?.broadcast ? { broadcast: true } : {}) });
    return ts;
  }
  async open(reply: Reply): Promise<void> {
    this.opened.push(reply);
  }
  async saveDocument(reply: Reply): Promise<{ ok: true } | { ok: false; reason: string }> {
    this.documents.push(reply);
    return this.documentResult;
  }
  async tell(reply: Reply): Promise<void> {
    this.tells.push(engine.render.message(reply));
  }
  async replaceClicked(reply: Reply): Promise<void> {
    this.replaced.push(engine.render.message(reply));
  }
  readonly updated: Array<{ ts: string; message: Message }> = [];
  async update(ts: string, reply: Reply): Promise<void> {
    this.updated.push({ ts, message: engine.render.message(reply) });
  }
  get lastPost(): Message {
    const last = this.posts[this.posts.length - 1];
    if (!last) throw new Error('nothing was posted');
    return last.message;
  }
  get silent(): boolean {
    return this.posts.length === 0 && this.tells.length === 0 && this.replaced.length === 0 && this.updated.length === 0;
  }
}

const text = (m: Message | undefined): string => JSON.stringify(m ?? {});
const buttons = buttonsOf;
const button = buttonOf;
const asks = questionAsked;

let engine: Engine;
let store: Store;
let decisions: Interviews;
let dir: string;
let clock = T0;
let threadSeq = 0;
const newThread = () => `1740000000.${String(++threadSeq).padStart(6, '0')}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sourcing-decisions-'));
  store = openStore({ dataDir: dir, sqliteFile: 'decisions.sqlite' });
  await store.migrate();
  engine = createEngine();
  decisions = createInterviews({ spec: engine.catalogue.interview, router: engine.router, repo: store, ttlMs: TTL, now: () => clock });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One interview in one thread, driven by the starter (or someone else). */
class Thread {
  constructor(readonly thread: string) {}
  get key() {
    return { team: TEAM, channel: CHANNEL, thread: this.thread };
  }
  async state(): Promise<InterviewState> {
    const s = await store.get(this.key);
    if (!s) throw new Error('no interview stored');
    return s;
  }
  async click(message: Message, actionId: string, user = STARTER, io = new FakeIo()): Promise<FakeIo> {
    await decisions.click({ ...this.key, user, actionId, value: button(message, actionId).value }, io);
    return io;
  }
  async answer(message: Message, value: string, user = STARTER, io = new FakeIo()): Promise<FakeIo> {
    return this.click(message, `iv_answer:${value}`, user, io);
  }
  async type(words: string, user = STARTER, io = new FakeIo()): Promise<{ io: FakeIo; handled: boolean }> {
    const { handled } = await decisions.typed({ ...this.key, user, text: words }, io);
    return { io, handled };
  }
}

/** Starts an interview in a thread of its own; returns the thread and the first question message. */
async function begin(words = '', user = STARTER): Promise<{ t: Thread; io: FakeIo; question: Message }> {
  const t = new Thread(newThread());
  const io = new FakeIo();
  await decisions.start({ team: TEAM, channel: CHANNEL, user, thread: t.thread, text: words }, io);
  return { t, io, question: io.lastPost };
}

/** Starts an interview its starter answers alone (switched from the team's with the question's button). */
async function beginSolo(words = '', user = STARTER): Promise<{ t: Thread; io: FakeIo; question: Message }> {
  const started = await begin(words, user);
  const io = await started.t.click(started.question, 'iv_mode:question', user);
  expect((await started.t.state()).mode).toBe('solo');
  return { ...started, question: io.replaced[0] ?? started.question };
}

/** The stored state without where its current question was posted (a re-asked question is a new message). */
const settled = (s: InterviewState) => ({ ...s, askedTs: undefined, askedDelivery: undefined });

const OFFSHORE_PARTNER = { function: 'customer-support', core: 'non-core', budget: 'critical', coverage: 'yes', control: 'low', regulation: 'light', expertise: 'lack', horizon: 'long' } as const;

/** Clicks through to the recommendation; returns the recommendation message. */
async function clickThrough(t: Thread, first: Message, answers: Record<string, string> = OFFSHORE_PARTNER): Promise<Message> {
  let m = first;
  for (let i = 0; i < 10 && !isRecommendation(m); i++) {
    const q = asks(m)!;
    const io = await t.answer(m, answers[q]!);
    expect(io.posts, `after answering ${q}`).toHaveLength(1);
    m = io.lastPost;
  }
  expect(isRecommendation(m)).toBe(true);
  return m;
}

describe('a full interview', () => {
  it('by clicks: posts a parent message, asks every question in the thread, and ends with a recommendation', async () => {
    const io = new FakeIo();
    const { state } = await decisions.start({ team: TEAM, channel: CHANNEL, user: STARTER, text: '' }, io);
    // No thread given: a visible parent message first, and the interview runs in its thread.
    expect(io.posts).toHaveLength(2);
    expect(io.posts[0]!.thread).toBeUndefined();
    expect(text(io.posts[0]!.message)).toContain(`<@${STARTER}> started a sourcing decision`);
    expect(state.thread).toBe(io.posts[0]!.ts);
    expect(io.posts[1]!.thread).toBe(state.thread);
    expect(asks(io.posts[1]!.message)).toBe('function');

    const t = new Thread(state.thread);
    const asked: string[] = [];
    let m = io.posts[1]!.message;
    while (!isRecommendation(m)) {
      const q = asks(m)!;
      asked.push(q);
      const value = OFFSHORE_PARTNER[q as keyof typeof OFFSHORE_PARTNER];
      const click = await t.answer(m, value);
      expect(click.tells).toEqual([]);
      expect(click.posts).toHaveLength(1);
      expect(click.posts[0]!.thread).toBe(state.thread);
      // The clicked question is replaced by its answer, so its buttons cannot be clicked again.
      expect(click.replaced).toHaveLength(1);
      expect(buttons(click.replaced[0]!)).toEqual([]);
      expect(text(click.replaced[0])).toContain(`<@${STARTER}>`);
      m = click.lastPost;
      expect(checkMessage(m)).toEqual([]);
    }
    expect(asked).toEqual(['function', 'core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon']);
    expect(text(m)).toContain('Outsource to a partner abroad');
    expect(text(m)).toContain('Customer support');
    expect(buttons(m).map((b) => b.action_id)).toEqual(['iv_share', 'iv_details:full', 'iv_details:challenges', 'iv_canvas', 'iv_change', 'iv_restart']);
    const stored = await t.state();
    expect(stored).toMatchObject({ status: 'done', step: null, answers: OFFSHORE_PARTNER, version: 1 + asked.length });
  });

  it('by typed answers in the thread, in everyday words', async () => {
    const { t, question } = await begin();
    expect(asks(question)).toBe('function');
    const transcript: Array<[string, string | 'recommendation']> = [
      ['our helpdesk', 'core'],
      ["no, it's a support function", 'budget'],
      ['critcal', 'coverage'],
      ['we need it 24/7', 'control'],
      ['hands-off', 'regulation'],
      ['not regulated', 'expertise'],
      ['2', 'horizon'],
      ['ongoing', 'recommendation'],
    ];
    for (const [words, next] of transcript) {
      const { io, handled } = await t.type(words);
      expect(handled, words).toBe(true);
      expect(io.posts, words).toHaveLength(1);
      if (next === 'recommendation') expect(isRecommendation(io.lastPost)).toBe(true);
      else expect(asks(io.lastPost), words).toBe(next);
    }
    expect((await t.state()).answers).toEqual(OFFSHORE_PARTNER);
  });

  it('keeps a typed function name as the label of the decision', async () => {
    const { t } = await begin();
    await t.type('legal');
    const s = await t.state();
    expect(s.answers.function).toBe('other');
    expect(s.functionLabel).toBe('legal');
  });
});

describe('typed commands', () => {
  it('"back" asks the previous question again and forgets its answer', async () => {
    const { t } = await begin('decide customer support');
    await t.type('core');
    const { io } = await t.type('back');
    expect(asks(io.lastPost)).toBe('core');
    const s = await t.state();
    expect(s.step).toBe('core');
    expect(s.answers.core).toBeUndefined();
  });

  it('"back" on the first question says there is nothing to go back to and changes nothing', async () => {
    const { t } = await begin('decide customer support');
    const before = await t.state();
    const { io } = await t.type('back');
    expect(asks(io.lastPost)).toBe('core');
    expect(text(io.lastPost)).toMatch(/first question/);
    expect(settled(await t.state())).toEqual(settled(before));
  });

  it('"cancel" ends the decision for everyone to see, and later answers do nothing', async () => {
    const { t, question } = await begin('decide customer support');
    const { io } = await t.type('cancel');
    expect(io.posts).toHaveLength(1);
    expect(text(io.lastPost)).toContain('cancelled');
    // It can be started again from the thread, after a confirmation.
    expect(button(io.lastPost, 'iv_restart').confirm?.title.text).toBe('Start over?');
    expect((await t.state()).status).toBe('cancelled');

    const version = (await t.state()).version;
    const later = await t.type('core');
    expect(later.handled).toBe(false);
    expect(later.io.silent).toBe(true);
    const click = await t.answer(question, 'core');
    expect(click.posts).toEqual([]);
    expect((await t.state()).version).toBe(version);
  });

  it('"restart" (and "start over") starts again from the first question, keeping the function', async () => {
    const { t } = await begin('decide customer support');
    await t.type('core');
    await t.type('critical');
    const { io } = await t.type('start over');
    expect(asks(io.lastPost)).toBe('core');
    expect(text(io.lastPost)).toContain('Starting over.');
    const s = await t.state();
    expect(s.answers).toEqual({ function: 'customer-support' });
    expect(s.status).toBe('active');
  });

  it('"restart" after the recommendation starts over', async () => {
    const { t, question } = await begin('decide customer support');
    await clickThrough(t, question);
    const { io, handled } = await t.type('restart');
    expect(handled).toBe(true);
    expect(asks(io.lastPost)).toBe('core');
    expect((await t.state()).status).toBe('active');
  });

  it('"help" explains the question privately without changing anything', async () => {
    const { t } = await begin('decide customer support');
    const before = await t.state();
    const { io } = await t.type('help');
    expect(io.posts).toEqual([]);
    expect(io.tells).toHaveLength(1);
    expect(text(io.tells[0])).toMatch(/Why I ask/);
    expect(await t.state()).toEqual(before);
  });
});

describe('side questions and chatter', () => {
  it('answers a question typed mid-interview, then asks the same question again', async () => {
    const { t } = await begin('decide customer support');
    await t.type('core');
    const before = await t.state();
    const { io, handled } = await t.type('what is offshoring?');
    expect(handled).toBe(true);
    expect(io.posts).toHaveLength(2);
    expect(text(io.posts[0]!.message)).toMatch(/offshoring/i);
    expect(asks(io.posts[0]!.message)).toBeUndefined();
    expect(io.posts[0]!.thread).toBe(t.thread);
    expect(asks(io.posts[1]!.message)).toBe('budget');
    expect(text(io.posts[1]!.message)).toContain('Back to the decision:');
    expect(await t.state()).toEqual(before);
  });

  it("says it didn't catch an answer it cannot read, and asks again", async () => {
    const { t } = await begin('decide customer support');
    const before = await t.state();
    const { io } = await t.type('purple monkey dishwasher');
    expect(io.posts).toHaveLength(1);
    expect(asks(io.lastPost)).toBe('core');
    expect(text(io.lastPost)).toContain("I didn't catch that as an answer.");
    expect(await t.state()).toEqual(before);
  });

  it('leaves what someone other than the starter types to the caller, without touching the interview', async () => {
    const { t } = await beginSolo('decide customer support');
    const before = await t.state();
    const { io, handled } = await t.type('core', OTHER);
    expect(handled).toBe(false);
    expect(io.silent).toBe(true);
    expect(await t.state()).toEqual(before);
  });

  it('returns false for text typed in a thread with no interview', async () => {
    const t = new Thread(newThread());
    const { io, handled } = await t.type('core');
    expect(handled).toBe(false);
    expect(io.silent).toBe(true);
  });
});

describe('clicks that do not apply', () => {
  it('a click on an old question tells the user privately, shows the current question, and changes nothing', async () => {
    const { t, question } = await begin('decide customer support');
    const first = await t.answer(question, 'core');
    expect(asks(first.lastPost)).toBe('budget');
    const before = await t.state();

    const stale = await t.answer(question, 'non-core');
    expect(stale.posts).toEqual([]);
    expect(stale.replaced).toEqual([]);
    expect(stale.tells).toHaveLength(2);
    expect(text(stale.tells[0])).toMatch(/earlier step/);
    expect(asks(stale.tells[1]!)).toBe('budget');
    expect(await t.state()).toEqual(before);
  });

  it('a click by someone other than the starter is refused privately and changes nothing', async () => {
    const { t, question } = await beginSolo('decide customer support');
    const before = await t.state();
    const io = await t.answer(question, 'core', OTHER);
    expect(io.posts).toEqual([]);
    expect(io.tells).toHaveLength(1);
    expect(io.tells[0]!.text).toContain('Only the person who started this decision can answer it.');
    expect(text(io.tells[0])).toContain(`<@${STARTER}>`);
    expect(await t.state()).toEqual(before);
  });

  it('a click after the decision expired says so and offers a new decision', async () => {
    const { t, question } = await begin('decide customer support');
    const before = await t.state();
    clock += TTL + 1;
    try {
      const io = await t.answer(question, 'core');
      expect(io.posts).toEqual([]);
      expect(io.tells).toHaveLength(1);
      expect(io.tells[0]!.text).toMatch(/expired/);
      expect(button(io.tells[0]!, 'iv_start').text.text).toBe('Start a new decision');
      expect(await t.state()).toEqual(before);

      // The button starts a new decision under a new parent message.
      const fresh = await t.click(io.tells[0]!, 'iv_start');
      expect(fresh.posts).toHaveLength(2);
      expect(fresh.posts[1]!.thread).toBe(fresh.posts[0]!.ts);
      expect(asks(fresh.lastPost)).toBe('function');

      const typed = await t.type('core');
      expect(typed.handled).toBe(true);
      expect(typed.io.tells[0]!.text).toMatch(/expired/);
      expect(clock).toBeGreaterThan((await t.state())!.expiresAt);
    } finally {
      clock = T0;
    }
  });

  it('is still live one moment before the ttl runs out', async () => {
    const { t, question } = await begin('decide customer support');
    clock += TTL;
    try {
      const io = await t.answer(question, 'core');
      expect(asks(io.lastPost)).toBe('budget');
    } finally {
      clock = T0;
    }
  });

  it('a click after cancel says the decision was cancelled and offers a new one', async () => {
    const { t, question } = await begin('decide customer support');
    const cancel = await t.click(question, 'iv_cancel');
    expect(text(cancel.lastPost)).toContain('cancelled');
    const before = await t.state();
    expect(before.status).toBe('cancelled');

    const io = await t.answer(question, 'core');
    expect(io.posts).toEqual([]);
    const finished = io.tells.find((m) => m.text === 'This decision was cancelled.');
    expect(finished).toBeDefined();
    expect(button(finished!, 'iv_start').text.text).toBe('Start a new decision');
    expect(await t.state()).toEqual(before);
  });

  it('a click on a button of another (replaced) interview says it is gone', async () => {
    const { t, question } = await begin('decide customer support');
    await t.type('cancel');
    // A new decision in the same thread replaces the cancelled one.
    await decisions.start({ team: TEAM, channel: CHANNEL, user: STARTER, thread: t.thread, text: '' }, new FakeIo());
    const io = await t.answer(question, 'core');
    expect(io.tells).toHaveLength(1);
    expect(io.tells[0]!.text).toBe('This decision is no longer available.');
  });
});

describe('two clicks at once', () => {
  it('applies exactly one answer, advancing the version by one, and tells the other clicker where it stands', async () => {
    const { t, question } = await begin('decide customer support');
    const before = await t.state();
    const a = new FakeIo();
    const b = new FakeIo();
    await Promise.all([t.answer(question, 'core', STARTER, a), t.answer(question, 'non-core', STARTER, b)]);

    const after = await t.state();
    expect(after.version).toBe(before.version + 1);
    const winners = [a, b].filter((io) => io.posts.length > 0);
    const losers = [a, b].filter((io) => io.posts.length === 0);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(asks(winners[0]!.lastPost)).toBe('budget');
    expect(winners[0]!.replaced).toHaveLength(1);
    expect(losers[0]!.tells.length).toBeGreaterThan(0);
    // The loser is shown the question that is current now.
    expect(asks(losers[0]!.tells[losers[0]!.tells.length - 1]!)).toBe('budget');
    expect(losers[0]!.replaced).toEqual([]);
    expect(after.answers.core).toBe(winners[0] === a ? 'core' : 'non-core');
  });
});

describe('after the recommendation', () => {
  it('shares a summary in the channel crediting the starter, and whoever shared it', async () => {
    const { t, question } = await begin('decide customer support');
    const rec = await clickThrough(t, question);

    const byOther = await t.click(rec, 'iv_share', OTHER);
    expect(byOther.posts).toHaveLength(1);
    // A reply in the decision's thread, also shown in the channel: the channel copy links to the reasoning.
    expect(byOther.posts[0]!.thread).toBe(t.thread);
    expect(byOther.posts[0]!.broadcast).toBe(true);
    const summary = byOther.lastPost;
    expect(summary.text).toContain('Sourcing decision for Customer support: Outsource to a partner abroad');
    expect(text(summary)).toContain(`Decision run by <@${STARTER}>, shared by <@${OTHER}>`);
    expect(buttons(summary)).toEqual([]);
    expect(checkMessage(summary)).toEqual([]);

    const byStarter = await t.click(rec, 'iv_share');
    expect(text(byStarter.lastPost)).toContain(`Decision run by <@${STARTER}>`);
    expect(text(byStarter.lastPost)).not.toContain('shared by');
  });

  it('share before the end only shows where the decision stands', async () => {
    const { t, question } = await begin('decide customer support');
    const done = await clickThrough(t, question);
    await t.type('restart');
    const io = await t.click(done, 'iv_share');
    expect(io.posts).toEqual([]);
    expect(asks(io.tells[0]!)).toBe('core');
  });

  it('changes one answer through the change menu and returns straight to a new recommendation', async () => {
    const { t, question } = await begin('decide customer support');
    const rec = await clickThrough(t, question, { ...OFFSHORE_PARTNER, expertise: 'have' });
    const menu = await t.click(rec, 'iv_change');
    expect(menu.tells).toHaveLength(1);
    const ask = await t.click(menu.tells[0]!, 'iv_change_to:control');
    expect(asks(ask.lastPost)).toBe('control');
    const answered = await t.answer(ask.lastPost, 'medium');
    expect(answered.posts).toHaveLength(1);
    expect(isRecommendation(answered.lastPost)).toBe(true);
    expect(text(answered.lastPost)).toContain('Set up your own team abroad');
    expect((await t.state()).status).toBe('done');
  });

  it('a click on a question button after the end says the decision is finished', async () => {
    const { t, question } = await begin('decide customer support');
    await clickThrough(t, question);
    const io = await t.answer(question, 'core');
    expect(io.tells.some((m) => m.text === 'This decision is already finished.')).toBe(true);
  });
});

describe('starting', () => {
  it('skips the function question when the start text names one ("decide customer support")', async () => {
    const io = new FakeIo();
    const { state } = await decisions.start({ team: TEAM, channel: CHANNEL, user: STARTER, text: 'decide customer support' }, io);
    expect(io.posts).toHaveLength(2);
    expect(text(io.posts[0]!.message)).toContain('Customer support');
    expect(asks(io.lastPost)).toBe('core');
    expect(state).toMatchObject({ step: 'core', answers: { function: 'customer-support' }, functionLabel: 'Customer support', starter: STARTER });
  });

  it('takes an unlisted function after "decide" as typed', async () => {
    const { t, question } = await begin('decide legal');
    expect(asks(question)).toBe('core');
    expect((await t.state()).functionLabel).toBe('legal');
  });

  it('finds the function in a question that starts the decision ("should we outsource our helpdesk?")', async () => {
    const { t, question } = await begin('should we outsource our helpdesk?');
    expect(asks(question)).toBe('core');
    expect((await t.state()).answers.function).toBe('customer-support');
  });

  it('does not start a second decision in a thread where one is running: it shows where the first stands', async () => {
    const { t } = await begin('decide customer support');
    await t.type('core');
    const before = await t.state();
    const io = new FakeIo();
    const s = await decisions.start({ team: TEAM, channel: CHANNEL, user: OTHER, thread: t.thread, text: '' }, io);
    expect(s.state.id).toBe(before.id);
    expect(io.tells[0]!.text).toBe('A decision is already running in this thread.');
    expect(asks(io.lastPost)).toBe('budget');
    expect(await t.state()).toEqual(before);
    expect((await t.state())!.status).toBe('active');
  });
});

describe('typed answers, read right or asked again', () => {
  it('echoes a typed answer as understood, with the way to change it, above the next question', async () => {
    const { t } = await begin('decide customer support');
    const { io } = await t.type("it's not core for us");
    expect((await t.state()).answers.core).toBe('non-core');
    expect(asks(io.lastPost)).toBe('budget');
    expect(text(io.lastPost)).toContain('Got it: the function is not core to your business');
    expect(text(io.lastPost)).toMatch(/back.*to change it/);
  });

  it('asks which option was meant, offering only those, when a typed answer could be more than one', async () => {
    const { t } = await begin('decide customer support');
    await t.type('core');
    const before = await t.state();
    const { io } = await t.type('important or secondary');
    expect(await t.state()).toEqual(before);
    expect(io.posts).toHaveLength(1);
    expect(buttons(io.lastPost).map((b) => b.action_id)).toEqual(['iv_answer:important', 'iv_answer:secondary']);
    expect(text(io.lastPost)).toMatch(/not sure which you mean/);
  });

  it('gives a one-line hint, not a topic, for a statement it cannot place', async () => {
    const { t } = await begin('decide customer support');
    const { io } = await t.type('we outsourced before and it went badly');
    expect(io.posts).toHaveLength(1);
    expect(io.lastPost.blocks[0]).toMatchObject({ type: 'context' });
    expect(text(io.lastPost)).toContain("I didn't catch that as an answer");
    expect(io.lastPost.blocks.some((b) => b.type === 'header')).toBe(false);
  });

  it('offers what the opening words said for confirmation, never takes it silently', async () => {
    const io = new FakeIo();
    const t = new Thread(newThread());
    await decisions.start({ team: TEAM, channel: CHANNEL, user: STARTER, thread: t.thread, text: 'should we offshore our customer support? we are a fintech' }, io);
    const state = await t.state();
    expect(state.answers.regulation).toBeUndefined();
    expect(state.suggested).toEqual({ regulation: 'heavy' });
    // Answered up to regulation: the question is asked, its suggested option marked and explained.
    let m = io.lastPost;
    for (const v of ['non-core', 'critical', 'yes', 'low']) m = (await t.answer(m, v)).lastPost;
    expect(asks(m)).toBe('regulation');
    expect(button(m, 'iv_answer:heavy').style).toBe('primary');
    expect(text(m)).toContain("From what you said, I'd pick *Heavy: strict rules apply*");
  });
});

describe('a decision the team answers together', () => {
  const THIRD = 'U0THIRD';

  it('lets anyone in the thread answer, shows who answered in place, and moves on once everyone taking part has', async () => {
    const { t, question } = await begin('decide customer support');
    const first = await t.answer(question, 'non-core', OTHER);
    // The other person joined: the question stays, showing their answer, with its buttons still valid.
    expect(first.posts).toEqual([]);
    expect(text(first.replaced[0])).toContain(`<@${OTHER}>: No`);
    expect(asks(first.replaced[0]!)).toBe('core');
    const second = await t.answer(first.replaced[0]!, 'non-core');
    expect(asks(second.lastPost)).toBe('budget');
    expect(text(second.replaced[0])).toMatch(new RegExp(`<@${OTHER}>: No.*<@${STARTER}>: No`));
    expect((await t.state()).participants).toEqual([STARTER, OTHER]);
  });

  it('counts what a teammate types when it is plainly an answer, and leaves their chatter alone', async () => {
    const { t } = await begin('decide customer support');
    const chat = await t.type('I think we should talk to finance first', OTHER);
    expect(chat.handled).toBe(false);
    expect(chat.io.silent).toBe(true);
    const typed = await t.type('it is core to us', OTHER);
    expect(typed.handled).toBe(true);
    expect((await t.state()).votes?.core).toEqual({ [OTHER]: { value: 'core' } });
  });

  it('counts two people answering at once, each exactly once', async () => {
    const { t, question } = await begin('decide customer support');
    await t.answer(question, 'non-core', OTHER);
    await t.answer(question, 'non-core', THIRD);
    let s = await t.state();
    expect(s.participants).toEqual([STARTER, OTHER, THIRD]);
    await t.answer(question, 'non-core'); // core closes: all three answered
    s = await t.state();
    const budget = await t.state();
    expect(budget.step).toBe('budget');
    // A typed vote updates the question's message in place, by its id.
    const q = (await t.type('2', THIRD)).io;
    expect(q.posts).toEqual([]);
    expect(q.updated.map((u) => u.ts)).toEqual([budget.askedTs]);
    expect(text(q.updated[0]!.message)).toContain(`<@${THIRD}>: Important`);
    s = await t.state();
    // Two clicks on the same question at the same moment: both count.
    const message = engine.render.message({ kind: 'question', state: s, question: 'budget' });
    await Promise.all([t.answer(message, 'critical', OTHER), t.answer(message, 'secondary', STARTER)]);
    s = await t.state();
    expect(s.step).toBe('coverage');
    expect(s.votes?.budget).toEqual({ [THIRD]: { value: 'important' }, [OTHER]: { value: 'critical' }, [STARTER]: { value: 'secondary' } });
    // A three-way tie goes to the most cautious option.
    expect(s.answers.budget).toBe('secondary');
  });

  it('names a disagreement that would change the recommendation, and whose view it is', async () => {
    const { t, question } = await begin('decide customer support');
    let m = question;
    // Three people agree on everything but control: one wants it high, two can leave it low.
    for (const q of ['core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon'] as const) {
      const value = OFFSHORE_PARTNER[q];
      await t.answer(m, q === 'control' ? 'high' : value, OTHER);
      await t.answer(m, value, THIRD);
      m = (await t.answer(m, value)).lastPost;
    }
    expect(isRecommendation(m)).toBe(true);
    const s = await t.state();
    expect(s.answers.control).toBe('low');
    expect(text(m)).toContain('Where you disagree');
    expect(text(m)).toMatch(new RegExp(`If <@${OTHER}>'s view holds, it would be \\*`));
  });

  it('starts a cancelled decision again from its thread, after a confirmation', async () => {
    const { t } = await begin('decide customer support');
    const { io } = await t.type('cancel');
    const again = await t.click(io.lastPost, 'iv_restart');
    expect(asks(again.lastPost)).toBe('core');
    expect((await t.state()).status).toBe('active');
  });

  it('lets only the starter move on with the answers so far', async () => {
    const { t, question } = await begin('decide customer support');
    const voted = await t.answer(question, 'core', OTHER);
    const tally = voted.replaced[0]!;
    const refused = await t.click(tally, 'iv_next', OTHER);
    expect(refused.tells).toHaveLength(1);
    const next = await t.click(tally, 'iv_next');
    expect(asks(next.lastPost)).toBe('budget');
    expect((await t.state()).answers.core).toBe('core');
  });
});

describe('where a finished decision goes', () => {
  it('from a DM, opens a form to pick the channel, then posts the summary there', async () => {
    const dm = { team: TEAM, channel: 'D0DIRECT', thread: newThread() };
    const io = new FakeIo();
    await decisions.start({ ...dm, user: STARTER, text: 'decide customer support' }, io);
    expect((await store.get(dm))?.mode).toBe('solo');
    let m = io.lastPost;
    for (let i = 0; i < 10 && !isRecommendation(m); i++) {
      const q = asks(m)!;
      const step = new FakeIo();
      await decisions.click({ ...dm, user: STARTER, actionId: `iv_answer:${OFFSHORE_PARTNER[q as keyof typeof OFFSHORE_PARTNER]}`, value: button(m, `iv_answer:${OFFSHORE_PARTNER[q as keyof typeof OFFSHORE_PARTNER]}`).value }, step);
      m = step.lastPost;
    }
    const share = new FakeIo();
    await decisions.click({ ...dm, user: STARTER, actionId: 'iv_share', value: button(m, 'iv_share').value }, share);
    expect(share.posts).toEqual([]);
    expect(share.opened.map((r) => r.kind)).toEqual(['share-picker']);
    const view = engine.render.view(share.opened[0]!)!;
    expect(JSON.parse(view.private_metadata!)).toMatchObject({ channel: 'D0DIRECT', thread: dm.thread });

    const posted: Array<{ channel: string; reply: Reply }> = [];
    const there: Io = { ...new FakeIo(), post: async () => '', tell: async () => undefined, postElsewhere: async (channel, reply) => (posted.push({ channel, reply }), channel === 'C0NOTIN' ? 'not_in_channel' : 'posted') };
    expect((await decisions.shareTo({ ...dm, user: STARTER, to: 'C0NOTIN' }, there)).shared).toBe('not_in_channel');
    expect((await decisions.shareTo({ ...dm, user: STARTER, to: 'C0SHARED' }, there)).shared).toBe('posted');
    expect(posted.map((p) => [p.channel, p.reply.kind])).toEqual([['C0NOTIN', 'summary'], ['C0SHARED', 'summary']]);
  });

  it('saves the brief as a canvas, or, where canvases are not allowed, says why and posts the brief in the thread', async () => {
    const { t, question } = await begin('decide customer support');
    const rec = await clickThrough(t, question);
    const saved = await t.click(rec, 'iv_canvas');
    expect(saved.documents.map((d) => d.kind)).toEqual(['brief']);
    expect(text(saved.tells[0])).toContain('Saved the decision brief as a canvas');
    expect(saved.posts).toEqual([]);
    const doc = engine.render.document(saved.documents[0]!)!;
    expect(doc.title).toBe('Sourcing decision for Customer support: Outsource to a partner abroad');
    expect(doc.markdown).toContain('- [ ] **');
    expect(doc.markdown).toContain(`<@${STARTER}>`);

    const refused = new FakeIo();
    refused.documentResult = { ok: false, reason: 'canvas_disabled_user_team' };
    await t.click(rec, 'iv_canvas', STARTER, refused);
    expect(text(refused.tells[0])).toContain('canvas_disabled_user_team');
    expect(refused.posts).toHaveLength(1);
    expect(refused.posts[0]!.thread).toBe(t.thread);
    expect(text(refused.lastPost)).toContain('How each answer weighs');
  });
});
