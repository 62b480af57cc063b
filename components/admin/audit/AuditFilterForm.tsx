import Link from 'next/link';
import type { AuditQuery } from '@/server/people/audit-search';
import { buttonStyles, panel } from '@/components/ui/styles';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS } from './labels';
import { TimeZoneField } from './TimeZoneField';

const label = 'block text-sm font-medium text-slate-800';
const hint = 'mt-1 text-sm text-slate-600';
const input = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm shadow-sm';

/** The filters, as a plain GET form: the query string is the state, so it works without script and links can be shared. */
export function AuditFilterForm({ form }: { form: AuditQuery['form'] }) {
  const chosen = new Set<string>(form.actions);
  return (
    <form method="get" action="/admin/audit" aria-labelledby="audit-filter-heading" className={`${panel} p-5`}>
      <h2 id="audit-filter-heading" className="text-lg font-semibold">
        Filter the log
      </h2>
      <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <div>
          <label htmlFor="audit-actor" className={label}>
            Who acted
          </label>
          <input id="audit-actor" name="actor" defaultValue={form.actor} autoComplete="off" spellCheck={false} aria-describedby="audit-actor-hint" className={input} />
          <p id="audit-actor-hint" className={hint}>
            Their whole email, or their user id.
          </p>
        </div>
        <div>
          <label htmlFor="audit-person" className={label}>
            Person acted on
          </label>
          <input id="audit-person" name="person" defaultValue={form.person} autoComplete="off" spellCheck={false} aria-describedby="audit-person-hint" className={input} />
          <p id="audit-person-hint" className={hint}>
            Their whole email, or their user id.
          </p>
        </div>
        <div>
          <label htmlFor="audit-text" className={label}>
            Text in the subject or details
          </label>
          <input id="audit-text" name="q" type="search" defaultValue={form.text} autoComplete="off" aria-describedby="audit-text-hint" className={input} />
          <p id="audit-text-hint" className={hint}>
            For example an email typed at sign-in, or a scenario id.
          </p>
        </div>
        <div>
          <label htmlFor="audit-from" className={label}>
            From (day)
          </label>
          <input id="audit-from" name="from" type="date" defaultValue={form.from} aria-describedby="audit-days-hint" className={input} />
        </div>
        <div>
          <label htmlFor="audit-to" className={label}>
            To (day)
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={form.to} aria-describedby="audit-days-hint" className={input} />
        </div>
        <div className="self-end sm:col-span-2 lg:col-span-1">
          <TimeZoneField initial={form.timeZone} hintId="audit-days-hint" />
        </div>
      </div>

      <fieldset className="mt-5">
        <legend className="text-sm font-semibold text-slate-800">Actions</legend>
        <p className={hint}>Tick the actions to show; with none ticked, every action is shown.</p>
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

      <div className="mt-5 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonStyles.primary}>
          Show entries
        </button>
        <Link href="/admin/audit" className={buttonStyles.quiet}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
