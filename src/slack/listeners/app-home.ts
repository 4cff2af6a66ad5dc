/**
 * The App Home: the Home tab, published each time a person opens it (the topics, the team's recent decisions, and,
 * for people who manage the app, the week's knowledge-gap inbox), and the Messages tab's suggested prompts, set each
 * time a person opens that tab.
 */
import { HOME_DECISIONS, INBOX_ITEMS, renderHome, type GapInbox, type HomeDecision } from '../../replies/home.js';
import { GAP_WINDOW_MS } from '../../conversation/feedback.js';
import type { LogLine } from '../middleware.js';
import type { EventArgs, ListenerDeps } from './deps.js';
import { homeOpenedFields, permalinkOf, teamOfEnvelope } from '../payloads.js';
import { suggestPrompts } from '../io.js';
import type { Store } from '../../store/index.js';

/** The week's most frequent misses of a team: unanswered questions, and answers marked not helpful. */
async function inboxOf(store: Store, team: string, now: number): Promise<GapInbox> {
  const since = now - GAP_WINDOW_MS;
  const [unanswered, disliked] = await Promise.all([
    store.topGaps({ team, since, kinds: ['out_of_scope', 'declined'], limit: INBOX_ITEMS }),
    store.topGaps({ team, since, kinds: ['disliked'], limit: INBOX_ITEMS }),
  ]);
  return { unanswered, disliked };
}

export function appHomeOpened({ engine, store, managers }: ListenerDeps) {
  return async ({ event, body, client }: EventArgs): Promise<LogLine | undefined> => {
    const { tab, user, channel } = homeOpenedFields(event);
    const prompts = engine.catalogue.home.prompts;
    if (tab === 'messages' && channel && prompts) {
      const set = await suggestPrompts(client, channel, prompts);
      return set.ok ? { msg: 'suggested prompts set', fields: { prompts: prompts.items.length } } : { msg: 'suggested prompts not available here', fields: { reason: set.reason } };
    }
    if (tab !== 'home' || !user) return undefined;
    const team = teamOfEnvelope(body);
    const inbox = (await managers(client, team, user)) ? await inboxOf(store, team, Date.now()) : undefined;
    const decisions = await store.recentDecisions(team, HOME_DECISIONS);
    // A link to each thread; a decision whose link Slack does not give is listed without one.
    const links = await Promise.allSettled(decisions.map((d) => client.chat.getPermalink({ channel: d.channel, message_ts: d.thread })));
    const listed: HomeDecision[] = decisions.map((state, i) => {
      const link = permalinkOf(links[i]!);
      return link ? { state, link } : { state };
    });
    await client.views.publish({ user_id: user, view: renderHome(engine.catalogue, listed, user, inbox) });
    return { msg: 'home published', fields: { decisions: listed.length, inbox: inbox !== undefined } };
  };
}
