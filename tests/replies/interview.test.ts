/**
 * The recommendation message: the reasons are a rich text list, and its buttons say what they do to a screen reader.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { recommend } from '../../src/interview/decide.js';
import { recommendationMessage } from '../../src/replies/interview.js';
import type { InterviewState } from '../../src/interview/machine.js';
import { checkMessage, type RichTextBlock } from '../../src/replies/blocks.js';
import { buttonsOf } from '../../testkit/blocks.js';

const catalogue = loadCatalogue();
const answers = { core: 'non-core', budget: 'critical', coverage: 'yes', control: 'low', regulation: 'light', expertise: 'lack', horizon: 'long' };
const now = 1_700_000_000_000;
const state: InterviewState = {
  team: 'T1', channel: 'C1', thread: '1.1', id: 'iv1', starter: 'U1', status: 'done', step: null, answers, functionLabel: 'Customer support',
  history: [], changing: false, version: 3, createdAt: now, updatedAt: now, expiresAt: now,
};

describe('recommendationMessage', () => {
  const message = recommendationMessage(catalogue, state, recommend(catalogue.interview, answers));

  it('lists the reasons as a rich text list under "Why"', () => {
    const why = message.blocks.find((b): b is RichTextBlock => b.type === 'rich_text')!;
    expect(why.elements[0]).toEqual({ type: 'rich_text_section', elements: [{ type: 'text', text: catalogue.copy.recommendation.why, style: { bold: true } }] });
    expect(why.elements[1]).toMatchObject({ type: 'rich_text_list', style: 'bullet' });
    expect(checkMessage(message)).toEqual([]);
  });

  it('gives every button an accessibility label', () => {
    for (const b of buttonsOf(message)) expect(b.accessibility_label, b.text.text).toBeTruthy();
  });
});
