'use client';

import { buttonStyles } from '@/components/ui/styles';
import { useConfirmedRequest } from '@/components/ui/use-confirmed-request';
import { ConfirmPanel } from '@/components/ui/ConfirmPanel';
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
            <ConfirmPanel
              label="Confirm deactivation"
              question={<>Deactivate {name}&rsquo;s account now?</>}
              confirm={{ idle: 'Yes, deactivate', pending: 'Deactivating…' }}
              pending={pending}
              onConfirm={() => void change(false)}
              onCancel={() => setConfirming(false)}
              confirmButton={confirmButton}
              className="mt-3"
            />
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
