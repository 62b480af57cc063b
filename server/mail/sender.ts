import 'server-only';
import { and, asc, count, desc, eq, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database } from '../db';
import { assignments, mailOutbox, passwordLinks, users, type MailOutboxRow, type MailStatus, type User } from '../db/schema';
import { recordAudit } from '../people/audit';
import { hashToken } from '../people/password-links';
import type { MailSettings } from '../platform/settings';
import { readPayload, type OutboxMail } from './schemas';
import { unsealToken, unsubscribeToken } from './secrets';
import { isReminder, renderMail, type RenderedMail } from './templates';

/**
 * Sends the outbox through SMTP (nodemailer), in rounds, like the xAPI sender (server/xapi/lrs.ts):
 * - a row is claimed by one conditional UPDATE (tries + 1, nextTryAt = a lease) that only one
 *   server's statement can win, so two servers never send the same mail at once;
 * - a row marked `sent` is never sent again; the mark and its audit entry are one transaction;
 * - a crash between the server accepting and the mark leaves the lease to run out and the mail to
 *   be sent once more, with the same Message-ID (SMTP has no way to ask "did you get this?");
 * - a mail server that cannot be reached, or answers 4xx, is tried again with backoff; one that
 *   refuses the mail for good (5xx) marks it failed; a mail whose reason is gone is cancelled.
 */

export const LEASE_MS = 5 * 60_000;
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3_600_000;
const DEFAULT_BATCH_SIZE = 50;

export interface MailRoundOptions {
  now?: Date;
  batchSize?: number;
  /** The site's public address, for links. */
  site: string;
  organisationName: string;
  /** A transport made once for the server's loop; one is made for the round otherwise. */
  transport?: nodemailer.Transporter;
}

export interface MailRoundReport {
  due: number;
  sent: { id: string; kind: OutboxMail['kind']; tries: number }[];
  failed: { id: string; tries: number; error: string; nextTryAt: Date | null }[];
  cancelled: { id: string; reason: string }[];
  /** The mail server itself is failing: the rest waits for the next round. */
  stoppedEarly: string | null;
}

/** Exponential backoff after the nth try: 1 min, 2 min, 4 min … at most 6 hours. */
export const retryDelayMs = (tries: number) => Math.min(RETRY_BASE_MS * 2 ** Math.max(0, tries - 1), RETRY_MAX_MS);

/** The transport for a mail server: short timeouts, so an unreachable server fails a round quickly. */
export const smtpTransport = (mail: MailSettings) =>
  nodemailer.createTransport({ url: mail.smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 } as nodemailer.TransportOptions);

type Outcome = { kind: 'sent'; messageId: string } | { kind: 'retry'; error: string; stopRound: boolean } | { kind: 'failed'; error: string };

const oneLine = (text: string, max = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** What an SMTP error means for the mail: try again later, or give up on this one. */
export function smtpOutcome(error: unknown): Exclude<Outcome, { kind: 'sent' }> {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const said = oneLine(e.response || e.message || String(error));
  if (e.code === 'EAUTH')
    return { kind: 'retry', error: `The mail server refused Frontline's sign-in: check the user and password in FRONTLINE_SMTP_URL. (${said})`, stopRound: true };
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) return { kind: 'failed', error: `The mail server refused this mail: ${said}` };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return { kind: 'retry', error: `The mail server asked to try later: ${said}`, stopRound: false };
  return { kind: 'retry', error: `Could not reach the mail server: ${e.code ? `${e.code}: ` : ''}${said}`, stopRound: true };
}

/** Why a mail no longer stands, or null when it is still to be sent. */
async function reasonToCancel(db: Database, row: MailOutboxRow, mail: OutboxMail, person: User | undefined, now: Date): Promise<string | null> {
  if (!person || !person.active || person.anonymisedAt) return 'The person’s account is deactivated or anonymised.';
  if (isReminder(mail.kind) && person.remindersOffAt) return 'The person turned reminders off.';
  if (mail.kind === 'set-password') {
    const [link] = await db.select().from(passwordLinks).where(eq(passwordLinks.id, mail.payload.linkId));
    if (!link || link.usedAt || link.expiresAt <= now) return 'The link was used, expired or replaced by a newer one.';
    const token = row.sealedToken ? unsealToken(row.sealedToken) : null;
    if (!token || hashToken(token) !== link.tokenHash) return 'The link could not be read back (NEXTAUTH_SECRET changed since it was queued): make a new link.';
    return null;
  }
  if (mail.kind === 'reminder') return null;
  const [assignment] = await db.select().from(assignments).where(eq(assignments.id, mail.payload.assignmentId));
  if (!assignment || assignment.unassignedAt || !assignment.isCurrent) return 'The module was unassigned.';
  if (assignment.completedAt && mail.kind !== 'assigned') return 'The module was completed.';
  return null;
}

/** Renders a row for the person as they are now: what would be sent (or, for a preview, would have been). */
export function renderRow(
  row: Pick<MailOutboxRow, 'kind' | 'payload' | 'userId'>,
  person: Pick<User, 'name'>,
  options: Pick<MailRoundOptions, 'site' | 'organisationName'> & { token?: string | null },
): RenderedMail {
  const mail = readPayload(row.kind, row.payload);
  return renderMail(mail, {
    organisationName: options.organisationName,
    site: options.site,
    recipientName: person.name,
    // Previews and sent mail keep no token: the link is shown as a placeholder.
    setPasswordUrl: `${options.site}/set-password/${options.token ?? '(one-time-link)'}`,
    unsubscribeUrl: isReminder(mail.kind) ? unsubscribeUrl(options.site, row.userId) : undefined,
  });
}

