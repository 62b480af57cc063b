'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import type { Role } from '@/server/db/schema';
import { alertBox, fieldHint, fieldLabel, statusBox, textInput } from '../ui/form-styles';
import { ROLE_AS_NOUN, ROLE_HINTS, ROLE_LABELS } from './labels';
import { OneTimeLink } from './OneTimeLink';
import { sendJson } from './send-json';
import { TeamAndStartFields } from './TeamAndStartFields';
import { EMAIL_MAX, NAME_MAX } from '@/lib/people-limits';

interface Created {
  user: { id: string; name: string; role: Role };
  link: string;
  expiresAt: string;
}

/** Adds one person and shows their one-time set-password link. HR gets the trainee role only. */
export function AddPersonForm({ roles, teams }: { roles: readonly Role[]; teams: string[] }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPending(true);
    setError(null);
    setCreated(null);
    const answer = await sendJson<Created>('/api/admin/users', 'POST', {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      role: String(form.get('role') ?? 'trainee'),
      team: String(form.get('team') ?? ''),
      startDate: String(form.get('startDate') ?? ''),
    });
    setPending(false);
    if (!answer.ok || !answer.data) {
      setError(answer.message);
      return;
    }
    setCreated(answer.data);
    formElement.reset();
    router.refresh();
  }

  return (
    <div>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-name`} className={fieldLabel}>
            Name
          </label>
          <input id={`${id}-name`} name="name" required autoComplete="off" maxLength={NAME_MAX} className={textInput} />
        </div>
        <div>
          <label htmlFor={`${id}-email`} className={fieldLabel}>
            Email
          </label>
          <input id={`${id}-email`} name="email" type="email" required autoComplete="off" maxLength={EMAIL_MAX} className={textInput} />
        </div>
        <div>
          {roles.length > 1 ? (
            <>
              <label htmlFor={`${id}-role`} className={fieldLabel}>
                Role
              </label>
              <select id={`${id}-role`} name="role" defaultValue="trainee" aria-describedby={`${id}-role-hint`} className={textInput}>
                {roles.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]} – {ROLE_HINTS[role]}
                  </option>
                ))}
              </select>
              <p id={`${id}-role-hint`} className={fieldHint}>
                The role decides what the person can open; you can change it later.
              </p>
            </>
          ) : (
            <>
              <p className={fieldLabel}>Role</p>
              <p className="mt-1 py-2 text-sm text-slate-800">
                Trainee <span className="text-slate-600">(an administrator adds trainers, HR and admins)</span>
              </p>
              <input type="hidden" name="role" value="trainee" />
            </>
          )}
        </div>
        <TeamAndStartFields id={id} teams={teams} />
        <div className="flex items-end">
          <button type="submit" disabled={pending} className={buttonStyles.primary}>
            {pending ? 'Adding…' : 'Add person'}
          </button>
        </div>
      </form>
      <div role="alert" className={error ? `${alertBox} mt-4` : ''}>
        {error}
      </div>
      <div className={created ? `${statusBox} mt-4 space-y-3` : ''}>
        <p role="status">
          {created && (
            <>
              <strong>{created.user.name}</strong> was added as {ROLE_AS_NOUN[created.user.role]}.
            </>
          )}
        </p>
        {created && (
          <>
            <OneTimeLink link={created.link} expiresAt={created.expiresAt} personName={created.user.name} />
            <p>
              <strong>This link is shown only now.</strong> Pass it on to {created.user.name} so they can set their password. If it is lost, create a new one from{' '}
              <Link href={`/admin/users/${created.user.id}`} className="underline underline-offset-2">
                their page
              </Link>
              .
            </p>
          </>
        )}
      </div>
    </div>
  );
}
