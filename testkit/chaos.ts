/**
 * The crash test: real app processes on one database, killed with SIGKILL at random moments and started again,
 * while simulated people run decisions through them (`/sourcing decide`, clicks and typed answers), with Slack
 * played by the fake Web API and by this harness, which delivers requests as Slack does:
 *
 * - an event that was not acknowledged (the connection died, or an error status) is delivered again with the same
 *   `event_id` and `X-Slack-Retry-Num` (Slack's schedule is immediately, then after 1 and 5 minutes; here it is
 *   compressed to seconds, with more tries, so a run takes minutes);
 * - a click or a slash command is never delivered again: the person who saw it fail clicks (or types the command)
 *   again, as a new request, unless the thread shows it worked.
 *
 * Afterwards it checks, from the fake Slack's record and the database: every acknowledged request was applied,
 * none twice; no message was posted twice; every parent message has its decision; every decision shows its current
 * step (its question, or its recommendation) and nothing is left undelivered.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlack, type RecordedCall } from './fake-slack.js';
import { startAppProcess, type AppProcess } from './process.js';
import { seeded } from './random.js';
import { FORM, JSON_TYPE, SIGNING_SECRET, TEAM, actionBody, commandBody, eventBody, sign } from './slack-requests.js';
import { buttonsOf, isQuestion, isRecommendation, questionAsked } from './blocks.js';
import { openStore, type Store } from '../src/store/index.js';

export interface ChaosOptions {
  readonly store: 'sqlite' | 'postgres';
  /** PostgreSQL: the URL of a database of the run's own. */
  readonly databaseUrl?: string;
  /** How many times a process is killed (SIGKILL) and started again. */
  readonly kills: number;
  /** How many people run decisions at once (one after another, until the kills are done). */
  readonly people: number;
  /** App processes running at once. */
  readonly processes: number;
  readonly seed: number;
  /** The run gives up (and reports what is unfinished) after this long. */
  readonly maxSeconds: number;
  readonly log?: (line: string) => void;
}

export interface ChaosReport {
  readonly store: string;
  readonly seconds: number;
  readonly kills: number;
  /** Kills that landed while the process had a request in flight. */
  readonly killsInFlight: number;
  /** Decisions run (each from `/sourcing decide` to its recommendation). */
  readonly decisions: number;
  readonly requests: { sent: number; acknowledged: number; notAcknowledged: number; busy: number; eventRetries: number };
  readonly acknowledged: { starts: number; clicks: number; typed: number };
  /** Acknowledged requests whose change is missing. */
  readonly lost: string[];
  /** Requests applied more than once. */
  readonly appliedTwice: string[];
  readonly duplicatePosts: string[];
  readonly orphanParents: string[];
  readonly stuckThreads: string[];
  readonly unfinished: string[];
  readonly undelivered: number;
}

const QUESTION_IDS = ['core', 'budget', 'coverage', 'control', 'regulation', 'expertise', 'horizon'] as const;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One app process slot: started on its port, killed, started again. */
class Slot {
  app: AppProcess | undefined;
  alive = false;
  /** Requests sent to it and not answered yet. */
  inFlight = 0;
  constructor(
    readonly name: string,
    readonly port: number,
    private readonly apiUrl: string,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.app = await startAppProcess({ apiUrl: this.apiUrl, env: this.env, port: this.port });
    this.alive = true;
  }

  async kill9(): Promise<void> {
    this.alive = false;
    await this.app?.stop('SIGKILL');
  }

  async stop(): Promise<void> {
    this.alive = false;
    await this.app?.stop('SIGINT');
  }
}

