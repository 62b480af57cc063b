import 'server-only';
import { and, asc, count, desc, eq, gt, ilike, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db';
import { passwordLinks, users, type PasswordLink, type Role, type User } from '../db/schema';
import { findPerson, personSummary, type PersonSummary } from './person';
import { assertManagesPeople, permissionsOver, type PersonPermissions } from './permissions';

/** Finding people for the people pages: searching and filtering a page at a time, and one person's details. */

export const PEOPLE_PAGE_SIZE = 25;
export const PERSON_STATUSES = ['active', 'deactivated'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface PeopleQuery {
  /** Part of a name or email. */
  search?: string;
  role?: Role;
  team?: string;
  status?: PersonStatus;
  /** From 1; past the end means the last page. */
  page?: number;
  pageSize?: number;
}

export interface PeoplePage {
  people: PersonSummary[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Every team anyone is in, for the filter. */
  teams: string[];
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listUsers(db: Database, actor: User, query: PeopleQuery = {}): Promise<PeoplePage> {
  assertManagesPeople(actor);
  const conditions: SQL[] = [];
  const search = query.search?.trim();
  if (search) conditions.push(or(ilike(users.name, likePattern(search)), ilike(users.email, likePattern(search)))!);
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.team) conditions.push(eq(users.team, query.team));
  if (query.status) conditions.push(eq(users.active, query.status === 'active'));
  const where = conditions.length ? and(...conditions) : undefined;

  const pageSize = Math.max(1, Math.min(query.pageSize ?? PEOPLE_PAGE_SIZE, 200));
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(users).where(where);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pageCount);
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.email))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { people: rows.map(personSummary), total, page, pageCount, pageSize, teams: await teamNames(db) };
}

/** Every team anyone is in, for filters and suggestions. */
export async function teamNames(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ team: users.team }).from(users).where(isNotNull(users.team)).orderBy(asc(users.team));
  return rows.map((row) => row.team!);
}

export interface PersonDetail {
  person: PersonSummary;
  /** The link that would still work, if one was created and not used. */
  pendingLink: { createdAt: Date; expiresAt: Date; purpose: PasswordLink['purpose'] } | null;
  permissions: PersonPermissions;
}

export async function userDetail(db: Database, actor: User, userId: string, now = new Date()): Promise<PersonDetail> {
  assertManagesPeople(actor);
  const person = await findPerson(db, userId);
  const [pending] = await db
    .select({ createdAt: passwordLinks.createdAt, expiresAt: passwordLinks.expiresAt, purpose: passwordLinks.purpose })
    .from(passwordLinks)
    .where(and(eq(passwordLinks.userId, person.id), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, now)))
    .orderBy(desc(passwordLinks.createdAt))
    .limit(1);
  return { person: personSummary(person), pendingLink: pending ?? null, permissions: permissionsOver(actor, person) };
}
