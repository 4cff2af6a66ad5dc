/**
 * A small, typed subset of Block Kit and the limits Slack enforces on it, with builders that clamp every
 * field to its limit, so no message we build can be rejected for size. Pure: imports nothing from Slack.
 */
import { isSlackId } from '../conversation/ids.js';

/** Slack's published limits (see shared/design/slack-platform.md §5; tables and rich text: README.md, "Block Kit limits"). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  messageText: 40_000,
  /** We keep fallback text far below Slack's cap: it is a notification preview, not the answer. */
  fallbackText: 3000,
  viewTitle: 24,
  accessibilityLabel: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Table block: one per message, at most 100 rows of at most 20 cells, column_settings at most 20. */
  tablesPerMessage: 1,
  tableRows: 100,
  tableCells: 20,
  /** Not published for the table block; a secondary source gives 2,000 per cell, which we keep. */
  tableCellText: 2000,
  /** Not published for rich_text; we keep each rich text block within a section's 3,000 characters. */
  richText: 3000,
  /** Context actions block: at most 5 elements (feedback buttons, icon buttons). */
  contextActionsElements: 5,
  /** Input block: label and hint 2,000 characters; a placeholder 150; a select's options 100, each 75 characters of text, a value 150. */
  inputLabel: 2000,
  placeholder: 150,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  textInputLength: 3000,
} as const;

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}
export type TextObject = PlainText | Mrkdwn;

export interface Button {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
  /** What a screen reader says instead of the text (Slack allows 75 characters). */
  accessibility_label?: string;
  /** A dialog Slack shows before the click is sent. */
  confirm?: ConfirmDialog;
}

/** Block Kit's confirmation dialog object. */
export interface ConfirmDialog {
  title: PlainText;
  text: PlainText;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}

export interface HeaderBlock {
  type: 'header';
  block_id?: string;
  text: PlainText;
}
export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: Mrkdwn;
  fields?: Mrkdwn[];
  accessory?: Button;
}
export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: TextObject[];
}
export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: Button[];
}
export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}
/** An option of a select menu. */
export interface SelectOption {
  text: PlainText;
  value: string;
}
/** What a form field holds: a conversation picker, a menu of options, or a line of text. */
export type InputElement =
  | {
      type: 'conversations_select';
      action_id: string;
      placeholder?: PlainText;
      filter?: { include?: string[]; exclude_bot_users?: boolean; exclude_external_shared_channels?: boolean };
      /** Pre-selects the conversation the person was viewing when they opened the modal. */
      default_to_current_conversation?: boolean;
      /** The submission then carries a response URL for the conversation picked (see README, "Shortcuts"). */
      response_url_enabled?: boolean;
    }
  | { type: 'static_select'; action_id: string; placeholder?: PlainText; options: SelectOption[] }
  | { type: 'plain_text_input'; action_id: string; placeholder?: PlainText; max_length?: number };
/** A form field (modals only). */
export interface InputBlock {
  type: 'input';
  block_id?: string;
  label: PlainText;
  element: InputElement;
  optional?: boolean;
  hint?: PlainText;
}
/** Inline styles of rich text. */
export interface RichTextStyle {
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
}
export interface RichTextText {
  type: 'text';
  text: string;
  style?: RichTextStyle;
}
export interface RichTextSection {
  type: 'rich_text_section';
  elements: RichTextText[];
}
export interface RichTextList {
  type: 'rich_text_list';
  style: 'bullet' | 'ordered';
  elements: RichTextSection[];
}
export interface RichTextBlock {
  type: 'rich_text';
  block_id?: string;
  elements: Array<RichTextSection | RichTextList>;
}
export interface TableColumn {
  is_wrapped?: boolean;
  align?: 'left' | 'center' | 'right';
}
/** Slack's table block: rows of cells, each cell a rich text block (messages and the Home tab, not modals). */
export interface TableBlock {
  type: 'table';
  block_id?: string;
  rows: RichTextBlock[][];
  column_settings?: TableColumn[];
}
/** One of a feedback buttons element's two buttons: plain text, a value (required), an optional label. */
export interface FeedbackButton {
  text: PlainText;
  value: string;
  accessibility_label?: string;
}
/** Slack's feedback buttons element (a positive and a negative button), only inside a context actions block. */
export interface FeedbackButtonsElement {
  type: 'feedback_buttons';
  action_id: string;
  positive_button: FeedbackButton;
  negative_button: FeedbackButton;
}
/** Actions shown as contextual info: here, feedback buttons (messages only; modals and the Home tab use buttons). */
export interface ContextActionsBlock {
  type: 'context_actions';
  block_id?: string;
  elements: FeedbackButtonsElement[];
}
export type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock | RichTextBlock | TableBlock | InputBlock | ContextActionsBlock;

