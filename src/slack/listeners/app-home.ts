/** The App Home tab, published each time a person opens it. */
import { renderHome } from '../../replies/home.js';
import type { LogLine } from '../middleware.js';
import type { EventArgs, ListenerDeps } from './deps.js';
import { homeOpenedFields } from '../payloads.js';

export function appHomeOpened({ engine }: ListenerDeps) {
  return async ({ event, client }: EventArgs): Promise<LogLine | undefined> => {
    const { tab, user } = homeOpenedFields(event);
    if (tab !== 'home' || !user) return undefined;
    await client.views.publish({ user_id: user, view: renderHome(engine.catalogue) });
    return { msg: 'home published' };
  };
}
