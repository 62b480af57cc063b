import Link from 'next/link';
import { withReturn } from '@/lib/return-to';
import { formatDay } from '@/components/admin/labels';
import { StatusBadge } from '@/components/home/StatusBadge';
import { displayPercent, formatCount } from '@/lib/labels';
import { WarningIcon } from '@/components/hr/person/parts';
import { NoValue } from '@/components/ui/NoValue';
import { buttonStyles } from '@/components/ui/styles';
import { dashboardQueryString, type AssignmentPage, type DashboardFilters, type TableQuery, type TableSort } from '@/server/reporting/dashboard';
import { dateIn } from '@/lib/dates';
import { DataTable } from '@/components/ui/DataTable';

const COLUMNS: { sort: TableSort | null; label: string; numeric?: boolean }[] = [
  { sort: 'name', label: 'Person' },
  { sort: 'team', label: 'Team' },
  { sort: 'module', label: 'Module' },
  { sort: 'status', label: 'Status' },
  { sort: null, label: 'Progress' },
  { sort: 'score', label: 'Score', numeric: true },
  { sort: 'attempts', label: 'Attempts', numeric: true },
  { sort: null, label: 'Failed by a critical error', numeric: true },
  { sort: 'due', label: 'Due' },
  { sort: 'completed', label: 'Completed on' },
];

/** What a click on a column header does: sort by it, or turn the order round if it already sorts. */
function sortHref(filters: DashboardFilters, table: TableQuery, sort: TableSort): string {
  const direction = table.sort === sort && table.direction === 'asc' ? 'desc' : 'asc';
  return `/hr${dashboardQueryString(filters, { sort, direction, page: 1, pageSize: table.pageSize })}#assignments`;
}

const pageHref = (filters: DashboardFilters, table: TableQuery, page: number) => `/hr${dashboardQueryString(filters, { ...table, page })}#assignments`;

export function AssignmentsTable({ page, filters, table, timeZone }: { page: AssignmentPage; filters: DashboardFilters; table: TableQuery; timeZone: string }) {
  const first = (page.page - 1) * page.pageSize + 1;
  const last = first + page.rows.length - 1;
  const sortedBy = COLUMNS.find((c) => c.sort === table.sort)!.label;
  return (
    <>
      <p className="text-sm text-slate-700" aria-live="polite">
        {page.total === 0
          ? 'No assignments match these filters.'
          : `${page.pageCount > 1 ? `Rows ${formatCount(first)}–${formatCount(last)} of ${formatCount(page.total)}` : `${formatCount(page.total)} ${page.total === 1 ? 'row' : 'rows'}`}, sorted by ${sortedBy.toLowerCase()}, ${table.direction === 'asc' ? 'ascending' : 'descending'}.`}
      </p>
      {page.rows.length > 0 && (
        <DataTable
          label="People and their assignments"
          className="mt-2"
          head={
            <tr>
              {COLUMNS.map((column) => {
                const active = column.sort === table.sort;
                return (
                  <th
                    key={column.label}
                    scope="col"
                    aria-sort={active ? (table.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                    className={`px-2 py-2 align-bottom font-semibold ${column.numeric ? 'text-right' : ''}`}
                  >
                    {column.sort ? (
                      <Link
                        href={sortHref(filters, table, column.sort)}
                        className="inline-flex items-center gap-1 rounded underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700"
                      >
                        {column.label}
                        <span aria-hidden="true" className="text-xs">
                          {active ? (table.direction === 'asc' ? '▲' : '▼') : '↕'}
                        </span>
                        <span className="sr-only">
                          {active
                            ? `, sorted ${table.direction === 'asc' ? 'ascending' : 'descending'}; sort ${table.direction === 'asc' ? 'descending' : 'ascending'}`
                            : ', sort by this'}
                        </span>
                      </Link>
                    ) : (
                      column.label
                    )}
                  </th>
                );
              })}
            </tr>
          }
        >
          {page.rows.map((row) => (
            <tr key={row.assignmentId} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="min-w-36 px-2 py-2 font-medium">
                <Link
                  href={withReturn(`/hr/people/${row.userId}`, pageHref(filters, table, page.page))}
                  className="text-brand-800 underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700"
                >
                  {row.name}
                </Link>
              </th>
              <td className="px-2 py-2">{row.team ?? <NoValue />}</td>
              <td className="min-w-32 px-2 py-2">
                {row.moduleTitle} <span className="text-xs text-slate-600">v{row.moduleVersion}</span>
              </td>
              <td className="whitespace-nowrap px-2 py-2">
                <StatusBadge status={row.status} />
              </td>
              <td className="px-2 py-2 tabular-nums">
                {row.passedCount} of {row.scenarioTotal} passed
              </td>
              <td className="px-2 py-2 text-right tabular-nums">{row.scorePercent === null ? <NoValue /> : `${displayPercent(row.scorePercent)}%`}</td>
              <td className="px-2 py-2 text-right tabular-nums">
                {row.attemptCount}
                {row.fastPasses > 0 && (
                  // Under the count rather than a column of its own: rare, and the table must fit 1280 px.
                  <span className="block whitespace-nowrap text-xs font-semibold text-amber-900">
                    {/* Read apart from the count before it, not run into it ("22 too fast"). */}
                    <span className="sr-only">, of which </span>
                    {row.fastPasses} too fast to read
                    <span className="sr-only">{row.fastPasses === 1 ? ': one pass' : ': passes'} faster than the text could be read</span>
                  </span>
                )}
              </td>
              <td className="px-2 py-2 text-right tabular-nums">
                {row.criticalFailures > 0 ? (
                  <span className="inline-flex items-center gap-1 font-semibold text-rose-900">
                    <WarningIcon className="h-4 w-4" />
                    {row.criticalFailures}
                    <span className="sr-only">{row.criticalFailures === 1 ? ' attempt' : ' attempts'} failed by a critical error</span>
                  </span>
                ) : (
                  0
                )}
              </td>
              <td className="whitespace-nowrap px-2 py-2">{formatDay(row.dueDate, 'short')}</td>
              <td className="whitespace-nowrap px-2 py-2">{row.completedAt ? formatDay(dateIn(timeZone, row.completedAt), 'short') : <NoValue />}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {page.pageCount > 1 && (
        <nav aria-label="Pages of the table" className="mt-4 flex flex-wrap items-center gap-3 text-sm">
          {page.page > 1 && (
            <>
              <Link href={pageHref(filters, table, 1)} className={buttonStyles.secondary}>
                First page
              </Link>
              <Link href={pageHref(filters, table, page.page - 1)} className={buttonStyles.secondary}>
                Previous page
              </Link>
            </>
          )}
          <span>
            Page {formatCount(page.page)} of {formatCount(page.pageCount)}
          </span>
          {page.page < page.pageCount && (
            <>
              <Link href={pageHref(filters, table, page.page + 1)} className={buttonStyles.secondary}>
                Next page
              </Link>
              <Link href={pageHref(filters, table, page.pageCount)} className={buttonStyles.secondary}>
                Last page
              </Link>
            </>
          )}
        </nav>
      )}
    </>
  );
}
