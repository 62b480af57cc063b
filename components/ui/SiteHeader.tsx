import Link from 'next/link';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { hasRole, ROLES_THAT } from '@/lib/roles';
import type { Role } from '@/server/db/schema';
import { NavLink } from './NavLink';

const ROLE_LABELS: Record<string, string> = { trainee: 'Trainee', trainer: 'Trainer', hr: 'HR', admin: 'Admin' };

export function SiteHeader({ user }: { user: { name: string; role: Role } | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:gap-x-6 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded text-lg font-bold tracking-tight text-brand-800">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 fill-none stroke-current stroke-2">
            <path d="M4 5h11a3 3 0 0 1 3 3v5a3 3 0 0 1-3 3H9l-5 4V5Z" strokeLinejoin="round" />
            <path d="M18 9h1a2 2 0 0 1 2 2v7l-3-2h-5" strokeLinejoin="round" />
          </svg>
          Frontline
        </Link>
        {user && (
          // On small screens the links take a row of their own under the name and sign-out.
          <nav aria-label="Main" className="order-last flex w-full flex-wrap items-center gap-1 sm:order-none sm:w-auto sm:flex-1">
            <NavLink href="/scenarios">Scenarios</NavLink>
            <NavLink href="/principles">Principles</NavLink>
            <NavLink href="/settings">Settings</NavLink>
            {hasRole(user, ROLES_THAT.seeResults) && <NavLink href="/hr">Dashboard</NavLink>}
            {hasRole(user, ROLES_THAT.author) && <NavLink href="/author">Studio</NavLink>}
            {hasRole(user, ROLES_THAT.manageModules) && <NavLink href="/modules">Modules</NavLink>}
            {hasRole(user, ROLES_THAT.managePeople) && <NavLink href="/admin/users">People</NavLink>}
            {hasRole(user, ROLES_THAT.administer) && <NavLink href="/admin/audit">Audit log</NavLink>}
            {hasRole(user, ROLES_THAT.administer) && <NavLink href="/admin/lti">LMS</NavLink>}
          </nav>
        )}
        {user && (
          <div className="ml-auto flex items-center gap-2 text-sm sm:ml-0 sm:gap-3">
            <span className="text-slate-700">
              {user.name} <span className="text-slate-500">· {ROLE_LABELS[user.role] ?? user.role}</span>
            </span>
            <SignOutButton />
          </div>
        )}
      </div>
    </header>
  );
}
