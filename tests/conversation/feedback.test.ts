/**
 * The knowledge-gap inbox's recorder: what a question becomes before it is kept (no mentions, links or emails),
 * what a feedback button carries, and which misses are recorded.
 */
import { describe, expect, it } from 'vitest';
import { createFeedback, decodeFeedback, encodeFeedback, GAP_TEXT_CHARS, scrub, type GapRecord } from '../../src/conversation/feedback.js';

describe('scrub', () => {
  it('removes user, group and broadcast mentions, channel links, links and email addresses', () => {
    expect(scrub('<@U123ABC> what is offshoring <!channel> <!subteam^S1|@ops> in <#C999|general>?')).toBe('what is offshoring in ?');
    expect(scrub('see <https://example.com/a?b=1|this page> and https://evil.example/x www.foo.org/y')).toBe('see and');
    expect(scrub('mail alex.b+work@example.co.uk or <mailto:a@b.com|a@b.com> about BPO')).toBe('mail or about bpo');
    expect(scrub('ping @alex about KPO')).toBe('ping about kpo');
  });

  it('folds control characters and spaces, lowercases, and keeps at most the inbox length', () => {
    expect(scrub('  What\nIS\t\u0000 outsourcing  ')).toBe('what is outsourcing');
    expect(Array.from(scrub('é'.repeat(1000)))).toHaveLength(GAP_TEXT_CHARS);
  });

  it('leaves nothing of escaped markup a client sent as text', () => {
    expect(scrub('what &lt;!here&gt; is &amp; BPO')).toBe('what is & bpo');
  });
});

describe('feedback button values', () => {
  it('carry the vote, the intent, the confidence and the scrubbed question, and read back as written', () => {
    const value = { vote: 'down' as const, intent: 'define-offshoring', confidence: 0.4321, question: 'what does it cost & why?' };
    expect(decodeFeedback(encodeFeedback(value))).toEqual({ ...value, confidence: 0.432 });
    expect(decodeFeedback(encodeFeedback({ intent: 'recommendation:hybrid' }))).toEqual({ intent: 'recommendation:hybrid' });
  });

  it("fit in Slack's 2,000 characters however the question escapes", () => {
    const encoded = encodeFeedback({ vote: 'down', intent: 'compare', confidence: 0.5, question: '漢&'.repeat(150) });
    expect(encoded.length).toBeLessThanOrEqual(2000);
    expect(decodeFeedback(encoded)!.question!.startsWith('漢&漢&')).toBe(true);
  });

  it('refuse a value that is not one, and scrub a question that was changed on the way', () => {
    expect(decodeFeedback(undefined)).toBeUndefined();
    expect(decodeFeedback('define-offshoring')).toBeUndefined();
    expect(decodeFeedback('i=DROP TABLE')).toBeUndefined();
    expect(decodeFeedback('i=compare&c=7&v=sideways')).toEqual({ intent: 'compare' });
    expect(decodeFeedback(`i=compare&q=${encodeURIComponent('hi <@U1> mail me@x.org')}`)!.question).toBe('hi mail');
  });
});

describe('createFeedback', () => {
  const recorder = (options: { enabled?: boolean; fail?: boolean } = {}) => {
    const rows: Array<{ team: string; gap: GapRecord; now: number }> = [];
    const errors: unknown[] = [];
    const feedback = createFeedback({
      repo: {
        async recordGap(team, gap, now) {
          if (options.fail) throw new Error('database down');
          rows.push({ team, gap, now });
        },
      },
      ...(options.enabled !== undefined ? { enabled: options.enabled } : {}),
      now: () => 42,
      unavailable: (err) => errors.push(err),
    });
    return { feedback, rows, errors };
  };

  it('records an out-of-scope question, scrubbed, and nothing for a question it answered', async () => {
    const { feedback, rows } = recorder();
    await feedback.answered('T1', 'what is the weather <@U1>?', { intent: 'none', confidence: 0.12 });
    await feedback.answered('T1', 'what is offshoring', { intent: 'define-offshoring', confidence: 1 });
    await feedback.answered('T1', '<@U1>', { intent: 'none', confidence: 0 }); // nothing left to keep
    expect(rows).toEqual([{ team: 'T1', gap: { kind: 'out_of_scope', text: 'what is the weather ?', intent: 'none', confidence: 0.12 }, now: 42 }]);
  });

  it('records a thumbs-down and a declined "did you mean" from what the button carried, with no user', async () => {
    const { feedback, rows } = recorder();
    await feedback.clicked('T1', 'disliked', { vote: 'down', intent: 'compare', confidence: 0.6, question: 'which is cheaper' });
    await feedback.clicked('T1', 'declined', { intent: 'define-bpo' });
    expect(rows.map((r) => r.gap)).toEqual([
      { kind: 'disliked', text: 'which is cheaper', intent: 'compare', confidence: 0.6 },
      { kind: 'declined', text: '', intent: 'define-bpo', confidence: 1 },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/U[0-9A-Z]{2,}/);
  });

  it('records nothing when turned off (FEEDBACK_RETENTION_DAYS=0)', async () => {
    const { feedback, rows } = recorder({ enabled: false });
    expect(feedback.enabled).toBe(false);
    await feedback.answered('T1', 'what is the weather', { intent: 'none', confidence: 0.1 });
    await feedback.clicked('T1', 'disliked', { intent: 'compare' });
    expect(rows).toEqual([]);
  });

  it('never fails the answer when the database is down: it says why and goes on', async () => {
    const { feedback, errors } = recorder({ fail: true });
    await expect(feedback.clicked('T1', 'disliked', { intent: 'compare' })).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
  });
});
