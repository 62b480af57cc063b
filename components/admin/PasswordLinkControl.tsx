'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import { alertBox, statusBox } from '../ui/form-styles';
import { OneTimeLink } from './OneTimeLink';
import { sendJson } from './send-json';

/** Creates a one-time set-password link for a person and shows it, this once. */
export function PasswordLinkControl({ userId, name, hasPassword, hasPendingLink }: { userId: string; name: string; hasPassword: boolean; hasPendingLink: boolean }) {
  const router = useRouter();
  const [link, setLink] = useState<{ link: string; expiresAt: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function create() {
    setPending(true);
    setError(null);
    const answer = await sendJson<{ link: string; expiresAt: string }>(`/api/admin/users/${userId}/password-link`, 'POST', { replaceEarlierLinks: true });
    setPending(false);
    if (!answer.ok || !answer.data) return setError(answer.message);
    setLink(answer.data);
    router.refresh();
  }

  return (
    <div>
      <p className="text-sm text-slate-700">
        {name} opens the link to choose a password; it works once, for 7 days. {hasPassword ? 'Their current password keeps working until the link is used. ' : ''}
        {hasPendingLink || link ? 'A new link stops the earlier one from working.' : ''}
      </p>
      <button type="button" disabled={pending} onClick={() => void create()} className={`${buttonStyles.secondary} mt-3`}>
        {pending ? 'Creating…' : 'Create a set-password link'}
      </button>
      <div role="alert" className={error ? `${alertBox} mt-3` : ''}>
        {error}
      </div>
      <div className={link ? `${statusBox} mt-3 space-y-3` : ''}>
        <p role="status">{link ? 'A new link is ready.' : ''}</p>
        {link && (
          <>
            <OneTimeLink link={link.link} expiresAt={link.expiresAt} personName={name} />
            <p>
              <strong>This link is shown only now.</strong> Pass it on to {name}.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
