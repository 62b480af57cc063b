import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { createTestDatabase, type TestDatabase } from '../test-support/databases';
import { authenticate, DEMO_ACCOUNTS, DEMO_PASSWORD, syncDemoAccounts } from './sign-in';

describe('demo accounts', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database?.dispose());

  it('exist in demo mode with the public password and their roles', async () => {
    await syncDemoAccounts(database.db, true);
    for (const account of DEMO_ACCOUNTS) {
      const user = await authenticate(database.db, account.email.toUpperCase(), DEMO_PASSWORD);
      expect(user?.role).toBe(account.role);
    }
    expect(await authenticate(database.db, 'trainee@frontline.test', 'wrong-password')).toBeNull();
    expect(await authenticate(database.db, 'nobody@frontline.test', DEMO_PASSWORD)).toBeNull();
  });

  it('outside demo mode have no known password and lose their sessions', async () => {
    const [before] = await database.db.select().from(users).where(eq(users.email, 'trainee@frontline.test'));
    await syncDemoAccounts(database.db, false);
    for (const account of DEMO_ACCOUNTS) expect(await authenticate(database.db, account.email, DEMO_PASSWORD)).toBeNull();
    const [after] = await database.db.select().from(users).where(eq(users.email, 'trainee@frontline.test'));
    expect(after!.passwordHash).toBeNull();
    expect(after!.tokenVersion).toBe(before!.tokenVersion + 1);
  });

  it('keep no password hash in clear and salt each one', async () => {
    await syncDemoAccounts(database.db, true);
    const rows = await database.db.select({ hash: users.passwordHash }).from(users);
    for (const { hash } of rows) expect(hash).toMatch(/^\$argon2id\$/);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
  });

  it('refuse a deactivated account', async () => {
    await database.db.update(users).set({ active: false }).where(eq(users.email, 'hr@frontline.test'));
    expect(await authenticate(database.db, 'hr@frontline.test', DEMO_PASSWORD)).toBeNull();
  });
});
