'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { ApiAnswer } from '@/components/admin/send-json';
import { useConfirmFocus } from './use-confirm-focus';

/**
 * A change asked for with a button, confirmed in place, then sent: whether the question is open,
 * the request under way, and what came of it (a sentence to show either way). The page's data is
 * refreshed after a change that was made.
 */
export function useConfirmedRequest() {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { confirmButton, startButton } = useConfirmFocus(confirming);

  /** Sends the request; `describe` turns the answer's data into the sentence that says what was done. */
  async function send<T>(request: () => Promise<ApiAnswer<T>>, describe: (data: T) => string): Promise<void> {
    setPending(true);
    setError(null);
    setDone(null);
    const answer = await request();
    setPending(false);
    setConfirming(false);
    if (!answer.ok || answer.data === null) return setError(answer.message);
    setDone(describe(answer.data));
    router.refresh();
  }

  return { confirming, setConfirming, pending, error, done, send, confirmButton, startButton };
}
