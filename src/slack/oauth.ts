/**
 * The install flow's own parts (OAuth mode), given to Bolt's installer:
 * - a state that works once: signed with SLACK_STATE_SECRET, good for ten minutes, and claimed in the store when the
 *   redirect comes back, so a second use of the same state fails on every replica;
 * - friendly pages (replies/page.ts) when the person declines the install (200), when the state is missing, used or
 *   too old (400), or when the install fails on Slack's side or ours (500).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiverOptions, InstallURLOptions, StateStore } from '@slack/bolt';
import type { Catalogue } from '../knowledge/load.js';
import type { Logger } from '../log/index.js';
import type { Store } from '../store/index.js';
import { renderPage, type PageKind } from '../replies/page.js';

/** How long an install link's state is good for (the same as Bolt's state cookie). */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** The code @slack/oauth gives an invalid state, so the failure page is chosen the same way for ours. */
const INVALID_STATE = 'slack_oauth_invalid_state';

class StateError extends Error {
  readonly code = INVALID_STATE;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export function singleUseStateStore(store: Pick<Store, 'claim'>, secret: string, now: () => number = Date.now): StateStore {
  const mac = (body: string) => createHmac('sha256', secret).update(body).digest();
  return {
    async generateStateParam(installOptions: InstallURLOptions) {
      const body = b64(JSON.stringify({ n: randomBytes(16).toString('hex'), t: now(), o: installOptions }));
      return `${body}.${b64(mac(body))}`;
    },
    async verifyStateParam(_at: Date, state: string) {
      const [body = '', signature = ''] = state.split('.');
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new StateError('state signature mismatch');
      const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { n?: unknown; t?: unknown; o?: InstallURLOptions };
      const at = now();
      if (typeof decoded.n !== 'string' || typeof decoded.t !== 'number' || at - decoded.t > STATE_TTL_MS || decoded.t > at + 60_000) throw new StateError('state expired');
      const first = await store.claim('', `oauth-state:${decoded.n}`, STATE_TTL_MS, at);
      if (!first) throw new StateError('state already used');
      return decoded.o ?? { scopes: [] };
    },
  };
}

type CallbackOptions = NonNullable<NonNullable<HTTPReceiverOptions['installerOptions']>['callbackOptions']>;

/** Which page, and status, for each of the installer's error codes. */
const PAGES: Readonly<Record<string, readonly [PageKind, number]>> = {
  slack_oauth_installer_authorization_error: ['declined', 200],
  slack_oauth_invalid_state: ['expired', 400],
  slack_oauth_missing_state: ['expired', 400],
  slack_oauth_missing_code: ['expired', 400],
};

/** The installer's failure callback: a page in our words instead of Bolt's, and one log line. */
export function installCallbacks(catalogue: Catalogue, logger: Logger, installPath: string): CallbackOptions {
  return {
    failure(error: { code?: string; message?: string }, _options: InstallURLOptions, _req: IncomingMessage, res: ServerResponse) {
      const [page, status] = PAGES[error.code ?? ''] ?? (['failed', 500] as const);
      if (page === 'declined') logger.info({ code: error.code }, 'install declined');
      else logger.warn({ code: error.code, reason: error.message }, 'install failed');
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(renderPage(catalogue, page, installPath));
    },
  };
}
