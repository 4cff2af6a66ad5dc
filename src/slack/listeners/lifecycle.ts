/**
 * `app_uninstalled` and `tokens_revoked`: forget the workspace: its installation (tokens) and its interview data.
 * Bolt skips authorization for these two events, so they arrive even though the tokens no longer work.
 */
import type { LogLine } from '../middleware.js';
import type { EventArgs, ListenerDeps } from './deps.js';
import { revokedTokensOf } from '../payloads.js';

interface Envelope {
  readonly team_id?: string;
  readonly enterprise_id?: string;
  readonly is_enterprise_install?: boolean;
}

export function forgetWorkspace({ store }: ListenerDeps) {
  return async ({ body, event }: EventArgs): Promise<LogLine | undefined> => {
    const b: Envelope = body;
    const team = b.team_id ?? '';
    // Only a revoked bot token makes the installation useless; revoked user tokens are not ours.
    if (event.type === 'tokens_revoked' && revokedTokensOf(event).bot.length === 0) return undefined;
    await store.deleteTeam(team);
    if (b.is_enterprise_install && b.enterprise_id) await store.deleteInstallation(`E:${b.enterprise_id}`);
    return { msg: 'workspace forgotten: installation and interview data deleted', fields: { team, event: event.type } };
  };
}
