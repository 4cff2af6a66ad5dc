/**
 * The knowledge-gap inbox: what the app failed to answer well, recorded per team so the people who manage it can
 * see the week's most frequent misses and turn them into training examples. Three things are recorded: a thumbs-down
 * on an answer or recommendation (`disliked`), a question matched to nothing (`out_of_scope`), and "None of these"
 * clicked under "did you mean" (`declined`). Each record keeps the question with mentions, links and emails removed,
 * the intent it got and how sure the match was; never who asked, nor where.
 */
import type { MatchResult } from '../nlu/matcher.js';
import { NONE } from '../knowledge/contract.js';

export type GapKind = 'disliked' | 'out_of_scope' | 'declined';
export const GAP_KINDS: readonly GapKind[] = ['disliked', 'out_of_scope', 'declined'];

/** One miss, as recorded. */
export interface GapRecord {
  readonly kind: GapKind;
  /** The question, scrubbed (see `scrub`); empty when the answer was not asked for in words (a topic button). */
  readonly text: string;
  /** The intent the question got, or `recommendation:<id>` for a recommendation. */
  readonly intent: string;
  /** How sure the match was (0..1); 1 where nothing was matched (a button, a recommendation). */
  readonly confidence: number;
}

/** The same miss, counted over a period. */
export interface Gap extends GapRecord {
  readonly team: string;
  /** How many times it was recorded. */
  readonly count: number;
  /** When it was last recorded (ms). */
  readonly last: number;
}

/** Where misses are kept: a `Store`. */
export interface GapRepo {
  recordGap(team: string, gap: GapRecord, now: number): Promise<void>;
}

/** The longest question kept. */
export const GAP_TEXT_CHARS = 300;

/** The inbox's period: the last seven days. */
export const GAP_WINDOW_MS = 7 * 86_400_000;

/** The prefix of a recommendation's "intent" in a record. */
export const RECOMMENDATION_PREFIX = 'recommendation:';

/**
 * A question as the inbox keeps it: Slack mentions (people, groups, @channel), channel links, links (labelled or
 * bare) and email addresses removed; control characters and runs of spaces folded; lower case; at most
 * `GAP_TEXT_CHARS` characters.
 */
export function scrub(text: string): string {
  const cleaned = text
    // Slack's markup: <@U…>, <!channel>, <!subteam^S…|@team>, <#C…|name>, <https://…|label>, <mailto:…|…>.
    .replace(/<[^<>]*>/g, ' ')
    // Escaped angle brackets the client sent as text, and what they held.
    .replace(/&lt;[^&]*&gt;/g, ' ')
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
    .replace(/\b(https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/(^|\s)@[\w.-]+/g, ' ')
    .replace(/&amp;/g, '&')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001F\u007F\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return Array.from(cleaned).slice(0, GAP_TEXT_CHARS).join('').trim();
}

/** What a feedback button (or "None of these") carries: the answer it is about, and the question as scrubbed. */
export interface FeedbackValue {
  /** The intent answered, or `recommendation:<id>`. */
  readonly intent: string;
  readonly confidence?: number;
  /** The question, already scrubbed. */
  readonly question?: string;
  /** Which feedback button: up or down (absent on "None of these"). */
  readonly vote?: 'up' | 'down';
}

/** Slack's limit on a button's value. */
const VALUE_CHARS = 2000;

/** A feedback value as a button value (`v=down&i=define-offshoring&c=0.42&q=…`), within Slack's 2,000 characters. */
export function encodeFeedback(value: FeedbackValue): string {
  const build = (question: string | undefined) => {
    const p = new URLSearchParams();
    if (value.vote) p.set('v', value.vote);
    p.set('i', value.intent);
    if (value.confidence !== undefined) p.set('c', String(Math.round(value.confidence * 1000) / 1000));
    if (question) p.set('q', question);
    return p.toString();
  };
  let question = value.question;
  let encoded = build(question);
  // Escapes can make a question longer than it looks: shorten it until the value fits.
  while (encoded.length > VALUE_CHARS && question) {
    question = Array.from(question).slice(0, Math.floor(Array.from(question).length * 0.8)).join('');
    encoded = build(question);
  }
  return encoded;
}

/** The feedback value a button carries, or undefined when it is not one. */
export function decodeFeedback(value: string | undefined): FeedbackValue | undefined {
  if (!value) return undefined;
  const p = new URLSearchParams(value);
  const intent = p.get('i');
  if (!intent || !/^[a-z0-9:-]{1,80}$/.test(intent)) return undefined;
  const vote = p.get('v');
  const c = Number(p.get('c'));
  const q = p.get('q');
  return {
    intent,
    ...(vote === 'up' || vote === 'down' ? { vote } : {}),
    ...(p.has('c') && Number.isFinite(c) && c >= 0 && c <= 1 ? { confidence: c } : {}),
    // Scrubbed again: a value comes back from a client, and may have been changed on the way.
    ...(q ? { question: scrub(q) } : {}),
  };
}

export interface Feedback {
  /** Whether misses are recorded at all (`FEEDBACK_RETENTION_DAYS` is not 0). */
  readonly enabled: boolean;
  /** Records a question that was matched to nothing. Other answers record nothing. */
  answered(team: string, question: string, match: Pick<MatchResult, 'intent' | 'confidence'>): Promise<void>;
  /** Records a thumbs-down (`disliked`) or "None of these" (`declined`), from what its button carried. */
  clicked(team: string, kind: 'disliked' | 'declined', value: FeedbackValue): Promise<void>;
}

/**
 * The recorder. A miss is a help, not a need: when the repository cannot be reached, `unavailable` is told why
 * and the answer goes on as if nothing happened.
 */
export function createFeedback({ repo, enabled = true, now = Date.now, unavailable = () => undefined }: { repo: GapRepo; enabled?: boolean; now?: () => number; unavailable?: (err: unknown) => void }): Feedback {
  const record = async (team: string, gap: GapRecord): Promise<void> => {
    if (!enabled || !team) return;
    try {
      await repo.recordGap(team, gap, now());
    } catch (err) {
      unavailable(err);
    }
  };
  return {
    enabled,
    async answered(team, question, match) {
      if (match.intent !== NONE) return;
      const text = scrub(question);
      if (!text) return;
      await record(team, { kind: 'out_of_scope', text, intent: NONE, confidence: match.confidence });
    },
    async clicked(team, kind, value) {
      await record(team, { kind, text: value.question ? scrub(value.question) : '', intent: value.intent, confidence: value.confidence ?? 1 });
    },
  };
}
