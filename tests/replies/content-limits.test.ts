/**
 * Every answer in the real catalogue, rendered every way it can be posted (first screen, the part a question asks
 * for first, the whole answer, privately or shared, in a modal), fits Slack's limits, and every first screen holds
 * at most FIRST_SCREEN_WORDS words as Slack shows it.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { FIRST_SCREEN_WORDS } from '../../src/knowledge/sections.js';
import { renderAnswer } from '../../src/replies/answer.js';
import { renderAnswerModal } from '../../src/replies/home.js';
import { LIMITS, checkMessage, type Block, type Button } from '../../src/replies/blocks.js';

const catalogue = loadCatalogue();
const ids = [...catalogue.intents.keys()];

const allButtons = (blocks: Block[]): Button[] =>
  blocks.flatMap((b) => (b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : []));

/** The parts of an answer a question can ask for first (sections with ids, small-talk replies), and none. */
const focusesOf = (id: string): Array<string | undefined> => {
  const intent = catalogue.intents.get(id)!;
  return [undefined, ...intent.answer.flatMap((s) => (s.id ? [s.id] : [])), ...intent.replies.map((r) => r.id)];
};

/** The words a first screen shows: its answer blocks, not the header, the sources line or the buttons. */
function shownWords(blocks: Block[]): number {
  const texts: string[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'text' && typeof x === 'string' ? texts.push(x) : collect(x);
  };
  for (const b of blocks) if (b.type === 'section' || b.type === 'rich_text' || b.type === 'table') collect(b);
  return texts.join(' ').replace(/[*_~`]/g, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

describe.each(ids)('the answer for %s', (id) => {
  it.each(['private', 'public'] as const)('fits Slack limits as a %s reply shared by a user, every way it opens and in full', (visibility) => {
    for (const focus of focusesOf(id))
      for (const full of [false, true]) {
        const message = renderAnswer(catalogue, id, { visibility, sharedBy: 'U1', ...(focus ? { focus } : {}), full });
        expect(checkMessage(message), `${focus ?? 'first screen'}${full ? ', whole' : ''}`).toEqual([]);
        expect(message.text.trim()).not.toBe('');
        for (const b of allButtons(message.blocks)) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
      }
  });

  it(`opens with at most ${FIRST_SCREEN_WORDS} words, whichever part a question asks for`, () => {
    for (const focus of focusesOf(id)) {
      const { blocks } = renderAnswer(catalogue, id, { visibility: 'private', ...(focus ? { focus } : {}) });
      expect(shownWords(blocks), focus ?? 'first screen').toBeLessThanOrEqual(FIRST_SCREEN_WORDS);
    }
  });

  it('fits in a modal with a short enough title, as a first screen and in full', () => {
    for (const full of [false, true]) {
      const modal = renderAnswerModal(catalogue, id, { full });
      expect(modal.title.text.length).toBeGreaterThan(0);
      expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
      expect(checkMessage({ text: modal.title.text, blocks: modal.blocks }, LIMITS.blocksPerView)).toEqual([]);
      expect(modal.blocks.some((b) => b.type === 'table')).toBe(false);
      for (const b of allButtons(modal.blocks)) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    }
  });
});

describe('the word count of a first screen', () => {
  it('would catch a first screen that shows the whole answer', () => {
    expect(shownWords(renderAnswer(catalogue, 'compare', { visibility: 'private', full: true }).blocks)).toBeGreaterThan(FIRST_SCREEN_WORDS);
  });
});
