/**
 * Who can manage the app in a workspace, and so sees its knowledge-gap inbox: the workspace's admins and owners
 * (Slack's `users.info`, which needs `users:read`), and, in OAuth mode, the person who installed it. When Slack
 * cannot say (the scope was not granted yet, Slack is down), the answer is no: the inbox stays hidden.
 */
import type { Logger } from '../log/index.js';
import type { SlackClient } from './payloads.js';

/** Whether `user` can manage the app in `team`. */
export type CanManage = (client: SlackClient, team: string, user: string) => Promise<boolean>;

export function appManagers({ installerOf, logger }: { installerOf?: (team: string) => Promise<string | undefined>; logger: Logger }): CanManage {
  return async (client, team, user) => {
    if (installerOf) {
      const installer = await installerOf(team).catch(() => undefined);
      if (installer === user) return true;
    }
    try {
      const { user: who } = await client.users.info({ user });
      return who?.is_admin === true || who?.is_owner === true || who?.is_primary_owner === true;
    } catch (err) {
      logger.warn({ team, user, err }, 'could not tell whether the person manages the app; the knowledge-gap inbox stays hidden');
      return false;
    }
  };
}
