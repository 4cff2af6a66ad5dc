/** Typed answers during an interview: what people write in a thread, and what the parser makes of it. */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/knowledge/load.js';
import { findFunction, parseInput as parseWith, suggestedBy } from '../../src/interview/parse.js';

const spec = loadCatalogue().interview;
/** The parser with the answer words of intents/interview/answers.yml. */
const parseInput = (question: Parameters<typeof parseWith>[0], raw: string) => parseWith(question, raw, spec.answers);
const q = (id: string) => spec.question.get(id)!;
const answer = (value: string) => ({ kind: 'answer', value });
const command = (name: string) => ({ kind: 'command', command: name });
const UNKNOWN = { kind: 'unknown' };

describe('parseInput: picking an option', () => {
  it('accepts every option by its button label and by its value, on every question', () => {
    for (const question of spec.questions) {
      for (const o of question.options) {
        expect(parseInput(question, o.label), `${question.id}: ${o.label}`).toEqual(answer(o.value));
        expect(parseInput(question, o.value), `${question.id}: ${o.value}`).toEqual(answer(o.value));
        expect(parseInput(question, o.label.toUpperCase()), `${question.id}: ${o.label.toUpperCase()}`).toEqual(answer(o.value));
      }
    }
  });

  it('accepts an option by its number, as the buttons number them', () => {
    for (const text of ['2', 'option 2', '#2', 'number 2', ' 2 ', '2.']) expect(parseInput(q('budget'), text), text).toEqual(answer('important'));
    expect(parseInput(q('budget'), '1')).toEqual(answer('critical'));
    expect(parseInput(q('budget'), '3')).toEqual(answer('secondary'));
    expect(parseInput(q('function'), '8')).toEqual(answer('logistics'));
  });

  it('does not take a number past the last option as an answer', () => {
    expect(parseInput(q('budget'), '4')).toEqual(UNKNOWN);
    expect(parseInput(q('core'), '3')).toEqual(UNKNOWN);
    expect(parseInput(q('core'), '0')).toEqual(UNKNOWN);
  });

  it('accepts ordinals ("second", "the third one")', () => {
    expect(parseInput(q('budget'), 'second')).toEqual(answer('important'));
    expect(parseInput(q('budget'), 'the second one')).toEqual(answer('important'));
    expect(parseInput(q('budget'), 'third')).toEqual(answer('secondary'));
    expect(parseInput(q('core'), 'first')).toEqual(answer('core'));
    expect(parseInput(q('core'), 'third')).toEqual(UNKNOWN);
  });

  it('understands yes and no in their everyday forms for 24/7 coverage', () => {
    for (const text of ['yes', 'Yes.', 'YES!!!', 'y', 'yeah', 'yep', 'yup', 'sure', 'definitely', 'of course', 'we do']) expect(parseInput(q('coverage'), text), text).toEqual(answer('yes'));
    for (const text of ['no', 'No.', 'n', 'nope', 'nah', 'not really', 'we dont', "we don't"]) expect(parseInput(q('coverage'), text), text).toEqual(answer('no'));
  });

  it('finds a synonym inside a sentence', () => {
    expect(parseInput(q('coverage'), 'we need it 24/7')).toEqual(answer('yes'));
    expect(parseInput(q('coverage'), 'round the clock please')).toEqual(answer('yes'));
    expect(parseInput(q('coverage'), 'business hours only')).toEqual(answer('no'));
    expect(parseInput(q('regulation'), 'we are in healthcare')).toEqual(answer('heavy'));
    expect(parseInput(q('horizon'), 'it is a seasonal thing')).toEqual(answer('short'));
    expect(parseInput(q('control'), 'we want hands-on oversight')).toEqual(answer('high'));
  });

  it('lets the longest phrase win: "not core" is non-core although it contains "core"', () => {
    expect(parseInput(q('core'), 'not core')).toEqual(answer('non-core'));
    expect(parseInput(q('core'), "it's not core to us")).toEqual(answer('non-core'));
    expect(parseInput(q('core'), 'it is core')).toEqual(answer('core'));
    expect(parseInput(q('budget'), "it's very important")).toEqual(answer('critical'));
  });

  it('accepts close spellings of an option', () => {
    expect(parseInput(q('budget'), 'critcal')).toEqual(answer('critical'));
    expect(parseInput(q('budget'), 'secondery')).toEqual(answer('secondary'));
    expect(parseInput(q('regulation'), 'hevy')).toEqual(answer('heavy'));
    expect(parseInput(q('core'), 'non core')).toEqual(answer('non-core'));
    expect(parseInput(q('core'), 'noncore')).toEqual(answer('non-core'));
  });

  it('sees through Slack markup, mentions and emoji around an answer', () => {
    expect(parseInput(q('budget'), '*critical*')).toEqual(answer('critical'));
    expect(parseInput(q('budget'), '_critical_ :fire:')).toEqual(answer('critical'));
    expect(parseInput(q('budget'), '🔥 critical 🔥')).toEqual(answer('critical'));
    expect(parseInput(q('budget'), '<@U123ABC> critical')).toEqual(answer('critical'));
    expect(parseInput(q('coverage'), ':thumbsup: yes')).toEqual(answer('yes'));
    expect(parseInput(q('budget'), '`2`')).toEqual(answer('important'));
  });
});

