/**
 * The App Home tab and the answer modal opened from it.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { gapWhat, renderAnswerModal, renderHome } from '../../src/replies/home.js';
import { LIMITS, checkMessage, type Block, type Button, type RichTextBlock } from '../../src/replies/blocks.js';
import type { Gap } from '../../src/conversation/feedback.js';

const catalogue = loadCatalogue();

const allButtons = (blocks: Block[]): Button[] =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : []));

describe('renderHome', () => {
  const home = renderHome(catalogue);

  it('has at most 100 blocks, each within limits', () => {
    expect(home.type).toBe('home');
    expect(home.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
    expect(checkMessage({ text: 'Sourcing Advisor', blocks: home.blocks }, LIMITS.blocksPerView)).toEqual([]);
  });

  it('keeps every button label within 75 characters', () => {
    const buttons = allButtons(home.blocks);
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
  });

  it('offers a topic button for the basics and a "Help me decide" button', () => {
    const actionIds = allButtons(home.blocks).map((b) => b.action_id);
    expect(actionIds).toEqual(expect.arrayContaining(['interview_start', 'topic:define-outsourcing', 'topic:define-offshoring', 'topic:compare']));
    expect(new Set(actionIds).size).toBe(actionIds.length);
  });

  it('links every topic listed in intents/home.yml to an intent that exists', () => {
    const actionIds = allButtons(home.blocks).map((b) => b.action_id);
    for (const group of catalogue.home.topics) for (const id of group.ids) expect(actionIds).toContain(`topic:${id}`);
  });
});

describe('renderAnswerModal', () => {
  it('shows the answer without the share or decide buttons', () => {
    const modal = renderAnswerModal(catalogue, 'compare');
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'answer_modal', close: { text: 'Close' } });
    expect(modal.blocks[0]).toMatchObject({ type: 'header', text: { text: catalogue.intents.get('compare')!.title } });
    const actionIds = allButtons(modal.blocks).map((b) => b.action_id);
    expect(actionIds).not.toContain('share_answer');
    expect(actionIds).not.toContain('interview_start');
  });
});

describe('the Home tab layout', () => {
  const home = renderHome(catalogue);

  it('shows the comparison named in home.yml as one table block, and lists how to use the app as rich text', () => {
    expect(catalogue.home.table).toBe('compare');
    expect(home.blocks.filter((b) => b.type === 'table')).toHaveLength(1);
    const howTo = home.blocks.find((b) => b.type === 'rich_text');
    expect(JSON.stringify(howTo)).toContain('"type":"rich_text_list"');
    expect(JSON.stringify(home.blocks)).not.toContain('•');
  });
});

describe('the knowledge-gap inbox on the Home tab', () => {
  const gap = (over: Partial<Gap>): Gap => ({ team: 'T1', kind: 'out_of_scope', text: 'what is the weather', intent: 'none', confidence: 0.2, count: 1, last: 0, ...over });
  const inbox = {
    unanswered: [gap({ count: 4 }), gap({ kind: 'declined', text: 'gdpr <!channel> *bold* & co', intent: 'challenges-offshoring' })],
    disliked: [gap({ kind: 'disliked', text: '', intent: 'compare' }), gap({ kind: 'disliked', text: 'which one', intent: 'recommendation:offshore-captive' })],
  };
  const copy = catalogue.copy.feedback;

  it('is shown only when given (to people who manage the app), within limits', () => {
    expect(JSON.stringify(renderHome(catalogue).blocks)).not.toContain(copy.inbox_title);
    const home = renderHome(catalogue, [], 'U1', inbox);
    expect(JSON.stringify(home.blocks)).toContain(copy.inbox_title);
    expect(checkMessage({ text: 'Home', blocks: home.blocks }, LIMITS.blocksPerView)).toEqual([]);
  });

  it("lists each miss with how often and what it got, people's words as literal rich text", () => {
    const lists = renderHome(catalogue, [], 'U1', inbox).blocks.filter((b): b is RichTextBlock => b.type === 'rich_text' && JSON.stringify(b).includes('×'));
    const items = lists.map((l) => (l.elements[1] as { elements: Array<{ elements: Array<{ text: string; style?: object }> }> }).elements.map((s) => s.elements));
    expect(items.map((list) => list.map((els) => els.map((e) => e.text).join('')))).toEqual([
      ['“what is the weather” · 4× · matched no topic', `“gdpr <!channel> *bold* & co” · 1× · none of the suggested topics fit (${catalogue.intents.get('challenges-offshoring')!.label} was closest)`],
      [`“${copy.inbox_no_question}” · 1× · answered with ${catalogue.intents.get('compare')!.label}`, `“which one” · 1× · recommendation: ${catalogue.interview.outcomes.get('offshore-captive')!.title}`],
    ]);
    // Literal: no element of a question is styled or read as markup.
    expect(items.flat(2).every((e) => e.style === undefined)).toBe(true);
  });

  it('says when a list is empty', () => {
    const home = JSON.stringify(renderHome(catalogue, [], 'U1', { unanswered: [], disliked: [] }).blocks);
    expect(home.split(copy.inbox_empty)).toHaveLength(3);
  });

  it('names each kind of miss in a few words', () => {
    expect(gapWhat(catalogue, { kind: 'out_of_scope', intent: 'none' })).toBe(copy.out_of_scope);
    expect(gapWhat(catalogue, { kind: 'disliked', intent: 'recommendation:hybrid' })).toContain(catalogue.interview.outcomes.get('hybrid')!.title);
  });
});
