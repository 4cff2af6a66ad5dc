/**
 * Registers every listener, by surface. Each listener is thin: it acks first, asks the engine, and replies in
 * the right place (ephemeral for slash commands, the question's thread for mentions and DMs).
 */
import type { App } from '@slack/bolt';
import type { Engine } from '../../engine.js';
import type { Logger } from '../../log/index.js';
import { ACTIONS } from '../../replies/answer.js';
import { sourcingCommand } from './sourcing-command.js';
import { appMention, directMessage } from './questions.js';
import { appHomeOpened } from './app-home.js';
import { shareAnswer, topicButton, decideButton } from './answer-actions.js';

export interface ListenerDeps {
  readonly engine: Engine;
  readonly logger: Logger;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command('/sourcing', sourcingCommand(deps));
  app.event('app_mention', appMention(deps));
  app.message(directMessage(deps));
  app.event('app_home_opened', appHomeOpened(deps));
  app.action(ACTIONS.share, shareAnswer(deps));
  app.action(new RegExp(`^${ACTIONS.topic}`), topicButton(deps));
  app.action(ACTIONS.decide, decideButton(deps));
}
