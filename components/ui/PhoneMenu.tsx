'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The header's links and account on a phone, behind one "Menu" button so the header keeps to one
 * row. A native disclosure: it opens and closes without script, and closes after a link is followed.
 */
export function PhoneMenu({ children }: { children: ReactNode }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  return (
    <details ref={menu} className="group ml-auto sm:hidden">
      <summary className="flex min-h-11 cursor-pointer list-none items-center gap-2 rounded border border-slate-300 px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 fill-none stroke-current stroke-2">
          <path d="M4 7h16M4 12h16M4 17h16" strokeLinecap="round" className="group-open:hidden" />
          <path d="M6 6l12 12M18 6 6 18" strokeLinecap="round" className="hidden group-open:block" />
        </svg>
        Menu
      </summary>
      <div className="absolute inset-x-0 top-full z-20 border-b border-slate-200 bg-white px-4 pt-2 pb-4 shadow-md">{children}</div>
    </details>
  );
}
