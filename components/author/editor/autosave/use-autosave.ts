'use client';

import { shallowEqual, useActorRef, useSelector } from '@xstate/react';
import { useCallback, useEffect } from 'react';
import { waitFor } from 'xstate';
import { useLeaveWarning } from '@/components/ui/use-leave-warning';
import { readLocalCopy, writeLocalCopy, type LocalCopy } from './local-copy';
import { autosaveMachine, localCopyOf, NOT_SAVED_YET, type RestoreResult } from './machine';
import { savedRevisionOf, statusOf, type SaveStatus } from './status';

export interface Autosave {
  status: SaveStatus;
  /** The revision the editor's text is based on. */
  baseRevision: number;
  /** Saves now if needed and waits: the revision that holds exactly the editor's text, or null when the server lacks it. */
  saveNow: () => Promise<number | null>;
  /** Leaving a field: save without waiting for the quiet time. */
  flush: () => void;
  /** After a conflict: take the other person's version. */
  loadTheirs: () => void;
  /** After a conflict: put the refused text back on top of theirs, as a restored revision. */
  keepMine: () => void;
  /** Restores an earlier revision on top of the current one (unsaved edits are saved first). */
  restore: (revision: number) => Promise<RestoreResult>;
  /** Edits an earlier session kept in this browser that the server never got, until recovered or discarded. */
  offeredCopy: LocalCopy | null;
  /** Puts the offered copy into the editor, to be saved on the revision it was made on. */
  recover: () => void;
  discard: () => void;
}

/**
 * Runs the autosave machine (./machine.ts) for the editor: tells it each new text, and the page
 * being hidden or back online; replaces the editor's text when it says so.
 */
export function useAutosave({
  scenarioId,
  text,
  textOk,
  readOnly,
  initial,
  onReplace,
}: {
  scenarioId: string;
  text: string;
  textOk: boolean;
  readOnly: boolean;
  initial: { source: string; revision: number; savedAt: string };
  /** Puts a whole new text into the editor (their version, a restored revision, recovered edits). */
  onReplace: (text: string) => void;
}): Autosave {
  const actor = useActorRef(autosaveMachine, { input: { scenarioId, source: initial.source, revision: initial.revision, savedAt: initial.savedAt } });
  const status = useSelector(actor, statusOf, shallowEqual);
  const baseRevision = useSelector(actor, (s) => s.context.baseRevision);
  const unsaved = useSelector(actor, (s) => s.context.text !== s.context.savedText);
  const offeredCopy = useSelector(actor, (s) => s.context.offered);

  // Before the first edit: a copy an earlier session kept, to offer back.
  useEffect(() => {
    if (!readOnly) actor.send({ type: 'copyFound', copy: readLocalCopy(scenarioId) });
  }, [actor, readOnly, scenarioId]);

  useEffect(() => {
    if (!readOnly) actor.send({ type: 'edited', text, textOk });
  }, [actor, readOnly, text, textOk]);

  useEffect(() => {
    const subscription = actor.on('replaced', (event) => onReplace(event.text));
    return () => subscription.unsubscribe();
  }, [actor, onReplace]);

  useEffect(() => {
    if (readOnly) return;
    const left = () => actor.send({ type: 'pageHidden' });
    const hidden = () => {
      if (document.visibilityState === 'hidden') left();
    };
    const online = () => actor.send({ type: 'online' });
    window.addEventListener('pagehide', left);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('pagehide', left);
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('online', online);
      // The editor closes (the machine has stopped by now): a copy that is due is written at once.
      const snapshot = actor.getSnapshot();
      if (snapshot.matches({ localCopy: 'due' })) writeLocalCopy(scenarioId, localCopyOf(snapshot.context));
    };
  }, [actor, readOnly, scenarioId]);

  // Leaving the page with edits the server does not have yet: ask first.
  useLeaveWarning(!readOnly && unsaved);

  const saveNow = useCallback(async () => {
    actor.send({ type: 'saveNow' });
    const settled = await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: Infinity });
    return savedRevisionOf(settled);
  }, [actor]);

  const restore = useCallback(
    async (revision: number): Promise<RestoreResult> => {
      if ((await saveNow()) === null) return { ok: false, message: NOT_SAVED_YET };
      return new Promise((resolve) => {
        const subscription = actor.on('restoreSettled', (event) => {
          if (event.revision !== revision) return;
          subscription.unsubscribe();
          resolve(event.result);
        });
        actor.send({ type: 'restore', revision });
      });
    },
    [actor, saveNow],
  );

  const flush = useCallback(() => actor.send({ type: 'flush' }), [actor]);
  const loadTheirs = useCallback(() => actor.send({ type: 'loadTheirs' }), [actor]);
  const keepMine = useCallback(() => actor.send({ type: 'keepMine' }), [actor]);
  const recover = useCallback(() => actor.send({ type: 'recover' }), [actor]);
  const discard = useCallback(() => actor.send({ type: 'discard' }), [actor]);

  return { status, baseRevision, saveNow, flush, loadTheirs, keepMine, restore, offeredCopy, recover, discard };
}
