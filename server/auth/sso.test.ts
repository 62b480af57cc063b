import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, users } from '../db/schema';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { syncDemoAccounts } from './sign-in';
import { signInWithSso } from './sso';

const now = new Date('2030-01-01T09:00:00Z');
const context = (autoCreate: boolean) => ({ autoCreate, address: '203.0.113.9', now });

for (const backend of testBackends()) {
  describe(`single sign-on on ${backend}`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase(backend);
      await syncDemoAccounts(database.db, true);
    });
    afterAll(() => database?.dispose());
    beforeEach(async () => {
      await database.db.delete(auditLog);
    });
    const audit = () => database.db.select().from(auditLog).orderBy(auditLog.at);
    const byEmail = async (email: string) => (await database.db.select().from(users).where(eq(users.email, email)))[0];

    it('matches a known email, whatever its case, and audits the sign-in', async () => {
      const result = await signInWithSso(database.db, { email: 'Trainee@Frontline.test', email_verified: true, name: 'Someone Else' }, context(false));
      const trainee = (await byEmail('trainee@frontline.test'))!;
      expect(result).toMatchObject({ outcome: 'signed-in', created: false, user: { id: trainee.id, role: 'trainee', name: 'Taylor Trainee' } });
      expect(trainee.lastSignInAt).toEqual(now);
      expect(await audit()).toEqual([
        expect.objectContaining({ action: 'sign-in', actorId: trainee.id, targetUserId: trainee.id, details: { via: 'sso' }, address: '203.0.113.9' }),
      ]);
    });

    it('takes a provider that does not send email_verified at its word, but refuses one that says it is not verified', async () => {
      expect(await signInWithSso(database.db, { email: 'trainer@frontline.test' }, context(false))).toMatchObject({ outcome: 'signed-in' });
      expect(await signInWithSso(database.db, { email: 'trainer@frontline.test', email_verified: false }, context(true))).toEqual({ outcome: 'refused', reason: 'sso-unverified' });
      expect(await signInWithSso(database.db, { email: 'trainer@frontline.test', email_verified: 'false' }, context(true))).toEqual({
        outcome: 'refused',
        reason: 'sso-unverified',
      });
      expect(await signInWithSso(database.db, { name: 'No Email' }, context(true))).toEqual({ outcome: 'refused', reason: 'sso-unverified' });
      expect(await signInWithSso(database.db, { email: 'not an email', email_verified: true }, context(true))).toEqual({ outcome: 'refused', reason: 'sso-unverified' });
      expect((await audit()).slice(1)).toEqual([
        expect.objectContaining({ action: 'sign-in-failed', subject: 'trainer@frontline.test', details: { via: 'sso', reason: 'sso-unverified' } }),
        expect.objectContaining({ action: 'sign-in-failed', subject: 'trainer@frontline.test' }),
        expect.objectContaining({ action: 'sign-in-failed', subject: null }),
        expect.objectContaining({ action: 'sign-in-failed', subject: 'not an email' }),
      ]);
    });

    it('refuses an unknown email unless accounts are created on sign-in', async () => {
      expect(await signInWithSso(database.db, { email: 'new.starter@frontline.test', email_verified: true, name: 'New Starter' }, context(false))).toEqual({
        outcome: 'refused',
        reason: 'sso-unknown',
      });
      expect(await byEmail('new.starter@frontline.test')).toBeUndefined();
      expect(await audit()).toEqual([expect.objectContaining({ action: 'sign-in-failed', subject: 'new.starter@frontline.test', details: { via: 'sso', reason: 'sso-unknown' } })]);
    });

    it('creates an unknown email as a trainee when asked, once', async () => {
      const result = await signInWithSso(database.db, { email: 'New.Starter@frontline.test', email_verified: true, name: '  New Starter ' }, context(true));
      const created = (await byEmail('new.starter@frontline.test'))!;
      expect(result).toMatchObject({ outcome: 'signed-in', created: true, user: { id: created.id } });
      expect(created).toMatchObject({ role: 'trainee', name: 'New Starter', active: true, passwordHash: null, demo: false, lastSignInAt: now, startDate: '2030-01-01' });
      // One transaction: both entries carry the same time, so their order is not defined.
      const entries = await audit();
      expect(entries).toHaveLength(2);
      expect(entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'user-created',
            actorId: null,
            targetUserId: created.id,
            subject: 'new.starter@frontline.test',
            details: { via: 'sso', role: 'trainee' },
          }),
          expect.objectContaining({ action: 'sign-in', actorId: created.id, details: { via: 'sso' } }),
        ]),
      );
      expect(await signInWithSso(database.db, { email: 'new.starter@frontline.test', name: 'Renamed' }, context(true))).toMatchObject({
        outcome: 'signed-in',
        created: false,
        user: { id: created.id, name: 'New Starter' },
      });
      // Without a name from the provider, the part of the email before the @.
      expect(await signInWithSso(database.db, { email: 'nameless@frontline.test' }, context(true))).toMatchObject({ user: { name: 'nameless' } });
    });

    it('two first sign-ins at once make one account', async () => {
      const claims = { email: 'twice@frontline.test', email_verified: true };
      const results = await Promise.all([signInWithSso(database.db, claims, context(true)), signInWithSso(database.db, claims, context(true))]);
      expect(results.map((r) => r.outcome)).toEqual(['signed-in', 'signed-in']);
      expect(await database.db.select().from(users).where(eq(users.email, 'twice@frontline.test'))).toHaveLength(1);
    });

    it('refuses a deactivated account, even when accounts are created on sign-in', async () => {
      await database.db.update(users).set({ active: false }).where(eq(users.email, 'hr@frontline.test'));
      const hr = (await byEmail('hr@frontline.test'))!;
      expect(await signInWithSso(database.db, { email: 'hr@frontline.test', email_verified: true }, context(true))).toEqual({ outcome: 'refused', reason: 'sso-inactive' });
      expect((await byEmail('hr@frontline.test'))!.active).toBe(false);
      expect(await audit()).toEqual([expect.objectContaining({ action: 'sign-in-failed', targetUserId: hr.id, details: { via: 'sso', reason: 'sso-inactive' } })]);
    });
  });
}
