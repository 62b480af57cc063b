'use client';

import { useId, useRef, useState } from 'react';
import { LocalTime } from '@/components/ui/LocalTime';
import { buttonStyles } from '@/components/ui/styles';
import { fieldLabel } from '../ui/form-styles';

/**
 * A one-time set-password link, readable and copyable: the full address in a read-only field
 * (selected on focus) and a Copy button. The link exists only in this page; it is never shown again.
 */
export function OneTimeLink({ link, expiresAt, personName }: { link: string; expiresAt: string; personName: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copyMessage, setCopyMessage] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopyMessage('Copied to the clipboard.');
    } catch {
      // No clipboard access (an insecure origin, or permission refused): leave it selected to copy by hand.
      input.current?.focus();
      input.current?.select();
      setCopyMessage('Could not copy automatically: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  }

  return (
    <div>
      <label htmlFor={id} className={fieldLabel}>
        One-time link for {personName}
      </label>
      <div className="mt-1 flex flex-wrap gap-2 sm:flex-nowrap">
        <input
          ref={input}
          id={id}
          type="text"
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby={`${id}-expiry`}
          className="block min-w-0 flex-1 rounded-md border border-slate-400 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900"
        />
        <button type="button" onClick={() => void copy()} className={buttonStyles.secondary}>
          Copy<span className="sr-only"> the link for {personName}</span>
        </button>
      </div>
      <p id={`${id}-expiry`} className="mt-1 text-sm text-slate-700">
        Works once, until <LocalTime iso={expiresAt} />.
      </p>
      <p role="status" className="mt-1 text-sm text-slate-700">
        {copyMessage}
      </p>
    </div>
  );
}
