'use client';

import { useEffect, useState } from 'react';

/** Seconds left on a timed reply, as a bar and a number; a screen reader hears it at 10 and 5 seconds. */
export function Countdown({ deadline }: { deadline: number }) {
  const [now, setNow] = useState(() => Date.now());
  const [total] = useState(() => Math.max(1, deadline - Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, deadline - now);
  const seconds = Math.ceil(left / 1000);
  const warning = seconds <= 5;
  return (
    <div className="flex min-w-48 items-center gap-2">
      <div aria-hidden="true" className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200">
        <div className={`h-full ${warning ? 'bg-rose-700' : 'bg-brand-700'}`} style={{ width: `${Math.min(100, (left / total) * 100)}%` }} />
      </div>
      <span role="timer" aria-live="off" className={`text-sm font-semibold tabular-nums ${warning ? 'text-rose-800' : 'text-slate-800'}`}>
        {seconds} s left
      </span>
      <span className="sr-only" aria-live="polite">
        {seconds <= 10 && seconds > 5 ? '10 seconds left to reply' : seconds <= 5 && seconds > 0 ? '5 seconds left to reply' : ''}
      </span>
    </div>
  );
}
