/**
 * The interview runner both doors share. Every request goes load → guard → transition → save → perform: the
 * interview for a thread is loaded, the request checked by named guards, turned into an event for the pure
 * machine, saved with a version check (so two clicks at once cannot both apply), and only then are the machine's
 * effects shown, through the door's `Io`. It renders nothing itself: it hands `Reply` values to the `Io`.
 */
import { randomUUID } from 'node:crypto';
import type { InterviewSpec } from '../interview/spec.js';
import { isDirectConversation, isExpired, mayAnswer, modeOf, startInterview, transition, resultOf, type Effect, type InterviewEvent, type InterviewKey, type InterviewState, type Mode } from '../interview/machine.js';
import { asksSomething, commandOf, findFunction, parseInput, suggestedBy } from '../interview/parse.js';
import { NONE } from '../knowledge/contract.js';
import { clickKind, decodeValue, IV, PARENT_SUFFIX, type ButtonValue, type ClickKind } from './actions.js';
import { answerer, currentMenu, currentStep, notExpired, refusal, starterOnly, whenDone, whereItStands, whileActive, type Guard } from './guards.js';
import { answerTo, RECOMMENDATION_VIEWS, type Echo, type Reply } from './replies.js';
import { DECIDE, type Router } from './router.js';
import type { Threads } from './threads.js';
import { placeholderThread, type Delivery, type DeliveryContext, type MessageRef, type NewDelivery, type SavedDelivery } from './outbox.js';

/** What a request needs from its door, for one request. */
export interface Io {
  /**
   * Shows a reply to everyone in the conversation (in `thread` when given; `broadcast` also shows a thread reply in
   * the conversation itself); resolves with its message id.
   */
  post(reply: Reply, thread?: string, options?: { broadcast?: boolean }): Promise<string>;
  /** Shows a reply to the person who acted, only. */
  tell(reply: Reply): Promise<void>;
  /** Replaces the message whose button was clicked (clicks only). */
  replaceClicked?(reply: Reply): Promise<void>;
  /** Replaces one of the app's messages in the conversation, by its message id. */
  update?(messageId: string, reply: Reply): Promise<void>;
  /** Opens a form for the person who clicked (a modal in Slack). */
  open?(reply: Reply): Promise<void>;
  /** Shows a reply in another conversation; `not_in_channel` when the app cannot post there. */
  postElsewhere?(channel: string, reply: Reply): Promise<'posted' | 'not_in_channel'>;
  /** Saves a reply as a document of the conversation (a canvas); Slack's reason when the workspace does not allow it. */
  saveDocument?(reply: Reply): Promise<{ ok: true } | { ok: false; reason: string }>;
  /**
   * Present when what a change shows is to be saved with it and delivered afterwards (see outbox.ts), rather than
   * shown at once: the request's context for its deliveries, and what to do once they are saved.
   */
  readonly durable?: DurableIo;
}

/** A request recorded as handled with the change it makes (see `DurableIo.once`); the store's `OnceOnly`. */
export interface OnceOnly {
  readonly key: string;
  readonly ttlMs: number;
  /** The delivery that holds the event's lease, if one does. */
  readonly owner?: string;
}

/** `OnceOnly` for a team's request. */
export interface RequestOnce extends OnceOnly {
  readonly team: string;
}

export interface DurableIo {
  /** The person who acted and the request's response URL. */
  readonly user: string;
  readonly responseUrl?: string;
  /** The change and its deliveries are saved: the request may be acknowledged now, and the deliveries made. */
  saved(interview: string): void;
  /** Deliveries were made due again: look for them now. */
  kick(): void;
  /**
   * For a request its sender retries until it is acknowledged (a Slack event): its id, recorded as handled with the
   * change it makes, so a retry after a crash changes the decision only if the first try's change was not saved.
   */
  readonly once?: RequestOnce;
}

