/**
 * Durable effects. A change to a decision and the messages it must show are saved together, as deliveries, in
 * one transaction, before the request is acknowledged; a dispatcher then delivers them in order per decision,
 * retrying with backoff, on whichever process is running (a crash or restart resumes where it stopped). A posted
 * message's id is recorded, so a retry updates instead of posting again, and a post that may already have reached
 * Slack is looked for before it is tried again.
 *
 * Without a durable store (the terminal, the runner's own tests) the same deliveries are carried out at once.
 */
import type { Reply } from './replies.js';

/** One of the app's messages: by its id, or by the delivery that posted it. */
export type MessageRef = { readonly ts: string } | { readonly delivery: string };

export type Delivery =
  /** Posts in the decision's thread, or at the top of the conversation (the parent message). */
  | { readonly id: string; readonly op: 'post'; readonly reply: Reply; readonly where: 'thread' | 'top'; readonly broadcast?: boolean }
  /** Replaces one of the app's messages. */
  | { readonly id: string; readonly op: 'update'; readonly reply: Reply; readonly message: MessageRef }
  /** Replaces the message the person clicked (through the click's response URL), or else `message`. */
  | { readonly id: string; readonly op: 'replace'; readonly reply: Reply; readonly message?: MessageRef }
  /** A note to the person who acted, only. */
  | { readonly id: string; readonly op: 'tell'; readonly reply: Reply };

/** What a delivery needs from the request that caused it. */
export interface DeliveryContext {
  /** The person who acted (ephemeral notes go to them). */
  readonly user: string;
  /** The decision's thread; a placeholder (`~…`) until its parent message is posted. */
  readonly thread: string;
  /** The delivery that posts the parent message, when this decision's thread starts with one. */
  readonly parentDelivery?: string;
  /** The click's or command's response URL, valid for half an hour. */
  readonly responseUrl?: string;
}

/** A delivery as saved: what to do and the context to do it in. */
export interface SavedDelivery {
  readonly delivery: Delivery;
  readonly context: DeliveryContext;
}

/** A thread key that stands for a parent message not posted yet. */
export const PLACEHOLDER_THREAD = '~';
export const isPlaceholder = (thread: string) => thread.startsWith(PLACEHOLDER_THREAD);
/** The placeholder thread of a decision (short enough for a thread id column: 31 characters). */
export const placeholderThread = (interviewId: string) => `${PLACEHOLDER_THREAD}${interviewId.replace(/-/g, '').slice(0, 30)}`;
/** Whether a value is a placeholder thread as `placeholderThread` makes it (the mark, then up to 30 hex digits). */
export const isPlaceholderThread = (value: unknown): value is string => typeof value === 'string' && isPlaceholder(value) && /^[0-9a-f]{1,30}$/.test(value.slice(PLACEHOLDER_THREAD.length));

/** A delivery as a durable store saves it with a change: its id and the saved delivery as JSON. */
export interface NewDelivery {
  readonly id: string;
  readonly payload: string;
}
