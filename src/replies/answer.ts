/**
 * Renders an intent's answer for Slack (Block Kit with a text fallback) and for the terminal (plain text).
 * A topic answer opens with its first screen (the short answer, or the section the question asked for) and a
 * "More" button; the whole answer puts the section asked for first, then the short answer, then the rest.
 * Comparisons are table blocks where Slack allows them (messages, the Home tab) and fields elsewhere (modals); lists
 * are rich text. Small talk is a sentence, with no header, sources or Share button. Pure: its sentences come from
 * `intents/copy.yml`.
 */
import type { Catalogue } from '../knowledge/load.js';
import type { IntentFile, Section } from '../knowledge/schema.js';
import { NONE } from '../knowledge/contract.js';
import { fill } from '../knowledge/copy.js';
import { orderedSections, resolveLinks, sectionById } from '../knowledge/sections.js';
import { ANSWER_ACTIONS, encodeAnswer, FEEDBACK_ACTIONS, type AnswerView } from '../conversation/actions.js';
import { INTERVIEW_START } from '../conversation/router.js';
import { encodeFeedback, scrub, type FeedbackValue } from '../conversation/feedback.js';
import { actions, button, context, divider, feedbackButtons, fields, fit, header, mention, mrkdwnToPlain, quoteUserText, richList, section, table, type Block, type Button, type Message } from './blocks.js';

/** Action ids of the buttons under an answer; the Slack adapter listens for exactly these. */
export const ACTIONS = ANSWER_ACTIONS;

/** Where an answer is shown: tables are allowed in messages and on the Home tab, not in modals. */
export type Surface = 'message' | 'modal';

export interface AnswerOptions {
  /** `private`: an ephemeral reply, offered with a "Share in channel" button. `public`: visible to everyone. */
  readonly visibility: 'private' | 'public';
  /** The user who shared the answer into the channel, credited in a context line. */
  readonly sharedBy?: string;
  /** The question as typed; echoed (escaped) when we could not answer it. */
  readonly question?: string;
  /** Alternatives to offer as "did you mean" buttons. */
  readonly alternatives?: readonly string[];
  /** Show the "Help me decide" button (the interview is available). */
  readonly offerDecide?: boolean;
  /** A gap of gaps.yml: the question asks what the articles do not cover, which is said first. */
  readonly uncovered?: string;
  /** The part of the answer asked for (a section or small-talk reply id), shown first. */
  readonly focus?: string;
  /** The whole answer rather than its first screen. */
  readonly full?: boolean;
  /** How sure the match of `question` was (its feedback buttons carry it). */
  readonly confidence?: number;
  /** The thread the Share button posts in (the thread of the message a shortcut was used on). */
  readonly thread?: string;
  /** The conversation a shortcut asked about, said first when the answer comes by direct message instead. */
  readonly about?: string;
  /** Default `message`. */
  readonly surface?: Surface;
}

/** "The articles give no figures for costs… The closest I have:" for a gap, or undefined. */
function gapLine(catalogue: Catalogue, gap: string | undefined): string | undefined {
  const says = gap ? catalogue.gaps.find((g) => g.id === gap)?.says : undefined;
  return says ? fill(catalogue.copy.answer.uncovered, { gap: says }) : undefined;
}

function intentOf(catalogue: Catalogue, id: string): IntentFile {
  const intent = catalogue.intents.get(id);
  if (!intent) throw new Error(`unknown intent ${id}`);
  return intent;
}

/** Answer text for Slack: each `[[id]]` shown as that topic's label, in bold (its button is under the answer). */
function mrkdwnOf(catalogue: Catalogue, text: string): string {
  return resolveLinks(text, (id) => `*${intentOf(catalogue, id).label}*`);
}

/** Answer text for a terminal: each `[[id]]` shown as that topic's label, markup removed. */
function plainOf(catalogue: Catalogue, text: string): string {
  return mrkdwnToPlain(resolveLinks(text, (id) => intentOf(catalogue, id).label));
}

/** Small talk without a body: a sentence (a reply chosen by what was said, or the greeting itself). */
const isChat = (intent: IntentFile) => intent.social && intent.answer.length === 0;

