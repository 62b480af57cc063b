import 'server-only';
import { eq } from 'drizzle-orm';
import { isUuid } from '@/lib/uuid';
import type { Database } from '../db';
import { users, type Role, type User } from '../db/schema';
import { RecordNotFoundError } from '../platform/errors';

/** Where a change came from, for the audit log; `now` is for tests. */
export interface ActionContext {
  address?: string | null;
  now?: Date;
}

/** A person as the people pages show them: never the password hash. */
export interface PersonSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  team: string | null;
  startDate: string | null;
  active: boolean;
  /** False until the person has set a password with their link. */
  hasPassword: boolean;
  anonymised: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export const personSummary = (user: User): PersonSummary => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  team: user.team,
  startDate: user.startDate,
  active: user.active,
  hasPassword: user.passwordHash !== null,
  anonymised: user.anonymisedAt !== null,
  lastSignInAt: user.lastSignInAt,
  createdAt: user.createdAt,
});

/** The person with this id, locked for the transaction with `forUpdate`; 404 when there is none. */
export async function findPerson(db: Database, userId: string, forUpdate = false): Promise<User> {
  if (!isUuid(userId)) throw new RecordNotFoundError('person');
  const query = db.select().from(users).where(eq(users.id, userId));
  const [user] = forUpdate ? await query.for('update') : await query;
  if (!user) throw new RecordNotFoundError('person');
  return user;
}
