import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db';
import { assignments, mailOutbox, moduleVersions, users, type Assignment, type PasswordLink, type User } from '../db/schema';
import { settings, type Settings } from '../platform/settings';
import { mailPayloads, type OutboxMail } from './schemas';
import { sealToken } from './secrets';

/**
 * Putting mail in the outbox (mail_outbox), always inside the transaction that causes it: the mail
 * exists exactly when its cause does, and a mail server that is down loses nothing. The sender
 * (sender.ts) takes it from there. `dedupeKey` names the logical mail, so queuing it again (a
 * retried request, the scheduler on two servers) adds nothing.
 */

/**
 * `send`: a mail server is set; `preview`: demo mode without one, where mail is kept to be looked
 * at on /admin/mail and never sent; `off`: no email at all (set-password links are passed on by hand).
 */
export type OutboxMode = 'send' | 'preview' | 'off';

export const outboxMode = (config: Pick<Settings, 'mail' | 'demo'> = settings()): OutboxMode => (config.mail ? 'send' : config.demo ? 'preview' : 'off');

export interface MailToQueue {
  mail: OutboxMail;
  dedupeKey: string;
  recipient: Pick<User, 'id' | 'email'>;
  /** Who caused it; null for the scheduler. */
  requestedBy?: string | null;
  /** A set-password token, sealed in the row until it is sent. */
  token?: string;
}

/**
 * Whether an address can take mail: not one under the reserved `.invalid` domain (RFC 2606), which
 * accounts made by an LMS launch carry when the LMS gave no address.
 */
export const canReceiveMail = (address: string) => !/\.invalid$/i.test(address.trim());

/** Queues mail; returns the keys that were new (a key already in the outbox is left as it is). */
export async function queueMail(db: Pick<Database, 'insert'>, items: readonly MailToQueue[], now: Date, mode: OutboxMode = outboxMode()): Promise<string[]> {
  const deliverable = items.filter((item) => canReceiveMail(item.recipient.email));
  if (mode === 'off' || !deliverable.length) return [];
  const rows = deliverable.map((item) => ({
    dedupeKey: item.dedupeKey,
    kind: item.mail.kind,
    userId: item.recipient.id,
    toAddress: item.recipient.email,
    payload: mailPayloads[item.mail.kind].parse(item.mail.payload) as Record<string, unknown>,
    // A preview is never sent, so it keeps no token.
    sealedToken: mode === 'send' && item.token ? sealToken(item.token) : null,
    status: mode === 'send' ? ('queued' as const) : ('preview' as const),
    requestedBy: item.requestedBy ?? null,
    createdAt: now,
  }));
  const queued: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insert(mailOutbox)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing({ target: mailOutbox.dedupeKey })
      .returning({ dedupeKey: mailOutbox.dedupeKey });
    queued.push(...inserted.map((r) => r.dedupeKey));
  }
  return queued;
}

/** The mail carrying a new set-password link (a new account's invitation, or a new link). */
export const setPasswordMail = (
  person: Pick<User, 'id' | 'email'>,
  link: Pick<PasswordLink, 'id' | 'purpose' | 'expiresAt'>,
  token: string,
  requestedBy: string | null,
): MailToQueue => ({
  mail: { kind: 'set-password', payload: { linkId: link.id, purpose: link.purpose, expiresAt: link.expiresAt.toISOString() } },
  dedupeKey: `set-password:${link.id}`,
  recipient: person,
  requestedBy,
  token,
});

/**
 * Tells people of the modules just assigned to them: the assignments given that count for them
 * (a module held through two rules is told of once), for active people.
 */
export async function queueAssignmentNotices(db: Database, created: readonly Pick<Assignment, 'id'>[], requestedBy: string | null, now: Date): Promise<number> {
  if (outboxMode() === 'off' || !created.length) return 0;
  let queued = 0;
  for (let i = 0; i < created.length; i += 1000) {
    const rows = await db
      .select({ assignmentId: assignments.id, dueDate: assignments.dueDate, moduleTitle: moduleVersions.title, userId: users.id, email: users.email })
      .from(assignments)
      .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
      .innerJoin(users, eq(users.id, assignments.userId))
      .where(
        and(
          inArray(
            assignments.id,
            created.slice(i, i + 1000).map((a) => a.id),
          ),
          eq(assignments.isCurrent, true),
          eq(users.active, true),
        ),
      );
    const mails = rows.map((r): MailToQueue => ({
      mail: { kind: 'assigned', payload: { assignmentId: r.assignmentId, moduleTitle: r.moduleTitle, dueDate: r.dueDate } },
      dedupeKey: `assigned:${r.assignmentId}`,
      recipient: { id: r.userId, email: r.email },
      requestedBy,
    }));
    queued += (await queueMail(db, mails, now)).length;
  }
  return queued;
}
