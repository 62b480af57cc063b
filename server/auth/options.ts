import 'server-only';
import type { CookiesOptions, NextAuthOptions } from 'next-auth';
import type { Provider } from 'next-auth/providers/index';
import CredentialsProvider from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { z } from 'zod';
import { isStorableText } from '@/lib/storable-text';
import { requestAddress } from '../people/audit';
import { settings } from '../platform/settings';
import { database } from '../db';
import { isDatabaseUnavailable } from '../db/client';
import type { OidcSettings } from '../platform/settings';
import { findUserByEmail, signInWithPassword, signOutEverywhere } from './sign-in';
import { signInWithSso, type SsoClaims } from './sso';

// Text the database cannot store (a NUL) is a failed sign-in like any other wrong value, not an error.
const storable = z.string().refine(isStorableText);
const credentialsSchema = z.object({ email: storable.pipe(z.string().trim().min(3).max(320)), password: storable.pipe(z.string().min(1).max(1024)) });

/** Signed-in sessions last a working day; the JWT carries the token version checked on every request. */
export const SESSION_SECONDS = 12 * 60 * 60;

/**
 * A session lasts 12 hours from sign-in (reading next-auth's session endpoint renews it), but never
 * past this many days after the sign-in that began it. Checked here when next-auth renews the token
 * and in `currentUser` on every request.
 */
export function sessionOutlived(signedInAt: number, nowSeconds: number, maxDays: number): boolean {
  return nowSeconds - signedInAt > maxDays * 24 * 60 * 60;
}

/** The id of the single sign-on provider: its callback is /api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = 'oidc';

/** What an error thrown from authorize() becomes in the sign-in page's `error` parameter. */
export const throttledError = (retryAfterSeconds: number) => `throttled:${retryAfterSeconds}`;

/** The sign-in page's `error` for a sign-in the server could not complete; the details go to the log only. */
export function signInFailure(error: unknown): 'database-unavailable' | 'server-error' {
  if (isDatabaseUnavailable(error)) {
    console.error(`Frontline: sign-in refused, the database is unavailable (${error instanceof Error ? error.message : String(error)})`);
    return 'database-unavailable';
  }
  console.error(error);
  return 'server-error';
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Cookies are Secure everywhere except on the local machine, where the site is served over plain
 * HTTP. Decided by the site's configured address (settings().siteOrigin, from NEXTAUTH_URL; `npm
 * start` defaults it to http://localhost:$PORT).
 */
export function secureCookiesFor(siteOrigin: string | null): boolean {
  return siteOrigin !== null && !LOCAL_HOSTS.has(new URL(siteOrigin).hostname);
}

/**
 * Every cookie next-auth sets: HttpOnly (no script reads them), SameSite=Lax (not sent on
 * cross-site POSTs; sent on the top-level redirect back from the sign-on provider), Secure as
 * decided above. Secure cookies carry the __Secure- prefix (the CSRF cookie __Host-), as
 * next-auth names them, so proxy.ts knows both names.
 */
export function cookieOptions(secure: boolean): CookiesOptions {
  const prefix = secure ? '__Secure-' : '';
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure } as const;
  const shortLived = { ...options, maxAge: 15 * 60 };
  return {
    sessionToken: { name: `${prefix}next-auth.session-token`, options },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options },
    csrfToken: { name: `${secure ? '__Host-' : ''}next-auth.csrf-token`, options },
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: shortLived },
    state: { name: `${prefix}next-auth.state`, options: shortLived },
    nonce: { name: `${prefix}next-auth.nonce`, options },
  };
}

/** The client address of the request being handled, for the audit log. */
async function currentRequestAddress(): Promise<string | null> {
  try {
    return requestAddress(await headers());
  } catch {
    return null;
  }
}

/** Sign-on through any OpenID Connect provider: discovery, the authorization code flow with PKCE and state, the ID token's claims. */
export function ssoProvider(oidc: OidcSettings): Provider {
  return {
    id: SSO_PROVIDER_ID,
    name: oidc.name,
    type: 'oauth',
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    idToken: true,
    checks: ['pkce', 'state'],
    authorization: { params: { scope: 'openid email profile' } },
    // Never throws: a missing email is refused, with a message, in the signIn callback.
    profile(claims: { sub?: unknown; email?: unknown; name?: unknown }) {
      return {
        id: String(claims.sub ?? ''),
        email: typeof claims.email === 'string' ? claims.email : null,
        name: typeof claims.name === 'string' ? claims.name : null,
      };
    },
  };
}

const secureCookies = secureCookiesFor(settings().siteOrigin);
const oidc = settings().oidc;

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_SECONDS },
  pages: { signIn: '/login', error: '/login' },
  useSecureCookies: secureCookies,
  cookies: cookieOptions(secureCookies),
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      // The route handler has already answered 429 to an account or address over its limit; the
      // check here also covers attempts sent in parallel.
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        let result: Awaited<ReturnType<typeof signInWithPassword>>;
        try {
          const { db } = await database();
          result = await signInWithPassword(db, parsed.data.email, parsed.data.password, {
            address: requestAddress(new Headers(request?.headers as Record<string, string> | undefined)),
            limits: settings().signInThrottle,
            now: new Date(),
          });
        } catch (error) {
          // next-auth puts a thrown error's message in the sign-in page's URL: never the database's words.
          throw new Error(signInFailure(error));
        }
        if (result.outcome === 'throttled') throw new Error(throttledError(result.retryAfterSeconds));
        if (result.outcome === 'refused') return null;
        const { user } = result;
        return { id: user.id, email: user.email, name: user.name, role: user.role, tokenVersion: user.tokenVersion };
      },
    }),
    ...(oidc ? [ssoProvider(oidc)] : []),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      // Email and password were checked in authorize().
      if (account?.provider !== SSO_PROVIDER_ID) return true;
      const { db } = await database();
      const result = await signInWithSso(db, (profile ?? {}) as SsoClaims, { autoCreate: oidc?.autoCreate ?? false, address: await currentRequestAddress(), now: new Date() });
      return result.outcome === 'signed-in' ? true : `/login?error=${result.reason}`;
    },
    async jwt({ token, user, account }) {
      if (account?.provider === SSO_PROVIDER_ID) {
        // `user` is the provider's view of the person; the session carries Frontline's.
        const { db } = await database();
        const ours = token.email ? await findUserByEmail(db, token.email) : null;
        // The signIn callback has just matched or created the account; this is a race with its removal.
        if (!ours) throw new Error('The account signed in through single sign-on no longer exists.');
        return { ...token, sub: ours.id, name: ours.name, email: ours.email, role: ours.role, tokenVersion: ours.tokenVersion, signedInAt: Math.floor(Date.now() / 1000) };
      }
      const now = Math.floor(Date.now() / 1000);
      if (user) {
        const signedIn = user as { id: string; role: (typeof token)['role']; tokenVersion: number };
        token.sub = signedIn.id;
        token.role = signedIn.role;
        token.tokenVersion = signedIn.tokenVersion;
        token.signedInAt = now;
      }
      if (typeof token.signedInAt !== 'number') token.signedInAt = now;
      // Past the absolute lifetime: a token with nobody in it, so every page sends the person to sign in.
      if (sessionOutlived(token.signedInAt, now, settings().sessionMaxDays)) return {};
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub, role: token.role, tokenVersion: token.tokenVersion } };
    },
  },
  events: {
    async signOut({ token }) {
      if (!token?.sub || typeof token.tokenVersion !== 'number') return;
      const { db } = await database();
      await signOutEverywhere(db, { userId: token.sub, tokenVersion: token.tokenVersion }, await currentRequestAddress());
    },
  },
};
