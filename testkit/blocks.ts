/**
 * Reading Block Kit in tests: the buttons of a message (built in-process or recorded by the fake Slack), and what
 * kind of decision message it is. One definition each, shared by every test and script.
 */
import { IV } from '../src/conversation/actions.js';

export interface TestButton {
  readonly action_id: string;
  readonly value?: string;
  readonly text: { text: string };
  readonly style?: string;
  readonly accessibility_label?: string;
  readonly confirm?: { title: { text: string }; text: { text: string } };
}

/** Anything with blocks: a `Message`, a recorded call's body, or the recorded call itself. */
type WithBlocks = { blocks?: unknown } | { body: { blocks?: unknown } };

function blocksOf(x: WithBlocks): Array<{ type?: string; elements?: unknown[] }> {
  const blocks = 'body' in x ? x.body.blocks : x.blocks;
  return Array.isArray(blocks) ? (blocks as Array<{ type?: string; elements?: unknown[] }>) : [];
}

/** Every button in the message's actions blocks, in order. */
export function buttonsOf(x: WithBlocks): TestButton[] {
  return blocksOf(x).flatMap((b) => (b.type === 'actions' ? ((b.elements ?? []) as TestButton[]) : []));
}

/** The button with this action id; throws, listing what there is, when there is none. */
export function buttonOf(x: WithBlocks, actionId: string): TestButton {
  const found = buttonsOf(x).find((b) => b.action_id === actionId);
  if (!found) throw new Error(`no button ${actionId} in ${buttonsOf(x).map((b) => b.action_id).join(', ')}`);
  return found;
}

export interface TestFeedback {
  readonly action_id: string;
  readonly positive_button: { text: { text: string }; value: string; accessibility_label?: string };
  readonly negative_button: { text: { text: string }; value: string; accessibility_label?: string };
}

/** The feedback buttons element of a message (in its context actions block), or undefined. */
export function feedbackOf(x: WithBlocks): TestFeedback | undefined {
  return blocksOf(x).flatMap((b) => (b.type === 'context_actions' ? ((b.elements ?? []) as TestFeedback[]) : [])).find((e) => (e as { type?: string }).type === 'feedback_buttons');
}

/** A decision's question: it has answer buttons. */
export function isQuestion(x: WithBlocks): boolean {
  return buttonsOf(x).some((b) => b.action_id.startsWith(IV.answer));
}

/** A decision's recommendation: the only message with a "Share in channel" button for a decision. */
export function isRecommendation(x: WithBlocks): boolean {
  return buttonsOf(x).some((b) => b.action_id === IV.share);
}

/** The question a question message asks (from its answer buttons' values: id|version|question|value). */
export function questionAsked(x: WithBlocks): string | undefined {
  return buttonsOf(x).find((b) => b.action_id.startsWith(IV.answer))?.value?.split('|')[2];
}

/** All of a value as one string, for "contains" checks. */
export const allText = (x: unknown): string => JSON.stringify(x);
