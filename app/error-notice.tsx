'use client';

import { useEffect, useState } from 'react';
import { buttonStyles } from '@/components/ui/styles';

type Health = 'up' | 'database-down' | 'unreachable';

/**
 * Asks the health check what is wrong: an error from the server reaches the browser without its
 * message, so the page cannot tell a database outage from a fault by the error alone.
 */
async function health(): Promise<Health> {
  try {
    const response = await fetch('/api/health', { cache: 'no-store' });
    return response.ok ? 'up' : response.status === 503 ? 'database-down' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a page that failed shows. When the database is down it says so, waits for it to come back
 * and then tries the page again by itself.
 */
export function ErrorNotice({ onRetry }: { onRetry: () => void }) {
  const [cause, setCause] = useState<'checking' | 'database' | 'other'>('checking');
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const first = await health();
      if (cancelled) return;
      if (first !== 'database-down') return setCause('other');
      setCause('database');
      for (let delay = 2_000; !cancelled; delay = Math.min(delay * 2, 10_000)) {
        await sleep(delay);
        if (!cancelled && (await health()) === 'up') return onRetry();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [onRetry]);

  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <div role="alert">
        <h1 className="text-2xl font-bold tracking-tight">{cause === 'database' ? 'Frontline can’t reach its database right now' : 'Something went wrong'}</h1>
        <p className="mt-2 text-slate-700">
          {cause === 'database'
            ? 'Nothing you did was lost. This page tries again by itself as soon as the database is back, or try again in a moment.'
            : 'The page could not be shown. Nothing you saved was lost. Try again in a moment.'}
        </p>
      </div>
      <button type="button" onClick={onRetry} className={`${buttonStyles.primary} mt-6`}>
        Try again
      </button>
    </div>
  );
}
