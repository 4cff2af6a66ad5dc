/**
 * The decision interview as data (`intents/interview/`): questions with their options, outcomes, challenges,
 * and the decision rules and weights. Validated with zod at startup; links checked by id.
 */
import { z } from 'zod';
import { Id } from '../knowledge/schema.js';

/** Question ids and their values are a public contract (the terminal's `recommend` uses them). */
export const QUESTION_VALUES = {
  core: ['core', 'non-core'],
  budget: ['critical', 'important', 'secondary'],
  coverage: ['yes', 'no'],
  control: ['high', 'medium', 'low'],
  regulation: ['heavy', 'some', 'light'],
  expertise: ['have', 'lack'],
  horizon: ['short', 'long'],
} as const;
export type QuestionId = keyof typeof QUESTION_VALUES;
export const QUESTION_IDS = Object.keys(QUESTION_VALUES) as QuestionId[];

export const OUTCOME_IDS = ['keep-in-house', 'outsource-domestic', 'offshore-outsourcing', 'offshore-captive', 'hybrid'] as const;
export type OutcomeId = (typeof OUTCOME_IDS)[number];

export const REQUIRED_CHALLENGE_IDS = [
  'quality-control',
  'communication',
  'loss-of-control',
  'vendor-dependency',
  'cultural-differences',
  'time-zone-gaps',
  'language-barriers',
  'regulatory-compliance',
] as const;

const Text = z.string().trim().min(1).max(1500);

export const OptionSpec = z.strictObject({
  value: Id,
  /** Button label (Slack allows 75; we keep 40). */
  label: z.string().trim().min(1).max(40),
  /** Other words a user may type for this option, as the whole answer ("24/7", "round the clock"). */
  synonyms: z.array(z.string().trim().min(1).max(60)).default([]),
  /** Words that point to this option inside a longer answer ("we're an insurer", "about three months"). */
  cues: z.array(z.string().trim().min(1).max(60)).default([]),
  /** The option a negated cue means ("we don't need round the clock cover"); absent: asked again. */
  negated: Id.optional(),
  /** The option a softened cue means ("I wouldn't say cost is everything"); absent: as negated. */
  softened: Id.optional(),
  /** How this answer reads in the "why" of a recommendation ("the function is core to your business"). */
  because: z.string().trim().min(1).max(200),
  /**
   * What this answer says about each recommendation, in the person's terms: why it argues for it, or what pulls the
   * other way and how to handle it (the role comes from the sign of the weight). `neutral`: for any outcome the
   * answer does not tip, unless that outcome has a sentence of its own.
   */
  reasoning: z.record(z.string(), z.string().trim().min(1).max(300)).default({}),
  /** Phrases that would state the opposite of this answer; no recommendation given with it may contain one. */
  conflicts: z.array(z.string().trim().min(1).max(60)).default([]),
});
export type OptionSpec = z.infer<typeof OptionSpec>;

export const QuestionFile = z.strictObject({
  id: Id,
  /** Position in the interview (lower first). The optional `function` question comes first. */
  order: z.number().int().min(0).max(100),
  /** Short name used in summaries and "change an answer" buttons ("Cost pressure"). */
  name: z.string().trim().min(1).max(30),
  prompt: z.string().trim().min(1).max(300),
  /** Why the question matters, from the sources; shown on "help". */
  help: Text,
  options: z.array(OptionSpec).min(2).max(8),
  /** Cues that sit between options ("a monthly review": medium or low?): the bot asks which, never guesses. */
  between: z.array(z.strictObject({ options: z.array(Id).min(2), cues: z.array(z.string().trim().min(1)).min(1) })).default([]),
  /** The options from most to least, when a score out of ten reads along them ("like a 2/10"). */
  scale: z.array(Id).optional(),
  /** The option a plain "yes" (and "no") answers, for questions asked as yes-or-no. */
  yes: Id.optional(),
  no: Id.optional(),
  /**
   * The options from most to least cautious (the one that keeps the work closest to home): when a team's answers
   * tie, the most cautious counts.
   */
  caution: z.array(Id).optional(),
  /** Whether a typed answer outside the options is accepted as is (only for `function`). */
  free_text: z.boolean().default(false),
  /** Free text: names of functions outside the list that hold a listed one's words ("research and development"). */
  other_names: z.array(z.string().min(1)).default([]),
  /** Words that only name what the question is about ("savings"): as a cue they give way to any other option's cue. */
  subject_words: z.array(z.string().trim().min(1)).default([]),
  sources: z.array(Id).min(1),
});
export type QuestionFile = z.infer<typeof QuestionFile>;

