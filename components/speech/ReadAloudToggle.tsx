'use client';

import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { canReadAloud, readAloudPreference, setReadAloudPreference, stopSpeaking, subscribeToReadAloud } from './speech';

/** Whether the customer's lines are read aloud on this device: the preference, once the page runs (off before). */
export function useReadAloud(): boolean {
  return useSyncExternalStore(subscribeToReadAloud, readAloudPreference, () => false);
}

/** Whether this device has a voice of its own to read with; voices can arrive after the page loads. */
function useCanReadAloud(): boolean {
  const [can, setCan] = useState(false);
  useEffect(() => {
    if (typeof speechSynthesis === 'undefined') return;
    const check = () => setCan(canReadAloud());
    check();
    speechSynthesis.addEventListener('voiceschanged', check);
    return () => speechSynthesis.removeEventListener('voiceschanged', check);
  }, []);
  return can;
}

/**
 * The switch for reading the customer's lines aloud, off by default and kept on this device.
 * Shown only where the device has a voice of its own; the lines are always on screen too.
 */
export function ReadAloudToggle({ className = '' }: { className?: string }) {
  const on = useReadAloud();
  const can = useCanReadAloud();
  const id = useId();
  if (!can) return null;
  return (
    <div className={className}>
      <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-900">
        <input
          id={id}
          type="checkbox"
          className="mt-0.5 h-4 w-4"
          checked={on}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setReadAloudPreference(event.target.checked);
            if (!event.target.checked) stopSpeaking();
          }}
        />
        <span className="font-medium">Read the customer’s lines aloud</span>
      </label>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
        On spoken calls, with a voice of this device; nothing is sent anywhere. The words stay on screen.
      </p>
    </div>
  );
}
