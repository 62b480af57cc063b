'use client';

import { useState } from 'react';
import { buttonStyles } from '@/components/ui/styles';

/** What the trainee hears and reads once the server has taken their reply back. */
export const REPLY_TAKEN_BACK = 'Your last reply was taken back. Choose your reply to that again; this time it counts.';
export const RETRY_NOT_REACHED = 'Could not reach the server, so your reply was not taken back. Try again in a moment.';

export type RetryOutcome = { kind: 'taken-back' } | { kind: 'refused'; message: string } | { kind: 'unreachable' } | { kind: 'signed-out' };

/** Asks the server to take back the reply to decision `seq` (decision 042). */
export async function requestReplyRetry(attemptId: string, seq: number): Promise<RetryOutcome> {
  try {
    const response = await fetch(`/api/attempts/${attemptId}/reply-retries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seq }) });
    if (response.ok) return { kind: 'taken-back' };
    if (response.status === 401) return { kind: 'signed-out' };
    if (response.status >= 500) return { kind: 'unreachable' };
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { kind: 'refused', message: body?.error?.message ?? 'That reply cannot be tried again.' };
  } catch {
    return { kind: 'unreachable' };
  }
}

/**
 * "Try that reply again", under the coach's note on the reply just given (coaching only): the
 * server takes the reply back, and the player then shows the server's view at that decision.
 */
export function RetryReply({ onRetry, disabled }: { onRetry: () => Promise<void>; disabled: boolean }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="mt-4 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-slate-200 bg-white p-3">
      <p className="text-sm text-slate-800">Want another go at that reply? You can try each reply again once; the new answer is the one that counts.</p>
      <button
        type="button"
        className={buttonStyles.secondary}
        disabled={disabled || busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onRetry();
          } finally {
            setBusy(false);
          }
        }}
      >
        Try that reply again
      </button>
    </div>
  );
}
