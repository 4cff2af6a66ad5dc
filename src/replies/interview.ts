/**
 * Block Kit (and plain text) for the decision interview: questions, the recommendation, the change menu and the
 * short notes (stale click, not the starter, expired). Pure builders over the interview spec.
 */
import type { Catalogue } from '../knowledge/load.js';
import type { InterviewState } from '../interview/machine.js';
import type { Recommendation } from '../interview/decide.js';
import type { QuestionFile } from '../interview/schema.js';
import { actions, button, context, divider, fit, header, mrkdwnToPlain, quoteUserText, section, type Block, type Message } from './blocks.js';

/** Action ids of the interview's buttons. Values carry `interviewId|version[|question|value]`. */
export const IV = {
  answer: 'iv_answer:',
  back: 'iv_back',
  help: 'iv_help',
  cancel: 'iv_cancel',
  restart: 'iv_restart',
  change: 'iv_change',
  changeTo: 'iv_change_to:',
  share: 'iv_share',
  start: 'iv_start',
} as const;

export function encodeValue(state: Pick<InterviewState, 'id' | 'version'>, ...rest: string[]): string {
  return [state.id, String(state.version), ...rest].join('|');
}

export function decodeValue(value: string | undefined): { id: string; version: number; rest: string[] } | undefined {
  if (!value) return undefined;
  const [id, version, ...rest] = value.split('|');
  if (!id || !version || !/^\d+$/.test(version)) return undefined;
  return { id, version: Number(version), rest };
}

/** The function's name as shown ("Customer support", or what the user typed, escaped). */
export function functionName(state: Pick<InterviewState, 'functionLabel'>): string | undefined {
  return state.functionLabel ? quoteUserText(state.functionLabel, 60) : undefined;
}

function position(catalogue: Catalogue, state: InterviewState, q: QuestionFile): string {
  const all = catalogue.interview.questions.filter((x) => x.id !== 'function' || state.answers.function === undefined || state.history.includes('function') || state.step === 'function');
  const i = all.findIndex((x) => x.id === q.id);
  return `Question ${i + 1} of ${all.length}`;
}

export function questionMessage(catalogue: Catalogue, state: InterviewState, questionId: string, note?: string): Message {
  const q = catalogue.interview.question.get(questionId)!;
  const blocks: Block[] = [];
  if (note) blocks.push(context(note));
  blocks.push(section(`*${position(catalogue, state, q)} · ${q.name}*\n${q.prompt}`, `q_${state.version}`));
  blocks.push(actions(q.options.map((o, i) => button(`${i + 1}. ${o.label}`, `${IV.answer}${o.value}`, encodeValue(state, q.id, o.value))), `opts_${state.version}`));
  const nav = [button('Help', IV.help, encodeValue(state)), button('Cancel', IV.cancel, encodeValue(state), 'danger')];
  if (state.history.length > 0 || state.changing) nav.unshift(button('Back', IV.back, encodeValue(state)));
  blocks.push(actions(nav, `nav_${state.version}`));
  blocks.push(context('Click an option or reply in this thread: a number, the option, or _back_, _restart_, _cancel_, _help_. You can also ask me a question here.'));
  const text = `${note ? `${note} ` : ''}${q.name}: ${mrkdwnToPlain(q.prompt)} Options: ${q.options.map((o, i) => `${i + 1}. ${o.label}`).join(', ')}`;
  return fit({ text, blocks });
}

/** The question, once answered: the buttons are replaced by the answer, so old buttons cannot be clicked. */
export function answeredMessage(catalogue: Catalogue, questionId: string, value: string, label: string | undefined, by: string): Message {
  const q = catalogue.interview.question.get(questionId)!;
  const chosen = label ? quoteUserText(label, 60) : (q.options.find((o) => o.value === value)?.label ?? value);
  const text = `${q.name}: ${chosen}`;
  return { text, blocks: [section(`:white_check_mark: *${q.name}:* ${chosen}  _(<@${by}>)_`)] };
}

export function helpMessage(catalogue: Catalogue, questionId: string): Message {
  const q = catalogue.interview.question.get(questionId)!;
  return fit({ text: `Why I ask about ${q.name.toLowerCase()}: ${mrkdwnToPlain(q.help)}`, blocks: [section(`*Why I ask: ${q.name}*\n${q.help}`)] });
}

/** "Keep it in-house for Customer support"; the function name is user text, so it is escaped. */
function titleFor(catalogue: Catalogue, state: InterviewState, r: Recommendation): string {
  const outcome = catalogue.interview.outcomes.get(r.recommendation)!;
  const fn = functionName(state);
  return `${outcome.title}${fn ? ` for ${fn}` : ''}`;
}

