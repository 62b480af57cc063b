import 'server-only';
import { z } from 'zod';
import { UUID_PATTERN } from '@/lib/uuid';
import type { MailKind } from '../db/schema';

/** What each kind of mail keeps in the outbox (mail_outbox.payload), checked when it is written and when it is read. */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.string().regex(UUID_PATTERN);

const aboutModule = z.strictObject({ assignmentId: id, moduleTitle: z.string().min(1), dueDate: day });

export const mailPayloads = {
  'set-password': z.strictObject({ linkId: id, purpose: z.enum(['new-account', 'reset']), expiresAt: z.iso.datetime() }),
  assigned: aboutModule,
  'due-soon': aboutModule,
  overdue: aboutModule,
  reminder: z.strictObject({
    /** The person's open modules when HR asked, most urgent first. */
    modules: z.array(z.strictObject({ moduleTitle: z.string().min(1), dueDate: day, overdue: z.boolean() })).min(1),
  }),
} satisfies Record<MailKind, z.ZodType>;

export type MailPayload<K extends MailKind> = z.output<(typeof mailPayloads)[K]>;

/** A mail as the outbox holds it: its kind with the payload of that kind. */
export type OutboxMail = { [K in MailKind]: { kind: K; payload: MailPayload<K> } }[MailKind];

/** Reads a stored payload back as its kind's; a payload that does not fit is a bug, reported as such. */
export function readPayload(kind: MailKind, payload: unknown): OutboxMail {
  return { kind, payload: mailPayloads[kind].parse(payload) } as OutboxMail;
}

const confirm = z.literal(true, { error: 'send true: each person named gets an email now' });

/** HR's "remind": one person, or everyone overdue in the dashboard's filter (its query string). */
export const remindBody = z.union([
  // The person is looked up by the service: an id of nobody is a 404, as elsewhere.
  z.strictObject({ confirm, userId: z.string().max(100) }),
  z.strictObject({ confirm, overdueIn: z.string().max(2000, { error: 'overdueIn is longer than 2,000 characters' }) }),
]);

/** Reminders on or off: the unsubscribe page's form, and the person's own settings. */
export const remindersBody = z.strictObject({ reminders: z.enum(['on', 'off'], { error: 'reminders must be "on" or "off"' }) });
