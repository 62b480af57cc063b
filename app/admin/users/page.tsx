import type { Metadata } from 'next';
import Link from 'next/link';
import { withReturn } from '@/lib/return-to';
import { AddPersonForm } from '@/components/admin/AddPersonForm';
import { ImportNewHires } from '@/components/admin/ImportNewHires';
import { formatDay, ROLE_LABELS, ROLE_ORDER } from '@/components/admin/labels';
import { StatusBadge } from '@/components/admin/StatusBadge';
import { LocalTime } from '@/components/ui/LocalTime';
import { NoValue } from '@/components/ui/NoValue';
import { FilterForm, FilterSelect, FilterText, plainOptions } from '@/components/ui/filters';
import { PanelDisclosure } from '@/components/ui/PanelDisclosure';
import { buttonStyles } from '@/components/ui/styles';
import { listUsers, PERSON_STATUSES, type PeopleQuery, type PersonStatus } from '@/server/people/directory';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import type { Role } from '@/server/db/schema';
import { ColumnHeads } from '@/components/ui/ColumnHeads';
import { DataTable } from '@/components/ui/DataTable';

export const metadata: Metadata = { title: 'People' };

const PERSON_STATUS_OPTIONS = [
  { value: 'active', label: 'Active' },
  { value: 'deactivated', label: 'Deactivated' },
];

type SearchParams = Record<string, string | string[] | undefined>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The list's filters from the query string; anything unrecognised is ignored. */
function peopleQuery(params: SearchParams): PeopleQuery {
  const role = single(params.role);
  const status = single(params.status);
  const page = Number(single(params.page) ?? 1);
  return {
    search: single(params.q)?.slice(0, 200),
    role: ROLE_ORDER.includes(role as Role) ? (role as Role) : undefined,
    team: single(params.team)?.slice(0, 100),
    status: PERSON_STATUSES.includes(status as PersonStatus) ? (status as PersonStatus) : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function pageHref(query: PeopleQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.search) params.set('q', query.search);
  if (query.role) params.set('role', query.role);
  if (query.team) params.set('team', query.team);
  if (query.status) params.set('status', query.status);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `/admin/users?${text}` : '/admin/users';
}

export default async function PeoplePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireRole('/admin/users', ROLES_THAT.managePeople);
  const query = peopleQuery(await searchParams);
  const { db } = await database();
  const list = await listUsers(db, actor, query);
  const filtered = Boolean(query.search || query.role || query.team || query.status);
  const first = (list.page - 1) * list.pageSize + 1;
  const last = first + list.people.length - 1;

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">People</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        {actor.role === 'admin'
          ? 'Everyone with an account. Add people one by one or import new hires from a file; open a person to change their role, details or access.'
          : 'Everyone with an account. Add trainees one by one or import new hires from a file; open a trainee to change their details or give them a new set-password link.'}
      </p>

      <div className="mt-6 grid gap-4">
        <PanelDisclosure title="Add person">
          <AddPersonForm roles={actor.role === 'admin' ? ROLE_ORDER : ['trainee']} teams={list.teams} />
        </PanelDisclosure>
        <PanelDisclosure title="Import new hires">
          <ImportNewHires />
        </PanelDisclosure>
      </div>

      <section aria-labelledby="people-list-heading" className="mt-8">
        <h2 id="people-list-heading" className="sr-only">
          The list of people
        </h2>
        <FilterForm action="/admin/users" label="Find people" filtered={filtered}>
          <FilterText id="people-search" name="q" type="search" label="Name or email" value={query.search} className="min-w-56 flex-1" />
          <FilterSelect
            id="people-role"
            name="role"
            label="Role"
            value={query.role}
            anyLabel="All roles"
            options={ROLE_ORDER.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          />
          <FilterSelect id="people-team" name="team" label="Team" value={query.team} anyLabel="All teams" options={plainOptions(list.teams)} />
          <FilterSelect id="people-status" name="status" label="Status" value={query.status} anyLabel="Active and deactivated" options={PERSON_STATUS_OPTIONS} />
        </FilterForm>

        <p className="mt-4 text-sm text-slate-700" aria-live="polite">
          {list.total === 0
            ? filtered
              ? 'Nobody matches these filters.'
              : 'There is nobody here yet.'
            : list.pageCount > 1
              ? `People ${first}–${last} of ${list.total}`
              : `${list.total} ${list.total === 1 ? 'person' : 'people'}`}
        </p>

        {list.people.length > 0 && (
          <DataTable
            label="Table of people"
            className="mt-2"
            head={<ColumnHeads labels={['Name', 'Email', 'Role', 'Team', 'Start date', 'Status', 'Last sign-in']} cellClassName="px-3 py-3" />}
          >
            {list.people.map((person) => (
              <tr key={person.id} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="px-3 py-3 font-medium">
                  <Link
                    href={withReturn(`/admin/users/${person.id}`, pageHref(query, list.page))}
                    className="text-brand-800 underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700"
                  >
                    {person.name}
                  </Link>
                </th>
                <td className="px-3 py-3 text-slate-800 [overflow-wrap:anywhere]">{person.email}</td>
                <td className="px-3 py-3">{ROLE_LABELS[person.role]}</td>
                <td className="px-3 py-3">{person.team ?? <NoValue />}</td>
                <td className="px-3 py-3">{person.startDate ? formatDay(person.startDate) : <NoValue />}</td>
                <td className="whitespace-nowrap px-3 py-3">
                  <StatusBadge person={person} />
                </td>
                <td className="px-3 py-3">{person.lastSignInAt ? <LocalTime iso={person.lastSignInAt.toISOString()} /> : 'Never'}</td>
              </tr>
            ))}
          </DataTable>
        )}

        {list.pageCount > 1 && (
          <nav aria-label="Pages of people" className="mt-4 flex flex-wrap items-center gap-3 text-sm">
            {list.page > 1 ? (
              <Link href={pageHref(query, list.page - 1)} className={buttonStyles.secondary}>
                Previous page
              </Link>
            ) : null}
            <span>
              Page {list.page} of {list.pageCount}
            </span>
            {list.page < list.pageCount ? (
              <Link href={pageHref(query, list.page + 1)} className={buttonStyles.secondary}>
                Next page
              </Link>
            ) : null}
          </nav>
        )}
      </section>
    </>
  );
}
