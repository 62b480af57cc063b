'use client';

import { alertBox, statusBox } from '@/components/ui/form-styles';
import { ConfirmPanel } from '@/components/ui/ConfirmPanel';
import { sendJson } from '@/components/admin/send-json';
import { buttonStyles } from '@/components/ui/styles';
import { useConfirmedRequest } from '@/components/ui/use-confirmed-request';

interface RemindResult {
  reminded: { userId: string; name: string }[];
  skipped: { userId: string; name: string; reason: string }[];
}

const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);

/** What came of a reminder, in sentences: who gets one, and who was skipped and why. */
export function remindOutcome({ reminded, skipped }: RemindResult): string {
  const parts: string[] = [];
  if (reminded.length === 1) parts.push(`${reminded[0]!.name} will get a reminder by email.`);
  else if (reminded.length) parts.push(`${people(reminded.length)} will get a reminder by email.`);
  else parts.push('Nobody was reminded.');
  for (const s of skipped.slice(0, 10)) parts.push(`Skipped ${s.name}: ${s.reason}`);
  if (skipped.length > 10) parts.push(`${people(skipped.length - 10)} more skipped.`);
  return parts.join(' ');
}

/**
 * HR's "remind": one person (`userId`) or everyone overdue in the dashboard's filter (`overdueIn`,
 * its query string), after a confirmation; the answer says who was reminded and who was skipped.
 */
export function RemindControl({ target, label, question, body }: { target: string; label: string; question: string; body: { userId: string } | { overdueIn: string } }) {
  const { confirming, setConfirming, pending, error, done, send, confirmButton, startButton } = useConfirmedRequest();

  function remind() {
    return send(() => sendJson<RemindResult>('/api/hr/reminders', 'POST', { confirm: true, ...body }), remindOutcome);
  }

  return (
    <div>
      {confirming ? (
        <ConfirmPanel
          label={`Confirm reminding ${target}`}
          question={question}
          confirm={{ idle: 'Yes, send the reminder', pending: 'Sending…' }}
          pending={pending}
          onConfirm={() => void remind()}
          onCancel={() => setConfirming(false)}
          confirmButton={confirmButton}
          safe
        />
      ) : (
        <button ref={startButton} type="button" onClick={() => setConfirming(true)} className={buttonStyles.secondary}>
          {label}
        </button>
      )}
      <p role="status" className={done ? `${statusBox} mt-3` : ''}>
        {done}
      </p>
      <div role="alert" className={error ? `${alertBox} mt-3` : ''}>
        {error}
      </div>
    </div>
  );
}
