'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { alertBox, statusBox } from '@/components/ui/form-styles';
import { ConfirmPanel } from '@/components/ui/ConfirmPanel';
import { sendJson } from '@/components/admin/send-json';
import { LocalTime } from '@/components/ui/LocalTime';
import { formatPercent } from '@/lib/labels';
import { buttonStyles } from '@/components/ui/styles';
import { useConfirmFocus } from '@/components/ui/use-confirm-focus';
import { ORIGIN_LABELS, publishingStatus, versionFileHref, type StudioRow } from './studio-row';
import type { StepUsage } from '@/server/onboarding/retired-steps';
import type { ArchiveOutcome } from '@/server/studio/archiving';
import { DataTable } from '@/components/ui/DataTable';
import { DuplicateDialog } from './DuplicateDialog';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

/** Row actions are compact so a row's three fit on one line. */
const smallButton = `${buttonStyles.secondary.replace('px-4 py-2', 'px-3 py-1.5')} whitespace-nowrap`;

type Outcome = { kind: 'done' | 'error'; text: string } | null;

/**
 * The studio's scenarios with what can be done to each. Outcomes are announced above the table and
 * take focus there, because the row acted on may leave the list (an archived scenario is hidden
 * unless archived ones are shown).
 */
export function StudioTable({ rows, takenIds }: { rows: StudioRow[]; takenIds: readonly string[] }) {
  const outcomeRegion = useRef<HTMLDivElement>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (outcome) outcomeRegion.current?.focus();
  }, [outcome]);

  return (
    <>
      <div ref={outcomeRegion} tabIndex={-1} className="focus:outline-none">
        <div role="alert" className={outcome?.kind === 'error' ? `${alertBox} mt-3` : ''}>
          {outcome?.kind === 'error' ? outcome.text : null}
        </div>
        <p role="status" className={outcome?.kind === 'done' ? `${statusBox} mt-3` : ''}>
          {outcome?.kind === 'done' ? outcome.text : null}
        </p>
      </div>
      <DataTable
        label="Table of scenarios"
        className="mt-3"
        tableClassName="w-full min-w-[60rem] text-left text-sm"
        caption={<caption className="sr-only">Scenarios, the most recently edited first</caption>}
        head={
          <ColumnHeads
            labels={['Scenario', 'Status', 'Last edit', 'Attempts', 'Pass rate', 'Actions']}
            cellClassName="whitespace-nowrap px-3 py-3"
            end={['Attempts']}
            wide={{ Scenario: 'min-w-48', 'Last edit': 'min-w-44' }}
            unseen={['Actions']}
          />
        }
      >
        {rows.map((row) => (
          <ScenarioRow key={row.scenarioId} row={row} takenIds={takenIds} onOutcome={setOutcome} />
        ))}
      </DataTable>
    </>
  );
}

const BADGE = {
  draft: 'bg-amber-50 text-amber-950 ring-amber-300',
  published: 'bg-emerald-50 text-emerald-900 ring-emerald-300',
  changed: 'bg-sky-50 text-sky-950 ring-sky-300',
  archived: 'bg-slate-100 text-slate-800 ring-slate-300',
} as const;

function StatusCell({ row }: { row: StudioRow }) {
  const badge = (style: string, words: string) => <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${style}`}>{words}</span>;
  if (row.archived) {
    return (
      <div className="flex flex-col items-start gap-1">
        {badge(BADGE.archived, 'Archived')}
        <span className="text-xs text-slate-700">{publishingStatus(row)}</span>
      </div>
    );
  }
  if (row.publishedVersion === null) return badge(BADGE.draft, publishingStatus(row));
  if (!row.unpublishedChanges) return badge(BADGE.published, publishingStatus(row));
  // The long status splits after its badge; read out, it is the same sentence.
  return (
    <div className="flex flex-col items-start gap-1">
      <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${BADGE.changed}`}>
        Published v{row.publishedVersion}
        <span className="sr-only">,</span>
      </span>
      <span className="text-xs text-slate-700"> with unpublished changes</span>
    </div>
  );
}

function PassRate({ row }: { row: StudioRow }) {
  if (row.passRate === null) {
    return <span className="text-slate-700">{row.attempts ? 'None finished yet' : '—'}</span>;
  }
  const finished = `${row.completedAttempts.toLocaleString('en-GB')} finished`;
  return (
    <span className="whitespace-nowrap">
      <span className="font-semibold tabular-nums">{formatPercent(row.passRate * 100)}</span> <span className="text-slate-700">of {finished}</span>
    </span>
  );
}

