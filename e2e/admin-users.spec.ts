import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { expectAccessible, storageStateFor } from './support';

/** Fresh addresses on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const emailFor = (stem: string) => `${stem}-${run}@example.test`;
const GOOD_PASSWORD = 'lantern orchard quietly';

const section = (page: Page, title: string): Locator => page.locator('details', { has: page.locator('summary', { hasText: title }) });

async function openSection(page: Page, title: string): Promise<Locator> {
  const details = section(page, title);
  await details.locator('summary').click();
  return details;
}

/** A mutation from the API, sent the way the browser sends it (same-origin). */
function post(request: APIRequestContext, baseURL: string, url: string, data?: unknown, method: 'post' | 'patch' = 'post') {
  return request[method](url, { data, headers: { origin: baseURL } });
}

/** Creates a person through the API with an admin's session and sets their password with the link. */
async function personWithPassword(admin: APIRequestContext, baseURL: string, name: string, role: string) {
  const email = emailFor(name.split(' ')[0]!.toLowerCase());
  const created = await post(admin, baseURL, '/api/admin/users', { name, email, role });
  expect(created.status()).toBe(201);
  const { user, link } = (await created.json()) as { user: { id: string }; link: string };
  const set = await post(admin, baseURL, '/api/password', { token: link.split('/').pop(), password: GOOD_PASSWORD });
  expect(set.status()).toBe(200);
  return { id: user.id, email };
}

