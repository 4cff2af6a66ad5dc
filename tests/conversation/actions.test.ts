/**
 * What Share and More buttons carry: an answer view, as short as it can be, read back as it was written. What the
 * Home tab's "Change an answer" carries: a decision's channel and thread, read back only in their formats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionKeyOf, decodeAnswer, encodeAnswer, encodeValue, type AnswerView } from '../../src/conversation/actions.js';
import { placeholderThread } from '../../src/conversation/outbox.js';

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

describe('a decision named by a button', () => {
  const state = { id: 'a0b1c2d3-e4f5-4678-9abc-def012345678', version: 3 };

  it('reads back the channel and thread it was written with, a placeholder thread included', () => {
    expect(decisionKeyOf(encodeValue(state, 'C0001', '1710000000.000100'))).toEqual({ channel: 'C0001', thread: '1710000000.000100' });
    const placeholder = placeholderThread(state.id);
    expect(decisionKeyOf(encodeValue(state, 'D0001', placeholder))).toEqual({ channel: 'D0001', thread: placeholder });
  });

  it('reads a channel or thread that is not in its format as no decision', () => {
    expect(decisionKeyOf(encodeValue(state, '<!channel>', '1710000000.000100'))).toBeUndefined();
    expect(decisionKeyOf(encodeValue(state, 'C0001', '<!here>'))).toBeUndefined();
    expect(decisionKeyOf(encodeValue(state, 'C0001', '~<!here>'))).toBeUndefined();
    expect(decisionKeyOf(encodeValue(state, 'C0001'))).toBeUndefined();
  });
});
