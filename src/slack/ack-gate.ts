/**
 * Holding Slack's acknowledgement until a change is durable. A request that may change a decision (a decision
 * button, `/sourcing`, a message or mention, the decision form) is acknowledged only once the change and the messages it must show
 * are saved (`release()`, called through the request's durable Io), or when its handling ends, or after a safety
 * limit well inside Slack's three seconds. Anything else is acknowledged as soon as the listener acks.
 */
import type { ReceiverEvent } from '@slack/bolt';
import { IV_PREFIX, ANSWER_ACTIONS, DECIDE_VIEW } from '../conversation/actions.js';

/** The longest an acknowledgement waits for a save: Slack retries (or shows an error) after three seconds. */
export const ACK_HOLD_MS = 2500;

export interface AckGate {
  /** The acknowledgement may go now (the change is saved, or there is none to wait for). */
  release(): void;
  /**
   * The request is not acknowledged at all (another process is handling the same event now): the sender is to try
   * again later. The app then answers it with an error status instead (see app.ts).
   */
  refuse(): void;
  readonly refused: boolean;
}

/** Whether a request may change a decision, so its acknowledgement waits for the save. */
function mayChangeDecision(body: Record<string, unknown>): boolean {
  if (typeof body.command === 'string') return true;
  const event = body.event as { type?: unknown } | undefined;
  if (body.type === 'event_callback') return event?.type === 'message' || event?.type === 'app_mention';
  // The decision form (global shortcut) starts a decision.
  if (body.type === 'view_submission') return (body.view as { callback_id?: unknown } | undefined)?.callback_id === DECIDE_VIEW.callbackId;
  if (typeof body.payload === 'string' || body.type === 'block_actions') {
    const actions = (body.actions ?? []) as Array<{ action_id?: unknown }>;
    return actions.some((a) => typeof a.action_id === 'string' && (a.action_id.startsWith(IV_PREFIX) || a.action_id === ANSWER_ACTIONS.decide));
  }
  return false;
}

/** Wraps a request's `ack` so it is sent once released (for requests that may change a decision). */
export function gateAck(event: ReceiverEvent): AckGate {
  if (!mayChangeDecision(event.body)) return { release: () => undefined, refuse: () => undefined, refused: false };
  const ack = event.ack;
  let released = false;
  let pending: { args: Parameters<typeof ack> } | undefined;
  const send = () => {
    if (!pending) return;
    const { args } = pending;
    pending = undefined;
    // After Slack's three seconds Bolt may have answered already: nothing more to send then.
    ack(...args).catch(() => undefined);
  };
  const timer = setTimeout(() => {
    released = true;
    send();
  }, ACK_HOLD_MS);
  timer.unref();
  event.ack = async (...args: Parameters<typeof ack>) => {
    pending = { args };
    if (released) send();
  };
  let refused = false;
  return {
    release() {
      if (released) return;
      released = true;
      clearTimeout(timer);
      if (!refused) send();
    },
    refuse() {
      if (released) return;
      refused = true;
      released = true;
      pending = undefined;
      clearTimeout(timer);
    },
    get refused() {
      return refused;
    },
  };
}
