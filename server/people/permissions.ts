import 'server-only';
import { hasRole, ROLES_THAT } from '@/lib/roles';
import type { Database } from '../db';
import type { User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { findPerson, personSummary, type PersonSummary } from './person';

/**
 * Who may change whom: HR manages trainees, admins manage everyone, and nobody changes an account
 * whose identity was removed. Every function that changes people checks here, whatever its caller checked.
 */

/** What the acting user may do to one person; the pages show only these controls. */
export interface PersonPermissions {
  /** Change name, team and start date. */
  edit: boolean;
  changeRole: boolean;
  /** Deactivate or reactivate. */
  changeActive: boolean;
  createLink: boolean;
}

export function permissionsOver(actor: Pick<User, 'id' | 'role'>, target: Pick<User, 'id' | 'role' | 'anonymisedAt'>): PersonPermissions {
  if (target.anonymisedAt || !hasRole(actor, ROLES_THAT.managePeople)) return { edit: false, changeRole: false, changeActive: false, createLink: false };
  const admin = actor.role === 'admin';
  const managed = admin || target.role === 'trainee';
  // An admin never removes their own access, so there is always someone to undo a mistake.
  const self = actor.id === target.id;
  return { edit: managed, changeRole: admin && !self, changeActive: admin && !self, createLink: managed };
}

export function assertManagesPeople(actor: Pick<User, 'role'>): void {
  if (!hasRole(actor, ROLES_THAT.managePeople)) throw new HttpError(403, 'forbidden', 'Your role does not allow managing people.');
}

/** HR manages trainees only; nobody changes an account whose identity was removed. */
export function assertManages(actor: Pick<User, 'id' | 'role'>, target: User): void {
  assertManagesPeople(actor);
  if (actor.role !== 'admin' && target.role !== 'trainee') {
    throw new HttpError(403, 'forbidden', 'HR can change trainee accounts only. Ask an administrator to change this account.');
  }
  if (target.anonymisedAt) throw new HttpError(409, 'anonymised', "This person's identity was removed on request; their account can no longer be changed.");
}

/**
 * The person `userId` if the actor may change them: 404 when there is no such person, 403 when the
 * actor's role does not reach them. Route handlers call it before reading a request's body.
 */
export async function managedPerson(db: Database, actor: User, userId: string): Promise<PersonSummary> {
  assertManagesPeople(actor);
  const target = await findPerson(db, userId);
  assertManages(actor, target);
  return personSummary(target);
}
