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
  junction: 'Junction',
  ending: 'Ending',
};

/** A JSON object (not a list, not null). Narrows to the declared object type of the field it tests. */
const isObject = <T,>(value: T): value is Exclude<NonNullable<T>, unknown[] | string | number | boolean> =>
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
const fromAlternatives = (list: DraftTransition[]): DraftTransition | DraftTransition[] => (list.length === 1 ? list[0]! : list);

export const choiceKeys = (state: DraftState | undefined): string[] =>
  isObject(state) && isObject(state.on) ? Object.keys(state.on).filter((key) => key !== TIMEOUT_EVENT) : [];

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
function editedState(doc: DraftDocument, name: string, edit: (draft: DraftDocument) => void): DraftDocument {
  const states = statesOf(doc);
  if (!isObject(doc.states) || !Object.hasOwn(states, name) || !isObject(states[name])) return edited(doc, edit);
  const copy: DraftDocument = { ...doc, states: { ...states, [name]: structuredClone(states[name]) } };
  edit(copy);
  return copy;
}

/* ---------- keys in order ---------- */

/** A copy of an object with its keys in a new order (JSON keeps insertion order; the format gives it meaning). */
function reordered<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of keys) if (key in record) out[key] = record[key]!;
  return out;
}

function renamedKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) out[key === from ? to : key] = value;
  return out;
}

function moved(keys: string[], key: string, delta: number): string[] {
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

function eachTransition(doc: DraftDocument, visit: (t: DraftTransition, where: Omit<Reference, 'label'>) => void) {
  for (const [name, state] of Object.entries(statesOf(doc))) {
    if (!isObject(state)) continue;
    if (Array.isArray(state.always)) state.always.forEach((t, index) => isObject(t) && visit(t, { state: name, choice: null, index }));
    if (isObject(state.on)) {
      for (const [event, value] of Object.entries(state.on)) alternativesOf(value).forEach((t, index) => visit(t, { state: name, choice: event, index }));
    }
  }
}

/** Every transition that leads to `target`, described for a confirmation. */
export function referencesTo(doc: DraftDocument, target: string): Reference[] {
  const out: Reference[] = [];
  eachTransition(doc, (t, where) => {
    if (t.target !== target || where.state === target) return;
    const label =
      where.choice === null
        ? `branch ${where.index + 1} of junction "${where.state}"`
        : where.choice === TIMEOUT_EVENT
          ? `the time-out of "${where.state}"`
          : `choice "${where.choice}" of "${where.state}"`;
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

function stateMeta(d: DraftDocument, name: string): NonNullable<DraftState['meta']> | null {
  const state = statesOf(d)[name];
  if (!state) return null;
  state.meta = isObject(state.meta) ? state.meta : {};
  return state.meta;
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

/* ---------- choices ---------- */

function stateOn(d: DraftDocument, name: string): Record<string, DraftTransition | DraftTransition[]> | null {
  const state = statesOf(d)[name];
  if (!state) return null;
  state.on = isObject(state.on) ? state.on : {};
  return state.on;
}

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
export type ReplyField = (typeof REPLY_FIELDS)[number];

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

/* ---------- junction branches ---------- */

function branchesOf(d: DraftDocument, name: string): DraftTransition[] | null {
  const state = statesOf(d)[name];
  if (!state) return null;
  state.always = Array.isArray(state.always) ? state.always : [];
  return state.always;
}

/** A new branch goes before the last, which stays the unguarded fallback. */
export function addBranch(doc: DraftDocument, name: string): DraftDocument {
  return editedState(doc, name, (d) => {
    const branches = branchesOf(d, name);
    if (!branches) return;
    const branch: DraftTransition = { guard: { type: 'moodAtLeast', params: { value: 0 } }, target: '' };
    if (branches.length === 0) branches.push({ target: '' });
    else branches.splice(branches.length - 1, 0, branch);
  });
}

export function editBranch(doc: DraftDocument, name: string, index: number, change: (t: DraftTransition) => void): DraftDocument {
  return editedState(doc, name, (d) => {
    const branch = branchesOf(d, name)?.[index];
    if (branch) change(branch);
  });
}

export function removeBranch(doc: DraftDocument, name: string, index: number): DraftDocument {
  return editedState(doc, name, (d) => {
    branchesOf(d, name)?.splice(index, 1);
  });
}

export function moveBranch(doc: DraftDocument, name: string, index: number, delta: number): DraftDocument {
  return editedState(doc, name, (d) => {
    const branches = branchesOf(d, name);
    const to = index + delta;
    if (!branches || to < 0 || to >= branches.length) return;
    const [branch] = branches.splice(index, 1);
    branches.splice(to, 0, branch!);
  });
}

/* ---------- a transition's actions and guard ---------- */

const actionsOf = (t: DraftTransition): DraftAction[] => (Array.isArray(t.actions) ? t.actions.filter(isObject) : []);

/** Points per principle, over all of a transition's score actions. */
export function pointsOf(t: DraftTransition): Record<string, number> {
  const points: Record<string, number> = {};
  for (const action of actionsOf(t)) {
    if (action.type !== 'score' || !isObject(action.params)) continue;
    for (const [id, value] of Object.entries(action.params)) if (typeof value === 'number') points[id] = (points[id] ?? 0) + value;
  }
  return points;
}

export function moodOf(t: DraftTransition): number | undefined {
  const action = actionsOf(t).find((a) => a.type === 'mood');
  const by = action?.params?.by;
  return typeof by === 'number' ? by : undefined;
}

export const flagsOf = (t: DraftTransition): string[] =>
  actionsOf(t).flatMap((a) => (a.type === 'remember' && typeof a.params?.flag === 'string' ? [a.params.flag] : []));

/** Writes the actions back in the files' order: score, mood, remember; anything else is kept after them. */
function writeActions(t: DraftTransition, points: Record<string, number>, mood: number | undefined, flags: string[]) {
  const others = actionsOf(t).filter((a) => a.type !== 'score' && a.type !== 'mood' && a.type !== 'remember');
  const actions: DraftAction[] = [];
  if (Object.keys(points).length) actions.push({ type: 'score', params: points });
  if (mood !== undefined) actions.push({ type: 'mood', params: { by: mood } });
  for (const flag of flags) actions.push({ type: 'remember', params: { flag } });
  actions.push(...others);
  if (actions.length) t.actions = actions;
  else delete t.actions;
}

/** Sets a principle's points; undefined stops the choice naming it. */
export function setPoints(t: DraftTransition, principle: string, value: number | undefined) {
  const points = pointsOf(t);
  if (value === undefined) delete points[principle];
  else points[principle] = value;
  writeActions(t, points, moodOf(t), flagsOf(t));
}

export function setMood(t: DraftTransition, by: number | undefined) {
  writeActions(t, pointsOf(t), by, flagsOf(t));
}

export function setFlags(t: DraftTransition, flags: string[]) {
  writeActions(t, pointsOf(t), moodOf(t), flags);
}

export type GuardType = 'moodAtLeast' | 'moodBelow' | 'remembered' | 'notRemembered';
export const GUARD_LABELS: Record<GuardType, string> = {
  moodAtLeast: 'Mood is at least',
  moodBelow: 'Mood is below',
  remembered: 'Remembered flag',
  notRemembered: 'Did not remember flag',
};
export const isMoodGuard = (type: string | undefined) => type === 'moodAtLeast' || type === 'moodBelow';

/** Sets the guard's type, keeping its value or flag where the new type takes the same kind. */
export function setGuardType(t: DraftTransition, type: GuardType | '') {
  if (type === '') {
    delete t.guard;
    return;
  }
  const before: DraftGuard = isObject(t.guard) ? t.guard : {};
  const params = isMoodGuard(type)
    ? { value: isMoodGuard(before.type) && typeof before.params?.value === 'number' ? before.params.value : 0 }
    : { flag: !isMoodGuard(before.type) && typeof before.params?.flag === 'string' ? before.params.flag : '' };
  t.guard = { type, params };
}

export function setGuardParam(t: DraftTransition, value: number | string) {
  if (!isObject(t.guard)) return;
  t.guard.params = typeof value === 'number' ? { value } : { flag: value };
}

/** Sets a transition's feedback; empty text removes it. */
export function setFeedback(t: DraftTransition, feedback: string) {
  const meta = isObject(t.meta) ? t.meta : {};
  if (feedback === '') delete meta.feedback;
  else meta.feedback = feedback;
  if (Object.keys(meta).length) t.meta = meta;
  else delete t.meta;
}

/* ---------- scenario settings ---------- */

export type MetaTextField = 'title' | 'summary' | 'channel' | 'difficulty' | 'feedback';
export type MetaNumberField = 'minutes' | 'passPercent';

export function setMetaField(doc: DraftDocument, field: MetaTextField | MetaNumberField, value: string | number | undefined): DraftDocument {
  return edited(doc, (d) => {
    const meta = (isObject(d.meta) ? d.meta : {}) as Record<string, unknown>;
    if (value === undefined) delete meta[field];
    else meta[field] = value;
    d.meta = meta as DraftMeta;
  });
}

export function setPersona(doc: DraftDocument, field: 'name' | 'role', value: string): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    d.meta.persona = { ...(isObject(d.meta.persona) ? d.meta.persona : {}), [field]: value };
  });
}

export function setPrinciples(doc: DraftDocument, principles: string[]): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    d.meta.principles = principles;
  });
}