/** Where interviews are kept: a `Store`, or memory for the terminal. */
export interface InterviewRepo {
  get(key: InterviewKey): Promise<InterviewState | undefined>;
  /**
   * False if one already exists for this key (or `once` was handled already). `deliveries`, and `once` as handled,
   * are saved with it (durable stores only).
   */
  insert(state: InterviewState, deliveries?: readonly NewDelivery[], once?: OnceOnly): Promise<boolean>;
  /** False if the stored version is no longer `expectedVersion` (or `once` was handled already); as `insert` otherwise. */
  save(state: InterviewState, expectedVersion: number, deliveries?: readonly NewDelivery[], once?: OnceOnly): Promise<boolean>;
  /** Whether an event was handled already, or is being handled by another process than `owner` (durable stores only). */
  claimed?(team: string, key: string, owner?: string): Promise<boolean>;
  /** Makes a decision's undelivered messages due now (durable stores only). */
  reviveDeliveries?(interview: string, now: number): Promise<number>;
  /** Where a delivery stands (durable stores only). */
  deliveryStatus?(id: string): Promise<{ status: string; attempts: number } | undefined>;
  /** Throws when the repository cannot be reached. */
  ping(): Promise<void>;
}

export interface InterviewDeps {
  readonly spec: InterviewSpec;
  readonly router: Router;
  readonly repo: InterviewRepo;
  /** Where side questions in a decision's thread are read in its context (none: each is read alone). */
  readonly threads?: Threads;
  readonly ttlMs: number;
  readonly now?: () => number;
}

/** What a request did: the interview as it now stands, and the fields of the request's one log line. */
export interface Outcome {
  /** False when the message was not for an interview (no interview in that thread, or not its starter's). */
  readonly handled: boolean;
  /** The interview after the request (absent when there is none). */
  readonly state?: InterviewState;
  readonly interview?: string;
  readonly event?: string;
  readonly step?: string | null;
  readonly version?: number;
  readonly recommendation?: string;
  readonly function?: string;
  /** True when the request changed the interview and the change was saved. */
  readonly applied?: boolean;
  /** Set when a save lost a race and the person was shown the current state instead. */
  readonly conflict?: boolean;
  /** Set when the request was a retry of an event already applied: nothing was done. */
  readonly duplicate?: boolean;
}

export interface StartRequest {
  readonly team: string;
  readonly channel: string;
  readonly user: string;
  /** The thread to run in; when absent, a visible parent message is posted first and its thread is used. */
  readonly thread?: string;
  /** The text that started it ("decide customer support", "should we outsource our helpdesk?"). */
  readonly text: string;
}

export interface TypedRequest extends InterviewKey {
  readonly user: string;
  readonly text: string;
}

export interface ClickRequest extends InterviewKey {
  readonly user: string;
  readonly actionId: string;
  readonly value: string | undefined;
}

/** Which of the decision's messages a click came from, so an effect on it replaces it in place. */
type Clicked = 'question' | 'parent' | undefined;

/** What a change must show, as deliveries; which delivery posts the question asked; the outcome, if any. */
interface Planned {
  readonly deliveries: readonly Delivery[];
  readonly asked?: string;
  readonly recommendation?: string;
}

/** An outcome's fields for a log line: ids and steps, never answers or names. */
export function logFields(o: Outcome): Record<string, unknown> {
  const { state: _state, ...fields } = o;
  return fields;
}

export interface ShareRequest extends InterviewKey {
  readonly user: string;
  /** The conversation to share the decision in. */
  readonly to: string;
}

export interface Interviews {
  start(req: StartRequest, io: Io): Promise<Outcome & { state: InterviewState }>;
  /** Shares a finished decision in another conversation (from a DM's picker); `io` posts there. */
  shareTo(req: ShareRequest, io: Io): Promise<Outcome & { shared?: 'posted' | 'not_in_channel' }>;
  /** A message typed in a thread; `handled` is false when there is no interview there for it. */
  typed(req: TypedRequest, io: Io): Promise<Outcome>;
  click(req: ClickRequest, io: Io): Promise<Outcome>;
}

const NOT_HANDLED: Outcome = { handled: false };

/** How many times a vote that lost a race to another vote on the same question is applied again. */
const VOTE_RETRIES = 5;

