/**
 * Feedback on answers and recommendations: a thumbs-down (`Not helpful`) or "None of these" under "did you mean" is
 * recorded for the knowledge-gap inbox, a thumbs-up is not; the person who clicked is thanked privately (an
 * ephemeral note, or the modal's buttons replaced by a thank-you). Nothing is posted in the channel.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { AppError } from '../../errors/index.js';
import { FEEDBACK_ACTIONS } from '../../conversation/actions.js';
import { decodeFeedback } from '../../conversation/feedback.js';
import { context } from '../../replies/blocks.js';
import type { LogLine } from '../middleware.js';
import { teamOfAction } from '../payloads.js';
import type { ListenerDeps } from './deps.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function feedbackClick({ engine, feedback }: ListenerDeps) {
  return async ({ body, action, client, respond }: ButtonArgs): Promise<LogLine> => {
    const value = decodeFeedback(action.value);
    if (!value) throw new AppError('bad_input', `feedback without its answer (${action.action_id})`);
    const copy = engine.catalogue.copy.feedback;
    const declined = action.action_id === FEEDBACK_ACTIONS.declined;
    const vote = declined ? undefined : (value.vote ?? (action.action_id === FEEDBACK_ACTIONS.down ? 'down' : 'up'));
    const kind = declined ? 'declined' : vote === 'down' ? 'disliked' : undefined;
    if (kind) await feedback.clicked(teamOfAction(body), kind, value);
    // Only a miss that is kept for the inbox is said to be noted.
    const thanks = !kind ? copy.thanks_up : !feedback.enabled ? copy.thanks_down_unrecorded : declined ? copy.declined : copy.thanks_down;
    const shown = body.view;
    if (shown?.type === 'modal') {
      // A modal's feedback buttons give way to a thank-you, in place.
      const blocks = shown.blocks.map((b) => (b.block_id === 'feedback' ? context(copy.thanks_modal) : b));
      const close = shown.close ? { close: { type: 'plain_text' as const, text: shown.close.text } } : {};
      await client.views.update({ view_id: shown.id, hash: shown.hash, view: { type: 'modal', callback_id: shown.callback_id, title: { type: 'plain_text', text: shown.title.text }, ...close, blocks } });
    } else {
      await respond({ response_type: 'ephemeral', replace_original: false, text: thanks });
    }
    return { msg: kind ? 'feedback recorded' : 'feedback received', fields: { feedback: kind ?? 'helpful', intent: value.intent, ...(value.confidence !== undefined ? { confidence: value.confidence } : {}) } };
  };
}
