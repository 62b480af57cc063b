import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, signInFailures, users } from '../db/schema';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { DEMO_PASSWORD, signInThrottle, signInWithPassword, signOutEverywhere, syncDemoAccounts } from './sign-in';

const limits = { accountLimit: 5, addressLimit: 50, windowMinutes: 15 };
const start = new Date('2030-01-01T09:00:00Z');
const at = (seconds: number, address: string | null = '203.0.113.9') => ({ address, limits, now: new Date(start.getTime() + seconds * 1000) });

for (const backend of testBackends()) {
  describe(`signing in with a password on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(backend);
      await syncDemoAccounts(database.db, true);
    });
    afterAll(() => database?.dispose());
    beforeEach(async () => {
      await database.db.delete(signInFailures);
      await database.db.delete(auditLog);
    });
    const trainee = async () => (await database.db.select().from(users).where(eq(users.email, 'trainee@frontline.test')))[0]!;
    const audit = () => database.db.select().from(auditLog).orderBy(auditLog.at);

    it('signs in, records the time and audits it', async () => {
      const result = await signInWithPassword(database.db, ' Trainee@Frontline.test ', DEMO_PASSWORD, at(0));
      expect(result).toMatchObject({ outcome: 'signed-in', user: { email: 'trainee@frontline.test' } });
      expect((await trainee()).lastSignInAt).toEqual(at(0).now);
      const me = await trainee();
      expect(await audit()).toEqual([expect.objectContaining({ action: 'sign-in', actorId: me.id, targetUserId: me.id, address: '203.0.113.9', details: { via: 'password' } })]);
      expect(await database.db.select().from(signInFailures)).toEqual([]);
    });

    it('signs one account in several times at once: none deadlocks or fails, and no failure is left counted', async () => {
      // Four sessions at once (two instances, a phone and a laptop): their transactions forgive the
      // same account's failures at the same moment.
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all([0, 1, 2, 3].map((i) => signInWithPassword(database.db, 'trainee@frontline.test', DEMO_PASSWORD, at(round * 10 + i, `198.51.100.${i}`))));
        expect(results.map((r) => r.outcome)).toEqual(['signed-in', 'signed-in', 'signed-in', 'signed-in']);
      }
      expect(await database.db.select().from(signInFailures)).toEqual([]);
    });

    it('audits a failure with the email typed, known account or not', async () => {
      expect(await signInWithPassword(database.db, 'Trainee@frontline.test', 'wrong', at(0))).toEqual({ outcome: 'refused' });
      expect(await signInWithPassword(database.db, 'Nobody@frontline.test', 'wrong', at(1))).toEqual({ outcome: 'refused' });
      const me = await trainee();
      expect(await audit()).toEqual([
        expect.objectContaining({
          action: 'sign-in-failed',
          actorId: null,
          targetUserId: me.id,
          subject: 'Trainee@frontline.test',
          details: { via: 'password', reason: 'wrong-password' },
        }),
        expect.objectContaining({
          action: 'sign-in-failed',
          actorId: null,
          targetUserId: null,
          subject: 'Nobody@frontline.test',
          details: { via: 'password', reason: 'unknown-email' },
        }),
      ]);
      const failures = await database.db.select().from(signInFailures);
      expect(
        failures
          .filter((f) => f.kind !== 'account-address')
          .map((f) => `${f.kind}:${f.key}`)
          .sort(),
      ).toEqual(['account:nobody@frontline.test', 'account:trainee@frontline.test', 'address:203.0.113.9', 'address:203.0.113.9']);
      expect(failures.filter((f) => f.kind === 'account-address')).toHaveLength(2);
    });

    it('throttling refuses the 6th attempt from a client that failed, even with the right password, and recovers after the window', async () => {
      for (let i = 0; i < 5; i++) expect(await signInWithPassword(database.db, 'trainee@frontline.test', `guess-${i}`, at(i * 10))).toEqual({ outcome: 'refused' });
      // The check made before the password is looked at.
      expect(await signInThrottle(database.db, 'TRAINEE@frontline.test', at(60))).toEqual({ throttled: true, kind: 'account', retryAfterSeconds: 15 * 60 - 60 });
      expect(await signInWithPassword(database.db, 'trainee@frontline.test', DEMO_PASSWORD, at(60))).toEqual({ outcome: 'throttled', retryAfterSeconds: 15 * 60 - 60 });
      const refused = (await audit()).filter((e) => e.action === 'sign-in-throttled');
      expect(refused).toHaveLength(2);
      expect(refused[0]).toMatchObject({ subject: 'TRAINEE@frontline.test', address: '203.0.113.9', details: { limit: 'account', retryAfterSeconds: 15 * 60 - 60 } });
      // A refused attempt is not a failure: it does not push the wait further out.
      expect(await database.db.select().from(signInFailures).where(eq(signInFailures.kind, 'account'))).toHaveLength(5);

      expect(await signInThrottle(database.db, 'trainee@frontline.test', at(15 * 60 - 1))).toEqual({ throttled: true, kind: 'account', retryAfterSeconds: 1 });
      expect(await signInThrottle(database.db, 'trainee@frontline.test', at(15 * 60))).toEqual({ throttled: false });
      expect(await signInWithPassword(database.db, 'trainee@frontline.test', DEMO_PASSWORD, at(15 * 60))).toMatchObject({ outcome: 'signed-in' });
    });

    it('five wrong passwords from five addresses do not lock the account’s owner out: a client that has not failed may still sign in', async () => {
      for (let i = 0; i < 5; i++)
        expect(await signInWithPassword(database.db, 'admin@frontline.test', `guess-${i}`, at(i * 10, `198.51.100.${i}`))).toEqual({ outcome: 'refused' });
      // Those five addresses are shut out of the account for the window...
      expect(await signInWithPassword(database.db, 'admin@frontline.test', DEMO_PASSWORD, at(60, '198.51.100.0'))).toMatchObject({ outcome: 'throttled' });
      // ...the owner, elsewhere, is not.
      expect(await signInThrottle(database.db, 'admin@frontline.test', at(60, '192.0.2.1'))).toEqual({ throttled: false });
      expect(await signInWithPassword(database.db, 'admin@frontline.test', DEMO_PASSWORD, at(61, '192.0.2.1'))).toMatchObject({ outcome: 'signed-in' });
    });

    it('a fresh address gets one try at a locked account: a wrong one shuts it out too', async () => {
      for (let i = 0; i < 5; i++) await signInWithPassword(database.db, 'hr@frontline.test', `guess-${i}`, at(i, `198.51.100.${i}`));
      expect(await signInWithPassword(database.db, 'hr@frontline.test', 'another guess', at(10, '192.0.2.7'))).toEqual({ outcome: 'refused' });
      expect(await signInWithPassword(database.db, 'hr@frontline.test', DEMO_PASSWORD, at(11, '192.0.2.7'))).toMatchObject({ outcome: 'throttled' });
      expect(await signInThrottle(database.db, 'hr@frontline.test', at(12, '192.0.2.7'))).toMatchObject({ throttled: true, kind: 'account' });
    });

    it('a success forgives the account’s failures but not the address’s', async () => {
      for (let i = 0; i < 4; i++) await signInWithPassword(database.db, 'trainee@frontline.test', 'wrong', at(i));
      await signInWithPassword(database.db, 'trainee@frontline.test', DEMO_PASSWORD, at(5));
      const left = await database.db.select().from(signInFailures);
      expect(left.map((f) => f.kind).sort()).toEqual(['account-address', 'account-address', 'account-address', 'account-address', 'address', 'address', 'address', 'address']);
      for (let i = 0; i < 4; i++) await signInWithPassword(database.db, 'trainee@frontline.test', 'wrong', at(10 + i));
      expect(await signInThrottle(database.db, 'trainee@frontline.test', at(20))).toEqual({ throttled: false });
    });

    it('attempts sent at the same moment cannot get past the limit', async () => {
      const guesses = Array.from({ length: 12 }, (_, i) => signInWithPassword(database.db, 'hr@frontline.test', `parallel-${i}`, at(0)));
      const outcomes = (await Promise.all(guesses)).map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'refused').length).toBeLessThanOrEqual(5);
      expect(outcomes.filter((o) => o === 'throttled').length).toBeGreaterThanOrEqual(7);
      const checked = (await audit()).filter((e) => e.action === 'sign-in-failed');
      expect(checked.length).toBe(outcomes.filter((o) => o === 'refused').length);
    });

    it('refuses a deactivated account with the right password, and audits why', async () => {
      await database.db.update(users).set({ active: false }).where(eq(users.email, 'admin@frontline.test'));
      expect(await signInWithPassword(database.db, 'admin@frontline.test', DEMO_PASSWORD, at(0))).toEqual({ outcome: 'refused' });
      expect(await audit()).toEqual([expect.objectContaining({ action: 'sign-in-failed', details: { via: 'password', reason: 'inactive' } })]);
    });

    it('signing out ends every session of the user, once, and is audited', async () => {
      const before = await trainee();
      expect(await signOutEverywhere(database.db, { userId: before.id, tokenVersion: before.tokenVersion }, '203.0.113.9')).toBe(true);
      expect((await trainee()).tokenVersion).toBe(before.tokenVersion + 1);
      // The same (now ended) session cannot sign the user out of the new ones.
      expect(await signOutEverywhere(database.db, { userId: before.id, tokenVersion: before.tokenVersion }, '203.0.113.9')).toBe(false);
      expect((await trainee()).tokenVersion).toBe(before.tokenVersion + 1);
      expect(await signOutEverywhere(database.db, { userId: 'not-a-uuid', tokenVersion: 0 }, null)).toBe(false);
      expect(await audit()).toEqual([expect.objectContaining({ action: 'sign-out', actorId: before.id, targetUserId: before.id, address: '203.0.113.9' })]);
    });
  });
}
