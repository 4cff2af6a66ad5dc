/**
 * The app's own sentences (`intents/copy.yml`), by id. Each template may use only the `{names}` its schema entry
 * lists, so a typo in a placeholder fails the content lint instead of reaching a user as `{usr}`.
 */
import { z } from 'zod';

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** A sentence that may use exactly these placeholders (any of them, each as often as it likes). */
function template<const N extends string>(...names: N[]) {
  return z
    .string()
    .trim()
    .min(1)
    .max(3000)
    .superRefine((text, ctx) => {
      for (const [, name] of text.matchAll(PLACEHOLDER)) {
        if (!(names as string[]).includes(name!))
          ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}}${names.length ? ` (allowed: ${names.map((n) => `{${n}}`).join(', ')})` : ' (this sentence takes none)'}` });
      }
    }) as unknown as z.ZodType<Template<N>>;
}

/** A template string, branded with the placeholders it takes. */
export type Template<N extends string = never> = string & { readonly __placeholders?: N };

/** Fills `{name}` placeholders. Values are inserted as given: escape user text before passing it. */
export function fill<N extends string>(text: Template<N>, values: [N] extends [never] ? Record<string, never> : Record<N, string | number>): string {
  return text.replace(PLACEHOLDER, (m, name: string) => {
    const v = (values as Record<string, string | number | undefined>)[name];
    return v === undefined ? m : String(v);
  });
}

const t = template;

export const CopyFile = z.strictObject({
  answer: z.strictObject({
    share: t(),
    share_label: t(),
    more: t(),
    more_label: t('topic'),
    compare_corner: t(),
    decide: t(),
    decide_label: t(),
    did_you_mean: t(),
    no_match: t('question'),
    not_sure: t(),
    shared_by: t('user'),
    sources: t('titles'),
    source_article: t('publisher', 'title'),
    source_comment: t('publisher', 'title'),
    source_general: t('title'),
    no_match_text: t('question'),
    did_you_mean_text: t('labels'),
    uncovered: t('gap'),
    related_text: t('labels'),
  }),
  interview: z.strictObject({
    position: t('n', 'total'),
    hint: t(),
    question_text: t('name', 'prompt', 'options'),
    help_button: t(),
    help_label: t(),
    cancel_button: t(),
    cancel_label: t(),
    back_button: t(),
    back_label: t(),
    answered: t('name', 'choice', 'user'),
    answered_text: t('name', 'choice'),
    why_asked: t('name', 'help'),
    why_asked_text: t('name', 'help'),
    restarting: t(),
    first_question: t(),
    back_to_decision: t(),
    got_it: t('understood'),
    got_it_text: t('understood'),
    clarify: t('choices'),
    not_an_answer: t('range'),
    suggested: t('choice'),
    deciding_about: t('function'),
    not_understood: t(),
    someone_else_first: t(),
    current_question: t(),
    stale: t('current'),
    stale_text: t('current'),
    not_starter: t('user'),
    not_starter_text: t(),
    finished: t(),
    finished_text: t(),
    was_cancelled: t(),
    expired: t(),
    expired_text: t(),
    gone: t(),
    already_running: t(),
    already_running_text: t(),
    new_decision: t(),
    new_decision_label: t(),
    parent: t('user'),
    parent_for: t('user', 'function'),
    parent_text: t('user'),
    parent_for_text: t('user', 'function'),
    cancelled: t('user'),
    cancelled_text: t(),
    change_which: t(),
    missing_answer: t(),
  }),
  recommendation: z.strictObject({
    title: t('outcome', 'function'),
    header: t('title'),
    why: t(),
    split: t(),
    runner_up: t('outcome'),
    change: t('choice', 'question', 'outcome'),
    no_change: t(),
    challenges: t('n'),
    how_to_manage: t(),
    run_by: t('user', 'answers'),
    share: t(),
    share_label: t(),
    change_answer: t(),
    change_answer_label: t(),
    start_over: t(),
    start_over_label: t(),
    summary_text: t('title', 'summary', 'runner_up', 'challenges'),
    no_challenges: t(),
    shared_title: t('outcome'),
    shared_title_for: t('outcome', 'function'),
    shared_why: t('reasons'),
    shared_split: t('split'),
    shared_challenges: t('challenges'),
    shared_by: t('user', 'answers'),
    shared_by_other: t('user', 'sharer', 'answers'),
    shared_text: t('outcome', 'summary'),
    shared_text_for: t('outcome', 'function', 'summary'),
    text_title: t('outcome'),
    text_title_for: t('outcome', 'function'),
    text_runner_up: t('outcome'),
    text_change: t('choice', 'question', 'outcome'),
  }),
  home: z.strictObject({
    title: t(),
    intro: t(),
    how_to_heading: t(),
    how_to: t(),
    footer: t(),
    modal_title: t(),
    modal_close: t(),
  }),
  errors: z.strictObject({
    not_in_channel: t(),
    archived: t(),
    auth: t(),
    rate_limited: t(),
    store: t(),
    bad_input: t(),
    internal: t(),
    code: t('code'),
  }),
  cli: z.strictObject({
    usage: t(),
    ask_missing: t(),
    chat_welcome: t(),
    interview_welcome: t(),
    not_pair: t('arg', 'questions'),
    recommend_error: t('problem'),
    missing: t('question', 'values'),
    invalid: t('value', 'question', 'values'),
    unknown_question: t('question', 'questions'),
    unknown_command: t('command'),
  }),
});
export type Copy = z.infer<typeof CopyFile>;
