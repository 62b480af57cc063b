import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../people/audit';
import { hashPassword, verifyPassword } from './passwords';
import { checkThrottle, forgiveSignIn, recordFailure, withdrawFailures, type ThrottleKeys, type ThrottleLimits, type ThrottleVerdict } from './throttle';
import type { Database } from '../db';
import { users, type TimeMode, type User } from '../db/schema';

import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../demo/accounts';
import { isUuid } from '@/lib/uuid';

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * In demo mode, the demo accounts exist with the public password. Outside demo mode they keep
 * their records but lose the password and every session, so no account has a known password.
 */
export async function syncDemoAccounts(db: Database, demo: boolean): Promise<void> {
  if (!demo) {
    await db
      .update(users)
      .set({ passwordHash: null, tokenVersion: sql`${users.tokenVersion} + 1` })
      .where(and(eq(users.demo, true), sql`${users.passwordHash} is not null`));
    return;
  }
  const existing = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.demo, true));
  const byEmail = new Map(existing.map((u) => [u.email, u.passwordHash]));
  for (const account of DEMO_ACCOUNTS) {
    const current = byEmail.get(account.email);
    if (current && (await verifyPassword(current, DEMO_PASSWORD))) continue;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db
      .insert(users)
      .values({ ...account, passwordHash, demo: true, startDate: new Date().toISOString().slice(0, 10) })
      .onConflictDoUpdate({ target: users.email, set: { passwordHash, demo: true, active: true } });
  }
}

/** The user these credentials belong to, if they are right and the account is active. */
export async function authenticate(db: Database, email: string, password: string): Promise<User | null> {
  return (await checkPassword(db, email, password)).user;
}

type PasswordCheck = { user: User; reason?: never } | { user: null; reason: 'unknown-email' | 'no-password' | 'wrong-password' | 'inactive'; account: User | null };

async function checkPassword(db: Database, email: string, password: string): Promise<PasswordCheck> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  // Verify against a real hash even for an unknown email, so timing does not reveal accounts.
  const ok = await verifyPassword(user?.passwordHash ?? UNKNOWN_ACCOUNT_HASH, password);
  if (!user) return { user: null, reason: 'unknown-email', account: null };
  if (!user.passwordHash) return { user: null, reason: 'no-password', account: user };
  if (!ok) return { user: null, reason: 'wrong-password', account: user };
  if (!user.active) return { user: null, reason: 'inactive', account: user };
  return { user };
}

const UNKNOWN_ACCOUNT_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';

// ---- Signing in and out (docs/decisions/010-sign-in-throttling-and-sign-out.md) ----

export interface SignInContext {
  /** The client's address (requestAddress()), or null when the request carried none. */
  address: string | null;
  limits: ThrottleLimits;
  now: Date;
}

export type PasswordSignIn = { outcome: 'signed-in'; user: User } | { outcome: 'refused' } | { outcome: 'throttled'; retryAfterSeconds: number };

/** The email as typed, kept readable in the audit log (and bounded). */
const typedEmail = (email: string) => email.trim().slice(0, 320);

/** Failures count against the email typed, whether or not an account has it, and against the address. */
export const throttleKeys = (email: string, address: string | null): ThrottleKeys => ({ account: normaliseEmail(email).slice(0, 320) || null, address });

/**
 * The check made before a password is even looked at: while the account or the address has too
 * many recent failures, the attempt is refused (and the refusal audited).
 */
export async function signInThrottle(db: Database, email: string, context: SignInContext): Promise<ThrottleVerdict> {
  const verdict = await checkThrottle(db, throttleKeys(email, context.address), context.limits, context.now);
  if (verdict.throttled) await auditThrottled(db, email, context, verdict);
  return verdict;
}

async function auditThrottled(db: Database, email: string, context: SignInContext, verdict: Extract<ThrottleVerdict, { throttled: true }>) {
  await recordAudit(db, {
    action: 'sign-in-throttled',
    actorId: null,
    subject: typedEmail(email),
    address: context.address,
    details: { limit: verdict.kind, retryAfterSeconds: verdict.retryAfterSeconds },
  });
}

/**
 * Signs in with email and password: throttled, audited either way, and a success forgives the
 * account's failures and records when the person last signed in.
 */
export async function signInWithPassword(db: Database, email: string, password: string, context: SignInContext): Promise<PasswordSignIn> {
  const keys = throttleKeys(email, context.address);
  // The attempt counts as a failure until the password proves otherwise. Checked the other way
  // round, attempts sent in parallel would all pass the check before any of them had failed.
  const provisional = await recordFailure(db, keys, context.limits, context.now);
  const verdict = await checkThrottle(db, keys, context.limits, context.now, provisional);
  if (verdict.throttled) {
    await withdrawFailures(db, provisional);
    await auditThrottled(db, email, context, verdict);
    return { outcome: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
  }
  const check = await checkPassword(db, email, password);
  if (!check.user) {
    await recordAudit(db, {
      action: 'sign-in-failed',
      actorId: null,
      targetUserId: check.account?.id ?? null,
      subject: typedEmail(email),
      address: context.address,
      details: { via: 'password', reason: check.reason },
    });
    return { outcome: 'refused' };
  }
  const user = check.user;
  await db.transaction(async (tx) => {
    await forgiveSignIn(tx, provisional, keys.account);
    await recordSignIn(tx, user, { via: 'password', address: context.address, now: context.now });
  });
  return { outcome: 'signed-in', user: { ...user, lastSignInAt: context.now } };
}

/** Marks a successful sign-in, by any means: last sign-in time and the audit log. Call inside the transaction. */
export async function recordSignIn(
  tx: Pick<Database, 'update' | 'insert'>,
  user: User,
  { via, address, now }: { via: 'password' | 'sso' | 'lti' | 'scorm'; address: string | null; now: Date },
) {
  await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
  await recordAudit(tx, { action: 'sign-in', actorId: user.id, targetUserId: user.id, address, details: { via } });
}

/**
 * Signing out ends every session of the user, on every device: the token version goes up, and
 * every session token carrying the old one stops working on its next request. Only a current
 * session can do this; a token that no longer works changes nothing. Returns whether it did.
 */
export async function signOutEverywhere(db: Database, session: { userId: string; tokenVersion: number }, address: string | null): Promise<boolean> {
  if (!isUuid(session.userId) || !Number.isInteger(session.tokenVersion)) return false;
  return db.transaction(async (tx) => {
    const [bumped] = await tx
      .update(users)
      .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
      .where(and(eq(users.id, session.userId), eq(users.tokenVersion, session.tokenVersion)))
      .returning({ id: users.id });
    if (!bumped) return false;
    await recordAudit(tx, { action: 'sign-out', actorId: bumped.id, targetUserId: bumped.id, address });
    return true;
  });
}

export async function findUserByEmail(db: Database, email: string): Promise<User | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return user ?? null;
}

export async function findUser(db: Database, id: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function setTimeMode(db: Database, userId: string, timeMode: TimeMode): Promise<void> {
  await db.update(users).set({ timeMode }).where(eq(users.id, userId));
}
