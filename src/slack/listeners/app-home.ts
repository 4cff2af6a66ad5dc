/** The App Home tab, published each time a person opens it. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderHome } from '../../replies/home.js';
import type { LogLine } from '../middleware.js';
import type { ListenerDeps } from './index.js';

export function appHomeOpened({ engine }: ListenerDeps) {
  return async ({ event, client }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>): Promise<LogLine | undefined> => {
    if (event.tab !== 'home') return undefined;
    await client.views.publish({ user_id: event.user, view: renderHome(engine.catalogue) });
    return { msg: 'home published' };
  };
}
