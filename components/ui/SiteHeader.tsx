import Link from 'next/link';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { NavLink } from './NavLink';

const ROLE_LABELS: Record<string, string> = { trainee: 'Trainee', trainer: 'Trainer', hr: 'HR', admin: 'Admin' };

export function SiteHeader({ user }: { user: { name: string; role: string } | null }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 rounded text-lg font-bold tracking-tight text-brand-800">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 fill-none stroke-current stroke-2">
            <path d="M4 5h11a3 3 0 0 1 3 3v5a3 3 0 0 1-3 3H9l-5 4V5Z" strokeLinejoin="round" />
            <path d="M18 9h1a2 2 0 0 1 2 2v7l-3-2h-5" strokeLinejoin="round" />
          </svg>
          Frontline
        </Link>
        {user && (
          <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-1">
            <NavLink href="/scenarios">Scenarios</NavLink>
            <NavLink href="/principles">Principles</NavLink>
            <NavLink href="/settings">Settings</NavLink>
            {(user.role === 'hr' || user.role === 'admin') && <NavLink href="/admin/users">People</NavLink>}
            {user.role === 'admin' && <NavLink href="/admin/audit">Audit log</NavLink>}
          </nav>
        )}
        {user && (
          <div className="flex items-center gap-3 text-sm">
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
