'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';

export function LoginForm({ from }: { from: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    if (!result || result.error) {
      setPending(false);
      setError(result?.status === 429 ? 'Too many attempts. Wait a few minutes and try again.' : 'That email and password do not match an active account.');
      return;
    }
    // A full load, not a client transition: the router may hold pages prefetched while signed out.
    window.location.assign(from);
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <div role="alert" aria-live="assertive" className={error ? 'rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900' : ''}>
        {error}
      </div>
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-800">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 shadow-sm"
        />
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
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} w-full`}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
