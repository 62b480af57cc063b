'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { buttonStyles, panel } from '@/components/ui/styles';

type Mode = 'anonymise' | 'erase';

const MODES: { value: Mode; label: string; explain: (name: string) => string }[] = [
  {
    value: 'anonymise',
    label: 'Anonymise',
    explain: (name) =>
      `Removes who ${name} is: name and email become placeholders, the password, set-password links and failed sign-ins go, the audit log stops naming them, and every session ends. Their training results stay, without a name, so team statistics still count them.`,
  },
  {
    value: 'erase',
    label: 'Erase',
    explain: (name) => `Everything anonymising does, and also deletes ${name}’s attempts and every choice in them. Their results no longer count anywhere.`,
  },
];

interface Done {
  mode: Mode;
  placeholder: string;
}

/**
 * An admin's privacy tools on a person's page: download everything held about them, and anonymise
 * or erase them after typing their email. Neither can be undone, so the email is the confirmation.
 */
export function PrivacyActions({ userId, email, name }: { userId: string; email: string; name: string }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('anonymise');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  const emailField = useRef<HTMLInputElement>(null);
  const statusBox = useRef<HTMLDivElement>(null);
  // The form (and the button that had focus) goes away on success: keep keyboard users in place.
  useEffect(() => {
    if (done) statusBox.current?.focus();
  }, [done]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (typed.trim().toLowerCase() !== email.toLowerCase()) {
      setError(`The email you typed does not match. Type ${email} exactly to confirm; nothing was changed.`);
      emailField.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/admin/users/${encodeURIComponent(userId)}/erase`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ mode, confirmEmail: typed.trim() }),
      });
      const data = (await response.json().catch(() => null)) as { person?: { name: string }; error?: { message?: string } } | null;
      if (!response.ok) {
        setError(
          response.status === 401
            ? 'Your session has ended. Sign in again, then try once more; nothing was changed.'
            : (data?.error?.message ?? `Something went wrong (the server answered ${response.status}). Nothing was changed.`),
        );
        return;
      }
      setDone({ mode, placeholder: data?.person?.name ?? 'a former user' });
    } catch {
      setError('Could not reach the server. Check your connection and try again; nothing was changed.');
    } finally {
      setBusy(false);
    }
  }

  const chosen = MODES.find((m) => m.value === mode)!;
  return (
    <section aria-labelledby={`${id}-heading`} className={`${panel} space-y-5 p-5`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        Personal data
      </h2>

      {!done && (
        <div>
          <a href={`/api/admin/users/${encodeURIComponent(userId)}/export`} download className={buttonStyles.secondary}>
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 fill-none stroke-current stroke-2">
              <path d="M10 3v10m0 0-4-4m4 4 4-4M4 16h12" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            Download everything held about {name} (JSON)
          </a>
          <p className="mt-1 text-sm text-slate-600">
            The account, every attempt and choice, set-password links, failed sign-ins and audit entries. The download is recorded in the audit log.
          </p>
        </div>
      )}

      {/* The outcome is announced here and takes focus: the form goes once it has done its work. */}
      <div ref={statusBox} tabIndex={-1} role="status" className={done ? 'rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-950' : ''}>
        {done && (
          <>
            <p>
              {done.mode === 'erase' ? `${name} is erased: their attempts are deleted` : `${name} is anonymised: their training results stay without a name`}, and the account now
              shows as “{done.placeholder}”.
            </p>
            <Link href="/admin/users" className="mt-2 inline-block font-medium text-brand-800 underline underline-offset-2">
              Back to people
            </Link>
          </>
        )}
      </div>

      {!done && (
        <form onSubmit={submit} noValidate aria-labelledby={`${id}-erase-heading`} className="space-y-4 border-t border-slate-200 pt-4">
          <h3 id={`${id}-erase-heading`} className="font-semibold">
            Erase or anonymise
          </h3>
          <p className="text-sm text-slate-700">Neither can be undone. Download the data first if the person asked for a copy.</p>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">What to do</legend>
            <div className="mt-2 space-y-2">
              {MODES.map((option) => (
                <label key={option.value} className="flex cursor-pointer gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-rose-700 has-[:checked]:bg-rose-50">
                  <input
                    type="radio"
                    name={`${id}-mode`}
                    value={option.value}
                    checked={mode === option.value}
                    onChange={() => setMode(option.value)}
                    className="mt-1 h-4 w-4 accent-rose-700"
                  />
                  <span>
                    <span className="block font-medium">{option.label}</span>
                    <span className="block text-sm text-slate-700">{option.explain(name)}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor={`${id}-confirm`} className="block text-sm font-medium text-slate-800">
              Type {email} to confirm
            </label>
            <input
              ref={emailField}
              id={`${id}-confirm`}
              type="email"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              className="mt-1 block w-full max-w-md rounded-md border border-slate-400 bg-white px-3 py-2 shadow-sm"
            />
          </div>
          <div id={`${id}-error`} role="alert" className={error ? 'rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900' : ''}>
            {error}
          </div>
          <button
            type="submit"
            disabled={busy}
            className="inline-flex items-center justify-center gap-2 rounded-md bg-rose-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-rose-800 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {busy ? 'Working…' : `${chosen.label} ${name}`}
          </button>
        </form>
      )}
    </section>
  );
}
