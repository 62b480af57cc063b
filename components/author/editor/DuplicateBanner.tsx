'use client';

import { useState } from 'react';
import { DuplicateDialog } from '@/components/author/studio/DuplicateDialog';
import { buttonStyles } from '@/components/ui/styles';

/** A built-in scenario is read-only: offers to duplicate it, asking for the copy's title and id, then opens the copy. */
export function DuplicateBanner({
  scenarioId,
  title,
  takenIds,
  onDuplicated,
}: {
  scenarioId: string;
  title: string;
  takenIds: readonly string[];
  onDuplicated: (id: string) => void;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <div className="rounded-md border border-sky-300 bg-sky-50 p-3 text-sm text-sky-950">
      <p>This built-in scenario comes from a file in git and is read-only here. Duplicate it to edit a copy; the original stays as it is.</p>
      <button type="button" aria-haspopup="dialog" className={`${buttonStyles.primary} mt-2`} onClick={() => setAsking(true)}>
        Duplicate to edit
      </button>
      {asking && <DuplicateDialog fromScenarioId={scenarioId} fromTitle={title} takenIds={takenIds} onCreated={onDuplicated} onClose={() => setAsking(false)} />}
    </div>
  );
}
