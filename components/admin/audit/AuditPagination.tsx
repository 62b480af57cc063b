import Link from 'next/link';
import type { AuditQuery } from '@/server/people/audit-search';
import { buttonStyles } from '@/components/ui/styles';

/** The link to another page of the same filtered log. */
export function auditPageHref(form: AuditQuery['form'], page: number): string {
  const query = new URLSearchParams();
  for (const action of form.actions) query.append('action', action);
  if (form.actor) query.set('actor', form.actor);
  if (form.person) query.set('person', form.person);
  if (form.text) query.set('q', form.text);
  if (form.from) query.set('from', form.from);
  if (form.to) query.set('to', form.to);
  if ((form.from || form.to) && form.timeZone !== 'UTC') query.set('tz', form.timeZone);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/admin/audit?${text}` : '/admin/audit';
}

export function AuditPagination({ form, page, pageCount }: { form: AuditQuery['form']; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages of the audit log" className="flex flex-wrap items-center gap-3">
      {page > 1 ? (
        <Link href={auditPageHref(form, page - 1)} rel="prev" className={buttonStyles.secondary}>
          ← Newer entries
        </Link>
      ) : null}
      <span className="text-sm text-slate-700">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={auditPageHref(form, page + 1)} rel="next" className={buttonStyles.secondary}>
          Older entries →
        </Link>
      ) : null}
    </nav>
  );
}
