import Link from 'next/link';
import { withReturn } from '@/lib/return-to';
import type { AuditLogEntry, AuditPerson } from '@/server/people/audit-search';
import { LocalTime } from '@/components/ui/LocalTime';
import { AUDIT_ACTION_LABELS, subjectLabel, summariseDetails } from '@/lib/audit-labels';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

function PersonCell({ person, nobody, returnTo }: { person: AuditPerson | null; nobody: string; returnTo: string }) {
  if (!person) return <span className="text-slate-600">{nobody}</span>;
  return (
    <>
      <Link
        href={withReturn(`/admin/users/${person.id}`, returnTo)}
        className="font-medium text-brand-800 underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700"
      >
        {person.name}
      </Link>
      <span className="block break-all text-xs text-slate-600">{person.anonymised ? 'Identity removed' : person.email}</span>
    </>
  );
}

function DetailsCell({ entry }: { entry: AuditLogEntry }) {
  const summary = summariseDetails(entry.details);
  if (!entry.subject && !summary) return <span className="text-slate-600">—</span>;
  return (
    <>
      {entry.subject && (
        <span className="block break-words">
          <span className="text-slate-600">{subjectLabel(entry.action)}:</span> {entry.subjectTitle ?? entry.subject}
        </span>
      )}
      {summary && <span className="block">{summary}</span>}
    </>
  );
}

/** One page of the log as a table: when, who, what, to whom, the particulars, and from where. */
export function AuditTable({ entries, caption, returnTo }: { entries: AuditLogEntry[]; caption: string; returnTo: string }) {
  return (
    // Wide on small screens: the region scrolls sideways and can be reached and scrolled by keyboard.
    <div role="region" aria-labelledby="audit-caption" tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full text-left text-sm">
        <caption id="audit-caption" className="sr-only">
          {caption}
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <ColumnHeads labels={['When', 'Who', 'Action', 'Person', 'Details', 'Address']} cellClassName="px-3 py-2" />
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td className="whitespace-nowrap px-3 py-2">
                <LocalTime iso={entry.at.toISOString()} />
              </td>
              <td className="min-w-40 px-3 py-2">
                <PersonCell person={entry.actor} nobody={entry.action === 'scenario-published' ? 'Frontline, from scenarios/' : 'Nobody signed in'} returnTo={returnTo} />
              </td>
              <th scope="row" className="min-w-36 px-3 py-2 font-medium">
                {AUDIT_ACTION_LABELS[entry.action] ?? entry.action}
              </th>
              <td className="min-w-40 px-3 py-2">
                <PersonCell person={entry.target} nobody="—" returnTo={returnTo} />
              </td>
              <td className="min-w-56 max-w-md px-3 py-2">
                <DetailsCell entry={entry} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{entry.address ?? <span className="font-sans text-slate-600">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
