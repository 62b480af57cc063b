import 'server-only';
import { getToken } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { settings } from '../platform/settings';
import { database } from '../db';
import type { User } from '../db/schema';
import { findUser } from './sign-in';
import { authOptions, sessionOutlived } from './options';

/**
 * The signed-in user, checked on every request: a deactivated account or a bumped token version
 * ends the session at once, and the role is always the current one. Cached for the rest of the
 * request.
 *
 * The session cookie is read with next-auth's own token decoder rather than `getServerSession`,
 * which runs next-auth's whole session action (and re-encodes a token it cannot set from here).
 * The user comes from the handle's user cache, which the database keeps true (decision 027).
 */
export const currentUser = cache(async (): Promise<User | null> => {
  const claims = await sessionClaims();
  if (!claims) return null;
  const handle = await database();
  const user = await handle.users.get(claims.id, (id) => findUser(handle.db, id));
  if (!user || !user.active || claims.tokenVersion !== user.tokenVersion) return null;
  return user;
});

/** The session cookie's name, as next-auth sets it (with `__Secure-` off localhost). */
export const SESSION_COOKIE = authOptions.cookies!.sessionToken!.name;

/** Who the session cookie names, if it is genuine, unexpired and within the absolute lifetime. */
async function sessionClaims(): Promise<SessionClaims | null> {
  const jar = await cookies();
  return claimsFromCookies(Object.fromEntries(jar.getAll().map((cookie) => [cookie.name, cookie.value])), {
    secret: process.env.NEXTAUTH_SECRET ?? '',
    nowSeconds: Math.floor(Date.now() / 1000),
    maxDays: settings().sessionMaxDays,
  });
}

export interface SessionClaims {
  id: string;
  tokenVersion: number;
}

/** The claims of the session token among these cookies, as `sessionClaims` checks them. */
export async function claimsFromCookies(
  cookieValues: Record<string, string>,
  { secret, nowSeconds, maxDays }: { secret: string; nowSeconds: number; maxDays: number },
): Promise<SessionClaims | null> {
  // Only the cookie: next-auth's decoder would also take a bearer token from a header.
  const token = await getToken({
    req: { cookies: cookieValues, headers: {} } as never,
    cookieName: SESSION_COOKIE,
    secureCookie: SESSION_COOKIE.startsWith('__Secure-'),
    secret,
  });
  if (!token?.sub || typeof token.tokenVersion !== 'number') return null;
  // Tokens from before the absolute lifetime began carry no sign-in time; they count from issue.
  const signedInAt = typeof token.signedInAt === 'number' ? token.signedInAt : typeof token.iat === 'number' ? token.iat : 0;
  if (sessionOutlived(signedInAt, nowSeconds, maxDays)) return null;
  return { id: token.sub, tokenVersion: token.tokenVersion };
}
