'use client';

import { useState } from 'react';

/**
 * Signs out through next-auth's own endpoints, as its browser client does (a CSRF token, then a
 * POST), without that client: it would add about 9 KB of script to every signed-in page.
 */
async function signOut(): Promise<void> {
  const csrf = await fetch('/api/auth/csrf', { cache: 'no-store' });
  if (!csrf.ok) throw new Error(`csrf: HTTP ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, callbackUrl: '/login', json: 'true' }),
  });
  if (!response.ok) throw new Error(`signout: HTTP ${response.status}`);
}

export function SignOutButton() {
  const [state, setState] = useState<'idle' | 'pending' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        disabled={state === 'pending'}
        onClick={() => {
          setState('pending');
          signOut().then(
            // A full load: nothing of the signed-in pages stays in the router's cache.
            // eslint-disable-next-line @next/next/no-location-assign-relative-destination
            () => window.location.assign('/login'),
            () => setState('failed'),
          );
        }}
        className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60"
      >
        Sign out
      </button>
      {state === 'failed' && (
        <span role="alert" className="text-sm text-rose-800">
          Signing out did not complete. Try again.
        </span>
      )}
    </>
  );
}
