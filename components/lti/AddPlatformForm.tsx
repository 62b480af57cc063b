'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/admin/send-json';
import { FormOutcome } from '@/components/admin/FormOutcome';
import { buttonStyles } from '@/components/ui/styles';
import { fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';

const FIELDS = [
  { name: 'name', label: 'Name', hint: 'How Frontline names this LMS, for example “Moodle – Sales Academy”.', type: 'text' },
  { name: 'issuer', label: 'Issuer (platform ID)', hint: 'The LMS’s own address as it signs launches, for example https://moodle.example.com.', type: 'url' },
  { name: 'clientId', label: 'Client ID', hint: 'The id the LMS gave Frontline when you added it as a tool.', type: 'text' },
  { name: 'deploymentIds', label: 'Deployment IDs', hint: 'One or more, separated by commas or spaces.', type: 'text' },
  { name: 'authUrl', label: 'Authentication request URL', hint: 'The LMS’s OIDC authorisation endpoint.', type: 'url' },
  { name: 'tokenUrl', label: 'Access token URL', hint: 'Where Frontline asks for a token to post grades.', type: 'url' },
  { name: 'jwksUrl', label: 'Public keyset URL', hint: 'The LMS’s JWKS, with which Frontline checks its launches.', type: 'url' },
] as const;

/** Registers an LMS that may launch Frontline. */
export function AddPlatformForm() {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '');
    setPending(true);
    setError(null);
    setDone(null);
    const answer = await sendJson<{ platform: { name: string } }>('/api/admin/lti/platforms', 'POST', {
      name: text('name'),
      issuer: text('issuer'),
      clientId: text('clientId'),
      deploymentIds: text('deploymentIds')
        .split(/[\s,]+/)
        .filter(Boolean),
      authUrl: text('authUrl'),
      tokenUrl: text('tokenUrl'),
      jwksUrl: text('jwksUrl'),
      instructorsAsTrainers: form.get('instructorsAsTrainers') === 'on',
    });
    setPending(false);
    if (!answer.ok || !answer.data) {
      setError(answer.message);
      return;
    }
    setDone(`${answer.data.platform.name} can now launch Frontline.`);
    formElement.reset();
    router.refresh();
  }

  return (
    <div>
      <form onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
        {FIELDS.map((field) => (
          <div key={field.name}>
            <label htmlFor={`${id}-${field.name}`} className={fieldLabel}>
              {field.label}
            </label>
            <input
              id={`${id}-${field.name}`}
              name={field.name}
              type={field.type}
              required
              autoComplete="off"
              maxLength={field.type === 'url' ? 500 : 255}
              aria-describedby={`${id}-${field.name}-hint`}
              className={textInput}
            />
            <p id={`${id}-${field.name}-hint`} className={fieldHint}>
              {field.hint}
            </p>
          </div>
        ))}
        <div className="sm:col-span-2">
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input type="checkbox" name="instructorsAsTrainers" className="mt-1" />
            <span>
              <span className="font-medium">LMS instructors become trainers.</span> A person launching with the LMS role Instructor gets a trainer’s account (and may add Frontline
              activities to courses). Otherwise everyone launched from this LMS is a trainee.
            </span>
          </label>
        </div>
        <div>
          <button type="submit" disabled={pending} className={buttonStyles.primary}>
            {pending ? 'Adding…' : 'Add LMS'}
          </button>
        </div>
      </form>
      <FormOutcome error={error} done={done} />
    </div>
  );
}
