/**
 * Renders a conversation `Reply` for each door: Block Kit with a text fallback for Slack, plain text for a
 * terminal. Plain topic answers (no question for their feedback buttons, no "did you mean", no credit) depend only on
 * the intent and how they are shown, so each is rendered once and reused; callers treat messages as immutable.
 */
import type { Catalogue } from '../knowledge/load.js';
import type { Reply } from '../conversation/replies.js';
import { resultOf } from '../interview/machine.js';
import { NONE } from '../knowledge/contract.js';
import { renderAnswer, renderAnswerText } from './answer.js';
import type { Message } from './blocks.js';
import {
  answeredMessage,
  cancelledMessage,
  clarifyMessage,
  hintMessage,
  understood,
  changeMenu,
  helpMessage,
  noteMessage,
  parentMessage,
  questionMessage,
  questionText,
  recommendationMessage,
  recommendationText,
  sharedSummary,
  sharePicker,
  shareNote,
  decisionBrief,
} from './interview.js';
import type { ModalView } from './home.js';
import { mrkdwnToPlain } from './blocks.js';
import { fill } from '../knowledge/copy.js';

export interface Renderer {
  /** Block Kit for Slack. */
  message(reply: Reply): Message;
  /** Plain text for the terminal. */
  text(reply: Reply): string;
  /** A form (a Slack modal), for the replies that are one. */
  view(reply: Reply): ModalView | undefined;
  /** A document (title and Markdown), for the replies that are one. */
  document(reply: Reply): { title: string; markdown: string } | undefined;
}

export function createRenderer(catalogue: Catalogue): Renderer {
  const plain = new Map<string, Message>();

  function answer(reply: Extract<Reply, { kind: 'answer' }>): Message {
    const options = {
      visibility: reply.visibility,
      ...(reply.sharedBy ? { sharedBy: reply.sharedBy } : {}),
      ...(reply.question !== undefined ? { question: reply.question } : {}),
      ...(reply.alternatives ? { alternatives: reply.alternatives } : {}),
      ...(reply.offerDecide !== undefined ? { offerDecide: reply.offerDecide } : {}),
      ...(reply.uncovered ? { uncovered: reply.uncovered } : {}),
      ...(reply.focus ? { focus: reply.focus } : {}),
      ...(reply.full ? { full: true } : {}),
      ...(reply.confidence !== undefined ? { confidence: reply.confidence } : {}),
      ...(reply.thread ? { thread: reply.thread } : {}),
      ...(reply.about ? { about: reply.about } : {}),
    };
    // A question (its feedback buttons carry it) or a thread makes a message its own; the rest depend on the intent.
    const cacheable = reply.intent !== NONE && !reply.sharedBy && !reply.alternatives?.length && !reply.uncovered && !reply.question && !reply.thread && !reply.about && reply.confidence === undefined;
    if (!cacheable) return renderAnswer(catalogue, reply.intent, options);
    const key = `${reply.intent}|${reply.visibility}|${reply.offerDecide ?? ''}|${reply.focus ?? ''}|${reply.full ? 'full' : ''}`;
    let m = plain.get(key);
    if (!m) plain.set(key, (m = renderAnswer(catalogue, reply.intent, options)));
    return m;
  }

  return {
    message(reply) {
      switch (reply.kind) {
        case 'answer':
          return answer(reply);
        case 'question':
          return questionMessage(catalogue, reply.state, reply.question, reply.note, reply.echo);
        case 'clarify':
          return clarifyMessage(catalogue, reply.state, reply.question, reply.options);
        case 'hint':
          return hintMessage(catalogue, reply.state, reply.question);
        case 'answered':
          return answeredMessage(catalogue, reply.question, reply.value, reply.label, reply.by, reply.state);
        case 'why-asked':
          return helpMessage(catalogue, reply.question);
        case 'recommendation':
          return recommendationMessage(catalogue, reply.state, reply.result, reply.echo, reply.view);
        case 'summary':
          return sharedSummary(catalogue, reply.state, reply.result, reply.sharedBy);
        case 'change-menu':
          return changeMenu(catalogue, reply.state);
        case 'parent':
          return parentMessage(catalogue, reply.user, reply);
        case 'cancelled':
          return cancelledMessage(catalogue, reply.by, reply.state);
        case 'note':
          return noteMessage(catalogue, reply);
        case 'share-picker':
          return shareNote(catalogue);
        case 'brief':
          return recommendationMessage(catalogue, reply.state, reply.result, undefined, 'full');
      }
    },
    view(reply) {
      return reply.kind === 'share-picker' ? sharePicker(catalogue, reply.state) : undefined;
    },
    document(reply) {
      return reply.kind === 'brief' ? decisionBrief(catalogue, reply.state, reply.result) : undefined;
    },
    text(reply) {
      switch (reply.kind) {
        case 'answer':
          return renderAnswerText(catalogue, reply.intent, reply.question, reply.alternatives, reply.uncovered, reply.focus);
        case 'question':
          return questionText(catalogue, reply.state, reply.question, reply.note, reply.echo);
        case 'recommendation':
          return `${reply.echo ? `${mrkdwnToPlain(fill(catalogue.copy.interview.got_it_text, { understood: understood(catalogue, reply.echo) }))}\n\n` : ''}${recommendationText(catalogue, reply.state, reply.result)}`;
        case 'summary':
          return recommendationText(catalogue, reply.state, resultOf(catalogue.interview, reply.state));
        case 'why-asked':
          return mrkdwnToPlain(catalogue.interview.question.get(reply.question)!.help);
        case 'brief':
          return decisionBrief(catalogue, reply.state, reply.result).markdown;
        default:
          return mrkdwnToPlain(this.message(reply).text);
      }
    },
  };
}