/** A request as the harness sends it: the status, or 0 when the connection failed. */
async function deliver(url: string, body: string, type: string, headers: Record<string, string> = {}): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': type, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp, SIGNING_SECRET), ...headers },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const deadline = started + opts.maxSeconds * 1000;
  const rng = seeded(opts.seed);
  const fake = await new FakeSlack().start();
  const dataDir = mkdtempSync(join(tmpdir(), 'sourcing-chaos-'));
  const env: Record<string, string> = {
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: '0',
    ...(opts.store === 'postgres' ? { DATABASE_URL: opts.databaseUrl! } : { DATA_DIR: dataDir }),
  };
  const basePort = 20_000 + Math.floor(rng() * 20_000);
  const slots = Array.from({ length: opts.processes }, (_, i) => new Slot(`app${i}`, basePort + i, fake.apiUrl, env));
  const requests = { sent: 0, acknowledged: 0, notAcknowledged: 0, busy: 0, eventRetries: 0 };
  const acknowledged = { starts: 0, clicks: 0, typed: 0 };
  const ackedAnswers: Array<{ person: number; question: string; value: string; how: string }> = [];
  const unfinished: string[] = [];
  let kills = 0;
  let killsInFlight = 0;
  /** Decisions run, each by one person in a channel of its own (`CCHAOS<n>`). */
  let decisions = 0;
  /**
   * The label of each decision's acknowledged `/sourcing decide`: the one its person runs. An earlier try that was
   * saved but never acknowledged (its process died) has a parent of its own in the same channel, posted in any order.
   */
  const startedAs = new Map<number, string>();
  const namesLabel = (c: RecordedCall, label: string) => new RegExp(`\\b${label}\\b`).test(String(c.body.text));
  let store: Store | undefined;

  const live = () => {
    const up = slots.filter((s) => s.alive);
    return up[Math.floor(rng() * up.length)] ?? slots[0]!;
  };
  /** Set by the killer: the next request sent goes to a process that is killed a few milliseconds into it. */
  let armed: ((slot: Slot) => void) | undefined;
  const send = async (body: string, type: string, headers?: Record<string, string>) => {
    requests.sent++;
    const slot = live();
    slot.inFlight++;
    if (armed && slot.alive) {
      const fire = armed;
      armed = undefined;
      fire(slot);
    }
    const status = await deliver(slot.url, body, type, headers).finally(() => slot.inFlight--);
    if (status === 200) requests.acknowledged++;
    else requests.notAcknowledged++;
    if (status === 503) requests.busy++;
    return status;
  };

  /** Slack's delivery of an event: again, with the same id, until it is acknowledged. */
  const sendEvent = async (body: string): Promise<boolean> => {
    const waits = [0, 300, 1000, 2000, 4000, 8000, 11_000, 15_000];
    for (const [attempt, wait] of waits.entries()) {
      await sleep(wait);
      if (attempt > 0) requests.eventRetries++;
      const status = await send(body, JSON_TYPE, attempt > 0 ? { 'x-slack-retry-num': String(attempt), 'x-slack-retry-reason': 'http_error' } : {});
      if (status === 200) return true;
    }
    return false;
  };

  const posts = (p: (c: RecordedCall) => boolean) => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.reply?.ok === true && p(c));
  const until = async <T>(probe: () => T | undefined, what: string, ms = 120_000): Promise<T> => {
    const by = Math.min(Date.now() + ms, deadline);
    for (;;) {
      const v = probe();
      if (v !== undefined) return v;
      if (Date.now() > by) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };

  async function person(i: number): Promise<void> {
    const channel = `CCHAOS${i}`;
    const user = `UCHAOS${i}`;
    const pick = seeded(opts.seed * 1000 + i);
    const path = QUESTION_IDS.map((q) => {
      const values = { core: ['core', 'non-core'], budget: ['critical', 'important', 'secondary'], coverage: ['yes', 'no'], control: ['high', 'medium', 'low'], regulation: ['heavy', 'some', 'light'], expertise: ['have', 'lack'], horizon: ['short', 'long'] }[q];
      return values[Math.floor(pick() * values.length)]!;
    });
    // Start: the person types the command again until Slack shows it was taken.
    let label = '';
    for (let attempt = 1; ; attempt++) {
      label = `zq${i}x${attempt}`;
      const status = await send(commandBody(`decide ${label}`, fake.responseUrl(`start-${i}-${attempt}`), { channel_id: channel, user_id: user }), FORM);
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`decision ${i} could not be started`);
      await sleep(300 + pick() * 700);
    }
    acknowledged.starts++;
    startedAs.set(i, label);
    const parent = await until(() => posts((c) => c.body.channel === channel && !c.body.thread_ts && namesLabel(c, label))[0], `the parent of decision ${i}`);
    const thread = parent.reply!.ts as string;
    const inThread = (c: RecordedCall) => c.body.channel === channel && c.body.thread_ts === thread;
    for (const [k, question] of QUESTION_IDS.entries()) {
      const asked = await until(() => posts((c) => inThread(c) && isQuestion(c) && questionAsked(c) === question).at(-1), `question ${question} of decision ${i}`);
      const value = path[k]!;
      const moved = () => (k + 1 < QUESTION_IDS.length ? posts((c) => inThread(c) && isQuestion(c) && questionAsked(c) === QUESTION_IDS[k + 1]).length > 0 : posts((c) => inThread(c) && isRecommendation(c)).length > 0);
      for (let attempt = 0; ; attempt++) {
        if (moved()) break; // taken, although Slack never saw it acknowledged
        const byClick = pick() < 0.5;
        let ok: boolean;
        if (byClick) {
          const button = buttonsOf(asked).find((b) => b.action_id === `iv_answer:${value}`)!;
          const ts = asked.reply!.ts as string;
          const status = await send(
            actionBody(
              { action_id: button.action_id, value: button.value! },
              {
                user: { id: user, username: user, name: user, team_id: TEAM },
                channel: { id: channel, name: 'c' },
                response_url: fake.responseUrl(`click-${i}-${k}-${attempt}`),
                container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false, thread_ts: thread },
                message: { type: 'message', ts, thread_ts: thread, text: asked.body.text },
              },
            ),
            FORM,
          );
          ok = status === 200;
        } else {
          const position = buttonsOf(asked).filter((b) => b.action_id.startsWith('iv_answer:')).findIndex((b) => b.action_id === `iv_answer:${value}`);
          const ts = `1720000000.${String(i).padStart(3, '0')}${String(k).padStart(1, '0')}${String(attempt).padStart(2, '0')}`;
          ok = await sendEvent(eventBody({ type: 'message', channel, channel_type: 'channel', user, text: String(position + 1), ts, thread_ts: thread }));
        }
        if (ok) {
          if (byClick) acknowledged.clicks++;
          else acknowledged.typed++;
          ackedAnswers.push({ person: i, question, value, how: byClick ? 'click' : 'typed' });
          break;
        }
        if (Date.now() > deadline) throw new Error(`decision ${i}: ${question} could not be answered`);
        await sleep(200 + pick() * 800);
      }
    }
    await until(() => posts((c) => inThread(c) && isRecommendation(c))[0], `the recommendation of decision ${i}`);
  }

  try {
    await Promise.all(slots.map((s) => s.start()));
    log(`chaos on ${opts.store}: ${opts.processes} processes, ${opts.people} people, ${opts.kills} kills`);
    let peopleDone = false;
    const killer = (async () => {
      while (kills < opts.kills && Date.now() < deadline) {
        await sleep(300 + rng() * 900);
        // Most kills land a few milliseconds into a request (the next one sent); the rest at a random moment, which
        // hits deliveries and whatever else the process is doing. Once the people are done, all at random moments.
        const victim = await new Promise<Slot | undefined>((resolve) => {
          if (peopleDone || rng() < 0.25) {
            const up = slots.filter((x) => x.alive);
            resolve(up[Math.floor(rng() * up.length)]);
            return;
          }
          const timer = setTimeout(() => {
            armed = undefined;
            resolve(undefined);
          }, 5000);
          armed = (slot) => {
            clearTimeout(timer);
            setTimeout(() => resolve(slot), rng() * 2);
          };
        });
        if (!victim) continue;
        const hit = victim.inFlight;
        await victim.kill9();
        kills++;
        if (hit > 0) killsInFlight++;
        log(`kill ${kills}: ${victim.name}${hit > 0 ? ` with ${hit} request(s) in flight` : ''}`);
        await victim.start();
      }
    })();
    // People start a little apart, so kills land at every stage of a decision; each runs one decision after another
    // until the kills are done, so every kill meets decisions in progress.
    let killing = true;
    void killer.finally(() => (killing = false));
    let runs = 0;
    const people = Array.from({ length: opts.people }, (_, i) =>
      sleep(i * 300).then(async () => {
        do {
          const id = runs++;
          await person(id).catch((err: unknown) => {
            unfinished.push(`decision ${id}: ${(err as Error).message}`);
          });
        } while (killing && Date.now() < deadline);
      }),
    );
    await Promise.all(people);
    peopleDone = true;
    await killer;
    decisions = runs;

    // Quiet: every process up, nothing left to deliver.
    store = openStore(opts.store === 'postgres' ? { databaseUrl: opts.databaseUrl!, poolSize: 2 } : { dataDir });
    let undelivered = await store.pendingDeliveries();
    const quietBy = Math.min(Date.now() + 90_000, deadline + 60_000);
    while (undelivered > 0 && Date.now() < quietBy) {
      await sleep(250);
      undelivered = await store.pendingDeliveries();
    }

    // ---- What Slack and the database show.
    const lost: string[] = [];
    const appliedTwice: string[] = [];
    const duplicatePosts: string[] = [];
    const orphanParents: string[] = [];
    const stuckThreads: string[] = [];
    const parents = posts((c) => String(c.body.channel).startsWith('CCHAOS') && !c.body.thread_ts);
    const parentTs = new Map<string, RecordedCall>();
    for (const p of parents) {
      const key = `${p.body.channel}|${String(p.body.text)}`;
      if (parentTs.has(key)) duplicatePosts.push(`parent posted twice: ${key}`);
      parentTs.set(key, p);
    }
    for (const p of parents) {
      const thread = p.reply!.ts as string;
      const state = await store.get({ team: TEAM, channel: p.body.channel, thread });
      if (!state) {
        orphanParents.push(`${p.body.channel} ${thread}: ${String(p.body.text).slice(0, 80)}`);
        continue;
      }
      const here = posts((c) => c.body.channel === p.body.channel && c.body.thread_ts === thread);
      const questions = here.filter(isQuestion).map(questionAsked);
      const recs = here.filter(isRecommendation);
      const seen = new Set<string>();
      for (const q of questions) {
        if (seen.has(q!)) duplicatePosts.push(`${p.body.channel} ${thread}: question ${q} posted twice`);
        seen.add(q!);
      }
      if (recs.length > 1) duplicatePosts.push(`${p.body.channel} ${thread}: ${recs.length} recommendations`);
      if (state.status === 'done' && recs.length !== 1) stuckThreads.push(`${p.body.channel} ${thread}: done, ${recs.length} recommendations shown`);
      if (state.status === 'active' && questions.at(-1) !== state.step) stuckThreads.push(`${p.body.channel} ${thread}: asks ${state.step}, the thread shows ${questions.at(-1) ?? 'no question'}`);
    }
    // Every decision someone ran: finished once, with every answer applied exactly once.
    for (let i = 0; i < decisions; i++) {
      const channel = `CCHAOS${i}`;
      const mine = ackedAnswers.filter((a) => a.person === i);
      const label = startedAs.get(i);
      const driven = label === undefined ? undefined : parents.find((p) => p.body.channel === channel && namesLabel(p, label));
      if (!driven) {
        if (mine.length) lost.push(`decision ${i}: answers acknowledged but no decision`);
        continue;
      }
      const state = await store.get({ team: TEAM, channel, thread: driven.reply!.ts as string });
      if (!state) {
        lost.push(`decision ${i}: its acknowledged start has a parent but no decision`);
        continue;
      }
      for (const a of mine) if (state.answers[a.question] !== a.value) lost.push(`decision ${i}: ${a.question}=${a.value} (${a.how}) acknowledged, stored ${state.answers[a.question] ?? 'nothing'}`);
      // Each applied change adds one version: seven answers after the start.
      if (state.status === 'done' && state.version !== 1 + QUESTION_IDS.length) appliedTwice.push(`decision ${i}: version ${state.version} after ${QUESTION_IDS.length} answers`);
    }
    return {
      store: opts.store,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      kills,
      killsInFlight,
      decisions,
      requests,
      acknowledged,
      lost,
      appliedTwice,
      duplicatePosts,
      orphanParents,
      stuckThreads,
      unfinished,
      undelivered,
    };
  } finally {
    await Promise.all(slots.map((s) => s.stop()));
    await store?.close();
    await fake.stop();
  }
}
