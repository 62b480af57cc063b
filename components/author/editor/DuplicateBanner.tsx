'use client';

import { useState } from 'react';
import { buttonStyles } from '@/components/ui/styles';

/** A built-in scenario is read-only: offers to duplicate it, then opens the copy. */
export function DuplicateBanner({ scenarioId, title, onDuplicated }: { scenarioId: string; title: string; onDuplicated: (id: string) => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function duplicate() {
    setPending(true);
    setError(null);
    const response = await fetch('/api/author/scenarios', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'duplicate', fromScenarioId: scenarioId, title: `${title} (copy)` }),
    }).catch(() => null);
    if (response?.ok) {
      onDuplicated(((await response.json()) as { scenarioId: string }).scenarioId);
      return;
    }
    setPending(false);
    const body = ((await response?.json().catch(() => null)) ?? null) as { error?: { message?: string } } | null;
    setError(body?.error?.message ?? 'Could not reach the server. Nothing was copied; try again.');
  }
  return (
    <div className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950">
      <p>This built-in scenario comes from a file in git and is read-only here. Duplicate it to edit a copy; the original stays as it is.</p>
      <button type="button" className={`${buttonStyles.primary} mt-2`} disabled={pending} onClick={() => void duplicate()}>
        {pending ? 'Duplicating…' : 'Duplicate to edit'}
      </button>
      {error && (
        <p role="alert" className="mt-2 text-rose-900">
          {error}
        </p>
      )}
    </div>
  );
}
