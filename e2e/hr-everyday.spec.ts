import { mkdir, readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { expectAccessible, NEW_PERSON_PASSWORD, storageStateFor, type DemoRole } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const TEAM = `Night desk ${run}`;
const MODULE = `Night basics ${run}`;
const SHOTS = '/tmp/hradmin-shots';

function send(request: APIRequestContext, baseURL: string, url: string, data: unknown, method: 'post' | 'put' | 'patch' = 'post') {
  return request[method](url, { data, headers: { origin: baseURL } });
}

async function pageAs(browser: Browser, role: DemoRole, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role), viewport: { width: 1280, height: 900 }, ...options });
  return context.newPage();
}

/** A trainee made by the admin through the API: their id, email and one-time link. */
async function newPerson(admin: APIRequestContext, baseURL: string, stem: string, team: string | null) {
  const email = `${stem}-${run}@example.test`;
  const made = await send(admin, baseURL, '/api/admin/users', { name: `${stem[0]!.toUpperCase()}${stem.slice(1)} ${run}`, email, role: 'trainee', team });
  expect(made.status(), await made.text()).toBe(201);
  const { user, link } = (await made.json()) as { user: { id: string; name: string }; link: string };
  return { id: user.id, name: user.name, email, link };
}

/** Every table fits its scrolling frame and the page fits the window: no column is cut off or scrolled out of sight. */
async function expectTablesFit(page: Page) {
  const tables = page.locator('main table');
  expect(await tables.count()).toBeGreaterThan(0);
  const overflowing = await tables.evaluateAll((elements) =>
    elements.flatMap((table) => {
      let frame: HTMLElement | null = table.parentElement;
      while (frame && getComputedStyle(frame).overflowX === 'visible') frame = frame.parentElement;
      const box = frame ?? document.documentElement;
      return box.scrollWidth > box.clientWidth + 1
        ? [`${table.querySelector('caption')?.textContent ?? box.getAttribute('aria-label') ?? 'a table'}: ${box.scrollWidth} > ${box.clientWidth}`]
        : [];
    }),
  );
  expect(overflowing).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test.describe.configure({ mode: 'serial' });

let moduleId = '';
let member: Awaited<ReturnType<typeof newPerson>>;

test('a new hire who sets their password lands on their home page, signed in', async ({ browser, baseURL }) => {
  const admin = await pageAs(browser, 'admin');
  const hire = await newPerson(admin.request, baseURL!, 'hire', null);
  const visitor = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await visitor.goto(hire.link);
  await expect(visitor.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await visitor.getByLabel('New password').fill(NEW_PERSON_PASSWORD);
  await visitor.getByLabel('Type it again').fill(NEW_PERSON_PASSWORD);
  await visitor.getByRole('button', { name: 'Set my password' }).click();
  await visitor.waitForURL((url) => url.pathname === '/');
  await expect(visitor.getByRole('navigation', { name: 'Main' })).toContainText('Scenarios');
  const session = (await (await visitor.request.get('/api/auth/session')).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(hire.email);
  await expectAccessible(visitor);
  // The sign-in is logged as any other, by the new hire.
  await admin.goto(`/admin/audit?action=sign-in&actor=${encodeURIComponent(hire.email)}`);
  await expect(admin.getByRole('status').filter({ hasText: 'One entry' })).toBeVisible();
  await admin.context().close();
  await visitor.context().close();
});

test('a person’s team is chosen from the teams in use, or named as a new one', async ({ browser, baseURL }) => {
  const page = await pageAs(browser, 'admin');
  await newPerson(page.request, baseURL!, 'first', TEAM);
  await page.goto('/admin/users');
  await page.locator('summary', { hasText: 'Add person' }).click();
  const add = page.locator('details', { has: page.locator('summary', { hasText: 'Add person' }) });
  const team = add.getByLabel('Team (optional)');
  await expect(team.locator('option', { hasText: TEAM })).toHaveCount(1);
  await expect(team.locator('option').last()).toHaveText('New team…');
  await expect(add.getByLabel('New team’s name')).toHaveCount(0);
  // With the keyboard: the new team's field appears after "New team…" is chosen.
  await team.focus();
  await team.selectOption('New team…');
  const newTeam = `Day desk ${run}`;
  await add.getByLabel('New team’s name').fill(newTeam);
  await expectAccessible(page);
  await add.getByLabel('Name', { exact: true }).fill(`Second ${run}`);
  await add.getByLabel('Email').fill(`second-${run}@example.test`);
  await add.getByRole('button', { name: 'Add person' }).click();
  await expect(add.getByRole('status').first()).toContainText('was added as a trainee');
  await page.goto(`/admin/users?q=${encodeURIComponent(`second-${run}@example.test`)}`);
  await expect(page.getByRole('row', { name: new RegExp(`Second ${run}`) })).toContainText(newTeam);

  // On the person's page the team they are in is chosen, and another can be picked from the list.
  await page.getByRole('link', { name: `Second ${run}` }).click();
  const details = page.getByLabel('Team (optional)');
  await expect(details).toHaveValue(newTeam);
  await details.selectOption(TEAM);
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText('The details are saved.')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: TEAM })).toHaveCount(1);
  await expectAccessible(page);
  // The server still checks what is sent, list or not.
  const tooLong = await send(page.request, baseURL!, `/api/admin/users/${page.url().split('/').pop()!.split('?')[0]}`, { team: 'x'.repeat(500) }, 'patch');
  expect(tooLong.status()).toBe(400);
  await page.context().close();
});

