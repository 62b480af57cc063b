import type { AutosaveSnapshot } from './machine';
import type { DraftHead } from './requests';

/** What the save status line says, derived from the machine (./machine.ts) by `statusOf`. */

export interface ConflictInfo {
  keptAs: number;
  /** The text that was refused (and kept as revision `keptAs`). */
  mine: string;
  current: DraftHead;
}

export type SaveStatus =
  | { kind: 'saved'; revision: number; savedAt: string }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'retrying'; retryAt: number; failures: number }
  | { kind: 'unparseable' }
  | { kind: 'failed'; message: string; signedOut: boolean }
  | { kind: 'conflict'; conflict: ConflictInfo };

export function statusOf(snapshot: AutosaveSnapshot): SaveStatus {
  const { context } = snapshot;
  const at = (state: 'saved' | 'pending' | 'unparseable' | 'failed') => snapshot.matches({ save: { idle: state } });
  // Restoring is not announced as saving: the editor's text is saved, and stays so until the restored one replaces it.
  if (at('saved') || snapshot.matches({ save: 'restoring' })) return { kind: 'saved', ...context.lastSaved };
  if (at('pending')) return context.textOk ? { kind: 'pending' } : { kind: 'unparseable' };
  if (at('unparseable')) return { kind: 'unparseable' };
  if (at('failed') && context.failure) return { kind: 'failed', ...context.failure };
  if (snapshot.matches({ save: 'retrying' })) return { kind: 'retrying', retryAt: context.retryAt, failures: context.failures };
  if (snapshot.matches({ save: 'conflict' }) && context.conflict) return { kind: 'conflict', conflict: context.conflict };
  return { kind: 'saving' };
}

/** The revision that holds exactly the editor's text, or null while the server lacks it. */
export function savedRevisionOf(snapshot: AutosaveSnapshot): number | null {
  const { context } = snapshot;
  return context.text === context.savedText && context.conflict === null && !snapshot.hasTag('busy') ? context.baseRevision : null;
}
