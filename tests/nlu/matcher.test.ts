/**
 * The intent matcher, trained on the real catalogue: questions as people type them in Slack map to the
 * intent they expect, off-topic questions map to `none`, and the result is deterministic and bounded.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue, matcherContent, type Catalogue } from '../../src/knowledge/load.js';
import { createMatcher, type Matcher, type MatchResult } from '../../src/nlu/matcher.js';
import { MAX_MATCH_CHARS } from '../../src/nlu/text.js';

let catalogue: Catalogue;
let matcher: Matcher;

beforeAll(() => {
  catalogue = loadCatalogue();
  matcher = createMatcher(matcherContent(catalogue));
});

/** [question, expected intent, what the case is about]. */
const QUESTIONS: ReadonlyArray<readonly [string, string, string]> = [
  // Case, punctuation and spacing
  ['WHAT IS OFFSHORING', 'define-offshoring', 'all capitals'],
  ['What is offshoring???', 'define-offshoring', 'repeated question marks'],
  ['   what   is    offshoring   ', 'define-offshoring', 'extra spaces'],
  ['OUTSOURCING VS OFFSHORING!!!', 'compare', 'capitals and exclamation marks'],
  ['what is outsourcing.', 'define-outsourcing', 'a full stop'],
  ['ｗｈａｔ ｉｓ ｏｆｆｓｈｏｒｉｎｇ', 'define-offshoring', 'full-width letters'],
  // Emoji and :emoji: codes
  ['what is offshoring 🤔', 'define-offshoring', 'an emoji'],
  ['what is offshoring :thinking_face:', 'define-offshoring', 'an :emoji: code'],
  ['what is offshoring 👍🏽', 'define-offshoring', 'an emoji with a skin tone'],
  ['what is bpo 🙏', 'define-bpo', 'a pleading emoji'],
  ['hello :wave:', 'greeting', 'a wave code'],
  ['👋', 'greeting', 'a wave emoji alone'],
  // Slack markup
  ['<@U123> what is outsourcing', 'define-outsourcing', 'a bot mention prefix'],
  ['Hey <@U0123ABC>, can you explain what offshoring is?', 'define-offshoring', 'a mention inside the sentence'],
  ['<!channel> outsourcing vs offshoring', 'compare', 'a <!channel> mention'],
  ['what is *offshoring*', 'define-offshoring', 'bold'],
  ['what is _outsourcing_', 'define-outsourcing', 'italics'],
  ['what is offshoring <https://example.com/offshoring>', 'define-offshoring', 'a bare link'],
  ['what is <https://en.wikipedia.org/wiki/Offshoring|offshoring>', 'define-offshoring', 'a labelled link'],
  ['check <https://example.com/a|this> what is outsourcing', 'define-outsourcing', 'a labelled link before the question'],
  // Typos
  ['what is outsorcing', 'define-outsourcing', 'outsorcing'],
  ['what is offshorring', 'define-offshoring', 'offshorring'],
  ['what is ofshoring', 'define-offshoring', 'ofshoring'],
  ['offshorring risks', 'challenges-offshoring', 'a typo in a short question'],
  ['outsorcing benefits', 'benefits-outsourcing', 'a typo before the topic word'],
  ['what is nearshorng', 'define-nearshoring', 'nearshorng'],
  // Abbreviations
  ['what is BPO', 'define-bpo', 'BPO in capitals'],
  ['what does kpo mean', 'define-kpo', 'KPO in lower case'],
  ['KPO?', 'define-kpo', 'the abbreviation alone'],
  // Hyphenation
  ['what is off-shore outsourcing', 'define-offshore-outsourcing', 'off-shore'],
  ['off-shoring vs outsourcing', 'compare', 'off-shoring'],
  ['what is out-sourcing', 'define-outsourcing', 'out-sourcing'],
  ['what is out sourcing', 'define-outsourcing', 'out sourcing as two words'],
  ['what is on-shoring', 'define-onshoring', 'on-shoring'],
  ['what is near-shoring', 'define-nearshoring', 'near-shoring'],
  ['advantages of off-shore teams', 'benefits-offshoring', 'off-shore as an adjective'],
  // Verb forms
  ['what does it mean to outsource', 'define-outsourcing', 'outsource'],
  ['what does outsourced mean', 'define-outsourcing', 'outsourced'],
  ['what is outsourcing?', 'define-outsourcing', 'outsourcing'],
  ['what does offshored mean', 'define-offshoring', 'offshored'],
  ['why do companies outsource work', 'benefits-outsourcing', 'outsource in a why question'],
  // vs / versus / or
  ['outsourcing vs offshoring', 'compare', 'vs'],
  ['outsourcing versus offshoring', 'compare', 'versus'],
  ['offshoring vs. outsourcing', 'compare', 'vs. with a dot'],
  ['offshoring or outsourcing?', 'compare', 'or'],
  ['outsourcing or offshoring?', 'compare', 'or, in the other word order'],
  ['offshoring or outsourcing which is cheaper', 'compare', 'or, with a follow-up'],
  ['what is the difference between outsourcing and offshoring', 'compare', 'difference between'],
  // Long sentences with context around the question
  ['Sorry if this is a dumb question, but what is the difference between outsourcing and offshoring? I always mix them up', 'compare', 'an apology around the question'],
  ['quick q for the channel — we are about to sign with a vendor in Manila, how do we keep quality high with an outsourced team?', 'manage-risks', 'context before the question'],
  ['I keep hearing about factories coming home, what is reshoring?', 'define-onshoring', 'a remark before the question'],
  ['we are a small agency and thinking about our finances, what are the benefits of outsourcing for a company like ours', 'benefits-outsourcing', 'a long benefits question'],
  ['outsourcing vs offshoring, which is cheaper for a 10 person startup in Berlin?', 'compare', 'details after the question'],
  // The other topics
  ['should we outsource our helpdesk?', 'interview-start', 'a decision for our company'],
  ['what should we consider before offshoring', 'decision-factors', 'decision factors'],
  ['how do I choose an outsourcing vendor', 'manage-risks', 'choosing a vendor'],
  ['risks of offshoring', 'challenges-offshoring', 'risks'],
  ['what are the downsides of outsourcing', 'challenges-outsourcing', 'downsides'],
  ['is offshoring bad for jobs', 'jobs-impact', 'jobs'],
  ['future of offshoring', 'future-trends', 'the future'],
  ['what functions are usually outsourced', 'common-functions', 'functions'],
  ['examples of outsourcing', 'examples', 'examples'],
  ['freelancer vs agency', 'define-freelancing', 'freelancing'],
  ['what is reshoring', 'define-onshoring', 'reshoring'],
  ['help', 'help', 'help'],
  ['what can you do', 'help', 'what the bot does'],
  ['thanks!', 'greeting', 'thanks'],
];