export const unsubscribeUrl = (site: string, userId: string) => `${site}/reminders/${unsubscribeToken(userId)}`;

const isDue = (now: Date) => and(eq(mailOutbox.status, 'queued'), or(isNull(mailOutbox.nextTryAt), lte(mailOutbox.nextTryAt, now)));

async function finish(db: Database, id: string, status: MailStatus, fields: Partial<MailOutboxRow>): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ status, nextTryAt: null, sealedToken: null, ...fields })
    .where(eq(mailOutbox.id, id));
}

/** Sends the queued mail that is due, once each. */
export async function sendQueuedMail(db: Database, mail: MailSettings, options: MailRoundOptions): Promise<MailRoundReport> {
  const now = options.now ?? new Date();
  const report: MailRoundReport = { due: 0, sent: [], failed: [], cancelled: [], stoppedEarly: null };
  const due = await db
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(isDue(now))
    // Invitations first among mail queued together: the assignment notices refer to the account.
    .orderBy(asc(mailOutbox.createdAt), sql`${mailOutbox.kind} <> 'set-password'`, asc(mailOutbox.id))
    .limit(options.batchSize ?? DEFAULT_BATCH_SIZE);
  report.due = due.length;
  const transport = options.transport ?? smtpTransport(mail);
  const host = new URL(options.site).hostname || 'frontline.invalid';

  try {
    for (const { id } of due) {
      // The claim: only one sender's UPDATE finds the row still due.
      const [row] = await db
        .update(mailOutbox)
        .set({ tries: sql`${mailOutbox.tries} + 1`, lastTriedAt: now, nextTryAt: new Date(now.getTime() + LEASE_MS) })
        .where(and(eq(mailOutbox.id, id), isDue(now)))
        .returning();
      if (!row) continue;
      const content = readPayload(row.kind, row.payload);
      const [person] = await db.select().from(users).where(eq(users.id, row.userId));
      const reason = await reasonToCancel(db, row, content, person, now);
      if (reason) {
        await finish(db, id, 'cancelled', { lastError: reason });
        report.cancelled.push({ id, reason });
        continue;
      }
      const token = row.sealedToken ? unsealToken(row.sealedToken) : null;
      const rendered = renderRow(row, person!, { ...options, token });
      const messageId = `<${row.id}@${host}>`;
      let outcome: Outcome;
      try {
        await transport.sendMail({
          from: mail.from,
          to: { name: person!.name, address: person!.email },
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId,
          headers: isReminder(content.kind) ? { 'List-Unsubscribe': `<${unsubscribeUrl(options.site, row.userId)}>` } : {},
        });
        outcome = { kind: 'sent', messageId };
      } catch (error) {
        outcome = smtpOutcome(error);
      }
      if (outcome.kind === 'sent') {
        await db.transaction(async (tx) => {
          await finish(tx, id, 'sent', { sentAt: now, messageId: outcome.messageId, lastError: null });
          await recordAudit(tx, {
            action: 'mail-sent',
            actorId: null,
            targetUserId: row.userId,
            subject: rendered.subject,
            details: { kind: row.kind, outboxId: row.id, messageId },
          });
        });
        report.sent.push({ id, kind: row.kind, tries: row.tries });
        continue;
      }
      if (outcome.kind === 'failed') {
        await finish(db, id, 'failed', { lastError: outcome.error });
        report.failed.push({ id, tries: row.tries, error: outcome.error, nextTryAt: null });
        continue;
      }
      const nextTryAt = new Date(now.getTime() + retryDelayMs(row.tries));
      await db.update(mailOutbox).set({ lastError: outcome.error, nextTryAt }).where(eq(mailOutbox.id, id));
      report.failed.push({ id, tries: row.tries, error: outcome.error, nextTryAt });
      if (outcome.stopRound) {
        report.stoppedEarly = outcome.error;
        break;
      }
    }
  } finally {
    if (!options.transport) transport.close();
  }
  return report;
}

export interface OutboxStatus {
  counts: Record<MailStatus, number>;
  /** Queued mail that has failed at least once, latest first (at most 20). */
  problems: { id: string; kind: OutboxMail['kind']; tries: number; lastError: string; nextTryAt: Date | null }[];
}

/** How the outbox stands, for /admin/mail. */
export async function outboxStatus(db: Database): Promise<OutboxStatus> {
  const rows = await db.select({ status: mailOutbox.status, n: count() }).from(mailOutbox).groupBy(mailOutbox.status);
  const counts: Record<MailStatus, number> = { queued: 0, sent: 0, failed: 0, cancelled: 0, preview: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  const problems = await db
    .select({ id: mailOutbox.id, kind: mailOutbox.kind, tries: mailOutbox.tries, lastError: sql<string>`${mailOutbox.lastError}`, nextTryAt: mailOutbox.nextTryAt })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'queued'), isNotNull(mailOutbox.lastError)))
    .orderBy(desc(mailOutbox.lastTriedAt))
    .limit(20);
  return { counts, problems };
}

/** A round in a few lines; nothing when nothing happened. */
export function summariseRound(report: MailRoundReport): string[] {
  const lines: string[] = [];
  if (report.sent.length) lines.push(`Frontline: sent ${report.sent.length} email${report.sent.length === 1 ? '' : 's'}.`);
  for (const f of report.failed)
    lines.push(`Frontline: could not send email ${f.id} (try ${f.tries}): ${f.error}${f.nextTryAt ? ` Next try ${f.nextTryAt.toISOString()}.` : ' Not tried again.'}`);
  return lines;
}
