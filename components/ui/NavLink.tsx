'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={`rounded px-3 py-2 text-sm font-medium ${current ? 'bg-brand-50 text-brand-800 underline decoration-2 underline-offset-4' : 'text-slate-700 hover:bg-slate-100'}`}
    >
      {children}
    </Link>
  );
}
