'use client';

import { useState } from 'react';
import { useConfirmFocus } from '@/components/ui/use-confirm-focus';
import { deleteState, referencesTo, STATE_KIND_LABELS, type StateKind } from './draft-edits';
import type { EditProps } from './edit-props';
import { dangerSmallButton, smallButton } from './fields';

/** The step's heading (name, kind, whether it is the start) and deleting it, after saying what leads to it. */
export function StateHeading({ doc, onEdit, announce, name, kind }: EditProps & { name: string; kind: StateKind }) {
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const { confirmButton, startButton } = useConfirmFocus(confirmingDelete);
  const references = referencesTo(doc, name);
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="state-form-heading" className="text-lg font-semibold">
          Step <span className="font-mono">{name}</span>
          <span className="ml-2 text-sm font-normal text-slate-700">
            {STATE_KIND_LABELS[kind]}
            {doc.initial === name ? ' · the start' : ''}
          </span>
        </h2>
        {!confirmingDelete && (
          <button ref={startButton} type="button" className={dangerSmallButton} onClick={() => setConfirmingDelete(true)}>
            Delete step
          </button>
        )}
      </div>
      {confirmingDelete && (
        <div role="group" aria-labelledby="delete-state-question" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-950">
          <p id="delete-state-question" className="font-semibold">
            Delete the step “{name}”?
          </p>
          {references.length ? (
            <>
              <p className="mt-1">These lead to it and will need a new next step:</p>
              <ul className="mt-1 list-disc pl-5">
                {references.map((r) => (
                  <li key={`${r.state}-${r.choice}-${r.index}`}>{r.label}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="mt-1">Nothing leads to it.</p>
          )}
          <div className="mt-2 flex gap-2">
            <button
              ref={confirmButton}
              type="button"
              className={dangerSmallButton}
              onClick={() => {
                onEdit((d) => deleteState(d, name), `delete:${name}`, null);
                announce(`Step ${name} deleted.`);
              }}
            >
              Delete “{name}”
            </button>
            <button type="button" className={smallButton} onClick={() => setConfirmingDelete(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </>
  );
}
