import type { Metadata } from 'next';
import Link from 'next/link';
import { backLinkFrom } from '@/server/platform/redirects';
import { fromParam, withReturn } from '@/lib/return-to';
import { AccountStatusControl } from '@/components/admin/AccountStatusControl';
import { formatDay, ROLE_LABELS } from '@/components/admin/labels';
import { PasswordLinkControl } from '@/components/admin/PasswordLinkControl';
import { PersonDetailsForm } from '@/components/admin/PersonDetailsForm';
import { PrivacyActions } from '@/components/admin/PrivacyActions';
import { RoleForm } from '@/components/admin/RoleForm';
import { StatusBadge } from '@/components/admin/StatusBadge';
import { LocalTime } from '@/components/ui/LocalTime';
import { buttonStyles, panel } from '@/components/ui/styles';
import { teamNames, userDetail } from '@/server/people/directory';
import { hasRole, orNotFound, requireRole, ROLES_THAT } from '@/server/auth/access';
import { currentUser } from '@/server/auth/session';
import { database } from '@/server/db';
import { PanelSection } from '@/components/ui/PanelSection';
import { Term } from '@/components/ui/Term';

export async function generateMetadata({ params }: { params: Promise<{ userId: string }> }): Promise<Metadata> {
  const actor = await currentUser();
  if (!actor || !hasRole(actor, ROLES_THAT.managePeople)) return { title: 'Person' };
  const { db } = await database();
  const detail = await userDetail(db, actor, (await params).userId).catch(() => null);
  return { title: detail ? `${detail.person.name} · People` : 'Person' };
}

export default async function PersonPage({ params, searchParams }: { params: Promise<{ userId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { userId } = await params;
  const actor = await requireRole(`/admin/users/${userId}`, ROLES_THAT.managePeople);
  const fallback = { href: '/admin/users', label: 'People' };
  const back = backLinkFrom(fromParam((await searchParams).from), fallback);
  const from = back === fallback ? undefined : back.href;
  const { db } = await database();
  const { person, pendingLink, permissions } = await orNotFound(userDetail(db, actor, userId));
  const teams = await teamNames(db);
  const self = person.id === actor.id;

  return (
    <div className="mx-auto max-w-4xl">
      <Link href={back.href} className="text-sm font-medium text-brand-800 underline underline-offset-2">
        <span aria-hidden="true">← </span>
        {back.label}
      </Link>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight">{person.name}</h1>
          <StatusBadge person={person} />
        </div>
        {hasRole(actor, ROLES_THAT.seeResults) && (
          <Link href={withReturn(`/hr/people/${person.id}`, from)} className={buttonStyles.secondary}>
            Training record
          </Link>
        )}
      </div>

      <dl className={`${panel} mt-6 grid gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-[auto_1fr]`}>
        <Term label="Email">{person.email}</Term>
        <Term label="Role">{ROLE_LABELS[person.role]}</Term>
        <Term label="Team">{person.team ?? 'None'}</Term>
        <Term label="Start date">{person.startDate ? formatDay(person.startDate) : 'Not set'}</Term>
        <Term label="Password">
          {person.hasPassword ? 'Set' : 'Not set yet'}
          {pendingLink && (
            <>
              {' '}
              · a set-password link is waiting to be used, until <LocalTime iso={pendingLink.expiresAt.toISOString()} />
            </>
          )}
        </Term>
        <Term label="Last sign-in">{person.lastSignInAt ? <LocalTime iso={person.lastSignInAt.toISOString()} /> : 'Never'}</Term>
        <Term label="Account created">
          <LocalTime iso={person.createdAt.toISOString()} />
        </Term>
      </dl>

      {!permissions.edit && !person.anonymised && (
        <p className="mt-6 rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-800">
          HR can change trainee accounts only. Ask an administrator to change this account.
        </p>
      )}
      {person.anonymised && (
        <p className="mt-6 rounded-md border border-slate-300 bg-slate-50 px-4 py-3 text-sm text-slate-800">
          This person&rsquo;s identity was removed on request, so their account can no longer be changed.
        </p>
      )}

      {permissions.edit && (
        <PanelSection id="details-heading" title="Details">
          <PersonDetailsForm userId={person.id} name={person.name} team={person.team} startDate={person.startDate} teams={teams} />
        </PanelSection>
      )}
      {permissions.changeRole && (
        <PanelSection id="role-heading" title="Role">
          <RoleForm userId={person.id} name={person.name} role={person.role} />
        </PanelSection>
      )}
      {permissions.changeActive && (
        <PanelSection id="access-heading" title="Access">
          <AccountStatusControl userId={person.id} name={person.name} active={person.active} />
        </PanelSection>
      )}
      {self && actor.role === 'admin' && (
        <p className="mt-6 text-sm text-slate-700">
          You cannot change your own role or deactivate your own account: another administrator can, so there is always someone who can undo it.
        </p>
      )}
      {permissions.createLink && person.active && (
        <PanelSection id="link-heading" title="Set-password link">
          <PasswordLinkControl userId={person.id} name={person.name} hasPassword={person.hasPassword} hasPendingLink={pendingLink !== null} />
        </PanelSection>
      )}

      {/* privacy actions */}
      {actor.role === 'admin' && !self && (
        <div className="mt-6">
          <PrivacyActions userId={person.id} email={person.email} name={person.name} />
        </div>
      )}
    </div>
  );
}
