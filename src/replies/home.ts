/** The App Home tab (with the main comparison as a table) and the modal that shows an answer opened from it. Pure. */
import type { Catalogue } from '../knowledge/load.js';
import { compareTable, decideButton, renderAnswer, topicButton } from './answer.js';
import { actions, button, context, divider, header, linkButton, mention, quoteUserText, richList, richLiteralList, section, type Block, LIMITS, clamp } from './blocks.js';
import { fill } from '../knowledge/copy.js';
import { participantsOf, type InterviewState } from '../interview/machine.js';
import { outcomeFor, type Answers } from '../interview/decide.js';
import { encodeValue, IV } from '../conversation/actions.js';
import { GAP_WINDOW_MS, RECOMMENDATION_PREFIX, type Gap } from '../conversation/feedback.js';
import { NONE } from '../knowledge/contract.js';

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

/** The knowledge-gap inbox, for people who manage the app: the week's most frequent misses of their workspace. */
export interface GapInbox {
  /** Out-of-scope questions and declined "did you mean", most frequent first. */
  readonly unanswered: readonly Gap[];
  /** Answers and recommendations marked not helpful, most frequent first. */
  readonly disliked: readonly Gap[];
}

/** How many misses of each list the inbox shows. */
export const INBOX_ITEMS = 5;

/** What a miss was, in a few words: matched nothing, none of the suggestions fit, or what it was answered with. */
export function gapWhat(catalogue: Catalogue, gap: Pick<Gap, 'kind' | 'intent'>): string {
  const copy = catalogue.copy.feedback;
  const topic = catalogue.intents.get(gap.intent)?.label ?? gap.intent;
  if (gap.kind === 'out_of_scope' || gap.intent === NONE) return copy.out_of_scope;
  if (gap.kind === 'declined') return fill(copy.declined_what, { topic });
  if (gap.intent.startsWith(RECOMMENDATION_PREFIX)) {
    const id = gap.intent.slice(RECOMMENDATION_PREFIX.length);
    const outcome = [...catalogue.interview.outcomes.values()].find((o) => o.id === id);
    return fill(copy.disliked_recommendation, { outcome: outcome?.title ?? id });
  }
  return fill(copy.disliked_topic, { topic });
}

/** The inbox's blocks: a heading, who sees it, then each list (a rich text list; the questions are literal text there). */
function inboxBlocks(catalogue: Catalogue, inbox: GapInbox): Block[] {
  const copy = catalogue.copy.feedback;
  const list = (title: string, gaps: readonly Gap[]): Block[] => {
    if (gaps.length === 0) return [section(`*${title}*`), context(copy.inbox_empty)];
    const items = gaps.slice(0, INBOX_ITEMS).map((g) => fill(copy.inbox_line, { question: g.text ? clamp(g.text, 200) : copy.inbox_no_question, count: g.count, what: gapWhat(catalogue, g) }));
    return [richLiteralList(items, title)];
  };
  return [
    divider(),
    header(copy.inbox_title),
    context(fill(copy.inbox_intro, { days: GAP_WINDOW_MS / 86_400_000 })),
    ...list(copy.inbox_unanswered, inbox.unanswered),
    ...list(copy.inbox_disliked, inbox.disliked),
  ];
}

/**
 * The Home tab: how to use the app, the team's recent decisions, the knowledge-gap inbox for someone who manages the
 * app (`inbox`, given only to them), the main comparison and the topics.
 */
export function renderHome(catalogue: Catalogue, decisions: readonly HomeDecision[] = [], viewer?: string, inbox?: GapInbox): HomeView {
  const copy = catalogue.copy.home;
  const blocks: Block[] = [header(copy.title), section(copy.intro), richList(copy.how_to.split('\n'), copy.how_to_heading), actions([decideButton(catalogue, 'home', 'primary')], 'home_decide'), divider()];
  blocks.push(section(`*${copy.decisions}*`));
  if (decisions.length === 0) blocks.push(context(copy.no_decisions));
  for (const d of decisions.slice(0, HOME_DECISIONS)) blocks.push(...decisionBlocks(catalogue, d, viewer));
  if (inbox) blocks.push(...inboxBlocks(catalogue, inbox));
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
