'use client';

import Link from 'next/link';
import { signIn } from 'next-auth/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';

const inputClass = 'mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 shadow-sm';
const labelClass = 'block text-sm font-medium text-slate-800';

/** Choosing a password with a one-time link: the server applies the policy and says why it refuses one. */
export function SetPasswordForm({ token, email, policyId }: { token: string; email: string; policyId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);
  const [show, setShow] = useState(false);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (done) doneHeading.current?.focus();
  }, [done]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords are not the same. Type the new password twice.');
      return;
    }
    setPending(true);
    setError(null);
    let message: string | null = null;
    try {
      const response = await fetch('/api/password', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, password }) });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        message = body?.error?.message ?? `Something went wrong (the server answered ${response.status}). Your password was not changed.`;
      }
    } catch {
      message = 'Could not reach the server. Check your connection and try again; your password was not changed.';
    }
    if (message) {
      setPending(false);
      setError(message);
      return;
    }
    // The password is set: sign in with it through next-auth's own credentials flow, the same as
    // the sign-in page, and land on home. Should that fail, the page says to sign in by hand.
    const signedIn = await signIn('credentials', { email, password, redirect: false }).catch(() => null);
    if (signedIn?.ok && !signedIn.error) {
      // A full load, not a client transition (the router may hold pages prefetched while signed
      // out), replacing this page in the history: its link is used up.
      window.location.replace('/');
      return;
    }
    setPending(false);
    setDone(true);
  }

  if (done) {
    return (
      <div className="mt-6 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-emerald-950">
        <h2 ref={doneHeading} tabIndex={-1} className="font-semibold focus:outline-none">
          Your password is set
        </h2>
        <p role="status" className="mt-1 text-sm">
          Sign in with {email} and your new password. This link no longer works.
        </p>
        <Link href="/login" className={`${buttonStyles.primary} mt-3`}>
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-4" noValidate>
      <div role="alert" className={error ? 'rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900' : ''}>
        {error}
      </div>
      <div>
        <label htmlFor="account-email" className={labelClass}>
          Email
        </label>
        {/* Read-only, so password managers save the new password for the right account. */}
        <input id="account-email" name="username" type="email" autoComplete="username" value={email} readOnly className={`${inputClass} bg-slate-50`} />
      </div>
      <div>
        <label htmlFor="new-password" className={labelClass}>
          New password
        </label>
        <input
          id="new-password"
          name="password"
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          required
          minLength={12}
          maxLength={256}
          aria-describedby={policyId}
          className={inputClass}
        />
      </div>
      <div>
        <label htmlFor="confirm-password" className={labelClass}>
          Type it again
        </label>
        <input id="confirm-password" name="confirm" type={show ? 'text' : 'password'} autoComplete="new-password" required maxLength={256} className={inputClass} />
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={show} onChange={(event) => setShow(event.currentTarget.checked)} className="h-4 w-4 accent-brand-700" />
        Show the passwords
      </label>
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} w-full`}>
        {pending ? 'Setting your password and signing you in…' : 'Set my password'}
      </button>
    </form>
  );
}