export const OutcomeFile = z.strictObject({
  id: Id,
  title: z.string().trim().min(1).max(100),
  /** One line, shown under the title and in the shared summary. */
  summary: z.string().trim().min(1).max(300),
  /** What it means in practice, a short paragraph. */
  explanation: Text,
  sources: z.array(Id).min(1),
});
export type OutcomeFile = z.infer<typeof OutcomeFile>;

/** A condition on answers: every listed question must have one of the listed values. */
export const Condition = z.record(z.string(), z.union([Id, z.array(Id).min(1)]));
export type Condition = z.infer<typeof Condition>;

/** When a challenge applies, and why, in the person's terms. The first case that holds gives the reason. */
export const ChallengeCase = z.strictObject({
  when: Condition,
  /** One line on why it applies to these answers ("Your team works business hours, so…"). */
  why: z.string().trim().min(1).max(300),
  /** How much it matters here, 1 (least) to 9; challenges are listed most important first. */
  priority: z.number().int().min(1).max(9),
  /** How to manage it in this case, where the challenge's own mitigation does not fit. */
  mitigation: z.string().trim().min(1).max(400).optional(),
});
export type ChallengeCase = z.infer<typeof ChallengeCase>;

export const ChallengeFile = z.strictObject({
  id: Id,
  title: z.string().trim().min(1).max(60),
  /** What the challenge is, in general (the topic answers and the full reasoning). */
  description: z.string().trim().min(1).max(500),
  /** A concrete mitigation, from the sources; it must hold for every case below that has none of its own. */
  mitigation: z.string().trim().min(1).max(400),
  /** The cases in which it applies; in no other case is it listed. */
  applies: z.array(ChallengeCase).min(1),
  sources: z.array(Id).min(1),
});
export type ChallengeFile = z.infer<typeof ChallengeFile>;

/** The sentence of a source article a weight or rule rests on. */
export const Because = z.strictObject({
  source: Id,
  /** Quoted exactly (an ellipsis "…" may stand for words left out). */
  quote: z.string().trim().min(10).max(400),
});
export type Because = z.infer<typeof Because>;

/** What one answer adds to each outcome, and why. */
export const Weight = z.strictObject({
  scores: z.record(z.string(), z.number().int().min(-10).max(10)),
  because: z.array(Because).min(1),
  /** How the scores follow from the quotes, where that is not plain. */
  note: z.string().trim().min(1).max(300).optional(),
});

export const RulesFile = z.strictObject({
  /** Score added to each outcome for each answer: weights[question][value]. */
  weights: z.record(z.string(), z.record(z.string(), Weight)),
  /** Ordered hard rules, checked before the weights: the first whose condition holds decides. */
  rules: z
    .array(
      z.strictObject({
        id: Id,
        when: Condition,
        /** Forces this outcome. */
        recommend: Id.optional(),
        /** Removes these outcomes from consideration. */
        exclude: z.array(Id).default([]),
        /** Why, in one sentence, shown in the recommendation. */
        reason: z.string().trim().min(1).max(300),
        because: z.array(Because).min(1),
      }),
    )
    .default([]),
  /** For `hybrid`: which part goes where, by condition; the first match is shown. */
  hybrid_splits: z
    .array(z.strictObject({ when: Condition, text: z.string().trim().min(1).max(400) }))
    .min(1),
});
export type RulesFile = z.infer<typeof RulesFile>;

