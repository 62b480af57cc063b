'use client';

import { buttonStyles } from '@/components/ui/styles';
import { useConfirmedRequest } from '@/components/ui/use-confirmed-request';
import { dangerButton } from '../ui/form-styles';
import { FormOutcome } from './FormOutcome';
import { sendJson } from './send-json';

/** Deactivating (after a confirmation) or reactivating an account. */
export function AccountStatusControl({ userId, name, active }: { userId: string; name: string; active: boolean }) {
  const { confirming, setConfirming, pending, error, done, send, confirmButton, startButton } = useConfirmedRequest();

  function change(nextActive: boolean) {
    return send(
      () => sendJson(`/api/admin/users/${userId}`, 'PATCH', { active: nextActive }),
      () => (nextActive ? `${name}’s account is active again.` : `${name}’s account is deactivated, and every session of theirs has ended.`),
    );
  }

  return (
    <div>
      {active ? (
        <>
          <p className="text-sm text-slate-700">
            Deactivating signs {name} out everywhere at once and stops them signing in. Their records stay, and you can reactivate the account later.
          </p>
          {confirming ? (
            <div className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3" role="group" aria-label="Confirm deactivation">
              <p className="text-sm font-medium text-amber-950">Deactivate {name}&rsquo;s account now?</p>
              <div className="mt-2 flex flex-wrap gap-2">
                <button ref={confirmButton} type="button" disabled={pending} onClick={() => void change(false)} className={dangerButton}>
                  {pending ? 'Deactivating…' : 'Yes, deactivate'}
                </button>
                <button type="button" onClick={() => setConfirming(false)} className={buttonStyles.secondary}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button ref={startButton} type="button" onClick={() => setConfirming(true)} className={`${buttonStyles.secondary} mt-3`}>
              Deactivate account
            </button>
          )}
        </>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            Reactivating lets {name} sign in again with their password. If they have none or have forgotten it, create a set-password link below.
          </p>
          <button type="button" disabled={pending} onClick={() => void change(true)} className={`${buttonStyles.primary} mt-3`}>
            {pending ? 'Reactivating…' : 'Reactivate account'}
          </button>
        </>
      )}
      <FormOutcome error={error} done={done} />
    </div>
  );
}
