import Link from 'next/link';
import { fieldLabel, textInput } from '@/components/admin/form-styles';
import { ASSIGNMENT_STATUS_LABELS } from '@/components/ui/labels';
import { buttonStyles } from '@/components/ui/styles';
import { CRITICAL_FAILURE_PARAM, CRITICAL_FAILURE_VALUE, DASHBOARD_STATUSES, type DashboardFilters } from '@/server/reporting/dashboard';

/** The dashboard's filters as a plain GET form: the URL holds them, so a view can be bookmarked or shared. */
export function DashboardFilterForm({ filters, teams, modules }: { filters: DashboardFilters; teams: string[]; modules: { id: string; title: string }[] }) {
  const filtered = Object.values(filters).some(Boolean);
  return (
    <form method="get" action="/hr" role="search" aria-label="Filter the dashboard" className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="filter-team" className={fieldLabel}>
          Team
        </label>
        <select id="filter-team" name="team" defaultValue={filters.team ?? ''} className={textInput}>
          <option value="">All teams</option>
          {teams.map((team) => (
            <option key={team} value={team}>
              {team}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="flex flex-wrap gap-3">
        <legend className={`${fieldLabel} mb-0`}>Cohort: started between</legend>
        <div>
          <label htmlFor="filter-cohort-from" className="sr-only">
            Started on or after
          </label>
          <input id="filter-cohort-from" name="cohortFrom" type="date" defaultValue={filters.cohortFrom ?? ''} className={textInput} />
        </div>
        <div>
          <label htmlFor="filter-cohort-to" className="sr-only">
            Started on or before
          </label>
          <input id="filter-cohort-to" name="cohortTo" type="date" defaultValue={filters.cohortTo ?? ''} className={textInput} />
        </div>
      </fieldset>
      <div>
        <label htmlFor="filter-module" className={fieldLabel}>
          Module
        </label>
        <select id="filter-module" name="moduleId" defaultValue={filters.moduleId ?? ''} className={`${textInput} max-w-64`}>
          <option value="">All modules</option>
          {modules.map((module) => (
            <option key={module.id} value={module.id}>
              {module.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-status" className={fieldLabel}>
          Status
        </label>
        <select id="filter-status" name="status" defaultValue={filters.status ?? ''} className={textInput}>
          <option value="">Any status</option>
          {DASHBOARD_STATUSES.map((status) => (
            <option key={status} value={status}>
              {ASSIGNMENT_STATUS_LABELS[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex items-center gap-2 py-2">
        <input
          id="filter-critical"
          name={CRITICAL_FAILURE_PARAM}
          value={CRITICAL_FAILURE_VALUE}
          type="checkbox"
          defaultChecked={filters.failedByCriticalError}
          aria-describedby="filter-critical-hint"
          className="h-4 w-4 rounded border-slate-400 text-brand-700"
        />
        <label htmlFor="filter-critical" className="text-sm font-medium text-slate-800">
          Failed by a critical error
        </label>
        <span id="filter-critical-hint" className="sr-only">
          Only people who failed one of the module&rsquo;s scenarios because of a critical error
        </span>
      </div>
      <button type="submit" className={buttonStyles.primary}>
        Show
      </button>
      {filtered && (
        <Link href="/hr" className={buttonStyles.quiet}>
          Clear the filters
        </Link>
      )}
    </form>
  );
}
