import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { updatePersonBody } from './schemas';
import { updateUser } from './accounts';
import { createPasswordLink, passwordLinkStatus, setPasswordUrl, setPasswordWithLink } from './password-links';
import { verifyPassword } from '../auth/passwords';
import { users } from '../db/schema';
import type { HttpError } from '../platform/errors';
import { testBackends } from '../test-support/databases';
import { failure, GOOD_PASSWORD, usePeopleDatabase } from '../test-support/people';
import { authenticate } from '../auth/sign-in';
import { publicOrigin } from '../platform/site-origin';

describe('setPasswordUrl', () => {
  it('builds the link on the site’s public address (see site-origin.test.ts for how that is found)', () => {
    // Next's request.url always says localhost; the address is the one the browser used, unless one is configured.
    const request = new Request('http://localhost:3000/api/admin/users', { headers: { host: '10.0.0.5:3000' } });
    expect(setPasswordUrl('abc', request)).toBe(`${publicOrigin(request)}/set-password/abc`);
    expect(publicOrigin(request)).not.toBe('http://localhost:3000');
    expect(setPasswordUrl('abc')).toBe(`${publicOrigin()}/set-password/abc`);
  });
});

describe.each(testBackends())('set-password links on %s', (kind) => {
  const people = usePeopleDatabase(kind);
  const { db, uniqueEmail, insertUser, reload, auditOf, newTrainee } = people;

  describe('set-password links', () => {
    it('set the password once, end other sessions, and are audited', async () => {
      const { user, link } = await newTrainee();
      const before = await reload(user.id);
      expect(await passwordLinkStatus(db(), link.token)).toMatchObject({ state: 'valid', name: user.name, email: user.email, purpose: 'new-account' });
      expect(await setPasswordWithLink(db(), link.token, GOOD_PASSWORD, { address: '203.0.113.9' })).toEqual({ email: user.email });
      const after = await reload(user.id);
      expect(await verifyPassword(after.passwordHash!, GOOD_PASSWORD)).toBe(true);
      expect(after.tokenVersion).toBe(before.tokenVersion + 1);
      expect((await authenticate(db(), user.email, GOOD_PASSWORD))?.id).toBe(user.id);
      const entry = (await auditOf(user.id)).find((e) => e.action === 'password-set');
      expect(entry).toMatchObject({ actorId: user.id, address: '203.0.113.9', details: { purpose: 'new-account' } });

      const again = await failure(setPasswordWithLink(db(), link.token, 'another long password'));
      expect([again.status, again.code]).toEqual([410, 'link-used']);
      expect(await passwordLinkStatus(db(), link.token)).toEqual({ state: 'used' });
    });

    it('refuse a weak password with the reason and leave the link usable', async () => {
      const { user, link } = await newTrainee(people.admin, { email: uniqueEmail('mara.quinn') });
      const common = await failure(setPasswordWithLink(db(), link.token, 'qwerty123456'));
      expect(common.status).toBe(400);
      expect(common.message).toBe('This password would be guessed too quickly. This is a commonly used password. Try three or four unrelated words, or add some to it.');
      expect((await failure(setPasswordWithLink(db(), link.token, 'too short'))).message).toBe('Use at least 12 characters; this password has 9.');
      expect((await failure(setPasswordWithLink(db(), link.token, `${user.email.split('@')[0]}!!`))).message).toMatch(/contains your email address/);
      expect((await reload(user.id)).passwordHash).toBeNull();
      await setPasswordWithLink(db(), link.token, GOOD_PASSWORD);
    });

    it('refuse an unknown, malformed or expired link', async () => {
      const unknown = await failure(setPasswordWithLink(db(), 'A'.repeat(43), GOOD_PASSWORD));
      expect([unknown.status, unknown.code]).toEqual([400, 'link-unknown']);
      expect((await failure(setPasswordWithLink(db(), '../../etc', GOOD_PASSWORD))).code).toBe('link-unknown');
      const { link } = await newTrainee();
      const later = new Date(link.expiresAt.getTime() + 1000);
      const expired = await failure(setPasswordWithLink(db(), link.token, GOOD_PASSWORD, { now: later }));
      expect([expired.status, expired.code]).toEqual([410, 'link-expired']);
      expect(await passwordLinkStatus(db(), link.token, later)).toEqual({ state: 'expired' });
    });

    it('can be used by only one of two simultaneous requests', async () => {
      const { user, link } = await newTrainee();
      const results = await Promise.allSettled([
        setPasswordWithLink(db(), link.token, 'first simultaneous password'),
        setPasswordWithLink(db(), link.token, 'second simultaneous password'),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((rejected.reason as HttpError).code).toBe('link-used');
      expect((await auditOf(user.id)).filter((e) => e.action === 'password-set')).toHaveLength(1);
    });

    it('void the earlier unused link when a new one is made, and keep the old password until used', async () => {
      const { user, link: first } = await newTrainee();
      await setPasswordWithLink(db(), first.token, GOOD_PASSWORD);
      const second = await createPasswordLink(db(), people.admin, user.id);
      const third = await createPasswordLink(db(), people.admin, user.id);
      expect((await failure(setPasswordWithLink(db(), second.token, 'a brand new password'))).code).toBe('link-expired');
      expect((await authenticate(db(), user.email, GOOD_PASSWORD))?.id).toBe(user.id);
      expect(await passwordLinkStatus(db(), third.token)).toMatchObject({ state: 'valid', purpose: 'reset' });
      await setPasswordWithLink(db(), third.token, 'a brand new password');
      expect(await authenticate(db(), user.email, GOOD_PASSWORD)).toBeNull();
      expect((await authenticate(db(), user.email, 'a brand new password'))?.id).toBe(user.id);
    });

    it('are made by admins for anyone and by HR for trainees only', async () => {
      const { user: trainee } = await newTrainee();
      expect((await createPasswordLink(db(), people.hr, trainee.id)).token).toBeTruthy();
      expect((await failure(createPasswordLink(db(), people.hr, people.trainer.id))).status).toBe(403);
      expect((await failure(createPasswordLink(db(), people.trainer, trainee.id))).status).toBe(403);
      expect((await createPasswordLink(db(), people.admin, people.trainer.id)).token).toBeTruthy();
      expect((await failure(createPasswordLink(db(), people.admin, '00000000-0000-0000-0000-000000000000'))).status).toBe(404);
      expect((await failure(createPasswordLink(db(), people.admin, 'not-an-id'))).status).toBe(404);
    });
    it('stop working when the person is given another role, so HR cannot keep a way into an admin account', async () => {
      const { user: trainee, link: newAccountLink } = await newTrainee(people.hr);
      const resetLink = await createPasswordLink(db(), people.hr, trainee.id);
      await updateUser(db(), people.admin, trainee.id, updatePersonBody.parse({ role: 'admin' }));
      for (const link of [newAccountLink, resetLink]) {
        expect(await passwordLinkStatus(db(), link.token)).toEqual({ state: 'expired' });
        expect((await failure(setPasswordWithLink(db(), link.token, GOOD_PASSWORD))).status).toBe(410);
      }
      expect((await reload(trainee.id)).passwordHash).toBeNull();
      // The admin's own new link works.
      const adminsLink = await createPasswordLink(db(), people.admin, trainee.id);
      await setPasswordWithLink(db(), adminsLink.token, GOOD_PASSWORD);
      expect((await authenticate(db(), trainee.email, GOOD_PASSWORD))?.role).toBe('admin');
    });

    it("check at use that their maker may still manage the person: not after the person's role or the maker's changed", async () => {
      // The person's role changed by another way than updateUser (a restored backup, a manual fix):
      // the check at use still refuses HR's link.
      const { user: promoted, link: hrLink } = await newTrainee(people.hr);
      await db().update(users).set({ role: 'hr' }).where(eq(users.id, promoted.id));
      expect(await passwordLinkStatus(db(), hrLink.token)).toEqual({ state: 'revoked' });
      const revoked = await failure(setPasswordWithLink(db(), hrLink.token, GOOD_PASSWORD));
      expect([revoked.status, revoked.code]).toEqual([410, 'link-revoked']);
      expect((await reload(promoted.id)).passwordHash).toBeNull();

      // The maker lost the right: an HR officer made a trainer, or deactivated.
      const formerHr = await insertUser('hr');
      const { user: trainee, link: formerHrLink } = await newTrainee(formerHr);
      await updateUser(db(), people.admin, formerHr.id, updatePersonBody.parse({ role: 'trainer' }));
      expect((await failure(setPasswordWithLink(db(), formerHrLink.token, GOOD_PASSWORD))).code).toBe('link-revoked');
      const leavingHr = await insertUser('hr');
      const { link: leavingHrLink } = await newTrainee(leavingHr);
      await updateUser(db(), people.admin, leavingHr.id, { active: false });
      expect(await passwordLinkStatus(db(), leavingHrLink.token)).toEqual({ state: 'revoked' });

      // A link whose maker may still manage the person works, HR's for a trainee included.
      const stillHr = await createPasswordLink(db(), people.hr, trainee.id);
      await setPasswordWithLink(db(), stillHr.token, GOOD_PASSWORD);
      expect((await authenticate(db(), trainee.email, GOOD_PASSWORD))?.id).toBe(trainee.id);
    });
  });
});
