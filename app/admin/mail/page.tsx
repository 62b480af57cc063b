import type { Metadata } from 'next';
import { OutboxList } from '@/components/mail/OutboxList';
import { requireRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { latestOutbox } from '@/server/mail/admin-view';
import { outboxMode } from '@/server/mail/outbox';
import { outboxStatus } from '@/server/mail/sender';
import { organisationName } from '@/server/organisation/settings';
import { publicOrigin } from '@/server/platform/site-origin';

export const metadata: Metadata = { title: 'Email' };

const MODE_WORDS = {
  send: 'Email is sent through the mail server set by FRONTLINE_SMTP_URL, every 30 seconds; a mail that fails is tried again, waiting longer each time.',
  preview: 'No mail server is set (FRONTLINE_SMTP_URL), so in this demo nothing is sent: each email is kept here as it would look.',
  off: 'Email is off: no mail server is set (FRONTLINE_SMTP_URL). Set-password links are passed on by hand.',
} as const;

export default async function MailPage() {
  await requireRole('/admin/mail', ROLES_THAT.administer);
  const { db } = await database();
  const mode = outboxMode();
  const status = await outboxStatus(db);
  const entries = await latestOutbox(db, { site: publicOrigin(), organisationName: await organisationName(db) });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Email</h1>
        <p className="mt-2 max-w-3xl text-slate-700">{MODE_WORDS[mode]}</p>
        <p className="mt-2 max-w-3xl text-sm text-slate-700">
          Queued {status.counts.queued} · sent {status.counts.sent} · failed {status.counts.failed} · cancelled {status.counts.cancelled} · previews {status.counts.preview}
        </p>
      </div>
      <OutboxList entries={entries} />
    </div>
  );
}
