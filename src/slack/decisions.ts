/**
 * Runs decision interviews over Slack: loads the interview for a thread, applies the user's click or typed
 * answer through the pure machine, saves it with a version check, then posts what the machine asked for.
 * Slack I/O goes through the small `Io` interface, so the listeners stay thin and this stays testable.
 */
import { AppError } from '../errors/index.js';
import type { Engine } from '../engine.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { NONE } from '../knowledge/contract.js';
import { isExpired, resultOf, startInterview, transition, type Effect, type InterviewEvent, type InterviewState } from '../interview/machine.js';
import { findFunction, parseInput } from '../interview/parse.js';
import { renderAnswer } from '../replies/answer.js';
import type { Message } from '../replies/blocks.js';
import {
  answeredMessage,
  cancelledMessage,
  changeMenu,
  decodeValue,
  helpMessage,
  IV,
  notes,
  parentMessage,
  questionMessage,
  recommendationMessage,
  sharedSummary,
} from '../replies/interview.js';

/** What a decision needs from Slack, for one request. */
export interface Io {
  /** Posts visibly in the conversation (in `thread` when given); resolves with the message ts. */
  post(message: Message, thread?: string): Promise<string>;
  /** Tells only the acting user (ephemeral; in the thread when possible). */
  tell(message: Message): Promise<void>;
  /** Replaces the message whose button was clicked (clicks only). */
  replaceClicked?(message: Message): Promise<void>;
}

export interface DecisionDeps {
  readonly engine: Engine;
  readonly store: Store;
  readonly logger: Logger;
  readonly ttlMs: number;
  readonly now?: () => number;
}

/** `/sourcing decide …` (and its synonyms) asks for a decision rather than an answer. */
export const DECIDE = /^\s*(decide|decision|interview|recommend)\b/i;

/** How long handled event and action ids are remembered: longer than Slack's retries (up to ~5 minutes). */
export const EVENT_MEMORY_MS = 60 * 60 * 1000;

export interface StartRequest {
  readonly team: string;
  readonly channel: string;
  readonly user: string;
  /** The thread to run in; when absent, a visible parent message is posted first and its thread is used. */
  readonly thread?: string;
  /** The text that started it ("decide customer support", "should we outsource our helpdesk?"). */
  readonly text: string;
}

export interface Decisions {
  start(req: StartRequest, io: Io): Promise<InterviewState>;
  /** A message typed in a thread; returns false when there is no interview there for it. */
  typed(req: { team: string; channel: string; thread: string; user: string; text: string }, io: Io): Promise<boolean>;
  click(req: { team: string; channel: string; thread: string; user: string; actionId: string; value: string | undefined }, io: Io): Promise<void>;
}

