/**
 * Registers every listener, by surface, each behind the middleware it needs: people only, once per event or
 * click, acked first for clicks, and `guarded()` around the listener itself, which holds only its happy path.
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Engine } from '../../engine.js';
import type { Logger } from '../../log/index.js';
import type { Store } from '../../store/index.js';
import type { Interviews } from '../../conversation/interviews.js';
import { ANSWER_ACTIONS } from '../../conversation/actions.js';
import { ackNow, channelThreadReplies, directMessages, firstClick, firstDelivery, guarded, inDecisionThread, peopleOnly, type MiddlewareDeps } from '../middleware.js';
import { sourcingCommand } from './sourcing-command.js';
import { appMention, directMessage, threadReply } from './messages.js';
import { appHomeOpened } from './app-home.js';
import { decideButton, shareAnswer, topicButton } from './answer-actions.js';
import { interviewAction } from './interview-actions.js';
import { forgetWorkspace } from './lifecycle.js';

/** Every button we render is a Block Kit button. */
type Click = BlockAction<ButtonAction>;

export interface ListenerDeps {
  readonly engine: Engine;
  readonly logger: Logger;
  readonly store: Store;
  readonly interviews: Interviews;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  const mw: MiddlewareDeps = { store: deps.store, logger: deps.logger, catalogue: deps.engine.catalogue };
  app.command('/sourcing', guarded(mw, 'command', sourcingCommand(deps)));

  app.event('app_mention', peopleOnly, firstDelivery(mw), guarded(mw, 'mention', appMention(deps)));
  app.message(directMessages, peopleOnly, firstDelivery(mw), guarded(mw, 'dm', directMessage(deps)));
  app.message(channelThreadReplies, peopleOnly, inDecisionThread(mw), firstDelivery(mw), guarded(mw, 'thread', threadReply(deps)));
  app.event('app_home_opened', guarded(mw, 'home', appHomeOpened(deps), { report: false }));

  app.action<Click>(ANSWER_ACTIONS.share, ackNow, firstClick(mw), guarded(mw, 'share', shareAnswer(deps)));
  app.action<Click>(new RegExp(`^${ANSWER_ACTIONS.topic}`), ackNow, firstClick(mw), guarded(mw, 'topic', topicButton(deps)));
  app.action<Click>(ANSWER_ACTIONS.decide, ackNow, firstClick(mw), guarded(mw, 'decide', decideButton(deps)));
  app.action<Click>(/^iv_/, ackNow, firstClick(mw), guarded(mw, 'interview', interviewAction(deps))); // every decision button (IV in conversation/actions.ts)

  app.event('app_uninstalled', guarded(mw, 'lifecycle', forgetWorkspace(deps), { report: false }));
  app.event('tokens_revoked', guarded(mw, 'lifecycle', forgetWorkspace(deps), { report: false }));
}