/** Renders sections, the first comparison as a table where tables are allowed (Slack allows one per message). */
function sectionRenderer(catalogue: Catalogue, surface: Surface | 'home') {
  let tablesLeft = surface === 'modal' ? 0 : 1;
  const m = (t: string) => mrkdwnOf(catalogue, t);
  return (s: Section): Block[] => {
    switch (s.type) {
      case 'text':
        return [section(s.heading ? `*${s.heading}*\n${m(s.text)}` : m(s.text))];
      case 'list':
        return [richList(s.items.map(m), s.heading)];
      case 'compare': {
        if (tablesLeft > 0) {
          tablesLeft--;
          const corner = s.heading ?? catalogue.copy.answer.compare_corner;
          return [table([[corner, ...s.columns], ...s.rows.map((r) => [r.label, ...r.values.map(m)])])];
        }
        const out: Block[] = [];
        if (s.heading) out.push(section(`*${s.heading}*`));
        out.push(fields([`*${s.columns[0]}*`, `*${s.columns[1]}*`]));
        for (const row of s.rows) out.push(fields(row.values.map(m), `*${row.label}*`));
        return out;
      }
    }
  };
}

/** A comparison section as a table block, for the Home tab. */
export function compareTable(catalogue: Catalogue, s: Extract<Section, { type: 'compare' }>): Block[] {
  return sectionRenderer(catalogue, 'home')(s);
}

function sectionText(catalogue: Catalogue, s: Section): string {
  const plain = (t: string) => plainOf(catalogue, t);
  switch (s.type) {
    case 'text':
      return (s.heading ? `${s.heading}\n` : '') + plain(s.text);
    case 'list':
      return (s.heading ? `${s.heading}\n` : '') + s.items.map((i) => `  • ${plain(i)}`).join('\n');
    case 'compare': {
      const lines = s.heading ? [s.heading] : [];
      for (const row of s.rows) {
        lines.push(`${row.label}`);
        lines.push(`  ${s.columns[0]}: ${plain(row.values[0])}`);
        lines.push(`  ${s.columns[1]}: ${plain(row.values[1])}`);
      }
      return lines.join('\n');
    }
  }
}

/**
 * The sources line: each article by publisher and title, readers' comments named as such, and a plain note where
 * the answer goes beyond the articles. Undefined for an answer that cites nothing (small talk, help).
 */
export function sourcesLine(catalogue: Catalogue, intent: IntentFile): string | undefined {
  return sourcesOf(catalogue, intent.sources);
}

/** The sources line for these source ids (answers and recommendations alike), or undefined for none. */
export function sourcesOf(catalogue: Catalogue, ids: readonly string[]): string | undefined {
  if (ids.length === 0) return undefined;
  const copy = catalogue.copy.answer;
  const names = ids.map((id) => {
    const src = catalogue.sources.get(id)!;
    const publisher = src.publisher ?? '';
    switch (src.kind) {
      case 'article':
        return fill(copy.source_article, { publisher, title: src.title });
      case 'comment':
        return fill(copy.source_comment, { publisher, title: src.title });
      case 'general':
        return fill(copy.source_general, { title: src.title });
    }
  });
  return fill(copy.sources, { titles: names.join(' · ') });
}

/** The "Help me decide" button. */
export function decideButton(catalogue: Catalogue, value: string, style?: 'primary'): Button {
  return button(catalogue.copy.answer.decide, ACTIONS.decide, value, style, catalogue.copy.answer.decide_label);
}

export function topicButton(catalogue: Catalogue, id: string): Button {
  // Asking for a recommendation is answered by running the interview, so that topic's button starts it.
  if (id === INTERVIEW_START) return decideButton(catalogue, 'topic');
  return button(intentOf(catalogue, id).label, `${ACTIONS.topic}${id}`, id);
}

/** Topic buttons for distinct known ids, then "Help me decide" when offered (never twice). */
function topicButtons(catalogue: Catalogue, ids: readonly string[], offerDecide: boolean): Button[] {
  const out = ids.filter((id, i) => id !== NONE && catalogue.intents.has(id) && ids.indexOf(id) === i).map((id) => topicButton(catalogue, id));
  if (offerDecide && !out.some((b) => b.action_id === ACTIONS.decide)) out.push(topicButton(catalogue, INTERVIEW_START));
  return out;
}

/** Whether an answer has more than its first screen. */
export function hasMore(intent: IntentFile): boolean {
  return !isChat(intent) && intent.answer.length > 0;
}

/** The small-talk reply asked for (by id), if any. */
const replyOf = (intent: IntentFile, focus: string | undefined) => intent.replies.find((r) => r.id === focus);

/**
 * Feedback on an answer or a recommendation: Slack's feedback buttons in a context actions block in messages, and
 * two plain buttons where that element is not available (modals). The values carry what the knowledge-gap inbox
 * keeps on a thumbs-down: the intent, how sure the match was, and the question, scrubbed.
 */
