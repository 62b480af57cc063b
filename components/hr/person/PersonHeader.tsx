import Link from 'next/link';
import { formatDay, ROLE_LABELS } from '@/components/admin/labels';
import { buttonStyles, panel } from '@/components/ui/styles';
import type { PersonReport } from '@/server/reporting/person-report';
import type { BackLink } from '@/server/platform/redirects';
import { Term } from '@/components/ui/Term';

function accountState(person: PersonReport['person']): string {
  if (person.anonymised) return 'Identity removed';
  return person.active ? 'Active account' : 'Deactivated account';
}

const count = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

/** Who the person is, and their training in one line. */
export function PersonHeader({ report, accountHref, back }: { report: PersonReport; accountHref: string | null; back: BackLink }) {
  const { person, assignments, attempts } = report;
  const completed = assignments.filter((a) => a.completedAt).length;
  const overdue = assignments.filter((a) => a.status === 'overdue').length;
  const current = assignments.filter((a) => a.status !== 'unassigned').length;
  return (
    <header>
      <Link href={back.href} className="text-sm font-medium text-brand-800 underline underline-offset-2">
        <span aria-hidden="true">← </span>
        {back.label}
      </Link>
      <div className="mt-3 flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm font-semibold text-brand-800">Training record</p>
          <h1 className="text-2xl font-bold tracking-tight">{person.name}</h1>
          <p className="mt-1 text-slate-700">
            {count(current, 'module', 'modules')} assigned: {completed} completed
            {overdue > 0 && <span className="font-semibold text-rose-800">, {overdue} overdue</span>} <span aria-hidden="true">·</span>
            <span className="sr-only">;</span> {count(attempts.all, 'attempt', 'attempts')}
            {attempts.failedByCriticalError > 0 && <span className="font-semibold text-rose-800">, {attempts.failedByCriticalError} failed by a critical error</span>}
          </p>
        </div>
        {accountHref && (
          <Link href={accountHref} className={buttonStyles.secondary}>
            Account and access
          </Link>
        )}
      </div>
      <dl className={`${panel} mt-5 grid gap-x-6 gap-y-2 p-5 text-sm sm:grid-cols-[auto_1fr_auto_1fr]`}>
        <Term label="Email">{person.email}</Term>
        <Term label="Role">{ROLE_LABELS[person.role]}</Term>
        <Term label="Team">{person.team ?? 'None'}</Term>
        <Term label="Start date">{person.startDate ? formatDay(person.startDate) : 'Not set'}</Term>
        <Term label="Account">{accountState(person)}</Term>
      </dl>
    </header>
  );
}
