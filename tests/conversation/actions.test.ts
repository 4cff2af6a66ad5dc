/** What Share and More buttons carry: an answer view, as short as it can be, read back as it was written. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAnswer, encodeAnswer, type AnswerView } from '../../src/conversation/actions.js';

describe('answer views on buttons', () => {
  it('writes a plain answer as its bare intent id, as share buttons always did', () => {
    expect(encodeAnswer({ intent: 'define-offshoring' })).toBe('define-offshoring');
    expect(decodeAnswer('define-offshoring')).toEqual({ intent: 'define-offshoring' });
  });

  it('reads back every field it writes', () => {
    const view: AnswerView = { intent: 'compare', focus: 'cost', full: true, sharedBy: 'U0123', uncovered: 'figures' };
    expect(decodeAnswer(encodeAnswer(view))).toEqual(view);
  });

  it('reads back any view with ids as the content writes them', () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
    fc.assert(
      fc.property(fc.record({ intent: id, focus: fc.option(id, { nil: undefined }), full: fc.option(fc.constant(true), { nil: undefined }), sharedBy: fc.option(fc.stringMatching(/^U[A-Z0-9]{2,10}$/), { nil: undefined }) }), (raw) => {
        const view = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as unknown as AnswerView;
        expect(decodeAnswer(encodeAnswer(view))).toEqual(view);
      }),
    );
  });

  it('reads an empty value as no view', () => {
    expect(decodeAnswer(undefined)).toBeUndefined();
    expect(decodeAnswer('')).toBeUndefined();
  });
});
