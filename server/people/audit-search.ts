import 'server-only';
import { and, count, desc, eq, gte, ilike, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../db';
import { AUDIT_ACTIONS, auditLog, moduleVersions, users, type AuditAction } from '../db/schema';
import { stepTitles } from '../onboarding/modules';
import { dateIn, endOfDate, isRealDate, isTimeZone, startOfDate } from '../../lib/dates';
import { isUuid } from '@/lib/uuid';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  /** Any of these actions; empty or missing means every action. */
  actions?: readonly AuditAction[];
  /** Who acted: a user id, or an email (whole, any case). */
  actor?: string;
  /** The person acted on: a user id, or an email (whole, any case). */
  target?: string;
  /** Part of the subject or the details, any case. */
  text?: string;
  /** From this instant, inclusive. */
  from?: Date;
  /** Up to this instant, exclusive. */
  to?: Date;
}

export interface AuditPerson {
  id: string;
  name: string;
  email: string;
  /** The person's identity was removed: name and email are placeholders. */
  anonymised: boolean;
}

export interface AuditLogEntry {
  id: string;
  at: Date;
  action: AuditAction;
  /** Null for events nobody signed in caused, such as a failed sign-in. */
  actor: AuditPerson | null;
  target: AuditPerson | null;
  /** What the subject is stored as: a scenario or module id, an email, a platform's name. */
  subject: string | null;
  /** The subject's title now, for a scenario or module; null when it has none or is not found. */
  subjectTitle: string | null;
  details: Record<string, unknown>;
  address: string | null;
}

export interface AuditLogPage {
  entries: AuditLogEntry[];
  /** Entries matching the filters, on every page. */
  total: number;
  /** 1-based; a page past the end is brought back to the last one. */
  page: number;
  pageSize: number;
  pageCount: number;
}

export const isAuditAction = (value: string): value is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(value);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A person named by id or by email, as a condition on one of the log's user columns. */
function personIs(db: Database, column: PgColumn, person: string): SQL {
  const value = person.trim();
  if (isUuid(value)) return eq(column, value.toLowerCase());
  return inArray(column, db.select({ id: users.id }).from(users).where(eq(users.email, value.toLowerCase())));
}

function conditions(db: Database, filters: AuditFilters): SQL | undefined {
  const where: SQL[] = [];
  if (filters.actions?.length) where.push(inArray(auditLog.action, [...filters.actions]));
  if (filters.actor?.trim()) where.push(personIs(db, auditLog.actorId, filters.actor));
  if (filters.target?.trim()) where.push(personIs(db, auditLog.targetUserId, filters.target));
  const text = filters.text?.trim();
  if (text) {
    const pattern = `%${escapeLike(text)}%`;
    where.push(or(ilike(auditLog.subject, pattern), ilike(sql`${auditLog.details}::text`, pattern))!);
  }
  if (filters.from) where.push(gte(auditLog.at, filters.from));
  if (filters.to) where.push(lt(auditLog.at, filters.to));
  return where.length ? and(...where) : undefined;
}

