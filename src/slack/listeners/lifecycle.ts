/**
 * `app_uninstalled` and `tokens_revoked`: forget the workspace: its installation (tokens) and its interview data.
 * Bolt skips authorization for these two events, so they arrive even though the tokens no longer work.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { LogLine } from '../middleware.js';
import type { ListenerDeps } from './index.js';

interface Envelope {
  readonly team_id?: string;
  readonly enterprise_id?: string;
  readonly is_enterprise_install?: boolean;
}

export function forgetWorkspace({ store }: ListenerDeps) {
  return async ({ body, event }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'>): Promise<LogLine | undefined> => {
    const b: Envelope = body;
    const team = b.team_id ?? '';
    // Only a revoked bot token makes the installation useless; revoked user tokens are not ours.
    if (event.type === 'tokens_revoked' && !event.tokens.bot?.length) return undefined;
    await store.deleteTeam(team);
    if (b.is_enterprise_install && b.enterprise_id) await store.deleteInstallation(`E:${b.enterprise_id}`);
    return { msg: 'workspace forgotten: installation and interview data deleted', fields: { team, event: event.type } };
  };
}
