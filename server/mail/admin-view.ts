import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { mailOutbox, users, type MailOutboxRow } from '../db/schema';
import { renderRow } from './sender';
import type { RenderedMail } from './templates';

export interface OutboxEntry extends Pick<MailOutboxRow, 'id' | 'kind' | 'status' | 'toAddress' | 'createdAt' | 'sentAt' | 'tries' | 'lastError' | 'nextTryAt'> {
  recipientName: string;
  /** The mail as it reads now (a set-password link shown as a placeholder: the outbox keeps no token readable). */
  rendered: RenderedMail;
}

/** The latest mail in the outbox, rendered, for /admin/mail. */
export async function latestOutbox(db: Database, options: { site: string; organisationName: string; limit?: number }): Promise<OutboxEntry[]> {
  const rows = await db
    .select({ row: mailOutbox, name: users.name })
    .from(mailOutbox)
    .innerJoin(users, eq(users.id, mailOutbox.userId))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(options.limit ?? 50);
  return rows.map(({ row, name }) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    toAddress: row.toAddress,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    tries: row.tries,
    lastError: row.lastError,
    nextTryAt: row.nextTryAt,
    recipientName: name,
    rendered: renderRow(row, { name }, { site: options.site, organisationName: options.organisationName, token: null }),
  }));
}