describe('parseInput: commands', () => {
  it.each([
    ['back', 'back'],
    ['go back', 'back'],
    ['Back!', 'back'],
    ['previous', 'back'],
    ['restart', 'restart'],
    ['start over', 'restart'],
    ['Start over.', 'restart'],
    ['start again', 'restart'],
    ['cancel', 'cancel'],
    ['stop', 'cancel'],
    ['never mind', 'cancel'],
    ['help', 'help'],
    ['?', 'help'],
    ['why do you ask', 'help'],
    ['not sure', 'help'],
  ])('reads "%s" as the command %s, on every question', (text, name) => {
    for (const question of spec.questions) expect(parseInput(question, text), `${question.id}: ${text}`).toEqual(command(name));
  });
});

describe('parseInput: things that are not answers', () => {
  it('leaves a side question unanswered, so it can be answered as a question', () => {
    for (const question of spec.questions) {
      expect(parseInput(question, 'what is offshoring?'), question.id).toEqual(UNKNOWN);
      expect(parseInput(question, 'what are the benefits of offshoring?'), question.id).toEqual(UNKNOWN);
    }
  });

  it('does not read a message of thousands of characters as an answer', () => {
    expect(parseInput(q('regulation'), `heavily regulated ${'and so on '.repeat(300)}`)).toEqual(UNKNOWN);
  });

  it('does not answer from empty input or markup alone', () => {
    for (const text of ['', '   ', ':wave:', '<@U123>', '***']) expect(parseInput(q('budget'), text), JSON.stringify(text)).toEqual(UNKNOWN);
  });

  it('does not pick an option when two are named equally, and asks which of those two', () => {
    expect(parseInput(q('budget'), 'important or secondary')).toEqual({ kind: 'unclear', options: ['important', 'secondary'] });
    expect(parseInput(q('regulation'), 'heavy or light')).toEqual({ kind: 'unclear', options: ['heavy', 'light'] });
  });
});

describe('parseInput: the function question', () => {
  it('accepts a listed function by label, synonym or number', () => {
    expect(parseInput(q('function'), 'Customer support')).toEqual(answer('customer-support'));
    expect(parseInput(q('function'), 'helpdesk')).toEqual(answer('customer-support'));
    expect(parseInput(q('function'), 'payroll')).toEqual(answer('hr-payroll'));
    expect(parseInput(q('function'), '1')).toEqual(answer('customer-support'));
  });

  it('accepts a short free-text name as "other", keeping what was typed as the label', () => {
    expect(parseInput(q('function'), 'legal')).toEqual({ kind: 'answer', value: 'other', label: 'legal' });
    expect(parseInput(q('function'), '  data entry ')).toEqual({ kind: 'answer', value: 'other', label: 'data entry' });
    expect(parseInput(q('function'), 'Legal')).toEqual({ kind: 'answer', value: 'other', label: 'Legal' });
  });

  it('takes the name after "none of those" as a function of its own', () => {
    expect(parseInput(q('function'), "none of those, it's content moderation")).toEqual({ kind: 'answer', value: 'other', label: 'content moderation' });
    expect(parseInput(q('function'), 'none of those, it is customer support')).toEqual(answer('customer-support'));
    expect(parseInput(q('function'), 'other than that, marketing')).toEqual(answer('marketing'));
    expect(parseInput(q('function'), 'none of those, idk')).toMatchObject({ kind: 'unclear' });
  });

  it('does not take a question as a function name', () => {
    for (const text of ['what is offshoring?', 'legal?', 'what about legal', 'can you explain?', 'should we outsource']) {
      expect(parseInput(q('function'), text), text).toEqual(UNKNOWN);
    }
  });

  it('does not take a long sentence as a function name', () => {
    expect(parseInput(q('function'), 'we are a small firm with a big backlog of paperwork')).toEqual(UNKNOWN);
  });

  // BUG (src/interview/parse.ts, parseInput): the sentence search accepts two-letter phrases, so the pronoun
  // "it" inside a question typed at the function step matches the value of "IT and tech support". A side
  // question such as "how does it work?" is taken as the answer IT instead of being answered. findFunction
  // guards against exactly this ("Two-letter names are pronouns inside a sentence"); parseInput does not.
  it('does not read the pronoun "it" in a question as the IT function', () => {
    for (const text of ['how does it work?', 'is it worth it?', 'what is it?', 'should we offshore it?']) {
      expect(parseInput(q('function'), text), text).toEqual(UNKNOWN);
    }
  });

  it('accepts IT as a function when it is the whole answer', () => {
    expect(parseInput(q('function'), 'IT')).toEqual(answer('it'));
    expect(parseInput(q('function'), 'it support')).toEqual(answer('it'));
  });
});

describe('findFunction', () => {
  const fn = q('function');

  it('finds a function named by a synonym inside a question', () => {
    expect(findFunction(fn, 'should we outsource our helpdesk?')).toEqual({ value: 'customer-support', label: 'Customer support' });
    expect(findFunction(fn, 'should we outsource our helpdesk')).toEqual({ value: 'customer-support', label: 'Customer support' });
    expect(findFunction(fn, 'customer support')).toEqual({ value: 'customer-support', label: 'Customer support' });
    expect(findFunction(fn, 'can we offshore payroll?')).toEqual({ value: 'hr-payroll', label: 'HR and payroll' });
  });

  it('finds IT by its capitalised acronym', () => {
    expect(findFunction(fn, 'our IT team')).toEqual({ value: 'it', label: 'IT and tech support' });
  });

  it('does not read the pronoun "it" as IT', () => {
    expect(findFunction(fn, 'is it worth it')).toBeUndefined();
    expect(findFunction(fn, 'should we do it?')).toBeUndefined();
  });

  it('prefers the longest phrase ("tech support" is IT, not customer support)', () => {
    expect(findFunction(fn, 'we run tech support')).toEqual({ value: 'it', label: 'IT and tech support' });
  });

  it('finds nothing without a question, or in a sentence that names no function', () => {
    expect(findFunction(undefined, 'our helpdesk')).toBeUndefined();
    expect(findFunction(fn, 'should we outsource?')).toBeUndefined();
    expect(findFunction(fn, '')).toBeUndefined();
  });
});

