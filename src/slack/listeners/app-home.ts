/** The App Home tab, published each time a person opens it: the topics, and the team's recent decisions. */
import { HOME_DECISIONS, renderHome, type HomeDecision } from '../../replies/home.js';
import type { LogLine } from '../middleware.js';
import type { EventArgs, ListenerDeps } from './deps.js';
import { homeOpenedFields, permalinkOf, teamOfEnvelope } from '../payloads.js';

export function appHomeOpened({ engine, store }: ListenerDeps) {
  return async ({ event, body, client }: EventArgs): Promise<LogLine | undefined> => {
    const { tab, user } = homeOpenedFields(event);
    if (tab !== 'home' || !user) return undefined;
    const team = teamOfEnvelope(body);
    const decisions = await store.recentDecisions(team, HOME_DECISIONS);
    // A link to each thread; a decision whose link Slack does not give is listed without one.
    const links = await Promise.allSettled(decisions.map((d) => client.chat.getPermalink({ channel: d.channel, message_ts: d.thread })));
    const listed: HomeDecision[] = decisions.map((state, i) => {
      const link = permalinkOf(links[i]!);
      return link ? { state, link } : { state };
    });
    await client.views.publish({ user_id: user, view: renderHome(engine.catalogue, listed, user) });
    return { msg: 'home published', fields: { decisions: listed.length } };
  };
}
