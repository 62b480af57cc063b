import 'server-only';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../people/audit';
import type { Database } from '../db';
import { users, type User } from '../db/schema';
import { normaliseEmail, recordSignIn } from './sign-in';
import { clearAccountFailures } from './throttle';

/** The claims of an OpenID Connect ID token that single sign-on looks at (anything may be missing). */
export interface SsoClaims {
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

export const SSO_REFUSALS = ['sso-unverified', 'sso-unknown', 'sso-inactive'] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];

export type SsoSignIn = { outcome: 'signed-in'; user: User; created: boolean } | { outcome: 'refused'; reason: SsoRefusal };

export interface SsoContext {
  /** Create an unknown (verified) email as a trainee instead of refusing it. */
  autoCreate: boolean;
  address: string | null;
  now: Date;
}

// A deliberately loose check: the provider vouches for the address; this only keeps out values
// that cannot be an email at all.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * Matches a person signing in through the provider to a Frontline account by email. The provider
 * must vouch for the email (a claim `email_verified: false` is refused); a deactivated account is
 * refused; an unknown email is refused, or created as a trainee when `autoCreate` is on. Every
 * outcome is audited.
 */
export async function signInWithSso(db: Database, claims: SsoClaims, context: SsoContext): Promise<SsoSignIn> {
  const typed = typeof claims.email === 'string' ? claims.email.trim().slice(0, 320) : '';
  const email = normaliseEmail(typed);
  const verified = claims.email_verified !== false && claims.email_verified !== 'false';
  const refuse = async (reason: SsoRefusal, account: User | null = null): Promise<SsoSignIn> => {
    await recordAudit(db, {
      action: 'sign-in-failed',
      actorId: null,
      targetUserId: account?.id ?? null,
      subject: typed || null,
      address: context.address,
      details: { via: 'sso', reason },
    });
    return { outcome: 'refused', reason };
  };
  if (!EMAIL.test(email) || !verified) return refuse('sso-unverified');

  const [existing] = await db.select().from(users).where(eq(users.email, email));
  if (existing && !existing.active) return refuse('sso-inactive', existing);
  if (!existing && !context.autoCreate) return refuse('sso-unknown');

  return db.transaction(async (tx) => {
    let user = existing;
    let created = false;
    if (!user) {
      // Two first sign-ins at once: the second finds the account the first created.
      const [inserted] = await tx
        .insert(users)
        .values({ email, name: nameFrom(claims, email), role: 'trainee', startDate: context.now.toISOString().slice(0, 10) })
        .onConflictDoNothing({ target: users.email })
        .returning();
      if (inserted) {
        created = true;
        await recordAudit(tx, {
          action: 'user-created',
          actorId: null,
          targetUserId: inserted.id,
          subject: email,
          address: context.address,
          details: { via: 'sso', role: 'trainee' },
        });
      }
      [user] = inserted ? [inserted] : await tx.select().from(users).where(eq(users.email, email));
    }
    await clearAccountFailures(tx, email);
    await recordSignIn(tx, user!, { via: 'sso', address: context.address, now: context.now });
    return { outcome: 'signed-in', user: { ...user!, lastSignInAt: context.now }, created } as const;
  });
}

/** The name the provider gives, or the part of the email before the @. */
function nameFrom(claims: SsoClaims, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 200) : '';
  return name || email.split('@')[0]!;
}