function ScenarioRow({ row, takenIds, onOutcome }: { row: StudioRow; takenIds: readonly string[]; onOutcome: (outcome: Outcome) => void }) {
  const router = useRouter();
  const [pending, setPending] = useState<'archive' | null>(null);
  const [duplicating, setDuplicating] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const exportId = useId();
  const { confirmButton, startButton } = useConfirmFocus(confirming);
  // What archiving reaches: as the page was drawn, then as the server last said.
  const [usage, setUsage] = useState<StepUsage | null>(row.inUse);
  const [changed, setChanged] = useState(false);
  // Each refusal puts focus back on the confirming button once it is enabled again (a disabled button loses focus).
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) confirmButton.current?.focus();
  }, [refusals, confirmButton]);

  async function setArchived(archived: boolean) {
    setPending('archive');
    setChanged(false);
    // Confirming what the panel named: modules that use it, which the server otherwise refuses with 409.
    const body = archived && usage ? { archived, confirm: true } : { archived };
    const answer = await sendJson<ArchiveOutcome>(`/api/author/scenarios/${encodeURIComponent(row.scenarioId)}/archive`, 'POST', body);
    setPending(null);
    const refusal = answer.data as { error?: { code?: string; details?: StepUsage } } | null;
    if (answer.status === 409 && refusal?.error?.code === 'scenario-in-use' && refusal.error.details) {
      // Modules took it up since the page was drawn: ask again, naming them.
      setUsage(refusal.error.details);
      setChanged(true);
      setRefusals((n) => n + 1);
      return;
    }
    setConfirming(false);
    if (!answer.ok || !answer.data) {
      onOutcome({ kind: 'error', text: answer.message ?? `“${row.title}” could not be changed.` });
      return;
    }
    const { retiredFrom, completed } = answer.data;
    const retired = retiredFrom.length
      ? ` It is retired from ${retiredFrom.length === 1 ? 'the module' : `${retiredFrom.length} modules`} ${listOf(retiredFrom.map((m) => `“${m.title}”`))}${
          completed ? `; ${completed === 1 ? 'one person has' : `${completed} people have`} now completed theirs` : ''
        }.`
      : '';
    onOutcome({
      kind: 'done',
      text: archived
        ? `“${row.title}” is archived: trainees no longer find it in the library, and its records are kept.${retired}`
        : `“${row.title}” is back${row.publishedVersion === null ? ' in the studio.' : ': trainees find it in the library again.'}`,
    });
    router.refresh();
  }

  const question = row.archived
    ? `Bring back “${row.title}”?${row.publishedVersion === null ? '' : ' Trainees will find it in the library again.'}`
    : usage
      ? `Archive “${row.title}”? ${usage.modules.length === 1 ? 'A module asks' : `${usage.modules.length} modules ask`} for it. They will treat it as retired: people who passed it keep the pass, the others can complete without it.`
      : `Archive “${row.title}”? Trainees will no longer find it in the library; attempts and results are kept, and you can bring it back.`;

  return (
    <tr className="border-b border-slate-100 align-top last:border-0">
      <th scope="row" className="px-3 py-3 font-medium">
        <Link href={`/author/${row.scenarioId}`} className="text-brand-800 underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700">
          {row.title}
        </Link>
        <div className="mt-1 text-xs font-normal text-slate-700">
          <code className="text-slate-800">{row.scenarioId}</code> · {ORIGIN_LABELS[row.origin]}
        </div>
      </th>
      <td className="px-3 py-3">
        <StatusCell row={row} />
      </td>
      <td className="px-3 py-3 text-slate-800">
        <LocalTime iso={row.lastEditAt} />
        <div className="text-xs text-slate-700">{row.lastEditBy ? `by ${row.lastEditBy}` : row.origin === 'builtin' ? 'from a file in git' : 'by someone unknown'}</div>
      </td>
      <td className="px-3 py-3 text-right tabular-nums">{row.attempts.toLocaleString('en-GB')}</td>
      <td className="px-3 py-3">
        <PassRate row={row} />
      </td>
      <td className="w-0 px-3 py-3">
        {confirming ? (
          <ConfirmPanel
            label={`Confirm: ${row.archived ? 'bring back' : 'archive'} ${row.title}`}
            question={question}
            details={!row.archived && usage ? <UsageDetails usage={usage} changed={changed} /> : undefined}
            confirm={
              row.archived
                ? { idle: 'Yes, bring it back', pending: 'Bringing back…' }
                : usage
                  ? { idle: 'Yes, archive and retire it', pending: 'Archiving…' }
                  : { idle: 'Yes, archive', pending: 'Archiving…' }
            }
            pending={pending !== null}
            onConfirm={() => void setArchived(!row.archived)}
            onCancel={() => {
              setConfirming(false);
              setChanged(false);
            }}
            confirmButton={confirmButton}
            safe={row.archived}
            className={usage && !row.archived ? 'w-80' : 'max-w-64'}
          />
        ) : (
          <div className="flex flex-nowrap items-start gap-2">
            <button
              type="button"
              disabled={pending !== null}
              onClick={() => {
                onOutcome(null);
                setDuplicating(true);
              }}
              aria-haspopup="dialog"
              aria-label={`Duplicate ${row.title}`}
              className={smallButton}
            >
              Duplicate
            </button>
            <button
              ref={startButton}
              type="button"
              disabled={pending !== null}
              onClick={() => setConfirming(true)}
              aria-label={`${row.archived ? 'Bring back' : 'Archive'} ${row.title}`}
              className={smallButton}
            >
              {row.archived ? 'Bring back' : 'Archive'}
            </button>
            <button
              type="button"
              disabled={row.versions.length === 0}
              aria-expanded={row.versions.length ? exportOpen : undefined}
              aria-controls={exportOpen ? exportId : undefined}
              onClick={() => setExportOpen((open) => !open)}
              aria-label={row.versions.length ? `Export ${row.title}` : `Export ${row.title}: not published yet`}
              title={row.versions.length ? undefined : 'Publish a version to export it'}
              className={smallButton}
            >
              Export
              <span aria-hidden="true" className={`inline-block transition-transform ${exportOpen ? 'rotate-180' : ''}`}>
                ▾
              </span>
            </button>
          </div>
        )}
        {exportOpen && row.versions.length > 0 && <ExportVersions row={row} id={exportId} />}
        {duplicating && (
          <DuplicateDialog
            fromScenarioId={row.scenarioId}
            fromTitle={row.title}
            takenIds={takenIds}
            onCreated={(scenarioId) => router.push(`/author/${scenarioId}`)}
            onClose={() => setDuplicating(false)}
          />
        )}
      </td>
    </tr>
  );
}