/** Entries matching `where`, newest first, with the people who acted and were acted on and the subjects' titles. */
async function selectEntries(db: Database, where: SQL | undefined, limit: number, offset: number): Promise<AuditLogEntry[]> {
  const actor = alias(users, 'actor');
  const target = alias(users, 'target');
  const rows = await db
    .select({
      entry: auditLog,
      actor: { id: actor.id, name: actor.name, email: actor.email, anonymisedAt: actor.anonymisedAt },
      target: { id: target.id, name: target.name, email: target.email, anonymisedAt: target.anonymisedAt },
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(target, eq(target.id, auditLog.targetUserId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .offset(offset);

  const titles = await subjectTitles(
    db,
    rows.map((r) => r.entry),
  );
  const person = (p: { id: string; name: string; email: string; anonymisedAt: Date | null } | null): AuditPerson | null =>
    p ? { id: p.id, name: p.name, email: p.email, anonymised: p.anonymisedAt !== null } : null;
  return rows.map(({ entry, actor, target }) => ({
    id: entry.id,
    at: entry.at,
    action: entry.action,
    actor: person(actor),
    target: person(target),
    subject: entry.subject,
    subjectTitle: (entry.subject && titles.get(`${subjectKind(entry.action)}:${entry.subject}`)) || null,
    details: entry.details,
    address: entry.address,
  }));
}

/** Scenario and module entries keep the id (titles change); the page shows the title it has now. */
const subjectKind = (action: AuditAction): 'scenario' | 'module' | null => (action.startsWith('scenario-') ? 'scenario' : action.startsWith('module-') ? 'module' : null);

async function subjectTitles(db: Database, entries: readonly { action: AuditAction; subject: string | null }[]): Promise<Map<string, string>> {
  const ids = (kind: 'scenario' | 'module') => [...new Set(entries.flatMap((e) => (e.subject && subjectKind(e.action) === kind ? [e.subject] : [])))];
  const titles = new Map<string, string>();
  const scenarioIds = ids('scenario');
  if (scenarioIds.length) for (const [id, title] of await stepTitles(db, scenarioIds)) if (title !== id) titles.set(`scenario:${id}`, title);
  const moduleIds = ids('module').filter(isUuid);
  if (moduleIds.length) {
    const rows = await db
      .selectDistinctOn([moduleVersions.moduleId], { id: moduleVersions.moduleId, title: moduleVersions.title })
      .from(moduleVersions)
      .where(inArray(moduleVersions.moduleId, moduleIds))
      .orderBy(moduleVersions.moduleId, desc(moduleVersions.version));
    for (const r of rows) titles.set(`module:${r.id}`, r.title);
  }
  return titles;
}

/**
 * One page of the audit log, newest first, with the people who acted and were acted on. Offset
 * pages: the log only grows at the newest end, so older pages stay put while an admin reads.
 */
export async function listAuditEntries(db: Database, filters: AuditFilters = {}, page = 1): Promise<AuditLogPage> {
  const where = conditions(db, filters);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(auditLog).where(where);
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(Number.isFinite(page) ? page : 1)), pageCount);
  const entries = await selectEntries(db, where, AUDIT_PAGE_SIZE, (current - 1) * AUDIT_PAGE_SIZE);
  return { entries, total, page: current, pageSize: AUDIT_PAGE_SIZE, pageCount };
}

/**
 * Every entry matching the filters, newest first, in chunks: what the CSV export streams. Entries
 * logged while it reads are left out (it reads up to the newest entry at its start), so a
 * chunk boundary never repeats or skips an entry.
 */
export async function* allAuditEntries(db: Database, filters: AuditFilters = {}, chunk = 1000): AsyncGenerator<AuditLogEntry[]> {
  const [{ newest } = { newest: null }] = await db
    .select({ newest: sql<Date | null>`max(${auditLog.at})`.mapWith(auditLog.at) })
    .from(auditLog)
    .where(conditions(db, filters));
  if (!newest) return;
  const where = and(conditions(db, filters), lte(auditLog.at, newest));
  for (let offset = 0; ; offset += chunk) {
    const entries = await selectEntries(db, where, chunk, offset);
    if (entries.length) yield entries;
    if (entries.length < chunk) return;
  }
}

/**
 * The instant a calendar day (YYYY-MM-DD) begins in a time zone: the admin picks days in their own
 * zone, the log stores instants. Null for a day that is not a date, or that the zone skipped.
 */
export function startOfDayIn(day: string, timeZone: string): Date | null {
  if (!isRealDate(day)) return null;
  const start = startOfDate(day, timeZone);
  return dateIn(timeZone, start) === day ? start : null;
}

/** The instant the day after `day` begins in the zone: the exclusive end of a range ending on `day`. */
export function endOfDayIn(day: string, timeZone: string): Date | null {
  return startOfDayIn(day, timeZone) ? endOfDate(day, timeZone) : null;
}

/** The audit page's query string, read: filters for listAuditEntries, the form's values, and what was wrong. */
export interface AuditQuery {
  filters: AuditFilters;
  page: number;
  form: { actions: AuditAction[]; actor: string; person: string; text: string; from: string; to: string; timeZone: string };
  /** Filters that could not be used, each in a sentence; the rest still apply. */
  problems: string[];
}

type QueryParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
const every = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * Reads `?action=…&action=…&actor=…&person=…&q=…&from=YYYY-MM-DD&to=YYYY-MM-DD&tz=Area/City&page=n`.
 * `from` and `to` are days in the zone `tz` (the admin's own, sent by the page; UTC without it),
 * and both days are included.
 */
export function readAuditQuery(params: QueryParams): AuditQuery {
  const problems: string[] = [];
  const actions: AuditAction[] = [];
  for (const value of every(params.action)) {
    if (isAuditAction(value)) actions.push(value);
    else if (value) problems.push(`“${value.slice(0, 40)}” is not an action in the log, so it was left out of the filter.`);
  }
  let timeZone = first(params.tz) || 'UTC';
  if (!isTimeZone(timeZone)) {
    problems.push(`“${timeZone.slice(0, 40)}” is not a time zone; days are counted in UTC.`);
    timeZone = 'UTC';
  }
  const form = {
    actions,
    actor: first(params.actor).slice(0, 320),
    person: first(params.person).slice(0, 320),
    text: first(params.q).slice(0, 200),
    from: first(params.from),
    to: first(params.to),
    timeZone,
  };
  const from = form.from ? startOfDayIn(form.from, timeZone) : null;
  if (form.from && !from) problems.push(`From: “${form.from.slice(0, 20)}” is not a day (YYYY-MM-DD), so the range has no start.`);
  const to = form.to ? endOfDayIn(form.to, timeZone) : null;
  if (form.to && !to) problems.push(`To: “${form.to.slice(0, 20)}” is not a day (YYYY-MM-DD), so the range has no end.`);
  if (from && to && to <= from) problems.push('The range ends before it starts, so nothing can match.');
  const page = Number.parseInt(first(params.page), 10);
  return {
    filters: {
      actions,
      actor: form.actor || undefined,
      target: form.person || undefined,
      text: form.text || undefined,
      from: from ?? undefined,
      to: to ?? undefined,
    },
    page: Number.isFinite(page) && page > 0 ? page : 1,
    form,
    problems,
  };
}
