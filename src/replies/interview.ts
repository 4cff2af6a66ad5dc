/**
 * Block Kit (and plain text) for the decision interview: questions, the recommendation, the change menu and the
 * short notes (stale click, not the starter, expired). Pure builders over the interview spec and `copy.yml`.
 */
import type { Catalogue } from '../knowledge/load.js';
import type { InterviewState } from '../interview/machine.js';
import type { Recommendation } from '../interview/decide.js';
import type { QuestionFile } from '../interview/schema.js';
import { fill } from '../knowledge/copy.js';
import { encodeValue, IV } from '../conversation/actions.js';
import type { Echo, Note, QuestionNote } from '../conversation/replies.js';
import { actions, button, context, divider, fit, header, mrkdwnToPlain, quoteUserText, richList, section, type Block, type Message } from './blocks.js';
import { sourcesOf } from './answer.js';

export { IV };

/** The function's name as shown ("Customer support", or what the user typed, escaped). */
export function functionName(state: Pick<InterviewState, 'functionLabel'>): string | undefined {
  return state.functionLabel ? quoteUserText(state.functionLabel, 60) : undefined;
}

const mention = (user: string) => `<@${user}>`;

function position(catalogue: Catalogue, state: InterviewState, q: QuestionFile): string {
  const all = catalogue.interview.questions.filter((x) => x.id !== 'function' || state.answers.function === undefined || state.history.includes('function') || state.step === 'function');
  const i = all.findIndex((x) => x.id === q.id);
  return fill(catalogue.copy.interview.position, { n: i + 1, total: all.length });
}

function noteText(catalogue: Catalogue, note: QuestionNote): string {
  return catalogue.copy.interview[note];
}

/** "you don't need 24/7 coverage": an answer as understood, in the person's terms. */
export function understood(catalogue: Catalogue, echo: Echo): string {
  const q = catalogue.interview.question.get(echo.question)!;
  if (echo.label) return fill(catalogue.copy.interview.deciding_about, { function: quoteUserText(echo.label, 60) });
  return q.options.find((o) => o.value === echo.value)?.because ?? echo.value;
}

export function questionMessage(catalogue: Catalogue, state: InterviewState, questionId: string, note?: QuestionNote, echo?: Echo): Message {
  const copy = catalogue.copy.interview;
  const q = catalogue.interview.question.get(questionId)!;
  const blocks: Block[] = [];
  const gotIt = echo ? fill(copy.got_it, { understood: understood(catalogue, echo) }) : undefined;
  const noted = note ? noteText(catalogue, note) : undefined;
  if (gotIt || noted) blocks.push(context(...[gotIt, noted].filter((x): x is string => x !== undefined)));
  const suggested = state.suggested?.[q.id];
  const suggestedOption = suggested ? q.options.find((o) => o.value === suggested) : undefined;
  blocks.push(section(`*${position(catalogue, state, q)} · ${q.name}*\n${q.prompt}${suggestedOption ? `\n${fill(copy.suggested, { choice: suggestedOption.label })}` : ''}`, `q_${state.version}`));
  blocks.push(
    actions(
      q.options.map((o, i) => button(`${i + 1}. ${o.label}`, `${IV.answer}${o.value}`, encodeValue(state, q.id, o.value), o.value === suggested ? 'primary' : undefined)),
      `opts_${state.version}`,
    ),
  );
  const nav = [button(copy.help_button, IV.help, encodeValue(state), undefined, copy.help_label), button(copy.cancel_button, IV.cancel, encodeValue(state), 'danger', copy.cancel_label)];
  if (state.history.length > 0 || state.changing) nav.unshift(button(copy.back_button, IV.back, encodeValue(state), undefined, copy.back_label));
  blocks.push(actions(nav, `nav_${state.version}`));
  blocks.push(context(copy.hint));
  const text = `${gotIt ? `${mrkdwnToPlain(gotIt)} ` : ''}${noted ? `${noted} ` : ''}${fill(copy.question_text, { name: q.name, prompt: mrkdwnToPlain(q.prompt), options: q.options.map((o, i) => `${i + 1}. ${o.label}`).join(', ') })}`;
  return fit({ text, blocks });
}