export function recommendationMessage(catalogue: Catalogue, state: InterviewState, r: Recommendation): Message {
  const spec = catalogue.interview;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const runner = spec.outcomes.get(r.runnerUp)!;
  const blocks: Block[] = [header(`Recommendation: ${titleFor(catalogue, state, r)}`.slice(0, 150)), section(`*${outcome.summary}*\n${outcome.explanation}`)];
  const why: string[] = [];
  if (r.rule) why.push(r.rule.reason);
  for (const reason of r.reasons) why.push(`${spec.question.get(reason.question)!.name}: ${reason.text}.`);
  blocks.push(section(`*Why*\n${why.map((w) => `• ${w}`).join('\n')}`));
  if (r.split) blocks.push(section(`*Which part goes where*\n${r.split}`));
  let alt = `*Runner-up:* ${runner.title}.`;
  if (r.change) {
    const q = spec.question.get(r.change.question)!;
    const o = q.options.find((x) => x.value === r.change!.value)!;
    alt += ` If you answered _${o.label}_ to _${q.name}_, I'd recommend *${spec.outcomes.get(r.change.outcome)!.title}* instead.`;
  } else {
    alt += ' No single answer change would change this recommendation.';
  }
  blocks.push(section(alt));
  if (r.challenges.length) {
    blocks.push(divider());
    blocks.push(section(`*Challenges to manage* (${r.challenges.length})`));
    for (const id of r.challenges) {
      const c = spec.challenges.find((x) => x.id === id)!;
      blocks.push(section(`*${c.title}*: ${c.description}\n_How to manage it:_ ${c.mitigation}`));
    }
  }
  const sources = new Set([...outcome.sources, ...r.challenges.flatMap((id) => spec.challenges.find((c) => c.id === id)!.sources)]);
  const titles = [...sources].map((s) => catalogue.sources.get(s)!).map((s) => (s.kind === 'article' ? `_${s.title}_` : s.title));
  blocks.push(context(`Sources: ${titles.join(' · ')}`));
  blocks.push(context(`Decision run by <@${state.starter}>. ${answersSummary(catalogue, state)}`));
  blocks.push(
    actions(
      [button('Share in channel', IV.share, encodeValue(state), 'primary'), button('Change an answer', IV.change, encodeValue(state)), button('Start over', IV.restart, encodeValue(state))],
      `rec_${state.version}`,
    ),
  );
  const text = `Recommendation: ${titleFor(catalogue, state, r)}. ${outcome.summary} Runner-up: ${runner.title}. Challenges: ${r.challenges.map((id) => spec.challenges.find((c) => c.id === id)!.title).join(', ') || 'none'}.`;
  return fit({ text, blocks });
}

/** "Q: answer" for every answered question, one line. */
export function answersSummary(catalogue: Catalogue, state: InterviewState): string {
  return catalogue.interview.questions
    .filter((q) => q.id !== 'function' && state.answers[q.id] !== undefined)
    .map((q) => `${q.name}: ${q.options.find((o) => o.value === state.answers[q.id])?.label.split(':')[0] ?? state.answers[q.id]}`)
    .join(' · ');
}

/** The summary posted in the channel by "Share in channel", crediting who ran the interview. */
export function sharedSummary(catalogue: Catalogue, state: InterviewState, r: Recommendation, sharedBy: string): Message {
  const spec = catalogue.interview;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const challenges = r.challenges.map((id) => spec.challenges.find((c) => c.id === id)!.title);
  const blocks: Block[] = [
    section(`*Sourcing decision${state.functionLabel ? ` for ${functionName(state)}` : ''}: ${outcome.title}*\n${outcome.summary}`),
    section(`*Why:* ${[r.rule?.reason, ...r.reasons.map((x) => `${x.text}`)].filter(Boolean).join('; ')}.`),
  ];
  if (r.split) blocks.push(section(`*Which part goes where:* ${r.split}`));
  if (challenges.length) blocks.push(section(`*Challenges to manage:* ${challenges.join(', ')}`));
  blocks.push(context(`Decision run by <@${state.starter}>${sharedBy !== state.starter ? `, shared by <@${sharedBy}>` : ''} · ${answersSummary(catalogue, state)}`));
  const fn = functionName(state);
  return fit({ text: `Sourcing decision${fn ? ` for ${fn}` : ''}: ${outcome.title}. ${outcome.summary}`, blocks });
}