/** Each button kind: the guards it must pass, in order, and the event it becomes (when it changes the decision). */
const CLICK_RULES: Record<Exclude<ClickKind, 'start'>, { guards: readonly Guard[]; event?: (v: ButtonValue, user: string) => InterviewEvent | undefined }> = {
  share: { guards: [whenDone] },
  details: { guards: [whenDone] },
  canvas: { guards: [whenDone] },
  help: { guards: [starterOnly, notExpired] },
  change: { guards: [starterOnly, notExpired, currentMenu] },
  answer: {
    guards: [answerer, notExpired, currentStep, whileActive],
    event: (v, user) => (v.rest[0] && v.rest[1] ? { type: 'answer', question: v.rest[0], value: v.rest[1], by: user } : undefined),
  },
  next: { guards: [starterOnly, notExpired, currentStep, whileActive], event: () => ({ type: 'next' }) },
  mode: { guards: [starterOnly, notExpired], event: (v) => (v.rest[0] === 'team' || v.rest[0] === 'solo' ? { type: 'mode', mode: v.rest[0] } : undefined) },
  'change-to': { guards: [starterOnly, notExpired, currentStep], event: (v) => ({ type: 'change', question: v.rest[0] ?? '' }) },
  back: { guards: [starterOnly, notExpired, currentStep, whileActive], event: () => ({ type: 'back' }) },
  cancel: { guards: [starterOnly, notExpired, currentStep, whileActive], event: () => ({ type: 'cancel' }) },
  restart: { guards: [starterOnly, notExpired, currentStep], event: () => ({ type: 'restart' }) },
};

/** The function a request to decide names ("decide customer support", "should we outsource our helpdesk?"). */
export function functionFrom(spec: InterviewSpec, text: string): { value: string; label: string } | undefined {
  const cleaned = text.replace(DECIDE, '').trim();
  const fn = findFunction(spec.question.get('function'), cleaned);
  if (fn) return fn;
  // After "decide", whatever names the function counts even when it is not one of the listed ones.
  if (DECIDE.test(text) && cleaned && cleaned.length <= 60) return { value: 'other', label: cleaned };
  return undefined;
}

