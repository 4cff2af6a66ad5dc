/** The App Home tab (with the main comparison as a table) and the modal that shows an answer opened from it. Pure. */
import type { Catalogue } from '../knowledge/load.js';
import { compareTable, decideButton, renderAnswer, topicButton } from './answer.js';
import { actions, button, context, divider, header, linkButton, mention, quoteUserText, richList, section, type Block, LIMITS, clamp } from './blocks.js';
import { fill } from '../knowledge/copy.js';
import { participantsOf, type InterviewState } from '../interview/machine.js';
import { outcomeFor, type Answers } from '../interview/decide.js';
import { encodeValue, IV } from '../conversation/actions.js';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

/** A decision as the Home tab lists it: its state, and a link to its thread when Slack gave one. */
export interface HomeDecision {
  readonly state: InterviewState;
  readonly link?: string;
}

/** How many decisions the Home tab lists. */
export const HOME_DECISIONS = 10;

export function renderHome(catalogue: Catalogue, decisions: readonly HomeDecision[] = [], viewer?: string): HomeView {
  const copy = catalogue.copy.home;
  const blocks: Block[] = [header(copy.title), section(copy.intro), richList(copy.how_to.split('\n'), copy.how_to_heading), actions([decideButton(catalogue, 'home', 'primary')], 'home_decide'), divider()];
  blocks.push(section(`*${copy.decisions}*`));
  if (decisions.length === 0) blocks.push(context(copy.no_decisions));
  for (const d of decisions.slice(0, HOME_DECISIONS)) blocks.push(...decisionBlocks(catalogue, d, viewer));
  blocks.push(divider());
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
  /** What the app needs back on submit (at most 3000 characters). */
  private_metadata?: string;
  title: { type: 'plain_text'; text: string };
  submit?: { type: 'plain_text'; text: string };
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

/** One decision on the Home tab: outcome, function, date, who took part; a link to the thread; "Change an answer" for its starter. */
function decisionBlocks(catalogue: Catalogue, d: HomeDecision, viewer: string | undefined): Block[] {
  const copy = catalogue.copy.home;
  const s = d.state;
  const outcome = catalogue.interview.outcomes.get(outcomeFor(catalogue.interview, s.answers as Answers))!.title;
  const fn = s.functionLabel ? quoteUserText(s.functionLabel, 60) : copy.no_function;
  const people = participantsOf(s).map(mention).join(', ');
  const date = `<!date^${Math.floor(s.updatedAt / 1000)}^{date_short}|${new Date(s.updatedAt).toISOString().slice(0, 10)}>`;
  const buttons = [];
  if (d.link) buttons.push(linkButton(copy.open_thread, d.link, copy.open_thread_label));
  if (viewer === s.starter) buttons.push(button(copy.change_answer, IV.reopen, encodeValue(s, s.channel, s.thread), undefined, copy.change_answer_label));
  const line = section(fill(copy.decision_line, { outcome, function: fn, date, people }));
  return buttons.length ? [line, actions(buttons)] : [line];
}