const OUT_OF_SCOPE: readonly string[] = [
  "what's the weather like today",
  'what is shoring in construction',
  'tell me a joke',
  'tell me a funny joke',
  'how do I cook pasta',
  'how do offshore oil rigs work',
  'what is the capital of france',
  'who won the game last night',
  'play a song',
];

/** Context around a question, handled by matching each clause and by not letting a greeting outweigh a question. */
const CONTEXT_QUESTIONS: ReadonlyArray<readonly [string, string]> = [
  ['what is offshoring, I read about it in the news', 'define-offshoring'],
  ['Hi there! what does offshoring mean? thanks', 'define-offshoring'],
  ['I saw in the news today that many factories are moving back; what is reshoring?', 'define-onshoring'],
];

describe('matching questions to intents', () => {
  it('has a table of at least 30 questions', () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(30);
    for (const [, intent] of QUESTIONS) expect(catalogue.intents.has(intent), intent).toBe(true);
  });

  it.each(QUESTIONS)('maps %j to %s (%s)', (question, intent) => {
    expect(matcher.match(question).intent).toBe(intent);
  });

  it.each(CONTEXT_QUESTIONS)('finds the question in %j (%s)', (question, intent) => {
    expect(matcher.match(question).intent).toBe(intent);
  });

  it('recognises every one of its own training examples', () => {
    const wrong: string[] = [];
    for (const intent of catalogue.intents.values()) {
      for (const example of intent.examples) {
        const got = matcher.match(example).intent;
        if (got !== intent.id) wrong.push(`${JSON.stringify(example)}: ${intent.id} -> ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('rejecting questions that are out of scope', () => {
  it.each(OUT_OF_SCOPE)('answers %j with none', (question) => {
    expect(matcher.match(question).intent).toBe('none');
  });

  it('never suggests none itself as an alternative', () => {
    for (const question of OUT_OF_SCOPE) {
      expect(matcher.match(question).alternatives.map((a) => a.intent)).not.toContain('none');
    }
  });
});

describe('edge cases', () => {
  it.each(['', ' ', '   \n\t  ', '???', '<@U123>', '<!channel>'])('answers %j with none, without throwing', (input) => {
    const result = matcher.match(input);
    expect(result).toEqual({ intent: 'none', confidence: 1, alternatives: [], ambiguous: false });
  });

  it('reads only the first MAX_MATCH_CHARS characters of a 100 KB message, and answers quickly', () => {
    const huge = 'what is outsourcing? '.repeat(5000);
    expect(huge.length).toBeGreaterThan(100_000);
    const started = performance.now();
    const result = matcher.match(huge);
    const elapsed = performance.now() - started;
    expect(result).toEqual(matcher.match(huge.slice(0, MAX_MATCH_CHARS)));
    expect(result.intent).toBe('define-outsourcing');
    expect(elapsed).toBeLessThan(1000);
  });

  it('does not throw on 100 KB of one unbroken word', () => {
    const started = performance.now();
    expect(matcher.match('x'.repeat(100_000)).intent).toBe('none');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('determinism', () => {
  it('gives the same result for the same question twice', () => {
    for (const [question] of QUESTIONS) expect(matcher.match(question)).toEqual(matcher.match(question));
  });

  it('gives the same results from two matchers built from the same catalogue', () => {
    const other = createMatcher(matcherContent(loadCatalogue()));
    const questions = [...QUESTIONS.map(([q]) => q), ...OUT_OF_SCOPE];
    expect(questions.map((q) => other.match(q))).toEqual(questions.map((q) => matcher.match(q)));
  });
});

describe('the shape of a result', () => {
  const checkShape = (result: MatchResult): void => {
    expect(result.confidence).toBeGreaterThanOrEqual(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.alternatives.length).toBeLessThanOrEqual(3);
    expect(result.alternatives.map((a) => a.intent)).not.toContain(result.intent);
    for (const a of result.alternatives) {
      expect(catalogue.intents.has(a.intent)).toBe(true);
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
    }
    const confidences = result.alternatives.map((a) => a.confidence);
    expect(confidences).toEqual([...confidences].sort((x, y) => y - x));
    expect(catalogue.intents.has(result.intent)).toBe(true);
  };

  it('keeps confidence in [0, 1] and at most 3 alternatives, never the chosen intent, for the table', () => {
    for (const [question] of QUESTIONS) checkShape(matcher.match(question));
    for (const question of OUT_OF_SCOPE) checkShape(matcher.match(question));
  });

  it('keeps the same guarantees for arbitrary text', () => {
    const vocabulary = ['outsourcing', 'offshoring', 'vs', 'or', 'what', 'is', 'bpo', 'risks', 'benefits', 'hi', '<@U1>', ':wave:', '🤔', 'weather', 'the', '?'];
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom(...vocabulary), { maxLength: 20 }).map((w) => w.join(' '))),
        (text) => {
          checkShape(matcher.match(text));
        },
      ),
      { numRuns: 300, seed: 20240601 },
    );
  });

  it('marks a match ambiguous only when it offers an alternative', () => {
    for (const [question] of QUESTIONS) {
      const result = matcher.match(question);
      if (result.ambiguous) expect(result.alternatives.length).toBeGreaterThan(0);
    }
  });
});

describe('analyse', () => {
  it('shows the corrected stems the model sees, each subject mention masked by one placeholder', () => {
    expect(matcher.analyse('What is OUTSORCING?')).toEqual(matcher.analyse('what is outsourcing'));
    expect(matcher.analyse('off-shore vs outsourcing')).toEqual(['§', 'versu', '§']);
    expect(matcher.subjects('off-shore vs outsourcing')).toEqual(['both']);
  });
});

describe('subjects and aspects', () => {
  it.each([
    ['could you tell me a bit about outsourcing', 'define-outsourcing', '"tell me about X" is the definition of X'],
    ['b.p.o. meaning?', 'define-bpo', 'a dotted acronym'],
    ['is it cheaper to offshore', 'benefits-offshoring', 'a cost question is about the benefits'],
    ['is offshoring one kind of outsourcing', 'compare', 'how the two relate'],
    ['our offshore team keeps clashing with us culturally, why', 'challenges-offshoring', 'culture clashes are a challenge, not a reason'],
    ['what are the risks of using a vendor in manila', 'challenges-offshoring', 'a provider in a place abroad is offshore outsourcing'],
    ['is kpo like bpo but for brainy work', 'define-kpo', 'the first subject named weighs most'],
  ])('reads %j as %s (%s)', (question, intent) => {
    expect(matcher.match(question).intent).toBe(intent);
  });

  it('names the subjects a question is about, most specific first', () => {
    expect(matcher.subjects('is bpo a kind of outsourcing')).toEqual(['bpo']);
    expect(matcher.subjects('outsourcing vs offshoring')).toEqual(['both']);
    expect(matcher.subjects('we hired a vendor in india')).toEqual(['offshore-outsourcing']);
    expect(matcher.subjects('what is offshoring')).toEqual(['offshoring']);
  });

  it('reads the aspect across subjects, so an aspect learned for one subject is read for another', () => {
    for (const subject of ['outsourcing', 'offshoring', 'nearshoring', 'bpo']) expect(matcher.aspects(`what are the pitfalls of ${subject}`)[0]!.aspect).toBe('risks');
  });
});

describe('look-alike questions', () => {
  it.each([
    'offshore versus onshore wind farms',
    'captive insurance',
    'onshore drilling rigs',
    'how do i shore up a retaining wall',
    'is bpo gel good for acne',
    "i'm a freelancer, what should i charge per hour",
    'i outsourced my memory to my phone lol',
    'is it worth opening an offshore bank account',
    'is offshore health insurance worth it for expats',
    'offshore powerboat racing results',
    'how do I bill my freelance hours to a client in germany',
    'kpop merch, where do i buy it',
    'offshore yachtmaster course recommendations',
  ])('rejects %j: a sourcing word in another sense', (question) => {
    expect(matcher.match(question).intent).toBe('none');
  });
});

describe('questions the articles do not cover', () => {
  it.each([
    ['gdpr when offshoring support', 'data-protection', ['challenges-offshoring', 'manage-risks', 'challenges-outsourcing']],
    ['how much does nearshoring cost', 'figures', ['benefits-offshoring', 'benefits-outsourcing', 'decision-factors']],
    ['how do i write an rfp for an outsourcing vendor', 'contracts', ['manage-risks', 'challenges-outsourcing']],
    ['gdpr issues if we move our helpdesk to a partner in cebu?', 'data-protection', ['challenges-offshoring', 'manage-risks', 'challenges-outsourcing']],
    ['transfer pricing for our offshore subsidiary?', 'country-law', ['challenges-offshoring', 'challenges-outsourcing']],
    ["what's an employer of record", 'country-law', ['challenges-offshoring', 'challenges-outsourcing']],
    ['support team costs in kenya vs egypt?', 'countries', ['benefits-offshoring', 'decision-factors']],
  ])('marks %j as not covered (%s) and answers with a closest topic', (question, gap, closest) => {
    const m = matcher.match(question);
    expect(m.uncovered?.gap).toBe(gap);
    expect(closest).toContain(m.intent);
  });

  it('starts a decision asked for confidently, even when the request names a gap word', () => {
    const m = matcher.match("should we offshore our support? we're a fintech and gdpr matters");
    expect(m.intent).toBe('interview-start');
    expect(m.uncovered).toBeUndefined();
  });

  it('reads a question without the other sense it sets aside, so those words do not make it off-topic', () => {
    expect(matcher.match('what is off-shoring? (not the oil rig kind lol)').intent).toBe('define-offshoring');
    expect(matcher.match('offshore wind, not outsourcing').intent).toBe('none');
    // A "thing" or "stuff" after the other sense is set aside with it.
    expect(matcher.match('what does offshoring mean for a company (not the oil rig thing)').intent).toBe('define-offshoring');
  });

  it('reads "is X a type of Y" as what X is, when X is the more specific subject', () => {
    expect(matcher.match('is kpo a kind of outsourcing').intent).toBe('define-kpo');
    expect(matcher.match('are contractors just a form of outsourcing?').intent).toBe('define-freelancing');
  });

  it('does not read a question that sets the other sense aside as off-topic ("not the oil rig kind")', () => {
    expect(matcher.match('explain offshoring pls, not the oil rig kind lol').intent).toBe('define-offshoring');
    expect(matcher.match('offshore oil rig jobs?').intent).toBe('none');
    expect(matcher.match('why not keep my savings offshore').intent).toBe('none');
  });

  it('starts a decision asked for in so many words, even when the request names a gap', () => {
    const m = matcher.match('we are thinking of outsourcing payroll under gdpr, what do you recommend');
    expect(m.intent).toBe('interview-start');
    expect(m.uncovered).toBeUndefined();
  });

  it('does not mark a question about a covered topic that happens to name a gap word', () => {
    const m = matcher.match('does outsourcing lower wages');
    expect(m.intent).toBe('jobs-impact');
    expect(m.uncovered).toBeUndefined();
  });
});

describe('how questions are written', () => {
  it('reads "&" between two subjects as "and", not as offshore outsourcing', () => {
    expect(matcher.match('how do offshoring & outsourcing differ').intent).toBe('compare');
  });

  it('reads an aspect named outright over the one the wording suggests', () => {
    expect(matcher.match('what kind of thing is business process outsourcing').intent).toBe('define-bpo');
    expect(matcher.match('does coca cola outsource anything').intent).toBe('examples');
    expect(matcher.match('how to not screw up offshoring').intent).toBe('manage-risks');
    expect(matcher.match('what usually goes wrong with bpo').intent).toBe('challenges-outsourcing');
    expect(matcher.match('how do we minimise the risks of nearshoring').intent).toBe('manage-risks');
    expect(matcher.match('which bits of a company usually get outsourced').intent).toBe('common-functions');
    // …and over any reading less sure than unsureAspect.
    expect(matcher.match('convince me offshoring is worth it').intent).toBe('benefits-offshoring');
    // Help stays help though it names problems.
    expect(matcher.match('how do i report problems with this app').intent).toBe('help');
  });

  it('reads the key words of a question asked in Portuguese', () => {
    expect(matcher.match('quais as vantagens de terceirizar?').intent).toBe('benefits-outsourcing');
  });
});

describe('greetings around a question', () => {
  it('answers the question when a greeting opens it without punctuation ("hey bot what is outsourcing")', () => {
    expect(matcher.match('hey bot what is outsourcing').intent).toBe('define-outsourcing');
    expect(matcher.match('hi there whats offshoring').intent).toBe('define-offshoring');
    expect(matcher.match('hey bot').intent).toBe('greeting');
  });
});

describe('follow-ups in a thread', () => {
  it.each([
    ['define-offshoring', 'and what are the risks then?', 'challenges-offshoring', 'the subject comes from the thread'],
    ['challenges-outsourcing', 'same question for offshoring', 'challenges-offshoring', 'the aspect comes from the thread'],
    ['define-onshoring', 'why do companies do that?', 'benefits-outsourcing', 'a pointer back: not rejected, not the same answer again'],
    ['define-outsourcing', 'got an example?', 'examples', 'a new aspect'],
    ['define-nearshoring', "and what's kpo?", 'define-kpo', 'a new question altogether'],
    ['examples', 'more examples?', 'examples', 'more of the same'],
    ['define-outsourcing', 'how is that different from offshoring', 'compare', 'a difference with the thread subject'],
    ['define-offshoring', 'thanks!', 'greeting', 'small talk stays small talk'],
    ['compare', 'can they happen together', 'compare', '"they" points at the thread\'s subjects'],
    ['manage-risks', 'does that apply to offshore teams too', 'manage-risks', 'the thread\'s aspect, asked of another subject'],
    ['examples', 'another one?', 'examples', 'one more of the same'],
    ['define-bpo', 'so if the bpo sits in manila and we are in sydney, is that offshore outsourcing?', 'define-offshore-outsourcing', 'the new subject, not the thread\'s'],
    ['define-nearshoring', 'and when it is really far away?', 'define-offshoring', 'far away is abroad'],
    ['define-outsourcing', 'ok but why would a company even do that', 'benefits-outsourcing', '"ok but" opens it and says nothing'],
    ['define-freelancing', 'what are the risks of using them', 'challenges-outsourcing', 'an aspect named outright is not read as "what is"'],
    ['define-bpo', 'why would a company use one', 'benefits-outsourcing', '"why would a company" names the benefits outright'],
    ['compare', 'so which should we do', 'interview-start', '"which should we" asks for a decision, not what to consider'],
    ['future-trends', 'what is reshoring exactly', 'define-onshoring', '"what is X" asks what X is, whatever the thread was about'],
    ['future-trends', 'and reshoring?', 'future-trends', 'a subject alone asks the thread\'s question of it'],
    ['common-functions', 'what about hr?', 'common-functions', 'a question read only unsurely as help leans on the thread'],
    ['define-outsourcing', "ok cool. unrelated but what's for lunch", 'none', 'thanks and then something off-topic is off-topic'],
    ['jobs-impact', "ok enough politics, who's up for coffee", 'none', '"enough politics" changes the subject'],
    ['compare', 'which is cheaper tho', 'compare', 'a comparative after a comparison asks the same comparison'],
    ['define-bpo', 'which processes exactly', 'common-functions', '"which processes" names the functions outright'],
    ['jobs-impact', 'what about the weather there', 'none', 'an unsure off-topic reading with no sourcing word does not lean on the thread'],
    ['define-outsourcing', 'interesting, thx', 'greeting', 'thanks with a word the model does not know stays small talk'],
    ['challenges-outsourcing', 'so why do people still do it', 'benefits-outsourcing', '"why do people" asks why companies do it'],
    ['challenges-offshoring', 'unrelated: when is the next payroll run', 'none', 'what follows "unrelated" is read without the thread'],
    ['challenges-offshoring', 'btw what is kpo', 'define-kpo', 'a sourcing question after "btw" is still answered'],
    ['challenges-outsourcing', 'whats kpo btw, saw it mentioned', 'define-kpo', '"btw" after a question does not set it aside'],
    ['challenges-offshoring', "good to know. btw who's got the big meeting room at 3", 'none', '"btw" after an acknowledgement sets the rest aside'],
    ['future-trends', 'and nearshoring, what is it', 'define-nearshoring', '"X, what is it" asks what X is'],
    ['define-nearshoring', 'by the way, can they work in our time zone?', 'challenges-offshoring', 'an aside that points back at the thread ("they") is a follow-up'],
    ['define-bpo', 'by the way how much does that cost', 'benefits-outsourcing', 'an aside that points back at the thread ("that") is a follow-up'],
    ['define-offshoring', 'why do they do it', 'benefits-offshoring', '"why do they do it" asks why companies do it'],
    ['define-freelancing', "and if it's a whole company instead of one person?", 'define-outsourcing', 'a whole company is an outsourcing provider'],
    ['future-trends', 'could that cost jobs here?', 'jobs-impact', 'an aspect named outright is asked over the thread\'s own'],
    ['manage-risks', 'what could go wrong with an offshore team though', 'challenges-offshoring', 'what could go wrong asks the risks, even after managing them'],
    ['challenges-offshoring', 'what about a local agency?', 'challenges-outsourcing', 'a local provider is outsourcing at home'],
    ['define-offshoring', 'what if a local firm over there runs it', 'define-offshore-outsourcing', 'a local firm "over there" is a provider abroad'],
    ['benefits-offshoring', 'for outsourcing, same reasons?', 'benefits-outsourcing', '"same reasons" asks the thread\'s question of another subject'],
    ['future-trends', 'what does this mean for freelancers', 'future-trends', '"what does this mean for X" asks the thread\'s question of X'],
    ['define-bpo', 'e.g.?', 'examples', '"e.g." asks for an example'],
    ['jobs-impact', 'and why do businesses still do it then', 'benefits-offshoring', 'the jobs answer is about work moving abroad'],
    ['examples', 'why did the telco move it', 'benefits-offshoring', 'the telecom company is the articles\' example of offshoring'],
    ['common-functions', 'can core stuff be outsourced too', 'decision-factors', 'whether core work may leave is a question of what to consider'],
    ['challenges-offshoring', 'is that why firms are bringing work back now', 'future-trends', 'bringing work back now is a trend, not a definition'],
  ])('after %s, reads %j as %s (%s)', (previous, question, intent) => {
    expect(matcher.match(question, { previous }).intent).toBe(intent);
  });

  it('reads "tell me more" as the answer just given, asked for whole', () => {
    expect(matcher.match('tell me more', { previous: 'compare' })).toMatchObject({ intent: 'compare', more: true });
    expect(matcher.match('what is offshoring', { previous: 'compare' }).more).toBeUndefined();
  });

  it('reads the same words differently without a thread', () => {
    expect(matcher.match('and what are the risks then?').intent).not.toBe('challenges-offshoring');
  });
});

describe('the part of an answer a question asks for', () => {
  it.each([
    ['which of the two costs less?', 'compare', 'cost', 'a cue word of a section'],
    ['what is reshoring', 'define-onshoring', 'reshoring', 'a cue word inside a topic that covers it'],
    ['why do companies reshore', 'define-onshoring', 'why', 'the aspect read, which is not the topic\'s own'],
    ['difference between bpo and kpo', 'define-kpo', 'bpo-vs-kpo', 'the difference aspect of a definition'],
    ['what are the downsides of nearshoring', 'define-nearshoring', 'trade-offs', 'the risks aspect'],
    ['examples of offshore outsourcing', 'examples', 'both', 'the longest cue phrase'],
    ['thanks!', 'greeting', 'thanks', 'a small-talk reply'],
    ['thanks bye', 'greeting', 'goodbye', 'the first reply in order when two are said'],
  ])('reads "%s" as %s, part %s (%s)', (question, intent, section) => {
    const m = matcher.match(question);
    expect(m.intent).toBe(intent);
    expect(m.section).toBe(section);
  });

  it.each([
    ['what is onshoring', 'define-onshoring'],
    ["what's the difference between outsourcing and offshoring", 'compare'],
    ['hi', 'greeting'],
  ])('asks for no part in particular with "%s": the short answer comes first', (question, intent) => {
    const m = matcher.match(question);
    expect(m.intent).toBe(intent);
    expect(m.section).toBeUndefined();
  });

  it('returns the aspect it read for the intent it chose, and none for an out-of-scope question', () => {
    expect(matcher.match('what are the risks of offshoring').aspect).toBe('risks');
    expect(matcher.match('what is offshoring').aspect).toBe('what');
    const none = matcher.match("what's the weather like tomorrow");
    expect(none.aspect).toBeUndefined();
    expect(none.section).toBeUndefined();
  });

  it('finds no part when the content names none', () => {
    const bare = createMatcher({ ...matcherContent(catalogue), sections: {} });
    expect(bare.match('which of the two costs less?').section).toBeUndefined();
  });
});

describe('the suggested prompts of the Messages tab (intents/home.yml)', () => {
  it('are each read as the topic they name, so a click on one gets that answer (or starts a decision)', () => {
    const prompts = catalogue.home.prompts!.items;
    expect(prompts.map((p) => p.title)).toEqual(['What is offshoring?', 'Outsourcing vs offshoring', 'Help me decide']);
    for (const p of prompts) expect(matcher.match(p.message).intent, p.message).toBe(p.intent);
  });

  it('include what the Home tab\'s button says: "help me decide" typed alone starts a decision', () => {
    expect(matcher.match('help me decide').intent).toBe('interview-start');
    expect(matcher.match('Help me decide').intent).toBe('interview-start');
  });
});
