'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLeaveWarning } from '@/components/ui/use-leave-warning';

/**
 * Saves the draft to the server on its own (docs/decisions/018-editor-state-and-autosave.md):
 * 1.5 s after the last edit and whenever a field is left, one request at a time, each naming the
 * revision it was made on. Network and server failures are retried with growing waits; until a
 * save lands, the text is also kept in this browser's storage, so a crash or a closed tab loses
 * nothing. A save refused because someone else saved first stops autosaving until the author
 * chooses what to do: the refused text is already kept on the server as a revision.
 */

export const SAVE_DELAY_MS = 1500;
/**
 * While typing goes on, the local copy is written at most this often, and at once when the page
 * is hidden, left or closed: each write copies the whole text (300 kB for 200 states), too slow to
 * do on every keystroke.
 */
export const LOCAL_COPY_EVERY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export interface ConflictInfo {
  keptAs: number;
  /** The text that was refused (and kept as revision `keptAs`). */
  mine: string;
  current: { revision: number; source: string; updatedAt: string; updatedBy: string };
}

export type SaveStatus =
  | { kind: 'saved'; revision: number; savedAt: string }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'retrying'; retryAt: number; failures: number }
  | { kind: 'unparseable' }
  | { kind: 'failed'; message: string; signedOut: boolean }
  | { kind: 'conflict'; conflict: ConflictInfo };

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

