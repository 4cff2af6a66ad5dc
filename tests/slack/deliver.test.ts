/**
 * The Slack executor's search for a post that may already have reached Slack: found by the delivery id in its
 * metadata; not found (so posted) where the app cannot read the channel; any other failure thrown, to be retried.
 */
import { describe, expect, it } from 'vitest';
import { slackExecutor } from '../../src/slack/deliver.js';
import { createEngine } from '../../src/engine.js';
import { AppError } from '../../src/errors/index.js';
import type { SlackClient } from '../../src/slack/payloads.js';
import type { SavedDelivery } from '../../src/conversation/outbox.js';

const engine = createEngine();
const saved: SavedDelivery = { delivery: { id: 'd-1', op: 'post', where: 'thread', reply: { kind: 'note', note: 'gone' } }, context: { user: 'U0001', thread: '1700000000.000100' } };
const target = { team: 'T0001', channel: 'C0001', thread: '1700000000.000100' };

function executorWith(replies: () => Promise<unknown>) {
  const client = { conversations: { replies, history: replies } } as unknown as SlackClient;
  return slackExecutor({ clientFor: async () => client, render: engine.render, catalogue: engine.catalogue, timeoutMs: 1000 });
}

describe('looking for a post that may have reached Slack', () => {
  it('finds it by the delivery id in its metadata', async () => {
    const found = await executorWith(async () => ({ ok: true, messages: [{ ts: '1.1' }, { ts: '1.2', metadata: { event_type: 'sourcing_delivery', event_payload: { delivery: 'd-1' } } }] })).find(saved, target, Date.now());
    expect(found).toBe('1.2');
  });

  it('takes a channel it cannot read (a public channel it is not in) as not found, so the post is made', async () => {
    const found = await executorWith(async () => Promise.reject(new AppError('slack_not_in_channel', 'not_in_channel'))).find(saved, target, Date.now());
    expect(found).toBeUndefined();
  });

  it('throws any other failure, so the delivery is tried again later rather than posted blind', async () => {
    await expect(executorWith(async () => Promise.reject(new AppError('slack_api', 'HTTP 500'))).find(saved, target, Date.now())).rejects.toThrow('HTTP 500');
  });
});