/** The words every question's typed answers share (`intents/interview/answers.yml`). */
export const AnswersFile = z.strictObject({
  commands: z.strictObject({
    back: z.array(z.string().min(1)).min(1),
    restart: z.array(z.string().min(1)).min(1),
    cancel: z.array(z.string().min(1)).min(1),
    help: z.array(z.string().min(1)).min(1),
  }),
  yes: z.array(z.string().min(1)).min(1),
  no: z.array(z.string().min(1)).min(1),
  ordinals: z.array(z.string().min(1)).min(1),
  negation_window: z.number().int().min(1).max(6),
  negators: z.array(z.string().min(1)).min(1),
  /** Negators that open a clause ("no one is going to ring us at 2am", "i don't see how we'd need…"): they reach to its end. */
  clause_negators: z.array(z.string().min(1)).default([]),
  /** Words that give a reason: a negator before one does not reach the cue after it ("no one chose us because of…"). */
  reason_links: z.array(z.string().min(1)).default([]),
  /** Words of the past: what follows them, up to a turn, no longer holds ("we used to have a team but…"). */
  past_markers: z.array(z.string().min(1)).default([]),
  /** Words that open a clause as its subject: a negator does not reach past them after words with content. */
  clause_subjects: z.array(z.string().min(1)).default([]),
  /** Asides that may open or close an answer without changing it ("honestly,", "tbh"). */
  opening_asides: z.array(z.string().min(1)).default([]),
  closing_asides: z.array(z.string().min(1)).default([]),
  /** Words that correct what was just said, opening a clause ("- actually no, medium"): what follows them counts. */
  corrections: z.array(z.string().min(1)).default([]),
  /** Corrections that count without punctuation before them ("high actually no medium"). */
  strong_corrections: z.array(z.string().min(1)).default([]),
  /** Words that open the conclusion of a message too long to read whole ("…, so no we don't need nights"). */
  conclusions: z.array(z.string().min(1)).default([]),
  /** Words that open a condition ("if", "without"): a negation in one, with a bad outcome said, means the cue is needed. */
  condition_leads: z.array(z.string().min(1)).default([]),
  /** Bad outcomes ("it's a no-go", "we'd breach our contracts"): "if it doesn't save money it's a no-go" is critical. */
  bad_outcomes: z.array(z.string().min(1)).default([]),
  /** Negators that only soften what follows ("would not say", "not just"). */
  softeners: z.array(z.string().min(1)).default([]),
  /** Comparisons that soften what follows and rule it out ("not as much as banks"). */
  lesser: z.array(z.string().min(1)).default([]),
  /** Comparisons that rule out what follows, as `lesser`, unless a negator comes first in the clause ("more than a little"). */
  compared: z.array(z.string().min(1)).default([]),
  /** Words that tone down the cue right after them without negating it ("moderately hands on" is medium). */
  moderators: z.array(z.string().min(1)).default([]),
  /** Comparatives after which "than" rules out what follows ("more ongoing than a one-off"). */
  comparatives: z.array(z.string().min(1)).default([]),
  /** Phrases that start like a negator and are not one ("no way around it"). */
  not_negators: z.array(z.string().min(1)).default([]),
  /** Phrases that negate the cue before them ("… alone are not enough"). */
  post_negators: z.array(z.string().min(1)).default([]),
  /** Yes or no said first, before a clause of its own ("no it's a necessary evil"): see clause_openers. */
  interjections: z.array(z.string().min(1)).default([]),
  /** Words that open a clause after an interjection, so the interjection ends a clause of its own there. */
  clause_openers: z.array(z.string().min(1)).default([]),
  /** Words a negator does not reach past, as a turn does ("we don't need direct control just results"). */
  negation_stops: z.array(z.string().min(1)).default([]),
  /** Laughter, which may end an answer without changing it ("core it is not lol"). */
  laughs: z.array(z.string().min(1)).default([]),
  /** Openings of an aside: such a message is never taken as a function's name ("fyi standup moved to 3pm"). */
  aside_leads: z.array(z.string().min(1)).default([]),
  /** Phrases after which a post-negator states a condition, not a negation ("30% savings or it is not happening"). */
  conditions: z.array(z.string().min(1)).default([]),
  /** Words a post-negator does not reach back across ("cost is critical and it is not negotiable"). */
  clause_links: z.array(z.string().min(1)).default([]),
  /** Post-negators that negate the cue before them only where they end its clause ("core it is not"). */
  closing_post_negators: z.array(z.string().min(1)).default([]),
  /** Words that do not count towards the negation window ("not think there are any special rules"). */
  transparent: z.array(z.string().min(1)).default([]),
  /** Words that carry a negation on to the next cue ("no healthcare or finance"). */
  joiners: z.array(z.string().min(1)).default([]),
  /** Phrases that say yes (or no) wherever they stand in a sentence ("not necessary"). */
  yes_anywhere: z.array(z.string().min(1)).default([]),
  no_anywhere: z.array(z.string().min(1)).default([]),
  /** Openings that make an answer unclear whatever follows ("depends what you count as…"). */
  unclear_leads: z.array(z.string().min(1)).default([]),
  /** Yes and no words that cannot mean anything else, so they count without a comma after them. */
  plain_yes_no: z.array(z.string().min(1)).default([]),
  turns: z.array(z.string().min(1)).default([]),
  /** Small talk, never an answer and never a function's name ("hey", "thanks"). */
  small_talk: z.array(z.string().min(1)).default([]),
  unclear: z.array(z.string().min(1)).default([]),
  question_starts: z.array(z.string().min(1)).default([]),
  /** Words a question may open with; a free-text name never does ("is it friday yet"). */
  auxiliaries: z.array(z.string().min(1)).default([]),
  /** Words that may stand around an option's name without changing it ("probably some", "i would say low"). */
  hedges: z.array(z.string().min(1)).default([]),
  /** Openings that set the listed functions aside ("none of those, it's content moderation"). */
  other_leads: z.array(z.string().min(1)).default([]),
});
export type AnswersFile = z.infer<typeof AnswersFile>;
