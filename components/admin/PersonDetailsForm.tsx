'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import { alertBox, fieldLabel, statusBox, textInput } from './form-styles';
import { sendJson } from './send-json';

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
          <input id={`${id}-name`} name="name" defaultValue={name} required maxLength={200} autoComplete="off" className={textInput} />
        </div>
        <div>
          <label htmlFor={`${id}-team`} className={fieldLabel}>
            Team <span className="font-normal text-slate-600">(optional)</span>
          </label>
          <input id={`${id}-team`} name="team" defaultValue={team ?? ''} list={`${id}-teams`} maxLength={100} autoComplete="off" className={textInput} />
          <datalist id={`${id}-teams`}>
            {teams.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor={`${id}-start`} className={fieldLabel}>
            Start date <span className="font-normal text-slate-600">(optional)</span>
          </label>
          <input id={`${id}-start`} name="startDate" type="date" defaultValue={startDate ?? ''} className={textInput} />
        </div>
      </div>
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} mt-4`}>
        {pending ? 'Saving…' : 'Save details'}
      </button>
      <div role="alert" className={error ? `${alertBox} mt-3` : ''}>
        {error}
      </div>
      <p role="status" className={saved ? `${statusBox} mt-3` : ''}>
        {saved ? 'The details are saved.' : ''}
      </p>
    </form>
  );
}
