'use client';

import { useId, type ReactNode, type Ref } from 'react';
import { dangerButton } from './form-styles';
import { buttonStyles } from './styles';

/**
 * The question asked in place before a change that is hard to undo, with the button that makes
 * it (focused when the panel opens, see use-confirm-focus.ts) and Cancel.
 */
export function ConfirmPanel({
  label,
  question,
  details,
  confirm,
  pending,
  onConfirm,
  onCancel,
  confirmButton,
  safe = false,
  className = '',
}: {
  /** What the group is called for a screen reader: "Confirm deactivation". */
  label: string;
  question: ReactNode;
  /** What the change reaches, under the question (a list, say); read with it when the button is focused. */
  details?: ReactNode;
  /** The button's words, and its words while the change is under way. */
  confirm: { idle: string; pending: string };
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  confirmButton: Ref<HTMLButtonElement>;
  /** A change that loses nothing (bringing something back) gets the ordinary button, not the red one. */
  safe?: boolean;
  className?: string;
}) {
  const id = useId();
  return (
    <div role="group" aria-label={label} className={`rounded-md border border-amber-300 bg-amber-50 p-3 ${className}`}>
      {/* The question (and what it reaches) describes the button, so it is read when focus moves there. */}
      <div id={id}>
        <p className="text-sm font-medium text-amber-950">{question}</p>
        {details}
      </div>
      <div className="mt-2 flex flex-wrap gap-2">
        <button ref={confirmButton} type="button" disabled={pending} onClick={onConfirm} aria-describedby={id} className={safe ? buttonStyles.primary : dangerButton}>
          {pending ? confirm.pending : confirm.idle}
        </button>
        <button type="button" onClick={onCancel} className={buttonStyles.secondary}>
          Cancel
        </button>
      </div>
    </div>
  );
}