/** The assessment pool: both fields empty removes the optional key. */
export function setPool(doc: DraftDocument, field: 'id' | 'title', value: string): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    const pool = { ...(isObject(d.meta.pool) ? d.meta.pool : {}), [field]: value };
    if (!pool.id && !pool.title) delete d.meta.pool;
    else d.meta.pool = pool;
  });
}

/** Tags: none removes the optional key. */
export function setTags(doc: DraftDocument, tags: string[]): DraftDocument {
  return edited(doc, (d) => {
    d.meta = isObject(d.meta) ? d.meta : {};
    if (tags.length) d.meta.tags = tags;
    else delete d.meta.tags;
  });
}

export function setStartingMood(doc: DraftDocument, mood: number | undefined): DraftDocument {
  return edited(doc, (d) => {
    if (mood === undefined) delete d.context;
    else d.context = { ...(isObject(d.context) ? d.context : {}), mood };
  });
}

export function setInitial(doc: DraftDocument, name: string): DraftDocument {
  return edited(doc, (d) => {
    d.initial = name;
  });
}

/** The flags that any transition remembers or any guard reads, for the preview's starting point. */
export function flagsUsed(doc: DraftDocument): string[] {
  const flags = new Set<string>();
  eachTransition(doc, (t) => {
    for (const flag of flagsOf(t)) if (flag) flags.add(flag);
    const guardFlag = isObject(t.guard) ? t.guard.params?.flag : undefined;
    if (typeof guardFlag === 'string' && guardFlag) flags.add(guardFlag);
  });
  return [...flags].sort();
}
