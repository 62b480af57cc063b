import { writeDate } from '@/lib/dates';
import { StatusBadge } from '@/components/home/StatusBadge';
import { formatPercent } from '@/lib/labels';
import { NoValue } from '@/components/ui/NoValue';
import { panel } from '@/components/ui/styles';
import type { ReportAssignment } from '@/server/reporting/person-report';
import { dateIn } from '@/lib/dates';
import { certificateHref, DocumentIcon, UnassignedIcon } from './parts';
import { DataTable } from '@/components/ui/DataTable';

const VIA = (a: ReportAssignment) => (a.via === 'team' ? `through the team ${a.team}` : a.via === 'cohort' ? 'through their start date' : 'by name');

function Status({ assignment, timeZone }: { assignment: ReportAssignment; timeZone: string }) {
  if (assignment.status !== 'unassigned') return <StatusBadge status={assignment.status} />;
  return (
    <span className="inline-flex shrink-0 items-center gap-1.5 rounded-full border border-slate-300 bg-white px-2.5 py-0.5 text-sm font-semibold text-slate-700">
      <UnassignedIcon className="h-4 w-4" />
      <span>
        <span className="sr-only">Status: </span>Unassigned
        {assignment.unassignedAt && <span className="font-normal"> on {writeDate(dateIn(timeZone, assignment.unassignedAt))}</span>}
      </span>
    </span>
  );
}

/** Every module the person was given, as a table: where each stands, and its certificate once completed. */
export function AssignmentsTable({ assignments, today, timeZone }: { assignments: ReportAssignment[]; today: string; timeZone: string }) {
  return (
    <section aria-labelledby="assignments-heading" className={`${panel} mt-6 p-5`}>
      <h2 id="assignments-heading" className="text-lg font-semibold">
        Assignments
      </h2>
      {assignments.length === 0 ? (
        <p className="mt-3 text-slate-700">No modules have been assigned to this person.</p>
      ) : (
        <DataTable
          labelledBy="assignments-heading"
          framed={false}
          className="mt-3"
          bodyClassName="divide-y divide-slate-200 align-top"
          caption={<caption className="sr-only">Assignments: overdue first, then open ones by due date, completed ones, and unassigned ones last</caption>}
          head={
            <tr>
              {['Module', 'Status', 'Due', 'Progress', 'Attempts', 'Score', 'Completed', 'Certificate'].map((heading) => (
                <th key={heading} scope="col" className="px-2 py-2 font-semibold first:pl-0">
                  {heading}
                </th>
              ))}
            </tr>
          }
        >
          {assignments.map((a) => (
            <tr key={a.assignmentId}>
              <th scope="row" className="py-2.5 pr-2 font-normal">
                <span className="font-semibold text-slate-900">{a.title}</span>
                <span className="block text-xs text-slate-600">
                  Version {a.version} · assigned {VIA(a)}
                </span>
                {a.retired.map((r) => (
                  <span key={r.title} className="mt-1 block text-xs text-amber-900">
                    <span className="font-semibold">Retired:</span> “{r.title}” was archived; {r.passed ? 'passed before, and the pass counts' : 'no longer required'}
                  </span>
                ))}
              </th>
              <td className="whitespace-nowrap px-2 py-2.5">
                <Status assignment={a} timeZone={timeZone} />
              </td>
              <td className={`whitespace-nowrap px-2 py-2.5 ${a.status === 'overdue' ? 'font-semibold text-rose-800' : 'text-slate-800'}`}>
                {a.dueDate === today && !a.completedAt ? 'Today' : writeDate(a.dueDate)}
              </td>
              <td className="whitespace-nowrap px-2 py-2.5 text-slate-800">
                {a.passedCount} of {a.total} passed
              </td>
              <td className="px-2 py-2.5 tabular-nums text-slate-800">{a.attemptCount}</td>
              <td className="px-2 py-2.5 tabular-nums text-slate-800">{a.scorePercent === null ? <NoValue /> : formatPercent(a.scorePercent)}</td>
              <td className="whitespace-nowrap px-2 py-2.5 text-slate-800">{a.completedOn ? writeDate(a.completedOn) : <NoValue />}</td>
              <td className="whitespace-nowrap px-2 py-2.5">
                {a.certificateAvailable ? (
                  <a href={certificateHref(a.assignmentId)} className="inline-flex items-center gap-1 rounded font-medium text-brand-800 underline underline-offset-2">
                    <DocumentIcon className="h-4 w-4" />
                    <span>
                      Download certificate (PDF)<span className="sr-only"> for {a.title}</span>
                    </span>
                  </a>
                ) : (
                  <span className="text-slate-600">{a.status === 'unassigned' ? 'None' : 'Once completed'}</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
