/** The App Home tab, published each time a user opens it. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderHome } from '../../replies/home.js';
import { toAppError } from '../../errors/index.js';
import type { ListenerDeps } from './index.js';

export function appHomeOpened({ engine, logger }: ListenerDeps) {
  return async ({ event, client, body }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>): Promise<void> => {
    if (event.tab !== 'home') return;
    const ctx = { team: (body as { team_id?: string }).team_id, user: event.user, surface: 'home' };
    try {
      await client.views.publish({ user_id: event.user, view: renderHome(engine.catalogue) as never });
      logger.info(ctx, 'home published');
    } catch (err) {
      // There is nowhere to tell the user: the Home tab itself is what failed. Log it with its code.
      const e = toAppError(err);
      logger.warn({ ...ctx, code: e.code, err }, 'could not publish the home tab');
    }
  };
}
