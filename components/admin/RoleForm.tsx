'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import type { Role } from '@/server/db/schema';
import { fieldHint, fieldLabel, textInput } from '../ui/form-styles';
import { FormOutcome } from './FormOutcome';
import { ROLE_AS_NOUN, ROLE_HINTS, ROLE_LABELS, ROLE_ORDER } from './labels';
import { sendJson } from './send-json';

/** An administrator changes someone's role; it applies from their very next request. */
export function RoleForm({ userId, name, role }: { userId: string; name: string; role: Role }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = new FormData(event.currentTarget).get('role') as Role;
    setPending(true);
    setError(null);
    setDone(null);
    const answer = await sendJson(`/api/admin/users/${userId}`, 'PATCH', { role: chosen });
    setPending(false);
    if (!answer.ok) return setError(answer.message);
    setDone(`${name} is now ${ROLE_AS_NOUN[chosen]}. The change applies to their very next page or request.`);
    router.refresh();
  }

  return (
    <form onSubmit={submit}>
      <label htmlFor={`${id}-role`} className={fieldLabel}>
        Role
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <select id={`${id}-role`} name="role" defaultValue={role} aria-describedby={`${id}-hint`} className={`${textInput} mt-0 w-auto`}>
          {ROLE_ORDER.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]} – {ROLE_HINTS[r]}
            </option>
          ))}
        </select>
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          {pending ? 'Changing…' : 'Change role'}
        </button>
      </div>
      <p id={`${id}-hint`} className={fieldHint}>
        A new role takes effect at once, also in sessions that are already open.
      </p>
      <FormOutcome error={error} done={done} />
    </form>
  );
}
