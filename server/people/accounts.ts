import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { normaliseEmail } from '../auth/sign-in';
import type { Database } from '../db';
import { users, type User } from '../db/schema';
import { assignAfterPersonChange } from '../onboarding/assignments';
import { HttpError } from '../platform/errors';
import { recordAudit } from './audit';
import { issueLink, voidUnusedLinks, type IssuedLink } from './password-links';
import { findPerson, personSummary, type ActionContext, type PersonSummary } from './person';
import { assertManages, assertManagesPeople } from './permissions';
import type { CreatePersonInput, UpdatePersonInput } from './schemas';

/**
 * Creating people's accounts and changing them. Every function takes the acting user and checks
 * what that user may do, whatever the caller checked.
 */

const emailTaken = (email: string) => new HttpError(409, 'email-taken', `An account with ${email} already exists.`);

/** A unique index refused the row: someone made the same account meanwhile. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Creates an account without a password, and the one-time link its owner sets one with. */
export async function createUser(db: Database, actor: User, input: CreatePersonInput, context: ActionContext = {}): Promise<{ user: PersonSummary; link: IssuedLink }> {
  assertManagesPeople(actor);
  if (actor.role !== 'admin' && input.role !== 'trainee') {
    throw new HttpError(403, 'forbidden', 'HR can create trainee accounts only. Ask an administrator to create a trainer, HR or admin account.');
  }
  const now = context.now ?? new Date();
  const email = normaliseEmail(input.email);
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing) throw emailTaken(email);
      const [user] = await tx.insert(users).values({ name: input.name.trim(), email, role: input.role, team: input.team, startDate: input.startDate, createdAt: now }).returning();
      await recordAudit(tx, { action: 'user-created', actorId: actor.id, targetUserId: user!.id, details: { role: user!.role }, address: context.address });
      const link = await issueLink(tx, actor, user!, now, context.address);
      await assignAfterPersonChange(tx, [user!.id], { actorId: actor.id, via: 'account-created', address: context.address }, now);
      return { user: personSummary(user!), link };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(email);
    throw error;
  }
}

/**
 * Changes a person's name, team, start date (admins; HR for trainees), role or active state
 * (admins). Deactivating ends every session at once and voids unused links. No admin can remove
 * their own access, and the last active admin keeps theirs.
 */
export async function updateUser(db: Database, actor: User, userId: string, changes: UpdatePersonInput, context: ActionContext = {}): Promise<PersonSummary> {
  assertManagesPeople(actor);
  const changesAccess = changes.role !== undefined || changes.active !== undefined;
  if (changesAccess && actor.role !== 'admin') {
    throw new HttpError(403, 'forbidden', 'Only an administrator can change roles or deactivate and reactivate accounts.');
  }
  const now = context.now ?? new Date();
  return db.transaction(async (tx) => {
    // Lock the active admins, always in the same order, before the person: two admins demoting
    // each other at the same moment are serialised, and the second sees the first's change.
    const activeAdmins = changesAccess
      ? (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.role, 'admin'), eq(users.active, true)))
            .orderBy(asc(users.id))
            .for('update')
        ).map((r) => r.id)
      : [];
    const target = await findPerson(tx, userId, true);
    assertManages(actor, target);

    const set: PgUpdateSetSource<typeof users> = {};
    if (changes.name !== undefined && changes.name !== target.name) set.name = changes.name;
    if (changes.team !== undefined && changes.team !== target.team) set.team = changes.team;
    if (changes.startDate !== undefined && changes.startDate !== target.startDate) set.startDate = changes.startDate;
    const fields = Object.keys(set);
    const newRole = changes.role !== undefined && changes.role !== target.role ? changes.role : null;
    const newActive = changes.active !== undefined && changes.active !== target.active ? changes.active : null;

    const losesAdmin = target.role === 'admin' && target.active && ((newRole !== null && newRole !== 'admin') || newActive === false);
    if (losesAdmin && target.id === actor.id) {
      throw new HttpError(
        400,
        'own-access',
        newActive === false
          ? 'You cannot deactivate your own account. Another administrator can, so there is always someone who can undo it.'
          : 'You cannot remove your own administrator role. Another administrator can, so there is always someone who can undo it.',
      );
    }
    if (losesAdmin && !activeAdmins.some((id) => id !== target.id)) {
      throw new HttpError(400, 'last-admin', `${target.name} is the last active administrator. Make someone else an administrator first.`);
    }
    if (newRole) set.role = newRole;
    if (newActive !== null) set.active = newActive;
    // The session check compares token versions, so this ends every session of the person at once.
    if (newActive === false) set.tokenVersion = sql`${users.tokenVersion} + 1`;
    if (!Object.keys(set).length) return personSummary(target);

    const [updated] = await tx.update(users).set(set).where(eq(users.id, target.id)).returning();
    // A new team, start date, role or reactivation can bring the person under assignment rules.
    const audit = { actorId: actor.id, targetUserId: target.id, address: context.address };
    if (fields.length) await recordAudit(tx, { ...audit, action: 'user-updated', details: { fields } });
    if (set.team !== undefined || set.startDate !== undefined || newRole || newActive === true)
      await assignAfterPersonChange(tx, [target.id], { actorId: actor.id, via: 'account-changed', address: context.address }, now);
    if (newRole) {
      // A link made while the person had another role may have been made by someone who cannot
      // manage them now (HR, for a trainee made an admin): it must not set the new role's password.
      await voidUnusedLinks(tx, target.id, now);
      await recordAudit(tx, { ...audit, action: 'role-changed', details: { from: target.role, to: newRole } });
    }
    if (newActive === false) {
      await voidUnusedLinks(tx, target.id, now);
      await recordAudit(tx, { ...audit, action: 'user-deactivated' });
    }
    if (newActive === true) await recordAudit(tx, { ...audit, action: 'user-reactivated' });
    return personSummary(updated!);
  });
}

/**
 * The way in for the first administrator, and back in for one who lost access: run on the server
 * itself (`npm run accounts -- admin`), where whoever can run it already holds the data. Creates the
 * account, or makes an existing one an active admin, and returns a one-time link to set a password.
 */
export async function adminFromConsole(
  db: Database,
  input: { email: string; name?: string },
  now = new Date(),
): Promise<{ user: PersonSummary; link: IssuedLink; created: boolean }> {
  const email = normaliseEmail(input.email);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    const via = { via: 'console' };
    let person: User;
    if (!existing) {
      if (!input.name?.trim()) throw new HttpError(400, 'invalid', `There is no account for ${email} yet: give the new administrator's name with --name.`);
      [person] = (await tx.insert(users).values({ name: input.name.trim(), email, role: 'admin', createdAt: now }).returning()) as [User];
      await recordAudit(tx, { action: 'user-created', actorId: null, targetUserId: person.id, details: { role: 'admin', ...via } });
    } else {
      if (existing.anonymisedAt) throw new HttpError(409, 'anonymised', `The account for ${email} was anonymised and cannot be used again.`);
      [person] = (await tx.update(users).set({ role: 'admin', active: true }).where(eq(users.id, existing.id)).returning()) as [User];
      if (existing.role !== 'admin')
        await recordAudit(tx, { action: 'role-changed', actorId: null, targetUserId: person.id, details: { from: existing.role, to: 'admin', ...via } });
      if (!existing.active) await recordAudit(tx, { action: 'user-reactivated', actorId: null, targetUserId: person.id, details: via });
    }
    const link = await issueLink(tx, null, person, now, null);
    return { user: personSummary(person), link, created: !existing };
  });
}
