'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import { signInErrorMessage } from '../../lib/sign-in-messages';

export interface LoginFormProps {
  /** Where to go once signed in (a path on this site). */
  from: string;
  /** An error the page was opened with (single sign-on sends people back with one). */
  error?: string | null;
  /** The single sign-on provider, when one is configured. */
  sso?: { id: string; name: string } | null;
}

export function LoginForm({ from, error: initialError = null, sso = null }: LoginFormProps) {
  const [error, setError] = useState<string | null>(signInErrorMessage(initialError));
  const [pending, setPending] = useState<'password' | 'sso' | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending('password');
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    }).catch(() => null);
    if (!result) {
      // No answer, or not one next-auth could read (the network, or the server itself failing).
      setPending(null);
      setError(signInErrorMessage('no-answer'));
      return;
    }
    if (result.error) {
      setPending(null);
      setError(signInErrorMessage(result.error));
      return;
    }
    // A full load, not a client transition: the router may hold pages prefetched while signed out.
    window.location.assign(from);
  }

  async function signInWithSso() {
    if (!sso) return;
    setPending('sso');
    setError(null);
    // Leaves for the provider's sign-in page, which sends the person back here or to `from`.
    await signIn(sso.id, { callbackUrl: from });
  }

  return (
    <>
      {/* POST, so a submit before the page's script has loaded never puts the password in a URL. */}
      <form method="post" onSubmit={submit} className="mt-6 space-y-4" noValidate>
        <div role="alert" aria-live="assertive" className={error ? 'rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900' : ''}>
          {error}
        </div>
        <div>
          <label htmlFor="email" className="block text-sm font-medium text-slate-800">
            Email
          </label>
          <input id="email" name="email" type="email" autoComplete="username" required className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 shadow-sm" />
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium text-slate-800">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 shadow-sm"
          />
        </div>
        <button type="submit" disabled={pending !== null} className={`${buttonStyles.primary} w-full`}>
          {pending === 'password' ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {sso && (
        <div className="mt-6">
          <p className="flex items-center gap-3 text-sm text-slate-600" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-300" />
            or
            <span className="h-px flex-1 bg-slate-300" />
          </p>
          <button type="button" onClick={() => void signInWithSso()} disabled={pending !== null} className={`${buttonStyles.secondary} mt-4 w-full`}>
            {pending === 'sso' ? `Going to ${sso.name}…` : `Sign in with ${sso.name}`}
          </button>
        </div>
      )}
    </>
  );
}
