import 'server-only';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { database } from '../db';
import type { Role, User } from '../db/schema';
import { findUser } from '../users';
import { authOptions } from './options';

/**
 * The signed-in user, checked against the database on every request: a deactivated account or a
 * bumped token version ends the session at once. Cached for the rest of the request.
 */
export const currentUser = cache(async (): Promise<User | null> => {
  const session = await getServerSession(authOptions);
  const claims = session?.user as { id?: string; tokenVersion?: number } | undefined;
  if (!claims?.id) return null;
  const { db } = await database();
  const user = await findUser(db, claims.id);
  if (!user || !user.active || claims.tokenVersion !== user.tokenVersion) return null;
  return user;
});

/** For pages: the user, or a redirect to sign in and come back to `from`. */
export async function requirePageUser(from: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/login?from=${encodeURIComponent(from)}`);
  return user;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** For route handlers: the user, or a 401 (or 403 without one of the roles). */
export async function requireApiUser(roles?: readonly Role[]): Promise<User> {
  const user = await currentUser();
  if (!user) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
  if (roles && !roles.includes(user.role)) throw new HttpError(403, 'forbidden', 'Your role does not allow this.');
  return user;
}
