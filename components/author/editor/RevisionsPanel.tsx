'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/admin/send-json';
import { LocalTime } from '@/components/ui/LocalTime';
import { buttonStyles } from '@/components/ui/styles';
import { CHANGE_NOTE_MAX } from '@/lib/authoring-limits';
import type { AsJson } from '@/lib/as-json';
import type { RevisionSummary } from '@/server/studio/authoring';
import { compareRevisions, type RevisionComparison as Comparison } from './compare-revisions';
import { inputStyle, smallButton } from './fields';
import { RevisionComparison } from './RevisionComparison';
import { DataTable } from '@/components/ui/DataTable';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

type RevisionRow = AsJson<RevisionSummary>;

const KIND_LABELS: Record<RevisionRow['kind'], string> = {
  created: 'Created',
  saved: 'Saved',
  imported: 'Imported',
  duplicated: 'Duplicated',
  restored: 'Restored',
  conflict: 'Kept after a conflict',
};

function describeKind(row: RevisionRow): string {
  if (row.kind === 'restored' && row.basedOn !== null) return `Restored from revision ${row.basedOn}`;
  if (row.kind === 'conflict' && row.basedOn !== null) return `Kept after a conflict (made on revision ${row.basedOn})`;
  return KIND_LABELS[row.kind];
}

/** A revision in the compare lists: its number, and whatever tells it apart. */
function revisionOption(row: RevisionRow): string {
  const tags = [row.current ? 'current' : '', ...row.published.map((p) => `version ${p.version}`)].filter(Boolean);
  const note = row.note ? `: ${row.note.length > 40 ? `${row.note.slice(0, 40)}…` : row.note}` : '';
  return `${row.revision}${tags.length ? ` (${tags.join(', ')})` : ''}${note}`;
}

/** Summary of a revision's document, so one can be recognised without reading JSON. */
function summarise(source: string): string {
  try {
    const doc = JSON.parse(source) as { meta?: { title?: unknown }; states?: Record<string, unknown> };
    const states = doc.states && typeof doc.states === 'object' ? Object.keys(doc.states).length : 0;
    return `“${typeof doc.meta?.title === 'string' ? doc.meta.title : 'Untitled'}”, ${states} ${states === 1 ? 'step' : 'steps'}`;
  } catch {
    return 'Not valid JSON';
  }
}

