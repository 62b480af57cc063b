'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import { fieldLabel, textInput } from '../ui/form-styles';
import { FormOutcome } from './FormOutcome';
import { sendJson } from './send-json';
import { TeamAndStartFields } from './TeamAndStartFields';
import { NAME_MAX } from '@/lib/people-limits';

/** Name, team and start date of a person. */
export function PersonDetailsForm({ userId, name, team, startDate, teams }: { userId: string; name: string; team: string | null; startDate: string | null; teams: string[] }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    setSaved(false);
    const answer = await sendJson(`/api/admin/users/${userId}`, 'PATCH', {
      name: String(form.get('name') ?? ''),
      team: String(form.get('team') ?? ''),
      startDate: String(form.get('startDate') ?? ''),
    });
    setPending(false);
    if (!answer.ok) return setError(answer.message);
    setSaved(true);
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          <label htmlFor={`${id}-name`} className={fieldLabel}>
            Name
          </label>
          <input id={`${id}-name`} name="name" defaultValue={name} required maxLength={NAME_MAX} autoComplete="off" className={textInput} />
        </div>
        <TeamAndStartFields id={id} teams={teams} team={team} startDate={startDate} />
      </div>
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} mt-4`}>
        {pending ? 'Saving…' : 'Save details'}
      </button>
      <FormOutcome error={error} done={saved ? 'The details are saved.' : null} />
    </form>
  );
}
