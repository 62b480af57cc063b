import 'server-only';
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { addDays, dateIn } from '@/lib/dates';
import type { Database } from '../db';
import { assignments, moduleVersions, users, type User } from '../db/schema';
import { recordAudit } from '../people/audit';
import { isUuid } from '@/lib/uuid';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { settings } from '../platform/settings';
import { overduePeople, readDashboardQuery } from '../reporting/dashboard';
import { outboxMode, queueMail, type MailToQueue } from './outbox';
import type { remindBody } from './schemas';
import type { z } from 'zod';

/**
 * Reminders: the scheduler's ("due in 3 days", once per assignment; overdue, once and then at
 * most weekly) and HR's ("remind", at most once a day per person). A person who turned reminders
 * off gets none of them; invitations and assignment notices still come.
 */

/** "Due soon" is sent this many days before the due date. */
export const DUE_SOON_DAYS = 3;
/** Overdue reminders are at least this many days apart. */
export const OVERDUE_EVERY_DAYS = 7;

const dayNumber = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/** The open modules of people whose reminders are on: current, not completed, due within the window. */
async function openAssignments(db: Database, lastDueDate: string, userIds?: readonly string[]) {
  return db
    .select({
      assignmentId: assignments.id,
      userId: users.id,
      email: users.email,
      dueDate: assignments.dueDate,
      assignedAt: assignments.assignedAt,
      moduleTitle: moduleVersions.title,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .where(
      and(
        eq(assignments.isCurrent, true),
        isNull(assignments.completedAt),
        isNull(assignments.unassignedAt),
        lte(assignments.dueDate, lastDueDate),
        eq(users.active, true),
        isNull(users.anonymisedAt),
        isNull(users.remindersOffAt),
        ...(userIds ? [inArray(users.id, [...userIds])] : []),
      ),
    )
    .orderBy(asc(assignments.dueDate), asc(moduleVersions.title));
}

/**
 * The scheduler's round: queues the "due soon" and overdue reminders due today. Each has a key
 * (the assignment, and for overdue the week since the due date), so running it again, on two
 * servers or after a day the server was down, queues nothing twice. Returns how many were new.
 */
export async function queueScheduledReminders(db: Database, now: Date, timeZone = settings().timeZone): Promise<number> {
  if (outboxMode() === 'off') return 0;
  const today = dateIn(timeZone, now);
  const mails: MailToQueue[] = [];
  for (const row of await openAssignments(db, addDays(today, DUE_SOON_DAYS))) {
    const daysLeft = dayNumber(row.dueDate) - dayNumber(today);
    const payload = { assignmentId: row.assignmentId, moduleTitle: row.moduleTitle, dueDate: row.dueDate };
    const recipient = { id: row.userId, email: row.email };
    if (daysLeft >= 0) {
      // Assigned within the window: the assignment notice already gave the date.
      if (dayNumber(dateIn(timeZone, row.assignedAt)) > dayNumber(row.dueDate) - DUE_SOON_DAYS) continue;
      mails.push({ mail: { kind: 'due-soon', payload }, dedupeKey: `due-soon:${row.assignmentId}`, recipient });
    } else {
      const week = Math.floor((-daysLeft - 1) / OVERDUE_EVERY_DAYS);
      mails.push({ mail: { kind: 'overdue', payload }, dedupeKey: `overdue:${row.assignmentId}:${week}`, recipient });
    }
  }
  return (await queueMail(db, mails, now)).length;
}

export type RemindInput = z.output<typeof remindBody>;

export interface RemindResult {
  reminded: { userId: string; name: string }[];
  skipped: { userId: string; name: string; reason: string }[];
}

/**
 * HR's "remind": an email to each person listing their open modules, most urgent first. A person
 * is skipped, and the answer says why, when they were reminded today already, turned reminders
 * off, have nothing open, or are deactivated.
 */
export async function remindPeople(db: Database, actor: User, input: RemindInput, context: { now?: Date; address?: string | null; timeZone?: string } = {}): Promise<RemindResult> {
  if (outboxMode() === 'off') throw new HttpError(409, 'mail-off', 'Email is not set up on this server (FRONTLINE_SMTP_URL), so nobody can be reminded by email.');
  const now = context.now ?? new Date();
  const timeZone = context.timeZone ?? settings().timeZone;
  const today = dateIn(timeZone, now);
  let userIds: string[];
  if ('userId' in input) {
    if (!isUuid(input.userId)) throw new RecordNotFoundError('person');
    userIds = [input.userId];
  } else {
    const { filters } = readDashboardQuery(new URLSearchParams(input.overdueIn.replace(/^\?/, '')));
    userIds = await overduePeople(db, filters, now, timeZone);
  }
  const result: RemindResult = { reminded: [], skipped: [] };
  if (!userIds.length) return result;

  return db.transaction(async (tx) => {
    const people = await tx.select().from(users).where(inArray(users.id, userIds)).orderBy(asc(users.name));
    if ('userId' in input && !people.length) throw new RecordNotFoundError('person');
    const open = await openAssignments(tx, '9999-12-31', userIds);
    for (const person of people) {
      const skip = (reason: string) => result.skipped.push({ userId: person.id, name: person.name, reason });
      if (!person.active || person.anonymisedAt) {
        skip('Their account is deactivated.');
        continue;
      }
      if (person.remindersOffAt) {
        skip('They turned email reminders off.');
        continue;
      }
      const modules = open.filter((a) => a.userId === person.id).map((a) => ({ moduleTitle: a.moduleTitle, dueDate: a.dueDate, overdue: dayNumber(a.dueDate) < dayNumber(today) }));
      if (!modules.length) {
        skip('They have no module to complete.');
        continue;
      }
      const [queued] = await queueMail(
        tx,
        [{ mail: { kind: 'reminder', payload: { modules } }, dedupeKey: `reminder:${person.id}:${today}`, recipient: person, requestedBy: actor.id }],
        now,
      );
      if (!queued) {
        skip('They were already reminded today.');
        continue;
      }
      await recordAudit(tx, { action: 'reminder-requested', actorId: actor.id, targetUserId: person.id, details: { modules: modules.length }, address: context.address });
      result.reminded.push({ userId: person.id, name: person.name });
    }
    return result;
  });
}

/** Turns a person's reminders on or off: their unsubscribe link (no actor), or their settings. */
export async function setReminders(db: Database, userId: string, on: boolean, context: { actorId: string | null; now?: Date; address?: string | null }): Promise<boolean> {
  const now = context.now ?? new Date();
  return db.transaction(async (tx) => {
    const [person] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!person || person.anonymisedAt) throw new HttpError(404, 'not-found', 'There is no person with that id.');
    if (!person.remindersOffAt === on) return on;
    await tx
      .update(users)
      .set({ remindersOffAt: on ? null : now })
      .where(eq(users.id, userId));
    await recordAudit(tx, { action: on ? 'reminders-turned-on' : 'reminders-turned-off', actorId: context.actorId, targetUserId: userId, address: context.address });
    return on;
  });
}