/** A typed answer that could be several options: which one? With just those options as buttons. */
export function clarifyMessage(catalogue: Catalogue, state: InterviewState, questionId: string, values: readonly string[]): Message {
  const q = catalogue.interview.question.get(questionId)!;
  const options = q.options.filter((o) => values.includes(o.value));
  const shown = options.length > 0 ? options : q.options;
  const text = fill(catalogue.copy.interview.clarify, { choices: shown.map((o) => o.label).join(' or ') });
  const blocks: Block[] = [
    section(text, `clarify_${state.version}`),
    actions(shown.map((o) => button(`${q.options.indexOf(o) + 1}. ${o.label}`, `${IV.answer}${o.value}`, encodeValue(state, q.id, o.value))), `opts_${state.version}`),
  ];
  return fit({ text: mrkdwnToPlain(text), blocks });
}

/** One line on what to type, for something that was neither an answer nor a question, with the options to click. */
export function hintMessage(catalogue: Catalogue, state: InterviewState, questionId: string): Message {
  const q = catalogue.interview.question.get(questionId)!;
  const range = q.options.length === 2 ? '1 or 2' : `1 to ${q.options.length}`;
  const text = fill(catalogue.copy.interview.not_an_answer, { range });
  const blocks: Block[] = [
    context(text),
    actions(q.options.map((o, i) => button(`${i + 1}. ${o.label}`, `${IV.answer}${o.value}`, encodeValue(state, q.id, o.value))), `opts_${state.version}`),
  ];
  return fit({ text: mrkdwnToPlain(text), blocks });
}

/** The question, once answered: the buttons are replaced by the answer, so old buttons cannot be clicked. */
export function answeredMessage(catalogue: Catalogue, questionId: string, value: string, label: string | undefined, by: string): Message {
  const q = catalogue.interview.question.get(questionId)!;
  const choice = label ? quoteUserText(label, 60) : (q.options.find((o) => o.value === value)?.label ?? value);
  const copy = catalogue.copy.interview;
  return { text: fill(copy.answered_text, { name: q.name, choice }), blocks: [section(fill(copy.answered, { name: q.name, choice, user: mention(by) }))] };
}

export function helpMessage(catalogue: Catalogue, questionId: string): Message {
  const q = catalogue.interview.question.get(questionId)!;
  const copy = catalogue.copy.interview;
  return fit({ text: fill(copy.why_asked_text, { name: q.name.toLowerCase(), help: mrkdwnToPlain(q.help) }), blocks: [section(fill(copy.why_asked, { name: q.name, help: q.help }))] });
}

/** "Keep it in-house for Customer support"; the function name is user text, so it is escaped. */
function titleFor(catalogue: Catalogue, state: Pick<InterviewState, 'functionLabel'>, r: Recommendation): string {
  const outcome = catalogue.interview.outcomes.get(r.recommendation)!;
  const fn = functionName(state);
  return fn ? fill(catalogue.copy.recommendation.title, { outcome: outcome.title, function: fn }) : outcome.title;
}

function optionLabel(q: QuestionFile, value: string): string {
  return q.options.find((o) => o.value === value)?.label ?? value;
}

export function recommendationMessage(catalogue: Catalogue, state: InterviewState, r: Recommendation, echo?: Echo): Message {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const runner = spec.outcomes.get(r.runnerUp)!;
  const title = titleFor(catalogue, state, r);
  const blocks: Block[] = [];
  if (echo) blocks.push(context(fill(catalogue.copy.interview.got_it, { understood: understood(catalogue, echo) })));
  blocks.push(header(fill(copy.header, { title })), section(`*${outcome.summary}*\n${outcome.explanation}`));
  const why: string[] = [];
  if (r.rule) why.push(r.rule.reason);
  for (const reason of r.reasons) why.push(`${spec.question.get(reason.question)!.name}: ${reason.text}.`);
  blocks.push(richList(why, copy.why));
  if (r.split) blocks.push(section(`*${copy.split}*\n${r.split}`));
  let alt = fill(copy.runner_up, { outcome: runner.title });
  if (r.change) {
    const q = spec.question.get(r.change.question)!;
    alt += ` ${fill(copy.change, { choice: optionLabel(q, r.change.value), question: q.name, outcome: spec.outcomes.get(r.change.outcome)!.title })}`;
  } else {
    alt += ` ${copy.no_change}`;
  }
  blocks.push(section(alt));
  if (r.challenges.length) {
    blocks.push(divider());
    blocks.push(section(`*${fill(copy.challenges, { n: r.challenges.length })}*`));
    for (const id of r.challenges) {
      const c = spec.challenges.find((x) => x.id === id)!;
      blocks.push(section(`*${c.title}*: ${c.description}\n_${copy.how_to_manage}_ ${c.mitigation}`));
    }
  }
  const sources = new Set([...outcome.sources, ...r.challenges.flatMap((id) => spec.challenges.find((c) => c.id === id)!.sources)]);
  const line = sourcesOf(catalogue, [...sources]);
  if (line) blocks.push(context(line));
  blocks.push(context(fill(copy.run_by, { user: mention(state.starter), answers: answersSummary(catalogue, state) })));
  blocks.push(
    actions(
      [
        button(copy.share, IV.share, encodeValue(state), 'primary', copy.share_label),
        button(copy.change_answer, IV.change, encodeValue(state), undefined, copy.change_answer_label),
        button(copy.start_over, IV.restart, encodeValue(state), undefined, copy.start_over_label),
      ],
      `rec_${state.version}`,
    ),
  );
  const challenges = r.challenges.map((id) => spec.challenges.find((c) => c.id === id)!.title).join(', ') || copy.no_challenges;
  return fit({ text: fill(copy.summary_text, { title, summary: outcome.summary, runner_up: runner.title, challenges }), blocks });
}

