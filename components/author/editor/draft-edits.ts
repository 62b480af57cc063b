/**
 * Pure edits of the editor's draft: each returns a changed copy and leaves the draft it was given
 * as it was. This module edits states (and says what points at one); the draft's types and readers
 * are in ./draft-document.ts, and the other edits by what they change, all re-exported here.
 */

import { TIMEOUT_EVENT } from '@/machines/format';
import {
  type DraftDocument,
  type DraftState,
  eachTransition,
  edited,
  editedState,
  isObject,
  kindOf,
  moved,
  type Reference,
  renamedKey,
  reordered,
  sayList,
  type StateKind,
  stateMeta,
  statesOf,
} from './draft-document';

/* ---------- what points at a state ---------- */

/** Every transition that leads to `target`, described for a confirmation. */
export function referencesTo(doc: DraftDocument, target: string): Reference[] {
  const out: Reference[] = [];
  eachTransition(doc, (t, where) => {
    if (t.target !== target || where.state === target) return;
    const label =
      where.choice === null
        ? `way on ${where.index + 1} of the automatic branch “${where.state}”`
        : where.choice === TIMEOUT_EVENT
          ? `no reply in time at “${where.state}”`
          : `reply “${where.choice}” of “${where.state}”`;
    out.push({ ...where, label });
  });
  if (doc.initial === target) out.unshift({ state: target, choice: null, index: -1, label: 'the scenario start' });
  return out;
}

/* ---------- states ---------- */

export function templateState(kind: StateKind, say = ''): DraftState {
  switch (kind) {
    case 'decision':
      return { meta: { say }, on: {} };
    case 'timed':
      return { meta: { say, timeLimitSeconds: 20 }, on: { [TIMEOUT_EVENT]: { target: '' } } };
    case 'junction':
      return { always: [{ target: '' }] };
    case 'ending':
      return { type: 'final', meta: { outcome: 'success', summary: '' } };
  }
}

export function addState(doc: DraftDocument, name: string, kind: StateKind, after: string | null = null): DraftDocument {
  return edited(doc, (d) => {
    const states = statesOf(d);
    const keys = Object.keys(states);
    const index = after === null ? keys.length : keys.indexOf(after) + 1;
    keys.splice(index > 0 ? index : keys.length, 0, name);
    d.states = reordered({ ...states, [name]: templateState(kind) }, keys);
  });
}

/** Renames a state and every target, and the start, that named it. */
export function renameState(doc: DraftDocument, from: string, to: string): DraftDocument {
  return edited(doc, (d) => {
    d.states = renamedKey(statesOf(d), from, to);
    if (d.initial === from) d.initial = to;
    eachTransition(d, (t) => {
      if (t.target === from) t.target = to;
    });
  });
}

export function deleteState(doc: DraftDocument, name: string): DraftDocument {
  return edited(doc, (d) => {
    const states = statesOf(d);
    delete states[name];
    d.states = states;
  });
}

export function moveState(doc: DraftDocument, name: string, delta: number): DraftDocument {
  return edited(doc, (d) => {
    const states = statesOf(d);
    d.states = reordered(states, moved(Object.keys(states), name, delta));
  });
}

/**
 * Turns a state into another kind, keeping what both kinds have: the customer's lines, and the
 * choices when a decision gains or loses its timer.
 */
export function setStateKind(doc: DraftDocument, name: string, kind: StateKind): DraftDocument {
  if (kindOf(statesOf(doc)[name]) === kind) return doc;
  return editedState(doc, name, (d) => {
    const states = statesOf(d);
    const state = states[name] ?? {};
    const current = kindOf(state);
    const say = isObject(state.meta) ? state.meta.say : undefined;
    if ((current === 'decision' || current === 'timed') && (kind === 'decision' || kind === 'timed')) {
      applyTimeLimit(state, kind === 'timed' ? 20 : undefined);
      return;
    }
    const next = templateState(kind);
    if (next.meta && say !== undefined && kind !== 'junction') next.meta.say = say;
    if (kind === 'ending' && sayList(say).every((line) => !line.trim()) && next.meta) delete next.meta.say;
    states[name] = next;
  });
}

function applyTimeLimit(state: DraftState, seconds: number | undefined) {
  state.meta = isObject(state.meta) ? state.meta : {};
  state.on = isObject(state.on) ? state.on : {};
  if (seconds === undefined) {
    delete state.meta.timeLimitSeconds;
    delete state.on[TIMEOUT_EVENT];
  } else {
    state.meta.timeLimitSeconds = seconds;
    // The format wants TIMEOUT exactly when there is a time limit.
    state.on[TIMEOUT_EVENT] ??= { target: '' };
  }
}

/** Sets or removes a decision's time limit, adding or removing its TIMEOUT with it. */
export function setTimeLimit(doc: DraftDocument, name: string, seconds: number | undefined): DraftDocument {
  return editedState(doc, name, (d) => {
    const state = statesOf(d)[name];
    if (state) applyTimeLimit(state, seconds);
  });
}

/** The customer's lines: one stands as a string, several as a list, none removes the key (endings only). */
export function setSay(doc: DraftDocument, name: string, lines: string[]): DraftDocument {
  return editedState(doc, name, (d) => {
    const meta = stateMeta(d, name);
    if (!meta) return;
    if (lines.length === 0) delete meta.say;
    else meta.say = lines.length === 1 ? lines[0]! : lines;
  });
}

export type StateMetaField = 'narration' | 'summary' | 'outcome';

/** Sets a text field of a state's meta; empty text removes an optional one. */
export function setStateMeta(doc: DraftDocument, name: string, field: StateMetaField, value: string): DraftDocument {
  return editedState(doc, name, (d) => {
    const meta = stateMeta(d, name);
    if (!meta) return;
    if (value === '' && field === 'narration') delete meta[field];
    else meta[field] = value;
  });
}

export * from './draft-document';
export * from './choice-edits';
export * from './transition-edits';
export * from './settings-edits';
