/**
 * The intent matcher: a pure, deterministic function from text (and the thread's previous topic) to
 * `{ intent, confidence, alternatives }`.
 *
 * How it works. Most questions name one or two *subjects* (outsourcing, offshoring, BPO…) and ask one *aspect* of
 * them (what it is, how they differ, its risks, how to make it work…). So:
 *   1. analysis.ts normalises the text, corrects spelling against the known vocabulary and stems each word;
 *   2. the subjects are found by the lexicon's phrases and each mention is replaced by one placeholder;
 *   3. model.ts, a softmax regression trained on every example with its subjects masked the same way, reads the
 *      aspect, so "risks of …" or "why would a company …" is learned across all subjects at once;
 *   4. the decision rule scores each intent by P(aspect it covers) × how well its subjects fit those named (taking
 *      the subject, or the aspect, from the thread's previous answer when the question leaves it out), then rejects
 *      what is out of scope (the `none` aspect wins, little confidence without any sourcing word, or a sourcing word
 *      used in another sense, like offshore wind), and marks a sourcing question the articles do not cover.
 * A message with context around its question is matched clause by clause too, and a confident clause wins; one read
 * as small talk is matched again without the greetings it opens with, and one that sets another sense aside ("not the
 * oil rig kind") is read without it. A question read as "what is", "how do they differ" or "what to consider" that
 * names another aspect outright ("risks", "which should we do") asks it. In a thread, pointer words ("them") are also
 * read as the thread's subject; "what is X" asks what X is; another aspect named outright is asked over the thread's
 * own ("could that cost jobs?" after the future); an aside after small talk, "unrelated" or "btw" that is plainly
 * off-topic is off-topic.
 */
import type { GapsFile, LexiconFile } from '../knowledge/schema.js';
import { NONE } from '../knowledge/contract.js';
import { createAnalyser, PhraseSet, type Token } from './analysis.js';
import { englishWords, type WordSet } from './dictionary.js';
import { trainModel, type ModelOptions, type Prediction, type TrainedWeights } from './model.js';
import { compileReplacements, MAX_MATCH_CHARS } from './text.js';

export type { TrainedWeights };

export interface Alternative {
  readonly intent: string;
  readonly confidence: number;
}

export interface MatchResult {
  /** The best intent, or `none` when the question is out of scope. */
  readonly intent: string;
  /** 0..1: how sure the matcher is. */
  readonly confidence: number;
  /** Other plausible in-scope intents, best first (at most 3). */
  readonly alternatives: readonly Alternative[];
  /** True when the best scores are close enough that the user should be asked "did you mean". */
  readonly ambiguous: boolean;
  /** Set when the question is about sourcing but asks something the articles do not cover. */
  readonly uncovered?: { readonly gap: string };
  /** The aspect of the question as read for the chosen intent (`what`, `risks`…); absent when out of scope. */
  readonly aspect?: string;
  /** The part of the chosen intent's answer the question asks for (a section or small-talk reply id), if one. */
  readonly section?: string;
  /** True for "tell me more" in a thread: the answer just given, now whole. */
  readonly more?: boolean;
}

/** What is known of the conversation a question comes from. */
export interface MatchContext {
  /** The intent of the answer just given in the same thread. */
  readonly previous?: string;
  /** The subjects named elsewhere in the same message (set when one clause of it is matched). */
  readonly subjects?: readonly string[];
}

export interface Cover {
  readonly aspect: string;
  readonly subjects: readonly string[];
}

export interface TrainingExample {
  readonly intent: string;
  readonly text: string;
}

/** What the matcher learns from: the lexicon, the examples, what each intent covers, and what the articles lack. */
export interface MatcherContent {
  readonly lexicon: LexiconFile;
  readonly examples: readonly TrainingExample[];
  /** Intents in scope without a sourcing word ("hi", "what can you do"). */
  readonly social: readonly string[];
  readonly covers: Readonly<Record<string, readonly Cover[]>>;
  readonly gaps: GapsFile;
  /** Parts of answers a question can ask for first, per intent, in answer order: by aspect read, or by cue words. */
  readonly sections?: Readonly<Record<string, readonly SectionCue[]>>;
}

/** A part of an answer a question can ask for: when its aspect is read (other than the intent's own), or a cue is said. */
export interface SectionCue {
  readonly id: string;
  readonly aspects: readonly string[];
  readonly cues: readonly string[];
}