/** Where a revision went: the versions published from it, the one new attempts start on, the attempts pinned to each. */
function Publications({ row }: { row: RevisionRow }) {
  if (row.published.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5">
      {row.published.map((p) => (
        <li key={p.version} className="text-xs">
          <span className="rounded bg-emerald-50 px-1 font-semibold text-emerald-900 ring-1 ring-emerald-300">Published as version {p.version}</span>{' '}
          <span className="text-slate-700">
            {p.newest ? 'new attempts start on it; ' : ''}
            {p.attempts === 0 ? 'no attempts on it yet' : `${p.attempts.toLocaleString('en-GB')} ${p.attempts === 1 ? 'attempt is' : 'attempts are'} pinned to it`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A revision's note, and a small form to write or change it. */
function NoteCell({ scenarioId, row, onSaved }: { scenarioId: string; row: RevisionRow; onSaved: (row: RevisionRow, message: string) => void }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(row.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  // Opening the form puts the keyboard in it; closing it (saved or cancelled) puts it back on the button.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (editing) field.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      opener.current?.focus();
    }
  }, [editing]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    const answer = await sendJson<RevisionRow>(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/revisions/${row.revision}`, 'PATCH', { note });
    setPending(false);
    if (!answer.ok || !answer.data) {
      setError(answer.message ?? 'The note could not be saved.');
      field.current?.focus();
      return;
    }
    setError(null);
    returnFocus.current = true;
    setEditing(false);
    onSaved(answer.data, answer.data.note ? `The note of revision ${row.revision} is saved.` : `The note of revision ${row.revision} is removed.`);
  }

  if (editing) {
    return (
      <form onSubmit={(event) => void save(event)} className="mt-1" aria-label={`Note of revision ${row.revision}`}>
        <label htmlFor={`${id}-note`} className="sr-only">
          What changed in revision {row.revision}
        </label>
        <textarea
          ref={field}
          id={`${id}-note`}
          value={note}
          rows={2}
          maxLength={CHANGE_NOTE_MAX}
          onChange={(event) => setNote(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          className={`${inputStyle} w-full`}
        />
        <p id={`${id}-hint`} className="text-xs text-slate-700">
          What changed, in a few words. Leave it empty to remove the note.
        </p>
        {error && (
          <p id={`${id}-error`} role="alert" className="text-xs font-medium text-rose-800">
            {error}
          </p>
        )}
        <div className="mt-1 flex gap-1">
          <button type="submit" disabled={pending} className={smallButton}>
            {pending ? 'Saving…' : 'Save the note'}
          </button>
          <button
            type="button"
            className={smallButton}
            onClick={() => {
              returnFocus.current = true;
              setEditing(false);
              setNote(row.note ?? '');
              setError(null);
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="mt-1">
      {row.note ? <p className="whitespace-pre-wrap text-slate-900">“{row.note}”</p> : null}
      <button ref={opener} type="button" className={`${buttonStyles.quiet} -ml-2`} onClick={() => setEditing(true)}>
        {row.note ? `Change the note of ${row.revision}` : `Add a note to ${row.revision}`}
      </button>
    </div>
  );
}

/** Every save of the draft, newest first: what changed and where it went; view one, compare two, or make one the draft again. */
export function RevisionsPanel({
  scenarioId,
  baseRevision,
  onRestore,
}: {
  scenarioId: string;
  /** Changes after each save, to refresh the list. */
  baseRevision: number;
  onRestore: (revision: number) => Promise<{ ok: true } | { ok: false; message: string }>;
}) {
  const [rows, setRows] = useState<RevisionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<{ revision: number; source: string } | null>(null);
  const [comparing, setComparing] = useState<{ before: number; after: number; comparison: Comparison } | null>(null);
  const [chosen, setChosen] = useState<{ before: string; after: string }>({ before: '', after: '' });
  const compareId = useId();
  const comparisonHeading = useRef<HTMLHeadingElement>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  // Bumped to read the list again after a restore; the list is also read again after each save.
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/revisions`, { cache: 'no-store' })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        return ((await response.json()) as { revisions: RevisionRow[] }).revisions;
      })
      .then(
        (revisions) => {
          if (!current) return;
          setRows(revisions);
          setError(null);
        },
        () => {
          if (current) setError('Could not load the revisions. Check your connection and open this tab again.');
        },
      );
    return () => {
      current = false;
    };
  }, [scenarioId, baseRevision, reads]);

  async function sourceOf(revision: number): Promise<string | null> {
    const response = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/revisions/${revision}`, { cache: 'no-store' }).catch(() => null);
    if (!response?.ok) {
      setError(`Could not load revision ${revision}.`);
      return null;
    }
    return ((await response.json()) as { source: string }).source;
  }

  async function view(revision: number) {
    const source = await sourceOf(revision);
    if (source !== null) setViewing({ revision, source });
  }

  // The two compared: the current revision and the one before it, until others are chosen.
  const newest = rows?.find((r) => r.current)?.revision ?? rows?.[0]?.revision;
  const older = rows?.find((r) => newest !== undefined && r.revision < newest)?.revision;
  const before = chosen.before || (older !== undefined ? String(older) : '');
  const after = chosen.after || (newest !== undefined ? String(newest) : '');

  async function compare(event: FormEvent) {
    event.preventDefault();
    if (!before || !after) return;
    // The older on the left, whichever order they were chosen in.
    const [a, b] = [Number(before), Number(after)].sort((x, y) => x - y) as [number, number];
    if (a === b) {
      setError('Choose two different revisions to compare.');
      return;
    }
    setError(null);
    const [sourceA, sourceB] = await Promise.all([sourceOf(a), sourceOf(b)]);
    if (sourceA === null || sourceB === null) return;
    setComparing({ before: a, after: b, comparison: compareRevisions(sourceA, sourceB) });
  }

  // A new comparison is read from its heading.
  useEffect(() => {
    if (comparing) comparisonHeading.current?.focus();
  }, [comparing]);

  function noteSaved(saved: RevisionRow, said: string) {
    setRows((current) => current?.map((r) => (r.revision === saved.revision ? { ...r, note: saved.note } : r)) ?? null);
    setMessage(said);
  }

  async function restore(revision: number) {
    setConfirming(null);
    setMessage(`Restoring revision ${revision}…`);
    const outcome = await onRestore(revision);
    setMessage(outcome.ok ? `Revision ${revision} is the draft again, saved as a new revision.` : outcome.message);
    setReads((n) => n + 1);
  }

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <section aria-labelledby="revisions-heading">
        <h2 id="revisions-heading" className="text-base font-semibold">
          Revisions
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Every save is kept. Add a note to say what changed; publishing gives the revision its change note. Restoring one makes it the draft again as a new revision; nothing is
          deleted.
        </p>
        <p role="status" className="mt-2 text-sm font-medium text-slate-900">
          {message}
        </p>
        {error && (
          <p role="alert" className="mt-2 rounded-md border border-rose-300 bg-rose-50 p-2 text-sm text-rose-900">
            {error}
          </p>
        )}
        {rows && (
          <DataTable
            label="Revisions of the draft"
            framed={false}
            className="mt-2"
            tableClassName="w-full text-left text-sm"
            headClassName="border-b border-slate-300"
            caption={<caption className="sr-only">Revisions of the draft, newest first</caption>}
            head={<ColumnHeads labels={['No.', 'What and why', 'Who and when', 'Actions']} cellClassName="py-1 pr-2 last:pr-0" unseen={['Actions']} />}
          >
            {rows.map((row) => (
              <tr key={row.revision} className="border-b border-slate-200 align-top">
                <td className="py-1.5 pr-2 tabular-nums">{row.revision}</td>
                <td className="py-1.5 pr-2">
                  {describeKind(row)}
                  {row.current && <span className="ml-1 rounded bg-brand-50 px-1 text-xs font-semibold text-brand-800">current</span>}
                  <Publications row={row} />
                  <NoteCell scenarioId={scenarioId} row={row} onSaved={noteSaved} />
                </td>
                <td className="py-1.5 pr-2">
                  {row.savedBy}, <LocalTime iso={row.savedAt} />
                </td>
                <td className="py-1.5">
                  <div className="flex flex-wrap gap-1">
                    <button type="button" className={smallButton} onClick={() => void view(row.revision)}>
                      View {row.revision}
                    </button>
                    {!row.current &&
                      (confirming === row.revision ? (
                        <span role="group" aria-label={`Confirm restoring revision ${row.revision}`} className="flex gap-1">
                          <button type="button" className={smallButton} autoFocus onClick={() => void restore(row.revision)}>
                            Yes, restore {row.revision}
                          </button>
                          <button type="button" className={smallButton} onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button type="button" className={smallButton} onClick={() => setConfirming(row.revision)}>
                          Restore {row.revision}
                        </button>
                      ))}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="revision-view-heading">
        <h2 id="revision-view-heading" className="text-base font-semibold">
          {viewing ? `Revision ${viewing.revision}` : 'View a revision'}
        </h2>
        {viewing ? (
          <>
            <p className="mt-1 text-sm text-slate-700">{summarise(viewing.source)}. Read-only.</p>
            <pre
              tabIndex={0}
              aria-label={`Revision ${viewing.revision} as JSON`}
              className="mt-2 max-h-[32rem] overflow-auto rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-xs focus-visible:outline-2 focus-visible:outline-brand-700"
            >
              {viewing.source}
            </pre>
            <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => setViewing(null)}>
              Close
            </button>
          </>
        ) : (
          <p className="mt-1 text-sm text-slate-700">Choose “View” on a revision to read it here.</p>
        )}
      </section>
      {rows && rows.length > 1 && (
        <section aria-labelledby={`${compareId}-heading`} className="border-t border-slate-200 pt-4 lg:col-span-2">
          <h2 id={`${compareId}-heading`} className="text-base font-semibold">
            Compare two revisions
          </h2>
          <p className="mt-1 text-sm text-slate-700">Side by side, the older on the left: the settings, steps and replies that differ, and the points each reply gives.</p>
          <form onSubmit={(event) => void compare(event)} className="mt-2 flex flex-wrap items-end gap-3 text-sm">
            <RevisionSelect id={`${compareId}-before`} label="Compare revision" rows={rows} value={before} onChange={(value) => setChosen((c) => ({ ...c, before: value }))} />
            <RevisionSelect id={`${compareId}-after`} label="with revision" rows={rows} value={after} onChange={(value) => setChosen((c) => ({ ...c, after: value }))} />
            <button type="submit" className={buttonStyles.secondary}>
              Compare
            </button>
          </form>
          {comparing && (
            <div className="mt-3">
              <h3 ref={comparisonHeading} tabIndex={-1} className="text-sm font-semibold focus:outline-none">
                Revision {comparing.before} compared with revision {comparing.after}
              </h3>
              <RevisionComparison comparison={comparing.comparison} before={comparing.before} after={comparing.after} />
              <button type="button" className={`${buttonStyles.secondary} mt-2`} onClick={() => setComparing(null)}>
                Close the comparison
              </button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

/** One side of the comparison: a revision chosen from the list. */
function RevisionSelect({ id, label, rows, value, onChange }: { id: string; label: string; rows: readonly RevisionRow[]; value: string; onChange: (value: string) => void }) {
  return (
    <div>
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className={inputStyle}>
        {rows.map((r) => (
          <option key={r.revision} value={r.revision}>
            {revisionOption(r)}
          </option>
        ))}
      </select>
    </div>
  );
}