export function feedbackBlock(catalogue: Catalogue, value: FeedbackValue, surface: Surface | 'home', about: 'answer' | 'recommendation' = 'answer'): Block {
  const copy = catalogue.copy.feedback;
  const up = { text: copy.helpful, value: encodeFeedback({ ...value, vote: 'up' }), label: about === 'answer' ? copy.helpful_label : copy.rec_helpful_label };
  const down = { text: copy.not_helpful, value: encodeFeedback({ ...value, vote: 'down' }), label: about === 'answer' ? copy.not_helpful_label : copy.rec_not_helpful_label };
  if (surface === 'message') return feedbackButtons(FEEDBACK_ACTIONS.buttons, up, down);
  return actions([button(up.text, FEEDBACK_ACTIONS.up, up.value, undefined, up.label), button(down.text, FEEDBACK_ACTIONS.down, down.value, undefined, down.label)], 'feedback');
}

/** What an answer's feedback buttons carry: the question and its match, unless the answer was shared (then the topic alone). */
function feedbackValueOf(intent: IntentFile, options: AnswerOptions): FeedbackValue {
  if (options.sharedBy) return { intent: intent.id };
  const question = options.question ? scrub(options.question) : '';
  return { intent: intent.id, ...(options.confidence !== undefined ? { confidence: options.confidence } : {}), ...(question ? { question } : {}) };
}

/** Block Kit for one intent's answer: its first screen, or with `full` the whole of it. */
export function renderAnswer(catalogue: Catalogue, id: string, options: AnswerOptions): Message {
  const intent = intentOf(catalogue, id);
  if (id === NONE) return renderNone(catalogue, options);
  if (isChat(intent)) return renderChat(catalogue, intent, options);
  const surface = options.surface ?? 'message';
  const focus = sectionById(intent, options.focus);
  const full = options.full === true || !hasMore(intent);
  const render = sectionRenderer(catalogue, surface);
  const blocks: Block[] = [...aboutLine(catalogue, options)];
  const gap = gapLine(catalogue, options.uncovered);
  if (gap) blocks.push(section(gap));
  blocks.push(header(intent.title));
  const short = section(mrkdwnOf(catalogue, intent.short));
  if (!full) blocks.push(...(focus ? render(focus) : [short]));
  else {
    const [first, ...rest] = orderedSections(intent, focus?.id);
    if (focus && first) blocks.push(...render(first), short, ...rest.flatMap(render));
    else blocks.push(short, ...intent.answer.flatMap(render));
  }
  const sources = sourcesLine(catalogue, intent);
  const credit = options.sharedBy ? fill(catalogue.copy.answer.shared_by, { user: mention(options.sharedBy) }) : undefined;
  const contextLines = [credit, sources].filter((t): t is string => t !== undefined);
  if (contextLines.length) blocks.push(context(...contextLines));
  blocks.push(...followUps(catalogue, intent, options, full));
  // Help and small talk cite nothing and ask for nothing.
  if (!intent.social) blocks.push(feedbackBlock(catalogue, feedbackValueOf(intent, options), surface));
  return fit({ text: `${gap ? `${mrkdwnToPlain(gap)} ` : ''}${intent.title} ${mrkdwnToPlain(intent.summary)}`, blocks });
}

/** The channel a shortcut asked about, when the answer comes by direct message instead of there (not said for a DM). */
function aboutLine(catalogue: Catalogue, options: AnswerOptions): Block[] {
  return options.about && /^[CG][A-Z0-9]{2,}$/.test(options.about) ? [context(fill(catalogue.copy.shortcuts.about_message, { channel: options.about }))] : [];
}

/** Small talk: one sentence; the greeting itself offers a few topics to start from. */
function renderChat(catalogue: Catalogue, intent: IntentFile, options: AnswerOptions): Message {
  const reply = replyOf(intent, options.focus);
  const text = mrkdwnOf(catalogue, reply ? reply.text : intent.short);
  const blocks: Block[] = [...aboutLine(catalogue, options), section(text)];
  if (!reply) {
    const buttons = topicButtons(catalogue, intent.related, options.offerDecide !== false);
    if (buttons.length) blocks.push(actions(buttons, 'answer_actions'));
  }
  return fit({ text: mrkdwnToPlain(text), blocks });
}

