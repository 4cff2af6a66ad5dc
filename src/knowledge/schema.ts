/**
 * The shape of the content in `intents/`, validated with zod at startup.
 * Text fields are Slack mrkdwn (`*bold*`, `_italic_`, `•` lists are built by the renderer);
 * the plain-text renderer strips the markers.
 */
import { z } from 'zod';

/** Ids are lowercase kebab-case, the form the public contract uses. */
export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be lowercase kebab-case, like "define-offshoring"');

const Text = z.string().trim().min(1).max(2800);
const Heading = z.string().trim().min(1).max(140);
/** Words in a question that ask for one part of an answer ("cheaper", "reshoring"), matched as the matcher reads text. */
const Cues = z.array(z.string().trim().min(1).max(60)).default([]);

/**
 * What every answer section may carry besides its content. A section that a question can ask for first has an `id`
 * and `aspects` (as the matcher reads a question: `benefits`, `risks`…) or `cues`; it must fit a first screen.
 * `sources` names what it draws on (a subset of the intent's): a reader's comment must be cited where it is used.
 */
const SectionCommon = {
  id: Id.optional(),
  heading: Heading.optional(),
  aspects: z.array(Id).default([]),
  cues: Cues,
  sources: z.array(Id).default([]),
};

const TextSection = z.strictObject({
  type: z.literal('text'),
  ...SectionCommon,
  text: Text,
});

const ListSection = z.strictObject({
  type: z.literal('list'),
  ...SectionCommon,
  items: z.array(z.string().trim().min(1).max(600)).min(1).max(12),
});

const CompareRow = z.strictObject({
  label: z.string().trim().min(1).max(60),
  values: z.tuple([z.string().trim().min(1).max(900), z.string().trim().min(1).max(900)]),
});

/** Two things side by side: a table block in messages and on the Home tab, fields where tables are not allowed. */
const CompareSection = z.strictObject({
  type: z.literal('compare'),
  ...SectionCommon,
  columns: z.tuple([z.string().trim().min(1).max(40), z.string().trim().min(1).max(40)]),
  rows: z.array(CompareRow).min(1).max(12),
});

export const Section = z.discriminatedUnion('type', [TextSection, ListSection, CompareSection]);
export type Section = z.infer<typeof Section>;

/** A small-talk reply chosen by what was said ("thanks", "bye"): a sentence, nothing else. */
const Reply = z.strictObject({
  id: Id,
  cues: z.array(z.string().trim().min(1).max(60)).min(1),
  text: z.string().trim().min(1).max(500),
});
export type SocialReply = z.infer<typeof Reply>;

export const IntentFile = z.strictObject({
  id: Id,
  /** Header of the answer message (plain text, at most 150 characters in Slack; we keep 100). */
  title: z.string().trim().min(1).max(100),
  /** Short label for buttons that lead to this topic ("What is offshoring?"); Slack allows 75, we keep 40. */
  label: z.string().trim().min(1).max(40),
  /** One sentence: the gist, used in previews, "did you mean" lists and notification text. */
  summary: z.string().trim().min(1).max(300),
  /** Training phrases for the matcher, written as real users type them. */
  examples: z.array(z.string().trim().min(2).max(300)).min(12),
  /**
   * The first screen: the direct answer, in at most FIRST_SCREEN_WORDS words. `[[intent-id]]` names another topic
   * (shown as its label; it must be one of `related`, so its button is there).
   */
  short: Text,
  /** The rest of the answer, in order, behind "More" (a section a question asks for comes first). */
  answer: z.array(Section).max(12).default([]),
  /** Small talk only: replies chosen by cue words instead of `short` ("thanks" gets "You're welcome"). */
  replies: z.array(Reply).default([]),
  /** Related intents offered as buttons under the answer. */
  related: z.array(Id).max(4).default([]),
  /** Source ids from `intents/sources/` (none for small talk and help, which cite nothing). */
  sources: z.array(Id).default([]),
  /** Small talk and help: in scope without any sourcing word ("hi", "what can you do"). */
  social: z.boolean().default(false),
  /**
   * What it answers: an aspect (what it is, its risks…) for some subjects (lexicon.yml `subjects`; `any`, or `none`
   * for a question that names no subject). The first entry is the intent's own; the matcher reads a question as an
   * aspect and subjects and answers with the intent that covers them.
   */
  covers: z.array(z.strictObject({ aspect: Id, subjects: z.array(Id).min(1) })).min(1),
});
export type IntentFile = z.infer<typeof IntentFile>;

export const SourceFile = z.strictObject({
  id: Id,
  title: z.string().trim().min(1).max(200),
  publisher: z.string().trim().min(1).max(100).optional(),
  /** The seed file this source comes from, or absent for general knowledge. */
  seed: z.string().trim().min(1).optional(),
  /**
   * `article`: one of the seed articles. `comment`: readers' comments under one of them, which are not the article's
   * claims (an answer citing one says so where it uses it). `general`: accurate general knowledge beyond the articles.
   */
  kind: z.enum(['article', 'comment', 'general']),
});
export type SourceFile = z.infer<typeof SourceFile>;