/** "Q: answer" for every answered question, one line. */
export function answersSummary(catalogue: Catalogue, state: Pick<InterviewState, 'answers'>): string {
  return catalogue.interview.questions
    .filter((q) => q.id !== 'function' && state.answers[q.id] !== undefined)
    .map((q) => `${q.name}: ${optionLabel(q, state.answers[q.id]!).split(':')[0]}`)
    .join(' · ');
}

/** The summary posted in the channel by "Share in channel", crediting who ran the interview. */
export function sharedSummary(catalogue: Catalogue, state: InterviewState, r: Recommendation, sharedBy: string): Message {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const challenges = r.challenges.map((id) => spec.challenges.find((c) => c.id === id)!.title);
  const fn = functionName(state);
  const blocks: Block[] = [
    section(`${fn ? fill(copy.shared_title_for, { outcome: outcome.title, function: fn }) : fill(copy.shared_title, { outcome: outcome.title })}\n${outcome.summary}`),
    section(fill(copy.shared_why, { reasons: [r.rule?.reason, ...r.reasons.map((x) => x.text)].filter(Boolean).join('; ') })),
  ];
  if (r.split) blocks.push(section(fill(copy.shared_split, { split: r.split })));
  if (challenges.length) blocks.push(section(fill(copy.shared_challenges, { challenges: challenges.join(', ') })));
  const answers = answersSummary(catalogue, state);
  blocks.push(
    context(
      sharedBy !== state.starter
        ? fill(copy.shared_by_other, { user: mention(state.starter), sharer: mention(sharedBy), answers })
        : fill(copy.shared_by, { user: mention(state.starter), answers }),
    ),
  );
  const text = fn ? fill(copy.shared_text_for, { outcome: outcome.title, function: fn, summary: outcome.summary }) : fill(copy.shared_text, { outcome: outcome.title, summary: outcome.summary });
  return fit({ text, blocks });
}

export function changeMenu(catalogue: Catalogue, state: InterviewState): Message {
  const which = catalogue.copy.interview.change_which;
  const buttons = catalogue.interview.questions.map((q) => button(q.name, `${IV.changeTo}${q.id}`, encodeValue(state, q.id)));
  return fit({ text: which, blocks: [section(`*${which}*`), actions(buttons, `change_${state.version}`)] });
}

export function parentMessage(catalogue: Catalogue, user: string, state: Pick<InterviewState, 'functionLabel'>): Message {
  const copy = catalogue.copy.interview;
  const fn = functionName(state);
  const who = mention(user);
  return fn
    ? { text: fill(copy.parent_for_text, { user: who, function: fn }), blocks: [section(fill(copy.parent_for, { user: who, function: fn }))] }
    : { text: fill(copy.parent_text, { user: who }), blocks: [section(fill(copy.parent, { user: who }))] };
}

function newDecision(catalogue: Catalogue, value: string, style?: 'primary'): Block {
  return actions([button(catalogue.copy.interview.new_decision, IV.start, value, style, catalogue.copy.interview.new_decision_label)]);
}

