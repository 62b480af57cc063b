'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/admin/send-json';
import { FormOutcome } from '@/components/admin/FormOutcome';
import { buttonStyles } from '@/components/ui/styles';
import { fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';
import { ORGANISATION_NAME_MAX, SIGNATORY_MAX } from '@/lib/organisation-limits';

interface Details {
  name: string;
  signatoryName: string;
  signatoryTitle: string;
}

/** The organisation's name and the certificate's signatory (decision 041). */
export function OrganisationDetailsForm({ initial, defaultName }: { initial: Details; defaultName: string }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: keyof Details) => String(form.get(name) ?? '');
    setPending(true);
    setError(null);
    setDone(null);
    const answer = await sendJson('/api/admin/organisation', 'PUT', { name: text('name'), signatoryName: text('signatoryName'), signatoryTitle: text('signatoryTitle') });
    setPending(false);
    if (!answer.ok) {
      setError(answer.message);
      return;
    }
    setDone('Saved. New certificates use these details.');
    router.refresh();
  }

  const field = (name: keyof Details, label: string, hint: string, max: number, autoComplete: string) => (
    <div>
      <label htmlFor={`${id}-${name}`} className={fieldLabel}>
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        type="text"
        defaultValue={initial[name]}
        maxLength={max}
        autoComplete={autoComplete}
        aria-describedby={`${id}-${name}-hint`}
        className={textInput}
      />
      <p id={`${id}-${name}-hint`} className={fieldHint}>
        {hint}
      </p>
    </div>
  );

  return (
    <form onSubmit={submit} noValidate>
      <div className="grid gap-4">
        {field(
          'name',
          'Organisation name',
          `On certificates and in emails. Leave it empty to use “${defaultName}”, the name the server was started with.`,
          ORGANISATION_NAME_MAX,
          'organization',
        )}
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="text-base font-semibold text-slate-900">Signatory</legend>
          {field('signatoryName', 'Name', 'Who signs the certificates. Leave it empty for certificates without a signature line.', SIGNATORY_MAX, 'off')}
          {field('signatoryTitle', 'Title', 'Their role, under their name, for example “Head of Customer Service”.', SIGNATORY_MAX, 'off')}
        </fieldset>
      </div>
      <button type="submit" className={`${buttonStyles.primary} mt-4`} disabled={pending}>
        {pending ? 'Saving…' : 'Save'}
      </button>
      <FormOutcome error={error} done={done} />
    </form>
  );
}
