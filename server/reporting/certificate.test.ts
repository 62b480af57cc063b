import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { startAttempt, submitChoice } from '../training/attempts';
import { createAssignmentRule } from '../onboarding/assignments';
import { certificateFileName, certificateFor, renderCertificate, type CertificateData } from './certificate';
import { assignments, users, type User } from '../db/schema';
import { RecordNotFoundError } from '../platform/errors';
import { createModule } from '../onboarding/modules';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { saveLogo, saveOrganisationDetails } from '../organisation/settings';
import { JPEG_LOGO, pngOf } from '../organisation/test-fixtures/images';

/** The PDF's page count and its text, read back with a PDF parser. */
async function readPdf(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(document, { mergePages: true });
  // The parser joins lines with spaces or newlines depending on layout: compare on single spaces.
  return { pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

const SAMPLE: CertificateData = {
  certificateId: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
  userId: '0b7e1d2c-3a4f-4b5c-9d8e-7f6a5b4c3d2e',
  personName: 'Zoë Ångström-Łukasz',
  moduleTitle: 'Welcome calls: the first week',
  moduleVersion: 3,
  completedAt: new Date('2026-11-23T23:30:00Z'),
  completedOn: '2026-11-24',
  completedOnText: '24 November 2026',
  timeZone: 'Europe/Berlin',
  scenarios: [
    { scenarioId: 'a', title: 'The angry caller charged twice', percent: 92.6 },
    { scenarioId: 'b', title: 'Ein Kunde aus Łódź', percent: 100 },
    { scenarioId: 'c', title: 'No score kept', percent: null },
  ],
  organisation: 'Frontline',
  signatory: null,
  logo: null,
};

/** Image XObjects in an uncompressed PDF: how many pictures it embeds. */
const imagesIn = (pdf: Buffer) => pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;

describe('a certificate as a PDF', () => {
  it('is one page with the name (in Latin Extended letters), module, version, date, scenarios with scores, id and a way to verify it', async () => {
    const pdf = await renderCertificate(SAMPLE, { siteUrl: 'https://training.example.test', compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await readPdf(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      'Frontline Certificate of completion',
      'Certificate of completion',
      'This certifies that',
      'Zoë Ångström-Łukasz',
      'has completed the training module',
      'Welcome calls: the first week',
      'Version 3 · completed on 24 November 2026',
      'Scenarios passed',
      'The angry caller charged twice best score 92%',
      'Ein Kunde aus Łódź best score 100%',
      'No score kept passed',
      `Certificate ID: ${SAMPLE.certificateId}`,
      `To verify it, HR at Frontline can open the training record at https://training.example.test/hr/people/${SAMPLE.userId}`,
      `https://training.example.test/api/assignments/${SAMPLE.certificateId}/certificate`,
      '(Europe/Berlin)',
    ]) {
      expect(text).toContain(expected);
    }
    // The font is embedded (subset), not one of the standard fourteen, which lack Ł.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    expect(pdf.toString('latin1')).not.toMatch(/\/BaseFont \/Helvetica/);
  });

  it('compressed, as served, reads back the same', async () => {
    const pdf = await renderCertificate(SAMPLE, { siteUrl: 'http://localhost:3000' });
    const { pages, text } = await readPdf(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Zoë Ångström-Łukasz');
    expect(pdf.length).toBeLessThan(60_000);
  });

  it('stays on one page with a long name, a long title and many scenarios', async () => {
    const many: CertificateData = {
      ...SAMPLE,
      personName: 'Maximiliane Wilhelmina Theodora von und zu Oberhausen-Łęczycka-Smith',
      moduleTitle: 'A very long module title that goes on about the many things a new starter must know in their first month',
      scenarios: Array.from({ length: 18 }, (_, i) => ({ scenarioId: `s${i}`, title: `Scenario number ${i + 1}`, percent: 60 + i })),
    };
    const { pages, text } = await readPdf(await renderCertificate(many, { siteUrl: 'http://localhost:3000', compress: false }));
    expect(pages).toBe(1);
    // As many as the page holds, in two columns, then the rest counted.
    expect(text).toContain('Scenario number 15 best score 74%');
    expect(text).toContain('and 3 more, all passed');
    expect(text).toContain('Certificate ID');
  });

  it('carries the organisation’s name, its logo and a signatory when they are set', async () => {
    const signed: CertificateData = {
      ...SAMPLE,
      organisation: 'Acme Ladders Ltd',
      signatory: { name: 'Priya Natarajan', title: 'Head of Customer Service' },
      logo: { bytes: JPEG_LOGO, type: 'image/jpeg', width: 240, height: 96 },
    };
    const pdf = await renderCertificate(signed, { siteUrl: 'https://training.example.test', compress: false });
    const { pages, text } = await readPdf(pdf);
    expect(pages).toBe(1);
    expect(text).toContain('Acme Ladders Ltd Certificate of completion');
    expect(text).toContain('To verify it, HR at Acme Ladders Ltd can open');
    expect(text).toContain('Priya Natarajan Head of Customer Service');
    // The JPEG is embedded as it is (DCT), once; a PNG logo too.
    expect(imagesIn(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toContain('/Filter /DCTDecode');
    const png = await renderCertificate({ ...signed, logo: { bytes: pngOf(300, 100), type: 'image/png', width: 300, height: 100 } }, { siteUrl: 'http://x.test', compress: false });
    expect(imagesIn(png)).toBe(1);
    // Without them: no picture and no signature line's name.
    const plain = await renderCertificate(SAMPLE, { siteUrl: 'https://training.example.test', compress: false });
    expect(imagesIn(plain)).toBe(0);
    expect((await readPdf(plain)).text).not.toContain('Priya');
  });

  it('keeps a long module on one page with a signatory', async () => {
    const many: CertificateData = {
      ...SAMPLE,
      signatory: { name: 'Priya Natarajan', title: null },
      scenarios: Array.from({ length: 18 }, (_, i) => ({ scenarioId: `s${i}`, title: `Scenario number ${i + 1}`, percent: 60 + i })),
    };
    const { pages, text } = await readPdf(await renderCertificate(many, { siteUrl: 'http://localhost:3000', compress: false }));
    expect(pages).toBe(1);
    expect(text).toContain('Priya Natarajan');
    expect(text).toMatch(/and \d+ more, all passed/);
  });

  it('gets a plain download name', () => {
    expect(certificateFileName(SAMPLE)).toBe('certificate-welcome-calls-the-first-week-zoe-angstrom-lukasz.pdf');
    expect(certificateFileName({ moduleTitle: '日本語', personName: 'Ann' })).toBe('certificate-ann.pdf');
  });
});

const T0 = new Date('2026-11-23T09:00:00Z');

describe.each(testBackends())('certificates of assignments on %s', (kind) => {
  let database: TestDatabase;
  let hr: User;
  let admin: User;
  let trainer: User;
  let owner: User;
  let other: User;
  let completed: string;
  let open: string;
  let seq = 0;
  const db = () => database.db;
  const addUser = async (values: Partial<typeof users.$inferInsert> = {}) =>
    (
      await db()
        .insert(users)
        .values({ name: `Person ${++seq}`, email: `cert${seq}-${kind}@example.test`, role: 'trainee', ...values })
        .returning()
    )[0]!;

  async function play(userId: string, scenarioId: string, path: string[], at: Date) {
    const attemptId = await startAttempt(db(), userId, scenarioId, 'off', at);
    for (const [i, event] of path.entries()) {
      const reply = await submitChoice(db(), { attemptId, userId, seq: i, event, now: new Date(at.getTime() + (i + 1) * 1000) });
      if (reply.status !== 'applied') throw new Error(`choice refused: ${JSON.stringify(reply)}`);
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-certificate-scenarios-'));
    for (const id of ['fx-a', 'fx-b']) {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title: `Call ${id.slice(3).toUpperCase()}` };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    await publishBuiltinScenarios(db(), dir);
    hr = await addUser({ role: 'hr' });
    admin = await addUser({ role: 'admin' });
    trainer = await addUser({ role: 'trainer' });
    owner = await addUser({ name: 'Zoë Ångström-Łukasz' });
    other = await addUser();
    const moduleId = (await createModule(db(), trainer, { title: 'Welcome calls', steps: ['fx-a', 'fx-b'], defaultDueDays: 14 }, T0)).id;
    await createAssignmentRule(db(), hr, { moduleId, kind: 'person', userId: owner.id }, { now: T0, timeZone: 'UTC' });
    await createAssignmentRule(db(), hr, { moduleId, kind: 'person', userId: other.id }, { now: T0, timeZone: 'UTC' });
    // fx-a passed twice (the first pass scores lower: the partial ending), fx-b passed late in the evening UTC.
    await play(owner.id, 'fx-a', ['listen', 'promise', 'chat'], new Date('2026-11-23T10:00:00Z'));
    await play(owner.id, 'fx-a', ['listen', 'promise', 'close'], new Date('2026-11-23T11:00:00Z'));
    await play(owner.id, 'fx-b', ['listen', 'promise', 'close'], new Date('2026-11-23T23:30:00Z'));
    await play(other.id, 'fx-a', ['listen', 'promise', 'close'], new Date('2026-11-23T10:00:00Z'));
    const [mine] = await db().select().from(assignments).where(eq(assignments.userId, owner.id));
    const [theirs] = await db().select().from(assignments).where(eq(assignments.userId, other.id));
    expect(mine!.completedAt).not.toBeNull();
    expect(theirs!.completedAt).toBeNull();
    [completed, open] = [mine!.id, theirs!.id];
  });
  afterAll(() => database?.dispose());

  it('gathers the name, module, completion day in the organisation’s zone, and each scenario’s best passing score', async () => {
    const data = await certificateFor(db(), owner, completed, 'Europe/Berlin');
    expect(data).toMatchObject({
      certificateId: completed,
      userId: owner.id,
      personName: 'Zoë Ångström-Łukasz',
      moduleTitle: 'Welcome calls',
      moduleVersion: 1,
      completedAt: new Date('2026-11-23T23:30:03Z'),
      // Half past midnight in Berlin: the next day.
      completedOn: '2026-11-24',
      completedOnText: '24 November 2026',
      organisation: 'Frontline',
    });
    expect(data.scenarios.map((s) => [s.scenarioId, s.title, s.percent])).toEqual([
      ['fx-a', 'Call A', 100],
      ['fx-b', 'Call B', 100],
    ]);
    expect((await certificateFor(db(), owner, completed, 'UTC')).completedOnText).toBe('23 November 2026');
  });

  it('is given to the owner, HR and admins; to anyone else, or for an unknown id, it does not exist', async () => {
    for (const reader of [owner, hr, admin]) await expect(certificateFor(db(), reader, completed, 'UTC')).resolves.toMatchObject({ certificateId: completed });
    for (const reader of [other, trainer]) await expect(certificateFor(db(), reader, completed, 'UTC')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(certificateFor(db(), hr, '00000000-0000-4000-8000-000000000000', 'UTC')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(certificateFor(db(), hr, 'nope', 'UTC')).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('is refused with 409 while the module is not completed, and says how far it got; others still get 404', async () => {
    await expect(certificateFor(db(), other, open, 'UTC')).rejects.toMatchObject({
      status: 409,
      code: 'not-completed',
      message: '“Welcome calls” is not completed yet: its certificate is issued once every scenario in it has been passed (1 of 2 so far).',
    });
    await expect(certificateFor(db(), hr, open, 'UTC')).rejects.toMatchObject({ status: 409 });
    await expect(certificateFor(db(), owner, open, 'UTC')).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('renders what it gathered', async () => {
    const pdf = await renderCertificate(await certificateFor(db(), hr, completed, 'UTC'), { siteUrl: 'http://localhost:3000', compress: false });
    const { text } = await readPdf(pdf);
    expect(text).toContain('Zoë Ångström-Łukasz');
    expect(text).toContain('Version 1 · completed on 23 November 2026');
    expect(text).toContain('Call A best score 100%');
  });

  it('takes the name, signatory and logo an admin set, over the environment’s name', async () => {
    await saveOrganisationDetails(
      db(),
      { id: admin.id, address: null },
      { name: 'Acme Ladders Ltd', signatoryName: 'Priya Natarajan', signatoryTitle: 'Head of Customer Service' },
    );
    await saveLogo(db(), { id: admin.id, address: null }, pngOf(320, 120));
    const data = await certificateFor(db(), hr, completed, 'UTC');
    expect(data).toMatchObject({
      organisation: 'Acme Ladders Ltd',
      signatory: { name: 'Priya Natarajan', title: 'Head of Customer Service' },
      logo: { type: 'image/png', width: 320, height: 120 },
    });
    const pdf = await renderCertificate(data, { siteUrl: 'http://localhost:3000', compress: false });
    const { text } = await readPdf(pdf);
    expect(text).toContain('Acme Ladders Ltd Certificate of completion');
    expect(text).toContain('Priya Natarajan Head of Customer Service');
    expect(imagesIn(pdf)).toBe(1);
    // An empty name goes back to the environment's.
    await saveOrganisationDetails(db(), { id: admin.id, address: null }, { name: '', signatoryName: '', signatoryTitle: '' });
    expect(await certificateFor(db(), hr, completed, 'UTC')).toMatchObject({ organisation: 'Frontline', signatory: null });
  });
});