describe('parseInput: sentences, negations and facts', () => {
  it.each([
    ['coverage', "we don't need round-the-clock cover", 'no'],
    ['coverage', 'weekdays are enough', 'no'],
    ['coverage', 'business hours only', 'no'],
    ['coverage', 'office hours alone are not enough', 'yes'],
    ['coverage', "we can't leave it unattended overnight", 'yes'],
    ['coverage', 'nope, business hours', 'no'],
    ['regulation', 'not a heavily regulated sector', 'light'],
    ['regulation', "we're an insurer", 'heavy'],
    ['regulation', 'patient data is involved', 'heavy'],
    ['regulation', 'nope, no healthcare or finance', 'light'],
    ['regulation', "there's no way around strict compliance here", 'heavy'],
    ['regulation', 'not heavily, but there is some compliance', 'some'],
    ['expertise', "i don't think we've got them", 'lack'],
    ['expertise', "we'd need to recruit", 'lack'],
    ['expertise', 'nobody here knows how', 'lack'],
    ['core', 'it is not core', 'non-core'],
    ['core', "it's not just a side thing, it's core for us", 'core'],
    ['horizon', "it's not a one-time thing", 'long'],
    ['horizon', 'three months', 'short'],
    ['horizon', 'for the foreseeable future', 'long'],
    ['budget', 'price is the main driver', 'critical'],
    ['budget', "i wouldn't say cost is everything, but it counts", 'important'],
    ['control', "can't work without close collaboration", 'high'],
  ])('reads %s: %j as %s', (question, text, value) => {
    expect(parseInput(q(question), text)).toEqual(answer(value));
  });

  it('asks which of two options a cue between them means ("a monthly review"), rather than guess', () => {
    expect(parseInput(q('control'), 'a monthly review is fine')).toEqual({ kind: 'unclear', options: ['medium', 'low'] });
  });

  it('asks again, never guesses, when an answer could be more than one option', () => {
    expect(parseInput(q('budget'), 'kind of')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('control'), 'not medium')).toEqual({ kind: 'unclear', options: ['high', 'low'] });
    expect(parseInput(q('regulation'), 'yes')).toMatchObject({ kind: 'unclear' });
  });

  // Each row: what someone typed, what it reads as, and the rule it shows.
  it.each([
    ['regulation', 'probably some, we do store card payments', 'some', "an option's name standing as a clause outranks the facts around it"],
    ['control', "i'd say low, we trust them, they'll be in our office now and then", 'low', "an option's name standing as a clause outranks the facts around it"],
    ['regulation', 'gdpr like for everyone, nothing beyond that', 'some', "an option's name inside a sentence is not that option"],
    ['expertise', "we'd have to recruit", 'lack', "an option's name inside a sentence is not that option"],
    ['regulation', "i wouldn't call it heavily regulated but there's PCI stuff", 'some', 'an option ruled out stays out, whatever fact follows'],
    ['control', 'not high, not low', 'medium', 'several negations leave what none rules out'],
    ['budget', "it's not irrelevant but not critical either", 'important', 'several negations leave what none rules out'],
    ['expertise', "we don't have the staff", 'lack', 'a bare "we do not" gives way to what the sentence says'],
    ['expertise', 'we have no clue how to run it', 'lack', 'a bare "we have" gives way to what the sentence says'],
    ['regulation', 'not very regulated at all', 'light', 'a negator turns around a cue that begins inside it'],
    ['regulation', 'not as much as banks, but we do get audited', 'some', 'a comparison that softens an option rules it out'],
    ['function', "not sure what you'd call it, social media and paid ads mostly", 'marketing', 'the plain clause after an unsure opening is read'],
    ['regulation', 'not sure honestly, probably light', 'light', 'an unsure answer takes the option it leans to by name'],
    ['coverage', 'yes', 'yes', 'a plain "yes" alone is yes'],
    ['regulation', 'not just healthcare, also finance', 'heavy', '"not just" leads into an option, it does not rule it out'],
    ['regulation', 'not only banks but insurers too', 'heavy', '"not only" leads into an option, it does not rule it out'],
    ['regulation', 'most of it is regulated, some is not', 'heavy', 'a name before "is not" is not said'],
    ['horizon', '6 months', 'short', 'a duration is read by its length'],
    ['horizon', '18 months', 'long', 'a duration is read by its length'],
    ['horizon', 'till march', 'short', 'a duration is read by its length'],
    ['horizon', 'na stałe', 'long', 'letters that do not decompose, like the Polish ł, fold'],
    ['control', 'moderately hands on', 'medium', 'a moderator tones an extreme down to the middle option'],
    ['regulation', 'kind of heavily regulated', 'some', 'a moderator tones an extreme down to the middle option'],
    ['budget', 'somewhat important', 'important', 'a moderator before an option with no middle form changes nothing'],
    ['control', 'not too much not too little', 'medium', 'a negated cue of degree words is not a bare "not"'],
    ['expertise', "we don't lack the skills, we lack time", 'have', 'a negation settles a cue that could mean either option'],
    ['expertise', "don't have them", 'lack', 'a negated name may follow an auxiliary'],
    ['budget', 'saving money is not a priority', 'secondary', '"is not a priority" after a cue turns it around'],
    ['coverage', 'neither nights nor weekends', 'no', 'each "nor" negates what follows it, once'],
    ['regulation', 'neither finance nor health nor government', 'light', 'each "nor" negates what follows it, once'],
    ['core', "it's core rather than a side thing", 'core', '"rather than" rules out what follows, it is not a turn'],
    ['coverage', '24/7? nah', 'no', 'a question said back is followed by its answer'],
    ['core', 'is it core? not really', 'non-core', 'a question said back is followed by its answer'],
    ['coverage', 'weekend cover would be nice but not essential, so no', 'no', 'a closing "so no" settles a fact said and another denied'],
    ['horizon', "it won't last past the summer", 'short', '"not last past" is not a negation'],
    ['budget', "a lot, but it's not the only thing we care about", 'important', 'a name toned down after a turn is the middle option'],
    ['control', "i'd say high, but not every day", 'high', 'a name after which a turn says no middle stays'],
    ['horizon', 'more ongoing than a one-off', 'long', '"more X than Y" rules Y out'],
    ['horizon', 'more than 12 months', 'long', '"more than" right before a duration compares nothing away'],
    ['horizon', 'shrot', 'short', 'two neighbouring letters swapped are a close spelling'],
    ['budget', 'like a 2/10', 'secondary', 'a score out of ten reads along the options, most first'],
    ['budget', 'on a scale of 1-10? a 10', 'critical', 'a score out of ten reads along the options, most first'],
    ['control', '5 out of 10', 'medium', 'a score out of ten reads along the options, most first'],
    ['expertise', "i don't reckon we have them", 'lack', '"reckon" hedges like "think"'],
    ['coverage', "it'd be overkill for us", 'no', '"overkill" says no to a yes-or-no question'],
    ['core', "non, c'est pas notre cœur de métier", 'non-core', 'the French "pas" negates'],
    ['horizon', "we're not planning to keep it past Q2", 'short', '"not planning to keep it past" is not a negation of what follows'],
    ['budget', "i don't think cost matters much here", 'secondary', '"matters much" is one cue, negated whole'],
    ['coverage', 'nobody is going to phone our accounts team on a sunday', 'no', '"nobody" opening a clause reaches to its end'],
    ['core', 'no client ever picked us because of our expense reports', 'non-core', 'a negator does not reach a cue across "because"'],
    ['budget', "if we can't cut costs it's a non-starter", 'critical', 'a negation in a condition with a bad outcome is a need'],
    ['coverage', "without weekend cover we'd lose clients", 'yes', '"without" a cue, then a bad outcome, is a need'],
    ['coverage', 'without weekend cover we would be fine', 'no', '"without" a cue and no bad outcome stays a negation'],
    ['coverage', "i don't see why we'd need anyone overnight", 'no', '"i don\'t see why" negates to the end of its clause'],
    ['control', 'more than a little, less than a lot', 'medium', '"more than" and "less than" rule out the end right after them'],
    ['regulation', 'less than a hospital, more than a bakery', 'some', 'compared down from one end and up from the other is the middle'],
    ['horizon', "i don't expect it to last more than a couple of months", 'short', 'a negator first keeps "more than" a comparison'],
    ['horizon', 'it began as a pilot but these days it is just how we work', 'long', 'what used to be gives way to what follows a turn'],
    ['budget', 'savings would be a bonus, not the point', 'secondary', 'a word naming the subject gives way to another option\'s cue'],
    ['control', "we never let them ship anything without close oversight", 'high', '"without" after a negator in its clause says the cue is needed'],
    ['expertise', "we can't do it w/o outside help", 'lack', '"w/o" is "without"'],
    ['control', 'not so much control, but now and then we need to meet face to face', 'medium', 'toned down, then said after a turn, is the middle'],
    ['budget', "honestly we don't care much about the savings, we care about quality", 'secondary', 'a subject word gives way to any other cue, negated or not'],
    ['core', 'nobody else does it the way we do', 'core', '"nobody else" is no negation'],
    ['coverage', "we couldn't get away without weekend cover", 'yes', '"without" after a negator in its clause says the cue is needed'],
  ])('reads %s: %j as %s (%s)', (question, text, value) => {
    expect(parseInput(q(question), text)).toEqual(answer(value));
  });

  it('takes small talk for no answer, and no function\'s name ("hey", "thanks")', () => {
    expect(parseInput(q('function'), 'hey')).toEqual(UNKNOWN);
    expect(parseInput(q('function'), 'thanks')).toEqual(UNKNOWN);
    expect(parseInput(q('coverage'), 'ok')).toEqual(UNKNOWN);
  });

  it('does not take an option named inside a sentence when a negator shares its clause ("essential to us it isn\'t")', () => {
    expect(parseInput(q('core'), "essential to us it isn't")).toEqual(UNKNOWN);
    expect(parseInput(q('core'), 'essential to us')).toEqual(answer('core'));
  });

  it('asks when a fact is said and another denied after a turn, since which counts is not in the words', () => {
    expect(parseInput(q('coverage'), 'saturdays yes, but never overnight')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('coverage'), 'we need overnight coverage, but not weekends')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('regulation'), 'HIPAA applies but not PCI')).toMatchObject({ kind: 'unclear' });
    // An opening or closing yes or no settles it.
    expect(parseInput(q('core'), "yes it's a differentiator, though not our main business")).toEqual(answer('core'));
  });

  it('asks when an option is denied and then said again, since people mean the option or its middle', () => {
    expect(parseInput(q('control'), "we don't need to share an office, but we want a say in every change")).toMatchObject({ kind: 'unclear' });
    // Without a turn, a later clause that says it may be about something else, or undo a missed double negative.
    expect(parseInput(q('core'), "it's not what makes us special, our product does that")).toMatchObject({ kind: 'unclear' });
    // A double negative concedes: what follows the turn is the answer.
    expect(parseInput(q('control'), "it's not that we don't care, but results are what count")).toEqual(answer('low'));
  });

  it('reads an answer the same with asides around it ("honestly, 3", "yeah 2", "payrol tbh")', () => {
    expect(parseInput(q('function'), 'honestly, 3')).toEqual(parseInput(q('function'), '3'));
    expect(parseInput(q('function'), 'acounting tbh')).toEqual(answer('accounting'));
    expect(parseInput(q('core'), 'yeah 2')).toEqual(answer('non-core'));
    expect(parseInput(q('regulation'), 'we hold card data, so some lol')).toEqual(answer('some'));
    expect(parseInput(q('core'), 'customers pick us for it, so yeah.')).toEqual(answer('core'));
    // A verb of thinking before "not" is the answer, not an aside.
    expect(parseInput(q('coverage'), 'i guess not')).toEqual(answer('no'));
  });

  it('reads a reply run into a clause that says the same as two clauses, and asks when "not" could negate it', () => {
    expect(parseInput(q('coverage'), 'nope weekdays are plenty')).toEqual(answer('no'));
    expect(parseInput(q('coverage'), 'not really office hours cover it')).toEqual(answer('no'));
    expect(parseInput(q('core'), "hardly it's admin work")).toEqual(answer('non-core'));
    expect(parseInput(q('coverage'), 'i guess not nobody rings us on a sunday')).toEqual(answer('no'));
    // A negator that is no reply of its own negates the clause after it.
    expect(parseInput(q('coverage'), 'no way we can stick to business hours')).toEqual(answer('yes'));
    // A reply ending in "not" right before a phrase negates it.
    expect(parseInput(q('core'), 'definitely not peripheral')).toEqual(answer('core'));
  });

  it('reads a message too long to read whole from its conclusion ("…, so no we don\'t need anyone at night")', () => {
    const ramble = 'we have two sites and they run different shifts and the couriers stop collecting at 8pm and our customers are all in the same country and nobody has ever asked for a night line';
    expect(parseInput(q('coverage'), `${ramble}, so no we don't need anyone at night`)).toEqual(answer('no'));
    expect(parseInput(q('coverage'), `${ramble}, in the end we do need someone on nights`)).toEqual(answer('yes'));
    // Without a conclusion it is too long to read.
    expect(parseInput(q('coverage'), ramble)).toEqual(UNKNOWN);
  });

  it('takes the corrected answer when someone corrects themselves in the same message', () => {
    expect(parseInput(q('control'), 'low - wait no, medium, we sign off every release')).toEqual(answer('medium'));
    expect(parseInput(q('budget'), 'secondary... hmm actually no, critical, the board wants savings')).toEqual(answer('critical'));
    expect(parseInput(q('expertise'), 'no... actually yes, the ops team already runs it')).toEqual(answer('have'));
    expect(parseInput(q('regulation'), 'light - well, some really, we keep customer emails')).toEqual(answer('some'));
    // "actually" inside a clause is no correction.
    expect(parseInput(q('coverage'), "we don't actually need anyone at night")).toEqual(answer('no'));
  });

  it('reads the answer after the question\'s words quoted back, and a closing "so no" against the facts before it', () => {
    expect(parseInput(q('core'), "'core competency' haha no")).toEqual(answer('non-core'));
    expect(parseInput(q('coverage'), 'our clients are on three continents, so yes')).toEqual(answer('yes'));
    expect(parseInput(q('regulation'), 'we keep bank details for payroll, so some')).toEqual(answer('some'));
    // A closing yes or no the facts contradict is asked about; "so" after "not" or "for" is no conclusion.
    expect(parseInput(q('coverage'), 'the backups run overnight but nobody needs to watch them. so no')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('coverage'), 'nobody calls after 6pm so yeah')).not.toEqual(answer('yes'));
    expect(parseInput(q('core'), "honestly it's not so core")).toEqual(answer('non-core'));
    expect(parseInput(q('horizon'), "we don't need it for so long")).not.toEqual(answer('long'));
  });

  it('does not let the rules for conclusions, conditions, comparisons and asides turn an answer around (from a review)', () => {
    // A bad outcome denied is no condition; a "without" after a negation of a bad outcome needs nothing.
    expect(parseInput(q('budget'), "if we don't save money it's not a dealbreaker")).not.toEqual(answer('critical'));
    expect(parseInput(q('coverage'), 'it wouldn\'t be a disaster if nobody picked up at night')).not.toEqual(answer('yes'));
    // "without" after a negator that is spent on another cue, or across "and", needs nothing.
    expect(parseInput(q('coverage'), "we never had anyone on nights and we're fine without round the clock cover")).not.toEqual(answer('yes'));
    // A comparison after a negator cancels with it.
    expect(parseInput(q('coverage'), 'nobody would accept anything less than 24/7')).toEqual(answer('yes'));
    // "is empty" says nothing of the cue before it.
    expect(parseInput(q('coverage'), 'we need 24/7 monitoring while the office is empty')).toEqual(answer('yes'));
    // An aside that finishes the sentence stays.
    expect(parseInput(q('coverage'), '24/7 is not for us')).toEqual(answer('no'));
    // Quoted after a sentence of its own, the quote is no echo.
    expect(parseInput(q('core'), "we dont think of it as 'core', yes it matters")).not.toEqual(answer('core'));
    // In a long message, only a conclusion that opens a clause and does not turn again is read.
    expect(parseInput(q('coverage'), "we've got customers in three countries but they all work office hours and nobody has ever called us late, so it doesn't make sense even though a couple of customers keep asking for round the clock support")).not.toEqual(answer('yes'));
    // Inflected verbs of thinking let a negation reach the clause they introduce.
    expect(parseInput(q('core'), "nobody here thinks it's core")).toEqual(answer('non-core'));
  });

  it('asks when a cue names a place in an order that something other than cost fills ("the main driver is speed")', () => {
    expect(parseInput(q('budget'), 'the top priority is uptime')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('budget'), 'the main driver is cost')).toEqual(answer('critical'));
    // A cue that is the subject itself is no place in an order.
    expect(parseInput(q('budget'), 'saving money is the whole point')).toEqual(answer('critical'));
  });

  it('asks when an option is said and then denied in a later clause', () => {
    expect(parseInput(q('control'), "weekly calls on zoom are fine, we don't need them in person")).not.toEqual(answer('high'));
  });

  it('reads a negation on through "or a" ("not a bank or a hospital") and past a pronoun ("not sit with them or check in")', () => {
    expect(parseInput(q('control'), "we don't need to sit with them or check in often")).toEqual(answer('low'));
    expect(parseInput(q('regulation'), "we're not a bank or a hospital, just an online shop")).not.toEqual(answer('heavy'));
  });

  it('asks when someone withdraws what they said without saying what instead, and reads a filler in mid-sentence as nothing', () => {
    expect(parseInput(q('core'), "non core - actually no, that's wrong")).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('coverage'), 'we could get by on office hours, hmm no probably not')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('expertise'), "we don't, actually, have the skills")).toEqual(answer('lack'));
    expect(parseInput(q('coverage'), "we don't need, I mean, 24/7")).toEqual(answer('no'));
    // "actually no" that starts a phrase of its own is no correction.
    expect(parseInput(q('core'), "it's core - actually no doubt about it")).toEqual(answer('core'));
    expect(parseInput(q('expertise'), "we're covered, actually no one on the team lacks the skills")).not.toEqual(answer('lack'));
  });

  it('reads an option\'s own name said back with a plain yes or no after it, without a question mark', () => {
    expect(parseInput(q('coverage'), 'round the clock nope')).toEqual(answer('no'));
    expect(parseInput(q('core'), 'core haha no')).toEqual(answer('non-core'));
    // On a yes-or-no question the "no" option's name said back could mean either.
    expect(parseInput(q('coverage'), 'business hours no')).not.toEqual(answer('yes'));
  });

  it('takes a function outside the list that opens the answer, with a listed one\'s word only after "for"', () => {
    expect(parseInput(q('function'), 'security guards for the plant')).toEqual({ kind: 'answer', value: 'other', label: 'security guards for the plant' });
  });

  it('asks about a function\'s name when two facts around it point to another function ("accounts" of users)', () => {
    expect(parseInput(q('function'), 'internal it, laptops, accounts, that kind of stuff for our staff')).toMatchObject({ kind: 'unclear', options: expect.arrayContaining(['it', 'accounting']) });
    expect(parseInput(q('function'), 'accounting')).toEqual(answer('accounting'));
  });

  it('tones a named option down only by a cue that says "not" after a turn or in a later clause', () => {
    // (A fact for another option after the turn is asked about: a change of mind, or a word in another sense.)
    expect(parseInput(q('budget'), "critical, but it's important that quality stays high")).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('control'), "i'd say low, but they'll be in our office a lot")).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('budget'), "a lot, but it's not the only thing we care about")).toEqual(answer('important'));
    expect(parseInput(q('budget'), "we care, a lot — it just isn't the only thing")).toEqual(answer('important'));
  });

  it('asks again rather than read an unsure answer that names nothing plainly', () => {
    expect(parseInput(q('regulation'), 'somewhere between some and heavy i guess')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('control'), 'not sure, maybe weekly calls')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('regulation'), 'not sure, depends on the client')).toMatchObject({ kind: 'unclear' });
  });

  it('reads a question said back by what follows it: a yes takes it, a no rules it out, anything else asks', () => {
    expect(parseInput(q('function'), 'i guess support? the ticket queue')).toEqual({ kind: 'answer', value: 'customer-support' });
    expect(parseInput(q('control'), 'high? definitely')).toEqual(answer('high'));
    expect(parseInput(q('control'), 'hands on? not really')).toEqual({ kind: 'unclear', options: ['medium', 'low'] });
    expect(parseInput(q('horizon'), 'ongoing? no')).toEqual(answer('short'));
    expect(parseInput(q('coverage'), '24/7? dunno')).toMatchObject({ kind: 'unclear' });
  });

  it('reads a score only when it is one: out of ten, alone, not denied, not a range', () => {
    expect(parseInput(q('budget'), 'we need to cut costs by 5-10%')).toEqual(answer('critical'));
    expect(parseInput(q('budget'), 'we need to save money, maybe 3-10 percent')).toEqual(answer('critical'));
    expect(parseInput(q('regulation'), 'hipaa, and about 2 of 10 clients are banks')).toEqual(answer('heavy'));
    expect(parseInput(q('budget'), "it's not 10/10 but it's important")).toEqual(answer('important'));
    expect(parseInput(q('budget'), "cost matters, I'd say 7/10")).toEqual(answer('important'));
    expect(parseInput(q('budget'), 'like a 1/10')).toEqual(answer('secondary'));
  });

  it('tones down only the top of a scale ("kinda low" is low), and takes no real word for a typo ("lost")', () => {
    expect(parseInput(q('control'), 'kinda low')).toEqual(answer('low'));
    expect(parseInput(q('budget'), 'sort of secondary')).toEqual(answer('secondary'));
    expect(parseInput(q('control'), 'lost')).toEqual(UNKNOWN);
    expect(parseInput(q('budget'), 'quiet')).toEqual(UNKNOWN);
  });

  it('reads "no reason to" and "overkill" as no only where the question asks for cover', () => {
    expect(parseInput(q('expertise'), 'yes, we have the team, no reason to hire')).toEqual(answer('have'));
    expect(parseInput(q('core'), "it's core to us, outsourcing it would be overkill")).toEqual(answer('core'));
    expect(parseInput(q('coverage'), "it'd be overkill for us")).toEqual(answer('no'));
  });

  it('reads a name after "none of those really" as a function of its own', () => {
    expect(parseInput(q('function'), "none of those really, it's translation")).toMatchObject({ kind: 'answer', value: 'other' });
  });

  it('asks between the options an unsure answer names ("somewhere between important and critical")', () => {
    expect(parseInput(q('budget'), 'somewhere between important and critical')).toEqual({ kind: 'unclear', options: ['critical', 'important'] });
  });

  it('asks when a plain yes or no opens an answer and a turn leads to a fact that says the other', () => {
    expect(parseInput(q('expertise'), 'yes, but the team is already overstretched')).toEqual({ kind: 'unclear', options: ['have', 'lack'] });
    expect(parseInput(q('expertise'), "we do, though we're short staffed")).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('coverage'), 'no, but nights do matter for us')).toMatchObject({ kind: 'unclear' });
    expect(parseInput(q('coverage'), 'yes, nights and weekends')).toEqual(answer('yes'));
    // Without a turn too: a yes as a clause of its own, then a clause that says no.
    expect(parseInput(q('coverage'), 'yes, business hours are fine')).toEqual({ kind: 'unclear', options: ['yes', 'no'] });
    // A yes run into a negated sentence is an acknowledgement, not an answer.
    expect(parseInput(q('expertise'), "yeah we don't have anyone with that background")).toEqual(answer('lack'));
  });

  it('reads "not critical" as important, and rules critical out for what follows', () => {
    expect(parseInput(q('budget'), 'not critical')).toEqual(answer('important'));
    expect(parseInput(q('budget'), 'not crucial, but savings would help')).toEqual(answer('important'));
    expect(parseInput(q('budget'), 'not the top priority')).toEqual(answer('secondary'));
  });

  it('reads a negation after the fact as a double negative, unless "or" makes it a condition', () => {
    expect(parseInput(q('budget'), "without savings it's not happening")).toEqual(answer('critical'));
    expect(parseInput(q('budget'), 'we need savings or the deal is not happening')).toEqual(answer('critical'));
    // A list is no condition, and a post-negator does not reach back across "and" or "because".
    expect(parseInput(q('regulation'), 'hipaa or similar is not a concern')).toEqual(answer('light'));
    expect(parseInput(q('budget'), 'cost is critical and it is not negotiable')).toEqual(answer('critical'));
    expect(parseInput(q('core'), 'core because it is not replaceable')).toEqual(answer('core'));
    // "Nowhere near as … as" compares an option down, as "not as much as" does.
    expect(parseInput(q('regulation'), "it's regulated, but nowhere near as much as healthcare")).toEqual(answer('some'));
    expect(parseInput(q('coverage'), '24/7 is not happening')).toEqual(answer('no'));
    expect(parseInput(q('core'), 'differentiator it is not')).toEqual(answer('non-core'));
  });

  it('ends a named option\'s clause at a turn, and tones down only the top of a scale after it', () => {
    expect(parseInput(q('control'), 'minimal but not zero')).toEqual(answer('low'));
    expect(parseInput(q('control'), 'high but not total')).toEqual(answer('medium'));
  });

  it('takes a function whose name holds a listed one\'s words as a function of its own', () => {
    expect(parseInput(q('function'), 'business development')).toEqual({ kind: 'answer', value: 'other', label: 'business development' });
    expect(parseInput(q('function'), 'R&D')).toMatchObject({ kind: 'answer', value: 'other' });
    expect(parseInput(q('function'), 'research and development for new products')).toMatchObject({ kind: 'answer', value: 'other' });
    expect(parseInput(q('function'), 'software development')).toEqual(answer('software-development'));
    expect(parseInput(q('function'), 'what about translation?')).toEqual(UNKNOWN);
  });

  it('takes the one of two named functions that the facts around them back', () => {
    expect(parseInput(q('function'), 'it support — laptops, accounts')).toEqual(answer('it'));
    expect(parseInput(q('function'), 'it support, accounts')).toMatchObject({ kind: 'unclear' });
  });

  it('asks when the middle of a scale turns to an end of it, and takes a turn to the middle as toning down', () => {
    expect(parseInput(q('control'), 'some control, but happy to let them run it')).toEqual({ kind: 'unclear', options: ['medium', 'low'] });
    expect(parseInput(q('budget'), 'we want savings, but not at any price')).toEqual(answer('important'));
  });

  it('reads a yes-or-no phrase turned around by a negator before it through the cues ("wouldn\'t say we don\'t need it")', () => {
    expect(parseInput(q('coverage'), "i wouldn't say we don't need it, evenings are busy")).toEqual(answer('yes'));
    expect(parseInput(q('coverage'), "it's not needed")).toEqual(answer('no'));
    // Only a negator right before the phrase turns it: not one about another fact, nor a "no" that says it twice.
    expect(parseInput(q('coverage'), "nothing happens overnight so it's not necessary")).toEqual(answer('no'));
    expect(parseInput(q('coverage'), "honestly no it's not needed")).toEqual(answer('no'));
  });

  it('reads an answer that opens with a longer cue than an unsure lead ("no idea how to…")', () => {
    expect(parseInput(q('expertise'), 'no idea how to run payroll')).toEqual(answer('lack'));
    expect(parseInput(q('expertise'), 'no idea').kind).not.toBe('answer');
  });

  it('negates side-by-side function names together ("not the website code")', () => {
    expect(parseInput(q('function'), 'ads and campaigns, not the website code')).toEqual(answer('marketing'));
  });

  it('takes an aside that starts like one ("fyi", "wait whats") for no answer', () => {
    expect(parseInput(q('function'), 'fyi lunch is here')).toEqual(UNKNOWN);
    expect(parseInput(q('function'), 'wait whats kpo')).toEqual(UNKNOWN);
  });

  it('does not let a negator reach past "just" to the cue after it ("we dont need direct oversight just results")', () => {
    expect(parseInput(q('control'), 'we dont need to sit with them just the results')).toEqual(answer('low'));
    expect(parseInput(q('horizon'), "no, it's not just a project")).toEqual(answer('long'));
  });

  it('reads "its", "theres" and "thats" typed without the apostrophe as the verb they stand for', () => {
    expect(parseInput(q('regulation'), 'i dont think theres any regulation on it')).toEqual(answer('light'));
    expect(parseInput(q('core'), 'its not core')).toEqual(answer('non-core'));
  });

  it('takes a question without a question mark for no answer ("does the night shift have to be offshore")', () => {
    expect(parseInput(q('coverage'), 'does the night shift have to be offshore')).toEqual(UNKNOWN);
    expect(parseInput(q('function'), 'everything lol').kind).not.toBe('answer');
  });

  it('lets no intensifier or name in passing take a negation from the fact after it, and softens "not just"', () => {
    expect(parseInput(q('budget'), "we don't have a lot of cost pressure")).toEqual(answer('secondary'));
    expect(parseInput(q('horizon'), 'its not a project its bau')).toEqual(answer('long'));
    expect(parseInput(q('core'), "it's not just a side thing")).toEqual(answer('core'));
    expect(parseInput(q('expertise'), 'not really just one intern who tries his best')).toEqual(answer('lack'));
    expect(parseInput(q('coverage'), 'yeah no problem we need 24/7')).toEqual(answer('yes'));
  });

  it('reads a question as a question, not as an answer, even when it names an option', () => {
    expect(parseInput(q('regulation'), 'does gdpr count?')).toEqual(UNKNOWN);
    expect(parseInput(q('coverage'), 'what does 24/7 cost?')).toEqual(UNKNOWN);
  });
});

