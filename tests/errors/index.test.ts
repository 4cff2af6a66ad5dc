/**
 * Every thrown value becomes a coded AppError; Slack Web API errors are recognised by their `data.error`.
 */
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, slackErrorCode, toAppError } from '../../src/errors/index.js';

/** A real Web API platform error, as the Slack client throws it for `{ ok: false, error }`. */
const platformError = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

describe('AppError', () => {
  it('carries a code, a message and an optional cause', () => {
    const cause = new Error('boom');
    const err = new AppError('store_unavailable', 'database is down', { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('AppError');
    expect(err.code).toBe('store_unavailable');
    expect(err.message).toBe('database is down');
    expect(err.cause).toBe(cause);
  });

  it('uses stable, unique snake_case codes', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('toAppError', () => {
  it.each([
    ['not_in_channel', 'slack_not_in_channel'],
    ['channel_not_found', 'slack_not_in_channel'],
    ['is_archived', 'slack_not_in_channel'],
    ['invalid_auth', 'slack_auth'],
    ['token_revoked', 'slack_auth'],
    ['missing_scope', 'slack_auth'],
    ['ratelimited', 'slack_rate_limited'],
    ['msg_too_long', 'slack_api'],
    ['invalid_blocks', 'slack_api'],
  ])('maps the Slack error %s to %s', (slackCode, code) => {
    const original = platformError(slackCode);
    const err = toAppError(original);
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe(code);
    expect(err.message).toBe(slackCode);
    expect(err.cause).toBe(original);
    expect(slackErrorCode(err)).toBe(slackCode);
  });

  it('recognises a Slack error by data.error even on a plain object', () => {
    expect(toAppError({ data: { ok: false, error: 'not_in_channel' } }).code).toBe('slack_not_in_channel');
  });

  it('maps the Web API client giving up on a rate limit to slack_rate_limited', () => {
    const err = toAppError(new webApi.WebAPIRateLimitedError(30));
    expect(err.code).toBe('slack_rate_limited');
    expect(slackErrorCode(err)).toBeUndefined();
  });

  it('maps other Web API client errors (network, HTTP) to slack_api', () => {
    const err = toAppError(new webApi.WebAPIRequestError(new Error('socket hang up')));
    expect(err.code).toBe('slack_api');
    expect(err.message).toContain('socket hang up');
  });

  it('maps a plain Error to internal, keeping its message and the original as cause', () => {
    const original = new TypeError('cannot read properties of undefined');
    const err = toAppError(original);
    expect(err.code).toBe('internal');
    expect(err.message).toBe('cannot read properties of undefined');
    expect(err.cause).toBe(original);
    expect(slackErrorCode(err)).toBeUndefined();
  });

  it('maps a thrown string, undefined or null to internal', () => {
    expect(toAppError('just a string')).toMatchObject({ code: 'internal', message: 'just a string' });
    expect(toAppError(undefined)).toMatchObject({ code: 'internal', message: 'undefined' });
    expect(toAppError(null)).toMatchObject({ code: 'internal', message: 'null' });
  });

  it('does not mistake a Node error code for a Slack one', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(toAppError(err).code).toBe('internal');
  });

  it('passes an AppError through unchanged', () => {
    const original = new AppError('bad_input', 'budget must be low, medium or high');
    expect(toAppError(original)).toBe(original);
  });
});