/**
 * The matcher's lexicon: how users' words map onto the words of the examples.
 * `replace` rewrites whole phrases before tokenising (abbreviations, hyphenation, slang);
 * `domain` lists stems that show a question is about sourcing at all (used to reject off-topic questions).
 */
export const LexiconFile = z.strictObject({
  replace: z.record(z.string().min(1), z.string()).default({}),
  /** Subject id -> the phrases that name it. */
  subjects: z.record(Id, z.array(z.string().trim().min(1)).min(1)),
  /** Words asking for the opposite of the previous subject. */
  opposite_words: z.array(z.string().trim().min(1)).default([]),
  /** Subject -> its opposite ("and the opposite?"). */
  opposites: z.record(Id, Id).default({}),
  /** Subject -> the broader subject it is a kind of. */
  parents: z.record(Id, Id).default({}),
  /** Countries and regions: they name abroad (offshoring), as weaker evidence of a sourcing question than a subject. */
  places: z.array(z.string().trim().min(1)).default([]),
  /** Follow-ups that ask for more of the answer just given. */
  more: z.array(z.string().trim().min(1)).default([]),
  /** Greetings and address words a question may open with ("hey bot", "hi team"): the question after them is matched too. */
  openers: z.array(z.string().trim().min(1)).default([]),
  /** Words that name an aspect outright ("risks", "advantages"): a question using one is not read as asking what something is. */
  aspect_words: z.record(Id, z.array(z.string().trim().min(1))).default({}),
  /** Ways of asking what a subject is, X standing for the subject ("what is X"): in a thread, they ask just that. */
  definition_forms: z.array(z.string().trim().regex(/\bX\b/, 'a definition form names its subject as X')).default([]),
  /** Words that say a follow-up leaves the thread's subject ("unrelated: …"): what follows is read without the thread. */
  off_topic_markers: z.array(z.string().trim().min(1)).default([]),
  /** Words that may open an aside ("btw"): what follows is read without the thread only when plainly off-topic. */
  aside_markers: z.array(z.string().trim().min(1)).default([]),
  /** Words that compare ("cheaper"): after a comparison, a follow-up using one and no subject asks the same comparison. */
  comparison_words: z.array(z.string().trim().min(1)).default([]),
  /** Words that set one place against another ("mexico or colombia", "egypt vs the philippines"). */
  place_joiners: z.array(z.string().trim().min(1)).default([]),
  /** Words that set one place against another only in a question that compares ("cheaper in mexico or colombia"). */
  place_joiners_when_compared: z.array(z.string().trim().min(1)).default([]),
  /** Words that carry nothing on their own in a follow-up. */
  fillers: z.array(z.string().trim().min(1)).default([]),
  /** Other meanings of sourcing words, and the phrases that show them. */
  senses: z.array(z.strictObject({ term: z.array(z.string().trim().min(1)).min(1), cues: z.array(z.string().trim().min(1)).min(1) })).default([]),
  domain: z.array(z.string().min(2)).min(1),
  /** Phrases that ask for a recommendation in so many words: such a request starts a decision, even naming a gap. */
  decision_cues: z.array(z.string().trim().min(1)).default([]),
  /** Phrases that show a question is about sourcing work though it names no subject ("employer of record"). */
  domain_phrases: z.array(z.string().trim().min(1)).default([]),
  stopwords: z.array(z.string().min(1)).default([]),
});
export type LexiconFile = z.infer<typeof LexiconFile>;

/**
 * The App Home tab's topic buttons, in reading order, and the suggested prompts of its Messages tab
 * (`intents/home.yml`).
 */
export const HomeFile = z.strictObject({
  /** The intent whose comparison the Home tab shows as a table (it must have a compare section). */
  table: Id.optional(),
  /**
   * Suggested prompts at the top of the Messages tab (Slack shows up to four): each a short title, and the message
   * a click sends, which must be read as `intent`.
   */
  prompts: z
    .strictObject({
      title: z.string().trim().min(1).max(75),
      items: z
        .array(z.strictObject({ title: z.string().trim().min(1).max(75), message: z.string().trim().min(1).max(300), intent: Id }))
        .min(1)
        .max(4),
    })
    .optional(),
  topics: z
    .array(z.strictObject({ title: z.string().trim().min(1).max(100), ids: z.array(Id).min(1).max(5) }))
    .min(1)
    .max(10),
});
export type HomeFile = z.infer<typeof HomeFile>;

/** What the articles do not cover (`intents/gaps.yml`). */
export const GapsFile = z.array(
  z.strictObject({
    id: Id,
    /** The plain sentence said before the closest topic. */
    says: z.string().trim().min(1).max(300),
    cues: z.array(z.string().trim().min(1)).min(1),
    /** Whether it also applies to a question that sets two places against each other ("mexico or colombia"). */
    place_pairs: z.boolean().default(false),
    closest: z.array(Id).min(1).max(3),
  }),
);
export type GapsFile = z.infer<typeof GapsFile>;
