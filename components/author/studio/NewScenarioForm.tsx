'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { alertBox, fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';
import { sendJson } from '@/components/admin/send-json';
import { buttonStyles } from '@/components/ui/styles';
import { SCENARIO_TITLE_MAX } from '@/lib/authoring-limits';
import { freeId, idFromTitle, idProblem } from '@/machines/scenario-id';

interface Created {
  scenarioId: string;
  revision: number;
}

type Field = 'title' | 'id';

/**
 * A new scenario from the blank template: a title, and an id that is derived from it unless typed.
 * The derived id is shown as it will be, so nobody is surprised by the address of the editor.
 */
export function NewScenarioForm({ takenIds }: { takenIds: string[] }) {
  const router = useRouter();
  const id = useId();
  const titleInput = useRef<HTMLInputElement>(null);
  const idInput = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState('');
  const [chosenId, setChosenId] = useState('');
  const [problem, setProblem] = useState<{ field: Field | null; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const taken = useMemo(() => new Set(takenIds), [takenIds]);

  const typedId = chosenId.trim();
  const derivedId = title.trim() ? freeId(idFromTitle(title.trim()), taken) : null;
  const shownId = typedId || derivedId;

  function refuse(field: Field | null, message: string) {
    setProblem({ field, message });
  }

  // Once the message is on the page, the field it is about takes focus and reads it out.
  useEffect(() => {
    if (problem?.field) (problem.field === 'id' ? idInput : titleInput).current?.focus();
  }, [problem]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return refuse('title', 'Give the scenario a title.');
    if (trimmed.length > SCENARIO_TITLE_MAX) return refuse('title', `The title is ${trimmed.length} characters; at most ${SCENARIO_TITLE_MAX} are allowed.`);
    if (typedId) {
      const idError = idProblem(typedId);
      if (idError) return refuse('id', idError);
      if (taken.has(typedId)) return refuse('id', `A scenario with the id "${typedId}" already exists. Choose another, or leave the id empty to have one made.`);
    }
    setPending(true);
    setProblem(null);
    const answer = await sendJson<Created>('/api/author/scenarios', 'POST', { mode: 'blank', title: trimmed, ...(typedId ? { id: typedId } : {}) });
    if (answer.ok && answer.data) {
      router.push(`/author/${answer.data.scenarioId}`);
      return;
    }
    setPending(false);
    const field = (answer.data as { error?: { details?: { field?: string } } } | null)?.error?.details?.field;
    refuse(field === 'id' || field === 'title' ? field : null, answer.message ?? 'The scenario could not be created.');
  }

  const titleError = problem?.field === 'title' ? problem.message : null;
  const idError = problem?.field === 'id' ? problem.message : null;

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4 sm:grid-cols-2">
      <p className="text-sm text-slate-700 sm:col-span-2">
        Starts from the blank template: a customer&rsquo;s opening line, one reply and an ending, ready to build on in the editor. Nothing is published until you publish it.
      </p>
      <div>
        <label htmlFor={`${id}-title`} className={fieldLabel}>
          Title
        </label>
        <input
          ref={titleInput}
          id={`${id}-title`}
          name="title"
          required
          maxLength={SCENARIO_TITLE_MAX + 40}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          aria-invalid={titleError ? true : undefined}
          aria-describedby={titleError ? `${id}-title-error` : undefined}
          className={textInput}
        />
        {titleError && (
          <p id={`${id}-title-error`} className="mt-1 text-sm font-medium text-rose-800">
            {titleError}
          </p>
        )}
      </div>
      <div>
        <label htmlFor={`${id}-id`} className={fieldLabel}>
          Id <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <input
          ref={idInput}
          id={`${id}-id`}
          name="id"
          value={chosenId}
          onChange={(event) => setChosenId(event.currentTarget.value)}
          spellCheck={false}
          autoCapitalize="none"
          placeholder={derivedId ?? 'made from the title'}
          aria-invalid={idError ? true : undefined}
          aria-describedby={`${id}-id-hint${idError ? ` ${id}-id-error` : ''}`}
          className={`${textInput} font-mono`}
        />
        <p id={`${id}-id-hint`} className={fieldHint}>
          {shownId ? (
            <>
              The scenario&rsquo;s address will be <code className="rounded bg-slate-100 px-1 text-slate-900">/author/{shownId}</code>
              {typedId ? '.' : ', made from the title.'} It cannot be changed later.
            </>
          ) : (
            'Left empty, it is made from the title. It names the scenario for good: in links, exports and records.'
          )}
        </p>
        {idError && (
          <p id={`${id}-id-error`} className="mt-1 text-sm font-medium text-rose-800">
            {idError}
          </p>
        )}
      </div>
      <div className="sm:col-span-2">
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          {pending ? 'Creating…' : 'Create and open the editor'}
        </button>
      </div>
      <div role="alert" className={problem && !problem.field ? `${alertBox} sm:col-span-2` : 'sm:col-span-2'}>
        {problem && !problem.field ? problem.message : null}
      </div>
    </form>
  );
}
