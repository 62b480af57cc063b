import type { AuditQuery } from '@/server/people/audit-search';
import { panel } from '@/components/ui/styles';
import { LiveFilterForm } from '@/components/ui/LiveFilterForm';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS } from '@/lib/audit-labels';
import { TimeZoneField } from './TimeZoneField';
import { FilterText } from '@/components/ui/filters';
import { fieldHint } from '@/components/ui/form-styles';

/** The filters, applied as they change; the query string is the state, so the plain GET form works without script and links can be shared. */
export function AuditFilterForm({ form, filtered }: { form: AuditQuery['form']; filtered: boolean }) {
  const chosen = new Set<string>(form.actions);
  return (
    <LiveFilterForm
      action="/admin/audit"
      labelledBy="audit-filter-heading"
      submitLabel="Show entries"
      clearLabel="Clear filters"
      filtered={filtered}
      className={`${panel} p-5`}
      actionsClassName="mt-5"
    >
      <h2 id="audit-filter-heading" className="text-lg font-semibold">
        Filter the log
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <FilterText id="audit-actor" name="actor" label="Who acted" value={form.actor} hint="Their whole email, or their user id." />
        <FilterText id="audit-person" name="person" label="Person acted on" value={form.person} hint="Their whole email, or their user id." />
        <FilterText
          id="audit-text"
          name="q"
          type="search"
          label="Text in the subject or details"
          value={form.text}
          hint="For example an email typed at sign-in, or a scenario id."
        />
        <FilterText id="audit-from" name="from" type="date" label="From (day)" value={form.from} describedBy="audit-days-hint" />
        <FilterText id="audit-to" name="to" type="date" label="To (day)" value={form.to} describedBy="audit-days-hint" />
        <div className="self-end sm:col-span-2 lg:col-span-1">
          <TimeZoneField initial={form.timeZone} hintId="audit-days-hint" />
        </div>
      </div>

      <fieldset className="mt-5">
        <legend className="text-sm font-semibold text-slate-800">Actions</legend>
        <p className={fieldHint}>Tick the actions to show; with none ticked, every action is shown.</p>
        <div className="mt-2 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {AUDIT_ACTION_GROUPS.map((group) => (
            <fieldset key={group.label}>
              <legend className="text-sm font-medium text-slate-700">{group.label}</legend>
              <ul className="mt-1 space-y-1">
                {group.actions.map((action) => (
                  <li key={action}>
                    <label className="flex items-start gap-2 text-sm">
                      <input type="checkbox" name="action" value={action} defaultChecked={chosen.has(action)} className="mt-0.5 h-4 w-4 accent-brand-700" />
                      <span>{AUDIT_ACTION_LABELS[action]}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
        </div>
      </fieldset>
    </LiveFilterForm>
  );
}
