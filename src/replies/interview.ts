/**
 * Block Kit (and plain text) for the decision interview: questions, the recommendation, the change menu and the
 * short notes (stale click, not the starter, expired). Pure builders over the interview spec and `copy.yml`.
 */
import type { Catalogue } from '../knowledge/load.js';
import { isComplete, isDirectConversation, modeOf, participantsOf, type InterviewState } from '../interview/machine.js';
import { outcomeFor, type Answers } from '../interview/decide.js';
import { disagreements, type Vote } from '../interview/team.js';
import { MAX_REASONS, type Recommendation, type Role } from '../interview/decide.js';
import type { QuestionFile } from '../interview/schema.js';
import { fill } from '../knowledge/copy.js';
import { DECIDE_VIEW, encodeValue, IV, SHARE_VIEW } from '../conversation/actions.js';
import type { Echo, Note, ParentState, QuestionNote, RecommendationView } from '../conversation/replies.js';
import type { ModalView } from './home.js';
import { actions, button, clamp, confirmed, context, fit, LIMITS, plain, type Button, header, mention, mrkdwnToPlain, quoteUserText, richList, section, type Block, type Message } from './blocks.js';
import { feedbackBlock, sourcesOf } from './answer.js';
import { RECOMMENDATION_PREFIX } from '../conversation/feedback.js';

export { IV };

/** The function's name as shown ("Customer support", or what the user typed, escaped). */
export function functionName(state: Pick<InterviewState, 'functionLabel'>): string | undefined {
  return state.functionLabel ? quoteUserText(state.functionLabel, 60) : undefined;
}

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
      `opts_${state.askedVersion ?? state.version}`,
    ),
  );
  const team = modeOf(state) === 'team';
  const votes = state.votes?.[q.id] ?? {};
  const nav = [button(copy.help_button, IV.help, encodeValue(state), undefined, copy.help_label), cancelButton(catalogue, state)];
  if (state.history.length > 0 || state.changing) nav.unshift(button(copy.back_button, IV.back, encodeValue(state), undefined, copy.back_label));
  if (team && Object.keys(votes).length > 0) nav.unshift(button(copy.next_button, IV.next, encodeValue(state), undefined, copy.next_label));
  if (!state.parentTs && !state.parentDelivery && !isDirectConversation(state.channel)) nav.push(modeButton(catalogue, state, 'question'));
  blocks.push(actions(nav, `nav_${state.askedVersion ?? state.version}`));
  if (Object.keys(votes).length > 0 && (team || Object.keys(votes).length > 1)) blocks.push(context(fill(copy.votes, { votes: votesLine(catalogue, q, votes) })));
  blocks.push(context(team ? fill(copy.team_note, { user: mention(state.starter) }) : copy.hint));
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

/** The question, once answered: the buttons are replaced by the answer (and who gave which), so they cannot be clicked again. */
export function answeredMessage(catalogue: Catalogue, questionId: string, value: string, label: string | undefined, by: string, state?: InterviewState): Message {
  const q = catalogue.interview.question.get(questionId)!;
  const choice = label ? quoteUserText(label, 60) : (q.options.find((o) => o.value === value)?.label ?? value);
  const copy = catalogue.copy.interview;
  const votes = state?.votes?.[questionId] ?? {};
  const voters = Object.keys(votes);
  const line =
    voters.length > 1 || (voters.length === 1 && voters[0] !== by)
      ? fill(copy.answered_votes, { name: q.name, choice, votes: votesLine(catalogue, q, votes) })
      : fill(copy.answered, { name: q.name, choice, user: mention(voters[0] ?? by) });
  return { text: fill(copy.answered_text, { name: q.name, choice }), blocks: [section(line)] };
}

/** "@alex: High · @ben: Medium": who gave which answer. */
function votesLine(catalogue: Catalogue, q: QuestionFile, votes: Readonly<Record<string, Vote>>): string {
  return Object.entries(votes)
    .map(([user, v]) => fill(catalogue.copy.interview.vote, { user: mention(user), choice: v.label ? quoteUserText(v.label, 60) : optionLabel(q, v.value).split(':')[0]! }))
    .join(' · ');
}