function writeLocalCopy(scenarioId: string, copy: LocalCopy | null) {
  try {
    if (copy) window.localStorage.setItem(localCopyKey(scenarioId), JSON.stringify(copy));
    else window.localStorage.removeItem(localCopyKey(scenarioId));
  } catch {
    // Storage full or disabled: the server copy and the retries remain.
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
}

interface SaveReply {
  status: 'saved' | 'unchanged';
  revision: number;
  savedAt: string;
}

export interface Autosave {
  status: SaveStatus;
  /** The revision the editor's text is based on. */
  baseRevision: number;
  /** True while the editor holds text the server does not have. */
  dirty: boolean;
  /** Saves now if needed and waits; true when the server holds exactly the editor's text. */
  saveNow: () => Promise<boolean>;
  /** Leaving a field: save without waiting for the quiet time. */
  flush: () => void;
  /** After a conflict: take the other person's version. */
  loadTheirs: () => void;
  /** After a conflict: put the refused text back on top of theirs, as a restored revision. */
  keepMine: () => Promise<void>;
  /** Recovered edits were made on this revision: saving them names it, so a newer one conflicts instead of being overwritten. */
  adoptBase: (revision: number) => void;
  /** Restores an earlier revision on top of the current one (unsaved edits are saved first). */
  restore: (revision: number) => Promise<{ ok: true } | { ok: false; message: string }>;
}

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
  /** Puts a whole new text into the editor (their version, a restored revision). */
  onReplace: (text: string) => void;
}): Autosave {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'saved', revision: initial.revision, savedAt: initial.savedAt });
  const [baseRevision, setBaseRevision] = useState(initial.revision);
  const base = useRef(initial.revision);
  const savedText = useRef(initial.source);
  const latest = useRef(text);
  const latestOk = useRef(textOk);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flight = useRef<Promise<void> | null>(null);
  const failures = useRef(0);
  const conflict = useRef<ConflictInfo | null>(null);
  const lastSaved = useRef({ revision: initial.revision, savedAt: initial.savedAt });
  const saveRef = useRef<() => Promise<void>>(async () => {});
  const localCopyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  latest.current = text;
  latestOk.current = textOk;

  const setBase = (revision: number) => {
    base.current = revision;
    setBaseRevision(revision);
  };

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  /** Writes the local copy now if one is due. */
  const keepLocalCopyNow = useCallback(() => {
    if (!localCopyTimer.current) return;
    clearTimeout(localCopyTimer.current);
    localCopyTimer.current = null;
    writeLocalCopy(scenarioId, { text: latest.current, baseRevision: base.current, keptAt: new Date().toISOString() });
  }, [scenarioId]);

  const forgetLocalCopy = useCallback(() => {
    if (localCopyTimer.current) clearTimeout(localCopyTimer.current);
    localCopyTimer.current = null;
    writeLocalCopy(scenarioId, null);
  }, [scenarioId]);

  const markSaved = useCallback(
    (source: string, revision: number, savedAt: string) => {
      savedText.current = source;
      setBase(revision);
      lastSaved.current = { revision, savedAt };
      failures.current = 0;
      if (latest.current === source) {
        forgetLocalCopy();
        setStatus({ kind: 'saved', revision, savedAt });
      } else setStatus({ kind: 'pending' });
    },
    [forgetLocalCopy],
  );

  /** Handles a refused save (PUT or restore): a conflict stops autosaving; anything else is reported. */
  const refused = useCallback(async (response: Response, sent: string): Promise<'retry' | 'stop'> => {
    if (response.status >= 500) return 'retry';
    const body = ((await response.json().catch(() => null)) ?? {}) as ErrorBody;
    if (response.status === 409 && body.error?.code === 'draft-conflict') {
      const details = body.error.details as { keptAs: number; current: ConflictInfo['current'] };
      conflict.current = { keptAs: details.keptAs, mine: sent, current: details.current };
      setStatus({ kind: 'conflict', conflict: conflict.current });
      return 'stop';
    }
    const signedOut = response.status === 401;
    setStatus({
      kind: 'failed',
      signedOut,
      message: signedOut ? 'your session has ended. Sign in again in another tab; your edits are kept in this browser.' : (body.error?.message ?? `the server answered ${response.status}.`),
    });
    return 'stop';
  }, []);

  const runSave = useCallback(async (): Promise<void> => {
    clearTimer();
    if (readOnly || conflict.current) return;
    const source = latest.current;
    if (!latestOk.current) {
      setStatus({ kind: 'unparseable' });
      return;
    }
    if (source === savedText.current) {
      forgetLocalCopy();
      setStatus({ kind: 'saved', ...lastSaved.current });
      return;
    }
    setStatus({ kind: 'saving' });
    let retry = false;
    try {
      const response = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/draft`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ source, baseRevision: base.current }),
      });
      if (response.ok) {
        const reply = (await response.json()) as SaveReply;
        markSaved(source, reply.revision, reply.savedAt);
      } else retry = (await refused(response, source)) === 'retry';
    } catch {
      retry = true;
    }
    if (retry) {
      failures.current += 1;
      const wait = Math.min(1000 * 2 ** (failures.current - 1), MAX_RETRY_MS);
      setStatus({ kind: 'retrying', retryAt: Date.now() + wait, failures: failures.current });
      timer.current = setTimeout(() => void saveRef.current(), wait);
    }
  }, [readOnly, scenarioId, markSaved, refused, forgetLocalCopy]);

  /** One save at a time; a save asked for during one runs after it. */
  const save = useCallback(async (): Promise<void> => {
    while (flight.current) await flight.current;
    const run = runSave();
    flight.current = run;
    try {
      await run;
    } finally {
      flight.current = null;
    }
  }, [runSave]);
  saveRef.current = save;

  // Each edit: keep a local copy (soon) and save after a quiet moment. Until the first edit, an
  // earlier session's copy stays in place, for the author to decide whether to recover it.
  const touched = useRef(false);
  useEffect(() => {
    if (readOnly) return;
    if (text === savedText.current) {
      // Back to what the server holds (undo, say): nothing to save.
      if (touched.current && !conflict.current) {
        forgetLocalCopy();
        if (failures.current === 0) clearTimer();
        setStatus((s) => (s.kind === 'pending' || s.kind === 'unparseable' ? { kind: 'saved', ...lastSaved.current } : s));
      }
      return;
    }
    touched.current = true;
    if (!localCopyTimer.current) localCopyTimer.current = setTimeout(keepLocalCopyNow, LOCAL_COPY_EVERY_MS);
    if (conflict.current) return;
    setStatus((s) => (s.kind === 'retrying' || s.kind === 'saving' ? s : textOk ? { kind: 'pending' } : { kind: 'unparseable' }));
    if (failures.current > 0) return; // a retry is already scheduled
    clearTimer();
    timer.current = setTimeout(() => void save(), SAVE_DELAY_MS);
  }, [text, textOk, readOnly, save, forgetLocalCopy, keepLocalCopyNow]);

  // A copy that is due is written before the page goes away or out of sight, and when the editor closes.
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') keepLocalCopyNow();
    };
    window.addEventListener('pagehide', keepLocalCopyNow);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', keepLocalCopyNow);
      document.removeEventListener('visibilitychange', hidden);
      keepLocalCopyNow();
    };
  }, [keepLocalCopyNow]);

  // Back online: try at once rather than wait for the next retry.
  useEffect(() => {
    const online = () => {
      if (failures.current > 0) void save();
    };
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, [save]);

  useEffect(() => clearTimer, []);

  const dirty = !readOnly && text !== savedText.current;

  // Leaving the page with edits the server does not have yet: ask first.
  useLeaveWarning(dirty);

  const flush = useCallback(() => {
    if (latest.current !== savedText.current && failures.current === 0) void save();
  }, [save]);

  const saveNow = useCallback(async () => {
    failures.current = 0;
    await save();
    return latest.current === savedText.current && !conflict.current;
  }, [save]);

  const loadTheirs = useCallback(() => {
    const current = conflict.current?.current;
    if (!current) return;
    conflict.current = null;
    savedText.current = current.source;
    latest.current = current.source;
    onReplace(current.source);
    markSaved(current.source, current.revision, current.updatedAt);
  }, [markSaved, onReplace]);

  const restoreOnServer = useCallback(
    async (revision: number): Promise<{ ok: true; revision: number; savedAt: string } | { ok: false; message: string }> => {
      try {
        const response = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/revisions/${revision}/restore`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ baseRevision: base.current }),
        });
        if (response.ok) {
          const reply = (await response.json()) as SaveReply;
          return { ok: true, revision: reply.revision, savedAt: reply.savedAt };
        }
        const body = ((await response.clone().json().catch(() => null)) ?? {}) as ErrorBody;
        if (response.status === 409 && body.error?.code === 'draft-conflict') await refused(response, latest.current);
        return { ok: false, message: body.error?.message ?? `The server answered ${response.status}.` };
      } catch {
        return { ok: false, message: 'Could not reach the server. Nothing was restored; try again when the connection is back.' };
      }
    },
    [scenarioId, refused],
  );

  const keepMine = useCallback(async () => {
    const info = conflict.current;
    if (!info) return;
    setBase(info.current.revision);
    conflict.current = null;
    setStatus({ kind: 'saving' });
    const restored = await restoreOnServer(info.keptAs);
    if (!restored.ok) {
      if (!conflict.current) {
        conflict.current = info;
        setStatus({ kind: 'conflict', conflict: info });
      }
      return;
    }
    markSaved(info.mine, restored.revision, restored.savedAt);
    if (latest.current !== info.mine) void save();
  }, [markSaved, restoreOnServer, save]);

  const restore = useCallback(
    async (revision: number): Promise<{ ok: true } | { ok: false; message: string }> => {
      if (!(await saveNow())) return { ok: false, message: 'Your latest edits are not saved yet, so nothing was restored. Save them first.' };
      const earlier = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/revisions/${revision}`, { cache: 'no-store' }).catch(() => null);
      if (!earlier?.ok) return { ok: false, message: 'Could not read that revision. Nothing was restored.' };
      const { source } = (await earlier.json()) as { source: string };
      const restored = await restoreOnServer(revision);
      if (!restored.ok) return restored;
      latest.current = source;
      onReplace(source);
      markSaved(source, restored.revision, restored.savedAt);
      return { ok: true };
    },
    [saveNow, scenarioId, restoreOnServer, onReplace, markSaved],
  );

  const adoptBase = useCallback((revision: number) => setBase(revision), []);

  return { status, baseRevision, dirty, saveNow, flush, loadTheirs, keepMine, restore, adoptBase };
}
