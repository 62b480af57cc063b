import 'server-only';
import { settings } from '../platform/settings';
import type { Database } from '../db';
import { auditLog, type AuditAction } from '../db/schema';

export interface AuditEvent {
  action: AuditAction;
  /** The signed-in user who acted; null when nobody is signed in (a failed sign-in). */
  actorId: string | null;
  targetUserId?: string | null;
  subject?: string | null;
  details?: Record<string, unknown>;
  address?: string | null;
  /** When it happened, if not now: a change dated by its caller is logged at the same instant. */
  at?: Date;
}

/** Appends to the audit log, in one statement for several events. Call it inside the transaction that makes the change, where there is one. */
export async function recordAudit(db: Pick<Database, 'insert'>, events: AuditEvent | readonly AuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? (events as readonly AuditEvent[]) : [events as AuditEvent];
  if (!list.length) return;
  await db.insert(auditLog).values(
    list.map((event) => ({
      action: event.action,
      actorId: event.actorId,
      targetUserId: event.targetUserId ?? null,
      subject: event.subject ?? null,
      details: event.details ?? {},
      address: event.address ?? null,
      ...(event.at ? { at: event.at } : {}),
    })),
  );
}

/**
 * The client's address from X-Forwarded-For. Each of the `trustedProxies` reverse proxies in front
 * appends the address it saw, so the client is the entry that many places from the right; anything
 * further left was written by the client itself. With no proxy, Next's server sets the header to
 * the socket's address unless the client sent one (docs/security.md explains the limit this sets).
 */
export function clientAddress(headers: Pick<Headers, 'get'>, trustedProxies: number): string | null {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) return null;
  const index = Math.max(0, entries.length - Math.max(1, trustedProxies));
  return entries[index]!.slice(0, 64);
}

/** The client's address of a request to this server, through the configured number of proxies. */
export const requestAddress = (headers: Pick<Headers, 'get'>): string | null => clientAddress(headers, settings().trustedProxies);
