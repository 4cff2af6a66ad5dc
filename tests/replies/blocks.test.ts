/**
 * Block Kit builders and limits: text is clamped and escaped, messages are trimmed to fit, and checkMessage
 * finds every kind of violation.
 */
import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  actions,
  button,
  checkMessage,
  clamp,
  context,
  divider,
  escapeText,
  feedbackButtons,
  fields,
  fit,
  header,
  mrkdwnToPlain,
  quoteUserText,
  richList,
  richTextOf,
  section,
  table,
  type Block,
  type Message,
} from '../../src/replies/blocks.js';

describe('clamp', () => {
  it('returns text within the limit unchanged', () => {
    expect(clamp('hello', 5)).toBe('hello');
    expect(clamp('', 3)).toBe('');
  });

  it('cuts longer text to exactly the limit, ending with an ellipsis', () => {
    const out = clamp('abcdefghij', 5);
    expect(out).toBe('abcd…');
    expect(out.length).toBe(5);
  });

  it('never splits a surrogate pair (emoji) in half', () => {
    // "ab" then an emoji made of two UTF-16 code units; cutting at 4 would leave a lone high surrogate.
    const out = clamp('ab😀cdef', 4);
    expect(out).toBe('ab…');
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('escapeText', () => {
  it('escapes &, < and > so Slack reads them as text', () => {
    expect(escapeText('a & b <c> d')).toBe('a &amp; b &lt;c&gt; d');
  });

  it('escapes the ampersand first so an existing entity is shown literally, not decoded', () => {
    expect(escapeText('&lt;')).toBe('&amp;lt;');
  });
});

describe('quoteUserText', () => {
  it('escapes special mentions, user mentions and ampersands', () => {
    const out = quoteUserText('hey <!channel> and <@U1> & <#C1|general> <https://evil.example|click>');
    expect(out).toBe('hey &lt;!channel&gt; and &lt;@U1&gt; &amp; &lt;#C1|general&gt; &lt;https://evil.example|click&gt;');
    expect(out).not.toMatch(/[<>]/);
  });

  it('removes control characters and collapses whitespace', () => {
    expect(quoteUserText('a\u0000b\u0007c\u001Bd\u007Fe\u2028f\n\n\tg   h')).toBe('a b c d e f g h');
  });

  it('trims surrounding whitespace', () => {
    expect(quoteUserText('   what is offshoring   ')).toBe('what is offshoring');
  });

  it('clamps to the requested length before escaping', () => {
    const out = quoteUserText('x'.repeat(500), 150);
    expect(out).toBe(`${'x'.repeat(149)}…`);
  });

  it('never cuts an escape sequence in half', () => {
    const out = quoteUserText('<'.repeat(300), 200);
    expect(out).toBe(`${'&lt;'.repeat(199)}…`);
    // Every ampersand starts a complete entity: no dangling "&l" or "&am" at the cut.
    expect(out.replace(/&(lt|gt|amp);/g, '')).not.toContain('&');
  });

  it('never cuts an escape sequence in half for a mix of special characters', () => {
    const out = quoteUserText('a&<>'.repeat(100), 201);
    expect(out.replace(/&(lt|gt|amp);/g, '')).not.toContain('&');
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('builders', () => {
  it('clamp every field to its Slack limit', () => {
    expect(header('h'.repeat(500)).text.text).toHaveLength(LIMITS.headerText);
    expect(section('s'.repeat(5000)).text!.text).toHaveLength(LIMITS.sectionText);
    expect(button('b'.repeat(200), 'a'.repeat(400), 'v'.repeat(3000)).text.text).toHaveLength(LIMITS.buttonText);
    expect(button('b', 'a'.repeat(400)).action_id).toHaveLength(LIMITS.actionId);
    expect(button('b', 'a', 'v'.repeat(3000)).value).toHaveLength(LIMITS.buttonValue);
    const f = fields(Array.from({ length: 14 }, () => 'f'.repeat(2500)));
    expect(f.fields).toHaveLength(LIMITS.sectionFields);
    expect(f.fields!.every((x) => x.text.length === LIMITS.fieldText)).toBe(true);
    expect(context(...Array.from({ length: 12 }, (_, i) => `c${i}`)).elements).toHaveLength(LIMITS.contextElements);
    expect(actions(Array.from({ length: 30 }, (_, i) => button(`b${i}`, `a${i}`))).elements).toHaveLength(LIMITS.actionsElements);
  });

  it('omit optional properties that were not given', () => {
    expect(button('Go', 'go')).toEqual({ type: 'button', text: { type: 'plain_text', text: 'Go', emoji: true }, action_id: 'go' });
    expect(section('x')).not.toHaveProperty('block_id');
    expect(fields(['a', 'b'])).not.toHaveProperty('text');
  });
});

describe('fit', () => {
  const sections = (n: number): Block[] => Array.from({ length: n }, (_, i) => section(`s${i}`));

  it('leaves a message within limits unchanged', () => {
    const message: Message = { text: 'hello', blocks: sections(3) };
    expect(fit(message)).toEqual(message);
  });

  it('keeps the last actions block (the buttons) when trimming to 50 blocks', () => {
    const buttons = actions([button('Share in channel', 'share_answer')], 'answer_actions');
    const out = fit({ text: 'x', blocks: [...sections(60), buttons] });
    expect(out.blocks).toHaveLength(LIMITS.blocksPerMessage);
    expect(out.blocks.at(-1)).toBe(buttons);
    expect(out.blocks.at(-2)).toEqual(section('s48'));
  });

  it('keeps the buttons and the feedback buttons that end a message when trimming', () => {
    const buttons = actions([button('More', 'answer_more')], 'answer_actions');
    const feedback = feedbackButtons('feedback', { text: 'Helpful', value: 'v=up' }, { text: 'Not helpful', value: 'v=down' });
    const out = fit({ text: 'x', blocks: [...sections(60), buttons, feedback] });
    expect(out.blocks).toHaveLength(LIMITS.blocksPerMessage);
    expect(out.blocks.slice(-3)).toEqual([section('s47'), buttons, feedback]);
  });

  it('cuts from the end when the last block is not an actions block', () => {
    const out = fit({ text: 'x', blocks: sections(60) });
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks.at(-1)).toEqual(section('s49'));
  });

  it('respects a custom block limit', () => {
    expect(fit({ text: 'x', blocks: sections(10) }, 4).blocks).toHaveLength(4);
  });

  it('clamps the fallback text', () => {
    expect(fit({ text: 't'.repeat(10_000), blocks: [] }).text).toHaveLength(LIMITS.fallbackText);
  });
});

describe('checkMessage', () => {
  const ok: Message = { text: 'fallback', blocks: [header('Title'), section('body'), divider(), context('ctx'), actions([button('Go', 'go')])] };
  const problemsWith = (blocks: Block[], text = 'fallback', max?: number): string[] => checkMessage({ text, blocks }, max);

  it('finds no problem in a message built within limits', () => {
    expect(checkMessage(ok)).toEqual([]);
  });

  it('reports missing or blank fallback text', () => {
    expect(problemsWith([section('x')], '')).toContain('missing fallback text');
    expect(problemsWith([section('x')], '   ')).toContain('missing fallback text');
  });

  it('reports fallback text longer than Slack accepts', () => {
    expect(problemsWith([section('x')], 'x'.repeat(LIMITS.messageText + 1))).toContain('fallback text too long');
  });

  it('reports too many blocks, for messages and for views', () => {
    const blocks = Array.from({ length: 51 }, () => divider());
    expect(problemsWith(blocks)).toContain('51 blocks > 50');
    expect(problemsWith(blocks, 'x', 100)).toEqual([]);
  });

  it('reports a block_id that is too long or used twice', () => {
    expect(problemsWith([{ type: 'divider', block_id: 'b'.repeat(256) }]).join()).toMatch(/block_id too long/);
    expect(problemsWith([{ type: 'divider', block_id: 'same' }, { type: 'divider', block_id: 'same' }]).join()).toMatch(/duplicate block_id same/);
  });

  it('reports an empty or too long header', () => {
    expect(problemsWith([{ type: 'header', text: { type: 'plain_text', text: '' } }]).join()).toMatch(/header text length 0/);
    expect(problemsWith([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]).join()).toMatch(/header text length 151/);
  });

  it('reports a section with neither text nor fields, or with text out of limits', () => {
    expect(problemsWith([{ type: 'section' }]).join()).toMatch(/neither text nor fields/);
    expect(problemsWith([{ type: 'section', text: { type: 'mrkdwn', text: '' } }]).join()).toMatch(/text length 0/);
    expect(problemsWith([{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }]).join()).toMatch(/text length 3001/);
  });

  it('reports too many fields or a field out of limits', () => {
    const field = (text: string) => ({ type: 'mrkdwn' as const, text });
    expect(problemsWith([{ type: 'section', fields: Array.from({ length: 11 }, () => field('f')) }]).join()).toMatch(/fields out of limits/);
    expect(problemsWith([{ type: 'section', fields: [field('f'.repeat(2001))] }]).join()).toMatch(/fields out of limits/);
    expect(problemsWith([{ type: 'section', fields: [field('')] }]).join()).toMatch(/fields out of limits/);
  });

  it('checks the button accessory of a section', () => {
    const accessory = { type: 'button' as const, text: { type: 'plain_text' as const, text: 'b'.repeat(76) }, action_id: 'a' };
    expect(problemsWith([{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory }]).join()).toMatch(/button text length 76/);
  });

  it('reports a context block with no elements, too many, or an element out of limits', () => {
    expect(problemsWith([{ type: 'context', elements: [] }]).join()).toMatch(/0 elements/);
    expect(problemsWith([{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' })) }]).join()).toMatch(/11 elements/);
    expect(problemsWith([{ type: 'context', elements: [{ type: 'mrkdwn', text: '' }] }]).join()).toMatch(/element text length/);
  });

  it('reports an actions block with no elements or too many', () => {
    expect(problemsWith([{ type: 'actions', elements: [] }]).join()).toMatch(/0 elements/);
    const many = Array.from({ length: 26 }, (_, i) => ({ type: 'button' as const, text: { type: 'plain_text' as const, text: `b${i}` }, action_id: `a${i}` }));
    expect(problemsWith([{ type: 'actions', elements: many }]).join()).toMatch(/26 elements/);
  });

  it('reports two buttons with the same action_id in one actions block', () => {
    expect(problemsWith([{ type: 'actions', elements: [button('One', 'same'), button('Two', 'same')] }]).join()).toMatch(/duplicate action_id same/);
  });

  it('reports a button with empty or too long text, a bad action_id, or a value that is too long', () => {
    const raw = (text: string, action_id: string, value?: string) => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text },
      action_id,
      ...(value !== undefined ? { value } : {}),
    });
    expect(problemsWith([{ type: 'actions', elements: [raw('', 'a')] }]).join()).toMatch(/button text length 0/);
    expect(problemsWith([{ type: 'actions', elements: [raw('b'.repeat(76), 'a')] }]).join()).toMatch(/button text length 76/);
    expect(problemsWith([{ type: 'actions', elements: [raw('b', '')] }]).join()).toMatch(/action_id length/);
    expect(problemsWith([{ type: 'actions', elements: [raw('b', 'a'.repeat(256))] }]).join()).toMatch(/action_id length/);
    expect(problemsWith([{ type: 'actions', elements: [raw('b', 'a', 'v'.repeat(2001))] }]).join()).toMatch(/button value too long/);
  });

  it('finds no problem in feedback buttons built within limits, and clamps their fields', () => {
    const built = feedbackButtons('feedback', { text: 'H'.repeat(100), value: 'v'.repeat(3000), label: 'l'.repeat(100) }, { text: 'No', value: 'n' });
    expect(problemsWith([built])).toEqual([]);
    expect(built.elements[0]!.positive_button.text.text).toHaveLength(LIMITS.buttonText);
  });

  it('reports a context actions block with no elements or too many, and feedback buttons out of limits', () => {
    const fb = (over: Record<string, unknown> = {}) => ({
      type: 'feedback_buttons' as const,
      action_id: 'feedback',
      positive_button: { text: { type: 'plain_text' as const, text: 'Helpful' }, value: 'up' },
      negative_button: { text: { type: 'plain_text' as const, text: 'Not helpful' }, value: 'down' },
      ...over,
    });
    expect(problemsWith([{ type: 'context_actions', elements: [] }]).join()).toMatch(/0 elements/);
    expect(problemsWith([{ type: 'context_actions', elements: Array.from({ length: 6 }, (_, i) => fb({ action_id: `f${i}` })) }]).join()).toMatch(/6 elements/);
    expect(problemsWith([{ type: 'context_actions', elements: [fb(), fb()] }]).join()).toMatch(/duplicate action_id feedback/);
    expect(problemsWith([{ type: 'context_actions', elements: [fb({ action_id: '' })] }]).join()).toMatch(/action_id length/);
    expect(problemsWith([{ type: 'context_actions', elements: [fb({ positive_button: { text: { type: 'plain_text', text: '' }, value: 'up' } })] }]).join()).toMatch(/feedback button text length 0/);
    expect(problemsWith([{ type: 'context_actions', elements: [fb({ negative_button: { text: { type: 'plain_text', text: 'No' }, value: '' } })] }]).join()).toMatch(/feedback button value length 0/);
    expect(problemsWith([{ type: 'context_actions', elements: [fb({ negative_button: { text: { type: 'plain_text', text: 'No' }, value: 'v'.repeat(2001) } })] }]).join()).toMatch(/feedback button value length 2001/);
    expect(problemsWith([{ type: 'context_actions', elements: [fb({ positive_button: { text: { type: 'plain_text', text: 'Yes' }, value: 'up', accessibility_label: 'a'.repeat(76) } })] }]).join()).toMatch(/accessibility_label length/);
  });

  it('reports a form field out of limits: label, placeholder, a menu without options or with long ones, a text length', () => {
    const input = (element: Record<string, unknown>, over: Record<string, unknown> = {}) => ({ type: 'input' as const, label: { type: 'plain_text' as const, text: 'Function' }, element: element as never, ...over });
    const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });
    expect(problemsWith([input({ type: 'static_select', action_id: 'f', options: [option('IT', 'it')] })])).toEqual([]);
    expect(problemsWith([input({ type: 'static_select', action_id: 'f', options: [] })]).join()).toMatch(/0 options/);
    expect(problemsWith([input({ type: 'static_select', action_id: 'f', options: [option('x'.repeat(76), 'it')] })]).join()).toMatch(/option text length 76/);
    expect(problemsWith([input({ type: 'static_select', action_id: 'f', options: [option('a', 'it'), option('b', 'it')] })]).join()).toMatch(/duplicate option value it/);
    expect(problemsWith([input({ type: 'static_select', action_id: 'f', options: [option('a', 'v'.repeat(151))] })]).join()).toMatch(/option value length/);
    expect(problemsWith([input({ type: 'plain_text_input', action_id: 'o', max_length: 0 })]).join()).toMatch(/max_length 0/);
    expect(problemsWith([input({ type: 'plain_text_input', action_id: 'o', placeholder: { type: 'plain_text', text: 'p'.repeat(151) } })]).join()).toMatch(/placeholder length/);
    expect(problemsWith([input({ type: 'conversations_select', action_id: '' })]).join()).toMatch(/action_id length/);
    expect(problemsWith([input({ type: 'conversations_select', action_id: 'c' }, { label: { type: 'plain_text', text: '' } })]).join()).toMatch(/label length 0/);
  });

  it('says which block has the problem', () => {
    expect(problemsWith([section('fine'), { type: 'section' }])).toEqual(['block 1 (section): neither text nor fields']);
  });
});

describe('mrkdwnToPlain', () => {
  it('removes bold, italic and strikethrough markers', () => {
    expect(mrkdwnToPlain('*bold* and _italic_ and ~gone~.')).toBe('bold and italic and gone.');
  });

  it('removes markers next to punctuation and brackets', () => {
    expect(mrkdwnToPlain('(*who*), _where_? *both*!')).toBe('(who), where? both!');
  });

  it('keeps underscores and asterisks inside words', () => {
    expect(mrkdwnToPlain('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
  });

  it('decodes the entities Slack uses, once', () => {
    expect(mrkdwnToPlain('a &lt;b&gt; &amp; c')).toBe('a <b> & c');
    expect(mrkdwnToPlain('&amp;lt;')).toBe('&lt;');
  });
});

describe('rich text', () => {
  it('turns mrkdwn bold, italic and code into styled text and leaves the rest literal', () => {
    expect(richTextOf('*Cost*: lower _labour_ costs, see `/sourcing decide` & more')).toEqual([
      { type: 'text', text: 'Cost', style: { bold: true } },
      { type: 'text', text: ': lower ' },
      { type: 'text', text: 'labour', style: { italic: true } },
      { type: 'text', text: ' costs, see ' },
      { type: 'text', text: '/sourcing decide', style: { code: true } },
      { type: 'text', text: ' & more' },
    ]);
  });

  it('keeps markers that do not open or close a style as text', () => {
    expect(richTextOf('2*3 = 6, snake_case_name, a * b')).toEqual([{ type: 'text', text: '2*3 = 6, snake_case_name, a * b' }]);
  });

  it('nests styles, and applies a base style to every piece', () => {
    expect(richTextOf('*bold _both_*', { italic: false })).toEqual([
      { type: 'text', text: 'bold ', style: { italic: false, bold: true } },
      { type: 'text', text: 'both', style: { italic: true, bold: true } },
    ]);
  });

  it('builds a bulleted list with a bold heading', () => {
    expect(richList(['one', '*two*'], 'Heading')).toEqual({
      type: 'rich_text',
      elements: [
        { type: 'rich_text_section', elements: [{ type: 'text', text: 'Heading', style: { bold: true } }] },
        {
          type: 'rich_text_list',
          style: 'bullet',
          elements: [
            { type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] },
            { type: 'rich_text_section', elements: [{ type: 'text', text: 'two', style: { bold: true } }] },
          ],
        },
      ],
    });
  });
});

describe('table', () => {
  const t = table([
    ['', 'A', 'B'].map((x) => x || 'Row'),
    ['Cost', 'low', '*high*'],
  ]);

  it('makes a rich text cell of each value, the header row and first column bold, every column wrapped', () => {
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]![1]).toEqual({ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'A', style: { bold: true } }] }] });
    expect(t.rows[1]![1]).toEqual({ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'low' }] }] });
    expect(t.rows[1]![2]!.elements[0]).toEqual({ type: 'rich_text_section', elements: [{ type: 'text', text: 'high', style: { bold: true } }] });
    expect(t.column_settings).toEqual([{ is_wrapped: true }, { is_wrapped: true }, { is_wrapped: true }]);
  });

  it('keeps at most 100 rows of at most 20 cells', () => {
    const big = table(Array.from({ length: 120 }, () => Array.from({ length: 25 }, (_, i) => `c${i}`)));
    expect(big.rows).toHaveLength(LIMITS.tableRows);
    expect(big.rows.every((r) => r.length === LIMITS.tableCells)).toBe(true);
    expect(checkMessage({ text: 'x', blocks: [big] })).toEqual([]);
  });

  it('passes the limit check alone, and fails it with a second table in the same message', () => {
    expect(checkMessage({ text: 'x', blocks: [t] })).toEqual([]);
    expect(checkMessage({ text: 'x', blocks: [t, t] })).toEqual(['2 table blocks > 1']);
  });

  it('fails the limit check with rows of different lengths, too many rows, or an empty cell', () => {
    expect(checkMessage({ text: 'x', blocks: [{ ...t, rows: [t.rows[0]!, t.rows[1]!.slice(0, 2)] }] })).toContain('block 0 (table): rows of different lengths');
    expect(checkMessage({ text: 'x', blocks: [{ ...t, rows: Array.from({ length: 101 }, () => t.rows[1]!) }] })).toContain('block 0 (table): 101 rows');
    const empty = { type: 'rich_text' as const, elements: [{ type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text: '' }] }] };
    expect(checkMessage({ text: 'x', blocks: [{ ...t, rows: [[empty, ...t.rows[0]!.slice(1)], t.rows[1]!] }] })).toContain('block 0 (table) cell 0,0: empty text');
  });

  it('fails the limit check with an empty rich text list', () => {
    expect(checkMessage({ text: 'x', blocks: [{ type: 'rich_text', elements: [{ type: 'rich_text_list', style: 'bullet', elements: [] }] }] })).toEqual(['block 0 (rich_text): empty list']);
  });
});
