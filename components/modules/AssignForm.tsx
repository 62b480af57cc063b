'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';
import { FormOutcome } from '@/components/admin/FormOutcome';
import { sendJson } from '@/components/admin/send-json';
import { buttonStyles } from '@/components/ui/styles';
import { PersonPicker } from './PersonPicker';

type Kind = 'person' | 'team' | 'cohort';

const KIND_LABELS: Record<Kind, string> = { person: 'A person', team: 'A team', cohort: 'Everyone who started between two dates' };

interface Props {
  moduleId: string;
  defaultDueDays: number;
  teams: string[];
}

/** Assigns the module to a person, a team or a cohort, with an optional due date. */
export function AssignForm({ moduleId, defaultDueDays, teams }: Props) {
  const router = useRouter();
  const id = useId();
  const [kind, setKind] = useState<Kind>('team');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const target = kind === 'person' ? { userId: field('userId') } : kind === 'team' ? { team: field('team') } : { cohortFrom: field('cohortFrom'), cohortTo: field('cohortTo') };
    const missing = Object.entries(target).find(([, value]) => !value);
    setError(null);
    setDone(null);
    if (missing) {
      const what = { userId: 'Find and choose the person', team: 'Choose the team', cohortFrom: 'Give the first start date', cohortTo: 'Give the last start date' }[missing[0]];
      return setError(`${what} to assign the module to.`);
    }
    setPending(true);
    const answer = await sendJson<{ assigned: number }>(`/api/modules/${moduleId}/rules`, 'POST', { kind, ...target, dueDate: field('dueDate') || null });
    setPending(false);
    if (!answer.ok || !answer.data) return setError(answer.message);
    // Ready for the next assignment, so a due date meant for this one is not carried over.
    element.reset();
    const n = answer.data.assigned;
    setDone(`Assigned. ${n === 1 ? '1 person has' : `${n} people have`} the module now${kind === 'person' ? '' : '; people who join later get it too'}.`);
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate>
      <fieldset>
        <legend className={fieldLabel}>Assign to</legend>
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
            <label key={k} className="flex items-center gap-2 text-sm text-slate-900">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="h-4 w-4 accent-brand-700" />
              {KIND_LABELS[k]}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        {kind === 'person' && <PersonPicker />}
        {kind === 'team' && (
          <div>
            <label htmlFor={`${id}-team`} className={fieldLabel}>
              Team
            </label>
            <select id={`${id}-team`} name="team" defaultValue="" className={textInput} aria-describedby={`${id}-team-hint`}>
              <option value="">{teams.length ? 'Choose a team' : 'Nobody is in a team yet'}</option>
              {teams.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <p id={`${id}-team-hint`} className={fieldHint}>
              The team&rsquo;s trainees, and any trainee who joins it later.
            </p>
          </div>
        )}
        {kind === 'cohort' && (
          <>
            <div>
              <label htmlFor={`${id}-from`} className={fieldLabel}>
                First start date
              </label>
              <input id={`${id}-from`} name="cohortFrom" type="date" className={textInput} />
            </div>
            <div>
              <label htmlFor={`${id}-to`} className={fieldLabel}>
                Last start date
              </label>
              <input id={`${id}-to`} name="cohortTo" type="date" className={textInput} />
            </div>
            <p className={`${fieldHint} sm:col-span-2`}>Trainees whose start date is in this range, both days included, now and later.</p>
          </>
        )}
        <div>
          <label htmlFor={`${id}-due`} className={fieldLabel}>
            Due date <span className="font-normal text-slate-600">(optional)</span>
          </label>
          <input id={`${id}-due`} name="dueDate" type="date" className={textInput} aria-describedby={`${id}-due-hint`} />
          <p id={`${id}-due-hint`} className={fieldHint}>
            Left empty, each person has {defaultDueDays} {defaultDueDays === 1 ? 'day' : 'days'} from the day they are assigned.
          </p>
        </div>
      </div>
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} mt-4`}>
        {pending ? 'Assigning…' : 'Assign module'}
      </button>
      <FormOutcome error={error} done={done} />
    </form>
  );
}