describe('parseInput: the same answer, said a little differently', () => {
  // Answers read right as written, and ways people wrap them in Slack that change nothing they mean.
  const answers: Array<[string, string, string]> = [
    ['core', "no it's just back office", 'non-core'],
    ['core', "it's what customers pick us for", 'core'],
    ['core', 'not our core business', 'non-core'],
    ['budget', 'saving money is the whole point', 'critical'],
    ['budget', "money isn't the issue here", 'secondary'],
    ['coverage', "we don't need anyone at night", 'no'],
    ['coverage', 'our clients call at all hours', 'yes'],
    ['coverage', 'business hours only', 'no'],
    ['control', 'we need them in the room with us', 'high'],
    ['control', 'weekly calls are enough', 'medium'],
    ['control', "we don't need to see them at all", 'low'],
    ['regulation', "we're a hospital", 'heavy'],
    ['regulation', 'no personal data at all', 'light'],
    ['regulation', 'a bit of gdpr, nothing more', 'some'],
    ['expertise', 'nobody here has done it', 'lack'],
    ['expertise', 'we already have a full team', 'have'],
    ['horizon', 'just for the summer', 'short'],
    ['horizon', 'for years to come', 'long'],
    ['horizon', "it's not a one-off", 'long'],
    ['function', 'payroll', 'hr-payroll'],
    ['function', 'it', 'it'],
    ['function', 'the warehouse', 'logistics'],
  ];
  const wrappings: Array<[string, (text: string) => string]> = [
    ['after "honestly,"', (t) => `honestly, ${t}`],
    ['after "yeah"', (t) => `yeah ${t}`],
    ['after "ok so"', (t) => `ok so ${t}`],
    ['after a mention', (t) => `<@U123ABC> ${t}`],
    ['before "tbh"', (t) => `${t} tbh`],
    ['before "lol"', (t) => `${t} lol`],
    ['before an emoji', (t) => `${t} 🙂`],
    ['in capitals', (t) => t.toUpperCase()],
    ['without its commas and full stops', (t) => t.replace(/[,.]/g, '')],
  ];
  it.each(wrappings)('never reads an answer as another option %s (it may ask again)', (_, wrap) => {
    for (const [question, text, value] of answers) {
      expect(parseInput(q(question), text)).toEqual(answer(value));
      const read = parseInput(q(question), wrap(text));
      if (read.kind === 'answer') expect({ text: wrap(text), value: read.value }).toEqual({ text: wrap(text), value });
    }
  });
});

describe('suggestedBy: facts said when a decision starts', () => {
  it('offers what a cue in the opening words says, and nothing from a plain yes or no', () => {
    expect(suggestedBy(q('regulation'), 'should we offshore support? we are a fintech', spec.answers)).toBe('heavy');
    expect(suggestedBy(q('coverage'), 'yes, should we outsource support', spec.answers)).toBeUndefined();
    expect(suggestedBy(q('horizon'), 'decide customer support', spec.answers)).toBeUndefined();
  });
});