/** A message as we build it: blocks plus the top-level `text` fallback Slack uses for notifications. */
export interface Message {
  text: string;
  blocks: Block[];
}

/** Cuts text to `max` characters, ending with an ellipsis when cut (never splits a surrogate pair). */
export function clamp(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * Escapes Slack's control characters in user text we echo back, so `<!channel>`, `<@U…>` or links typed by
 * someone can never be parsed by Slack when the bot repeats them.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text Slack must never read as markup or a mention: escaped, control characters removed, clamped. */
export function quoteUserText(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
  // Clamp first so an escape sequence is never cut in half.
  return escapeText(clamp(clean, max));
}

/** A mention of a person: `<@U…>` for a Slack user id; anything else is shown as escaped text, never as markup. */
export function mention(user: string): string {
  return isSlackId('user', user) ? `<@${user}>` : quoteUserText(user, 40);
}

export const header = (text: string, block_id?: string): HeaderBlock => ({
  type: 'header',
  ...(block_id ? { block_id } : {}),
  text: { type: 'plain_text', text: clamp(text, LIMITS.headerText), emoji: true },
});

export const section = (text: string, block_id?: string): SectionBlock => ({
  type: 'section',
  ...(block_id ? { block_id } : {}),
  text: { type: 'mrkdwn', text: clamp(text, LIMITS.sectionText) },
});

export const fields = (items: readonly string[], text?: string): SectionBlock => ({
  type: 'section',
  ...(text ? { text: { type: 'mrkdwn' as const, text: clamp(text, LIMITS.sectionText) } } : {}),
  fields: items.slice(0, LIMITS.sectionFields).map((t) => ({ type: 'mrkdwn' as const, text: clamp(t, LIMITS.fieldText) })),
});

export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn' as const, text: clamp(t, LIMITS.sectionText) })),
});

export const divider = (): DividerBlock => ({ type: 'divider' });

/** Plain text for a label, placeholder or option, clamped. */
export const plain = (text: string, max: number): PlainText => ({ type: 'plain_text', text: clamp(text, max) });

/** Where a marker opens: at the start or after a space or bracket, as Slack's mrkdwn reads `*bold*`. */
const OPENS = /[\s(]/;
const STYLE_OF: Readonly<Record<string, keyof RichTextStyle>> = { '*': 'bold', _: 'italic', '`': 'code' };

/**
 * Slack mrkdwn (`*bold*`, `_italic_`, `` `code` ``) as rich text elements; anything else is literal text, which
 * rich text never parses, so it needs no escaping.
 */
export function richTextOf(mrkdwn: string, base: RichTextStyle = {}): RichTextText[] {
  const out: RichTextText[] = [];
  const push = (text: string, style: RichTextStyle) => {
    if (!text) return;
    const styled = Object.keys(style).length > 0;
    out.push({ type: 'text', text, ...(styled ? { style } : {}) });
  };
  let plain = '';
  for (let i = 0; i < mrkdwn.length; ) {
    const ch = mrkdwn[i]!;
    const key = STYLE_OF[ch];
    const end = key && (i === 0 || OPENS.test(mrkdwn[i - 1]!)) && /\S/.test(mrkdwn[i + 1] ?? '') ? mrkdwn.indexOf(ch, i + 2) : -1;
    if (key && end > i && /\S/.test(mrkdwn[end - 1]!) && !/[\p{L}\p{N}]/u.test(mrkdwn[end + 1] ?? '')) {
      push(plain, base);
      plain = '';
      const inner = mrkdwn.slice(i + 1, end);
      if (key === 'code') push(inner, { ...base, code: true });
      else out.push(...richTextOf(inner, { ...base, [key]: true }));
      i = end + 1;
    } else {
      plain += ch;
      i++;
    }
  }
  push(plain, base);
  return out;
}

/** A paragraph of rich text. */
export const richSection = (mrkdwn: string, style?: RichTextStyle): RichTextSection => ({ type: 'rich_text_section', elements: richTextOf(mrkdwn, style) });

/** A bulleted list as a rich text block, with an optional bold heading above it. */
export const richList = (items: readonly string[], heading?: string): RichTextBlock => ({
  type: 'rich_text',
  elements: [
    ...(heading ? [richSection(heading, { bold: true })] : []),
    { type: 'rich_text_list', style: 'bullet', elements: items.map((i) => richSection(i)) },
  ],
});

/** A bulleted list of literal text (people's own words: no markup is read in it), with a bold heading above it. */
export const richLiteralList = (items: readonly string[], heading?: string): RichTextBlock => ({
  type: 'rich_text',
  elements: [
    ...(heading ? [richSection(heading, { bold: true })] : []),
    { type: 'rich_text_list', style: 'bullet', elements: items.map((text) => ({ type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text }] })) },
  ],
});

