/**
 * Renders an intent's answer for Slack (Block Kit with a text fallback) and for the terminal (plain text).
 * Pure: the same content renders the same way for every surface.
 */
import type { Catalogue } from '../knowledge/load.js';
import type { IntentFile, Section } from '../knowledge/schema.js';
import type { MatchResult } from '../nlu/matcher.js';
import { NONE } from '../knowledge/contract.js';

const INTERVIEW_START = 'interview-start';
import {
  actions,
  button,
  context,
  divider,
  fields,
  fit,
  header,
  mrkdwnToPlain,
  quoteUserText,
  section,
  type Block,
  type Button,
  type Message,
} from './blocks.js';

/** Action ids of the buttons we render; the Slack adapter listens for exactly these. */
export const ACTIONS = {
  share: 'share_answer',
  /** Prefix: `topic:<intent-id>` answers that intent (related topics, "did you mean", home buttons). */
  topic: 'topic:',
  decide: 'interview_start',
} as const;

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
}

function intentOf(catalogue: Catalogue, id: string): IntentFile {
  const intent = catalogue.intents.get(id);
  if (!intent) throw new Error(`unknown intent ${id}`);
  return intent;
}

function sectionBlocks(s: Section): Block[] {
  switch (s.type) {
    case 'text':
      return [section(s.heading ? `*${s.heading}*\n${s.text}` : s.text)];
    case 'list': {
      const items = s.items.map((i) => `• ${i}`).join('\n');
      return [section(s.heading ? `*${s.heading}*\n${items}` : items)];
    }
    case 'compare': {
      const out: Block[] = [];
      if (s.heading) out.push(section(`*${s.heading}*`));
      out.push(fields([`*${s.columns[0]}*`, `*${s.columns[1]}*`]));
      for (const row of s.rows) out.push(fields(row.values, `*${row.label}*`));
      return out;
    }
  }
}

function sectionText(s: Section): string {
  switch (s.type) {
    case 'text':
      return (s.heading ? `${s.heading}\n` : '') + mrkdwnToPlain(s.text);
    case 'list':
      return (s.heading ? `${s.heading}\n` : '') + s.items.map((i) => `  • ${mrkdwnToPlain(i)}`).join('\n');
    case 'compare': {
      const lines = s.heading ? [s.heading] : [];
      for (const row of s.rows) {
        lines.push(`${row.label}`);
        lines.push(`  ${s.columns[0]}: ${mrkdwnToPlain(row.values[0])}`);
        lines.push(`  ${s.columns[1]}: ${mrkdwnToPlain(row.values[1])}`);
      }
      return lines.join('\n');
    }
  }
}

/** The sources line: article titles, and a plain note where an answer goes beyond them. */
export function sourcesLine(catalogue: Catalogue, intent: IntentFile): string {
  const titles = intent.sources.map((id) => {
    const src = catalogue.sources.get(id)!;
    return src.kind === 'article' ? `_${src.title}_` : src.title;
  });
  return `Sources: ${titles.join(' · ')}`;
}

export function topicButton(catalogue: Catalogue, id: string): Button {
  // Asking for a recommendation is answered by running the interview, so that topic's button starts it.
  if (id === INTERVIEW_START) return button('Help me decide', ACTIONS.decide, 'topic');
  return button(intentOf(catalogue, id).label, `${ACTIONS.topic}${id}`, id);
}

/** Topic buttons for distinct known ids, then "Help me decide" when offered (never twice). */
function topicButtons(catalogue: Catalogue, ids: readonly string[], offerDecide: boolean): Button[] {
  const out = ids.filter((id, i) => id !== NONE && catalogue.intents.has(id) && ids.indexOf(id) === i).map((id) => topicButton(catalogue, id));
  if (offerDecide && !out.some((b) => b.action_id === ACTIONS.decide)) out.push(topicButton(catalogue, INTERVIEW_START));
  return out;
}

/** Block Kit for one intent's answer. */
export function renderAnswer(catalogue: Catalogue, id: string, options: AnswerOptions): Message {
  const intent = intentOf(catalogue, id);
  if (id === NONE) return renderNone(catalogue, options);
  const blocks: Block[] = [header(intent.title)];
  for (const s of intent.answer) blocks.push(...sectionBlocks(s));
  const contextLines = [sourcesLine(catalogue, intent)];
  if (options.sharedBy) contextLines.unshift(`Shared by <@${options.sharedBy}>`);
  blocks.push(context(...contextLines));
  blocks.push(...followUps(catalogue, intent, options));
  return fit({ text: `${intent.title} ${mrkdwnToPlain(intent.summary)}`, blocks });
}

function followUps(catalogue: Catalogue, intent: IntentFile, options: AnswerOptions): Block[] {
  const out: Block[] = [];
  const alternatives = (options.alternatives ?? []).filter((a) => a !== intent.id && a !== NONE && catalogue.intents.has(a)).slice(0, 3);
  if (alternatives.length > 0) {
    out.push(section('Not quite what you asked? *Did you mean:*'));
    out.push(actions(alternatives.map((a) => topicButton(catalogue, a)), 'did_you_mean'));
  }
  const buttons: Button[] = [];
  if (options.visibility === 'private') buttons.push(button('Share in channel', ACTIONS.share, intent.id, 'primary'));
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
  const blocks: Block[] = [];
  const q = options.question?.trim();
  const intro = q ? `I couldn't match “${quoteUserText(q, 150)}” to a topic I know.` : "I'm not sure what you're asking.";
  blocks.push(section(intro));
  for (const s of none.answer) blocks.push(...sectionBlocks(s));
  const buttons = topicButtons(catalogue, [...(options.alternatives ?? []), ...none.related].slice(0, 5), options.offerDecide !== false);
  if (buttons.length) blocks.push(actions(buttons, 'none_actions'));
  return fit({ text: `${intro} ${mrkdwnToPlain(none.summary)}`, blocks });
}

/** The reply to a matched question (answer, "did you mean", or out-of-scope). */
export function renderMatch(catalogue: Catalogue, match: MatchResult, question: string, options: Omit<AnswerOptions, 'question' | 'alternatives'>): Message {
  const alternatives = match.intent === NONE || match.ambiguous ? match.alternatives.map((a) => a.intent) : [];
  return renderAnswer(catalogue, match.intent, { ...options, question, alternatives });
}

/** Plain text for the terminal. */
export function renderAnswerText(catalogue: Catalogue, id: string, question?: string, alternatives: readonly string[] = []): string {
  const intent = intentOf(catalogue, id);
  const parts: string[] = [];
  if (id === NONE) {
    parts.push(question ? `I couldn't match "${question.trim().slice(0, 150)}" to a topic I know.` : "I'm not sure what you're asking.");
  } else {
    parts.push(intent.title.toUpperCase());
  }
  for (const s of intent.answer) parts.push(sectionText(s));
  if (id !== NONE) parts.push(mrkdwnToPlain(sourcesLine(catalogue, intent)));
  const didYouMean = alternatives.filter((a) => a !== id && catalogue.intents.has(a));
  if (didYouMean.length) parts.push(`Did you mean: ${didYouMean.map((a) => intentOf(catalogue, a).label).join(' | ')}`);
  if (intent.related.length) parts.push(`Related: ${intent.related.map((r) => intentOf(catalogue, r).label).join(' | ')}`);
  return parts.join('\n\n');
}
