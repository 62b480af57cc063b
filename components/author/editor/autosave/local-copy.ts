/**
 * The copy of the draft kept in this browser until a save lands, so a crash or a closed tab loses
 * nothing. One per scenario; an earlier session's copy is offered back when the editor opens.
 */
export interface LocalCopy {
  text: string;
  baseRevision: number;
  keptAt: string;
}

export const localCopyKey = (scenarioId: string) => `frontline:draft:${scenarioId}`;

export function readLocalCopy(scenarioId: string): LocalCopy | null {
  try {
    const stored = window.localStorage.getItem(localCopyKey(scenarioId));
    if (!stored) return null;
    const copy = JSON.parse(stored) as LocalCopy;
    return typeof copy.text === 'string' && Number.isInteger(copy.baseRevision) ? copy : null;
  } catch {
    return null;
  }
}

/** Writes the copy, or removes it for null. */
export function writeLocalCopy(scenarioId: string, copy: LocalCopy | null) {
  try {
    if (copy) window.localStorage.setItem(localCopyKey(scenarioId), JSON.stringify(copy));
    else window.localStorage.removeItem(localCopyKey(scenarioId));
  } catch {
    // Storage full or disabled: the server copy and the retries remain.
  }
}