/** A new browser with nobody signed in, as the person would have on their own computer. */
async function signedInAs(browser: Browser, email: string, password = GOOD_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login?from=%2Fscenarios');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/scenarios');
  return page;
}

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('creates a trainee whose one-time link sets a password once, then signs in', async ({ page, browser, baseURL }) => {
    const name = `Rosa Imani ${run}`;
    const email = emailFor('rosa');
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' })).toBeVisible();

    const add = await openSection(page, 'Add person');
    await add.getByLabel('Name', { exact: true }).fill(name);
    await add.getByLabel('Email').fill(email);
    await add.getByLabel('Role').selectOption('trainee');
    await add.getByLabel('Team (optional)').selectOption('New team…');
    await add.getByLabel('New team’s name').fill('Billing');
    await add.getByLabel('Start date (optional)').fill('2026-09-01');
    await expectAccessible(page);
    await add.getByRole('button', { name: 'Add person' }).click();
    await expect(add.getByRole('status').first()).toHaveText(`${name} was added as a trainee.`);
    await expect(add.getByText('This link is shown only now.')).toBeVisible();
    const link = await add.getByLabel(`One-time link for ${name}`).inputValue();
    expect(link).toMatch(new RegExp(`^${baseURL}/set-password/[A-Za-z0-9_-]{43}$`));
    await expect(add.getByRole('button', { name: `Copy the link for ${name}` })).toBeVisible();
    await expectAccessible(page);

    // The list shows the new person, waiting for their password.
    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('Trainee');
    await expect(row).toContainText('Billing');
    await expect(row).toContainText('1 September 2026');
    await expect(row).toContainText('Awaiting password');
    await expect(row).toContainText('Never');

    // The person, on their own computer, with no session.
    const visitor = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
    await visitor.goto(link);
    await expect(visitor.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
    await expect(visitor.getByText(`For ${name}’s Frontline account.`)).toBeVisible();
    await expectAccessible(visitor);
    const setPassword = async (password: string) => {
      await visitor.getByLabel('New password').fill(password);
      await visitor.getByLabel('Type it again').fill(password);
      await visitor.getByRole('button', { name: 'Set my password' }).click();
    };
    await setPassword('too short');
    await expect(visitor.getByRole('main').getByRole('alert')).toHaveText('Use at least 12 characters; this password has 9.');
    await setPassword('qwerty123456');
    await expect(visitor.getByRole('main').getByRole('alert')).toHaveText(
      'This password would be guessed too quickly. This is a commonly used password. Try three or four unrelated words, or add some to it.',
    );
    await expectAccessible(visitor);
    await setPassword(GOOD_PASSWORD);
    // Signed in with the new password straight away, on their home page.
    await expect(visitor).toHaveURL(/\/$/);
    await expect(visitor.getByRole('navigation', { name: 'Main' })).toContainText('Scenarios');
    await expect(visitor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' })).toHaveCount(0);

    // The link works once.
    const again = await visitor.goto(link);
    expect(again?.status()).toBe(200);
    await expect(visitor.getByRole('heading', { level: 1, name: 'This link has already been used' })).toBeVisible();
    await expectAccessible(visitor);
    const reuse = await post(visitor.request, baseURL!, '/api/password', { token: link.split('/').pop(), password: 'another long password' });
    expect(reuse.status()).toBe(410);
    expect((await reuse.json()).error.code).toBe('link-used');
    await visitor.goto('/set-password/not-a-real-link');
    await expect(visitor.getByRole('heading', { level: 1, name: 'This link does not work' })).toBeVisible();

    // The person's page: details, and a new link for them.
    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    await page.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByText('Active', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Create a set-password link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'A new link is ready.' })).toBeVisible();
    const reset = await page.getByLabel(`One-time link for ${name}`).inputValue();
    expect(reset).not.toBe(link);
    await expectAccessible(page);
    await visitor.goto(reset);
    await expect(visitor.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  });

  test('a CSV with one bad row reports its line and reason and creates nobody; the fixed file creates everyone', async ({ page, baseURL }) => {
    const batch = `batch${run}`;
    const people = ['ines', 'jonah', 'kemi'].map((stem) => ({ name: `${stem[0]!.toUpperCase()}${stem.slice(1)} ${run}`, email: `${stem}.${batch}@example.test` }));
    const header = 'Name,Email,Team,Start_Date';
    const bad = [
      header,
      `${people[0]!.name},${people[0]!.email},Support,2026-10-01`,
      `${people[1]!.name},${people[1]!.email},Support,2026-02-30`,
      `${people[2]!.name},${people[2]!.email},,`,
    ].join('\n');
    const listed = async () => {
      await page.goto(`/admin/users?q=${batch}`);
      return page.getByRole('region', { name: 'Table of people' }).getByRole('rowheader');
    };
    await expect(await listed()).toHaveCount(0);
    await expect(page.getByText('Nobody matches these filters.')).toBeVisible();

    const importer = await openSection(page, 'Import new hires');
    await importer.getByLabel('Or paste the lines of the file').fill(bad);
    await importer.getByRole('button', { name: 'Check the file' }).click();
    await expect(importer.getByRole('alert')).toHaveText('Nobody was created: 1 problem to fix. Correct the file and check it again.');
    const problems = importer.getByRole('list', { name: 'Problems, by line' }).getByRole('listitem');
    await expect(problems).toHaveText(['Line 3: The start date "2026-02-30" is not a real date.']);
    await expect(importer.getByRole('button', { name: /^Create/ })).toHaveCount(0);
    await expectAccessible(page);

    // Committing the bad file through the API is refused just the same.
    const forced = await post(page.request, baseURL!, '/api/admin/users/import', { csv: bad, commit: true });
    expect(forced.status()).toBe(422);
    expect((await forced.json()).errors).toEqual([{ line: 3, reason: 'The start date "2026-02-30" is not a real date.' }]);
    await expect(await listed()).toHaveCount(0);

    // The fixed file, chosen with the file picker.
    const fixed = bad.replace('2026-02-30', '2026-03-02');
    const importerAgain = await openSection(page, 'Import new hires');
    await importerAgain.getByLabel('Choose a CSV file').setInputFiles({ name: 'new-hires.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
    await expect(importerAgain.getByLabel('Or paste the lines of the file')).toHaveValue(fixed);
    await importerAgain.getByRole('button', { name: 'Check the file' }).click();
    await expect(importerAgain.getByRole('heading', { name: 'Ready to create' })).toBeVisible();
    // The header row and the three people.
    await expect(importerAgain.getByRole('region', { name: 'People to be created' }).getByRole('row')).toHaveCount(4);
    await importerAgain.getByRole('button', { name: 'Create 3 trainees' }).click();
    await expect(importerAgain.getByText('Each link below is shown only now')).toBeVisible();
    for (const person of people) {
      await expect(importerAgain.getByLabel(`One-time link for ${person.name} (${person.email})`)).toHaveValue(/\/set-password\/[A-Za-z0-9_-]{43}$/);
    }
    await expectAccessible(page);

    await expect(await listed()).toHaveText(people.map((person) => person.name));
    for (const person of people) await expect(page.getByRole('row', { name: new RegExp(person.name) })).toContainText('Trainee');
  });

  test('a role change applies to the person’s open session at the very next request', async ({ page, browser, baseURL }) => {
    const name = `Hana Ortiz ${run}`;
    const person = await personWithPassword(page.request, baseURL!, name, 'hr');
    const theirs = await signedInAs(browser, person.email);
    expect((await theirs.goto('/admin/users'))?.status()).toBe(200);

    await page.goto(`/admin/users/${person.id}`);
    await expectAccessible(page);
    await page.getByRole('combobox', { name: 'Role' }).selectOption('trainee');
    await page.getByRole('button', { name: 'Change role' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'is now a trainee' })).toBeVisible();

    const demoted = await theirs.goto('/admin/users');
    expect(demoted?.status()).toBe(403);
    await expect(theirs.getByRole('heading', { name: 'Not available to your role' })).toBeVisible();
    expect((await post(theirs.request, baseURL!, '/api/admin/users', { name: 'X', email: emailFor('x') })).status()).toBe(403);

    await page.getByRole('combobox', { name: 'Role' }).selectOption('hr');
    await page.getByRole('button', { name: 'Change role' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'is now HR' })).toBeVisible();
    expect((await theirs.goto('/admin/users'))?.status()).toBe(200);
    await expect(theirs.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  });

  test('deactivating ends the person’s existing session at the very next request', async ({ page, browser, baseURL }) => {
    const name = `Ivo Laine ${run}`;
    const person = await personWithPassword(page.request, baseURL!, name, 'trainee');
    const theirs = await signedInAs(browser, person.email);
    const api = `/api/attempts/00000000-0000-0000-0000-000000000000`;
    expect((await theirs.request.get(api)).status()).toBe(404);

    await page.goto(`/admin/users/${person.id}`);
    await page.getByRole('button', { name: 'Deactivate account' }).click();
    await expect(page.getByRole('button', { name: 'Yes, deactivate' })).toBeFocused();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'every session of theirs has ended' })).toBeVisible();
    await expect(page.getByText('Deactivated', { exact: true })).toBeVisible();

    await theirs.goto('/scenarios');
    await expect(theirs).toHaveURL(/\/login\?from=%2Fscenarios$/);
    expect((await theirs.request.get(api)).status()).toBe(401);

    // Reactivated, they sign in again; the old session stays ended.
    await page.getByRole('button', { name: 'Reactivate account' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'is active again' })).toBeVisible();
    expect((await theirs.request.get(api)).status()).toBe(401);
    const again = await signedInAs(browser, person.email);
    expect((await again.request.get(api)).status()).toBe(404);
  });

  test('an admin cannot take away their own access', async ({ page, baseURL }) => {
    await page.goto('/admin/users?q=admin%40frontline.test');
    await page.getByRole('link', { name: 'Alex Admin' }).click();
    await expect(page.getByText('You cannot change your own role or deactivate your own account')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Change role' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Deactivate account' })).toHaveCount(0);
    const id = page.url().split('/').pop()!;
    const refused = await post(page.request, baseURL!, `/api/admin/users/${id}`, { active: false }, 'patch');
    expect(refused.status()).toBe(400);
    expect((await refused.json()).error.code).toBe('own-access');
  });
});

