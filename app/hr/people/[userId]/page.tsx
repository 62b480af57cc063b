import type { Metadata } from 'next';
import { cache } from 'react';
import { AssignmentsTable } from '@/components/hr/person/AssignmentsTable';
import { AttemptList } from '@/components/hr/person/AttemptList';
import { PersonHeader } from '@/components/hr/person/PersonHeader';
import { PrincipleTrends } from '@/components/hr/person/PrincipleTrends';
import { hasRole, orNotFound, requireRole, ROLES_THAT } from '@/server/auth/access';
import { currentUser } from '@/server/auth/session';
import { settings } from '@/server/config';
import { database } from '@/server/db';
import type { Role, User } from '@/server/db/schema';
import { WEAK_PRINCIPLE_BELOW } from '@/server/home';
import { personReport } from '@/server/person-report';

type Params = { params: Promise<{ userId: string }>; searchParams: Promise<{ page?: string | string[] }> };

// Once per request: the title and the page read the same report (cached by these plain values).
const cachedReport = cache(async (readerId: string, readerRole: Role, userId: string, page: number) => {
  const { db } = await database();
  return personReport(db, { id: readerId, role: readerRole }, userId, new Date(), settings().timeZone, { attemptPage: page });
});
const reportFor = (reader: User, userId: string, page: number) => cachedReport(reader.id, reader.role, userId, page);

const pageNumber = (raw: string | string[] | undefined) => {
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value > 0 ? value : 1;
};

export async function generateMetadata({ params, searchParams }: Params): Promise<Metadata> {
  const reader = await currentUser();
  if (!reader || !hasRole(reader, ROLES_THAT.seeResults)) return { title: 'Training record' };
  const report = await reportFor(reader, (await params).userId, pageNumber((await searchParams).page)).catch(() => null);
  return { title: report ? `${report.person.name} · Training record` : 'Training record' };
}

export default async function PersonTrainingPage({ params, searchParams }: Params) {
  const { userId } = await params;
  const reader = await requireRole(`/hr/people/${userId}`, ROLES_THAT.seeResults);
  const report = await orNotFound(reportFor(reader, userId, pageNumber((await searchParams).page)));
  return (
    <div className="mx-auto max-w-5xl">
      <PersonHeader report={report} accountHref={hasRole(reader, ROLES_THAT.managePeople) ? `/admin/users/${report.person.id}` : null} />
      <AssignmentsTable assignments={report.assignments} today={report.today} timeZone={report.timeZone} />
      <PrincipleTrends principles={report.principles} timeZone={report.timeZone} weakBelow={WEAK_PRINCIPLE_BELOW} />
      <AttemptList attempts={report.attempts} userId={report.person.id} />
    </div>
  );
}
