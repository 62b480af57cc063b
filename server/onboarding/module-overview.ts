import 'server-only';
import { and, asc, countDistinct, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import type { Database } from '../db';
import { assignmentRules, assignments, moduleVersions, users, type AssignmentRule, type Role, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { assertManagesModules } from './modules';
import { isUuid } from '@/lib/uuid';

/** What the module pages show around a module: who holds it, who wrote it, whom it can be given to. */

export interface ModuleHolding {
  /** People holding the module now (assigned through any rule, not unassigned), counted once each. */
  holders: number;
  /** Of those, how many have completed it. */
  completed: number;
}

/** Per module id, how many people hold it and how many of them completed it. */
export async function moduleHoldings(db: Database, actor: User): Promise<Map<string, ModuleHolding>> {
  assertManagesModules(actor);
  const rows = await db
    .select({
      moduleId: moduleVersions.moduleId,
      holders: countDistinct(assignments.userId),
      completed: sql<number>`count(distinct ${assignments.userId}) filter (where ${assignments.completedAt} is not null)`.mapWith(Number),
    })
    .from(assignments)
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .where(isNull(assignments.unassignedAt))
    .groupBy(moduleVersions.moduleId);
  return new Map(rows.map((r) => [r.moduleId, { holders: r.holders, completed: r.completed }]));
}

/** Names of people by id (authors of versions, people rules name). */
export async function peopleNames(db: Database, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface AssignablePerson {
  id: string;
  name: string;
  email: string;
  role: Role;
  team: string | null;
}

export const ASSIGNABLE_MATCHES_SHOWN = 10;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * People a module can be assigned to by name, matching a search on name or email: active accounts
 * whose identity is kept, by name, at most `limit` of them and whether there are more.
 */
export async function findAssignablePeople(db: Database, actor: User, search: string, limit = ASSIGNABLE_MATCHES_SHOWN): Promise<{ people: AssignablePerson[]; more: boolean }> {
  if (!hasRole(actor, ROLES_THAT.managePeople)) throw new HttpError(403, 'forbidden', 'Your role does not allow assigning modules.');
  const text = search.trim();
  if (!text) return { people: [], more: false };
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, team: users.team })
    .from(users)
    .where(and(eq(users.active, true), isNull(users.anonymisedAt), or(ilike(users.name, likePattern(text)), ilike(users.email, likePattern(text)))))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.email))
    .limit(limit + 1);
  return { people: rows.slice(0, limit), more: rows.length > limit };
}

/** An assignment rule by id, or a 404: checked before a request's body is read. */
export async function findAssignmentRule(db: Database, ruleId: string): Promise<AssignmentRule> {
  if (typeof ruleId !== 'string' || !isUuid(ruleId)) throw new RecordNotFoundError('assignment');
  const [rule] = await db.select().from(assignmentRules).where(eq(assignmentRules.id, ruleId));
  if (!rule) throw new RecordNotFoundError('assignment');
  return rule;
}
