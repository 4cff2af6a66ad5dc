/** What a person is told when a request fails, by error code: one sentence from `copy.yml` and the code. */
import type { Catalogue } from '../knowledge/load.js';
import { fill } from '../knowledge/copy.js';
import { slackErrorCode, type AppError, type ErrorCode } from '../errors/index.js';
import { context, fit, section, type Message } from './blocks.js';

type ErrorCopy = Catalogue['copy']['errors'];

const BY_CODE: Partial<Record<ErrorCode, keyof ErrorCopy>> = {
  slack_not_in_channel: 'not_in_channel',
  slack_auth: 'auth',
  slack_rate_limited: 'rate_limited',
  store_unavailable: 'store',
  bad_input: 'bad_input',
};

export function failureMessage(catalogue: Catalogue, err: AppError): Message {
  const copy = catalogue.copy.errors;
  const slack = slackErrorCode(err);
  const key = err.code === 'slack_not_in_channel' && slack === 'is_archived' ? 'archived' : (BY_CODE[err.code] ?? 'internal');
  const text = copy[key];
  return fit({ text, blocks: [section(text), context(fill(copy.code, { code: slack ?? err.code }))] });
}
