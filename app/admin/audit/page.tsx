import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditFilterForm } from '@/components/admin/audit/AuditFilterForm';
import { AuditPagination, auditPageHref } from '@/components/admin/audit/AuditPagination';
import { buttonStyles } from '@/components/ui/styles';
import { AuditTable } from '@/components/admin/audit/AuditTable';
import { listAuditEntries, readAuditQuery } from '@/server/people/audit-search';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('/admin/audit', ROLES_THAT.administer);
  const query = readAuditQuery(await searchParams);
  const { db } = await database();
  const result = await listAuditEntries(db, query.filters, query.page);
  const filtered = Object.values(query.filters).some((value) => (Array.isArray(value) ? value.length > 0 : value !== undefined));
  const firstShown = (result.page - 1) * result.pageSize + 1;
  const lastShown = firstShown + result.entries.length - 1;
  // The export takes the filters, not the page: every matching entry.
  const exportQuery = auditPageHref(query.form, 1).replace(/^\/admin\/audit/, '');

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
        <p className="mt-2 max-w-3xl text-slate-700">
          Who did what, and when: sign-ins that worked and failed, accounts created and changed, roles, deactivations, imports, publishing, assignments, and exports and erasures of
          personal data. Nothing here can be changed.
        </p>
        <a href="#audit-results-heading" className="mt-2 inline-block text-sm text-brand-800 underline underline-offset-2">
          Skip the filters to the entries
        </a>
      </div>

      <AuditFilterForm form={query.form} filtered={filtered} />

      {query.problems.length > 0 && (
        <div role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900">
          <p className="font-semibold">Some filters could not be used:</p>
          <ul className="mt-1 list-disc pl-5">
            {query.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}

      <section aria-labelledby="audit-results-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="audit-results-heading" className="text-lg font-semibold">
            Entries
          </h2>
          {result.total > 0 && (
            <a href={`/api/admin/audit/export${exportQuery}`} className={buttonStyles.secondary} download>
              Download as CSV
              <span className="sr-only"> ({result.total} entries, as filtered)</span>
            </a>
          )}
        </div>
        {/* One live region, always there, so the count is announced as the filters change. */}
        <p role="status" className="text-sm text-slate-700">
          {result.total === 0
            ? filtered
              ? 'No entries match these filters.'
              : 'Nothing has been recorded yet.'
            : `${result.total === 1 ? 'One entry' : `Entries ${firstShown}–${lastShown} of ${result.total}`}${filtered ? ' matching the filters' : ''}, newest first.`}
        </p>
        {result.total === 0 ? (
          filtered && (
            <div className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700">
              <Link href="/admin/audit" className="inline-block text-brand-800 underline underline-offset-2">
                Clear the filters and show every entry
              </Link>
            </div>
          )
        ) : (
          <>
            <AuditTable
              entries={result.entries}
              caption={`Audit log entries ${firstShown} to ${lastShown} of ${result.total}, newest first`}
              returnTo={auditPageHref(query.form, result.page)}
            />
            <AuditPagination form={query.form} page={result.page} pageCount={result.pageCount} />
          </>
        )}
      </section>
    </div>
  );
}
