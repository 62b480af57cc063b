'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from '@/components/admin/send-json';
import { FormOutcome } from '@/components/admin/FormOutcome';
import { ConfirmPanel } from '@/components/ui/ConfirmPanel';
import { buttonStyles } from '@/components/ui/styles';
import { useConfirmFocus } from '@/components/ui/use-confirm-focus';

/** Removes an LMS connection, after asking in place. */
export function RemovePlatformButton({ platformId, name }: { platformId: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { confirmButton, startButton } = useConfirmFocus(confirming);

  async function remove() {
    setPending(true);
    setError(null);
    const answer = await sendJson(`/api/admin/lti/platforms/${platformId}/remove`, 'POST', { confirm: true });
    setPending(false);
    if (!answer.ok) {
      setError(answer.message);
      return;
    }
    setConfirming(false);
    router.refresh();
  }

  return (
    <div>
      {confirming ? (
        <ConfirmPanel
          label={`Confirm removing ${name}`}
          question={`Remove ${name}? Its courses can no longer launch Frontline; the accounts and results it made stay.`}
          confirm={{ idle: 'Remove', pending: 'Removing…' }}
          pending={pending}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
          confirmButton={confirmButton}
        />
      ) : (
        <button ref={startButton} type="button" onClick={() => setConfirming(true)} className={buttonStyles.secondary} aria-label={`Remove ${name}`}>
          Remove
        </button>
      )}
      <FormOutcome error={error} done={null} />
    </div>
  );
}