test.describe('as HR', () => {
  test.use({ storageState: storageStateFor('hr') });

  test('creates a trainee, but not a trainer', async ({ page, baseURL }) => {
    const name = `Tomas Reyes ${run}`;
    await page.goto('/admin/users');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    const add = await openSection(page, 'Add person');
    await expect(add.getByText('Trainee (an administrator adds trainers, HR and admins)')).toBeVisible();
    await expect(add.getByLabel('Role')).toHaveCount(0);
    await add.getByLabel('Name', { exact: true }).fill(name);
    await add.getByLabel('Email').fill(emailFor('tomas'));
    await add.getByRole('button', { name: 'Add person' }).click();
    await expect(add.getByRole('status').first()).toHaveText(`${name} was added as a trainee.`);

    const trainer = await post(page.request, baseURL!, '/api/admin/users', { name: 'Would Be Trainer', email: emailFor('trainer'), role: 'trainer' });
    expect(trainer.status()).toBe(403);
    expect(await trainer.json()).toEqual({
      error: { code: 'forbidden', message: 'HR can create trainee accounts only. Ask an administrator to create a trainer, HR or admin account.' },
    });

    // HR makes links for trainees; the body must acknowledge that earlier links stop working.
    const trainee = await post(page.request, baseURL!, '/api/admin/users', { name: `Uma Park ${run}`, email: emailFor('uma') });
    const { user, link: first } = (await trainee.json()) as { user: { id: string }; link: string };
    const bare = await post(page.request, baseURL!, `/api/admin/users/${user.id}/password-link`, {});
    expect(bare.status()).toBe(400);
    const replaced = await post(page.request, baseURL!, `/api/admin/users/${user.id}/password-link`, { replaceEarlierLinks: true });
    expect(replaced.status()).toBe(201);
    const { link: second } = (await replaced.json()) as { link: string };
    await page.goto(first);
    await expect(page.getByRole('heading', { level: 1, name: 'This link has expired' })).toBeVisible();
    await page.goto(second);
    await expect(page.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();

    // A trainer's page is readable, but not changeable, for HR.
    await page.goto('/admin/users?role=trainer');
    await page.getByRole('region', { name: 'Table of people' }).getByRole('link').first().click();
    await expect(page.getByText('HR can change trainee accounts only.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create a set-password link' })).toHaveCount(0);
    await expectAccessible(page);
  });
});

test.describe('as a trainee', () => {
  test.use({ storageState: storageStateFor('trainee') });

  test('the people pages and API are refused', async ({ page, baseURL }) => {
    expect((await page.goto('/admin/users'))?.status()).toBe(403);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' })).toHaveCount(0);
    expect((await post(page.request, baseURL!, '/api/admin/users/import', { csv: 'name,email\nA,a@example.test', commit: false })).status()).toBe(403);
  });
});
