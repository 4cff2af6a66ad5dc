/**
 * `app_uninstalled` and `tokens_revoked`: forget the workspace: its installation (tokens) and its interview data.
 * Bolt skips authorization for these two events, so they arrive even though the tokens no longer work.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from './index.js';

type Body = { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean };

export function forgetWorkspace({ store, logger }: ListenerDeps) {
  return async ({ body, event }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_uninstalled' | 'tokens_revoked'>): Promise<void> => {
    const b = body as Body;
    const team = b.team_id ?? '';
    if (event.type === 'tokens_revoked') {
      const tokens = (event as { tokens?: { bot?: string[]; oauth?: string[] } }).tokens;
      // Only a revoked bot token makes the installation useless; revoked user tokens are not ours.
      if (!tokens?.bot?.length) return;
    }
    await store.deleteTeam(team);
    if (b.is_enterprise_install && b.enterprise_id) await store.deleteInstallation(`E:${b.enterprise_id}`);
    logger.info({ team, event: event.type }, 'workspace forgotten: installation and interview data deleted');
  };
}
