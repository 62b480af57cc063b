import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { organisationProfile, removeLogo, saveLogo, saveOrganisationDetails } from './settings';
import { organisationDetailsBody, logoBody } from './schemas';
import { JPEG_LOGO, pngOf } from './test-fixtures/images';

describe('the organisation settings’ bodies', () => {
  it('take one-line texts, empty meaning unset, and refuse anything else naming the field', () => {
    expect(organisationDetailsBody.parse({ name: '  Acme  ', signatoryName: '', signatoryTitle: '' })).toEqual({ name: 'Acme', signatoryName: '', signatoryTitle: '' });
    const refused = (body: unknown) => organisationDetailsBody.safeParse(body).error?.issues[0];
    expect(refused({ name: 'Acme\nLtd', signatoryName: '', signatoryTitle: '' })).toMatchObject({
      path: ['name'],
      message: 'the organisation’s name must be one line, without control characters',
    });
    expect(refused({ name: 'x'.repeat(121), signatoryName: '', signatoryTitle: '' })?.path).toEqual(['name']);
    expect(refused({ name: 'Acme', signatoryName: '', signatoryTitle: '', extra: 1 })).toBeDefined();
    expect(logoBody.safeParse({ image: 'not base64!' }).error?.issues[0]?.message).toBe('image must be the file’s bytes in base64');
  });
});

describe.each(testBackends())('the organisation settings on %s', (kind) => {
  let database: TestDatabase;
  let admin: User;
  const db = () => database.db;
  const actor = () => ({ id: admin.id, address: '203.0.113.9' });
  const audits = () => db().select().from(auditLog).where(eq(auditLog.action, 'organisation-changed')).orderBy(asc(auditLog.at), asc(auditLog.id));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    admin = (
      await db()
        .insert(users)
        .values({ name: 'Ada Admin', email: `org-${kind}@example.test`, role: 'admin' })
        .returning()
    )[0]!;
  });
  afterAll(() => database?.dispose());

  it('uses the environment’s name until an admin sets one, and audits each field that changed, from and to', async () => {
    expect(await organisationProfile(db())).toMatchObject({ name: 'Frontline', nameSet: null, defaultName: 'Frontline', signatory: null, logo: null });
    await saveOrganisationDetails(db(), actor(), { name: 'Acme Ladders', signatoryName: 'Priya Natarajan', signatoryTitle: '' });
    expect(await organisationProfile(db())).toMatchObject({ name: 'Acme Ladders', nameSet: 'Acme Ladders', signatory: { name: 'Priya Natarajan', title: null } });
    // The same again changes nothing and records nothing.
    await saveOrganisationDetails(db(), actor(), { name: 'Acme Ladders', signatoryName: 'Priya Natarajan', signatoryTitle: '' });
    await saveOrganisationDetails(db(), actor(), { name: 'Acme Ladders', signatoryName: 'Priya Natarajan', signatoryTitle: 'Head of Service' });
    const entries = await audits();
    expect(entries.map((e) => [e.actorId, e.subject, e.details, e.address])).toEqual([
      [admin.id, 'details', { name: { from: null, to: 'Acme Ladders' }, signatoryName: { from: null, to: 'Priya Natarajan' } }, '203.0.113.9'],
      [admin.id, 'details', { signatoryTitle: { from: null, to: 'Head of Service' } }, '203.0.113.9'],
    ]);
  });

  it('stores a checked logo, refuses a bad one without changing anything, and removes it, each audited', async () => {
    await saveLogo(db(), actor(), JPEG_LOGO);
    expect((await organisationProfile(db())).logo).toMatchObject({ type: 'image/jpeg', width: 240, height: 96 });
    expect((await organisationProfile(db())).logo!.bytes.equals(JPEG_LOGO)).toBe(true);
    const before = (await audits()).length;
    await expect(saveLogo(db(), actor(), Buffer.from('GIF89a-----------', 'latin1'))).rejects.toBeInstanceOf(HttpError);
    await expect(saveLogo(db(), actor(), pngOf(20, 20, { width: 64, height: 64 }))).rejects.toMatchObject({ status: 400 });
    expect((await organisationProfile(db())).logo).toMatchObject({ type: 'image/jpeg' });
    expect(await audits()).toHaveLength(before);
    await saveLogo(db(), actor(), pngOf(100, 40));
    await removeLogo(db(), actor());
    await removeLogo(db(), actor());
    expect((await organisationProfile(db())).logo).toBeNull();
    expect((await audits()).slice(before).map((e) => [e.subject, e.details])).toEqual([
      ['logo', { logo: 'replaced', type: 'image/png', width: 100, height: 40, bytes: pngOf(100, 40).length }],
      ['logo', { logo: 'removed' }],
    ]);
    // The name survives the logo's changes.
    expect((await organisationProfile(db())).name).toBe('Acme Ladders');
  });
});