export interface MatcherOptions {
  /** Below this confidence a question with no sourcing word is out of scope. */
  readonly threshold: number;
  /** Below this confidence a question that names a sourcing word is out of scope (it is lower: the word is evidence). */
  readonly domainThreshold: number;
  /** With a sourcing word present, the out-of-scope score must beat the best intent by this factor to reject. */
  readonly domainNoneFactor: number;
  /** Below this confidence a follow-up with no sourcing word of its own is out of scope ("what's on the menu today"). */
  readonly threadThreshold: number;
  /** Below this confidence small talk or help with no sourcing word is out of scope ("can someone review my PR"). */
  readonly domainlessThreshold: number;
  /** Below this confidence a topic question with no sourcing word at all, and no thread, is out of scope. */
  readonly topicWithoutDomainThreshold: number;
  /** Alternatives within this distance of the best score make the match ambiguous. */
  readonly ambiguityMargin: number;
  /** Alternatives must reach this share of the best score to be offered. */
  readonly alternativeRatio: number;
  /** Fit of a subject-specific intent to a question that names no subject (and has no thread to take one from). */
  readonly subjectlessFit: number;
  /** Fit of an intent to a question about other subjects. */
  readonly mismatchFit: number;
  /** Fit of an intent to a question about a narrower subject than the one it covers (BPO, for outsourcing). */
  readonly parentFit: number;
  /** How much words never seen weigh when a subject word is named (1: as much as without one). */
  readonly strongUnknownFactor: number;
  /** A question this confidently about a topic outside a gap's closest ones is answered, not marked uncovered. */
  readonly coveredConfidence: number;
  /** Preference for a clause ending with "?" when a message has several. */
  readonly questionClauseBonus: number;
  /** A message matched at least this confidently as a whole gives way only to a clause ending with "?". */
  readonly confidentWhole: number;
  /** A message whose off-topic score is above this is not rescued by one of its clauses. */
  readonly clauseRescueLimit: number;
  /** A message read as small talk with a clause whose off-topic score is at least this is off-topic ("ok cool. unrelated but what's for lunch"). */
  readonly offTopicClause: number;
  /** Weight of the thread's previous aspect in reading a short or pointing follow-up ("what metrics tho"). */
  readonly threadPrior: number;
  /** A follow-up read as small talk, help or off-topic less surely than this still leans on the thread ("what about hr?"). */
  readonly ownAspectConfidence: number;
  /** An aspect named outright also takes over from any aspect the model reads less surely than this. */
  readonly unsureAspect: number;
  /** A follow-up whose aspect the model reads at least this confidently is not leant towards the thread's. */
  readonly confidentAspect: number;
  /** An example is relabelled to another aspect its intent covers when the first model prefers it by this much. */
  readonly relabelMargin: number;
  /** Weight of the whole-intent model (unmasked words, one class per intent) against aspect × subjects (0..1). */
  readonly intentWeight: number;
  readonly model: ModelOptions;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  threshold: 0.25,
  domainThreshold: 0.1,
  domainNoneFactor: 2,
  domainlessThreshold: 0.5,
  threadThreshold: 0.25,
  topicWithoutDomainThreshold: 0.9,
  ambiguityMargin: 0.04,
  alternativeRatio: 0.7,
  subjectlessFit: 0.25,
  mismatchFit: 0.02,
  parentFit: 0.8,
  coveredConfidence: 0.8,
  strongUnknownFactor: 0.5,
  questionClauseBonus: 0.1,
  confidentWhole: 0.6,
  clauseRescueLimit: 0.9,
  offTopicClause: 0.75,
  threadPrior: 0.35,
  confidentAspect: 0.7,
  ownAspectConfidence: 0.5,
  unsureAspect: 0.5,
  relabelMargin: 0.2,
  intentWeight: 0.2,
  model: { bigramWeight: 0.3, epochs: 40, learningRate: 0.5, l2: 1e-5, unknownWeight: 0.3, balance: 1 },
};

export interface Matcher {
  match(text: string, context?: MatchContext): MatchResult;
  /** The trained weights, to cache. */
  /** The weights of every model it trained, for the startup cache. */
  trained(): TrainedWeights[];
  /** The stems the model sees, subjects masked (for debugging and tests). */
  analyse(text: string): string[];
  /** The subjects a text names. */
  subjects(text: string): string[];
  /** The aspects the model reads in a text, most likely first (for debugging and tests). */
  aspects(text: string): Array<{ aspect: string; p: number }>;
}

/** The intent that starts a decision. */
const DECIDE_INTENT = 'interview-start';
/** Words that set another sense aside when they come at most `SENSE_NEGATION_REACH` words before its cue ("why not" does not). */
const SENSE_NEGATORS = new Set(['not', 'no', 'nothing', 'unlike']);
const SENSE_NEGATION_REACH = 3;
/** Where the negator that sets aside the sense cue at `cueStart` stands ("not the oil rig kind"; "why not" sets nothing aside), or -1. */
function setAsideAt(words: readonly string[], cueStart: number): number {
  for (let i = Math.max(0, cueStart - SENSE_NEGATION_REACH); i < cueStart; i++) if (SENSE_NEGATORS.has(words[i]!) && words[i - 1] !== 'why') return i;
  return -1;
}
/** Words that may close a set-aside sense ("not the oil rig kind"). */
const SET_ASIDE_TAIL = new Set(['kind', 'type', 'sort', 'one', 'ones', 'sense', 'thing', 'things', 'stuff', 'lol']);
/** The placeholder a subject mention becomes. */
const SUBJECT = '§';
/** Subjects that a more specific one named beside them makes redundant ("is BPO a kind of outsourcing"). */
const GENERIC = new Set(['outsourcing', 'offshoring', 'abroad']);
/** The subjects normalise() derives a subject from, itself included. */
const DERIVED_FROM: Readonly<Record<string, readonly string[]>> = {
  'offshore-outsourcing': ['offshore-outsourcing', 'outsourcing', 'abroad'],
  offshoring: ['offshoring', 'abroad'],
};
/** Words that point back at the previous answer ("that", "them"): a follow-up using them leans on the thread. */
const POINTERS = new Set(['that', 'this', 'it', 'they', 'them', 'those', 'these', 'there']);
/** An off-topic marker counts among a message's first few words ("ok thanks. unrelated: …"), not at its end. */
const OFF_TOPIC_MARKER_REACH = 3;
/** A follow-up this short (content words) leans on the thread too. */
const SHORT_FOLLOW_UP = 4;

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Two readings of one question, weighed equally. */
function averaged(a: Prediction, b: Prediction): Prediction {
  return { p: a.p.map((x, i) => (x + b.p[i]!) / 2), unknownShare: Math.min(a.unknownShare, b.unknownShare), known: a.known || b.known };
}

