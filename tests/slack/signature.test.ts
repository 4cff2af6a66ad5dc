/**
 * The front door's signature check agrees with Bolt's own (`verifySlackRequest`, which it replaces on the request
 * path), for good signatures and for every way of getting one wrong: a property test with Bolt as the oracle, plus
 * the future-timestamp rule Bolt does not have (checked by the front door separately).
 */
import type { IncomingMessage } from 'node:http';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifySlackRequest } from '@slack/bolt';
import { signatureProblem } from '../../src/slack/front-door.js';

const SECRET = 'e2etestsigningsecret0123456789ab';
const NOW = 1_800_000_000_000;
const reqWith = (headers: Record<string, string | undefined>) => ({ headers }) as unknown as IncomingMessage;
const sign = (ts: string, body: string, secret = SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

function bolt(headers: Record<string, string | undefined>, body: string): boolean {
  try {
    verifySlackRequest({ signingSecret: SECRET, body, nowMilliseconds: NOW, headers: { 'x-slack-signature': headers['x-slack-signature']!, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) } });
    return true;
  } catch {
    return false;
  }
}

describe('the front door signature check', () => {
  it('accepts a request signed as Slack signs it, and refuses one signed with another secret', () => {
    const ts = String(NOW / 1000);
    expect(signatureProblem(reqWith({ 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(ts, 'a=1') }), Buffer.from('a=1'), SECRET, NOW)).toBeUndefined();
    expect(signatureProblem(reqWith({ 'x-slack-request-timestamp': ts, 'x-slack-signature': sign(ts, 'a=1', 'another-secret-0123456789') }), Buffer.from('a=1'), SECRET, NOW)).toBe('signature mismatch');
    expect(signatureProblem(reqWith({ 'x-slack-request-timestamp': ts }), Buffer.from('a=1'), SECRET, NOW)).toBe('signature or timestamp missing');
  });

  it('agrees with Bolt on good, stale, altered, truncated, re-cased and oddly written signatures', () => {
    const body = fc.string({ maxLength: 200 });
    const offset = fc.integer({ min: -400, max: 400 });
    const variant = fc.constantFrom('good', 'flip', 'truncate', 'upper', 'suffix', 'v1', 'empty', 'padded-ts', 'garbage-ts', 'other-body');
    fc.assert(
      fc.property(body, offset, variant, (b, off, how) => {
        let ts = String(NOW / 1000 + off);
        let sig = sign(ts, b);
        let sent = b;
        if (how === 'flip') sig = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
        if (how === 'truncate') sig = sig.slice(0, -2);
        if (how === 'upper') sig = `v0=${sig.slice(3).toUpperCase()}`;
        if (how === 'suffix') sig = `${sig}=x`;
        if (how === 'v1') sig = `v1=${sig.slice(3)}`;
        if (how === 'empty') sig = 'v0=';
        if (how === 'padded-ts') ts = `${ts}.0`;
        if (how === 'garbage-ts') ts = `${ts}abc`;
        if (how === 'other-body') sent = `${b}!`;
        const headers = { 'x-slack-request-timestamp': ts, 'x-slack-signature': sig };
        expect(signatureProblem(reqWith(headers), Buffer.from(sent), SECRET, NOW) === undefined).toBe(bolt(headers, sent));
      }),
      { seed: 20261207, numRuns: 2000 },
    );
  });
});
