/**
 * Reading an answer's parts: which section a question can ask for first, the topics its text names (`[[id]]`),
 * and how many words a first screen holds. Pure; the loader, the content lint, the matcher's content and the
 * renderers share these definitions.
 */
import type { IntentFile, Section } from './schema.js';

/** The first screen of an answer (its short answer, or the section asked for) holds at most this many words. */
export const FIRST_SCREEN_WORDS = 80;

/** `[[intent-id]]` in answer text names another topic; it is shown as that topic's label. */
export const LINK = /\[\[([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\]\]/g;

/** The intent ids a text names. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(LINK)].map((m) => m[1]!);
}

/** Replaces each `[[id]]` with what `show` makes of it. */
export function resolveLinks(text: string, show: (id: string) => string): string {
  return text.replace(LINK, (_m, id: string) => show(id));
}

/** Every piece of text a section shows, heading included. */
export function sectionTexts(s: Section): string[] {
  const own = s.heading ? [s.heading] : [];
  switch (s.type) {
    case 'text':
      return [...own, s.text];
    case 'list':
      return [...own, ...s.items];
    case 'compare':
      return [...own, ...s.columns, ...s.rows.flatMap((r) => [r.label, ...r.values])];
  }
}

/** Every piece of text an intent's answer shows: the short answer, the sections, the small-talk replies. */
export function answerTexts(intent: IntentFile): string[] {
  return [intent.short, ...intent.answer.flatMap(sectionTexts), ...intent.replies.map((r) => r.text)];
}

/** A section a question can ask for first. */
export function isSelectable(s: Section): boolean {
  return s.aspects.length > 0 || s.cues.length > 0;
}

/** Words as a person reads them: markup removed, each `[[id]]` counted as the label shown for it. */
export function wordCount(text: string, labelOf: (id: string) => string): number {
  const shown = resolveLinks(text, labelOf).replace(/[*_~`]/g, ' ');
  return shown.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Words in a section, as its first screen would show them. */
export function sectionWords(s: Section, labelOf: (id: string) => string): number {
  return sectionTexts(s).reduce((n, t) => n + wordCount(t, labelOf), 0);
}

/** The section with this id, if any. */
export function sectionById(intent: IntentFile, id: string | undefined): Section | undefined {
  return id === undefined ? undefined : intent.answer.find((s) => s.id === id);
}

/** The sections in the order the whole answer shows them: the one asked for first, then the rest as written. */
export function orderedSections(intent: IntentFile, focus: string | undefined): Section[] {
  const first = sectionById(intent, focus);
  return first ? [first, ...intent.answer.filter((s) => s !== first)] : [...intent.answer];
}