/** A table of mrkdwn cells, the first row and the first column in bold, every column wrapped. */
export function table(rows: ReadonlyArray<readonly string[]>, block_id?: string): TableBlock {
  const cell = (text: string, bold: boolean): RichTextBlock => ({ type: 'rich_text', elements: [richSection(clamp(text, LIMITS.tableCellText), bold ? { bold: true } : undefined)] });
  const width = Math.min(rows[0]?.length ?? 0, LIMITS.tableCells);
  return {
    type: 'table',
    ...(block_id ? { block_id } : {}),
    rows: rows.slice(0, LIMITS.tableRows).map((r, i) => r.slice(0, width).map((text, j) => cell(text, i === 0 || j === 0))),
    column_settings: Array.from({ length: width }, () => ({ is_wrapped: true })),
  };
}

/** The text a rich text block shows. */
export const richTextLength = (b: RichTextBlock): number =>
  b.elements.reduce((n, e) => n + (e.type === 'rich_text_list' ? e.elements : [e]).reduce((m, sec) => m + sec.elements.reduce((k, t) => k + t.text.length, 0), 0), 0);

export const button = (text: string, action_id: string, value?: string, style?: 'primary' | 'danger', label?: string): Button => ({
  type: 'button',
  text: { type: 'plain_text', text: clamp(text, LIMITS.buttonText), emoji: true },
  action_id: clamp(action_id, LIMITS.actionId),
  ...(value !== undefined ? { value: value.slice(0, LIMITS.buttonValue) } : {}),
  ...(style ? { style } : {}),
  ...(label ? { accessibility_label: clamp(label, LIMITS.accessibilityLabel) } : {}),
});

/** A button that opens a link (Slack still sends the click, which needs no handling). */
export const linkButton = (text: string, url: string, label?: string): Button => ({
  type: 'button',
  text: { type: 'plain_text', text: clamp(text, LIMITS.buttonText), emoji: true },
  action_id: clamp(`link:${url.replace(/[^A-Za-z0-9]/g, '').slice(-40)}`, LIMITS.actionId),
  url: url.slice(0, 3000),
  ...(label ? { accessibility_label: clamp(label, LIMITS.accessibilityLabel) } : {}),
});

/** A button that asks "are you sure?" first. */
export const confirmed = (b: Button, d: { title: string; text: string; confirm: string; deny: string }): Button => ({
  ...b,
  confirm: {
    title: { type: 'plain_text', text: clamp(d.title, LIMITS.confirmTitle) },
    text: { type: 'plain_text', text: clamp(d.text, LIMITS.confirmText) },
    confirm: { type: 'plain_text', text: clamp(d.confirm, LIMITS.confirmButton) },
    deny: { type: 'plain_text', text: clamp(d.deny, LIMITS.confirmButton) },
    ...(b.style === 'danger' ? { style: 'danger' as const } : {}),
  },
});

/** One button of a feedback pair. */
const feedbackButton = (b: { text: string; value: string; label?: string }): FeedbackButton => ({
  text: { type: 'plain_text', text: clamp(b.text, LIMITS.buttonText), emoji: true },
  value: b.value.slice(0, LIMITS.buttonValue),
  ...(b.label ? { accessibility_label: clamp(b.label, LIMITS.accessibilityLabel) } : {}),
});

/** A context actions block holding one feedback buttons element. */
export const feedbackButtons = (action_id: string, positive: { text: string; value: string; label?: string }, negative: { text: string; value: string; label?: string }, block_id?: string): ContextActionsBlock => ({
  type: 'context_actions',
  ...(block_id ? { block_id } : {}),
  elements: [{ type: 'feedback_buttons', action_id: clamp(action_id, LIMITS.actionId), positive_button: feedbackButton(positive), negative_button: feedbackButton(negative) }],
});

export const actions = (elements: readonly Button[], block_id?: string): ActionsBlock => ({
  type: 'actions',
  ...(block_id ? { block_id } : {}),
  elements: elements.slice(0, LIMITS.actionsElements),
});

/** Blocks people act on (buttons, feedback), kept when a message is cut to fit. */
const isInteractive = (b: Block) => b.type === 'actions' || b.type === 'context_actions';

