import type { Metadata } from 'next';
import { alertBox } from '@/components/ui/form-styles';
import { AssignmentsTable } from '@/components/hr/dashboard/AssignmentsTable';
import { CompletionsChart } from '@/components/hr/dashboard/CompletionsChart';
import { DashboardFilterForm } from '@/components/hr/dashboard/DashboardFilterForm';
import { PrincipleHeatmap } from '@/components/hr/dashboard/PrincipleHeatmap';
import { SummaryCards } from '@/components/hr/dashboard/SummaryCards';
import { PanelSection } from '@/components/ui/PanelSection';
import { buttonStyles } from '@/components/ui/styles';
import { teamNames } from '@/server/people/directory';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { settings } from '@/server/platform/settings';
import { database } from '@/server/db';
import { HttpError } from '@/server/platform/errors';
import {
  assignmentTable,
  dashboardQueryString,
  dashboardSummary,
  DEFAULT_TABLE_QUERY,
  NO_FILTERS,
  principleHeatmap,
  readDashboardQuery,
  weeklyCompletions,
} from '@/server/reporting/dashboard';
import { listModules } from '@/server/onboarding/modules';
import { RemindControl } from '@/components/mail/RemindControl';
import { outboxMode } from '@/server/mail/outbox';
import { overduePeople } from '@/server/reporting/dashboard';

export const metadata: Metadata = { title: 'Training dashboard' };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireRole('/hr', ROLES_THAT.seeResults);
  let query = { filters: NO_FILTERS, table: DEFAULT_TABLE_QUERY };
  let queryProblem: string | null = null;
  try {
    query = readDashboardQuery(await searchParams);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    queryProblem = error.message;
  }
  const { filters, table } = query;
  const { db } = await database();
  const now = new Date();
  const { timeZone } = settings();
  const [summary, weeks, page, heatmap, teams, modules] = await Promise.all([
    dashboardSummary(db, filters, now, timeZone),
    weeklyCompletions(db, filters, now, timeZone),
    assignmentTable(db, filters, table, now, timeZone),
    principleHeatmap(db, filters),
    teamNames(db),
    listModules(db, actor),
  ]);
  const exportQuery = dashboardQueryString(filters, { sort: table.sort, direction: table.direction });
  // With the overdue filter on, HR may email every overdue person the filter shows.
  const overdueCount = filters.status === 'overdue' && outboxMode() !== 'off' ? (await overduePeople(db, filters, now, timeZone)).length : 0;

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Training dashboard</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        Who has completed which module, who is overdue, and where teams are weak. Figures cover the modules active people hold now; dates are in {timeZone}.
      </p>

      {queryProblem && (
        <p role="alert" className={`${alertBox} mt-4`}>
          This link has a filter that does not work ({queryProblem}), so the dashboard shows everything.
        </p>
      )}

      <div className="mt-6">
        <DashboardFilterForm filters={filters} teams={teams} modules={modules.map((m) => ({ id: m.id, title: m.archived ? `${m.title} (archived)` : m.title }))} />
      </div>

      <section aria-labelledby="summary-heading" className="mt-6">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <SummaryCards summary={summary} />
        {filters.status && <p className="mt-2 text-sm text-slate-600">The summary, chart and team scores count every status; the status filter narrows the table.</p>}
        {filters.failedByCriticalError && (
          <p className="mt-2 text-sm text-slate-600">
            Showing only the modules of people who failed one of the module&rsquo;s scenarios because of a critical error. The team scores below still cover every finished attempt.
          </p>
        )}
        {filters.passedFasterThanReading && (
          <p className="mt-2 text-sm text-slate-600">
            Showing only the modules of people who passed one of the module&rsquo;s scenarios in under half the time its text takes to read at a brisk pace. The team scores below
            still cover every finished attempt.
          </p>
        )}
      </section>

      <PanelSection id="completions-heading" title="Completions per week">
        <CompletionsChart weeks={weeks} />
      </PanelSection>

      <section aria-labelledby="assignments-heading" id="assignments" className="mt-8 scroll-mt-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="assignments-heading" className="text-lg font-semibold">
            People and assignments
          </h2>
          <a href={`/api/hr/assignments/export${exportQuery}`} className={buttonStyles.secondary} download>
            Download as CSV
            <span className="sr-only"> ({page.total} rows, as filtered)</span>
          </a>
        </div>
        {overdueCount > 0 && (
          <div className="mt-3">
            <RemindControl
              target={`${overdueCount} overdue ${overdueCount === 1 ? 'person' : 'people'}`}
              label={`Remind ${overdueCount} overdue ${overdueCount === 1 ? 'person' : 'people'}`}
              question={`Email ${overdueCount === 1 ? 'the 1 overdue person' : `all ${overdueCount} overdue people`} in this filter a reminder of the modules they have not completed? Anyone reminded today already, or who turned reminders off, is skipped.`}
              body={{ overdueIn: dashboardQueryString(filters) }}
            />
          </div>
        )}
        <div className="mt-2">
          <AssignmentsTable page={page} filters={filters} table={table} timeZone={timeZone} />
        </div>
      </section>

      <PanelSection id="heatmap-heading" title="Team scores by principle">
        <p className="mb-3 max-w-3xl text-sm text-slate-700">
          Each team’s average score on each principle over all its members’ finished attempts
          {filters.team || filters.cohortFrom || filters.cohortTo ? ', for the team and cohort chosen above' : ''}. Low numbers show what to coach next.
        </p>
        <PrincipleHeatmap heatmap={heatmap} />
      </PanelSection>
    </>
  );
}