export function changeMenu(catalogue: Catalogue, state: InterviewState): Message {
  const buttons = catalogue.interview.questions.map((q) => button(q.name, `${IV.changeTo}${q.id}`, encodeValue(state, q.id)));
  return fit({ text: 'Which answer do you want to change?', blocks: [section('*Which answer do you want to change?*'), actions(buttons, `change_${state.version}`)] });
}

export function parentMessage(user: string, state: Pick<InterviewState, 'functionLabel'>): Message {
  const fn = functionName(state);
  const text = fn ? `<@${user}> started a sourcing decision for *${fn}*` : `<@${user}> started a sourcing decision`;
  return { text: fn ? `<@${user}> started a sourcing decision for ${fn}` : `<@${user}> started a sourcing decision`, blocks: [section(`:thinking_face: ${text}. The questions are in this thread; only <@${user}> answers, everyone can follow along.`)] };
}

export function cancelledMessage(by: string): Message {
  return { text: 'Decision interview cancelled.', blocks: [section(`Decision interview cancelled by <@${by}>. Start again any time with \`/sourcing decide\`.`), actions([button('Start a new decision', IV.start, 'cancelled')])] };
}

/** Short ephemeral notes. */
export const notes = {
  notStarter: (starter: string): Message => ({
    text: `Only the person who started this decision can answer it.`,
    blocks: [section(`Only <@${starter}>, who started this decision, can answer it. You can run your own with \`/sourcing decide\`.`)],
  }),
  stale: (current: string): Message => ({ text: `That question was already answered. ${current}`, blocks: [section(`:information_source: That button is from an earlier step. ${current}`)] }),
  finished: (status: 'done' | 'cancelled'): Message => ({
    text: status === 'done' ? 'This decision is already finished.' : 'This decision was cancelled.',
    blocks: [
      section(status === 'done' ? ':information_source: This decision is already finished; its recommendation is in the thread.' : ':information_source: This decision was cancelled.'),
      actions([button('Start a new decision', IV.start, 'stale')]),
    ],
  }),
  expired: (): Message => ({
    text: 'This decision expired after a long pause. Start a new one any time.',
    blocks: [section(':hourglass: This decision expired after a long pause, so I no longer take answers for it.'), actions([button('Start a new decision', IV.start, 'expired', 'primary')])],
  }),
  gone: (): Message => ({
    text: 'This decision is no longer available.',
    blocks: [section(':information_source: This decision is no longer available.'), actions([button('Start a new decision', IV.start, 'gone')])],
  }),
  alreadyRunning: (): Message => ({ text: 'A decision is already running in this thread.', blocks: [section('A decision is already running in this thread; here is where it stands.')] }),
  notUnderstood: (): string => "I didn't catch that as an answer.",
};

/** Plain-text question for the terminal. */
export function questionText(catalogue: Catalogue, state: InterviewState, questionId: string): string {
  const q = catalogue.interview.question.get(questionId)!;
  const opts = q.options.map((o, i) => `  ${i + 1}. ${o.label}`).join('\n');
  return `${position(catalogue, state, q)} · ${q.name}\n${mrkdwnToPlain(q.prompt)}\n${opts}`;
}

/** Plain-text recommendation for the terminal and `recommend --json`. */
export function recommendationText(catalogue: Catalogue, state: Pick<InterviewState, 'functionLabel'>, r: Recommendation): string {
  const spec = catalogue.interview;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const lines = [`RECOMMENDATION: ${outcome.title.toUpperCase()}${state.functionLabel ? ` (${state.functionLabel})` : ''}`, mrkdwnToPlain(outcome.summary), '', mrkdwnToPlain(outcome.explanation), '', 'Why'];
  if (r.rule) lines.push(`  • ${mrkdwnToPlain(r.rule.reason)}`);
  for (const reason of r.reasons) lines.push(`  • ${spec.question.get(reason.question)!.name}: ${reason.text}.`);
  if (r.split) lines.push('', 'Which part goes where', `  ${mrkdwnToPlain(r.split)}`);
  lines.push('', `Runner-up: ${spec.outcomes.get(r.runnerUp)!.title}`);
  if (r.change) {
    const q = spec.question.get(r.change.question)!;
    lines.push(`  If you answered "${q.options.find((o) => o.value === r.change!.value)!.label}" to "${q.name}", the recommendation would be ${spec.outcomes.get(r.change.outcome)!.title}.`);
  }
  if (r.challenges.length) {
    lines.push('', 'Challenges to manage');
    for (const id of r.challenges) {
      const c = spec.challenges.find((x) => x.id === id)!;
      lines.push(`  • ${c.title}: ${mrkdwnToPlain(c.description)}`, `    How to manage it: ${mrkdwnToPlain(c.mitigation)}`);
    }
  }
  return lines.join('\n');
}