export function cancelledMessage(catalogue: Catalogue, by: string): Message {
  const copy = catalogue.copy.interview;
  return { text: copy.cancelled_text, blocks: [section(fill(copy.cancelled, { user: mention(by) })), newDecision(catalogue, 'cancelled')] };
}

/** Short notes to one person. */
export function noteMessage(catalogue: Catalogue, n: Note): Message {
  const copy = catalogue.copy.interview;
  switch (n.note) {
    case 'not_starter':
      return { text: copy.not_starter_text, blocks: [section(fill(copy.not_starter, { user: mention(n.starter) }))] };
    case 'stale': {
      const current = n.current === 'none' ? '' : copy[n.current];
      return { text: fill(copy.stale_text, { current }).trim(), blocks: [section(fill(copy.stale, { current }).trim())] };
    }
    case 'finished':
      return n.status === 'done'
        ? { text: copy.finished_text, blocks: [section(copy.finished), newDecision(catalogue, 'stale')] }
        : { text: copy.was_cancelled, blocks: [section(copy.was_cancelled), newDecision(catalogue, 'stale')] };
    case 'expired':
      return { text: copy.expired_text, blocks: [section(copy.expired), newDecision(catalogue, 'expired', 'primary')] };
    case 'gone':
      return { text: copy.gone, blocks: [section(copy.gone), newDecision(catalogue, 'gone')] };
    case 'already_running':
      return { text: copy.already_running_text, blocks: [section(copy.already_running)] };
    case 'missing_answer':
      return { text: copy.missing_answer, blocks: [section(copy.missing_answer)] };
  }
}

/** Plain-text question for the terminal. */
export function questionText(catalogue: Catalogue, state: InterviewState, questionId: string, note?: QuestionNote, echo?: Echo): string {
  const q = catalogue.interview.question.get(questionId)!;
  const suggested = state.suggested?.[q.id];
  const opts = q.options.map((o, i) => `  ${i + 1}. ${o.label}${o.value === suggested ? '  <-' : ''}`).join('\n');
  const lead = [echo ? fill(catalogue.copy.interview.got_it_text, { understood: understood(catalogue, echo) }) : undefined, note ? noteText(catalogue, note) : undefined].filter(Boolean);
  const choice = q.options.find((o) => o.value === suggested);
  return `${lead.length ? `${lead.join('\n')}\n\n` : ''}${position(catalogue, state, q)} · ${q.name}\n${mrkdwnToPlain(q.prompt)}${choice ? `\n${mrkdwnToPlain(fill(catalogue.copy.interview.suggested, { choice: choice.label }))}` : ''}\n${opts}`;
}

/** Plain-text recommendation for the terminal and `recommend --json`. */
export function recommendationText(catalogue: Catalogue, state: Pick<InterviewState, 'functionLabel'>, r: Recommendation): string {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const heading = state.functionLabel
    ? fill(copy.text_title_for, { outcome: outcome.title.toUpperCase(), function: state.functionLabel })
    : fill(copy.text_title, { outcome: outcome.title.toUpperCase() });
  const lines = [heading, mrkdwnToPlain(outcome.summary), '', mrkdwnToPlain(outcome.explanation), '', copy.why];
  if (r.rule) lines.push(`  • ${mrkdwnToPlain(r.rule.reason)}`);
  for (const reason of r.reasons) lines.push(`  • ${spec.question.get(reason.question)!.name}: ${reason.text}.`);
  if (r.split) lines.push('', copy.split, `  ${mrkdwnToPlain(r.split)}`);
  lines.push('', fill(copy.text_runner_up, { outcome: spec.outcomes.get(r.runnerUp)!.title }));
  if (r.change) {
    const q = spec.question.get(r.change.question)!;
    lines.push(`  ${fill(copy.text_change, { choice: optionLabel(q, r.change.value), question: q.name, outcome: spec.outcomes.get(r.change.outcome)!.title })}`);
  }
  if (r.challenges.length) {
    lines.push('', mrkdwnToPlain(fill(copy.challenges, { n: r.challenges.length })).replace(/ \(\d+\)$/, ''));
    for (const id of r.challenges) {
      const c = spec.challenges.find((x) => x.id === id)!;
      lines.push(`  • ${c.title}: ${mrkdwnToPlain(c.description)}`, `    ${copy.how_to_manage} ${mrkdwnToPlain(c.mitigation)}`);
    }
  }
  return lines.join('\n');
}
