import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, storageStateFor, type DemoRole } from './support';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A browser page signed in as a demo role. */
async function pageAs(browser: Browser, role: DemoRole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  return context.newPage();
}

/** The id of a demo account, from its own session. */
async function demoUserId(browser: Browser, role: DemoRole): Promise<string> {
  const page = await pageAs(browser, role);
  const session = (await (await page.request.get('/api/auth/session')).json()) as { user: { id: string } };
  await page.context().close();
  return session.user.id;
}

async function trySignIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

const rows = (page: Page) => page.getByRole('region', { name: /Audit log entries/ }).locator('tbody tr');
const actionCells = (page: Page) => rows(page).getByRole('rowheader');

/** State-changing API calls must carry this site's Origin. */
const sameOrigin = (baseURL: string | undefined) => ({ origin: new URL(baseURL!).origin });

test.describe('the audit log', () => {
  test('shows a failed and a successful sign-in, and filtering by action narrows the table', async ({ browser }) => {
    const madeUp = `nobody-${unique()}@example.test`;
    const visitor = await browser.newPage();
    await trySignIn(visitor, madeUp, 'not-a-password');
    await expect(visitor.locator('form').getByRole('alert')).toHaveText('That email and password do not match an active account.');
    await trySignIn(visitor, 'hr@frontline.test', DEMO_PASSWORD);
    await visitor.waitForURL((url) => !url.pathname.startsWith('/login'));
    await visitor.context().close();

    const page = await pageAs(browser, 'admin');
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    // The newest entries are these two sign-ins (and the pages the admin opened record nothing).
    const failed = rows(page).filter({ hasText: madeUp });
    await expect(failed).toHaveCount(1);
    await expect(failed.getByRole('rowheader')).toHaveText('Sign-in failed');
    await expect(failed).toContainText('Nobody signed in');
    const signedIn = rows(page)
      .filter({ has: page.getByRole('rowheader', { name: 'Signed in', exact: true }) })
      .filter({ hasText: 'hr@frontline.test' });
    await expect(signedIn.first()).toBeVisible();
    await expectAccessible(page);

    // Only failed sign-ins: the filter applies as it is ticked, and lands in the address.
    await page.getByRole('checkbox', { name: 'Sign-in failed' }).check();
    await expect(page).toHaveURL(/[?&]action=sign-in-failed/);
    await expect(page.getByRole('checkbox', { name: 'Sign-in failed' })).toBeChecked();
    await expect(actionCells(page).first()).toHaveText('Sign-in failed');
    for (const text of await actionCells(page).allTextContents()) expect(text).toBe('Sign-in failed');
    await expect(rows(page).filter({ hasText: madeUp })).toHaveCount(1);

    // And by who acted: the demo HR's sign-ins only.
    await page.getByRole('checkbox', { name: 'Sign-in failed' }).uncheck();
    await page.getByRole('checkbox', { name: 'Signed in', exact: true }).check();
    await page.getByLabel('Who acted').fill('HR@frontline.test');
    await expect(page).toHaveURL(/[?&]actor=HR%40frontline\.test/);
    await expect(page).not.toHaveURL(/action=sign-in-failed/);
    await expect(actionCells(page).first()).toHaveText('Signed in');
    for (const text of await actionCells(page).allTextContents()) expect(text).toBe('Signed in');
    await expect(rows(page).filter({ hasNotText: 'hr@frontline.test' })).toHaveCount(0);

    // Nothing matches: the empty state, with the way back.
    await page.getByLabel('Text in the subject or details').fill(`no-such-text-${unique()}`);
    await expect(page.getByText('No entries match these filters.')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Clear the filters and show every entry' }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(rows(page).first()).toBeVisible();
  });

  test('says which filters it could not use', async ({ browser }) => {
    const page = await pageAs(browser, 'admin');
    await page.goto('/admin/audit?from=2026-02-30&action=sign-in');
    await expect(page.getByRole('main').getByRole('alert')).toContainText('From: “2026-02-30” is not a day');
    await expect(page.getByRole('checkbox', { name: 'Signed in', exact: true })).toBeChecked();
  });

  for (const role of ['trainee', 'hr'] as const) {
    test(`is refused to the ${role} with 403`, async ({ browser }) => {
      const page = await pageAs(browser, role);
      const response = await page.goto('/admin/audit');
      expect(response!.status()).toBe(403);
      await expect(page.getByRole('heading', { name: 'Not available to your role' })).toBeVisible();
      await expect(page.getByRole('region', { name: /Audit log entries/ })).toHaveCount(0);
    });
  }
});

test.describe('personal data', () => {
  test('the export of the demo trainee downloads JSON with their email and attempts, and is audited', async ({ browser, baseURL }) => {
    const traineeId = await demoUserId(browser, 'trainee');
    const trainee = await pageAs(browser, 'trainee');
    const started = await trainee.request.post('/api/attempts', { data: { scenarioId: 'closing-well' }, headers: sameOrigin(baseURL) });
    expect(started.status()).toBe(201);
    const { attemptId } = (await started.json()) as { attemptId: string };
    await trainee.context().close();

    const admin = await pageAs(browser, 'admin');
    const response = await admin.request.get(`/api/admin/users/${traineeId}/export`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/json');
    expect(response.headers()['content-disposition']).toMatch(new RegExp(`^attachment; filename="frontline-person-${traineeId}-\\d{4}-\\d{2}-\\d{2}\\.json"$`));
    const document = (await response.json()) as { format: string; person: { email: string; hasPassword: boolean }; attempts: { id: string }[] };
    expect(document.format).toBe('frontline.person-export/1');
    expect(document.person).toMatchObject({ email: 'trainee@frontline.test', hasPassword: true });
    expect(document.person).not.toHaveProperty('passwordHash');
    expect(document.attempts.map((a) => a.id)).toContain(attemptId);

    await admin.goto(`/admin/audit?action=person-exported&person=${traineeId}`);
    const entry = rows(admin).first();
    await expect(entry.getByRole('rowheader')).toHaveText('Personal data exported');
    await expect(entry).toContainText('trainee@frontline.test');
    await expect(entry).toContainText('admin@frontline.test');

    // Not for anyone else: HR manages people but does not export them.
    const hr = await pageAs(browser, 'hr');
    expect((await hr.request.get(`/api/admin/users/${traineeId}/export`)).status()).toBe(403);
    expect((await admin.request.get('/api/admin/users/00000000-0000-4000-8000-000000000000/export')).status()).toBe(404);
  });

  /** A trainee who is not a demo account, made through the people API. */
  async function createPerson(request: APIRequestContext, baseURL: string | undefined) {
    const email = `privacy-${unique()}@example.test`;
    const name = `Pat Privacy ${unique()}`;
    const response = await request.post('/api/admin/users', { data: { name, email, role: 'trainee' }, headers: sameOrigin(baseURL) });
    return { response, email, name };
  }

  test('anonymising a person checks the email typed, removes who they were, and is audited without naming them', async ({ browser, baseURL }) => {
    const admin = await pageAs(browser, 'admin');
    const { response, email, name } = await createPerson(admin.request, baseURL);
    test.skip(response.status() === 404 || response.status() === 405, 'POST /api/admin/users (creating a person) is not in this build yet');
    expect(response.status()).toBe(201);
    const { user } = (await response.json()) as { user: { id: string } };
    const erase = `/api/admin/users/${user.id}/erase`;

    const wrong = await admin.request.post(erase, { data: { mode: 'anonymise', confirmEmail: 'someone-else@example.test' }, headers: sameOrigin(baseURL) });
    expect(wrong.status()).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/not this person’s email.*Nothing was changed/);
    expect((await admin.request.post(erase, { data: { mode: 'forget', confirmEmail: email }, headers: sameOrigin(baseURL) })).status()).toBe(400);
    expect((await admin.request.post(erase, { data: { mode: 'anonymise', confirmEmail: email }, headers: { origin: 'https://elsewhere.example' } })).status()).toBe(403);
    const hr = await pageAs(browser, 'hr');
    expect((await hr.request.post(erase, { data: { mode: 'anonymise', confirmEmail: email }, headers: sameOrigin(baseURL) })).status()).toBe(403);

    const done = await admin.request.post(erase, { data: { mode: 'anonymise', confirmEmail: email.toUpperCase() }, headers: sameOrigin(baseURL) });
    expect(done.status()).toBe(200);
    const answer = (await done.json()) as { mode: string; person: { name: string } };
    expect(answer).toMatchObject({ mode: 'anonymise', person: { name: `Former user ${user.id.slice(0, 8)}` } });

    // The log names them no more: their creation and the anonymisation show the placeholder.
    await admin.goto(`/admin/audit?person=${user.id}`);
    await expect(actionCells(admin).first()).toHaveText('Person anonymised');
    await expect(rows(admin).first()).toContainText(answer.person.name);
    await expect(rows(admin).first()).toContainText('Identity removed');
    await expect(rows(admin).filter({ hasText: 'Account created' })).toHaveCount(1);
    await expect(admin.getByRole('main')).not.toContainText(name);
    await admin.goto(`/admin/audit?q=${encodeURIComponent(email)}`);
    await expect(admin.getByText('No entries match these filters.')).toBeVisible();

    // An admin cannot anonymise themself, and an unknown id is not found.
    const adminId = await demoUserId(browser, 'admin');
    const self = await admin.request.post(`/api/admin/users/${adminId}/erase`, { data: { mode: 'anonymise', confirmEmail: 'admin@frontline.test' }, headers: sameOrigin(baseURL) });
    expect(self.status()).toBe(409);
    expect(
      (
        await admin.request.post('/api/admin/users/00000000-0000-4000-8000-000000000000/erase', { data: { mode: 'erase', confirmEmail: email }, headers: sameOrigin(baseURL) })
      ).status(),
    ).toBe(404);
  });

  test('the privacy panel on a person’s page erases them after the email is typed', async ({ browser, baseURL }) => {
    const admin = await pageAs(browser, 'admin');
    const { response, email, name } = await createPerson(admin.request, baseURL);
    test.skip(response.status() === 404 || response.status() === 405, 'POST /api/admin/users (creating a person) is not in this build yet');
    const { user } = (await response.json()) as { user: { id: string } };
    await admin.goto(`/admin/users/${user.id}`);
    const panel = admin.getByRole('region', { name: 'Personal data' });
    test.skip((await panel.count()) === 0, 'the person’s page does not show the privacy panel (PrivacyActions) yet');

    await expect(panel.getByRole('link', { name: `Download everything held about ${name} (JSON)` })).toHaveAttribute('href', `/api/admin/users/${user.id}/export`);
    await expectAccessible(admin);
    await panel.getByRole('radio', { name: /^Erase/ }).check();
    await panel.getByLabel(`Type ${email} to confirm`).fill('wrong@example.test');
    await panel.getByRole('button', { name: `Erase ${name}` }).click();
    await expect(panel.getByRole('alert')).toContainText('does not match');
    await expect(panel.getByLabel(`Type ${email} to confirm`)).toBeFocused();
    await panel.getByLabel(`Type ${email} to confirm`).fill(email);
    await panel.getByRole('button', { name: `Erase ${name}` }).press('Enter');
    await expect(panel.getByRole('status')).toContainText(`${name} is erased`);
    await expect(panel.getByRole('status')).toBeFocused();
    await expect(panel.getByRole('link', { name: /Download everything/ })).toHaveCount(0);
    const exported = await admin.request.get(`/api/admin/users/${user.id}/export`);
    expect(((await exported.json()) as { attempts: unknown[]; person: { email: string } }).person.email).toBe(`anonymised-${user.id}@invalid`);
    await panel.getByRole('link', { name: 'Back to people' }).click();
    await expect(admin).toHaveURL(/\/admin\/users$/);
  });
});