export function createInterviews({ spec, router, repo, threads, ttlMs, now = Date.now }: InterviewDeps): Interviews {
  /** What the words that started a decision already say about its questions, to offer for confirmation. */
  const suggestionsIn = (text: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const q of spec.questions) {
      if (q.free_text) continue;
      const v = suggestedBy(q, text.replace(DECIDE, ''), spec.answers);
      if (v !== undefined) out[q.id] = v;
    }
    return out;
  };
  const describe = (state: InterviewState, extra: Partial<Outcome> = {}): Outcome & { state: InterviewState } => ({
    handled: true,
    state,
    interview: state.id,
    step: state.step,
    version: state.version,
    ...extra,
  });

  /**
   * What the machine asked for, as deliveries (with a typed answer echoed as understood, when there is one). `before`
   * is the state the change started from: its question message is the one a vote or a close replaces.
   */
  function plan(state: InterviewState, effects: readonly Effect[], echo?: Echo, before: InterviewState = state, clicked?: Clicked): Planned {
    const deliveries: Delivery[] = [];
    let recommendation: string | undefined;
    let asked: string | undefined;
    const askedRef: MessageRef | undefined = before.askedTs ? { ts: before.askedTs } : before.askedDelivery ? { delivery: before.askedDelivery } : undefined;
    const parentRef: MessageRef | undefined = state.parentTs ? { ts: state.parentTs } : state.parentDelivery ? { delivery: state.parentDelivery } : undefined;
    const onQuestion = (reply: Reply) => {
      if (clicked === 'question') deliveries.push({ id: randomUUID(), op: 'replace', reply, ...(askedRef ? { message: askedRef } : {}) });
      else if (askedRef) deliveries.push({ id: randomUUID(), op: 'update', reply, message: askedRef });
    };
    const inThread = (reply: Reply): Delivery => ({ id: randomUUID(), op: 'post', reply, where: 'thread' });
    for (const e of effects) {
      switch (e.kind) {
        case 'ask': {
          const d = inThread({ kind: 'question', state, question: e.question, ...(e.note ? { note: e.note } : {}), ...(echo ? { echo } : {}) });
          deliveries.push(d);
          asked = d.id;
          break;
        }
        case 'tally':
          onQuestion({ kind: 'question', state, question: e.question });
          break;
        case 'closed':
          onQuestion({ kind: 'answered', question: e.question, value: state.answers[e.question]!, ...(e.question === 'function' && state.functionLabel ? { label: state.functionLabel } : {}), by: before.starter, state });
          break;
        case 'recommend':
          deliveries.push(inThread({ kind: 'recommendation', state, result: e.result, ...(echo ? { echo } : {}) }));
          recommendation = e.result.recommendation;
          break;
        case 'parent': {
          const reply: Reply = { kind: 'parent', user: state.starter, functionLabel: state.functionLabel, state };
          if (clicked === 'parent') deliveries.push({ id: randomUUID(), op: 'replace', reply, ...(parentRef ? { message: parentRef } : {}) });
          else if (parentRef) deliveries.push({ id: randomUUID(), op: 'update', reply, message: parentRef });
          break;
        }
        case 'cancelled':
          deliveries.push(inThread({ kind: 'cancelled', by: state.starter, state }));
          break;
        case 'help':
          deliveries.push({ id: randomUUID(), op: 'tell', reply: { kind: 'why-asked', question: e.question } });
          break;
      }
    }
    return { deliveries, ...(recommendation ? { recommendation } : {}), ...(asked ? { asked } : {}) };
  }

  /** The state as saved with its deliveries: it remembers which delivery posts the question it now asks. */
  const withAsked = (state: InterviewState, planned: Planned): InterviewState => (planned.asked ? { ...state, askedDelivery: planned.asked } : state);

  /**
   * Saves a change (or, for `insert`, a new decision) together with what it must show. With a durable store the
   * deliveries are saved in the same transaction and made afterwards; otherwise they are made at once, here.
   */
  async function commit(state: InterviewState, expected: number | 'insert', planned: Planned, io: Io): Promise<boolean> {
    const durable = io.durable;
    if (durable) {
      const context: DeliveryContext = { user: durable.user, thread: state.thread, ...(state.parentDelivery ? { parentDelivery: state.parentDelivery } : {}), ...(durable.responseUrl ? { responseUrl: durable.responseUrl } : {}) };
      const rows = planned.deliveries.map((delivery) => ({ id: delivery.id, payload: JSON.stringify({ delivery, context } satisfies SavedDelivery) }));
      const once = durable.once;
      const saved = expected === 'insert' ? await repo.insert(state, rows, once) : await repo.save(state, expected, rows, once);
      if (saved) durable.saved(state.id);
      return saved;
    }
    const saved = expected === 'insert' ? await repo.insert(state) : await repo.save(state, expected);
    if (!saved) return false;
    const known = await deliverNow(io, state.thread, planned.deliveries);
    // Where the question was posted, so votes can show on it; the same version, so its buttons stay valid.
    const ts = planned.asked ? known.get(planned.asked) : undefined;
    if (ts && modeOf(state) === 'team') await repo.save({ ...state, askedTs: ts }, state.version);
    return true;
  }

  /** Whether the request's event was recorded as handled by an earlier delivery of it. */
  async function handledBefore(io: Io): Promise<boolean> {
    const once = io.durable?.once;
    return once !== undefined && repo.claimed !== undefined && (await repo.claimed(once.team, once.key, once.owner));
  }

  async function tellAll(io: Io, replies: readonly Reply[]): Promise<void> {
    for (const r of replies) await io.tell(r);
  }

  /**
   * Transition, save with a version check, then perform. The loser of a race is shown the current state; a vote
   * that lost a race with another vote on the same question is applied again on the fresh state (so two people
   * answering at once both count).
   */
  async function apply(state: InterviewState, event: InterviewEvent, io: Io, echo?: Echo, clicked?: Clicked): Promise<Outcome> {
    let current = state;
    for (let attempt = 0; ; attempt++) {
      const t = transition(spec, current, event, now(), ttlMs);
      if (!t.changed) {
        // Nothing changed, but something may be shown again (the current question): saved as the same version.
        const planned = plan(current, t.effects, undefined, current, clicked);
        if (planned.deliveries.length > 0) await commit(withAsked(current, planned), current.version, planned, io);
        return describe(current, { event: event.type, ...(planned.recommendation ? { recommendation: planned.recommendation } : {}) });
      }
      const planned = plan(t.state, t.effects, echo, current, clicked);
      const next = withAsked(t.state, planned);
      if (await commit(next, current.version, planned, io)) {
        return describe(next, { event: event.type, applied: true, ...(planned.recommendation ? { recommendation: planned.recommendation } : {}) });
      }
      const fresh = (await repo.get(current)) ?? current;
      // A retry of an event whose first delivery was applied: nothing more to do (what it showed is on its way).
      if (await handledBefore(io)) return describe(fresh, { event: event.type, duplicate: true });
      const sameQuestion = event.type === 'answer' && fresh.status === 'active' && fresh.step === event.question && fresh.askedVersion === current.askedVersion;
      if (!sameQuestion || attempt >= VOTE_RETRIES) {
        await tellAll(io, [{ kind: 'note', note: 'stale', current: 'someone_else_first' }, whereItStands(fresh)]);
        return describe(fresh, { event: event.type, conflict: true });
      }
      current = fresh;
    }
  }

  /**
   * Someone acted in a decision's thread: whatever it has not shown yet (given up, or waiting for a retry) is made
   * due now, so no thread stays stuck. True when the question it asks is known not to have reached Slack (its post
   * failed, and is to be tried again): what was typed cannot be an answer to a question nobody has seen. A post on
   * its first try may already be in the thread, so an answer to it counts.
   */
  async function catchUp(state: InterviewState, io: Io): Promise<boolean> {
    const durable = io.durable;
    if (!durable || !repo.reviveDeliveries) return false;
    const asked = state.status === 'active' && state.askedDelivery && !state.askedTs && repo.deliveryStatus ? await repo.deliveryStatus(state.askedDelivery) : undefined;
    if ((await repo.reviveDeliveries(state.id, now())) > 0) durable.kick();
    return asked !== undefined && asked.status !== 'done' && (asked.status === 'failed' || asked.attempts > 0);
  }

  const interviews: Interviews = {
    async start(req, io) {
      const fn = functionFrom(spec, req.text);
      let thread = req.thread;
      const mode: Mode = isDirectConversation(req.channel) ? 'solo' : 'team';
      const id = randomUUID();
      let parentTs: string | undefined;
      let parent: Delivery | undefined;
      const draft = { id, version: 1, askedVersion: 1, mode, starter: req.user, status: 'active' as const };
      if (!thread && io.durable) {
        // The parent message and the decision are one step: saved together under a placeholder thread, the parent
        // posted first, and the decision moved to its thread once Slack has given it.
        parent = { id: randomUUID(), op: 'post', where: 'top', reply: { kind: 'parent', user: req.user, functionLabel: fn?.label ?? null, state: draft } };
        thread = placeholderThread(id);
      } else if (!thread) {
        // Check the repository first, so a failed start never leaves an orphan "started a decision" post behind.
        await repo.ping();
        thread = await io.post({ kind: 'parent', user: req.user, functionLabel: fn?.label ?? null, state: draft });
        parentTs = thread;
      }
      const key = { team: req.team, channel: req.channel, thread };
      const existing = await repo.get(key);
      if (existing && (await handledBefore(io))) return describe(existing, { event: 'start', duplicate: true });
      if (existing && existing.status === 'active' && !isExpired(existing, now())) {
        await io.tell({ kind: 'note', note: 'already_running' });
        await io.post(whereItStands(existing), thread);
        return describe(existing, { event: 'start' });
      }
      const t = startInterview(spec, key, req.user, now(), ttlMs, fn, suggestionsIn(req.text), { mode, id, ...(parentTs ? { parentTs } : {}), ...(parent ? { parentDelivery: parent.id } : {}) });
      const started = existing ? { ...t.state, version: existing.version + 1, ...(existing.parentTs ? { parentTs: existing.parentTs } : {}) } : t.state;
      const effects = plan(started, t.effects);
      const planned = parent ? { ...effects, deliveries: [parent, ...effects.deliveries] } : effects;
      const state = withAsked(started, planned);
      if (!(await commit(state, existing ? existing.version : 'insert', planned, io))) {
        const found = await repo.get(key);
        if (await handledBefore(io)) return describe(found ?? state, { event: 'start', duplicate: true });
        const current = found!;
        await io.post(whereItStands(current), thread);
        return describe(current, { event: 'start', conflict: true });
      }
      return describe(state, { event: 'start', applied: true, ...(fn ? { function: fn.value } : {}) });
    },

    async shareTo(req, io) {
      const state = await repo.get(req);
      if (!state || state.status !== 'done' || !io.postElsewhere) return { handled: true, event: 'share' };
      const shared = await io.postElsewhere(req.to, { kind: 'summary', state, result: resultOf(spec, state), sharedBy: req.user });
      return { ...describe(state, { event: 'share' }), shared };
    },

    async typed(req, io) {
      const state = await repo.get(req);
      if (!state) return NOT_HANDLED;
      // Read after the state: an earlier delivery's change and its record are saved together, so a state that
      // already shows that change is always seen with the record.
      if (await handledBefore(io)) return describe(state, { event: 'typed', duplicate: true });
      if (await catchUp(state, io)) {
        if (mayAnswer(state, req.user)) await io.tell({ kind: 'note', note: 'not_shown_yet' });
        return describe(state, { event: 'not-shown-yet' });
      }
      // Who may answer answers; others may discuss in the thread (a mention from them is answered as a question).
      if (!mayAnswer(state, req.user)) return NOT_HANDLED;
      // In a team decision, what others type counts only when it is plainly an answer to the current question.
      if (req.user !== state.starter) {
        const asked = state.status === 'active' && state.step ? spec.question.get(state.step) : undefined;
        const parsed = asked ? parseInput(asked, req.text, spec.answers) : undefined;
        if (!asked || parsed?.kind !== 'answer' || notExpired({ state, user: req.user, now: now() })) return NOT_HANDLED;
        const label = parsed.label ? { label: parsed.label } : {};
        return apply(state, { type: 'answer', question: asked.id, value: parsed.value, by: req.user, ...label }, io, { question: asked.id, value: parsed.value, ...label });
      }
      const refused = notExpired({ state, user: req.user, now: now() });
      if (refused) {
        await tellAll(io, refused);
        return describe(state, { event: 'expired' });
      }
      const question = state.status === 'active' && state.step ? spec.question.get(state.step) : undefined;
      if (!question) {
        // After the end, only "restart" (or "start over") typed by the starter does something here.
        if (commandOf(req.text, spec.answers) !== 'restart') return NOT_HANDLED;
        return apply(state, { type: 'restart' }, io);
      }
      const parsed = parseInput(question, req.text, spec.answers);
      if (parsed.kind === 'answer') {
        const label = parsed.label ? { label: parsed.label } : {};
        return apply(state, { type: 'answer', question: question.id, value: parsed.value, by: req.user, ...label }, io, { question: question.id, value: parsed.value, ...label });
      }
      if (parsed.kind === 'command') return apply(state, { type: parsed.command }, io);
      if (parsed.kind === 'unclear') {
        // Never a guess: ask which option was meant.
        await io.post({ kind: 'clarify', state, question: question.id, options: parsed.options }, state.thread);
        return describe(state, { event: 'unclear' });
      }
      // A side question is answered, then the current question asked again; anything else gets a one-line hint.
      const key = [{ team: state.team, channel: state.channel, thread: state.thread }];
      const route = asksSomething(req.text, spec.answers) ? await (threads ? threads.route(req.text, 'message', key) : router.route(req.text, 'message')) : undefined;
      if (route?.kind === 'answer' && route.match.intent !== NONE && !router.isSocial(route.match.intent)) {
        await io.post({ ...answerTo(route.match, req.text, 'public'), offerDecide: false }, state.thread);
        await threads?.remember(key, route.match.intent);
        await io.post({ kind: 'question', state, question: question.id, note: 'back_to_decision' }, state.thread);
        return describe(state, { event: 'side-question' });
      }
      await io.post({ kind: 'hint', state, question: question.id }, state.thread);
      return describe(state, { event: 'not-understood' });
    },

    async click(req, io) {
      const kind = clickKind(req.actionId);
      if (kind === undefined) return NOT_HANDLED;
      if (kind === 'start') return interviews.start({ team: req.team, channel: req.channel, user: req.user, text: '' }, io);
      const value = decodeValue(req.value);
      const state = await repo.get(req);
      if (state) await catchUp(state, io);
      if (!value || !state || state.id !== value.id) {
        await io.tell({ kind: 'note', note: 'gone' });
        return { handled: true, event: kind };
      }
      const rule = CLICK_RULES[kind];
      const refused = refusal(rule.guards, { state, user: req.user, now: now(), value });
      if (refused) {
        await tellAll(io, refused);
        return describe(state, { event: kind });
      }
      switch (kind) {
        case 'share': {
          const summary: Reply = { kind: 'summary', state, result: resultOf(spec, state), sharedBy: req.user };
          // From a DM: pick a channel. In a channel: a thread reply also shown in the channel, linked to the reasoning.
          if (isDirectConversation(state.channel) && io.open) await io.open({ kind: 'share-picker', state });
          else if (isDirectConversation(state.channel)) await io.post(summary, state.thread || undefined);
          else await io.post(summary, state.thread, { broadcast: true });
          return describe(state, { event: kind });
        }
        case 'canvas': {
          const result = resultOf(spec, state);
          const saved = io.saveDocument ? await io.saveDocument({ kind: 'brief', state, result }) : { ok: false as const, reason: 'unsupported' };
          if (saved.ok) await io.tell({ kind: 'note', note: 'canvas_saved' });
          else {
            await io.tell({ kind: 'note', note: 'canvas_unavailable', reason: saved.reason });
            await io.post({ kind: 'recommendation', state, result, view: 'full' }, state.thread || undefined);
          }
          return describe(state, { event: kind });
        }
        case 'details': {
          const view = RECOMMENDATION_VIEWS.find((v) => v === req.actionId.slice(IV.details.length)) ?? 'summary';
          const reply = { kind: 'recommendation', state, result: resultOf(spec, state), view } as const;
          await (io.replaceClicked ? io.replaceClicked(reply) : io.tell(reply));
          return describe(state, { event: kind });
        }
        case 'help':
          await io.tell(state.status === 'active' && state.step ? { kind: 'why-asked', question: state.step } : whereItStands(state));
          return describe(state, { event: kind });
        case 'change':
          await io.tell({ kind: 'change-menu', state });
          return describe(state, { event: kind });
        default: {
          const event = rule.event!(value, req.user);
          if (!event) {
            await io.tell({ kind: 'note', note: 'missing_answer' });
            return describe(state, { event: kind });
          }
          return apply(state, event, io, undefined, kind === 'answer' || kind === 'next' ? 'question' : kind === 'mode' && req.actionId.endsWith(PARENT_SUFFIX) ? 'parent' : undefined);
        }
      }
    },
  };
  return interviews;
}

/**
 * Carries deliveries out at once through the request's `Io` (no durable store). Returns the message id each post
 * got, by delivery id.
 */
export async function deliverNow(io: Io, thread: string, deliveries: readonly Delivery[], known: Map<string, string> = new Map()): Promise<Map<string, string>> {
  const resolve = (ref: MessageRef | undefined) => (ref === undefined ? undefined : 'ts' in ref ? ref.ts : known.get(ref.delivery));
  for (const d of deliveries) {
    switch (d.op) {
      case 'post': {
        const ts = await io.post(d.reply, d.where === 'thread' ? thread || undefined : undefined, d.broadcast ? { broadcast: true } : undefined);
        if (ts) known.set(d.id, ts);
        break;
      }
      case 'update': {
        const ts = resolve(d.message);
        if (ts && io.update) await io.update(ts, d.reply);
        break;
      }
      case 'replace': {
        const ts = resolve(d.message);
        if (io.replaceClicked) await io.replaceClicked(d.reply);
        else if (ts && io.update) await io.update(ts, d.reply);
        break;
      }
      case 'tell':
        await io.tell(d.reply);
        break;
    }
  }
  return known;
}
