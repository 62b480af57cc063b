/** Adding a typed reply to the draft as an example of one of a decision's replies, within the format's limits. */

import { EXAMPLE_MAX_CHARS, MAX_EXAMPLES } from '@/machines/format';
import { exampleSchema } from '@/machines/schema';
import { alternativesOf, choiceKeys, editExamples, examplesOf, isObject, statesOf, text, type DraftDocument } from '@/components/author/editor/draft-edits';

/** Words compared as the review queue groups them: spaces collapsed, lower case, punctuation at the end stripped. */
export const sameWords = (a: string, b: string) => normalised(a) === normalised(b);
const normalised = (value: string) =>
  value
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[.,!?;:…\s]+$/u, '');

/** The replies of a decision in the draft, by their key and words, in the file's order (no time-out). */
export function repliesOf(doc: DraftDocument, state: string): { event: string; words: string }[] {
  const on = statesOf(doc)[state]?.on;
  return choiceKeys(statesOf(doc)[state]).map((event) => ({ event, words: text(alternativesOf(isObject(on) ? on[event] : undefined)[0]?.meta?.choice) || event }));
}

/** The reply of the state whose words or examples already say this, if one does. */
export function replySaying(doc: DraftDocument, state: string, typed: string): { event: string; words: string } | null {
  const on = statesOf(doc)[state]?.on;
  if (!isObject(on)) return null;
  return repliesOf(doc, state).find((reply) => sameWords(reply.words, typed) || examplesOf(on[reply.event]).some((example) => sameWords(example, typed))) ?? null;
}

/** Why the text cannot be added as an example of that reply, in words; null when it can. */
export function exampleProblem(doc: DraftDocument, state: string, event: string, typed: string): string | null {
  const example = typed.replace(/\s+/g, ' ').trim();
  const reply = repliesOf(doc, state).find((r) => r.event === event);
  if (!reply) return 'The draft has no such reply at this state.';
  if (example === '') return 'There are no words to add.';
  if (example.length > EXAMPLE_MAX_CHARS) return `It is ${example.length} characters long; an example can have at most ${EXAMPLE_MAX_CHARS}.`;
  const checked = exampleSchema.safeParse(example);
  if (!checked.success) return `It cannot be an example: an example ${checked.error.issues[0]!.message}.`;
  const saying = replySaying(doc, state, example);
  if (saying) return saying.event === event ? `“${reply.words}” already says this.` : `“${saying.words}” already says this: as an example of two replies it would match neither.`;
  const examples = examplesOf(statesOf(doc)[state]?.on?.[event]);
  if (examples.length >= MAX_EXAMPLES) return `“${reply.words}” already has ${MAX_EXAMPLES} examples, the most a reply can have. Remove one in the Edit tab first.`;
  return null;
}

/**
 * The draft with the typed words (spaces collapsed) added as the last example of the reply, in
 * every alternative alike; the draft unchanged when `exampleProblem` finds a reason not to.
 */
export function addTypedExample(doc: DraftDocument, state: string, event: string, typed: string): DraftDocument {
  if (exampleProblem(doc, state, event, typed) !== null) return doc;
  const example = typed.replace(/\s+/g, ' ').trim();
  return editExamples(doc, state, event, (examples) => [...examples, example]);
}
