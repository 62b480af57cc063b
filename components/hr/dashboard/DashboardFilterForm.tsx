import { fieldLabel, textInput } from '@/components/ui/form-styles';
import { ASSIGNMENT_STATUS_LABELS } from '@/lib/labels';
import { FilterForm, FilterSelect, plainOptions } from '@/components/ui/filters';
import { CRITICAL_FAILURE_PARAM, CRITICAL_FAILURE_VALUE, DASHBOARD_STATUSES, FAST_PASS_PARAM, FAST_PASS_VALUE, type DashboardFilters } from '@/server/reporting/dashboard';
import { FAST_PASS_LABEL } from '@/lib/labels';

/** The dashboard's filters as a plain GET form: the URL holds them, so a view can be bookmarked or shared. */
export function DashboardFilterForm({ filters, teams, modules }: { filters: DashboardFilters; teams: string[]; modules: { id: string; title: string }[] }) {
  const filtered = Object.values(filters).some(Boolean);
  return (
    <FilterForm action="/hr" label="Filter the dashboard" filtered={filtered}>
      <FilterSelect id="filter-team" name="team" label="Team" value={filters.team} anyLabel="All teams" options={plainOptions(teams)} />
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
      <FilterSelect
        id="filter-module"
        name="moduleId"
        label="Module"
        value={filters.moduleId}
        anyLabel="All modules"
        options={modules.map((module) => ({ value: module.id, label: module.title }))}
        className="max-w-64"
      />
      <FilterSelect
        id="filter-status"
        name="status"
        label="Status"
        value={filters.status}
        anyLabel="Any status"
        options={DASHBOARD_STATUSES.map((status) => ({ value: status, label: ASSIGNMENT_STATUS_LABELS[status] }))}
      />
      <FilterCheckbox
        id="filter-critical"
        name={CRITICAL_FAILURE_PARAM}
        value={CRITICAL_FAILURE_VALUE}
        checked={filters.failedByCriticalError}
        label="Failed by a critical error"
        hint="Only people who failed one of the module’s scenarios because of a critical error"
      />
      <FilterCheckbox
        id="filter-fast-pass"
        name={FAST_PASS_PARAM}
        value={FAST_PASS_VALUE}
        checked={filters.passedFasterThanReading}
        label={FAST_PASS_LABEL}
        hint="Only people who passed one of the module’s scenarios in under half the time its text takes to read"
      />
    </FilterForm>
  );
}

/** A yes-or-no filter: sent as `name=value` when ticked, with a hint read out to screen readers. */
function FilterCheckbox({ id, name, value, checked, label, hint }: { id: string; name: string; value: string; checked: boolean; label: string; hint: string }) {
  return (
    <div className="flex items-center gap-2 py-2">
      <input
        id={id}
        name={name}
        value={value}
        type="checkbox"
        defaultChecked={checked}
        aria-describedby={`${id}-hint`}
        className="h-4 w-4 rounded border-slate-400 text-brand-700"
      />
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <span id={`${id}-hint`} className="sr-only">
        {hint}
      </span>
    </div>
  );
}
