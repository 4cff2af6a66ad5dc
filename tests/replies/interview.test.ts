/**
 * The recommendation as people read it: the first screen fits about 250 words for every answer combination, and
 * the fuller views add to it without dropping anything.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { recommend, type Answers } from '../../src/interview/decide.js';
import { allAnswers } from '../../src/interview/coverage.js';
import { checkMessage, type RichTextBlock } from '../../src/replies/blocks.js';
import { buttonsOf } from '../../testkit/blocks.js';
import { decisionForm, recommendationMessage, recommendationText, screenWords, sharedSummary } from '../../src/replies/interview.js';
import { LIMITS } from '../../src/replies/blocks.js';
import type { InterviewState } from '../../src/interview/machine.js';
import { decodeFeedback } from '../../src/conversation/feedback.js';

const catalogue = loadCatalogue();
const spec = catalogue.interview;

function stateFor(answers: Answers, fn?: string): InterviewState {
  return {
    team: 'T1', channel: 'C1', thread: '1.0', id: 'iv1', starter: 'U0123456', status: 'done', step: null,
    answers: { ...answers, ...(fn ? { function: fn } : {}) }, functionLabel: fn ? 'Customer support' : null,
    history: [], changing: false, version: 9, createdAt: 0, updatedAt: 0, expiresAt: 0,
  };
}

const CASES = [undefined, 'customer-support'].flatMap((fn) => allAnswers().map((answers) => ({ answers, fn, r: recommend(spec, fn ? { ...answers, function: fn } : answers) })));

describe('the first screen of a recommendation', () => {
  const words = CASES.map(({ answers, fn, r }) => screenWords(recommendationMessage(catalogue, stateFor(answers, fn), r))).sort((a, b) => a - b);

  it('fits about 250 words for every answer combination (median at most 250, none above 280)', () => {
    expect(words[Math.floor(words.length / 2)]).toBeLessThanOrEqual(250);
    expect(words[words.length - 1]).toBeLessThanOrEqual(280);
  });

  it('leads with the outcome, then the summary, the reasons, what pulls the other way and the top challenges', () => {
    const { answers, fn, r } = CASES.find(({ r }) => r.tensions.length > 0 && r.reasons.length > 0 && !r.split)!;
    const m = recommendationMessage(catalogue, stateFor(answers, fn), r);
    const text = JSON.stringify(m.blocks);
    const copy = catalogue.copy.recommendation;
    const order = ['Recommendation:', spec.outcomes.get(r.recommendation)!.summary, `"text":"${copy.why}"`, `"text":"${copy.tensions}"`, '*Challenges to manage'].map((s) => text.indexOf(s));
    for (const i of order) expect(i).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('keeps every answer role, every challenge and the sources behind the buttons, and every view fits Slack', () => {
    for (const { answers, fn, r } of CASES.filter((_, i) => i % 7 === 0)) {
      const state = stateFor(answers, fn);
      const summary = recommendationMessage(catalogue, state, r);
      const full = recommendationMessage(catalogue, state, r, undefined, 'full');
      const challenges = recommendationMessage(catalogue, state, r, undefined, 'challenges');
      for (const m of [summary, full, challenges, sharedSummary(catalogue, state, r, 'U0999')]) expect(checkMessage(m)).toEqual([]);
      const fullText = JSON.stringify(full.blocks);
      for (const c of r.considered) expect(fullText).toContain(JSON.stringify(c.text).slice(1, -1));
      for (const f of r.fits) expect(JSON.stringify(challenges.blocks)).toContain(JSON.stringify(f.mitigation).slice(1, -1));
      expect(screenWords(full)).toBeGreaterThan(screenWords(summary));
      const ids = summary.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : []));
      expect(ids).toContain('iv_details:full');
      expect(ids.includes('iv_details:challenges')).toBe(r.fits.length > 2);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('ends every view with feedback buttons about the recommendation itself (no question, no user)', () => {
    const { answers, fn, r } = CASES[3]!;
    for (const view of ['summary', 'challenges', 'full'] as const) {
      const m = recommendationMessage(catalogue, stateFor(answers, fn), r, undefined, view);
      const last = m.blocks.at(-1)!;
      expect(last.type, view).toBe('context_actions');
      const element = last.type === 'context_actions' ? last.elements[0]! : undefined;
      expect(decodeFeedback(element!.negative_button.value)).toEqual({ vote: 'down', intent: `recommendation:${r.recommendation}` });
      expect(element!.negative_button.accessibility_label).toBe('This recommendation missed');
    }
  });

  it('gives the terminal the same order, with everything after it', () => {
    const { answers, r } = CASES.find(({ r }) => r.tensions.length > 1)!;
    const text = recommendationText(catalogue, stateFor(answers), r);
    const copy = catalogue.copy.recommendation;
    const order = [copy.why, copy.tensions, 'Challenges to manage', copy.what_it_means, copy.considered].map((s) => text.indexOf(s));
    for (const i of order) expect(i).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const t of r.tensions) expect(text).toContain(t.text);
  });
});

describe('the recommendation message for people and screen readers', () => {
  const answers = { core: 'non-core', budget: 'critical', coverage: 'yes', control: 'low', regulation: 'light', expertise: 'lack', horizon: 'long' } as const;
  const message = recommendationMessage(catalogue, stateFor(answers, 'customer-support'), recommend(spec, answers));

  it('lists the reasons as a rich text list under "Why"', () => {
    const why = message.blocks.find((b): b is RichTextBlock => b.type === 'rich_text')!;
    expect(why.elements[0]).toEqual({ type: 'rich_text_section', elements: [{ type: 'text', text: catalogue.copy.recommendation.why, style: { bold: true } }] });
    expect(why.elements[1]).toMatchObject({ type: 'rich_text_list', style: 'bullet' });
    expect(checkMessage(message)).toEqual([]);
  });

  it('gives every button an accessibility label', () => {
    for (const view of ['summary', 'challenges', 'full'] as const) {
      for (const b of buttonsOf(recommendationMessage(catalogue, stateFor(answers), recommend(spec, answers), undefined, view))) expect(b.accessibility_label, b.text.text).toBeTruthy();
    }
  });
});

describe('the decision form (global shortcut)', () => {
  it('fits a modal: a title within 24 characters, every field within limits, the function options from its question', () => {
    const form = decisionForm(catalogue);
    expect(form.title.text.length).toBeLessThanOrEqual(LIMITS.viewTitle);
    expect(checkMessage({ text: form.title.text, blocks: form.blocks }, LIMITS.blocksPerView)).toEqual([]);
    const select = form.blocks.find((b) => b.type === 'input' && b.element.type === 'static_select');
    expect(select?.type === 'input' && select.element.type === 'static_select' ? select.element.options.map((o) => o.text.text) : []).toEqual(spec.question.get('function')!.options.map((o) => o.label));
  });
});
