'use client';

import { useEffect, useRef, useState } from 'react';
import { LocalTime } from '@/components/ui/LocalTime';
import { useIsLive } from '@/components/ui/use-browser-value';
import { buttonStyles } from '@/components/ui/styles';
import type { LocalCopy } from './autosave/local-copy';
import type { ConflictInfo, SaveStatus } from './autosave/status';

const clock = (iso: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

/** Seconds until a moment, ticking, for the retry message. */
function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

export function saveStatusText(status: SaveStatus, secondsLeft: number, mounted: boolean): string {
  switch (status.kind) {
    case 'saved':
      // Until the page is live the time is not known in the reader's zone; say the revision only.
      return mounted ? `Saved at ${clock(status.savedAt)}, revision ${status.revision}` : `Saved, revision ${status.revision}`;
    case 'pending':
      return 'Edited: saving in a moment';
    case 'saving':
      return 'Saving…';
    case 'retrying':
      return `Not saved: offline — retrying${secondsLeft > 0 ? ` in ${secondsLeft} s` : ' now'}. Your edits are kept in this browser.`;
    case 'unparseable':
      return 'Not saved: the JSON text has a mistake (see Raw JSON). It is kept in this browser.';
    case 'failed':
      return `Not saved: ${status.message}`;
    case 'conflict':
      return `Not saved: ${status.conflict.current.updatedBy} saved a newer revision. Your edits are kept as revision ${status.conflict.keptAs}.`;
  }
}

/** The save status, always visible; screen readers hear when it changes in a way that matters. */
export function SaveStatusLine({ status }: { status: SaveStatus }) {
  const secondsLeft = useSecondsUntil(status.kind === 'retrying' ? status.retryAt : null);
  const mounted = useIsLive();
  const problem = status.kind === 'retrying' || status.kind === 'failed' || status.kind === 'conflict' || status.kind === 'unparseable';
  const shown = saveStatusText(status, secondsLeft, mounted);
  // The countdown changes every second; announce the state, not each tick.
  const announced = status.kind === 'retrying' ? 'Not saved: offline — retrying. Your edits are kept in this browser.' : status.kind === 'pending' ? '' : shown;
  return (
    <>
      <p
        data-testid="save-status"
        className={`inline-flex w-fit items-center gap-2 rounded-md border px-2 py-1 text-sm ${
          problem ? 'border-amber-400 bg-amber-50 font-medium text-amber-950' : 'border-slate-200 bg-slate-50 text-slate-800'
        }`}
      >
        <span aria-hidden="true">{problem ? '⚠' : status.kind === 'saved' ? '✓' : '…'}</span>
        {shown}
      </p>
      <p role="status" className="sr-only">
        {announced}
      </p>
    </>
  );
}

/** Someone else saved first: say who and when, and let the author choose. */
export function ConflictPanel({ conflict, onLoadTheirs, onKeepMine }: { conflict: ConflictInfo; onLoadTheirs: () => void; onKeepMine: () => void }) {
  const [comparing, setComparing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section role="alert" aria-labelledby="conflict-heading" className="rounded-md border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950">
      <h2 id="conflict-heading" ref={heading} tabIndex={-1} className="text-base font-semibold focus:outline-none">
        {conflict.current.updatedBy} saved a newer revision ({conflict.current.revision}) at <LocalTime iso={conflict.current.updatedAt} />
      </h2>
      <p className="mt-1">Your edits were not lost: they are kept as revision {conflict.keptAs}. Saving is paused until you choose.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" className={buttonStyles.secondary} onClick={onLoadTheirs}>
          Load their version
        </button>
        <button type="button" className={buttonStyles.secondary} aria-expanded={comparing} onClick={() => setComparing((c) => !c)}>
          {comparing ? 'Hide the comparison' : 'Compare'}
        </button>
        <button type="button" className={buttonStyles.primary} onClick={onKeepMine}>
          Keep mine
        </button>
      </div>
      <p className="mt-2 text-xs">“Keep mine” makes revision {conflict.keptAs} the draft again, on top of theirs; theirs stays in the revisions.</p>
      {comparing && (
        <div className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-2">
          <ComparedText label={`Theirs (revision ${conflict.current.revision})`} text={conflict.current.source} />
          <ComparedText label={`Yours (revision ${conflict.keptAs})`} text={conflict.mine} />
        </div>
      )}
    </section>
  );
}

function ComparedText({ label, text }: { label: string; text: string }) {
  return (
    <figure className="min-w-0">
      <figcaption className="font-semibold">{label}</figcaption>
      <pre tabIndex={0} aria-label={label} className="mt-1 max-h-96 overflow-auto rounded-md border border-amber-300 bg-white p-2 font-mono text-xs text-slate-900">
        {text}
      </pre>
    </figure>
  );
}

/** Edits kept in this browser that the server never got: offer them back. */
export function RecoveryPanel({ copy, serverRevision, onRecover, onDiscard }: { copy: LocalCopy; serverRevision: number; onRecover: () => void; onDiscard: () => void }) {
  return (
    <section aria-labelledby="recovery-heading" className="rounded-md border border-sky-300 bg-sky-50 p-4 text-sm text-sky-950">
      <h2 id="recovery-heading" className="text-base font-semibold">
        Unsaved edits found in this browser
      </h2>
      <p className="mt-1">
        Edits from <LocalTime iso={copy.keptAt} /> never reached the server (they were made on revision {copy.baseRevision}
        {copy.baseRevision !== serverRevision ? `; the draft is at revision ${serverRevision} now, so saving them will ask whose version to keep` : ''}).
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" className={buttonStyles.primary} onClick={onRecover}>
          Recover my edits
        </button>
        <button type="button" className={buttonStyles.secondary} onClick={onDiscard}>
          Discard them
        </button>
      </div>
    </section>
  );
}