export function createMatcher(content: MatcherContent, options: Partial<MatcherOptions> = {}, dictionary: WordSet = englishWords(), cached: readonly TrainedWeights[] = []): Matcher {
  const opts = { ...DEFAULT_MATCHER_OPTIONS, ...options };
  const { lexicon, examples, covers } = content;
  const social = new Set(content.social);
  const replace = compileReplacements(lexicon.replace);
  const phrases = [...Object.values(lexicon.subjects).flat(), ...lexicon.places, ...lexicon.senses.flatMap((s) => [...s.term, ...s.cues]), ...content.gaps.flatMap((g) => g.cues)];
  const analyser = createAnalyser({
    replace,
    vocabularyTexts: [...examples.map((e) => e.text), ...phrases],
    extraWords: lexicon.domain,
    dictionary,
    protectedStems: lexicon.domain,
    stopwords: new Set(lexicon.stopwords),
  });
  const domain = lexicon.domain;
  /** Phrases that ask for a recommendation in so many words ("what do you recommend"). */
  const decisionCues = new PhraseSet(lexicon.decision_cues.map((p) => [analyser.phraseWords(p), p] as const));
  /** Phrases that show a question is about sourcing work though no subject word is in it ("employer of record"). */
  const domainPhrases = new PhraseSet(lexicon.domain_phrases.map((p) => [analyser.phraseWords(p), p] as const));
  const fillers = new Set(lexicon.fillers.flatMap((f) => analyser.phraseWords(f)));
  const aspectWords = Object.entries(lexicon.aspect_words).map(([aspect, list]) => ({ aspect, words: new PhraseSet(list.map((w) => [analyser.phraseWords(w), w] as const)) }));
  /** Words that compare ("cheaper", "riskier"): after a comparison, a follow-up using one asks the same comparison. */
  const comparisonWords = new PhraseSet(lexicon.comparison_words.map((p) => [analyser.phraseWords(p), p] as const));
  /** Words that say a message leaves the thread's subject ("unrelated", "off topic"). */
  const offTopicMarkers = new PhraseSet(lexicon.off_topic_markers.map((p) => [analyser.phraseWords(p), p] as const));
  /** Words that may open an aside ("btw"): what follows is set aside only when it is plainly off-topic. */
  const asideMarkers = new PhraseSet(lexicon.aside_markers.map((p) => [analyser.phraseWords(p), p] as const));
  const openers = lexicon.openers.map((o) => analyser.phraseWords(o)).sort((a, b) => b.length - a.length);
  const moreRequests = new Set(lexicon.more.map((m) => analyser.phraseWords(m).join(' ')));
  const pointerStems = new Set([...POINTERS].filter((w) => w !== 'there').flatMap((w) => analyser.phraseStems(w)));
  const oppositeWords = new PhraseSet(lexicon.opposite_words.map((w) => [analyser.phraseWords(w), w] as const));
  const oppositeWordSet = new Set(lexicon.opposite_words.flatMap((w) => analyser.phraseWords(w)));
  /** "what is X", "X meaning": the subject placeholder where X stands. */
  const definitionForms = lexicon.definition_forms.map((f) => {
    const [before = '', after = ''] = f.split(/\bX\b/);
    return [...analyser.phraseStems(before), SUBJECT, ...analyser.phraseStems(after)];
  });
  const asksWhatItIs = (masked: readonly string[]) => definitionForms.some((f) => masked.some((_, i) => f.every((st, j) => masked[i + j] === st)));

  /** Subject mentions; a place names abroad, but is weaker evidence of a sourcing question than a subject word. */
  const subjectPhrases = new PhraseSet<{ id: string; weak: boolean }>([
    ...Object.entries(lexicon.subjects).flatMap(([id, list]) => list.map((p) => [analyser.phraseStems(p), { id, weak: false }] as const)),
    ...lexicon.places.map((p) => [analyser.phraseStems(p), { id: 'abroad', weak: true }] as const),
  ]);
  const senses = lexicon.senses.map((s) => ({
    terms: new Set(s.term.flatMap((t) => analyser.phraseStems(t))),
    cues: new PhraseSet(s.cues.map((c) => [analyser.phraseWords(c), c] as const)),
  }));
  const gaps = content.gaps.map((g) => ({ id: g.id, closest: g.closest, placePairs: g.place_pairs, cues: new PhraseSet(g.cues.map((c) => [analyser.phraseWords(c), c] as const)) }));
  const placeWords = new PhraseSet(lexicon.places.map((p) => [analyser.phraseWords(p), p] as const));
  const placeJoiners = new Set(lexicon.place_joiners.map((j) => analyser.phraseWords(j).join(' ')));
  const comparedJoiners = new Set(lexicon.place_joiners_when_compared.map((j) => analyser.phraseWords(j).join(' ')));
  const joinerWords = new Set([...placeJoiners, ...comparedJoiners].flatMap((j) => j.split(' ')));
  /** Whether a question sets two places against each other ("egypt vs the philippines", "cheaper in mexico or colombia"). */
  const placesSetApart = (words: readonly string[]): boolean => {
    const found = placeWords.find(words);
    const compares = comparisonWords.has(words) || words.includes('which');
    return found.some((a, i) => {
      const b = found[i + 1];
      if (!b || a.value === b.value) return false;
      // (Filler words between do not count: "egypt vs the philippines".)
      const between = words.slice(a.end, b.start).filter((w) => !fillers.has(w) || joinerWords.has(w)).join(' ');
      return placeJoiners.has(between) || (compares && comparedJoiners.has(between));
    });
  };
  const sectionCues = new Map(
    Object.entries(content.sections ?? {}).map(([intent, list]) => [intent, { list, cues: new PhraseSet(list.flatMap((x) => x.cues.map((c) => [analyser.phraseStems(c), x.id] as const))) }] as const),
  );

  interface Reading {
    readonly tokens: Token[];
    /** Stems with each subject mention replaced by the placeholder. */
    readonly masked: string[];
    /** Subjects in the order named (repeats removed). */
    readonly subjects: string[];
    /** Whether a subject word (not only a place) was named. */
    readonly strong: boolean;
    /** The words outside subject mentions. */
    readonly rest: string[];
  }

  function read(text: string): Reading {
    const tokens = analyser.tokens(text);
    const stems = tokens.map((t) => t.stem);
    const found = subjectPhrases.find(stems);
    const masked: string[] = [];
    const rest: string[] = [];
    let at = 0;
    for (const m of found) {
      masked.push(...stems.slice(at, m.start), SUBJECT);
      rest.push(...tokens.slice(at, m.start).map((t) => t.word));
      at = m.end;
    }
    masked.push(...stems.slice(at));
    rest.push(...tokens.slice(at).map((t) => t.word));
    return { tokens, masked, subjects: [...new Set(found.map((m) => m.value.id))], strong: found.some((m) => !m.value.weak), rest };
  }

  /**
   * The subjects a question is about, in the order named, most specific kept: "BPO" over "outsourcing"; a third
   * party abroad is offshore outsourcing; abroad alone is offshoring; outsourcing and offshoring named is `both`.
   */
  function normalise(named: readonly string[]): string[] {
    const s = new Set(named);
    if (s.has('abroad') && s.has('outsourcing')) s.add('offshore-outsourcing');
    if (s.has('abroad') && !s.has('offshore-outsourcing')) s.add('offshoring');
    if (s.has('offshore-outsourcing')) ['outsourcing', 'offshoring'].forEach((g) => s.delete(g));
    s.delete('abroad');
    const order = (list: string[]) => list.sort((a, b) => firstIndex(named, a) - firstIndex(named, b));
    const specific = [...s].filter((x) => !GENERIC.has(x));
    if (specific.length > 0) return order(specific);
    if (s.has('outsourcing') && s.has('offshoring')) return ['both'];
    return order([...s]);
  }
  /** Where a subject was first named; one normalise() derives counts where what it came from was named. */
  const firstIndex = (named: readonly string[], x: string) =>
    Math.min(...(DERIVED_FROM[x] ?? [x]).map((y) => (named.includes(y) ? named.indexOf(y) : Infinity)));

  // Train the aspect model on every example, subjects masked. An example's aspect is its intent's own, except where
  // the intent covers several and a first model, trained on own aspects, clearly reads another of them ("why would a
  // company use KPO" is an example of define-kpo, and asks why).
  const aspectOf = (intent: string) => covers[intent]?.[0]?.aspect ?? NONE;
  const maskedExamples = examples.map((e) => ({ stems: read(e.text).masked, intent: e.intent }));
  const first = trainModel(
    maskedExamples.map((e) => ({ stems: e.stems, label: aspectOf(e.intent) })),
    opts.model,
    cached,
  );
  const firstIndexOf = new Map(first.labels.map((l, i) => [l, i]));
  const labelled = maskedExamples.map((e) => {
    const own = aspectOf(e.intent);
    const options = (covers[e.intent] ?? []).map((c) => c.aspect);
    if (options.length < 2) return { stems: e.stems, label: own };
    const p = first.predict(e.stems).p;
    const pOf = (a: string) => p[firstIndexOf.get(a) ?? -1] ?? 0;
    const best = options.reduce((a, b) => (pOf(b) > pOf(a) ? b : a), own);
    return { stems: e.stems, label: pOf(best) > pOf(own) + opts.relabelMargin ? best : own };
  });
  const model = trainModel(labelled, opts.model, cached);
  // A second opinion that keeps what masking loses: the intent read from the unmasked words.
  const direct = opts.intentWeight > 0 ? trainModel(examples.map((e) => ({ stems: read(e.text).tokens.map((t) => t.stem), label: e.intent })), opts.model, cached) : undefined;
  const directIndex = new Map((direct?.labels ?? []).map((l, i) => [l, i]));
  const aspectIndex = new Map(model.labels.map((l, i) => [l, i]));
  const intents = Object.keys(covers).sort();

  /** How well a cover fits the subjects named, the first named weighing most (1, ½, ⅓…). */
  function fit(c: Cover, subjects: readonly string[]): number {
    if (c.subjects.includes('any')) return 1;
    if (subjects.length === 0) return c.subjects.includes('none') ? 1 : opts.subjectlessFit;
    let shared = 0;
    let total = 0;
    subjects.forEach((s, i) => {
      total += 1 / (i + 1);
      if (c.subjects.includes(s)) shared += 1 / (i + 1);
      else if (lexicon.parents[s] && c.subjects.includes(lexicon.parents[s])) shared += opts.parentFit / (i + 1);
    });
    return shared > 0 ? shared / total : opts.mismatchFit;
  }

  /** The aspect and subjects a thread's previous answer was about. */
  function previousOf(intent: string | undefined): { aspect: string; subject?: string } | undefined {
    const c = intent ? covers[intent]?.[0] : undefined;
    if (!c) return undefined;
    const subject = c.subjects.includes('both') ? 'both' : c.subjects.find((s) => s !== 'any' && s !== 'none');
    return { aspect: c.aspect, ...(subject ? { subject } : {}) };
  }

  const SUBJECT_ASPECTS = new Set(['what', 'difference', 'benefits', 'risks']);
  /** The general aspects an aspect named outright takes over from ("what are the risks", "which should we do"). */
  const NAMED_OVER = new Set(['what', 'difference', 'consider']);
  /** Aspects a follow-up asks on its own account, not to be leant towards the thread's: small talk, help, off-topic. */
  const OWN_ASPECTS = new Set(['greeting', 'help', NONE]);
  const topAspectOf = (prob: (a: string) => number) => model.labels.reduce((a, b) => (prob(b) > prob(a) ? b : a));
  const topAspect = (p: Float64Array) => model.labels[p.indexOf(Math.max(...p))]!;

  /** The aspects named outright, leaving out one named only inside another's longer phrase ("why companies are bringing…"). */
  const namedAspects = (words: readonly string[]): string[] => {
    const found = aspectWords.map((a) => ({ aspect: a.aspect, spans: a.words.find(words) })).filter((a) => a.spans.length > 0);
    const inside = (x: { start: number; end: number }, y: { start: number; end: number }) => y.start <= x.start && x.end <= y.end && y.end - y.start > x.end - x.start;
    return found.filter((a) => !a.spans.every((x) => found.some((b) => b !== a && b.spans.some((y) => inside(x, y))))).map((a) => a.aspect);
  };

  /**
   * A question read as asking what something is, how two differ or what to consider, that names another aspect
   * outright ("what are the risks of using them", "which one should we do") asks that aspect: the two swap places.
   * Asking what something is in so many words ("what kind of thing is BPO") does so whatever the rest reads as.
   */
  function namedAspect(p: Prediction, named: readonly string[], thread?: string): Prediction {
    const top = topAspect(p.p);
    // "what kind of thing is BPO" asks what it is, however the rest reads; other aspects take over general ones, one
    // read unsurely and, in a thread, the thread's own ("will that hurt jobs even more?" after the future).
    if (named.length !== 1 || named[0] === top || (!NAMED_OVER.has(top) && top !== thread && named[0] !== 'what' && Math.max(...p.p) >= opts.unsureAspect)) return p;
    const i = aspectIndex.get(named[0]!);
    const w = aspectIndex.get(top)!;
    if (i === undefined) return p;
    const q = Float64Array.from(p.p);
    [q[i], q[w]] = [q[w]!, q[i]!];
    return { ...p, p: q };
  }

  /**
   * The text without another sense it sets aside ("what is off-shoring? (not the oil rig kind lol)" is read as "what
   * is off-shoring?"): from the negator to the sense's cue, and a "kind" or "type" after it.
   */
  function withoutSetAside(text: string): string {
    const words = analyser.tokens(text).map((t) => t.word);
    const drop = new Set<number>();
    for (const s of senses) {
      for (const m of s.cues.find(words)) {
        const from = setAsideAt(words, m.start);
        if (from < 0) continue;
        let end = m.end;
        while (end < words.length && SET_ASIDE_TAIL.has(words[end]!)) end++;
        for (let i = from; i < end; i++) drop.add(i);
      }
    }
    return drop.size === 0 || drop.size === words.length ? text : words.filter((_, i) => !drop.has(i)).join(' ');
  }

  /** A match, and whether it was rejected because a sourcing word was used in another sense. */
  function matchOne(text: string, context: MatchContext): MatchResult & { otherSense?: boolean; offTopic?: number } {
    const r = read(withoutSetAside(text));
    const stems = r.tokens.map((t) => t.stem);
    const words = r.tokens.map((t) => t.word);
    // How sure it is that the question is about sourcing: a subject word; a place or a sourcing word; only the thread
    // it is asked in; nothing.
    const evidence = r.strong
      ? 'strong'
      : r.subjects.length > 0 || context.subjects?.length || stems.some((s) => domain.some((d) => s.startsWith(d))) || domainPhrases.has(words)
        ? 'weak'
        : context.previous
          ? 'thread'
          : 'none';
    const hasDomain = evidence !== 'none';
    // In a thread, a question that names no subject may point at the previous answer's ("what are the risks of it",
    // "can they overlap"): it is read both ways, with its pointer words as words and as the subject placeholder.
    const pointed = context.previous !== undefined && r.masked.some((st) => pointerStems.has(st));
    const predicted = pointed ? averaged(model.predict(r.masked), model.predict(r.masked.map((st) => (pointerStems.has(st) ? SUBJECT : st)))) : model.predict(r.masked);
    const previous = previousOf(context.previous);
    const named = namedAspects(words);
    const prediction = namedAspect(predicted, named, previous?.aspect);
    if (!prediction.known) return { intent: NONE, confidence: 1, alternatives: [], ambiguous: false };

    // The aspect asked, and the subjects it is asked of; a follow-up takes what it leaves out from the thread.
    const aspectP = (a: string) => prediction.p[aspectIndex.get(a) ?? -1] ?? 0;
    let aspectProb = aspectP;
    let subjects = normalise(r.subjects);
    if (previous) {
      const content = r.rest.filter((w) => !fillers.has(w));
      if (r.subjects.length > 0 && content.length === 0) {
        // "and offshoring?", "same question for kpo": only a subject and filler words ask the previous aspect of it;
        // "what is reshoring exactly" asks what it is.
        const asked = asksWhatItIs(r.masked) ? 'what' : previous.aspect;
        aspectProb = (a) => (a === asked ? 1 : 0);
      } else if (
        (r.tokens.some((t) => POINTERS.has(t.word)) || content.length <= SHORT_FOLLOW_UP) &&
        // (An unsure off-topic reading leans only when the question names something of sourcing itself.)
        (!OWN_ASPECTS.has(topAspect(prediction.p)) || (Math.max(...prediction.p) < opts.ownAspectConfidence && (topAspect(prediction.p) !== NONE || evidence !== 'thread'))) &&
        !SUBJECT_ASPECTS.has(previous.aspect) &&
        Math.max(...prediction.p) < opts.confidentAspect &&
        // (Not when the follow-up names another aspect outright: "and what are we protecting against" after managing.)
        !named.some((a) => a !== previous.aspect)
      ) {
        // "what metrics tho", "does that work with a team 8 hours ahead": the thread's aspect weighs in.
        aspectProb = (a) => (1 - opts.threadPrior) * aspectP(a) + (a === previous.aspect ? opts.threadPrior : 0);
      }
      // "which is cheaper tho" after a comparison: the same comparison, asked on one point.
      // (Not a request for a decision: "which is cheaper for us, should we…" starts one.)
      if (previous.aspect === 'difference' && r.subjects.length === 0 && comparisonWords.has(words) && !decisionCues.has(words)) aspectProb = (a) => (a === 'difference' ? 1 : 0);
      // "and the opposite?": the opposite of the thread's subject, same aspect unless another is asked.
      const opposite = previous.subject ? lexicon.opposites[previous.subject] : undefined;
      if (opposite && r.subjects.length === 0 && oppositeWords.has(words)) {
        subjects = [opposite];
        if (content.every((w) => fillers.has(w) || oppositeWordSet.has(w))) aspectProb = (a) => (a === 'what' ? 1 : 0);
      }
      // A follow-up that names the thread's subject and another asks about the other ("so if the bpo is in manila,
      // that's offshore outsourcing?" after BPO).
      if (previous.subject && subjects.length > 1 && subjects[0] === previous.subject) subjects = [...subjects.slice(1), previous.subject];
      let best = '';
      let bestP = -1;
      for (const a of model.labels) if (aspectProb(a) > bestP) [best, bestP] = [a, aspectProb(a)];
      if (previous.subject && SUBJECT_ASPECTS.has(best)) {
        if (subjects.length === 0) subjects = [previous.subject];
        else if (best === 'difference' && !subjects.includes(previous.subject)) subjects = normalise([...r.subjects, previous.subject]);
      }
    } else if (context.subjects?.length && subjects.every((s) => GENERIC.has(s) || s === 'both') && !context.subjects.every((s) => GENERIC.has(s) || s === 'both')) {
      // A clause that names no subject, or only generic ones, takes the message's more specific subjects
      // ("freelance developer abroad, outsourcing or offshoring?" asks about freelancers).
      subjects = [...context.subjects];
    } else if (subjects.length === 0 && context.subjects?.length) {
      // A clause that names no subject takes the message's.
      subjects = [...context.subjects];
    }

    // Each intent: the best of its covers, P(aspect) × subject fit; words never seen pull confidence down.
    // Words never seen pull confidence down, less so when a subject word says the question is about sourcing.
    const damp = 1 - prediction.unknownShare * (r.strong ? opts.strongUnknownFactor : 1);
    const directP = direct?.predict(stems).p;
    const w = opts.intentWeight;
    const factored = intents
      .filter((i) => i !== NONE)
      .map((intent) => {
        let s = 0;
        for (const c of covers[intent]!) s = Math.max(s, aspectProb(c.aspect) * fit(c, subjects));
        return { intent, s };
      });
    // The whole-intent model reorders (geometric blend), but confidence keeps the factored scores' total, so the
    // thresholds mean the same with or without it.
    const blended = factored.map(({ intent, s }) => ({ intent, b: directP ? s ** (1 - w) * (directP[directIndex.get(intent) ?? -1] ?? 0) ** w : s }));
    const totalS = factored.reduce((n, x) => n + x.s, 0);
    const totalB = blended.reduce((n, x) => n + x.b, 0) || 1;
    const scored = blended
      .map(({ intent, b }) => ({ intent, confidence: Math.min(1, (b / totalB) * totalS) * damp }))
      .sort((a, b) => b.confidence - a.confidence || (a.intent < b.intent ? -1 : 1));
    const noneScore = aspectProb(NONE);
    // In a follow-up, the answer just given is not given again for another aspect of it ("risks?" after "what is
    // BPO" gets the risks of outsourcing, the broader subject's topic, rather than the BPO answer once more).
    if (previous && context.previous && scored[0]?.intent === context.previous) {
      const own = covers[context.previous]![0]!.aspect;
      const asked = topAspectOf(aspectProb);
      if (asked !== own) {
        const i = scored.findIndex((x) => x.intent !== context.previous && covers[x.intent]!.some((c) => c.aspect === asked));
        if (i > 0) scored.unshift(...scored.splice(i, 1));
      }
    }

    // A greeting or thanks around a real question ("hi! what is bpo? thanks", "hey bot what is outsourcing") is not a
    // greeting; a subject word named is evidence enough for a less confident topic.
    if (social.has(scored[0]!.intent) && hasDomain) {
      const topical = scored.find((s) => !social.has(s.intent));
      if (topical && topical.confidence >= (evidence === 'strong' ? opts.domainThreshold : opts.threshold)) {
        scored.splice(scored.indexOf(topical), 1);
        scored.unshift(topical);
      }
    }
    const best = scored[0]!;
    /** The aspect an intent was scored by: its cover that fits the question best. */
    const aspectFor = (intent: string): string =>
      covers[intent]!.reduce((a, c) => (aspectProb(c.aspect) * fit(c, subjects) > aspectProb(a.aspect) * fit(a, subjects) ? c : a)).aspect;
    // A sourcing word used in another sense (offshore wind): each of its domain words is a term of a sense whose cue
    // the question says ("nearshore vs offshore fishing" uses both words of the sea).
    // A cue said to set the other sense aside ("not the oil rig kind", "not kpi") does not count.
    const saidOf = (s: (typeof senses)[number]) => s.cues.find(words).some((m) => setAsideAt(words, m.start) < 0);
    const inOtherSense = senses.filter((s) => stems.some((st) => s.terms.has(st)) && saidOf(s));
    const otherSense = inOtherSense.length > 0 && !stems.some((st) => domain.some((d) => st.startsWith(d)) && !inOtherSense.some((s) => s.terms.has(st)));
    const topical = scored.find((x) => !social.has(x.intent))!;
    // A gap applies unless the question is confidently about something the articles do cover ("does outsourcing
    // lower wages" names wages, and is about jobs), or asks for a decision in so many words ("…under gdpr, what do you
    // recommend") or confidently ("should we offshore support? gdpr matters to us").
    const gap =
      hasDomain && !otherSense && !(topical.intent === DECIDE_INTENT && decisionCues.has(words))
        ? gaps.find((g) => (g.cues.has(words) || (g.placePairs && placesSetApart(words))) && (g.closest.includes(topical.intent) || topical.confidence < opts.coveredConfidence))
        : undefined;
    const tooUnsure =
      evidence === 'strong'
        ? best.confidence < opts.domainThreshold || noneScore > best.confidence * opts.domainNoneFactor
        : evidence === 'weak'
          ? best.confidence < opts.threshold || noneScore > best.confidence
          : evidence === 'thread'
            ? best.confidence < opts.threadThreshold || noneScore > best.confidence
            : noneScore > best.confidence || best.confidence < (social.has(best.intent) ? opts.domainlessThreshold : opts.topicWithoutDomainThreshold);
    const rejected = otherSense || (!gap && tooUnsure);
    if (rejected) {
      // Best first (a topic moved ahead of small talk above may be the less confident of the two).
      const suggestions = scored
        .slice(0, 3)
        .filter((a) => a.confidence >= opts.threshold / 3)
        .sort((a, b) => b.confidence - a.confidence)
        .map((a) => ({ intent: a.intent, confidence: round(a.confidence) }));
      return { intent: NONE, confidence: round(Math.max(noneScore, 1 - best.confidence)), alternatives: suggestions, ambiguous: false, offTopic: noneScore, ...(otherSense ? { otherSense } : {}) };
    }
    if (gap) {
      // Keep the answer when it is one of the closest topics; otherwise the best scored of them.
      const pick = gap.closest.includes(topical.intent) ? topical : (scored.find((s) => gap.closest.includes(s.intent)) ?? topical);
      const alternatives = gap.closest.filter((c) => c !== pick.intent).map((intent) => ({ intent, confidence: round(scored.find((s) => s.intent === intent)?.confidence ?? 0) }));
      return { intent: pick.intent, confidence: round(pick.confidence), alternatives, ambiguous: false, uncovered: { gap: gap.id }, aspect: aspectFor(pick.intent) };
    }
    const alternatives = scored
      .slice(1, 4)
      .filter((a) => a.confidence >= best.confidence * opts.alternativeRatio && a.confidence >= opts.threshold)
      .map((a) => ({ intent: a.intent, confidence: round(a.confidence) }));
    const ambiguous = alternatives.length > 0 && best.confidence - alternatives[0]!.confidence < opts.ambiguityMargin;
    return { intent: best.intent, confidence: round(best.confidence), alternatives, ambiguous, aspect: aspectFor(best.intent) };
  }

  /**
   * The part of the answer a question asks for: a section for the aspect read, when that is not the intent's own
   * ("why reshore" asks the benefits part of onshoring), else one whose cue words it uses ("which costs less").
   */
  function withSection(m: MatchResult, text: string): MatchResult {
    const entry = sectionCues.get(m.intent);
    if (!entry || m.intent === NONE) return m;
    const own = covers[m.intent]?.[0]?.aspect;
    const said = new Set(entry.cues.find(analyser.tokens(text).map((t) => t.stem)).map((h) => h.value));
    const byAspect = (x: SectionCue) => m.aspect !== undefined && m.aspect !== own && x.aspects.includes(m.aspect);
    const pick = entry.list.find((x) => byAspect(x) && said.has(x.id)) ?? entry.list.find(byAspect) ?? entry.list.find((x) => said.has(x.id));
    return pick ? { ...m, section: pick.id } : m;
  }

  function match(text: string, context: MatchContext = {}): MatchResult {
    const m = matchMessage(text, context);
    return m.intent === NONE ? m : withSection(m, text);
  }

  /** Whether words are nothing but openers ("ok", "good to know"), or none at all. */
  const openedBy = (words: readonly string[]) => openersEnd(words) === words.length;

  /** Where the greetings and openers a message starts with end (0 when it starts with none). */
  function openersEnd(words: readonly string[]): number {
    let at = 0;
    for (let o = openerAt(words, at); o; o = openerAt(words, at)) at += o.length;
    return at;
  }
  const openerAt = (words: readonly string[], at: number) => (at < words.length ? openers.find((p) => p.length > 0 && p.every((w, j) => words[at + j] === w)) : undefined);

  /** A message read as small talk that opens with greetings ("hey bot what is bpo"): the question after them, if it is one. */
  function afterOpeners(text: string, context: MatchContext, asSmallTalk: MatchResult): MatchResult {
    const tokens = analyser.tokens(text).map((t) => t.word);
    const at = openersEnd(tokens);
    if (at === 0 || at >= tokens.length) return asSmallTalk;
    const { otherSense: _sense, offTopic: _offTopic, ...rest } = matchOne(tokens.slice(at).join(' '), context);
    return rest.intent !== NONE && !social.has(rest.intent) ? rest : asSmallTalk;
  }

  function matchMessage(text: string, context: MatchContext): MatchResult {
    // "tell me more", "more examples?": the answer just given, again.
    if (context.previous && covers[context.previous] && context.previous !== NONE && moreRequests.has(analyser.tokens(text).map((t) => t.word).join(' '))) {
      return { intent: context.previous, confidence: 1, alternatives: [], ambiguous: false, more: true };
    }
    // "unrelated: when is the next payroll run": what follows the word is read without the thread; off-topic there is
    // off-topic.
    const tokens = analyser.tokens(text).map((t) => t.word);
    // Only small talk may come before it ("ok thanks. unrelated: …"; not "whats kpo btw, saw it mentioned").
    const marker = [...offTopicMarkers.find(tokens).map((m) => ({ ...m, aside: false })), ...asideMarkers.find(tokens).map((m) => ({ ...m, aside: true }))]
      .sort((a, b) => a.start - b.start)
      .filter((m) => m.start <= OFF_TOPIC_MARKER_REACH && m.end < tokens.length && (openedBy(tokens.slice(0, m.start)) || social.has(matchOne(tokens.slice(0, m.start).join(' '), {}).intent)));
    if (context.previous && marker.length > 0) {
      // (Only what is off-topic in itself: "btw, how long does it take to set up?" points back at the thread.)
      const rest = tokens.slice(marker[0]!.end);
      const { otherSense: _sense, offTopic, ...aside } = matchOne(rest.join(' '), {});
      if (aside.intent === NONE && !rest.some((w) => POINTERS.has(w)) && (!marker[0]!.aside || (offTopic ?? 0) >= opts.offTopicClause)) return aside;
    }
    const { otherSense, offTopic, ...opened } = matchOne(text, context);
    // Without the greetings and "ok, so" it opens with, a message may read more clearly ("ok but why would a company
    // even do that"): that reading counts when the whole reads as small talk, or less surely.
    const after = afterOpeners(text, context, opened);
    const whole = after !== opened && (social.has(opened.intent) || after.confidence > opened.confidence) ? after : opened;
    // Offshore wind stays off-topic, whichever clause of the message asks the question; so does a message that reads
    // as off-topic as a whole; and a confident whole needs no clause.
    if (otherSense || (offTopic ?? 0) > opts.clauseRescueLimit) return whole;
    const clauses = text
      .slice(0, MAX_MATCH_CHARS)
      // A full stop ends a clause after a word, not after a dotted acronym's letter ("b.p.o. meaning?", "e.g. payroll").
      .split(/(?<=[?!;,]|[\p{L}\p{N}]{2}\.)\s+|\s+-\s+|\n+/u)
      .map((c) => c.trim())
      .filter((c) => c.length >= 3);
    if (clauses.length < 2 || clauses.length > 6) return whole;
    let best = whole;
    let offTopicClause: MatchResult | undefined;
    const score = (m: MatchResult) => (m.intent === NONE ? 0 : m.confidence);
    const subjects = normalise(read(text).subjects);
    for (const clause of clauses) {
      const { otherSense: _sense, offTopic, ...m } = matchOne(clause, { ...context, subjects });
      if (m.intent === NONE && (offTopic ?? 0) >= opts.offTopicClause) offTopicClause ??= m;
      if (m.intent === NONE || social.has(m.intent)) continue;
      const asks = /\?\s*$/.test(clause);
      // A confident reading of the whole gives way only to a clause that asks the question ("…; what is reshoring?").
      if (!asks && whole.intent !== NONE && !social.has(whole.intent) && whole.confidence >= opts.confidentWhole) continue;
      if (score(m) + (asks ? opts.questionClauseBonus : 0) > score(best)) best = m;
    }
    // Thanks and then something else entirely ("ok thanks. unrelated: anyone know a good dentist") is not small talk.
    if (best === whole && social.has(whole.intent) && offTopicClause) return offTopicClause;
    return best;
  }

  return {
    match,
    trained: () => [first, model, ...(direct ? [direct] : [])].map((m) => m.trained()),
    analyse: (text) => read(text).masked,
    subjects: (text) => normalise(read(text).subjects),
    aspects(text) {
      const { p } = model.predict(read(text).masked);
      return model.labels.map((aspect, i) => ({ aspect, p: round(p[i]!) })).sort((a, b) => b.p - a.p);
    },
  };
}
