import 'server-only';
import { encode } from 'next-auth/jwt';
import type { User } from '../db/schema';
import { authOptions, SESSION_SECONDS } from './options';

/**
 * A session cookie for a person signed in by other means than next-auth's own providers (an LTI
 * launch, decision 036): the same token next-auth writes at sign-in (its encoder, its secret, its
 * cookie name and options), so `currentUser` and next-auth's session endpoint read it like any other.
 */
export async function sessionCookieFor(user: Pick<User, 'id' | 'name' | 'email' | 'role' | 'tokenVersion'>, now: Date) {
  const cookie = authOptions.cookies!.sessionToken!;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const value = await encode({
    token: { sub: user.id, name: user.name, email: user.email, role: user.role, tokenVersion: user.tokenVersion, signedInAt: nowSeconds },
    secret: process.env.NEXTAUTH_SECRET ?? '',
    maxAge: SESSION_SECONDS,
  });
  return { name: cookie.name, value, options: { ...cookie.options, maxAge: SESSION_SECONDS } };
}
