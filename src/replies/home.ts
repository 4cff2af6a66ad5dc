/** The App Home tab and the modal that shows an answer opened from it. Pure Block Kit builders. */
import type { Catalogue } from '../knowledge/load.js';
import { ACTIONS, renderAnswer, topicButton } from './answer.js';
import { actions, button, context, divider, header, section, type Block, LIMITS, clamp } from './blocks.js';

/** Topics shown as buttons on the Home tab, in reading order. */
export const HOME_TOPICS: ReadonlyArray<{ title: string; ids: readonly string[] }> = [
  { title: 'The basics', ids: ['define-outsourcing', 'define-offshoring', 'compare', 'define-offshore-outsourcing'] },
  { title: 'More terms', ids: ['define-nearshoring', 'define-onshoring', 'define-bpo', 'define-kpo', 'define-freelancing'] },
  { title: 'Weighing it up', ids: ['benefits-outsourcing', 'benefits-offshoring', 'challenges-outsourcing', 'challenges-offshoring', 'manage-risks'] },
  { title: 'In practice', ids: ['examples', 'common-functions', 'decision-factors', 'jobs-impact', 'future-trends'] },
];

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export function renderHome(catalogue: Catalogue): HomeView {
  const blocks: Block[] = [
    header('Sourcing Advisor'),
    section(
      'I explain the difference between *outsourcing* and *offshoring*, and help your team decide whether a function ' +
        '(support, IT, accounting…) should stay in-house, be outsourced at home, or be offshored.',
    ),
    section(
      '*How to use me*\n' +
        '• Type `/sourcing what is offshoring` (or any question) in a channel: I answer privately, with a button to share it.\n' +
        '• Mention me in a channel (`@Sourcing Advisor outsourcing vs offshoring?`): I answer in the thread.\n' +
        '• Send me a direct message from the Messages tab.\n' +
        '• `/sourcing decide customer support` runs a short decision interview in a thread.',
    ),
    actions([button('Help me decide', ACTIONS.decide, 'home', 'primary')], 'home_decide'),
    divider(),
  ];
  HOME_TOPICS.forEach((group, i) => {
    const ids = group.ids.filter((id) => catalogue.intents.has(id));
    if (ids.length === 0) return;
    blocks.push(section(`*${group.title}*`));
    blocks.push(actions(ids.map((id) => topicButton(catalogue, id)), `home_topics_${i}`));
  });
  blocks.push(context('Answers are grounded in four articles on outsourcing vs offshoring; each answer lists its sources.'));
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}

export interface ModalView {
  type: 'modal';
  callback_id: string;
  title: { type: 'plain_text'; text: string };
  close: { type: 'plain_text'; text: string };
  blocks: Block[];
}

/** An answer in a modal (from the Home tab, where there is no channel to answer in). */
export function renderAnswerModal(catalogue: Catalogue, id: string): ModalView {
  const message = renderAnswer(catalogue, id, { visibility: 'public', offerDecide: false });
  return {
    type: 'modal',
    callback_id: 'answer_modal',
    title: { type: 'plain_text', text: clamp('Sourcing Advisor', LIMITS.viewTitle) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: message.blocks.slice(0, LIMITS.blocksPerView),
  };
}
