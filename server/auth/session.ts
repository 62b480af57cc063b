import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import { database } from '../db';
import type { Role, User } from '../db/schema';
import { findUser } from '../users';
import { authOptions } from './options';

/**
 * The signed-in user, checked against the database on every call: a deactivated account or a
 * bumped token version ends the session at once.
 */
export async function currentUser(): Promise<User | null> {
  const session = await getServerSession(authOptions);
  const token = session?.user as { id?: string } | undefined;
  if (!token?.id) return null;
  const jwt = await sessionTokenVersion();
  const { db } = await database();
  const user = await findUser(db, token.id);
  if (!user || !user.active || (jwt !== null && jwt !== user.tokenVersion)) return null;
  return user;
}

async function sessionTokenVersion(): Promise<number | null> {
  const { cookies, headers } = await import('next/headers');
  const { getToken } = await import('next-auth/jwt');
  const cookieStore = await cookies();
  const headerStore = await headers();
  const token = await getToken({
    req: { headers: Object.fromEntries(headerStore.entries()), cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])) } as never,
    secret: process.env.NEXTAUTH_SECRET,
  });
  return typeof token?.tokenVersion === 'number' ? token.tokenVersion : null;
}

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
