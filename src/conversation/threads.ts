/**
 * Follow-ups read in their thread's context: the topic of the last answer given in a thread (or at the top level of a
 * DM) is remembered, so "and the risks?" after "what is offshoring" asks the risks of offshoring. Kept in the same
 * store as interviews (so it works across replicas and restarts) and purged with idle interviews.
 */
import type { InterviewKey } from '../interview/machine.js';
import { NONE } from '../knowledge/contract.js';
import type { Route, Router, Surface } from './router.js';

/** Where thread topics are kept: a `Store`, or memory for the terminal. */
export interface TopicRepo {
  getTopic(key: InterviewKey): Promise<string | undefined>;
  setTopic(key: InterviewKey, intent: string, now: number): Promise<void>;
}

export interface Threads {
  /** Routes a message read in the context of its thread(s): the first key with a remembered topic gives it. */
  route(text: string, surface: Surface, keys: readonly InterviewKey[]): Promise<Route & { previous?: string }>;
  /** Remembers the topic just answered in these threads (off-topic replies and small talk leave it as it was). */
  remember(keys: readonly InterviewKey[], intent: string): Promise<void>;
}

/**
 * Context is a help, not a need: when the repository cannot be reached the question is read on its own (and
 * `unavailable` is told why), so an answer never waits on it.
 */
export function createThreads({ router, repo, now = Date.now, unavailable = () => undefined }: { router: Router; repo: TopicRepo; now?: () => number; unavailable?: (err: unknown) => void }): Threads {
  return {
    async route(text, surface, keys) {
      let previous: string | undefined;
      try {
        for (const key of keys) {
          previous = await repo.getTopic(key);
          if (previous) break;
        }
      } catch (err) {
        unavailable(err);
        previous = undefined;
      }
      const route = router.route(text, surface, previous ? { previous } : {});
      return previous ? { ...route, previous } : route;
    },
    async remember(keys, intent) {
      if (intent === NONE || router.isSocial(intent)) return;
      try {
        for (const key of keys) await repo.setTopic(key, intent, now());
      } catch (err) {
        unavailable(err);
      }
    },
  };
}

/** A terminal's single conversation: the topic lives in memory. */
export function memoryTopics(): TopicRepo {
  const topics = new Map<string, string>();
  const k = (key: InterviewKey) => `${key.team}\u0000${key.channel}\u0000${key.thread}`;
  return {
    getTopic: async (key) => topics.get(k(key)),
    setTopic: async (key, intent) => void topics.set(k(key), intent),
  };
}
