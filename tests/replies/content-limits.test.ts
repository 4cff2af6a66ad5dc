/**
 * Every answer in the real catalogue, rendered every way it can be posted, fits Slack's limits.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { renderAnswer } from '../../src/replies/answer.js';
import { renderAnswerModal } from '../../src/replies/home.js';
import { LIMITS, checkMessage, type Block, type Button } from '../../src/replies/blocks.js';

const catalogue = loadCatalogue();
const ids = [...catalogue.intents.keys()];

const allButtons = (blocks: Block[]): Button[] =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : []));

describe.each(ids)('the answer for %s', (id) => {
  it.each(['private', 'public'] as const)('fits Slack limits as a %s reply shared by a user', (visibility) => {
    const message = renderAnswer(catalogue, id, { visibility, sharedBy: 'U1' });
    expect(checkMessage(message)).toEqual([]);
    expect(message.text.trim()).not.toBe('');
    expect(message.blocks.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const b of allButtons(message.blocks)) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
  });

  it('fits in a modal with a short enough title', () => {
    const modal = renderAnswerModal(catalogue, id);
    expect(modal.title.text.length).toBeGreaterThan(0);
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
    expect(checkMessage({ text: modal.title.text, blocks: modal.blocks }, LIMITS.blocksPerView)).toEqual([]);
    for (const b of allButtons(modal.blocks)) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
  });
});
