import type { OutboxEntry } from '@/server/mail/admin-view';
import { LocalTime } from '@/components/ui/LocalTime';
import { panel } from '@/components/ui/styles';
import { MailFrame } from './MailFrame';

const KIND_WORDS: Record<OutboxEntry['kind'], string> = {
  'set-password': 'Set-password link',
  assigned: 'New assignment',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  reminder: 'Reminder from HR',
};

const STATUS_WORDS: Record<OutboxEntry['status'], string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
  preview: 'Preview (not sent)',
};

/** The latest mail, newest first: who it is to, what became of it, and the mail itself as text and as it would render. */
export function OutboxList({ entries }: { entries: OutboxEntry[] }) {
  if (!entries.length) return <p className="text-slate-700">No email yet. Invitations, assignment notices and reminders appear here as they are made.</p>;
  return (
    <section aria-labelledby="outbox-heading">
      <h2 id="outbox-heading" className="text-lg font-semibold">
        Latest {entries.length} emails
      </h2>
      <ul className="mt-3 space-y-3">
        {entries.map((entry) => (
          <li key={entry.id} className={`${panel} p-4`}>
            <details>
              <summary className="cursor-pointer">
                <span className="font-medium">{entry.rendered.subject}</span>
                <span className="block text-sm text-slate-700">
                  {KIND_WORDS[entry.kind]} to {entry.recipientName} &lt;{entry.toAddress}&gt; · {STATUS_WORDS[entry.status]}
                  {entry.sentAt ? (
                    <>
                      {' '}
                      <LocalTime iso={entry.sentAt.toISOString()} />
                    </>
                  ) : (
                    <>
                      {' '}
                      · made <LocalTime iso={entry.createdAt.toISOString()} />
                    </>
                  )}
                  {entry.tries > 1 ? ` · ${entry.tries} tries` : ''}
                </span>
                {entry.lastError && <span className="block text-sm text-rose-800">{entry.lastError}</span>}
              </summary>
              <div className="mt-3 grid gap-4 lg:grid-cols-2">
                <div>
                  <h3 className="text-sm font-semibold">Plain text</h3>
                  <pre className="mt-1 overflow-x-auto rounded border border-slate-200 bg-slate-50 p-3 text-sm whitespace-pre-wrap">{entry.rendered.text}</pre>
                </div>
                <div>
                  <h3 className="text-sm font-semibold">As HTML</h3>
                  <MailFrame title={`The email "${entry.rendered.subject}" as HTML`} html={entry.rendered.html} />
                </div>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
