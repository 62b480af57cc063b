import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { updatePersonBody } from './schemas';
import { updateUser } from './accounts';
import { createPasswordLink, LINK_LIFETIME_MS, passwordLinkStatus } from './password-links';
import { passwordLinks, users } from '../db/schema';
import { createTestDatabase, testBackends } from '../test-support/databases';
import { failure, usePeopleDatabase } from '../test-support/people';

describe.each(testBackends())('accounts on %s', (kind) => {
  const people = usePeopleDatabase(kind);
  const { db, uniqueEmail, reload, auditOf, newTrainee } = people;

  describe('creating people', () => {
    it('creates an account without a password and a one-time link, both audited', async () => {
      const { user, link } = await newTrainee(people.admin, { role: 'trainer', team: 'Billing', startDate: '2026-04-01', name: '  Rae Tan ' });
      expect(user).toMatchObject({ name: 'Rae Tan', role: 'trainer', team: 'Billing', startDate: '2026-04-01', active: true, hasPassword: false });
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [stored] = await db().select().from(passwordLinks).where(eq(passwordLinks.userId, user.id));
      // Only a hash of the token is kept.
      expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(link.token);
      expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(LINK_LIFETIME_MS);
      expect((await auditOf(user.id)).map((e) => [e.action, e.actorId, e.details])).toEqual([
        ['user-created', people.admin.id, { role: 'trainer' }],
        ['password-link-created', people.admin.id, { purpose: 'new-account', expiresAt: link.expiresAt.toISOString() }],
      ]);
    });

    it('lets HR create trainees only', async () => {
      const { user } = await newTrainee(people.hr);
      expect(user.role).toBe('trainee');
      const refused = await failure(newTrainee(people.hr, { role: 'trainer' }));
      expect([refused.status, refused.message]).toEqual([403, 'HR can create trainee accounts only. Ask an administrator to create a trainer, HR or admin account.']);
      expect((await failure(newTrainee(people.trainer))).status).toBe(403);
    });

    it('refuses an email that already has an account, in any case', async () => {
      const email = uniqueEmail('taken');
      await newTrainee(people.admin, { email });
      const refused = await failure(newTrainee(people.admin, { email: email.toUpperCase() }));
      expect([refused.status, refused.message]).toEqual([409, `An account with ${email} already exists.`]);
    });
  });

  describe('changing people', () => {
    it('changes a role at once and records it', async () => {
      const { user } = await newTrainee();
      const updated = await updateUser(db(), people.admin, user.id, updatePersonBody.parse({ role: 'hr' }));
      expect(updated.role).toBe('hr');
      // The session check reads the user on every request, so this is the role from now on.
      expect((await reload(user.id)).role).toBe('hr');
      expect((await auditOf(user.id)).filter((e) => e.action === 'role-changed').map((e) => e.details)).toEqual([{ from: 'trainee', to: 'hr' }]);
    });

    it('deactivation ends every session and voids unused links; reactivation is recorded', async () => {
      const { user, link } = await newTrainee();
      const before = await reload(user.id);
      await updateUser(db(), people.admin, user.id, { active: false });
      const after = await reload(user.id);
      expect(after.active).toBe(false);
      expect(after.tokenVersion).toBe(before.tokenVersion + 1);
      expect(await passwordLinkStatus(db(), link.token)).toEqual({ state: 'expired' });
      expect((await failure(createPasswordLink(db(), people.admin, user.id))).status).toBe(409);
      await updateUser(db(), people.admin, user.id, { active: true });
      expect((await reload(user.id)).active).toBe(true);
      expect((await auditOf(user.id)).map((e) => e.action)).toEqual(['user-created', 'password-link-created', 'user-deactivated', 'user-reactivated']);
    });

    it('records which details changed, and nothing when nothing did', async () => {
      const { user } = await newTrainee(people.admin, { team: 'Billing' });
      await updateUser(db(), people.hr, user.id, updatePersonBody.parse({ name: 'New Name', team: '', startDate: '2026-05-04' }));
      expect(await reload(user.id)).toMatchObject({ name: 'New Name', team: null, startDate: '2026-05-04' });
      await updateUser(db(), people.hr, user.id, updatePersonBody.parse({ name: 'New Name' }));
      expect((await auditOf(user.id)).filter((e) => e.action === 'user-updated').map((e) => e.details)).toEqual([{ fields: ['name', 'team', 'startDate'] }]);
    });

    it('lets HR change trainees’ details only', async () => {
      const { user } = await newTrainee();
      expect((await failure(updateUser(db(), people.hr, user.id, { role: 'trainer' }))).message).toBe(
        'Only an administrator can change roles or deactivate and reactivate accounts.',
      );
      expect((await failure(updateUser(db(), people.hr, user.id, { active: false }))).status).toBe(403);
      expect((await failure(updateUser(db(), people.hr, people.trainer.id, { name: 'Renamed' }))).message).toBe(
        'HR can change trainee accounts only. Ask an administrator to change this account.',
      );
      expect((await failure(updateUser(db(), people.trainer, user.id, { name: 'Renamed' }))).status).toBe(403);
      expect((await reload(people.trainer.id)).name).not.toBe('Renamed');
    });

    it('never lets an admin remove their own access, nor the last active admin lose theirs', async () => {
      const demoteSelf = await failure(updateUser(db(), people.admin, people.admin.id, { role: 'hr' }));
      expect([demoteSelf.status, demoteSelf.code]).toEqual([400, 'own-access']);
      expect((await failure(updateUser(db(), people.admin, people.admin.id, { active: false }))).message).toMatch(/^You cannot deactivate your own account/);
      // An admin may still change their own details.
      expect((await updateUser(db(), people.admin, people.admin.id, { team: 'Operations' })).team).toBe('Operations');

      const solo = await createTestDatabase(kind);
      try {
        const [first, second] = await solo.db
          .insert(users)
          .values([
            { name: 'First Admin', email: 'first@example.test', role: 'admin' },
            { name: 'Second Admin', email: 'second@example.test', role: 'admin' },
          ])
          .returning();
        await updateUser(solo.db, first!, second!.id, { role: 'trainer' });
        // `second`'s view of themself is stale: they are no longer an admin, and `first` is the last one.
        const last = await failure(updateUser(solo.db, { ...second!, role: 'admin' }, first!.id, { active: false }));
        expect([last.status, last.message]).toEqual([400, 'First Admin is the last active administrator. Make someone else an administrator first.']);
        expect((await solo.db.select().from(users).where(eq(users.id, first!.id)))[0]!.active).toBe(true);
      } finally {
        await solo.dispose();
      }
      await updateUser(db(), people.admin, people.otherAdmin.id, { role: 'hr' });
      await updateUser(db(), people.admin, people.otherAdmin.id, { role: 'admin' });
    });

    it('answers 404 for a missing person', async () => {
      expect((await failure(updateUser(db(), people.admin, '00000000-0000-0000-0000-000000000000', { name: 'X' }))).status).toBe(404);
    });
  });
});
