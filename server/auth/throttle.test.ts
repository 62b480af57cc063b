import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signInFailures } from '../db/schema';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { checkThrottle, clearAccountFailures, recordFailure, retryAfter, withdrawFailures } from './throttle';

const limits = { accountLimit: 5, addressLimit: 50, windowMinutes: 15 };
const start = new Date('2030-01-01T09:00:00Z');
const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

describe('retryAfter', () => {
  it('is null below the limit, else the seconds until the failure that frees a slot leaves the window', () => {
    expect(retryAfter([start, start], 3, 15, later(60))).toBeNull();
    expect(retryAfter([start, later(60), later(120)], 3, 15, later(120))).toBe(15 * 60 - 120);
    // Over the limit (attempts sent in parallel): the second oldest must leave too.
    expect(retryAfter([start, later(60), later(120), later(180)], 3, 15, later(180))).toBe(15 * 60 + 60 - 180);
    expect(retryAfter([start], 1, 15, later(15 * 60 - 0.2))).toBe(1);
  });
});

for (const backend of testBackends()) {
  describe(`sign-in throttling on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(backend);
    });
    afterAll(() => database?.dispose());
    beforeEach(async () => {
      await database.db.delete(signInFailures);
    });

    const keys = { account: 'someone@example.test', address: '203.0.113.9' };

    it('refuses once an account has 5 failures in 15 minutes, and allows again when the oldest leaves the window', async () => {
      const { db } = database;
      for (let i = 0; i < 4; i++) await recordFailure(db, keys, limits, later(i * 60));
      expect(await checkThrottle(db, keys, limits, later(4 * 60))).toEqual({ throttled: false });
      await recordFailure(db, keys, limits, later(4 * 60));
      expect(await checkThrottle(db, keys, limits, later(5 * 60))).toEqual({ throttled: true, kind: 'account', retryAfterSeconds: 10 * 60 });
      // One second before the first failure is 15 minutes old: still refused.
      expect(await checkThrottle(db, keys, limits, later(15 * 60 - 1))).toMatchObject({ throttled: true, retryAfterSeconds: 1 });
      expect(await checkThrottle(db, keys, limits, later(15 * 60))).toEqual({ throttled: false });
      // ...and the row that left the window is gone.
      expect(await db.select().from(signInFailures)).toHaveLength(4 + 4 + 4);
    });

    it('counts the account across addresses and the address across accounts, with its own limit', async () => {
      const { db } = database;
      for (let i = 0; i < 5; i++) await recordFailure(db, { account: keys.account, address: `198.51.100.${i}` }, limits, start);
      // Closed to the addresses that failed on it, and to a client whose address is unknown...
      expect(await checkThrottle(db, { account: keys.account, address: '198.51.100.3' }, limits, start)).toMatchObject({ throttled: true, kind: 'account' });
      expect(await checkThrottle(db, { account: keys.account, address: null }, limits, start)).toMatchObject({ throttled: true, kind: 'account' });
      // ...but not to one that has not failed on it.
      expect(await checkThrottle(db, { account: keys.account, address: '192.0.2.1' }, limits, start)).toEqual({ throttled: false });

      for (let i = 0; i < 49; i++) await recordFailure(db, { account: `person${i}@example.test`, address: keys.address }, limits, later(i));
      expect(await checkThrottle(db, { account: 'new@example.test', address: keys.address }, limits, later(60))).toEqual({ throttled: false });
      await recordFailure(db, { account: 'one-more@example.test', address: keys.address }, limits, later(60));
      expect(await checkThrottle(db, { account: 'new@example.test', address: keys.address }, limits, later(60))).toEqual({
        throttled: true,
        kind: 'address',
        retryAfterSeconds: 15 * 60 - 60,
      });
      // Another address from the same account is not affected.
      expect(await checkThrottle(db, { account: 'new@example.test', address: '192.0.2.1' }, limits, later(60))).toEqual({ throttled: false });
    });

    it('answers with the longer wait when both are over', async () => {
      const { db } = database;
      const tight = { accountLimit: 1, addressLimit: 1, windowMinutes: 15 };
      await recordFailure(db, { account: 'other@example.test', address: keys.address }, tight, start);
      await recordFailure(db, keys, tight, later(300));
      expect(await checkThrottle(db, keys, tight, later(300))).toEqual({ throttled: true, kind: 'account', retryAfterSeconds: 15 * 60 });
    });

    it('a success forgives the account, not the address', async () => {
      const { db } = database;
      for (let i = 0; i < 5; i++) await recordFailure(db, keys, { ...limits, addressLimit: 5 }, start);
      await clearAccountFailures(db, keys.account);
      expect(await checkThrottle(db, { account: keys.account, address: null }, limits, start)).toEqual({ throttled: false });
      expect(await checkThrottle(db, { account: null, address: keys.address }, { ...limits, addressLimit: 5 }, start)).toMatchObject({ throttled: true, kind: 'address' });
    });

    it('leaves out provisional rows when asked, and withdraws them', async () => {
      const { db } = database;
      const tight = { ...limits, accountLimit: 1 };
      const own = await recordFailure(db, keys, tight, start);
      // The account's, the address's, and the two together.
      expect(own).toHaveLength(3);
      expect(await checkThrottle(db, keys, tight, start, own)).toEqual({ throttled: false });
      expect(await checkThrottle(db, keys, tight, start)).toMatchObject({ throttled: true });
      await withdrawFailures(db, own);
      expect(await db.select().from(signInFailures)).toEqual([]);
    });

    it('deletes every key’s expired rows when recording, so the table stays small', async () => {
      const { db } = database;
      for (let i = 0; i < 20; i++) await recordFailure(db, { account: `sprayed${i}@example.test`, address: null }, limits, start);
      await recordFailure(db, keys, limits, later(16 * 60));
      expect((await db.select().from(signInFailures)).map((r) => r.kind).sort()).toEqual(['account', 'account-address', 'address']);
    });
  });
}
