import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, storageStateFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const TITLE = `Welcome week ${run}`;
const TEAM = `Returns ${run}`;
// A start date of its own for the cohort, so only the trainee made here falls in it.
const COHORT_DAY = new Date(Date.UTC(1990, 0, 1) + (Date.now() % 9000) * 86_400_000).toISOString().slice(0, 10);
const FIRST = 'The last five minutes';
const SECOND = 'Forty minutes on hold';

let moduleUrl = '';

async function post(request: APIRequestContext, baseURL: string, url: string, data: unknown, method: 'post' | 'put' = 'post') {
  return request[method](url, { data, headers: { origin: baseURL } });
}

const scenarioOrder = (page: Page) => page.getByRole('list', { name: 'Scenarios in the module' }).getByRole('listitem');

test.describe.configure({ mode: 'serial' });

test.describe('as a trainer', () => {
  test.use({ storageState: storageStateFor('trainer') });

  test('creates a module, puts its scenarios in order with the keyboard, and edits it into version 2', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Modules' }).click();
    await expect(page).toHaveURL(/\/modules$/);
    await page.getByRole('link', { name: 'New module' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New module' })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Default due period (days)').fill('10');
    await page.getByLabel('Description').fill('The calls every new starter takes in their first week.');
    // Saving without scenarios is refused with the reason.
    await page.getByRole('button', { name: 'Create module' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toContainText('no scenarios: add at least one');

    for (const title of [FIRST, SECOND]) {
      await page.getByLabel('Scenario to add').selectOption({ label: `${title} (practice)` });
      await page.getByRole('button', { name: 'Add scenario' }).click();
    }
    await expect(scenarioOrder(page)).toHaveText([new RegExp(FIRST), new RegExp(SECOND)]);

    // Keyboard only: focus the second scenario's "up" button and press Enter.
    const up = page.getByRole('button', { name: `Move “${SECOND}” up` });
    await up.focus();
    await page.keyboard.press('Enter');
    await expect(scenarioOrder(page)).toHaveText([new RegExp(SECOND), new RegExp(FIRST)]);
    await expect(page.getByText(`“${SECOND}” moved to position 1 of 2.`)).toBeAttached();
    // At the top its "up" button is disabled, so focus stays with it on "down"; Space moves it back.
    await expect(page.getByRole('button', { name: `Move “${SECOND}” down` })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(scenarioOrder(page)).toHaveText([new RegExp(FIRST), new RegExp(SECOND)]);
    await expect(page.getByRole('button', { name: `Move “${SECOND}” up` })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(scenarioOrder(page)).toHaveText([new RegExp(SECOND), new RegExp(FIRST)]);

    await page.getByRole('button', { name: 'Create module' }).click();
    await page.waitForURL(/\/modules\/[0-9a-f-]{36}\?created=1$/);
    moduleUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('status').filter({ hasText: 'created as version 1' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    await expect(scenarioOrder(page)).toHaveText([new RegExp(SECOND), new RegExp(FIRST)]);
    // Trainers edit modules; assigning them is for HR.
    await expect(page.getByRole('heading', { name: 'Assign' })).toHaveCount(0);
    await expectAccessible(page);

    await page.getByLabel('Title').fill(`${TITLE}, revised`);
    await expect(page.getByText('People already assigned keep the version they were given; people assigned from now on get the new one.')).toBeVisible();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Saved as version 2' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: `${TITLE}, revised` })).toBeVisible();
    const history = page.getByRole('region', { name: 'Version history' }).getByRole('row');
    await expect(history).toHaveCount(3);
    await expect(history.nth(1)).toContainText(`2${TITLE}, revised`);
    await expect(history.nth(2)).toContainText(`1${TITLE}`);
    await expect(history.nth(1)).toContainText('Robin Trainer');

    // An edit not saved yet: leaving asks first. (After the save above, leaving did not.)
    const other = await page.context().newPage();
    await other.goto(moduleUrl);
    await other.getByLabel('Description').fill('Not saved.');
    const dialog = other.waitForEvent('dialog');
    await other.close({ runBeforeUnload: true });
    const shown = await dialog;
    expect(shown.type()).toBe('beforeunload');
    await shown.accept();

    await page.goto('/modules');
    const row = page.getByRole('row', { name: new RegExp(`${TITLE}, revised`) });
    await expect(row.getByRole('cell')).toHaveText(['2', '2', '10 days', '0', '0', /\d{4}/]);
    await expectAccessible(page);
  });
});

test.describe('as HR', () => {
  test.use({ storageState: storageStateFor('hr') });

  test('assigns the module to a team and a cohort, sees the counts, and unassigns one with a confirmation', async ({ page, baseURL }) => {
    expect(moduleUrl).not.toBe('');
    for (const [name, team, startDate] of [
      [`Ana ${run}`, TEAM, null],
      [`Ben ${run}`, TEAM, null],
      [`Cleo ${run}`, null, COHORT_DAY],
    ] as const) {
      const created = await post(page.request, baseURL!, '/api/admin/users', { name, email: `${name.split(' ')[0]!.toLowerCase()}-${run}@example.test`, team, startDate });
      expect(created.status(), await created.text()).toBe(201);
    }

    await page.goto(moduleUrl);
    const assign = page.getByRole('region', { name: 'Assign' });
    await assign.getByLabel('A team').check();
    await assign.getByLabel('Team', { exact: true }).selectOption(TEAM);
    await assign.getByLabel('Due date').fill('2099-06-30');
    await assign.getByRole('button', { name: 'Assign module' }).click();
    await expect(assign.getByRole('status').filter({ hasText: 'Assigned. 2 people have the module now' })).toBeVisible();

    await assign.getByLabel('Everyone who started between two dates').check();
    await assign.getByLabel('First start date').fill(COHORT_DAY);
    await assign.getByLabel('Last start date').fill(COHORT_DAY);
    await assign.getByRole('button', { name: 'Assign module' }).click();
    await expect(assign.getByRole('status').filter({ hasText: 'Assigned. 1 person has the module now' })).toBeVisible();

    const rules = assign.getByRole('list', { name: 'Assignments' }).getByRole('listitem');
    await expect(rules).toHaveCount(2);
    await expect(rules.nth(0)).toContainText(`Team “${TEAM}”`);
    await expect(rules.nth(0)).toContainText('2 assigned · 0 completed · due 30 June 2099');
    await expect(rules.nth(1)).toContainText('Trainees who started');
    await expect(rules.nth(1)).toContainText('1 assigned · 0 completed · due after the module’s due period');
    await expectAccessible(page);

    // Unassigning asks first; cancelling changes nothing.
    await rules
      .nth(1)
      .getByRole('button', { name: /^Unassign trainees who started/ })
      .click();
    const confirm = rules.nth(1).getByRole('group', { name: /Confirm unassigning/ });
    await expect(confirm).toContainText('1 person who has not completed the module will lose it');
    await expect(confirm.getByRole('button', { name: 'Yes, unassign' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(rules.nth(1).getByRole('button', { name: /^Unassign/ })).toBeFocused();
    await rules
      .nth(1)
      .getByRole('button', { name: /^Unassign/ })
      .click();
    await rules.nth(1).getByRole('button', { name: 'Yes, unassign' }).click();
    await expect(rules.nth(1).getByRole('status')).toContainText('1 person no longer has the module');
    await expect(rules.nth(1)).toContainText('(unassigned)');
    await expect(rules.nth(0).getByRole('button', { name: /^Unassign/ })).toBeVisible();

    await page.goto('/modules');
    await expect(
      page
        .getByRole('row', { name: new RegExp(TITLE) })
        .getByRole('cell')
        .nth(3),
    ).toHaveText('2');
  });

  test('refuses an empty or wrong body with 400 and changes nothing', async ({ page, baseURL }) => {
    const moduleId = moduleUrl.split('/').pop()!;
    const empty = await post(page.request, baseURL!, `/api/modules/${moduleId}`, {}, 'put');
    expect(empty.status()).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/title/);
    const backwards = await post(page.request, baseURL!, `/api/modules/${moduleId}/rules`, { kind: 'cohort', cohortFrom: '2026-02-01', cohortTo: '2026-01-01' });
    expect(backwards.status()).toBe(400);
    expect(((await backwards.json()) as { error: { message: string } }).error.message).toBe('The last start date (2026-01-01) is before the first (2026-02-01).');
    await page.goto(moduleUrl);
    const rules = page.getByRole('list', { name: 'Assignments' }).getByRole('listitem');
    await expect(rules).toHaveCount(2);
    await expect(page.getByText('Version 2', { exact: true })).toBeVisible();
    const unknownField = await post(page.request, baseURL!, `/api/modules/${moduleId}/rules`, { kind: 'team', team: TEAM, extra: 1 });
    expect(unknownField.status()).toBe(400);

    // Unassigning needs {confirm: true}; without it the rule stays as it was.
    const session = (await (await page.request.get('/api/auth/session')).json()) as { user: { id: string } };
    const made = await post(page.request, baseURL!, `/api/modules/${moduleId}/rules`, { kind: 'person', userId: session.user.id, dueDate: '' });
    expect(made.status(), await made.text()).toBe(201);
    const { rule, assigned } = (await made.json()) as { rule: { id: string }; assigned: number };
    expect(assigned).toBe(1);
    expect((await post(page.request, baseURL!, `/api/assignment-rules/${rule.id}/remove`, {})).status()).toBe(400);
    expect((await post(page.request, baseURL!, `/api/assignment-rules/${rule.id}/remove`, { confirm: false })).status()).toBe(400);
    await page.reload();
    await expect(rules).toHaveCount(3);
    await expect(rules.nth(2)).toContainText('Harper HR');
    await expect(rules.nth(2)).not.toContainText('(unassigned)');
    const removed = await post(page.request, baseURL!, `/api/assignment-rules/${rule.id}/remove`, { confirm: true });
    expect(removed.status()).toBe(200);
    expect(await removed.json()).toEqual({ unassigned: 1 });
    await page.reload();
    await expect(rules.nth(2)).toContainText('(unassigned)');
  });

  test('assigns one person found by typing part of their name, chosen with the keyboard', async ({ page }) => {
    await page.goto(moduleUrl);
    const assign = page.getByRole('region', { name: 'Assign' });
    await assign.getByLabel('A person').check();
    const search = assign.getByLabel('Find the person');
    await search.fill(`nobody-${run}`);
    await expect(assign.getByRole('status').filter({ hasText: 'Nobody active matches' })).toBeVisible();
    // Enter in the search box does not submit the form with nobody chosen.
    await search.press('Enter');
    await expect(assign.getByRole('alert').filter({ hasText: /\S/ })).toHaveCount(0);

    await search.fill(`ben ${run}`);
    await expect(assign.getByRole('status').filter({ hasText: '1 person matches.' })).toBeVisible();
    const choice = assign.getByRole('radio', { name: new RegExp(`Ben ${run}`) });
    await search.press('Tab');
    await expect(choice).toBeFocused();
    await page.keyboard.press('Space');
    await expect(choice).toBeChecked();
    await expectAccessible(page);
    await assign.getByRole('button', { name: 'Assign module' }).click();
    await expect(assign.getByRole('status').filter({ hasText: 'Assigned. 1 person has the module now.' })).toBeVisible();
    const rules = assign.getByRole('list', { name: 'Assignments' }).getByRole('listitem');
    await expect(rules.last()).toContainText(`Ben ${run}`);
  });
});
