import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { hashPassword, verifyPassword } from './auth/passwords';
import type { Database } from './db';
import { users, type TimeMode, type User } from './db/schema';

import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';

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
  const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  // Verify against a real hash even for an unknown email, so timing does not reveal accounts.
  const ok = await verifyPassword(user?.passwordHash ?? UNKNOWN_ACCOUNT_HASH, password);
  return ok && user && user.active && user.passwordHash ? user : null;
}

const UNKNOWN_ACCOUNT_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';

export async function findUser(db: Database, id: string): Promise<User | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

export async function setTimeMode(db: Database, userId: string, timeMode: TimeMode): Promise<void> {
  await db.update(users).set({ timeMode }).where(eq(users.id, userId));
}
