/**
 * The content lint: the real content passes it, and each of its rules catches what it is for.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue, type Catalogue } from '../../src/knowledge/load.js';
import type { IntentFile } from '../../src/knowledge/schema.js';
import { SHARED_RUN_WORDS, lintContent } from '../../src/knowledge/lint.js';

const catalogue = loadCatalogue();

/** The catalogue with one intent changed. */
function withIntent(id: string, change: (i: IntentFile) => IntentFile): Catalogue {
  const intents = new Map(catalogue.intents);
  intents.set(id, change(intents.get(id)!));
  return { ...catalogue, intents };
}

const text = (body: string, sources: string[] = []) => ({ type: 'text' as const, text: body, aspects: [], cues: [], sources });

describe('lintContent', () => {
  it('finds nothing wrong with the real content', () => {
    expect(lintContent(catalogue)).toEqual([]);
  });

  it("flags a section that cites readers' comments without saying the view is a reader's", () => {
    const c = withIntent('jobs-impact', (i) => ({ ...i, answer: [...i.answer, text('Offshoring lowers wages.', ['hubpages-comments'])] }));
    expect(lintContent(c)).toContain(`topics/jobs-impact.yml answer.${catalogue.intents.get('jobs-impact')!.answer.length}: cites readers' comments but does not say the view is a reader's`);
  });

  it("flags a section that speaks of readers but cites no readers' comments", () => {
    const c = withIntent('compare', (i) => ({ ...i, answer: [...i.answer, text('A reader says it is cheaper.', ['bpo-understand-difference'])] }));
    expect(lintContent(c).some((p) => p.includes("topics/compare.yml") && p.includes("speaks of readers but cites no readers' comments"))).toBe(true);
  });

  it("flags readers' comments listed as a topic's source but cited by none of its sections", () => {
    const c = withIntent('compare', (i) => ({ ...i, sources: [...i.sources, 'wisegeek-comments'] }));
    expect(lintContent(c)).toContain('topics/compare.yml sources: "wisegeek-comments" (readers\' comments) must be cited by the section that uses it');
  });

  it('flags text that points below or above', () => {
    const c = withIntent('compare', (i) => ({ ...i, short: 'Pick one of the topics below.' }));
    expect(lintContent(c)).toContain('topics/compare.yml: "below" points at the screen; name what you mean instead');
    const copy = { ...catalogue, copy: { ...catalogue.copy, answer: { ...catalogue.copy.answer, did_you_mean: 'See the options above.' } } };
    expect(lintContent(copy)).toContain('copy.yml: "above" points at the screen; name what you mean instead');
  });

  it('flags an emoji, as a character or as a :code:', () => {
    expect(lintContent(withIntent('compare', (i) => ({ ...i, short: '✅ Outsourcing is about who.' }))).some((p) => p.startsWith('topics/compare.yml: an emoji'))).toBe(true);
    expect(lintContent(withIntent('compare', (i) => ({ ...i, short: ':white_check_mark: Outsourcing is about who.' }))).some((p) => p.startsWith('topics/compare.yml: an emoji'))).toBe(true);
  });

  it(`flags a run of ${SHARED_RUN_WORDS} words that another topic already says, and not a shorter one`, () => {
    const borrowed = 'Some industries are heavily regulated, especially healthcare, finance and government-related services.';
    const flagged = lintContent(withIntent('compare', (i) => ({ ...i, short: borrowed })));
    expect(flagged.some((p) => p.includes('topics/challenges-offshoring.yml') && p.includes('topics/compare.yml') && p.includes('say it once'))).toBe(true);
    const words = 'heavily regulated especially healthcare finance and government'.split(' ');
    expect(words.length).toBe(SHARED_RUN_WORDS - 1);
    expect(lintContent(withIntent('compare', (i) => ({ ...i, short: `Think of ${words.join(', ')} work.` })))).toEqual([]);
  });
});
