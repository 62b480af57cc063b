import type { Metadata } from 'next';
import { backLinkFrom } from '@/server/platform/redirects';
import { fromParam, withReturn } from '@/lib/return-to';
import { cache } from 'react';
import { alertBox } from '@/components/ui/form-styles';
import { AssignmentsTable } from '@/components/hr/person/AssignmentsTable';
import { AttemptList } from '@/components/hr/person/AttemptList';
import { PersonHeader } from '@/components/hr/person/PersonHeader';
import { PrincipleTrends } from '@/components/hr/person/PrincipleTrends';
import { RemindControl } from '@/components/mail/RemindControl';
import { outboxMode } from '@/server/mail/outbox';
import { hasRole, orNotFound, requireRole, ROLES_THAT } from '@/server/auth/access';
import { currentUser } from '@/server/auth/session';
import { settings } from '@/server/platform/settings';
import { database } from '@/server/db';
import type { Role, User } from '@/server/db/schema';
import { WEAK_PRINCIPLE_BELOW } from '@/server/training/home';
import { HttpError } from '@/server/platform/errors';
import { personReport, readPersonReportQuery, type AttemptsShown, type PersonReportOptions } from '@/server/reporting/person-report';

type Params = { params: Promise<{ userId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// Once per request: the title and the page read the same report (cached by these plain values).
const cachedReport = cache(async (readerId: string, readerRole: Role, userId: string, page: number, show: AttemptsShown) => {
  const { db } = await database();
  return personReport(db, { id: readerId, role: readerRole }, userId, new Date(), settings().timeZone, { attemptPage: page, show });
});
const reportFor = (reader: User, userId: string, query: Required<PersonReportOptions>) => cachedReport(reader.id, reader.role, userId, query.attemptPage, query.show);

/** The page and filter asked for; a bad value is explained on the page, which then shows every attempt. */
function queryOf(searchParams: Record<string, string | string[] | undefined>): { query: Required<PersonReportOptions>; problem: string | null } {
  try {
    return { query: readPersonReportQuery(searchParams), problem: null };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { query: { attemptPage: 1, show: 'all' }, problem: error.message };
  }
}

export async function generateMetadata({ params, searchParams }: Params): Promise<Metadata> {
  const reader = await currentUser();
  if (!reader || !hasRole(reader, ROLES_THAT.seeResults)) return { title: 'Training record' };
  const report = await reportFor(reader, (await params).userId, queryOf(await searchParams).query).catch(() => null);
  return { title: report ? `${report.person.name} · Training record` : 'Training record' };
}

export default async function PersonTrainingPage({ params, searchParams }: Params) {
  const { userId } = await params;
  const reader = await requireRole(`/hr/people/${userId}`, ROLES_THAT.seeResults);
  const { query, problem } = queryOf(await searchParams);
  const report = await orNotFound(reportFor(reader, userId, query));
  const fallback = { href: hasRole(reader, ROLES_THAT.managePeople) ? '/admin/users' : '/hr', label: hasRole(reader, ROLES_THAT.managePeople) ? 'People' : 'Training dashboard' };
  const back = backLinkFrom(fromParam((await searchParams).from), fallback);
  // Passed on to the account page and the attempt pages, so their back links go back there too.
  const from = back === fallback ? undefined : back.href;
  return (
    <div>
      <PersonHeader report={report} back={back} accountHref={hasRole(reader, ROLES_THAT.managePeople) ? withReturn(`/admin/users/${report.person.id}`, from) : null} />
      {problem && (
        <p role="alert" className={`${alertBox} mt-4`}>
          This link asks for attempts in a way that does not work ({problem}), so the page shows every attempt from the newest.
        </p>
      )}
      {outboxMode() !== 'off' && report.assignments.some((a) => a.status === 'overdue' || a.status === 'not-started' || a.status === 'in-progress') && (
        <section aria-labelledby="remind-heading" className="mt-6">
          <h2 id="remind-heading" className="sr-only">
            Remind by email
          </h2>
          <RemindControl
            target={report.person.name}
            label="Remind by email"
            question={`Email ${report.person.name} a reminder of the modules they have not completed? A person is reminded at most once a day.`}
            body={{ userId: report.person.id }}
          />
        </section>
      )}
      <AssignmentsTable assignments={report.assignments} today={report.today} timeZone={report.timeZone} />
      <PrincipleTrends principles={report.principles} timeZone={report.timeZone} weakBelow={WEAK_PRINCIPLE_BELOW} />
      <AttemptList attempts={report.attempts} userId={report.person.id} from={from} />
    </div>
  );
}
