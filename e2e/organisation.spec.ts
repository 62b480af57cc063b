import { expect, test } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { builtin, expectAccessible, newTrainee, playThroughApi, scoredPaths, storageStateFor, signedInAs } from './support';

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const SHOTS = '/tmp/records-shots';
const JPEG = path.join(process.cwd(), 'server/organisation/test-fixtures/logo.jpg');
const ORGANISATION = `Acme Ladders ${run}`;
const SCENARIO = 'closing-well';

test.describe('the organisation on certificates', () => {
  test.use({ storageState: storageStateFor('admin'), viewport: { width: 1280, height: 900 } });

  let userId: string;

  test.beforeAll(async ({ browser, baseURL }) => {
    // A trainee who completes a one-scenario module, so there is a certificate to read.
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const post = (url: string, data: unknown) => admin.request.post(url, { data, headers: { origin: baseURL! } });
    const made = await post('/api/modules', { title: `Certified calls ${run}`, description: '', steps: [SCENARIO], defaultDueDays: 14 });
    const { module } = (await made.json()) as { module: { id: string } };
    ({ id: userId } = await newTrainee(admin.request, baseURL!, { name: `Cert Casey ${run}`, email: `cert-${run}@example.test` }));
    expect((await post(`/api/modules/${module.id}/rules`, { kind: 'person', userId })).status()).toBe(201);
    await admin.close();
    const trainee = await signedInAs(browser, `cert-${run}@example.test`);
    const passing = scoredPaths(builtin(SCENARIO)).find((p) => p.passed)!;
    await playThroughApi(trainee.request, baseURL!, SCENARIO, passing);
    await trainee.context().close();
  });

  test.afterAll(async ({ browser, baseURL }) => {
    // Leave certificates as the other specs expect them: the environment's name, no logo.
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const headers = { origin: baseURL! };
    await admin.request.put('/api/admin/organisation', { data: { name: '', signatoryName: '', signatoryTitle: '' }, headers });
    await admin.request.delete('/api/admin/organisation/logo', { data: {}, headers });
    await admin.close();
  });

  test('an admin sets the name, signatory and logo; a bad file is refused; the certificate shows them', async ({ page }) => {
    await page.goto('/admin/organisation');
    await expect(page.getByRole('heading', { level: 1, name: 'Organisation' })).toBeVisible();
    await expect(page.getByText('No logo yet')).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel('Organisation name').fill(ORGANISATION);
    await page.getByRole('group', { name: 'Signatory' }).getByLabel('Name').fill('Priya Natarajan');
    await page.getByRole('group', { name: 'Signatory' }).getByLabel('Title').fill('Head of Customer Service');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    // A text file named like a PNG: refused for what it is, and nothing changes.
    await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByRole('region', { name: 'Logo' }).getByRole('alert')).toContainText('The logo must be a PNG or JPEG image; this file is neither');
    await expect(page.getByText('No logo yet')).toBeVisible();

    await page.getByLabel('Upload a logo').setInputFiles(JPEG);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The logo (240 × 96 pixels) is on new certificates.' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'The current logo' })).toBeVisible();
    await expect(page.getByText('JPEG, 240 × 96 pixels.')).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/organisation-settings.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/organisation-settings-phone.png`, fullPage: true });

    // The API refuses what the form would not send, by its bytes, and keeps the logo.
    const refused = await page.request.put('/api/admin/organisation/logo', {
      data: { image: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1').toString('base64') },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('PNG or JPEG');
    expect((await page.request.get('/api/admin/organisation/logo')).headers()['content-type']).toBe('image/jpeg');

    // The certificate, as HR or the holder downloads it.
    await page.goto(`/hr/people/${userId}`);
    const href = await page.getByRole('link', { name: /^Download certificate \(PDF\)/ }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    const bytes = await pdf.body();
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    const words = text.replace(/\s+/g, ' ');
    expect(words).toContain(`${ORGANISATION} Certificate of completion`);
    expect(words).toContain('Priya Natarajan Head of Customer Service');
    expect(words).toContain(`Cert Casey ${run}`);
    // The logo is embedded as an image (a JPEG stays DCT-encoded).
    expect(bytes.toString('latin1')).toMatch(/\/Subtype \/Image[\s\S]*?\/Filter \/DCTDecode|\/Filter \/DCTDecode[\s\S]*?\/Subtype \/Image/);
    await writeFile(`${SHOTS}/certificate.pdf`, bytes);
  });
});
