/** The App Home tab (with the main comparison as a table) and the modal that shows an answer opened from it. Pure. */
import type { Catalogue } from '../knowledge/load.js';
import { compareTable, decideButton, renderAnswer, topicButton } from './answer.js';
import { actions, context, divider, header, richList, section, type Block, LIMITS, clamp } from './blocks.js';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export function renderHome(catalogue: Catalogue): HomeView {
  const copy = catalogue.copy.home;
  const blocks: Block[] = [header(copy.title), section(copy.intro), richList(copy.how_to.split('\n'), copy.how_to_heading), actions([decideButton(catalogue, 'home', 'primary')], 'home_decide'), divider()];
  // The comparison at a glance: a table block, which the Home tab allows (modals do not).
  const compared = catalogue.home.table ? catalogue.intents.get(catalogue.home.table) : undefined;
  const comparison = compared?.answer.find((s) => s.type === 'compare');
  if (compared && comparison?.type === 'compare') blocks.push(section(`*${compared.label}*`), ...compareTable(catalogue, comparison), divider());
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

/** An answer in a modal (from the Home tab, where there is no channel to answer in): comparisons as fields. */
export function renderAnswerModal(catalogue: Catalogue, id: string, view: { focus?: string; full?: boolean } = {}): ModalView {
  const message = renderAnswer(catalogue, id, { visibility: 'public', offerDecide: false, surface: 'modal', ...view });
  return {
    type: 'modal',
    callback_id: 'answer_modal',
    title: { type: 'plain_text', text: clamp(catalogue.copy.home.modal_title, LIMITS.viewTitle) },
    close: { type: 'plain_text', text: catalogue.copy.home.modal_close },
    blocks: message.blocks.slice(0, LIMITS.blocksPerView),
  };
}
