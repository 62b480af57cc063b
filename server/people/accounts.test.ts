import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonBody, updatePersonBody } from './schemas';
import {
  checkNewHiresCsv,
  createPasswordLink,
  createUser,
  IMPORT_MAX_ROWS,
  importUsersFromCsv,
  LINK_LIFETIME_MS,
  listUsers,
  passwordLinkStatus,
  passwordProblem,
  setPasswordUrl,
  setPasswordWithLink,
  updateUser,
  userDetail,
} from './accounts';
import { verifyPassword } from '../auth/passwords';
import { auditLog, passwordLinks, users, type Role, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { authenticate } from '../auth/sign-in';

const GOOD_PASSWORD = 'correct horse battery staple';

/** The HttpError a promise rejects with, to assert its status and message. */
async function failure(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('passwordProblem', () => {
  const person = { email: 'jordan.lee@example.test', name: 'Jordan Lee' };

  it('accepts a long, unpredictable password with no composition rules', () => {
    expect(passwordProblem(GOOD_PASSWORD, person)).toBeNull();
    expect(passwordProblem('harbour lantern evening', person)).toBeNull();
    expect(passwordProblem('blue-river-otter-42', person)).toBeNull();
  });

  it('refuses what would be guessed quickly by a full estimate: repeats, keyboard runs, the site’s own words, the demo password', () => {
    for (const weak of [' '.repeat(12), 'aaaaaaaaaaaa', 'aaaaaaaaaaaaaaaaaaaaab', 'qwertyuiopas', 'frontline-demo', 'Frontline2026!', 'Password1234', '123456789012', 'abcdefghijkl']) {
      expect(passwordProblem(weak, person), JSON.stringify(weak)).toMatch(/^This password would be guessed too quickly\./);
    }
    expect(passwordProblem('aaaaaaaaaaaa', person)).toContain('Repeated characters');
  });

  it('refuses one under 12 characters or over 256, saying how long it is', () => {
    expect(passwordProblem('short pass', person)).toBe('Use at least 12 characters; this password has 10.');
    expect(passwordProblem('x'.repeat(257), person)).toBe('Use at most 256 characters; this password has 257.');
    // Characters, not bytes or UTF-16 units.
    expect(passwordProblem('🔑'.repeat(11), person)).toMatch(/this password has 11/);
  });

  it('refuses a common password from the maintained lists, whatever its case', () => {
    for (const common of ['qwerty123456', 'QWERTY123456', '1q2w3e4r5t6y', 'leavemealone']) {
      expect(passwordProblem(common, person), common).toMatch(/^This password would be guessed too quickly\./);
    }
  });

  it("refuses one containing the person's email name or equal to their name", () => {
    expect(passwordProblem('my Jordan.Lee password', person)).toMatch(/contains your email address/);
    expect(passwordProblem('Jordan Lee Jordan', person)).toBeNull();
    // The name's parts count as known to an attacker.
    expect(passwordProblem('jordan123456', person)).toMatch(/guessed too quickly/);
    expect(passwordProblem('jordanleejordanlee', { ...person, name: 'Jordan Lee Jordan Lee' })).toMatch(/is your name/);
  });
});

describe('checkNewHiresCsv', () => {
  it('refuses a file of more lines than its people could need before parsing it, so a megabyte of blank lines cannot hold the server', () => {
    const blank = checkNewHiresCsv(`name,email\n${'\n'.repeat(999_000)}`);
    expect(blank.ok).toBe(false);
    expect(blank.errors).toEqual([{ line: null, reason: expect.stringMatching(/^The file has more than 20,000 lines/) }]);
    expect(checkNewHiresCsv(`name,email\r${'\r'.repeat(30_000)}`).errors[0]!.reason).toMatch(/^The file has more than 20,000 lines/);
    // The last allowed line count still parses.
    const edge = checkNewHiresCsv(`name,email\nAna,ana@example.test${'\n'.repeat(20_000 - 2)}`);
    expect(edge).toMatchObject({ ok: true, rows: [{ email: 'ana@example.test' }] });
  });

  it('refuses a NUL on the line it is on, before anything could try to store it', () => {
    const check = checkNewHiresCsv('name,email\nAna,ana@example.test\nBen\u0000,ben@example.test\n');
    expect(check.ok).toBe(false);
    expect(check.rows).toEqual([]);
    expect(check.errors).toEqual([{ line: 3, reason: expect.stringMatching(/^This line has a NUL character, which cannot be stored/) }]);
  });

  it('reads a header in any order and spelling, quoted values, a BOM and semicolons', () => {
    const csv = '\uFEFFStart_Date;E-Mail; NAME ;team\r\n2026-03-02;Ana@Example.test;"Ana; Ruiz";Billing\r\n;ben@example.test;Ben Ode;\r\n';
    const check = checkNewHiresCsv(csv);
    expect(check.errors).toEqual([]);
    expect(check.rows).toEqual([
      { line: 2, name: 'Ana; Ruiz', email: 'ana@example.test', team: 'Billing', startDate: '2026-03-02' },
      { line: 3, name: 'Ben Ode', email: 'ben@example.test', team: null, startDate: null },
    ]);
  });

  it('reports every bad row with the line it starts on, counting lines inside quoted values', () => {
    const csv = [
      'name,email,team,start date',
      '"Cleo',
      'Marsh",cleo@example.test,Support,2026-01-05',
      ',nobody@example.test,,',
      'Dan Wu,not-an-email,,',
      '',
      'Eve Sol,eve@example.test,,2026-02-30',
      'Fay Ng,fay@example.test,,05/01/2026',
      'Gus Ray,CLEO@example.test,,',
      'Hal Oy,hal@example.test,Support,2026-01-05,surplus',
    ].join('\n');
    const check = checkNewHiresCsv(csv);
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual([
      { line: 4, reason: 'The name is empty.' },
      { line: 5, reason: '"not-an-email" is not an email address.' },
      { line: 7, reason: 'The start date "2026-02-30" is not a real date.' },
      { line: 8, reason: 'The start date "05/01/2026" is not written YYYY-MM-DD.' },
      { line: 9, reason: 'The email cleo@example.test is also on line 2.' },
      { line: 10, reason: 'It has 5 values but the header names 4 columns (put a value that contains a comma in double quotes).' },
    ]);
    expect(check.rows.map((r) => r.line)).toEqual([2, 4, 5, 7, 8, 9, 10]);
  });

  it('explains a header that is missing, unknown or incomplete', () => {
    expect(checkNewHiresCsv('Ana Ruiz,ana@example.test\n').errors).toEqual([
      { line: 1, reason: 'The first line must name the columns (name, email, team, start date), but it looks like a person; add a header line above it.' },
    ]);
    expect(checkNewHiresCsv('name,email,department\nAna,ana@example.test,x\n').errors).toEqual([
      { line: 1, reason: 'Unknown column "department" (the columns are name, email, team, start date).' },
    ]);
    expect(checkNewHiresCsv('name,team\nAna,x\n').errors).toEqual([{ line: 1, reason: 'There is no "email" column (the columns are name, email, team, start date).' }]);
    expect(checkNewHiresCsv('name,email,Email\nAna,a@example.test,b@example.test\n').errors).toEqual([{ line: 1, reason: 'The column "email" appears twice.' }]);
  });

  it('reports an empty file, a header alone, an unclosed quote, and files over the limits', () => {
    expect(checkNewHiresCsv(' \n').errors).toEqual([{ line: null, reason: 'The file is empty. Its first line names the columns: name, email, team, start date.' }]);
    expect(checkNewHiresCsv('name,email\n\n').errors).toEqual([{ line: null, reason: 'The file has a header line but nobody below it.' }]);
    const unclosed = checkNewHiresCsv('name,email\nAna,ana@example.test\n"Ben,ben@example.test\nCy,cy@example.test\n');
    expect(unclosed.errors).toEqual([{ line: 3, reason: 'A quoted value is never closed (a " is missing), so the lines after it cannot be read; the email is empty.' }]);
    const many = ['name,email', ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `P${i},p${i}@example.test`)].join('\n');
    expect(checkNewHiresCsv(many).errors).toEqual([{ line: null, reason: 'The file has more than 5,000 people; import at most 5,000 at a time.' }]);
    expect(checkNewHiresCsv(`name,email\n${'x'.repeat(1_000_001)}`).errors[0]!.reason).toMatch(/^The file is 1\.0 MB; import at most 1 MB/);
  });
});

describe.each(testBackends())('accounts on %s', (kind) => {
  let database: TestDatabase;
  let admin: User;
  let otherAdmin: User;
  let hr: User;
  let trainer: User;
  const db = () => database.db;
  let sequence = 0;
  const uniqueEmail = (stem: string) => `${stem}-${++sequence}@example.test`;

  async function insertUser(role: Role, extra: Partial<typeof users.$inferInsert> = {}): Promise<User> {
    const [user] = await db()
      .insert(users)
      .values({ name: `${role} ${sequence}`, email: uniqueEmail(role), role, ...extra })
      .returning();
    return user!;
  }
  const reload = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0]!;
  const auditOf = (targetUserId: string) => db().select().from(auditLog).where(eq(auditLog.targetUserId, targetUserId)).orderBy(auditLog.at);
  const newTrainee = (by: User = admin, fields: Partial<{ name: string; email: string; role: Role; team: string; startDate: string }> = {}) =>
    createUser(db(), by, createPersonBody.parse({ name: 'Trainee Person', email: uniqueEmail('trainee'), ...fields }));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    admin = await insertUser('admin');
    otherAdmin = await insertUser('admin');
    hr = await insertUser('hr');
    trainer = await insertUser('trainer');
  });
  afterAll(() => database?.dispose());

  describe('creating people', () => {
    it('creates an account without a password and a one-time link, both audited', async () => {
      const { user, link } = await newTrainee(admin, { role: 'trainer', team: 'Billing', startDate: '2026-04-01', name: '  Rae Tan ' });
      expect(user).toMatchObject({ name: 'Rae Tan', role: 'trainer', team: 'Billing', startDate: '2026-04-01', active: true, hasPassword: false });
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const [stored] = await db().select().from(passwordLinks).where(eq(passwordLinks.userId, user.id));
      // Only a hash of the token is kept.
      expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(link.token);
      expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(LINK_LIFETIME_MS);
      expect((await auditOf(user.id)).map((e) => [e.action, e.actorId, e.details])).toEqual([
        ['user-created', admin.id, { role: 'trainer' }],
        ['password-link-created', admin.id, { purpose: 'new-account', expiresAt: link.expiresAt.toISOString() }],
      ]);
    });

    it('lets HR create trainees only', async () => {
      const { user } = await newTrainee(hr);
      expect(user.role).toBe('trainee');
      const refused = await failure(newTrainee(hr, { role: 'trainer' }));
      expect([refused.status, refused.message]).toEqual([403, 'HR can create trainee accounts only. Ask an administrator to create a trainer, HR or admin account.']);
      expect((await failure(newTrainee(trainer))).status).toBe(403);
    });

    it('refuses an email that already has an account, in any case', async () => {
      const email = uniqueEmail('taken');
      await newTrainee(admin, { email });
      const refused = await failure(newTrainee(admin, { email: email.toUpperCase() }));
      expect([refused.status, refused.message]).toEqual([409, `An account with ${email} already exists.`]);
    });

    it('builds the link on the public URL', () => {
      const previous = process.env.NEXTAUTH_URL;
      try {
        process.env.NEXTAUTH_URL = 'https://train.example.test/';
        const request = new Request('http://localhost:3000/api/admin/users', { headers: { host: '10.0.0.5:3000' } });
        expect(setPasswordUrl('abc', request)).toBe('https://train.example.test/set-password/abc');
        delete process.env.NEXTAUTH_URL;
        // Without a configured address: the one the browser used (Next's request.url always says localhost).
        expect(setPasswordUrl('abc', request)).toBe('http://10.0.0.5:3000/set-password/abc');
      } finally {
        if (previous === undefined) delete process.env.NEXTAUTH_URL;
        else process.env.NEXTAUTH_URL = previous;
      }
    });
  });

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
      const { user, link } = await newTrainee(admin, { email: uniqueEmail('mara.quinn') });
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
      const second = await createPasswordLink(db(), admin, user.id);
      const third = await createPasswordLink(db(), admin, user.id);
      expect((await failure(setPasswordWithLink(db(), second.token, 'a brand new password'))).code).toBe('link-expired');
      expect((await authenticate(db(), user.email, GOOD_PASSWORD))?.id).toBe(user.id);
      expect(await passwordLinkStatus(db(), third.token)).toMatchObject({ state: 'valid', purpose: 'reset' });
      await setPasswordWithLink(db(), third.token, 'a brand new password');
      expect(await authenticate(db(), user.email, GOOD_PASSWORD)).toBeNull();
      expect((await authenticate(db(), user.email, 'a brand new password'))?.id).toBe(user.id);
    });

    it('are made by admins for anyone and by HR for trainees only', async () => {
      const { user: trainee } = await newTrainee();
      expect((await createPasswordLink(db(), hr, trainee.id)).token).toBeTruthy();
      expect((await failure(createPasswordLink(db(), hr, trainer.id))).status).toBe(403);
      expect((await failure(createPasswordLink(db(), trainer, trainee.id))).status).toBe(403);
      expect((await createPasswordLink(db(), admin, trainer.id)).token).toBeTruthy();
      expect((await failure(createPasswordLink(db(), admin, '00000000-0000-0000-0000-000000000000'))).status).toBe(404);
      expect((await failure(createPasswordLink(db(), admin, 'not-an-id'))).status).toBe(404);
    });
    it('stop working when the person is given another role, so HR cannot keep a way into an admin account', async () => {
      const { user: trainee, link: newAccountLink } = await newTrainee(hr);
      const resetLink = await createPasswordLink(db(), hr, trainee.id);
      await updateUser(db(), admin, trainee.id, updatePersonBody.parse({ role: 'admin' }));
      for (const link of [newAccountLink, resetLink]) {
        expect(await passwordLinkStatus(db(), link.token)).toEqual({ state: 'expired' });
        expect((await failure(setPasswordWithLink(db(), link.token, GOOD_PASSWORD))).status).toBe(410);
      }
      expect((await reload(trainee.id)).passwordHash).toBeNull();
      // The admin's own new link works.
      const adminsLink = await createPasswordLink(db(), admin, trainee.id);
      await setPasswordWithLink(db(), adminsLink.token, GOOD_PASSWORD);
      expect((await authenticate(db(), trainee.email, GOOD_PASSWORD))?.role).toBe('admin');
    });

    it("check at use that their maker may still manage the person: not after the person's role or the maker's changed", async () => {
      // The person's role changed by another way than updateUser (a restored backup, a manual fix):
      // the check at use still refuses HR's link.
      const { user: promoted, link: hrLink } = await newTrainee(hr);
      await db().update(users).set({ role: 'hr' }).where(eq(users.id, promoted.id));
      expect(await passwordLinkStatus(db(), hrLink.token)).toEqual({ state: 'revoked' });
      const revoked = await failure(setPasswordWithLink(db(), hrLink.token, GOOD_PASSWORD));
      expect([revoked.status, revoked.code]).toEqual([410, 'link-revoked']);
      expect((await reload(promoted.id)).passwordHash).toBeNull();

      // The maker lost the right: an HR officer made a trainer, or deactivated.
      const formerHr = await insertUser('hr');
      const { user: trainee, link: formerHrLink } = await newTrainee(formerHr);
      await updateUser(db(), admin, formerHr.id, updatePersonBody.parse({ role: 'trainer' }));
      expect((await failure(setPasswordWithLink(db(), formerHrLink.token, GOOD_PASSWORD))).code).toBe('link-revoked');
      const leavingHr = await insertUser('hr');
      const { link: leavingHrLink } = await newTrainee(leavingHr);
      await updateUser(db(), admin, leavingHr.id, { active: false });
      expect(await passwordLinkStatus(db(), leavingHrLink.token)).toEqual({ state: 'revoked' });

      // A link whose maker may still manage the person works, HR's for a trainee included.
      const stillHr = await createPasswordLink(db(), hr, trainee.id);
      await setPasswordWithLink(db(), stillHr.token, GOOD_PASSWORD);
      expect((await authenticate(db(), trainee.email, GOOD_PASSWORD))?.id).toBe(trainee.id);
    });
  });

  describe('changing people', () => {
    it('changes a role at once and records it', async () => {
      const { user } = await newTrainee();
      const updated = await updateUser(db(), admin, user.id, updatePersonBody.parse({ role: 'hr' }));
      expect(updated.role).toBe('hr');
      // The session check reads the user on every request, so this is the role from now on.
      expect((await reload(user.id)).role).toBe('hr');
      expect((await auditOf(user.id)).filter((e) => e.action === 'role-changed').map((e) => e.details)).toEqual([{ from: 'trainee', to: 'hr' }]);
    });

    it('deactivation ends every session and voids unused links; reactivation is recorded', async () => {
      const { user, link } = await newTrainee();
      const before = await reload(user.id);
      await updateUser(db(), admin, user.id, { active: false });
      const after = await reload(user.id);
      expect(after.active).toBe(false);
      expect(after.tokenVersion).toBe(before.tokenVersion + 1);
      expect(await passwordLinkStatus(db(), link.token)).toEqual({ state: 'expired' });
      expect((await failure(createPasswordLink(db(), admin, user.id))).status).toBe(409);
      await updateUser(db(), admin, user.id, { active: true });
      expect((await reload(user.id)).active).toBe(true);
      expect((await auditOf(user.id)).map((e) => e.action)).toEqual(['user-created', 'password-link-created', 'user-deactivated', 'user-reactivated']);
    });

    it('records which details changed, and nothing when nothing did', async () => {
      const { user } = await newTrainee(admin, { team: 'Billing' });
      await updateUser(db(), hr, user.id, updatePersonBody.parse({ name: 'New Name', team: '', startDate: '2026-05-04' }));
      expect(await reload(user.id)).toMatchObject({ name: 'New Name', team: null, startDate: '2026-05-04' });
      await updateUser(db(), hr, user.id, updatePersonBody.parse({ name: 'New Name' }));
      expect((await auditOf(user.id)).filter((e) => e.action === 'user-updated').map((e) => e.details)).toEqual([{ fields: ['name', 'team', 'startDate'] }]);
    });

    it('lets HR change trainees’ details only', async () => {
      const { user } = await newTrainee();
      expect((await failure(updateUser(db(), hr, user.id, { role: 'trainer' }))).message).toBe('Only an administrator can change roles or deactivate and reactivate accounts.');
      expect((await failure(updateUser(db(), hr, user.id, { active: false }))).status).toBe(403);
      expect((await failure(updateUser(db(), hr, trainer.id, { name: 'Renamed' }))).message).toBe('HR can change trainee accounts only. Ask an administrator to change this account.');
      expect((await failure(updateUser(db(), trainer, user.id, { name: 'Renamed' }))).status).toBe(403);
      expect((await reload(trainer.id)).name).not.toBe('Renamed');
    });

    it('never lets an admin remove their own access, nor the last active admin lose theirs', async () => {
      const demoteSelf = await failure(updateUser(db(), admin, admin.id, { role: 'hr' }));
      expect([demoteSelf.status, demoteSelf.code]).toEqual([400, 'own-access']);
      expect((await failure(updateUser(db(), admin, admin.id, { active: false }))).message).toMatch(/^You cannot deactivate your own account/);
      // An admin may still change their own details.
      expect((await updateUser(db(), admin, admin.id, { team: 'Operations' })).team).toBe('Operations');

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
      await updateUser(db(), admin, otherAdmin.id, { role: 'hr' });
      await updateUser(db(), admin, otherAdmin.id, { role: 'admin' });
    });

    it('answers 404 for a missing person', async () => {
      expect((await failure(updateUser(db(), admin, '00000000-0000-0000-0000-000000000000', { name: 'X' }))).status).toBe(404);
    });
  });

  describe('importing new hires', () => {
    const goodFile = (stem: string) => `name,email,team,start date\nIvy Ho,${stem}-ivy@example.test,Support,2026-06-01\nJon Pace,${stem}-jon@example.test,,\n`;

    it('checks without creating anyone, then creates everyone as trainees with links', async () => {
      const csv = goodFile('batch1');
      const countBefore = (await db().select().from(users)).length;
      const check = await importUsersFromCsv(db(), hr, csv, { commit: false });
      expect(check).toMatchObject({ ok: true, errors: [], created: [] });
      expect(check.rows.map((r) => r.email)).toEqual(['batch1-ivy@example.test', 'batch1-jon@example.test']);
      expect((await db().select().from(users)).length).toBe(countBefore);

      const result = await importUsersFromCsv(db(), hr, csv, { commit: true, address: '198.51.100.7' });
      expect(result.ok).toBe(true);
      expect(result.created.map((c) => [c.user.name, c.user.role, c.user.team, c.user.startDate])).toEqual([
        ['Ivy Ho', 'trainee', 'Support', '2026-06-01'],
        ['Jon Pace', 'trainee', null, null],
      ]);
      for (const { user, link } of result.created) expect(await passwordLinkStatus(db(), link.token)).toMatchObject({ state: 'valid', email: user.email });
      const [imported] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'users-imported'), eq(auditLog.actorId, hr.id)));
      expect(imported).toMatchObject({ details: { count: 2 }, address: '198.51.100.7' });
      expect((await auditOf(result.created[0]!.user.id)).map((e) => e.action)).toEqual(['user-created', 'password-link-created']);
    });

    it('creates nobody when a single row is bad, even when asked to commit', async () => {
      const countBefore = (await db().select().from(users)).length;
      const csv = `${goodFile('batch2')}Kim Lo,batch2-kim@example.test,,2026-13-01\n`;
      const result = await importUsersFromCsv(db(), admin, csv, { commit: true });
      expect(result).toMatchObject({ ok: false, created: [], errors: [{ line: 4, reason: 'The start date "2026-13-01" is not a real date.' }] });
      expect((await db().select().from(users)).length).toBe(countBefore);
      expect(await db().select().from(auditLog).where(and(eq(auditLog.action, 'users-imported'), eq(auditLog.actorId, admin.id)))).toEqual([]);
    });

    it('reports emails that already have an account, in both modes', async () => {
      const { user } = await newTrainee();
      const csv = `name,email\nLee Ma,batch3-lee@example.test\nTaken One,${user.email.toUpperCase()}\n`;
      for (const commit of [false, true]) {
        const result = await importUsersFromCsv(db(), admin, csv, { commit });
        expect(result.errors).toEqual([{ line: 3, reason: `An account with ${user.email} already exists.` }]);
      }
      // Reported together with the other problems of the file, and of the same line.
      const mixed = `name,email\n,batch3-x@example.test\nTaken One,${user.email}\nTaken Twice,${user.email}\n`;
      expect((await importUsersFromCsv(db(), admin, mixed, { commit: false })).errors).toEqual([
        { line: 2, reason: 'The name is empty.' },
        { line: 3, reason: `An account with ${user.email} already exists.` },
        { line: 4, reason: `The email ${user.email} is also on line 3; an account with ${user.email} already exists.` },
      ]);
      expect(await db().select().from(users).where(eq(users.email, 'batch3-lee@example.test'))).toEqual([]);
    });

    it('is for HR and admins only', async () => {
      expect((await failure(importUsersFromCsv(db(), trainer, goodFile('batch4'), { commit: true }))).status).toBe(403);
    });
  });

  describe('listing people', () => {
    beforeAll(async () => {
      for (const [name, team] of [
        ['Zed Alpha', 'Listing North'],
        ['Zed Beta', 'Listing North'],
        ['Zed Gamma', 'Listing South'],
      ] as const) {
        await newTrainee(admin, { name, team, email: uniqueEmail(`zed-${name.split(' ')[1]!.toLowerCase()}`) });
      }
    });

    it('searches names and emails, filters by role, team and status, and pages on the server', async () => {
      const byName = await listUsers(db(), hr, { search: 'zed ' });
      expect(byName.people.map((p) => p.name)).toEqual(['Zed Alpha', 'Zed Beta', 'Zed Gamma']);
      expect((await listUsers(db(), hr, { search: 'ZED-GAMMA' })).people.map((p) => p.name)).toEqual(['Zed Gamma']);
      // A % in a search is a character, not a wildcard.
      expect((await listUsers(db(), hr, { search: '%' })).total).toBe(0);
      expect((await listUsers(db(), hr, { search: 'zed', team: 'Listing North' })).total).toBe(2);
      expect((await listUsers(db(), hr, { role: 'trainer' })).people.every((p) => p.role === 'trainer')).toBe(true);
      expect(byName.teams).toEqual(expect.arrayContaining(['Listing North', 'Listing South']));

      const gamma = byName.people[2]!;
      await updateUser(db(), admin, gamma.id, { active: false });
      expect((await listUsers(db(), hr, { search: 'zed', status: 'active' })).people.map((p) => p.name)).toEqual(['Zed Alpha', 'Zed Beta']);
      expect((await listUsers(db(), hr, { search: 'zed', status: 'deactivated' })).people.map((p) => p.name)).toEqual(['Zed Gamma']);

      const second = await listUsers(db(), hr, { search: 'zed', pageSize: 2, page: 2 });
      expect([second.total, second.page, second.pageCount, second.people.map((p) => p.name)]).toEqual([3, 2, 2, ['Zed Gamma']]);
      expect((await listUsers(db(), hr, { search: 'zed', pageSize: 2, page: 99 })).page).toBe(2);
      expect(JSON.stringify(second)).not.toContain('passwordHash');
    });

    it('is refused to trainers and trainees', async () => {
      expect((await failure(listUsers(db(), trainer))).status).toBe(403);
    });

    it('shows the details, the pending link and what the reader may do', async () => {
      const { user } = await newTrainee();
      const forHr = await userDetail(db(), hr, user.id);
      expect(forHr.pendingLink?.purpose).toBe('new-account');
      expect(forHr.permissions).toEqual({ edit: true, changeRole: false, changeActive: false, createLink: true });
      expect((await userDetail(db(), hr, trainer.id)).permissions).toEqual({ edit: false, changeRole: false, changeActive: false, createLink: false });
      expect((await userDetail(db(), admin, admin.id)).permissions).toEqual({ edit: true, changeRole: false, changeActive: false, createLink: true });
      expect((await userDetail(db(), admin, trainer.id)).permissions).toEqual({ edit: true, changeRole: true, changeActive: true, createLink: true });
      expect((await failure(userDetail(db(), admin, '00000000-0000-0000-0000-000000000000'))).status).toBe(404);
    });
  });
});