/** "A, B and C" */
const listOf = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? ''));

/** The modules that ask for a scenario and the people holding them open, named where few. */
function UsageDetails({ usage, changed }: { usage: StepUsage; changed: boolean }) {
  const { modules, people } = usage;
  const others = people.count - people.names.length;
  return (
    <>
      {changed && (
        <p role="alert" className="mt-2 text-sm font-semibold text-amber-950">
          Nothing was archived: modules use it that this page did not show yet. Look again before you confirm.
        </p>
      )}
      <p className="mt-2 text-sm text-amber-950">{modules.length === 1 ? 'The module:' : 'The modules:'}</p>
      <ul className="mt-1 list-disc pl-5 text-sm text-amber-950">
        {modules.map((m) => (
          <li key={m.id}>
            <Link href={`/modules/${m.id}`} className="underline underline-offset-2">
              {m.title}
            </Link>
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm text-amber-950">
        {people.count === 0
          ? `Nobody holds ${modules.length === 1 ? 'it' : 'them'} open now.`
          : `${people.count === 1 ? 'One person holds' : `${people.count.toLocaleString('en-GB')} people hold`} ${modules.length === 1 ? 'it' : 'them'} open: ${listOf(
              others > 0 ? [...people.names, `${others.toLocaleString('en-GB')} ${others === 1 ? 'other' : 'others'}`] : people.names,
            )}.`}
      </p>
    </>
  );
}

/** The scenario's published versions, each a download of the file as it would sit in scenarios/. */
function ExportVersions({ row, id }: { row: StudioRow; id: string }) {
  return (
    <div id={id} className="mt-2 rounded-md border border-slate-200 bg-slate-50 p-3">
      <p className="text-xs text-slate-700">
        Download a published version as <code>{row.scenarioId}.json</code>, ready for scenarios/ in git.
      </p>
      <ul aria-label={`Versions of ${row.title}`} className="mt-2 space-y-1">
        {row.versions.map((v, index) => (
          <li key={v.version}>
            <a href={versionFileHref(row.scenarioId, v.version)} download={`${row.scenarioId}.json`} className={buttonStyles.quiet}>
              Version {v.version}
              {index === 0 ? ' (newest)' : ''}
            </a>
            <span className="block pl-2 text-xs text-slate-700">
              published <LocalTime iso={v.publishedAt} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
