/**
 * The install flow's state: signed, good for ten minutes, and good once (claimed in the store when used).
 */
import { describe, expect, it } from 'vitest';
import { singleUseStateStore, STATE_TTL_MS } from '../../src/slack/oauth.js';

/** The store's claims, in memory: a key can be claimed once. */
function claims() {
  const taken = new Set<string>();
  return {
    keys: taken,
    async claim(team: string, key: string) {
      const k = `${team}/${key}`;
      if (taken.has(k)) return false;
      taken.add(k);
      return true;
    },
  };
}

const options = { scopes: ['chat:write'], metadata: 'from the install page' };

describe('the install state', () => {
  it('gives back the install options it was made with, once', async () => {
    let now = 1_000_000;
    const store = singleUseStateStore(claims(), 'state-secret-0123456789', () => now);
    const state = await store.generateStateParam(options, new Date(now));
    now += 5000;
    expect(await store.verifyStateParam(new Date(now), state)).toEqual(options);
    await expect(store.verifyStateParam(new Date(now), state)).rejects.toMatchObject({ code: 'slack_oauth_invalid_state', message: 'state already used' });
  });

  it('is used once across processes that share the store', async () => {
    const shared = claims();
    const a = singleUseStateStore(shared, 'state-secret-0123456789');
    const b = singleUseStateStore(shared, 'state-secret-0123456789');
    const state = await a.generateStateParam(options, new Date());
    expect(await b.verifyStateParam(new Date(), state)).toEqual(options);
    await expect(a.verifyStateParam(new Date(), state)).rejects.toMatchObject({ code: 'slack_oauth_invalid_state' });
  });

  it('expires after ten minutes', async () => {
    let now = 1_000_000;
    const store = singleUseStateStore(claims(), 'state-secret-0123456789', () => now);
    const state = await store.generateStateParam(options, new Date(now));
    now += STATE_TTL_MS + 1;
    await expect(store.verifyStateParam(new Date(now), state)).rejects.toMatchObject({ code: 'slack_oauth_invalid_state', message: 'state expired' });
  });

  it('refuses a state signed with another secret, or changed', async () => {
    const store = singleUseStateStore(claims(), 'state-secret-0123456789');
    const other = await singleUseStateStore(claims(), 'another-secret-0123456789').generateStateParam(options, new Date());
    await expect(store.verifyStateParam(new Date(), other)).rejects.toMatchObject({ code: 'slack_oauth_invalid_state' });
    const mine = await store.generateStateParam(options, new Date());
    const [body, mac] = mine.split('.');
    const changed = `${Buffer.from(Buffer.from(body!, 'base64url').toString().replace('chat:write', 'admin')).toString('base64url')}.${mac}`;
    await expect(store.verifyStateParam(new Date(), changed)).rejects.toMatchObject({ code: 'slack_oauth_invalid_state' });
    await expect(store.verifyStateParam(new Date(), 'not-a-state')).rejects.toMatchObject({ code: 'slack_oauth_invalid_state' });
  });
});