test('the audit log shows module work and assignments in words, filters as it changes, and exports what it shows', async ({ browser, baseURL }) => {
  const hr = await pageAs(browser, 'hr');
  const made = await send(hr.request, baseURL!, '/api/modules', { title: MODULE, steps: ['closing-well'], defaultDueDays: 10 });
  expect(made.status(), await made.text()).toBe(201);
  moduleId = ((await made.json()) as { module: { id: string } }).module.id;
  expect((await send(hr.request, baseURL!, `/api/modules/${moduleId}`, { title: `${MODULE} v2`, steps: ['closing-well'], defaultDueDays: 10 }, 'put')).status()).toBe(200);
  expect((await send(hr.request, baseURL!, `/api/modules/${moduleId}/rules`, { kind: 'team', team: TEAM })).status()).toBe(201);
  await hr.context().close();

  const page = await pageAs(browser, 'admin');
  // Added to the team: the module comes with the new account, and that is logged as an assignment.
  member = await newPerson(page.request, baseURL!, 'member', TEAM);
  await page.goto('/admin/audit');
  const status = page.getByRole('status').filter({ hasText: /entr/i });
  await expect(status).toContainText('newest first');

  // Filters apply as they change: no button to press once the page's script runs.
  await expect(page.getByRole('button', { name: 'Show entries' })).toBeHidden();
  await page.getByRole('checkbox', { name: 'Module assigned' }).check();
  await expect(page).toHaveURL(/[?&]action=module-assigned/);
  await page.getByLabel('Person acted on').fill(member.email);
  await expect(page).toHaveURL(/[?&]person=member-/);
  await expect(status).toHaveText('One entry matching the filters, newest first.');
  const row = page.getByRole('region', { name: /Audit log entries/ }).locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`Module: ${MODULE} v2`);
  await expect(row).not.toContainText(moduleId);
  await expect(row).toContainText(member.name);
  await expect(row).toContainText(/via the new account · due date: \d{4}-\d{2}-\d{2}/);
  await expectAccessible(page);

  // The CSV is the filtered view.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Download as CSV/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^frontline-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile((await file.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const lines = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  expect(lines).toHaveLength(2);
  expect(lines[1]).toEqual(expect.arrayContaining(['Module assigned', member.name, member.email, `${MODULE} v2`, moduleId]));

  // Module creation and edits, by HR, under the module's title.
  await page.getByRole('checkbox', { name: 'Module assigned' }).uncheck();
  await page.getByLabel('Person acted on').fill('');
  await page.getByRole('checkbox', { name: 'Module created' }).check();
  await page.getByRole('checkbox', { name: 'Module changed' }).check();
  await page.getByLabel('Text in the subject or details').fill(moduleId);
  await expect(status).toHaveText('Entries 1–2 of 2 matching the filters, newest first.');
  await expect(row.nth(0)).toContainText('Module changed');
  await expect(row.nth(0)).toContainText(`title: ${MODULE} v2`);
  await expect(row.nth(1)).toContainText('Module created');
  await expect(row.nth(1)).toContainText(`title: ${MODULE}`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectTablesFit(page);
  await shot(page, 'audit-1280');

  // Clearing puts every field back.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/admin\/audit(\?tz=[^&]+)?$/);
  await expect(page.getByRole('checkbox', { name: 'Module created' })).not.toBeChecked();
  await expect(page.getByLabel('Text in the subject or details')).toHaveValue('');
  await page.context().close();
});

