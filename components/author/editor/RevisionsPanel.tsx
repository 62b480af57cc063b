'use client';

import { useEffect, useState } from 'react';
import { LocalTime } from '@/components/ui/LocalTime';
import { buttonStyles } from '@/components/ui/styles';
import { smallButton } from './fields';
import { DataTable } from '@/components/ui/DataTable';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

interface RevisionRow {
  revision: number;
  kind: 'created' | 'saved' | 'imported' | 'duplicated' | 'restored' | 'conflict';
  basedOn: number | null;
  savedAt: string;
  savedBy: string;
  current: boolean;
}

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

/** Summary of a revision's document, so one can be recognised without reading JSON. */
function summarise(source: string): string {
  try {
    const doc = JSON.parse(source) as { meta?: { title?: unknown }; states?: Record<string, unknown> };
    const states = doc.states && typeof doc.states === 'object' ? Object.keys(doc.states).length : 0;
    return `“${typeof doc.meta?.title === 'string' ? doc.meta.title : 'Untitled'}”, ${states} ${states === 1 ? 'state' : 'states'}`;
  } catch {
    return 'Not valid JSON';
  }
}

/** Every save of the draft, newest first: view one, or make it the draft again. */
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

  async function view(revision: number) {
    const response = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/revisions/${revision}`, { cache: 'no-store' }).catch(() => null);
    if (!response?.ok) {
      setError(`Could not load revision ${revision}.`);
      return;
    }
    setViewing({ revision, source: ((await response.json()) as { source: string }).source });
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
        <p className="mt-1 text-sm text-slate-700">Every save is kept. Restoring one makes it the draft again as a new revision; nothing is deleted.</p>
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
            head={<ColumnHeads labels={['No.', 'What', 'Who and when', 'Actions']} cellClassName="py-1 pr-2 last:pr-0" unseen={['Actions']} />}
          >
            {rows.map((row) => (
              <tr key={row.revision} className="border-b border-slate-200 align-top">
                <td className="py-1.5 pr-2 tabular-nums">{row.revision}</td>
                <td className="py-1.5 pr-2">
                  {describeKind(row)}
                  {row.current && <span className="ml-1 rounded bg-brand-50 px-1 text-xs font-semibold text-brand-800">current</span>}
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
    </div>
  );
}
