/** Follow-ups read in their thread's context (src/conversation/threads.ts), over an in-memory topic repository. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine.js';
import { createThreads, memoryTopics } from '../../src/conversation/threads.js';

const engine = createEngine();
const key = (thread: string) => ({ team: 'T1', channel: 'C1', thread });

describe('threads', () => {
  it('reads a follow-up with the topic of the answer given before it in the same thread', async () => {
    const threads = createThreads({ router: engine.router, repo: memoryTopics() });
    const first = await threads.route('what is offshoring', 'message', [key('1')]);
    expect(first.kind === 'answer' && first.match.intent).toBe('define-offshoring');
    await threads.remember([key('1')], 'define-offshoring');
    const next = await threads.route('and the risks?', 'message', [key('1')]);
    expect(next.previous).toBe('define-offshoring');
    expect(next.kind === 'answer' && next.match.intent).toBe('challenges-offshoring');
  });

  it('keeps each thread to its own topic', async () => {
    const threads = createThreads({ router: engine.router, repo: memoryTopics() });
    await threads.remember([key('1')], 'define-offshoring');
    await threads.remember([key('2')], 'define-outsourcing');
    const r = await threads.route('and the risks?', 'message', [key('2')]);
    expect(r.kind === 'answer' && r.match.intent).toBe('challenges-outsourcing');
  });

  it('takes the first thread with a topic, so a DM thread falls back on the DM itself', async () => {
    const threads = createThreads({ router: engine.router, repo: memoryTopics() });
    await threads.remember([key('')], 'define-bpo');
    const r = await threads.route('risks?', 'message', [key('9'), key('')]);
    expect(r.previous).toBe('define-bpo');
  });

  it('does not let small talk or an off-topic reply replace the topic', async () => {
    const repo = memoryTopics();
    const threads = createThreads({ router: engine.router, repo });
    await threads.remember([key('1')], 'define-kpo');
    await threads.remember([key('1')], 'greeting');
    await threads.remember([key('1')], 'none');
    expect(await repo.getTopic(key('1'))).toBe('define-kpo');
  });
});

describe('threads without their repository', () => {
  it('reads the question on its own and says why, rather than failing the answer', async () => {
    const failures: unknown[] = [];
    const broken = { getTopic: async () => Promise.reject(new Error('down')), setTopic: async () => Promise.reject(new Error('down')) };
    const threads = createThreads({ router: engine.router, repo: broken, unavailable: (err) => failures.push(err) });
    const r = await threads.route('what is offshoring', 'message', [key('1')]);
    expect(r.kind === 'answer' && r.match.intent).toBe('define-offshoring');
    await threads.remember([key('1')], 'define-offshoring');
    expect(failures).toHaveLength(2);
  });
});
