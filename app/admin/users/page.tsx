import type { Metadata } from 'next';
import Link from 'next/link';
import { AddPersonForm } from '@/components/admin/AddPersonForm';
import { ImportNewHires } from '@/components/admin/ImportNewHires';
import { fieldLabel, textInput } from '@/components/admin/form-styles';
import { formatDay, ROLE_LABELS, ROLE_ORDER } from '@/components/admin/labels';
import { StatusBadge } from '@/components/admin/StatusBadge';
import { LocalTime } from '@/components/ui/LocalTime';
import { NoValue } from '@/components/ui/NoValue';
import { buttonStyles, panel } from '@/components/ui/styles';
import { listUsers, PERSON_STATUSES, type PeopleQuery, type PersonStatus } from '@/server/people/accounts';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import type { Role } from '@/server/db/schema';

export const metadata: Metadata = { title: 'People' };

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
        <details className={`${panel} group`}>
          <summary className="cursor-pointer list-none rounded-lg px-5 py-3 font-semibold text-brand-800 hover:bg-brand-50 [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="mr-2 inline-block transition-transform group-open:rotate-90">›</span>
            Add person
          </summary>
          <div className="border-t border-slate-200 px-5 py-4">
            <AddPersonForm roles={actor.role === 'admin' ? ROLE_ORDER : ['trainee']} teams={list.teams} />
          </div>
        </details>
        <details className={`${panel} group`}>
          <summary className="cursor-pointer list-none rounded-lg px-5 py-3 font-semibold text-brand-800 hover:bg-brand-50 [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="mr-2 inline-block transition-transform group-open:rotate-90">›</span>
            Import new hires
          </summary>
          <div className="border-t border-slate-200 px-5 py-4">
            <ImportNewHires />
          </div>
        </details>
      </div>

      <section aria-labelledby="people-list-heading" className="mt-8">
        <h2 id="people-list-heading" className="sr-only">
          The list of people
        </h2>
        <form method="get" action="/admin/users" role="search" aria-label="Find people" className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <label htmlFor="people-search" className={fieldLabel}>
              Name or email
            </label>
            <input id="people-search" name="q" type="search" defaultValue={query.search ?? ''} className={textInput} />
          </div>
          <div>
            <label htmlFor="people-role" className={fieldLabel}>
              Role
            </label>
            <select id="people-role" name="role" defaultValue={query.role ?? ''} className={textInput}>
              <option value="">All roles</option>
              {ROLE_ORDER.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="people-team" className={fieldLabel}>
              Team
            </label>
            <select id="people-team" name="team" defaultValue={query.team ?? ''} className={textInput}>
              <option value="">All teams</option>
              {list.teams.map((team) => (
                <option key={team} value={team}>
                  {team}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="people-status" className={fieldLabel}>
              Status
            </label>
            <select id="people-status" name="status" defaultValue={query.status ?? ''} className={textInput}>
              <option value="">Active and deactivated</option>
              <option value="active">Active</option>
              <option value="deactivated">Deactivated</option>
            </select>
          </div>
          <button type="submit" className={buttonStyles.primary}>
            Show
          </button>
          {filtered && (
            <Link href="/admin/users" className={buttonStyles.quiet}>
              Clear the filters
            </Link>
          )}
        </form>

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
          <div className={`${panel} relative mt-2 overflow-x-auto`} role="region" aria-label="Table of people" tabIndex={0}>
            <table className="min-w-full text-left text-sm">
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
                <tr>
                  <th scope="col" className="px-4 py-3 font-semibold">Name</th>
                  <th scope="col" className="px-4 py-3 font-semibold">Email</th>
                  <th scope="col" className="px-4 py-3 font-semibold">Role</th>
                  <th scope="col" className="px-4 py-3 font-semibold">Team</th>
                  <th scope="col" className="px-4 py-3 font-semibold">Start date</th>
                  <th scope="col" className="px-4 py-3 font-semibold">Status</th>
                  <th scope="col" className="px-4 py-3 font-semibold">Last sign-in</th>
                </tr>
              </thead>
              <tbody>
                {list.people.map((person) => (
                  <tr key={person.id} className="border-b border-slate-100 last:border-0">
                    <th scope="row" className="px-4 py-3 font-medium">
                      <Link href={`/admin/users/${person.id}`} className="text-brand-800 underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700">
                        {person.name}
                      </Link>
                    </th>
                    <td className="px-4 py-3 text-slate-800">{person.email}</td>
                    <td className="px-4 py-3">{ROLE_LABELS[person.role]}</td>
                    <td className="px-4 py-3">{person.team ?? <NoValue />}</td>
                    <td className="whitespace-nowrap px-4 py-3">{person.startDate ? formatDay(person.startDate) : <NoValue />}</td>
                    <td className="whitespace-nowrap px-4 py-3">
                      <StatusBadge person={person} />
                    </td>
                    <td className="whitespace-nowrap px-4 py-3">{person.lastSignInAt ? <LocalTime iso={person.lastSignInAt.toISOString()} /> : 'Never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
