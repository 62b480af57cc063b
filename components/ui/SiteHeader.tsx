import Link from 'next/link';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { hasRole, ROLES_THAT } from '@/lib/roles';
import type { Role } from '@/server/db/schema';
import { NavLink } from './NavLink';
import { PhoneMenu } from './PhoneMenu';

const ROLE_LABELS: Record<string, string> = { trainee: 'Trainee', trainer: 'Trainer', hr: 'HR', admin: 'Admin' };

/** The pages this person's role opens, in the order the header lists them. */
function NavLinks({ user }: { user: { role: Role } }) {
  return (
    <>
      <NavLink href="/scenarios">Scenarios</NavLink>
      <NavLink href="/principles">Principles</NavLink>
      <NavLink href="/settings">Settings</NavLink>
      {hasRole(user, ROLES_THAT.seeResults) && <NavLink href="/hr">Dashboard</NavLink>}
      {hasRole(user, ROLES_THAT.author) && <NavLink href="/author">Studio</NavLink>}
      {hasRole(user, ROLES_THAT.manageModules) && <NavLink href="/modules">Modules</NavLink>}
      {hasRole(user, ROLES_THAT.managePeople) && <NavLink href="/admin/users">People</NavLink>}
      {hasRole(user, ROLES_THAT.administer) && <NavLink href="/admin/audit">Audit log</NavLink>}
      {hasRole(user, ROLES_THAT.administer) && <NavLink href="/admin/mail">Email</NavLink>}
      {hasRole(user, ROLES_THAT.administer) && <NavLink href="/admin/lti">LMS</NavLink>}
      {hasRole(user, ROLES_THAT.administer) && <NavLink href="/admin/organisation">Organisation</NavLink>}
    </>
  );
}

function Account({ user }: { user: { name: string; role: Role } }) {
  return (
    <>
      <span className="text-slate-700">
        {user.name} <span className="text-slate-500">· {ROLE_LABELS[user.role] ?? user.role}</span>
      </span>
      <SignOutButton />
    </>
  );
}

/**
 * On a phone the header is one row: the name of the app and a menu with the links and the account;
 * from a small tablet up, everything shows. Only one of the two is displayed, so assistive
 * technology meets one main navigation.
 */
export function SiteHeader({ user }: { user: { name: string; role: Role } | null }) {
  return (
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center gap-x-3 gap-y-2 px-4 py-2 sm:flex-wrap sm:gap-x-6 sm:px-6 sm:py-3">
        <Link href="/" className="flex items-center gap-2 rounded text-lg font-bold tracking-tight text-brand-800">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 fill-none stroke-current stroke-2">
            <path d="M4 5h11a3 3 0 0 1 3 3v5a3 3 0 0 1-3 3H9l-5 4V5Z" strokeLinejoin="round" />
            <path d="M18 9h1a2 2 0 0 1 2 2v7l-3-2h-5" strokeLinejoin="round" />
          </svg>
          Frontline
        </Link>
        {user && (
          <>
            <nav aria-label="Main" className="hidden flex-1 flex-wrap items-center gap-1 sm:flex">
              <NavLinks user={user} />
            </nav>
            <div className="hidden items-center gap-3 text-sm sm:flex">
              <Account user={user} />
            </div>
            <PhoneMenu>
              <nav aria-label="Main" className="grid gap-1">
                <NavLinks user={user} />
              </nav>
              <div className="mt-3 flex items-center justify-between gap-2 border-t border-slate-200 pt-3 text-sm">
                <Account user={user} />
              </div>
            </PhoneMenu>
          </>
        )}
      </div>
    </header>
  );
}