/**
 * Makes a message fit: at most `maxBlocks` blocks (keeping the blocks of buttons it ends with: the answer's buttons
 * and its feedback) and a fallback text within limits.
 */
export function fit(message: Message, maxBlocks: number = LIMITS.blocksPerMessage): Message {
  let blocks = message.blocks;
  if (blocks.length > maxBlocks) {
    let tail = 0;
    while (tail < Math.min(2, maxBlocks) && isInteractive(blocks[blocks.length - 1 - tail]!)) tail++;
    blocks = [...blocks.slice(0, maxBlocks - tail), ...blocks.slice(blocks.length - tail)];
  }
  return { text: clamp(message.text, LIMITS.fallbackText), blocks };
}

/** Every limit this module knows, checked on a built message; returns the problems found (empty when it fits). */
export function checkMessage(message: Message, maxBlocks: number = LIMITS.blocksPerMessage): string[] {
  const problems: string[] = [];
  if (!message.text || message.text.trim() === '') problems.push('missing fallback text');
  if (message.text.length > LIMITS.messageText) problems.push('fallback text too long');
  if (message.blocks.length > maxBlocks) problems.push(`${message.blocks.length} blocks > ${maxBlocks}`);
  const tables = message.blocks.filter((b) => b.type === 'table').length;
  if (tables > LIMITS.tablesPerMessage) problems.push(`${tables} table blocks > ${LIMITS.tablesPerMessage}`);
  const blockIds = new Set<string>();
  message.blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.block_id !== undefined) {
      if (b.block_id.length > LIMITS.blockId) problems.push(`${at}: block_id too long`);
      if (blockIds.has(b.block_id)) problems.push(`${at}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        if (b.text.text.length === 0 || b.text.text.length > LIMITS.headerText) problems.push(`${at}: header text length ${b.text.text.length}`);
        break;
      case 'section':
        if (!b.text && !b.fields) problems.push(`${at}: neither text nor fields`);
        if (b.text && (b.text.text.length === 0 || b.text.text.length > LIMITS.sectionText)) problems.push(`${at}: text length ${b.text.text.length}`);
        if (b.fields && (b.fields.length > LIMITS.sectionFields || b.fields.some((f) => f.text.length === 0 || f.text.length > LIMITS.fieldText)))
          problems.push(`${at}: fields out of limits`);
        if (b.accessory) problems.push(...checkButton(b.accessory, at));
        break;
      case 'context':
        if (b.elements.length === 0 || b.elements.length > LIMITS.contextElements) problems.push(`${at}: ${b.elements.length} elements`);
        if (b.elements.some((e) => e.text.length === 0 || e.text.length > LIMITS.sectionText)) problems.push(`${at}: element text length`);
        break;
      case 'actions': {
        if (b.elements.length === 0 || b.elements.length > LIMITS.actionsElements) problems.push(`${at}: ${b.elements.length} elements`);
        const ids = new Set<string>();
        for (const e of b.elements) {
          problems.push(...checkButton(e, at));
          if (ids.has(e.action_id)) problems.push(`${at}: duplicate action_id ${e.action_id}`);
          ids.add(e.action_id);
        }
        break;
      }
      case 'divider':
        break;
      case 'context_actions': {
        if (b.elements.length === 0 || b.elements.length > LIMITS.contextActionsElements) problems.push(`${at}: ${b.elements.length} elements`);
        const ids = new Set<string>();
        for (const e of b.elements) {
          if (e.action_id.length === 0 || e.action_id.length > LIMITS.actionId) problems.push(`${at}: action_id length`);
          if (ids.has(e.action_id)) problems.push(`${at}: duplicate action_id ${e.action_id}`);
          ids.add(e.action_id);
          for (const fb of [e.positive_button, e.negative_button]) {
            if (fb.text.text.length === 0 || fb.text.text.length > LIMITS.buttonText) problems.push(`${at}: feedback button text length ${fb.text.text.length}`);
            if (fb.value.length === 0 || fb.value.length > LIMITS.buttonValue) problems.push(`${at}: feedback button value length ${fb.value.length}`);
            if (fb.accessibility_label !== undefined && (fb.accessibility_label.length === 0 || fb.accessibility_label.length > LIMITS.accessibilityLabel)) problems.push(`${at}: accessibility_label length`);
          }
        }
        break;
      }
      case 'input':
        problems.push(...checkInput(b, at));
        break;
      case 'rich_text':
        problems.push(...checkRichText(b, at));
        if (richTextLength(b) > LIMITS.richText) problems.push(`${at}: ${richTextLength(b)} characters > ${LIMITS.richText}`);
        break;
      case 'table': {
        if (b.rows.length === 0 || b.rows.length > LIMITS.tableRows) problems.push(`${at}: ${b.rows.length} rows`);
        const width = b.rows[0]?.length ?? 0;
        if (width === 0 || width > LIMITS.tableCells) problems.push(`${at}: ${width} cells in a row`);
        if (b.rows.some((r) => r.length !== width)) problems.push(`${at}: rows of different lengths`);
        if ((b.column_settings?.length ?? 0) > LIMITS.tableCells) problems.push(`${at}: column_settings too long`);
        b.rows.forEach((r, i) =>
          r.forEach((c, j) => {
            problems.push(...checkRichText(c, `${at} cell ${i},${j}`));
            if (richTextLength(c) > LIMITS.tableCellText) problems.push(`${at} cell ${i},${j}: text too long`);
          }),
        );
        break;
      }
    }
  });
  return problems;
}

/** A form field: its label, hint and placeholder within limits; a menu with 1 to 100 options of short text. */
function checkInput(b: InputBlock, at: string): string[] {
  const problems: string[] = [];
  if (b.label.text.length === 0 || b.label.text.length > LIMITS.inputLabel) problems.push(`${at}: label length ${b.label.text.length}`);
  if (b.hint && (b.hint.text.length === 0 || b.hint.text.length > LIMITS.inputLabel)) problems.push(`${at}: hint length`);
  const e = b.element;
  if (e.action_id.length === 0 || e.action_id.length > LIMITS.actionId) problems.push(`${at}: action_id length`);
  if (e.placeholder && (e.placeholder.text.length === 0 || e.placeholder.text.length > LIMITS.placeholder)) problems.push(`${at}: placeholder length`);
  if (e.type === 'static_select') {
    if (e.options.length === 0 || e.options.length > LIMITS.selectOptions) problems.push(`${at}: ${e.options.length} options`);
    const values = new Set<string>();
    for (const o of e.options) {
      if (o.text.text.length === 0 || o.text.text.length > LIMITS.optionText) problems.push(`${at}: option text length ${o.text.text.length}`);
      if (o.value.length === 0 || o.value.length > LIMITS.optionValue) problems.push(`${at}: option value length`);
      if (values.has(o.value)) problems.push(`${at}: duplicate option value ${o.value}`);
      values.add(o.value);
    }
  }
  if (e.type === 'plain_text_input' && e.max_length !== undefined && (e.max_length < 1 || e.max_length > LIMITS.textInputLength)) problems.push(`${at}: max_length ${e.max_length}`);
  return problems;
}

/** A rich text block needs elements, and each of its texts some characters. */
function checkRichText(b: RichTextBlock, at: string): string[] {
  const problems: string[] = [];
  if (b.elements.length === 0) problems.push(`${at}: empty rich text`);
  for (const e of b.elements) {
    const sections = e.type === 'rich_text_list' ? e.elements : [e];
    if (sections.length === 0) problems.push(`${at}: empty list`);
    for (const sec of sections) if (sec.elements.length === 0 || sec.elements.some((t) => t.text.length === 0)) problems.push(`${at}: empty text`);
  }
  return problems;
}

function checkButton(b: Button, at: string): string[] {
  const problems: string[] = [];
  if (b.text.text.length === 0 || b.text.text.length > LIMITS.buttonText) problems.push(`${at}: button text length ${b.text.text.length}`);
  if (b.action_id.length === 0 || b.action_id.length > LIMITS.actionId) problems.push(`${at}: action_id length`);
  if (b.value !== undefined && b.value.length > LIMITS.buttonValue) problems.push(`${at}: button value too long`);
  if (b.accessibility_label !== undefined && (b.accessibility_label.length === 0 || b.accessibility_label.length > LIMITS.accessibilityLabel)) problems.push(`${at}: accessibility_label length`);
  if (b.confirm) {
    const c = b.confirm;
    if (c.title.text.length === 0 || c.title.text.length > LIMITS.confirmTitle) problems.push(`${at}: confirm title length`);
    if (c.text.text.length === 0 || c.text.text.length > LIMITS.confirmText) problems.push(`${at}: confirm text length`);
    for (const t of [c.confirm, c.deny]) if (t.text.length === 0 || t.text.length > LIMITS.confirmButton) problems.push(`${at}: confirm button length`);
  }
  return problems;
}

/** Slack mrkdwn to plain terminal text: bold/italic markers and entities removed. */
export function mrkdwnToPlain(text: string): string {
  return text
    .replace(/(^|[\s(])[*_~]+(?=\S)/g, '$1')
    .replace(/(\S)[*_~]+(?=[\s).,;:!?]|$)/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