function cancelButton(catalogue: Catalogue, state: Pick<InterviewState, 'id' | 'version' | 'askedVersion'>): Button {
  const copy = catalogue.copy.interview;
  return confirmed(button(copy.cancel_button, IV.cancel, encodeValue(state), 'danger', copy.cancel_label), {
    title: copy.cancel_confirm_title,
    text: copy.cancel_confirm_text,
    confirm: copy.cancel_confirm_yes,
    deny: copy.confirm_no,
  });
}

function restartButton(catalogue: Catalogue, state: Pick<InterviewState, 'id' | 'version' | 'askedVersion'>, text: string, label?: string): Button {
  const copy = catalogue.copy.interview;
  return confirmed(button(text, IV.restart, encodeValue(state), undefined, label), { title: copy.restart_confirm_title, text: copy.restart_confirm_text, confirm: copy.restart_confirm_yes, deny: copy.confirm_no });
}

/** Switches who answers: to the starter alone in a team decision, to the team in a solo one. */
function modeButton(catalogue: Catalogue, state: Pick<InterviewState, 'id' | 'version' | 'askedVersion' | 'mode'>, where: 'parent' | 'question'): Button {
  const copy = catalogue.copy.interview;
  const team = modeOf(state) === 'team';
  return button(team ? copy.mode_solo : copy.mode_team, `${IV.mode}${where}`, encodeValue(state, team ? 'solo' : 'team'), undefined, team ? copy.mode_solo_label : copy.mode_team_label);
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

/** How many challenges the first screen shows; the rest are behind "More challenges". */
export const FIRST_SCREEN_CHALLENGES = 2;
/** How many answers that pull the other way the first screen names; the rest are in the full reasoning. */
export const FIRST_SCREEN_TENSIONS = 2;

/** The second sentence under the outcome: the rule that decided, or the two strongest answers for it. */
export function gist(catalogue: Catalogue, r: Recommendation): string {
  const copy = catalogue.copy.recommendation;
  if (r.rule?.decided) return r.rule.reason;
  const because = r.reasons.slice(0, 2).map((x) => catalogue.interview.question.get(x.question)!.options.find((o) => o.value === x.value)!.because);
  if (because.length === 2) return fill(copy.gist_two, { first: because[0]!, second: because[1]! });
  if (because.length === 1) return fill(copy.gist_one, { first: because[0]! });
  return copy.gist_none;
}

function roleName(catalogue: Catalogue, role: Role): string {
  const copy = catalogue.copy.recommendation;
  return role === 'for' ? copy.role_for : role === 'against' ? copy.role_against : copy.role_neutral;
}

function challengeLines(catalogue: Catalogue, r: Recommendation, count: number): string[] {
  const copy = catalogue.copy.recommendation;
  return r.fits.slice(0, count).map((f) => {
    const c = catalogue.interview.challenges.find((x) => x.id === f.id)!;
    return `• *${c.title}*: ${f.why}
   _${copy.how_to_manage}_ ${f.mitigation}`;
  });
}

function changeLine(catalogue: Catalogue, r: Recommendation): string {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  let alt = fill(copy.runner_up, { outcome: spec.outcomes.get(r.runnerUp)!.title });
  if (r.change) {
    const q = spec.question.get(r.change.question)!;
    alt += ` ${fill(copy.change, { choice: optionLabel(q, r.change.value), question: q.name, outcome: spec.outcomes.get(r.change.outcome)!.title })}`;
  } else {
    alt += ` ${copy.no_change}`;
  }
  return alt;
}

/** The sources of a recommendation: its outcome's and its challenges'. */
function sourcesLine(catalogue: Catalogue, r: Recommendation): string {
  const spec = catalogue.interview;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const sources = new Set([...outcome.sources, ...r.challenges.flatMap((id) => spec.challenges.find((c) => c.id === id)!.sources)]);
  return sourcesOf(catalogue, [...sources]) ?? '';
}

/**
 * The recommendation in a thread. The first screen (`summary`) leads with the outcome and a two-sentence summary,
 * the reasons for it, what pulls the other way, and the top challenges; `challenges` lists every challenge, and
 * `full` adds every answer's role, what the outcome means, what would change it, and the sources. The buttons
 * switch between them in place.
 */
export function recommendationMessage(catalogue: Catalogue, state: InterviewState, r: Recommendation, echo?: Echo, view: RecommendationView = 'summary'): Message {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const title = titleFor(catalogue, state, r);
  const blocks: Block[] = [];
  if (echo) blocks.push(context(fill(catalogue.copy.interview.got_it, { understood: understood(catalogue, echo) })));
  blocks.push(header(fill(copy.header, { title })), section(`*${outcome.summary}* ${gist(catalogue, r)}`));
  if (view === 'full') blocks.push(section(`*${copy.what_it_means}*\n${outcome.explanation}${r.rule && !r.rule.decided ? `\n${r.rule.reason}` : ''}`));
  // A blend's split takes the room of its third reason on the first screen.
  const reasons = view === 'summary' && r.split ? r.reasons.slice(0, MAX_REASONS - 1) : r.reasons;
  if (reasons.length) blocks.push(richList(reasons.map((x) => x.text), copy.why));
  if (r.split) blocks.push(section(`*${copy.split}*\n${r.split}`));
  const tensions = view === 'summary' ? r.tensions.slice(0, FIRST_SCREEN_TENSIONS) : r.tensions;
  if (tensions.length) {
    const more = r.tensions.length - tensions.length;
    blocks.push(richList(tensions.map((t) => t.text), copy.tensions));
    if (more > 0) blocks.push(context(fill(copy.more_tensions, { n: more })));
  }
  const split = disagreementLines(catalogue, state);
  if (split.length) blocks.push(section(`*${copy.disagree}*\n${split.map((l) => `• ${l}`).join('\n')}`));
  if (view === 'full') {
    const lines = r.considered.map((c) => `• *${roleName(catalogue, c.role)}* · ${spec.question.get(c.question)!.name}: ${c.text}`);
    blocks.push(section(`*${copy.considered}*\n${lines.join('\n')}`), section(changeLine(catalogue, r)));
  }
  const shown = view === 'summary' ? Math.min(FIRST_SCREEN_CHALLENGES, r.fits.length) : r.fits.length;
  blocks.push(section(`*${fill(copy.challenges, { n: r.fits.length })}*\n${challengeLines(catalogue, r, shown).join('\n')}`));
  if (view === 'full' && sourcesLine(catalogue, r)) blocks.push(context(sourcesLine(catalogue, r)));
  blocks.push(
    context(view === 'full' ? fill(copy.run_by, { user: mention(state.starter), answers: answersSummary(catalogue, state) }) : fill(copy.run_by_short, { user: mention(state.starter) })),
  );
  const buttons = [button(copy.share, IV.share, encodeValue(state), 'primary', copy.share_label)];
  if (view === 'summary') {
    buttons.push(button(copy.full_reasoning, `${IV.details}full`, encodeValue(state, 'full'), undefined, copy.full_reasoning_label));
    if (r.fits.length > shown) buttons.push(button(fill(copy.more_challenges, { n: r.fits.length - shown }), `${IV.details}challenges`, encodeValue(state, 'challenges'), undefined, copy.more_challenges_label));
  } else {
    if (view === 'challenges') buttons.push(button(copy.full_reasoning, `${IV.details}full`, encodeValue(state, 'full'), undefined, copy.full_reasoning_label));
    buttons.push(button(copy.show_less, `${IV.details}summary`, encodeValue(state, 'summary'), undefined, copy.show_less_label));
  }
  buttons.push(
    button(copy.canvas, IV.canvas, encodeValue(state), undefined, copy.canvas_label),
    button(copy.change_answer, IV.change, encodeValue(state), undefined, copy.change_answer_label),
    restartButton(catalogue, state, copy.start_over, copy.start_over_label),
  );
  blocks.push(actions(buttons, `rec_${state.version}`));
  blocks.push(feedbackBlock(catalogue, { intent: `${RECOMMENDATION_PREFIX}${r.recommendation}` }, 'message', 'recommendation'));
  const challenges = r.fits.map((f) => spec.challenges.find((x) => x.id === f.id)!.title).join(', ') || copy.no_challenges;
  return fit({ text: fill(copy.summary_text, { title, summary: outcome.summary, runner_up: spec.outcomes.get(r.runnerUp)!.title, challenges }), blocks });
}

/** Each answer someone gave that did not count, and what the recommendation would be had it counted. */
export function disagreementLines(catalogue: Catalogue, state: Pick<InterviewState, 'answers' | 'votes'>): string[] {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  if (!isComplete(state.answers)) return [];
  const people = (users: readonly string[]) => users.map(mention).join(', ');
  return disagreements(spec, state.answers as Answers, state.votes).map((d) => {
    const q = spec.question.get(d.question)!;
    const fields = { question: q.name, chosen: optionLabel(q, d.chosen).split(':')[0]!, chosen_by: people(d.chosenBy), value: optionLabel(q, d.value).split(':')[0]!, by: people(d.by) };
    return d.changes
      ? fill(copy.disagree_changes, { ...fields, by_view: fill(copy.view_of, { users: people(d.by) }), outcome: spec.outcomes.get(d.outcome)!.title })
      : fill(copy.disagree_same, fields);
  });
}

/** The words of a message's first screen as people read it: every block's text, without buttons or markup. */
export function screenWords(message: Message): number {
  const texts: string[] = [];
  for (const b of message.blocks) {
    if (b.type === 'header') texts.push(b.text.text);
    else if (b.type === 'section') texts.push(b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text));
    else if (b.type === 'context') texts.push(...b.elements.map((e) => e.text));
    else if (b.type === 'rich_text') texts.push(...b.elements.flatMap((e) => (e.type === 'rich_text_list' ? e.elements : [e])).flatMap((sec) => sec.elements.map((x) => x.text)));
  }
  return mrkdwnToPlain(texts.join(' ')).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** "Q: answer" for every answered question, one line. */
export function answersSummary(catalogue: Catalogue, state: Pick<InterviewState, 'answers'>): string {
  return catalogue.interview.questions
    .filter((q) => q.id !== 'function' && state.answers[q.id] !== undefined)
    .map((q) => `${q.name}: ${optionLabel(q, state.answers[q.id]!).split(':')[0]}`)
    .join(' · ');
}

/** The summary posted in the channel by "Share in channel", crediting who ran the interview: the first screen's structure, shorter. */
export function sharedSummary(catalogue: Catalogue, state: InterviewState, r: Recommendation, sharedBy: string): Message {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const fn = functionName(state);
  const blocks: Block[] = [
    section(`${fn ? fill(copy.shared_title_for, { outcome: outcome.title, function: fn }) : fill(copy.shared_title, { outcome: outcome.title })}\n${outcome.summary} ${gist(catalogue, r)}`),
  ];
  if (r.reasons.length) blocks.push(section(`*${copy.why}*\n${r.reasons.map((x) => `• ${x.text}`).join('\n')}`));
  if (r.split) blocks.push(section(fill(copy.shared_split, { split: r.split })));
  if (r.tensions.length) blocks.push(section(`*${copy.tensions}*\n${r.tensions.map((t) => `• ${t.text}`).join('\n')}`));
  const split = disagreementLines(catalogue, state);
  if (split.length) blocks.push(section(`*${copy.disagree}*\n${split.map((l) => `• ${l}`).join('\n')}`));
  const top = r.fits.slice(0, FIRST_SCREEN_CHALLENGES).map((f) => `• *${spec.challenges.find((c) => c.id === f.id)!.title}*: ${f.why}`);
  if (top.length) blocks.push(section(`*${fill(copy.challenges, { n: r.fits.length })}*\n${top.join('\n')}`));
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

export function parentMessage(catalogue: Catalogue, user: string, reply: { functionLabel: string | null; state?: ParentState }): Message {
  const copy = catalogue.copy.interview;
  const fn = functionName(reply);
  const who = mention(user);
  const state = reply.state;
  if (state?.status === 'done' && state.answers && isComplete(state.answers)) {
    const outcome = catalogue.interview.outcomes.get(outcomeFor(catalogue.interview, state.answers as Answers))!.title;
    const team = participantsOf(state).length > 1 ? fill(copy.team_of, { user: who }) : who;
    const line = fn ? fill(copy.parent_decided_for, { who: team, outcome, function: fn }) : fill(copy.parent_decided, { who: team, outcome });
    return { text: fill(copy.parent_decided_text, { who: team, outcome }), blocks: [section(line)] };
  }
  if (state?.status === 'cancelled') return { text: fill(copy.parent_cancelled, { user: who }), blocks: [section(fill(copy.parent_cancelled, { user: who }))] };
  const team = state !== undefined && modeOf(state) === 'team';
  const line = team
    ? fn
      ? fill(copy.parent_team_for, { user: who, function: fn })
      : fill(copy.parent_team, { user: who })
    : fn
      ? fill(copy.parent_for, { user: who, function: fn })
      : fill(copy.parent, { user: who });
  const text = fn ? fill(copy.parent_for_text, { user: who, function: fn }) : fill(copy.parent_text, { user: who });
  return { text, blocks: state ? [section(line), actions([modeButton(catalogue, state, 'parent')])] : [section(line)] };
}

function newDecision(catalogue: Catalogue, value: string, style?: 'primary'): Block {
  return actions([button(catalogue.copy.interview.new_decision, IV.start, value, style, catalogue.copy.interview.new_decision_label)]);
}

export function cancelledMessage(catalogue: Catalogue, by: string, state?: InterviewState): Message {
  const copy = catalogue.copy.interview;
  const again = state ? actions([restartButton(catalogue, state, copy.restart_button)]) : newDecision(catalogue, 'cancelled');
  return { text: copy.cancelled_text, blocks: [section(fill(copy.cancelled, { user: mention(by) })), again] };
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
    case 'not_shown_yet':
      return { text: copy.not_shown_yet, blocks: [section(copy.not_shown_yet)] };
    case 'missing_answer':
      return { text: copy.missing_answer, blocks: [section(copy.missing_answer)] };
    case 'canvas_saved':
      return { text: copy.canvas_saved, blocks: [section(copy.canvas_saved)] };
    case 'canvas_unavailable': {
      const line = fill(copy.canvas_unavailable, { reason: n.reason });
      return { text: line, blocks: [section(line)] };
    }
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

/** Plain-text recommendation for the terminal and `recommend --json`: the first screen's structure, then the rest. */
export function recommendationText(catalogue: Catalogue, state: Pick<InterviewState, 'functionLabel'> & Partial<Pick<InterviewState, 'answers' | 'votes'>>, r: Recommendation): string {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const plain = mrkdwnToPlain;
  const heading = state.functionLabel
    ? fill(copy.text_title_for, { outcome: outcome.title.toUpperCase(), function: state.functionLabel })
    : fill(copy.text_title, { outcome: outcome.title.toUpperCase() });
  const lines = [heading, `${plain(outcome.summary)} ${plain(gist(catalogue, r))}`];
  if (r.reasons.length) lines.push('', copy.why, ...r.reasons.map((x) => `  • ${plain(x.text)}`));
  if (r.split) lines.push('', copy.split, `  ${plain(r.split)}`);
  if (r.tensions.length) lines.push('', copy.tensions, ...r.tensions.map((t) => `  • ${plain(t.text)}`));
  const split = state.answers ? disagreementLines(catalogue, { answers: state.answers, votes: state.votes }) : [];
  if (split.length) lines.push('', copy.disagree, ...split.map((l) => `  • ${plain(l)}`));
  lines.push('', plain(fill(copy.challenges, { n: r.fits.length })));
  for (const f of r.fits) {
    const c = spec.challenges.find((x) => x.id === f.id)!;
    lines.push(`  • ${c.title}: ${plain(f.why)}`, `    ${copy.how_to_manage} ${plain(f.mitigation)}`);
  }
  lines.push('', copy.what_it_means, `  ${plain(outcome.explanation)}`);
  if (r.rule && !r.rule.decided) lines.push(`  ${plain(r.rule.reason)}`);
  lines.push('', copy.considered, ...r.considered.map((c) => `  • ${roleName(catalogue, c.role)} · ${spec.question.get(c.question)!.name}: ${plain(c.text)}`));
  lines.push('', fill(copy.text_runner_up, { outcome: spec.outcomes.get(r.runnerUp)!.title }));
  if (r.change) {
    const q = spec.question.get(r.change.question)!;
    lines.push(`  ${fill(copy.text_change, { choice: optionLabel(q, r.change.value), question: q.name, outcome: spec.outcomes.get(r.change.outcome)!.title })}`);
  }
  lines.push('', plain(sourcesLine(catalogue, r)));
  return lines.join('\n');
}

/** The note in place of the channel picker, where there is no form to open (the terminal). */
export function shareNote(catalogue: Catalogue): Message {
  const line = catalogue.copy.interview.share_pick;
  return { text: line, blocks: [section(line)] };
}

/** The form that shares a decision made in a DM: which channel to post it in. */
export function sharePicker(catalogue: Catalogue, state: InterviewState): ModalView {
  const copy = catalogue.copy.interview;
  const outcome = catalogue.interview.outcomes.get(outcomeFor(catalogue.interview, state.answers as Answers))!.title;
  return {
    type: 'modal',
    callback_id: SHARE_VIEW.callbackId,
    private_metadata: JSON.stringify({ channel: state.channel, thread: state.thread, id: state.id }),
    title: { type: 'plain_text', text: clamp(copy.share_title, LIMITS.viewTitle) },
    submit: { type: 'plain_text', text: copy.share_submit },
    close: { type: 'plain_text', text: copy.share_close },
    blocks: [
      section(fill(copy.share_what, { outcome })),
      {
        type: 'input',
        block_id: SHARE_VIEW.block,
        label: { type: 'plain_text', text: copy.share_pick },
        element: { type: 'conversations_select', action_id: SHARE_VIEW.action, filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: true } },
      },
    ],
  };
}

/** The longest function name the form takes (as a typed one is cut when said after "decide"). */
export const FORM_FUNCTION_CHARS = 60;

/**
 * The form the global shortcut opens: the channel to run the decision in (the one being viewed, picked already; the
 * submission carries a response URL for it), a function from the list, or another one typed. Both are optional:
 * without one, the decision asks for it first.
 */
export function decisionForm(catalogue: Catalogue): ModalView {
  const copy = catalogue.copy.shortcuts;
  const options = catalogue.interview.question.get('function')?.options ?? [];
  const blocks: Block[] = [
    section(copy.form_intro),
    {
      type: 'input',
      block_id: DECIDE_VIEW.channelBlock,
      label: plain(copy.form_channel, LIMITS.inputLabel),
      element: {
        type: 'conversations_select',
        action_id: DECIDE_VIEW.channelAction,
        placeholder: plain(copy.form_channel_placeholder, LIMITS.placeholder),
        default_to_current_conversation: true,
        response_url_enabled: true,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    },
  ];
  if (options.length > 0)
    blocks.push({
      type: 'input',
      block_id: DECIDE_VIEW.functionBlock,
      optional: true,
      label: plain(copy.form_function, LIMITS.inputLabel),
      element: {
        type: 'static_select',
        action_id: DECIDE_VIEW.functionAction,
        placeholder: plain(copy.form_function_placeholder, LIMITS.placeholder),
        options: options.slice(0, LIMITS.selectOptions).map((o) => ({ text: plain(o.label, LIMITS.optionText), value: o.value })),
      },
    });
  blocks.push({
    type: 'input',
    block_id: DECIDE_VIEW.otherBlock,
    optional: true,
    label: plain(copy.form_other, LIMITS.inputLabel),
    hint: plain(copy.form_other_hint, LIMITS.inputLabel),
    element: { type: 'plain_text_input', action_id: DECIDE_VIEW.otherAction, placeholder: plain(copy.form_other_placeholder, LIMITS.placeholder), max_length: FORM_FUNCTION_CHARS },
  });
  return {
    type: 'modal',
    callback_id: DECIDE_VIEW.callbackId,
    title: plain(copy.form_title, LIMITS.viewTitle),
    submit: plain(copy.form_submit, LIMITS.confirmButton),
    close: plain(copy.form_close, LIMITS.confirmButton),
    blocks,
  };
}

/**
 * The decision brief as Markdown (a canvas, `recommend --markdown`): the answers with who gave them, the
 * recommendation with its reasons, tensions and disagreements, the challenges as a checklist with mitigations, and
 * the sources. User text (the function's name) is escaped for Markdown.
 */
export function decisionBrief(catalogue: Catalogue, state: Pick<InterviewState, 'functionLabel' | 'answers'> & Partial<Pick<InterviewState, 'votes' | 'starter'>>, r: Recommendation): { title: string; markdown: string } {
  const spec = catalogue.interview;
  const copy = catalogue.copy.recommendation;
  const b = catalogue.copy.brief;
  const outcome = spec.outcomes.get(r.recommendation)!;
  const md = (t: string) => mrkdwnToPlain(t).replace(/([\\`*_[\]#|<>])/g, '\\$1');
  const fn = state.functionLabel ? md(state.functionLabel.slice(0, 60)) : undefined;
  const title = fn ? fill(b.title_for, { outcome: outcome.title, function: fn }) : fill(b.title, { outcome: outcome.title });
  const lines: string[] = [`# ${title}`, '', `**${md(outcome.summary)}** ${md(gist(catalogue, r))}`, ''];
  // Who gave each answer, when anyone is known (a decision in Slack); the terminal's brief has no people.
  const people = Boolean(state.starter) || Object.keys(state.votes ?? {}).length > 0;
  lines.push(`## ${b.answers}`, '', people ? `| ${b.question} | ${b.answer} | ${b.who} |` : `| ${b.question} | ${b.answer} |`, people ? '|---|---|---|' : '|---|---|');
  for (const c of r.considered) {
    const q = spec.question.get(c.question)!;
    const voters = Object.entries(state.votes?.[c.question] ?? {}).map(([u, v]) => `${mention(u)}: ${md(optionLabel(q, v.value).split(':')[0]!)}`);
    const who = voters.join(', ') || (state.starter ? mention(state.starter) : '');
    lines.push(people ? `| ${md(q.name)} | ${md(optionLabel(q, c.value))} | ${who} |` : `| ${md(q.name)} | ${md(optionLabel(q, c.value))} |`);
  }
  lines.push('', `## ${copy.why}`, '', ...r.reasons.map((x) => `- ${md(x.text)}`));
  if (r.split) lines.push('', `## ${copy.split}`, '', md(r.split));
  if (r.tensions.length) lines.push('', `## ${copy.tensions}`, '', ...r.tensions.map((t) => `- ${md(t.text)}`));
  const split = isComplete(state.answers) ? disagreementLines(catalogue, { answers: state.answers, votes: state.votes }) : [];
  if (split.length) lines.push('', `## ${copy.disagree}`, '', ...split.map((l) => `- ${md(l).replace(/\\<@(\w+)\\>/g, '<@$1>')}`));
  lines.push('', `## ${b.challenges}`, '');
  for (const f of r.fits) {
    const c = spec.challenges.find((x) => x.id === f.id)!;
    lines.push(`- [ ] **${md(c.title)}**: ${md(f.why)} ${b.manage} ${md(f.mitigation)}`);
  }
  lines.push('', `## ${b.considered}`, '', ...r.considered.map((c) => `- **${roleName(catalogue, c.role)}** · ${md(spec.question.get(c.question)!.name)}: ${md(c.text)}`));
  const sources = new Set([...outcome.sources, ...r.challenges.flatMap((id) => spec.challenges.find((c) => c.id === id)!.sources)]);
  lines.push('', `## ${b.sources}`, '', ...[...sources].map((id) => catalogue.sources.get(id)!).map((s) => `- ${md(s.title)}${s.publisher ? ` (${md(s.publisher)})` : ''}`));
  return { title, markdown: `${lines.join('\n')}\n` };
}