test('without script the filters are a form with its button, and the address is still the state', async ({ browser }) => {
  const page = await pageAs(browser, 'admin', { javaScriptEnabled: false });
  await page.goto('/admin/audit');
  await page.getByRole('checkbox', { name: 'Module created' }).check();
  await page.getByRole('button', { name: 'Show entries' }).click();
  await expect(page).toHaveURL(/[?&]action=module-created/);
  await expect(page.getByRole('checkbox', { name: 'Module created' })).toBeChecked();
  await page.goto('/hr');
  await page.getByLabel('Team', { exact: true }).selectOption(TEAM);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/[?&]team=Night/);
  await page.context().close();
});

test('the dashboard filters as it changes, and a person’s page links back to it with its filters', async ({ browser }) => {
  const page = await pageAs(browser, 'hr');
  await page.goto('/hr');
  await expect(page.getByRole('button', { name: 'Show', exact: true })).toBeHidden();
  await page.getByLabel('Team', { exact: true }).selectOption(TEAM);
  await page.waitForURL((url) => url.searchParams.get('team') === TEAM);
  const table = page.getByRole('region', { name: 'People and their assignments' });
  await expect(table.getByRole('link', { name: member.name })).toBeVisible();
  await expectTablesFit(page);
  await shot(page, 'dashboard-1280');
  await expectAccessible(page);

  await table.getByRole('link', { name: member.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: member.name })).toBeVisible();
  const back = page.getByRole('main').getByRole('link', { name: 'Training dashboard', exact: true });
  await expect(back).toHaveAttribute('href', new RegExp(`^/hr\\?team=${encodeURIComponent(TEAM).replace(/%20/g, '(%20|\\+)')}`));
  await expectTablesFit(page);
  await shot(page, 'person-1280');
  await expectAccessible(page);
  await back.click();
  await page.waitForURL((url) => url.pathname === '/hr' && url.searchParams.get('team') === TEAM);
  await expect(page.getByLabel('Team', { exact: true })).toHaveValue(TEAM);

  // From the module's page, back to the module; a `from` elsewhere is ignored.
  await page.goto(`/hr/people/${member.id}?from=${encodeURIComponent(`/modules/${moduleId}`)}`);
  await expect(page.getByRole('main').getByRole('link', { name: 'Module', exact: true })).toHaveAttribute('href', `/modules/${moduleId}`);
  for (const elsewhere of ['https://evil.example/hr', '//evil.example/hr', '/login']) {
    await page.goto(`/hr/people/${member.id}?from=${encodeURIComponent(elsewhere)}`);
    // HR also manages people, so the page's own way back is to the people list.
    await expect(page.getByRole('main').getByRole('link', { name: 'People', exact: true })).toHaveAttribute('href', '/admin/users');
  }
  await page.context().close();
});

test('the module page links to a person it is assigned to, and their page links back', async ({ browser, baseURL }) => {
  const page = await pageAs(browser, 'admin');
  expect((await send(page.request, baseURL!, `/api/modules/${moduleId}/rules`, { kind: 'person', userId: member.id })).status()).toBe(201);
  await page.goto(`/modules/${moduleId}`);
  await expectTablesFit(page);
  await shot(page, 'module-1280');
  await page.getByRole('list', { name: 'Assignments' }).getByRole('link', { name: member.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: member.name })).toBeVisible();
  // On to the account and back: the way back still leads to the module.
  await page.getByRole('link', { name: 'Account and access' }).click();
  const toModule = page.getByRole('main').getByRole('link', { name: 'Module', exact: true });
  await expect(toModule).toHaveAttribute('href', `/modules/${moduleId}`);
  await toModule.click();
  await page.waitForURL((url) => url.pathname === `/modules/${moduleId}`);

  // The people list: a person opened from a filtered list links back to it.
  await page.goto(`/admin/users?team=${encodeURIComponent(TEAM)}`);
  await expectTablesFit(page);
  await shot(page, 'users-1280');
  await page.getByRole('link', { name: member.name }).click();
  const back = page.getByRole('main').getByRole('link', { name: 'People', exact: true });
  await expect(back).toHaveAttribute('href', /^\/admin\/users\?team=/);
  await back.click();
  await page.waitForURL((url) => url.pathname === '/admin/users' && url.searchParams.get('team') === TEAM);
  await page.context().close();
});

test('on a phone the pages reflow: the page itself never scrolls sideways, only a wide table in its own frame', async ({ browser }) => {
  const page = await pageAs(browser, 'admin');
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, name] of [
    ['/admin/audit', 'audit-390'],
    [`/hr?team=${encodeURIComponent(TEAM)}`, 'dashboard-390'],
    [`/hr/people/${member.id}`, 'person-390'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, name);
  }
  await page.context().close();
});
