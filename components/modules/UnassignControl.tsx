'use client';

import { alertBox, dangerButton, statusBox } from '@/components/ui/form-styles';
import { sendJson } from '@/components/admin/send-json';
import { buttonStyles } from '@/components/ui/styles';
import { useConfirmedRequest } from '@/components/ui/use-confirmed-request';

/**
 * Unassigning one rule, after a confirmation that says what happens to whom. Rendered for removed
 * rules too, so the outcome stays on screen after the page refreshes.
 */
export function UnassignControl({ ruleId, target, open, removed }: { ruleId: string; target: string; open: number; removed: boolean }) {
  const { confirming, setConfirming, pending, error, done, send, confirmButton, startButton } = useConfirmedRequest();

  function unassign() {
    return send(
      () => sendJson<{ unassigned: number }>(`/api/assignment-rules/${ruleId}/remove`, 'POST', { confirm: true }),
      ({ unassigned: n }) => `Unassigned from ${target}: ${n === 1 ? '1 person no longer has' : `${n} people no longer have`} the module.`,
    );
  }

  if (done) {
    return (
      <p role="status" className={statusBox}>
        {done}
      </p>
    );
  }
  if (removed) return null;
  return (
    <div>
      {confirming ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3" role="group" aria-label={`Confirm unassigning ${target}`}>
          <p className="text-sm font-medium text-amber-950">
            Unassign {target}? {open === 1 ? '1 person who has' : `${open} people who have`} not completed the module will lose it, and nobody new will get it this way.
            Completed assignments stay on record.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            <button ref={confirmButton} type="button" disabled={pending} onClick={() => void unassign()} className={dangerButton}>
              {pending ? 'Unassigning…' : 'Yes, unassign'}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className={buttonStyles.secondary}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button ref={startButton} type="button" onClick={() => setConfirming(true)} className={buttonStyles.secondary} aria-label={`Unassign ${target}`}>
          Unassign
        </button>
      )}
      <div role="alert" className={error ? `${alertBox} mt-3` : ''}>
        {error}
      </div>
    </div>
  );
}
