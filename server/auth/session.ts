import 'server-only';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { database } from '../db';
import type { User } from '../db/schema';
import { findUser } from '../users';
import { authOptions } from './options';

/**
 * The signed-in user, checked against the database on every request: a deactivated account or a
 * bumped token version ends the session at once, and the role is always the current one.
 * Cached for the rest of the request.
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
