'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { alertBox, fieldHint, fieldLabel } from '@/components/ui/form-styles';
import { sendJson } from '@/components/admin/send-json';
import { buttonStyles } from '@/components/ui/styles';
import { MAX_FILE_BYTES } from '@/machines/format';

interface CheckMessage {
  path: string;
  message: string;
}
interface ErrorAnswer {
  error?: { code?: string; message?: string; details?: { errors?: CheckMessage[]; warnings?: CheckMessage[] } };
}

/** What went wrong with an import, shown as one alert. */
type Refusal = { kind: 'invalid'; message: string; errors: CheckMessage[] } | { kind: 'exists'; message: string; existingId: string | null } | { kind: 'other'; message: string };

/** Files well past the format's 1 MB are refused here rather than sent: the server could not read them. */
const LARGEST_SENT = MAX_FILE_BYTES * 2;

const idInText = (text: string): string | null => {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' && /^[a-z0-9-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
};

/**
 * Imports a scenario file: the browser reads it and sends its text, the server checks it with the
 * same checker as the files in scenarios/, and either creates a draft from it or lists every
 * problem with its JSON path, having saved nothing.
 */
export function ImportScenarioForm() {
  const router = useRouter();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const alertRegion = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(false);

  // The list of problems takes focus when it appears, so it is read out and can be browsed at once.
  useEffect(() => {
    if (refusal) alertRegion.current?.focus();
  }, [refusal]);

  function choose(event: ChangeEvent<HTMLInputElement>) {
    setFile(event.currentTarget.files?.[0] ?? null);
    setRefusal(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setRefusal({ kind: 'other', message: 'Choose a scenario file (.json) to import first.' });
      return;
    }
    if (file.size > LARGEST_SENT) {
      setRefusal({
        kind: 'invalid',
        message: `${file.name} is not a valid scenario: 1 problem. Nothing was saved.`,
        errors: [{ path: '(root)', message: `the file is ${file.size} bytes; at most ${MAX_FILE_BYTES} (1 MB) is allowed` }],
      });
      return;
    }
    setPending(true);
    setRefusal(null);
    const source = await file.text();
    const answer = await sendJson<{ scenarioId: string }>('/api/author/scenarios', 'POST', { mode: 'import', source, fileName: file.name });
    if (answer.ok && answer.data) {
      router.push(`/author/${answer.data.scenarioId}`);
      return;
    }
    setPending(false);
    const error = (answer.data as ErrorAnswer | null)?.error;
    const message = answer.message ?? 'The file could not be imported. Nothing was saved.';
    if (answer.status === 400 && error?.code === 'invalid-scenario') {
      setRefusal({ kind: 'invalid', message, errors: error.details?.errors ?? [] });
    } else if (answer.status === 409) {
      setRefusal({ kind: 'exists', message, existingId: idInText(source) });
    } else {
      setRefusal({ kind: 'other', message: /nothing was/i.test(message) ? message : `${message} Nothing was saved.` });
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <p className="text-sm text-slate-700">
        A scenario file in the <code className="rounded bg-slate-100 px-1">frontline.scenario/1</code> format, such as one exported here or one from{' '}
        <code className="rounded bg-slate-100 px-1">scenarios/</code> in git. It is checked first: if anything is wrong, every problem is listed with where it is in the file, and
        nothing is saved. A file that passes becomes a new draft, named by the id inside it.
      </p>
      <div className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${id}-file`} className={fieldLabel}>
            Scenario file
          </label>
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            onChange={choose}
            aria-describedby={`${id}-file-hint`}
            className="mt-1 block text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-2 file:font-semibold file:text-slate-800 hover:file:bg-slate-50"
          />
        </div>
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          {pending ? 'Checking…' : 'Check and import'}
        </button>
      </div>
      <p id={`${id}-file-hint`} className={fieldHint}>
        A .json file of at most 1 MB.
      </p>

      <div ref={alertRegion} role="alert" tabIndex={-1} aria-labelledby={refusal ? `${id}-refusal` : undefined} className={refusal ? `${alertBox} mt-4` : ''}>
        {refusal && (
          <>
            <p id={`${id}-refusal`} className="font-semibold">
              {refusal.message}
            </p>
            {refusal.kind === 'invalid' && refusal.errors.length > 0 && (
              <ul aria-label="Problems in the file, by where they are" className="mt-2 space-y-1.5">
                {refusal.errors.map((problem, index) => (
                  <li key={index} className="flex flex-wrap gap-x-2">
                    <code className="font-semibold text-rose-950">{problem.path}</code>
                    <span>{problem.message}</span>
                  </li>
                ))}
              </ul>
            )}
            {refusal.kind === 'exists' && (
              <p className="mt-2">
                To import this file as a new scenario, change its <code>&quot;id&quot;</code> and import it again.
                {refusal.existingId && (
                  <>
                    {' '}
                    To work on the one already here,{' '}
                    <Link href={`/author/${refusal.existingId}`} className="font-medium underline underline-offset-2">
                      open {refusal.existingId}
                    </Link>{' '}
                    or duplicate it from the list.
                  </>
                )}
              </p>
            )}
          </>
        )}
      </div>
    </form>
  );
}