function followUps(catalogue: Catalogue, intent: IntentFile, options: AnswerOptions, full: boolean): Block[] {
  const out: Block[] = [];
  const alternatives = (options.alternatives ?? []).filter((a) => a !== intent.id && a !== NONE && catalogue.intents.has(a)).slice(0, 3);
  const asked = feedbackValueOf(intent, options);
  if (alternatives.length > 0) {
    out.push(section(catalogue.copy.answer.did_you_mean));
    const fb = catalogue.copy.feedback;
    // "None of these" records, for the knowledge-gap inbox, that no topic offered was the one asked about.
    const declined = button(fb.none_of_these, FEEDBACK_ACTIONS.declined, encodeFeedback(asked), undefined, fb.none_of_these_label);
    out.push(actions([...alternatives.map((a) => topicButton(catalogue, a)), declined], 'did_you_mean'));
  }
  const view: AnswerView = {
    intent: intent.id,
    ...(options.focus && sectionById(intent, options.focus) ? { focus: options.focus } : {}),
    ...(options.sharedBy ? { sharedBy: options.sharedBy } : {}),
    ...(options.uncovered ? { uncovered: options.uncovered } : {}),
    ...(options.thread ? { thread: options.thread } : {}),
  };
  const copy = catalogue.copy.answer;
  const buttons: Button[] = [];
  // Asked for a decision in words a private answer cannot start one from (a shortcut on a message): its button first.
  if (intent.id === INTERVIEW_START && options.offerDecide !== false) buttons.push(decideButton(catalogue, 'topic'));
  // Shown again whole, the answer keeps its question for its feedback buttons (a shared one never carries it).
  const more: AnswerView = { ...view, ...(asked.question ? { question: asked.question } : {}), ...(asked.confidence !== undefined ? { confidence: asked.confidence } : {}) };
  if (!full) buttons.push(button(copy.more, ACTIONS.more, encodeAnswer(more), undefined, fill(copy.more_label, { topic: intent.label })));
  if (options.visibility === 'private') buttons.push(button(copy.share, ACTIONS.share, encodeAnswer({ ...view, ...(full && hasMore(intent) ? { full: true } : {}) }), 'primary', copy.share_label));
  const related = intent.related.filter((rel) => !alternatives.includes(rel));
  buttons.push(...topicButtons(catalogue, related, options.offerDecide !== false && intent.id !== INTERVIEW_START && !alternatives.includes(INTERVIEW_START)));
  if (buttons.length > 0) {
    out.push(divider());
    out.push(actions(buttons, 'answer_actions'));
  }
  return out;
}

/** The out-of-scope reply: what we can help with, the question echoed safely, and the closest topics. */
export function renderNone(catalogue: Catalogue, options: AnswerOptions): Message {
  const none = intentOf(catalogue, NONE);
  const blocks: Block[] = [...aboutLine(catalogue, options)];
  const q = options.question?.trim();
  const intro = q ? fill(catalogue.copy.answer.no_match, { question: quoteUserText(q, 150) }) : catalogue.copy.answer.not_sure;
  blocks.push(section(intro));
  blocks.push(section(mrkdwnOf(catalogue, none.short)));
  const buttons = topicButtons(catalogue, [...(options.alternatives ?? []), ...none.related].slice(0, 5), options.offerDecide !== false);
  if (buttons.length) blocks.push(actions(buttons, 'none_actions'));
  return fit({ text: `${intro} ${mrkdwnToPlain(none.summary)}`, blocks });
}

/** Plain text for the terminal: the whole answer, the part asked for first. */
export function renderAnswerText(catalogue: Catalogue, id: string, question?: string, alternatives: readonly string[] = [], uncovered?: string, focus?: string): string {
  const intent = intentOf(catalogue, id);
  const copy = catalogue.copy.answer;
  if (isChat(intent)) {
    const reply = replyOf(intent, focus);
    if (reply) return plainOf(catalogue, reply.text);
  }
  const parts: string[] = [];
  const gap = gapLine(catalogue, uncovered);
  if (gap) parts.push(mrkdwnToPlain(gap));
  if (id === NONE) parts.push(question ? fill(copy.no_match_text, { question: question.trim().slice(0, 150) }) : copy.not_sure);
  else if (!isChat(intent)) parts.push(intent.title.toUpperCase());
  const [first, ...rest] = orderedSections(intent, sectionById(intent, focus)?.id);
  const focused = first !== undefined && first.id !== undefined && first.id === focus;
  if (focused) parts.push(sectionText(catalogue, first));
  parts.push(plainOf(catalogue, intent.short));
  for (const s of focused ? rest : intent.answer) parts.push(sectionText(catalogue, s));
  const sources = id === NONE ? undefined : sourcesLine(catalogue, intent);
  if (sources) parts.push(mrkdwnToPlain(sources));
  const didYouMean = alternatives.filter((a) => a !== id && catalogue.intents.has(a));
  if (didYouMean.length) parts.push(fill(copy.did_you_mean_text, { labels: didYouMean.map((a) => intentOf(catalogue, a).label).join(' | ') }));
  if (intent.related.length) parts.push(fill(copy.related_text, { labels: intent.related.map((r) => intentOf(catalogue, r).label).join(' | ') }));
  return parts.join('\n\n');
}
