/**
 * What the front door makes of a parsed body: Slack's payloads pass with the team they belong to (the key of the
 * replay check), broken ones are refused with the field at fault, and types no listener takes are dropped.
 */
import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/slack/inbound.js';
import { CHANNEL, TEAM, USER, actionBody, commandBody, eventBody, nextTs } from '../../testkit/slack-requests.js';

const command = (over: Record<string, string> = {}) => Object.fromEntries(new URLSearchParams(commandBody('decide accounting', 'https://hooks.slack.com/commands/T1/2/x', over)));
const click = (over: Record<string, unknown> = {}) => JSON.parse(new URLSearchParams(actionBody({ action_id: 'iv_back', value: 'x|1' }, over)).get('payload')!) as Record<string, unknown>;
const mention = (over: Record<string, unknown> = {}) => JSON.parse(eventBody({ type: 'app_mention', user: USER, text: 'hi', ts: nextTs(), channel: CHANNEL, ...over })) as Record<string, unknown>;

describe('inspect', () => {
  it("passes Slack's own payloads, naming their team", () => {
    expect(inspect(command())).toEqual({ kind: 'pass', team: TEAM });
    expect(inspect(click())).toEqual({ kind: 'pass', team: TEAM });
    expect(inspect(mention())).toEqual({ kind: 'pass', team: TEAM });
    expect(inspect(JSON.parse(eventBody({ type: 'message', subtype: 'message_changed', channel: CHANNEL, ts: nextTs(), message: {} })))).toEqual({ kind: 'pass', team: TEAM });
    expect(inspect(JSON.parse(eventBody({ type: 'tokens_revoked', tokens: { bot: ['UBOT'] } })))).toEqual({ kind: 'pass', team: TEAM });
  });

  it('takes the team of an org-wide click from its user', () => {
    expect(inspect(click({ team: null, user: { id: 'W0001', team_id: 'T0002' } }))).toEqual({ kind: 'pass', team: 'T0002' });
  });

  it('passes what Bolt answers itself, with no team', () => {
    expect(inspect({ ssl_check: '1', token: 'x' })).toEqual({ kind: 'pass', team: undefined });
    expect(inspect({ type: 'url_verification', challenge: 'abc', token: 'x' })).toEqual({ kind: 'pass', team: undefined });
  });

  it('refuses a broken payload and says which field is at fault', () => {
    expect(inspect(command({ user_id: '<!channel>' }))).toMatchObject({ kind: 'reject', why: expect.stringMatching(/^user_id: /) });
    expect(inspect(click({ user: undefined }))).toMatchObject({ kind: 'reject', why: expect.stringMatching(/^user: /) });
    expect(inspect(mention({ channel: 42 }))).toMatchObject({ kind: 'reject', why: expect.stringMatching(/^event\.channel: /) });
    expect(inspect({ type: 'url_verification' })).toMatchObject({ kind: 'reject' });
    expect(inspect(null)).toEqual({ kind: 'reject', why: 'body is null' });
    expect(inspect([1])).toEqual({ kind: 'reject', why: 'body is an array' });
  });

  it('reads a body as Bolt will route it: an event key makes it an event, whatever its type says', () => {
    expect(inspect({ ...click(), event: { type: 'app_mention' } })).toMatchObject({ kind: 'reject', why: expect.stringMatching(/^type: /) });
  });

  it('drops the payload types no listener takes', () => {
    expect(inspect({ type: 'block_suggestion', action_id: 'a', value: 'b' })).toMatchObject({ kind: 'ignore' });
    expect(inspect({ type: 'interactive_message', actions: [], callback_id: 'c' })).toMatchObject({ kind: 'ignore' });
    expect(inspect({ type: 'app_rate_limited', team_id: TEAM })).toMatchObject({ kind: 'ignore' });
  });
});
