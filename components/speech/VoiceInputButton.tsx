'use client';

import { useEffect, useRef, useState } from 'react';
import { onDeviceRecognition } from './speech';

type Recognition = NonNullable<Awaited<ReturnType<typeof onDeviceRecognition>>>;

/**
 * Answer by voice: a button that listens once, on this device only, and hands over what it heard.
 * Shown only where the browser recognises speech on the device; elsewhere there is nothing to press.
 */
export function VoiceInputButton({ onHeard, disabled }: { onHeard: (words: string) => void; disabled: boolean }) {
  const [make, setMake] = useState<Recognition | null>(null);
  const [listening, setListening] = useState(false);
  const current = useRef<ReturnType<Recognition> | null>(null);

  useEffect(() => {
    let live = true;
    void onDeviceRecognition().then((found) => live && setMake(() => found));
    return () => {
      live = false;
      current.current?.stop();
    };
  }, []);
  if (!make) return null;

  function listen() {
    if (listening) {
      current.current?.stop();
      return;
    }
    const recognition = make!();
    current.current = recognition;
    recognition.addEventListener('result', (event) => {
      const results = (event as unknown as { results: ArrayLike<ArrayLike<{ transcript: string }>> }).results;
      const words = Array.from(results, (result) => result[0]?.transcript ?? '')
        .join(' ')
        .trim();
      if (words) onHeard(words);
    });
    recognition.addEventListener('end', () => setListening(false));
    recognition.addEventListener('error', () => setListening(false));
    setListening(true);
    recognition.start();
  }

  return (
    <button
      type="button"
      onClick={listen}
      disabled={disabled}
      aria-pressed={listening}
      className="rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50 disabled:opacity-60"
    >
      {listening ? 'Listening… (press to stop)' : 'Answer by voice'}
    </button>
  );
}
