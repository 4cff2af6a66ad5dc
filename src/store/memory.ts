/** Interviews kept in memory, for the terminal: the same contract as the database store, for one process. */
import type { InterviewRepo } from '../conversation/interviews.js';
import type { InterviewKey, InterviewState } from '../interview/machine.js';

export function memoryRepo(): InterviewRepo {
  const rows = new Map<string, InterviewState>();
  const keyOf = (k: InterviewKey) => `${k.team}\u0000${k.channel}\u0000${k.thread}`;
  return {
    async get(key) {
      return rows.get(keyOf(key));
    },
    async insert(state) {
      if (rows.has(keyOf(state))) return false;
      rows.set(keyOf(state), state);
      return true;
    },
    async save(state, expectedVersion) {
      if (rows.get(keyOf(state))?.version !== expectedVersion) return false;
      rows.set(keyOf(state), state);
      return true;
    },
    async ping() {},
  };
}