export function createDecisions({ engine, store, logger, ttlMs, now = Date.now }: DecisionDeps): Decisions {
  const { catalogue } = engine;
  const spec = catalogue.interview;

  async function perform(state: InterviewState, effects: readonly Effect[], io: Io): Promise<void> {
    for (const e of effects) {
      switch (e.kind) {
        case 'ask':
          await io.post(questionMessage(catalogue, state, e.question, e.note), state.thread);
          break;
        case 'recommend':
          await io.post(recommendationMessage(catalogue, state, e.result), state.thread);
          logger.info({ team: state.team, channel: state.channel, interview: state.id, recommendation: e.result.recommendation }, 'recommendation given');
          break;
        case 'cancelled':
          await io.post(cancelledMessage(state.starter), state.thread);
          break;
        case 'help':
          await io.tell(helpMessage(catalogue, e.question));
          break;
      }
    }
  }

  /** Where the interview stands, as a message for someone who clicked something out of date. */
  function currentMessage(state: InterviewState): Message {
    if (state.status === 'active' && state.step) return questionMessage(catalogue, state, state.step);
    return notes.finished(state.status === 'cancelled' ? 'cancelled' : 'done');
  }

  /** Applies an event with a version check; the loser of a race is shown the current state. */
  async function apply(state: InterviewState, event: InterviewEvent, io: Io, onApplied?: () => Promise<void>): Promise<void> {
    const t = transition(spec, state, event, now(), ttlMs);
    if (!t.changed) {
      await perform(state, t.effects, io);
      return;
    }
    if (!(await store.save(t.state, state.version))) {
      const fresh = (await store.get(state)) ?? state;
      await io.tell(notes.stale('Someone else answered first; here is where it stands now.'));
      await io.tell(currentMessage(fresh));
      return;
    }
    logger.info({ team: state.team, channel: state.channel, interview: state.id, event: event.type, step: t.state.step, version: t.state.version }, 'interview updated');
    if (onApplied) await onApplied();
    await perform(t.state, t.effects, io);
  }

  const decisions: Decisions = {
    async start(req, io) {
      const fnQuestion = spec.question.get('function');
      const cleaned = req.text.replace(DECIDE, '').trim();
      let fn = findFunction(fnQuestion, cleaned);
      // After "decide", whatever names the function counts even when it is not one of the listed ones.
      if (!fn && DECIDE.test(req.text) && cleaned && cleaned.length <= 60) fn = { value: 'other', label: cleaned };
      let thread = req.thread;
      if (!thread) {
        // Check the database first, so a failed start never leaves an orphan "started a decision" post behind.
        await store.ping();
        thread = await io.post(parentMessage(req.user, { functionLabel: fn?.label ?? null }));
      }
      const key = { team: req.team, channel: req.channel, thread };
      const existing = await store.get(key);
      if (existing && existing.status === 'active' && !isExpired(existing, now())) {
        await io.tell(notes.alreadyRunning());
        await io.post(currentMessage(existing), thread);
        return existing;
      }
      const t = startInterview(spec, key, req.user, now(), ttlMs, fn);
      const state = existing ? { ...t.state, version: existing.version + 1 } : t.state;
      const saved = existing ? await store.save(state, existing.version) : await store.insert(state);
      if (!saved) {
        const current = (await store.get(key))!;
        await io.post(currentMessage(current), thread);
        return current;
      }
      logger.info({ team: req.team, channel: req.channel, interview: state.id, function: fn?.value }, 'interview started');
      await perform(state, t.effects, io);
      return state;
    },

    async typed(req, io) {
      const state = await store.get(req);
      if (!state) return false;
      // Only the starter answers; others may discuss in the thread (and a mention from them is answered as a question).
      if (req.user !== state.starter) return false;
      if (isExpired(state, now())) {
        await io.tell(notes.expired());
        return true;
      }
      const question = state.step ? spec.question.get(state.step) : undefined;
      if (state.status !== 'active' || !question) {
        // After the end, only "restart" (or "start over") typed by the starter does something here.
        const parsed = parseInput(spec.question.get('core')!, req.text);
        if (parsed.kind !== 'command' || parsed.command !== 'restart') return false;
        await apply(state, { type: 'restart' }, io);
        return true;
      }
      const parsed = parseInput(question, req.text);
      if (parsed.kind === 'answer') return apply(state, { type: 'answer', question: question.id, value: parsed.value, ...(parsed.label ? { label: parsed.label } : {}) }, io).then(() => true);
      if (parsed.kind === 'command') return apply(state, { type: parsed.command }, io).then(() => true);
      // A side question: answer it, then ask the current question again.
      const side = engine.matcher.match(req.text);
      if (side.intent !== NONE && side.intent !== 'greeting' && side.intent !== 'interview-start') {
        await io.post(renderAnswer(catalogue, side.intent, { visibility: 'public', offerDecide: false }), state.thread);
        await io.post(questionMessage(catalogue, state, question.id, 'Back to the decision:'), state.thread);
      } else {
        await io.post(questionMessage(catalogue, state, question.id, notes.notUnderstood()), state.thread);
      }
      return true;
    },

    async click(req, io) {
      const v = decodeValue(req.value);
      if (req.actionId === IV.start) {
        await decisions.start({ team: req.team, channel: req.channel, user: req.user, text: '' }, io);
        return;
      }
      const state = await store.get(req);
      if (!v || !state || state.id !== v.id) {
        await io.tell(notes.gone());
        return;
      }
      if (req.actionId === IV.share) {
        if (state.status !== 'done') {
          await io.tell(currentMessage(state));
          return;
        }
        await io.post(sharedSummary(catalogue, state, resultOf(spec, state), req.user));
        return;
      }
      if (req.user !== state.starter) {
        await io.tell(notes.notStarter(state.starter));
        return;
      }
      if (isExpired(state, now())) {
        await io.tell(notes.expired());
        return;
      }
      if (req.actionId === IV.help) {
        if (state.status === 'active' && state.step) await io.tell(helpMessage(catalogue, state.step));
        else await io.tell(currentMessage(state));
        return;
      }
      if (req.actionId === IV.change) {
        if (state.version !== v.version) return io.tell(currentMessage(state));
        await io.tell(changeMenu(catalogue, state));
        return;
      }
      if (state.version !== v.version) {
        await io.tell(notes.stale(state.status === 'active' ? 'Here is the current question.' : ''));
        await io.tell(currentMessage(state));
        return;
      }
      let event: InterviewEvent;
      if (req.actionId.startsWith(IV.answer)) {
        const [question, value] = v.rest;
        if (!question || !value) throw new AppError('bad_input', 'That button is missing its answer.');
        event = { type: 'answer', question, value };
        if (state.status !== 'active') return io.tell(currentMessage(state));
        await apply(state, event, io, async () => {
          await io.replaceClicked?.(answeredMessage(catalogue, question, value, undefined, req.user));
        });
        return;
      }
      if (req.actionId.startsWith(IV.changeTo)) event = { type: 'change', question: v.rest[0] ?? '' };
      else if (req.actionId === IV.back) event = { type: 'back' };
      else if (req.actionId === IV.cancel) event = { type: 'cancel' };
      else if (req.actionId === IV.restart) event = { type: 'restart' };
      else throw new AppError('bad_input', `unknown interview action ${req.actionId}`);
      if (state.status !== 'active' && (event.type === 'back' || event.type === 'cancel')) return io.tell(currentMessage(state));
      await apply(state, event, io);
    },
  };
  return decisions;
}
