'use client';

import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/admin/send-json';
import { alertBox, fieldHint, fieldLabel, textInput } from '@/components/ui/form-styles';
import { buttonStyles } from '@/components/ui/styles';
import { SCENARIO_TITLE_MAX } from '@/lib/authoring-limits';
import { copyTitle, freeId, idFromTitle, idProblem } from '@/machines/scenario-id';

type Field = 'title' | 'id';

/** Why the copy's title or id would be refused, as the form shows beside each field; null when fine. */
function copyProblems(title: string, id: string, taken: ReadonlySet<string>): Record<Field, string | null> {
  const trimmed = title.trim();
  return {
    title: !trimmed
      ? 'Give the copy a title.'
      : trimmed.length > SCENARIO_TITLE_MAX
        ? `The title is ${trimmed.length} characters; at most ${SCENARIO_TITLE_MAX} are allowed.`
        : null,
    id: !id ? 'Give the copy an id.' : (idProblem(id) ?? (taken.has(id) ? `“${id}” is taken by another scenario. Choose another id.` : null)),
  };
}

/**
 * Asks for the copy's title and id before making it: the title starts as "Copy of …", the id is
 * made from the title (and kept free) until typed by hand, and both are checked as they change,
 * with the message beside the field. The server checks again; what it refuses is shown the same way.
 * A modal <dialog>: focus stays inside, Escape closes it, and focus goes back to what opened it.
 */
export function DuplicateDialog({
  fromScenarioId,
  fromTitle,
  takenIds,
  onCreated,
  onClose,
}: {
  fromScenarioId: string;
  fromTitle: string;
  takenIds: readonly string[];
  onCreated: (scenarioId: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const idInput = useRef<HTMLInputElement>(null);
  const taken = useMemo(() => new Set(takenIds), [takenIds]);
  const [title, setTitle] = useState(() => copyTitle(fromTitle).slice(0, SCENARIO_TITLE_MAX));
  const [typedId, setTypedId] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ field: Field | null; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  // After a submit with problems, the first field at fault takes focus once its message is shown.
  const [focusField, setFocusField] = useState<{ field: Field } | null>(null);

  const chosenId = typedId ?? (title.trim() ? freeId(idFromTitle(title.trim()), taken) : '');
  const problems = copyProblems(title, chosenId.trim(), taken);
  const titleError = problems.title ?? (refused?.field === 'title' ? refused.message : null);
  const idError = problems.id ?? (refused?.field === 'id' ? refused.message : null);

  // What had focus when it opened gets it back when it closes.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.current?.open) dialog.current?.showModal();
    titleInput.current?.select();
  }, []);

  useEffect(() => {
    if (focusField) (focusField.field === 'id' ? idInput : titleInput).current?.focus();
  }, [focusField]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (problems.title || problems.id) {
      setFocusField({ field: problems.title ? 'title' : 'id' });
      return;
    }
    setPending(true);
    setRefused(null);
    const answer = await sendJson<{ scenarioId: string }>('/api/author/scenarios', 'POST', { mode: 'duplicate', fromScenarioId, title: title.trim(), id: chosenId.trim() });
    if (answer.ok && answer.data) {
      onCreated(answer.data.scenarioId);
      return;
    }
    setPending(false);
    const field = (answer.data as { error?: { details?: { field?: string } } } | null)?.error?.details?.field;
    const known = field === 'id' || field === 'title' ? field : null;
    setRefused({ field: known, message: answer.message ?? `“${fromTitle}” could not be copied. Nothing was created.` });
    if (known) setFocusField({ field: known });
  }

  return (
    // Escape (the dialog's cancel) and the Cancel button both close it; the page then unmounts it.
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-intro`}
      onClose={() => {
        onClose();
        opener.current?.focus();
      }}
      className="m-auto w-[min(34rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
    >
      <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4 p-5">
        <div>
          <h2 id={`${id}-heading`} className="text-lg font-semibold">
            Duplicate “{fromTitle}”
          </h2>
          <p id={`${id}-intro`} className="mt-1 text-sm text-slate-700">
            The copy is a new draft you can change; the original stays as it is. Nothing is published until you publish it.
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-title`} className={fieldLabel}>
            Title of the copy
          </label>
          <input
            ref={titleInput}
            id={`${id}-title`}
            name="title"
            required
            value={title}
            onChange={(event) => {
              setTitle(event.currentTarget.value);
              if (refused?.field === 'title') setRefused(null);
            }}
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError ? `${id}-title-error` : undefined}
            className={`${textInput} ${titleError ? 'border-rose-700 ring-1 ring-rose-700' : ''}`}
          />
          {titleError && (
            <p id={`${id}-title-error`} className="mt-1 text-sm font-medium text-rose-800">
              {titleError}
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${id}-id`} className={fieldLabel}>
            Id of the copy
          </label>
          <input
            ref={idInput}
            id={`${id}-id`}
            name="id"
            required
            value={chosenId}
            onChange={(event) => {
              setTypedId(event.currentTarget.value);
              if (refused?.field === 'id') setRefused(null);
            }}
            spellCheck={false}
            autoCapitalize="none"
            aria-invalid={idError ? true : undefined}
            aria-describedby={`${id}-id-hint ${id}-id-check`}
            className={`${textInput} font-mono ${idError ? 'border-rose-700 ring-1 ring-rose-700' : ''}`}
          />
          <p id={`${id}-id-hint`} className={fieldHint}>
            {typedId === null ? 'Made from the title until you change it. ' : ''}It names the scenario for good, in its address, exports and records.
          </p>
          {/* Read out as it changes: whether the id can be used, checked as it is typed. */}
          <p id={`${id}-id-check`} aria-live="polite" className={`mt-1 text-sm font-medium ${idError ? 'text-rose-800' : 'text-emerald-800'}`}>
            {idError ?? (chosenId ? `“${chosenId.trim()}” is free.` : '')}
          </p>
        </div>
        <div role="alert" className={refused && !refused.field ? alertBox : ''}>
          {refused && !refused.field ? refused.message : null}
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonStyles.secondary} onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" disabled={pending} className={buttonStyles.primary}>
            {pending ? 'Duplicating…' : 'Duplicate and open the copy'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
