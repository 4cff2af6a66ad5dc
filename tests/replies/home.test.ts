/**
 * The App Home tab and the answer modal opened from it.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { renderAnswerModal, renderHome } from '../../src/replies/home.js';
import { LIMITS, checkMessage, type Block, type Button } from '../../src/replies/blocks.js';

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
