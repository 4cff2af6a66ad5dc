/**
 * Registers every listener. Bolt runs each registered listener's middleware on every request, so there is one
 * Bolt listener per payload type (the command, events, clicks, shortcuts, and one per form), and each surface is a
 * row of a table with its own chain: people only, once per event, click or shortcut, acked first for clicks and
 * shortcuts, and `guarded()` around the listener, which holds only its happy path.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { ANSWER_ACTIONS, DECIDE_VIEW, FEEDBACK_ACTIONS, IV_PREFIX, LINK_PREFIX, SHARE_VIEW, SHORTCUTS } from '../../conversation/actions.js';
import { ackNow, chain, channelThreadReplies, directMessages, firstClick, firstDelivery, firstShortcut, guarded, inDecisionThread, peopleOnly, type MiddlewareDeps } from '../middleware.js';
import { askAboutMessage, openDecisionForm, startDecisionFromForm } from './shortcuts.js';
import { sourcingCommand } from './sourcing-command.js';
import { appMention, directMessage, threadReply } from './messages.js';
import { appHomeOpened } from './app-home.js';
import { decideButton, moreButton, shareAnswer, topicButton } from './answer-actions.js';
import { interviewAction, shareToChannel } from './interview-actions.js';
import { forgetWorkspace } from './lifecycle.js';
import { feedbackClick } from './feedback-actions.js';
import type { EventArgs, ListenerDeps } from './deps.js';

export type { ListenerDeps };

/** Every button we render is a Block Kit button (the feedback buttons element reads as one: an action id and a value). */
type ClickArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;
type ShortcutArgs = AllMiddlewareArgs & SlackShortcutMiddlewareArgs<SlackShortcut>;

export function registerListeners(app: App, deps: ListenerDeps): void {
  const mw: MiddlewareDeps = { store: deps.store, logger: deps.logger, catalogue: deps.engine.catalogue };

  app.command('/sourcing', guarded(mw, 'command', sourcingCommand(deps)));

  // Events by type. A message is a direct message or a reply in a decision's thread (at most one chain goes on).
  const dm = chain<EventArgs>(directMessages, peopleOnly, firstDelivery(mw), guarded(mw, 'dm', directMessage(deps)));
  const thread = chain<EventArgs>(channelThreadReplies, peopleOnly, inDecisionThread(mw), firstDelivery(mw), guarded(mw, 'thread', threadReply(deps)));
  const lifecycle = guarded(mw, 'lifecycle', forgetWorkspace(deps), { report: false });
  const events: Readonly<Record<string, (args: EventArgs) => Promise<void>>> = {
    app_mention: chain<EventArgs>(peopleOnly, firstDelivery(mw), guarded(mw, 'mention', appMention(deps))),
    message: async (args) => {
      await dm(args);
      await thread(args);
    },
    app_home_opened: guarded(mw, 'home', appHomeOpened(deps), { report: false }),
    app_uninstalled: lifecycle,
    tokens_revoked: lifecycle,
  };
  app.event(new RegExp(`^(${Object.keys(events).join('|')})$`), async (args) => {
    await events[args.event.type]?.(args);
  });

  // Clicks by action id: exact ids, then prefixes (`topic:<intent>`, every decision button `iv_…`, `feedback:…`).
  const clicks: ReadonlyArray<readonly [string, (args: ClickArgs) => Promise<void>]> = [
    [ANSWER_ACTIONS.share, guarded(mw, 'share', shareAnswer(deps))],
    [ANSWER_ACTIONS.more, guarded(mw, 'more', moreButton(deps))],
    [ANSWER_ACTIONS.decide, guarded(mw, 'decide', decideButton(deps))],
    [ANSWER_ACTIONS.topic, guarded(mw, 'topic', topicButton(deps))],
    [IV_PREFIX, guarded(mw, 'interview', interviewAction(deps))],
    // Feedback: the feedback buttons element, the plain buttons of a modal, "None of these".
    [FEEDBACK_ACTIONS.buttons, guarded(mw, 'feedback', feedbackClick(deps))],
    [FEEDBACK_ACTIONS.plain, guarded(mw, 'feedback', feedbackClick(deps))],
    [FEEDBACK_ACTIONS.declined, guarded(mw, 'feedback', feedbackClick(deps))],
    // A link button's click: acknowledged, nothing to do.
    [LINK_PREFIX, async () => undefined],
  ];
  app.view(SHARE_VIEW.callbackId, guarded(mw, 'share-to', shareToChannel(deps)));
  app.view(DECIDE_VIEW.callbackId, guarded(mw, 'decide-form', startDecisionFromForm(deps)));

  // Shortcuts by callback id: acknowledged at once (the global one opens a form with its three-second trigger).
  const shortcuts: Readonly<Record<string, (args: ShortcutArgs) => Promise<void>>> = {
    [SHORTCUTS.ask]: guarded(mw, 'message-shortcut', askAboutMessage(deps)),
    [SHORTCUTS.decide]: guarded(mw, 'global-shortcut', openDecisionForm(deps)),
  };
  app.shortcut<SlackShortcut>(new RegExp(`^(${Object.keys(shortcuts).join('|')})$`), ackNow, firstShortcut(mw), async (args) => {
    await shortcuts[args.shortcut.callback_id]?.(args);
  });

  const clickFor = (id: string) => clicks.find(([key]) => (key.endsWith(':') || key.endsWith('_') ? id.startsWith(key) : id === key))?.[1];
  app.action<BlockAction<ButtonAction>>(
    new RegExp(`^(${clicks.map(([key]) => key).join('|')})`),
    ackNow,
    firstClick(mw),
    async (args) => {
      await clickFor(args.action.action_id)?.(args);
    },
  );
}
