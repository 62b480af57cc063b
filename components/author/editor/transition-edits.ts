/** Edits of a junction's branches, and of one transition's actions (points, mood, flags), guard and feedback. */

import { type DraftAction, type DraftDocument, type DraftGuard, type DraftTransition, editedState, isObject, statesOf } from './draft-document';

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

export const flagsOf = (t: DraftTransition): string[] => actionsOf(t).flatMap((a) => (a.type === 'remember' && typeof a.params?.flag === 'string' ? [a.params.flag] : []));

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
  remembered: 'Remembered',
  notRemembered: 'Not remembered',
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
