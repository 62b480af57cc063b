import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import type { Role, User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { currentUser } from './session';

export { HttpError, RecordNotFoundError };
export { ROLES_THAT, hasRole } from '../../lib/roles';

/**
 * The one layer every page and route handler calls to decide who may do what. The permission
 * matrix in docs/security.md lists, for each route, which of these it uses.
 */

// ---- Pages ----

/** For pages: the signed-in user, or a redirect to sign in and come back to `from`. */
export async function requireUser(from: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/login?from=${encodeURIComponent(from)}`);
  return user;
}

/** For pages: a signed-in user with one of the roles; anyone else signed in gets the 403 page. */
export async function requireRole(from: string, roles: readonly Role[]): Promise<User> {
  const user = await requireUser(from);
  if (!roles.includes(user.role)) forbidden();
  return user;
}

/** For pages: runs a lookup that may throw RecordNotFoundError, showing the 404 page instead. */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof RecordNotFoundError) notFound();
    throw error;
  }
}

// ---- Route handlers ----

/** For route handlers: the signed-in user, or 401. */
export async function requireApiUser(): Promise<User> {
  const user = await currentUser();
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
  return user;
}

/** For route handlers: a signed-in user with one of the roles, or 401 / 403. */
export async function requireApiRole(roles: readonly Role[]): Promise<User> {
  const user = await requireApiUser();
  if (!roles.includes(user.role)) throw new HttpError(403, 'forbidden', 'Your role does not allow this.');
  return user;
}

// ---- Records ----
