/** The App Home tab and the modal that shows an answer opened from it. Pure Block Kit builders. */
import type { Catalogue } from '../knowledge/load.js';
import { decideButton, renderAnswer, topicButton } from './answer.js';
import { actions, context, divider, header, section, type Block, LIMITS, clamp } from './blocks.js';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export function renderHome(catalogue: Catalogue): HomeView {
  const copy = catalogue.copy.home;
  const blocks: Block[] = [header(copy.title), section(copy.intro), section(copy.how_to), actions([decideButton(catalogue, 'home', 'primary')], 'home_decide'), divider()];
  catalogue.home.topics.forEach((group, i) => {
    blocks.push(section(`*${group.title}*`));
    blocks.push(actions(group.ids.map((id) => topicButton(catalogue, id)), `home_topics_${i}`));
  });
  blocks.push(context(copy.footer));
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
    title: { type: 'plain_text', text: clamp(catalogue.copy.home.modal_title, LIMITS.viewTitle) },
    close: { type: 'plain_text', text: catalogue.copy.home.modal_close },
    blocks: message.blocks.slice(0, LIMITS.blocksPerView),
  };
}
