/** Edits of a decision's choices: adding, renaming, moving and deleting them, their guarded alternatives, and what belongs to the reply itself. */

import { TIMEOUT_EVENT } from '@/machines/format';
import {
  alternativesOf,
  type DraftDocument,
  type DraftTransition,
  type DraftTransitionMeta,
  editedState,
  fromAlternatives,
  isObject,
  moved,
  renamedKey,
  reordered,
  stateMeta,
  stateOn,
  statesOf,
  text,
} from './draft-document';

/* ---------- choices ---------- */

/** Adds a choice before TIMEOUT, so the time-out stays last as in the files. */
export function addChoice(doc: DraftDocument, name: string, key: string): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    const state = statesOf(d)[name];
    if (!on || !state) return;
    const keys = Object.keys(on).filter((k) => k !== TIMEOUT_EVENT);
    keys.push(key);
    if (TIMEOUT_EVENT in on) keys.push(TIMEOUT_EVENT);
    state.on = reordered({ ...on, [key]: { target: '', meta: { choice: '', feedback: '' } } }, keys);
  });
}

export function renameChoice(doc: DraftDocument, name: string, from: string, to: string): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    const state = statesOf(d)[name];
    if (on && state) state.on = renamedKey(on, from, to);
  });
}

export function moveChoice(doc: DraftDocument, name: string, key: string, delta: number): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    const state = statesOf(d)[name];
    if (!on || !state) return;
    const choices = moved(
      Object.keys(on).filter((k) => k !== TIMEOUT_EVENT),
      key,
      delta,
    );
    state.on = reordered(on, TIMEOUT_EVENT in on ? [...choices, TIMEOUT_EVENT] : choices);
  });
}

export function deleteChoice(doc: DraftDocument, name: string, key: string): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    if (on) delete on[key];
  });
}

/** The words are the same in every alternative of a choice. */
export function setChoiceWords(doc: DraftDocument, name: string, key: string, words: string): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    if (!on) return;
    for (const t of alternativesOf(on[key])) t.meta = { ...(isObject(t.meta) ? t.meta : {}), choice: words };
  });
}

/** Changes one alternative of a choice (or of TIMEOUT). */
export function editAlternative(doc: DraftDocument, name: string, key: string, index: number, change: (t: DraftTransition) => void): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    if (!on) return;
    const list = alternativesOf(on[key]);
    const transition = list[index];
    if (!transition) return;
    change(transition);
    on[key] = fromAlternatives(list);
  });
}

/**
 * A guarded alternative goes first: alternatives are tried in order and the last has no guard. It
 * takes the reply's own fields from the others (its words, and whether it is a critical error, its
 * intent and examples), which the format wants the same in every alternative.
 */
export function addAlternative(doc: DraftDocument, name: string, key: string): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    if (!on) return;
    const list = alternativesOf(on[key]);
    const reply = replyFieldsOf(list[0]);
    const added: DraftTransition = { guard: { type: 'moodAtLeast', params: { value: 0 } }, target: '' };
    if (key !== TIMEOUT_EVENT) added.meta = { choice: text(list[0]?.meta?.choice), feedback: '', ...reply };
    else if (Object.keys(reply).length) added.meta = reply;
    on[key] = [added, ...list];
  });
}

export function removeAlternative(doc: DraftDocument, name: string, key: string, index: number): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    if (!on) return;
    const list = alternativesOf(on[key]);
    if (list.length <= 1) return;
    list.splice(index, 1);
    on[key] = fromAlternatives(list);
  });
}

/* ---------- what belongs to the reply, not to what follows it ---------- */

/**
 * The fields of a reply that are the same in every alternative (the format's checker says so): a
 * critical error, the intent and the other ways to say it. `critical` is the only one a time-out has.
 */
export const REPLY_FIELDS = ['critical', 'intent', 'examples'] as const;

/** A copy of the reply fields an alternative has, in its own key order. */
function replyFieldsOf(t: DraftTransition | undefined): DraftTransitionMeta {
  const out: DraftTransitionMeta = {};
  if (!t || !isObject(t.meta)) return out;
  for (const [field, value] of Object.entries(t.meta)) {
    if (!(REPLY_FIELDS as readonly string[]).includes(field)) continue;
    (out as Record<string, unknown>)[field] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

/** A reply's text field as its first alternative has it ('' when absent). */
export const replyText = (value: DraftTransition | DraftTransition[] | undefined, field: 'critical' | 'intent'): string => text(alternativesOf(value)[0]?.meta?.[field]);

/** A reply's other ways to say it, as its first alternative has them. */
export function examplesOf(value: DraftTransition | DraftTransition[] | undefined): string[] {
  const examples = alternativesOf(value)[0]?.meta?.examples;
  return Array.isArray(examples) ? examples.map(text) : [];
}

/** Changes the meta of every alternative of a reply alike; a meta left empty is removed (a time-out may have none). */
function editReplyMeta(doc: DraftDocument, name: string, key: string, change: (meta: DraftTransitionMeta) => void): DraftDocument {
  return editedState(doc, name, (d) => {
    const on = stateOn(d, name);
    if (!on) return;
    for (const t of alternativesOf(on[key])) {
      const meta: DraftTransitionMeta = isObject(t.meta) ? t.meta : {};
      change(meta);
      if (Object.keys(meta).length) t.meta = meta;
      else delete t.meta;
    }
  });
}

/**
 * Sets why a reply (or letting time run out) is a critical error, or what a reply does, in every
 * alternative; empty text removes the key (not a critical error; no intent written).
 */
export function setReplyText(doc: DraftDocument, name: string, key: string, field: 'critical' | 'intent', value: string): DraftDocument {
  return editReplyMeta(doc, name, key, (meta) => {
    if (value === '') delete meta[field];
    else meta[field] = value;
  });
}

/**
 * Changes a reply's other ways to say it, in every alternative, from the list the first one has;
 * an empty list removes the key.
 */
export function editExamples(doc: DraftDocument, name: string, key: string, change: (examples: string[]) => string[]): DraftDocument {
  const next = change(examplesOf(statesOf(doc)[name]?.on?.[key]));
  return editReplyMeta(doc, name, key, (meta) => {
    if (next.length) meta.examples = [...next];
    else delete meta.examples;
  });
}

/** Keeps a decision's replies in the written order (true), or lets each attempt see them shuffled (false, the default, so the key goes). */
export function setFixedOrder(doc: DraftDocument, name: string, fixed: boolean): DraftDocument {
  return editedState(doc, name, (d) => {
    const meta = stateMeta(d, name);
    if (!meta) return;
    if (fixed) meta.fixedOrder = true;
    else delete meta.fixedOrder;
  });
}
