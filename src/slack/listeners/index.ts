/**
 * Registers every listener, by surface. Each listener is thin: it acks first, asks the engine or the decision
 * runner, and replies in the right place (ephemeral for slash commands, the question's thread otherwise).
 */
import type { App } from '@slack/bolt';
import type { Engine } from '../../engine.js';
import type { Logger } from '../../log/index.js';
import type { Store } from '../../store/index.js';
import type { Decisions } from '../decisions.js';
import { ACTIONS } from '../../replies/answer.js';
import { IV } from '../../replies/interview.js';
import { sourcingCommand } from './sourcing-command.js';
import { appMention, channelThreadMessage, directMessage } from './questions.js';
import { appHomeOpened } from './app-home.js';
import { shareAnswer, topicButton, decideButton } from './answer-actions.js';
import { interviewAction } from './interview-actions.js';
import { forgetWorkspace } from './lifecycle.js';

export interface ListenerDeps {
  readonly engine: Engine;
  readonly logger: Logger;
  readonly store: Store;
  readonly decisions: Decisions;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command('/sourcing', sourcingCommand(deps));
  app.event('app_mention', appMention(deps));
  app.message(directMessage(deps));
  app.message(channelThreadMessage(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.action(ACTIONS.share, shareAnswer(deps));
  app.action(new RegExp(`^${ACTIONS.topic}`), topicButton(deps));
  app.action(ACTIONS.decide, decideButton(deps));
  app.action(/^iv_/, interviewAction(deps)); // every interview button (see IV in replies/interview.ts)
  app.event('app_uninstalled', forgetWorkspace(deps));
  app.event('tokens_revoked', forgetWorkspace(deps));
}
