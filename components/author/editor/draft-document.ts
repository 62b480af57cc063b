import { TIMEOUT_EVENT } from '@/machines/format';

/**
 * The draft as the editor holds it: the parsed JSON of a `frontline.scenario/1` document that may
 * be unfinished or wrong anywhere, so every field is optional and read with care. The checker says
 * what is wrong; the editor only has to keep whatever the author wrote.
 */
export interface DraftGuard {
  type?: string;
  params?: { value?: number; flag?: string };
}
export interface DraftAction {
  type?: string;
  params?: Record<string, unknown>;
}
export interface DraftTransitionMeta {
  choice?: string;
  feedback?: string;
  /** Why taking this reply (or letting time run out) is a critical error. */
  critical?: string;
  /** What the reply does, for trainers. */
  intent?: string;
  /** Other ways a trainee might say the reply. */
  examples?: string[];
}
export interface DraftTransition {
  target?: string;
  guard?: DraftGuard;
  actions?: DraftAction[];
  meta?: DraftTransitionMeta;
}
export interface DraftState {
  type?: string;
  meta?: { say?: string | string[]; narration?: string; timeLimitSeconds?: number; fixedOrder?: boolean; outcome?: string; summary?: string };
  on?: Record<string, DraftTransition | DraftTransition[]>;
  always?: DraftTransition[];
}
export interface DraftMeta {
  format?: string;
  title?: string;
  summary?: string;
  channel?: string;
  difficulty?: string;
  minutes?: number;
  passPercent?: number;
  feedback?: string;
  persona?: { name?: string; role?: string };
  principles?: string[];
  tags?: string[];
  pool?: { id?: string; title?: string };
  ownWords?: boolean;
}
export interface DraftDocument {
  $schema?: string;
  id?: string;
  initial?: string;
  context?: { mood?: number };
  meta?: DraftMeta;
  states?: Record<string, DraftState>;
}

export type StateKind = 'decision' | 'timed' | 'junction' | 'ending';
export const STATE_KIND_LABELS: Record<StateKind, string> = {
  decision: 'Decision',
  timed: 'Timed decision',
  junction: 'Automatic branch',
  ending: 'Ending',
};
/** The kind with its article, for sentences: "an automatic branch". */
export const STATE_KIND_WITH_ARTICLE: Record<StateKind, string> = {
  decision: 'a decision',
  timed: 'a timed decision',
  junction: 'an automatic branch',
  ending: 'an ending',
};

/** A JSON object (not a list, not null). Narrows to the declared object type of the field it tests. */
export const isObject = <T>(value: T): value is Exclude<NonNullable<T>, unknown[] | string | number | boolean> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Any parsed JSON as a draft: a value that is not an object is treated as an empty one. */
export const asDraft = (value: unknown): DraftDocument => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as DraftDocument) : {});

export const statesOf = (doc: DraftDocument): Record<string, DraftState> => (isObject(doc.states) ? doc.states : {});
export const stateNames = (doc: DraftDocument): string[] => Object.keys(statesOf(doc));

export function kindOf(state: DraftState | undefined): StateKind {
  if (!isObject(state)) return 'decision';
  if (state.type === 'final') return 'ending';
  if ('always' in state) return 'junction';
  return isObject(state.meta) && state.meta.timeLimitSeconds !== undefined ? 'timed' : 'decision';
}

/** A transition value in list form. */
export const alternativesOf = (value: DraftTransition | DraftTransition[] | undefined): DraftTransition[] =>
  value === undefined ? [] : Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];

/** A list of alternatives as the file writes it: one alone stands as itself. */
export const fromAlternatives = (list: DraftTransition[]): DraftTransition | DraftTransition[] => (list.length === 1 ? list[0]! : list);

export const choiceKeys = (state: DraftState | undefined): string[] => (isObject(state) && isObject(state.on) ? Object.keys(state.on).filter((key) => key !== TIMEOUT_EVENT) : []);

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
export const sayList = (say: unknown): string[] => (Array.isArray(say) ? say.map(text) : typeof say === 'string' ? [say] : []);

/** Applies an edit to a copy: the draft held by the editor is never changed in place. */
export function edited(doc: DraftDocument, edit: (draft: DraftDocument) => void): DraftDocument {
  const copy = structuredClone(doc);
  edit(copy);
  return copy;
}

/**
 * Applies an edit that changes only the state `name` to a copy that shares every other state with
 * `doc`: copying the whole draft on each keystroke took most of a keystroke's time on a large
 * scenario, and the unchanged states stay the same objects for whatever shows them.
 */
export function editedState(doc: DraftDocument, name: string, edit: (draft: DraftDocument) => void): DraftDocument {
  const states = statesOf(doc);
  if (!isObject(doc.states) || !Object.hasOwn(states, name) || !isObject(states[name])) return edited(doc, edit);
  const copy: DraftDocument = { ...doc, states: { ...states, [name]: structuredClone(states[name]) } };
  edit(copy);
  return copy;
}

/* ---------- keys in order ---------- */

/** A copy of an object with its keys in a new order (JSON keeps insertion order; the format gives it meaning). */
export function reordered<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of keys) if (key in record) out[key] = record[key]!;
  return out;
}

export function renamedKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) out[key === from ? to : key] = value;
  return out;
}

export function moved(keys: string[], key: string, delta: number): string[] {
  const index = keys.indexOf(key);
  const to = index + delta;
  if (index < 0 || to < 0 || to >= keys.length) return keys;
  const out = [...keys];
  out.splice(index, 1);
  out.splice(to, 0, key);
  return out;
}

/** A name not yet taken: `base`, else `base-2`, `base-3`… */
export function freeName(taken: Iterable<string>, base: string): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) if (!names.has(`${base}-${n}`)) return `${base}-${n}`;
}

/* ---------- a state's meta and transitions, made objects where they were not ---------- */

export function stateMeta(d: DraftDocument, name: string): NonNullable<DraftState['meta']> | null {
  const state = statesOf(d)[name];
  if (!state) return null;
  state.meta = isObject(state.meta) ? state.meta : {};
  return state.meta;
}

export function stateOn(d: DraftDocument, name: string): Record<string, DraftTransition | DraftTransition[]> | null {
  const state = statesOf(d)[name];
  if (!state) return null;
  state.on = isObject(state.on) ? state.on : {};
  return state.on;
}

/* ---------- where states are pointed at ---------- */

export interface Reference {
  /** The state whose transition points here. */
  state: string;
  /** The choice key, TIMEOUT, or null for a junction branch. */
  choice: string | null;
  /** Index among alternatives or junction branches. */
  index: number;
  /** In words, e.g. `choice "greet" of "opening"`. */
  label: string;
}

export function eachTransition(doc: DraftDocument, visit: (t: DraftTransition, where: Omit<Reference, 'label'>) => void) {
  for (const [name, state] of Object.entries(statesOf(doc))) {
    if (!isObject(state)) continue;
    if (Array.isArray(state.always)) state.always.forEach((t, index) => isObject(t) && visit(t, { state: name, choice: null, index }));
    if (isObject(state.on)) {
      for (const [event, value] of Object.entries(state.on)) alternativesOf(value).forEach((t, index) => visit(t, { state: name, choice: event, index }));
    }
  }
}
