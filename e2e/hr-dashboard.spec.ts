import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext } from '@playwright/test';
import Papa from 'papaparse';
import { builtin, expectAccessible, NEW_PERSON_PASSWORD, playPath, scoredPaths, signedInAs, startScenario, storageStateFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const TEAM = `Dashboard Test ${run}`;
const PASSWORD = NEW_PERSON_PASSWORD;
// A name a spreadsheet would run as a formula, were the export not careful.
const NAME = `=HYPERLINK("http://example.test","Pat ${run}")`;
const MODULE_TITLE = `First calls ${run}`;
const SCENARIOS = ['i-dont-know-but-ill-find-out', 'closing-well'] as const;

const post = (request: APIRequestContext, baseURL: string, url: string, data: unknown) => request.post(url, { data, headers: { origin: baseURL } });
const passing = (id: string) =>
  scoredPaths(builtin(id))
    .filter((p) => p.passed)
    .sort((a, b) => a.decisions.length - b.decisions.length)[0]!;

test.describe('the HR dashboard', () => {
  test.use({ storageState: storageStateFor('hr') });

  test('HR assigns a module to a team, the trainee completes it, and the dashboard and its CSV export show it', async ({ page, browser, baseURL }) => {
    // HR adds a trainee to a new team and makes a module (both allowed to HR).
    const email = `pat-${run}@example.test`;
    const created = await post(page.request, baseURL!, '/api/admin/users', { name: NAME, email, role: 'trainee', team: TEAM });
    expect(created.status(), await created.text()).toBe(201);
    const { link } = (await created.json()) as { link: string };
    expect((await post(page.request, baseURL!, '/api/password', { token: link.split('/').pop(), password: PASSWORD })).status()).toBe(200);
    const made = await post(page.request, baseURL!, '/api/modules', { title: MODULE_TITLE, description: '', steps: [...SCENARIOS], defaultDueDays: 14 });
    expect(made.status(), await made.text()).toBe(201);
    const { module } = (await made.json()) as { module: { id: string } };

    // Assigned through the module page, to the team.
    await page.goto(`/modules/${module.id}`);
    const assign = page.getByRole('region', { name: 'Assign' });
    await assign.getByLabel('A team').check();
    await assign.getByLabel('Team', { exact: true }).selectOption(TEAM);
    await assign.getByRole('button', { name: 'Assign module' }).click();
    await expect(assign.getByRole('status').filter({ hasText: 'Assigned. 1 person has the module now' })).toBeVisible();

    // The dashboard, filtered to the team with the keyboard: assigned, not started.
    await page.goto('/hr');
    await expect(page.getByRole('heading', { level: 1, name: 'Training dashboard' })).toBeVisible();
    // The filter applies as it is chosen.
    await page.getByLabel('Team', { exact: true }).selectOption(TEAM);
    await page.waitForURL((url) => url.searchParams.get('team') === TEAM);
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect(summary).toContainText('Assigned1');
    await expect(summary).toContainText('Not started1');
    await expect(summary).toContainText('Completed0');
    const table = page.getByRole('region', { name: 'People and their assignments' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('Status: Not started');
    await expect(table.getByRole('row').nth(1)).toContainText('0 of 2 passed');
    await expectAccessible(page);

    // The trainee passes both scenarios.
    const trainee = await signedInAs(browser, email);
    for (const id of SCENARIOS) {
      await startScenario(trainee, id);
      await playPath(trainee, builtin(id), passing(id));
      await expect(trainee.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
    }
    await trainee.context().close();

    // Completed, with its score and two attempts; a week's bar counts it; the team has principle scores.
    await page.reload();
    await expect(summary).toContainText('Completed1');
    await expect(summary).toContainText('Completion rate100%');
    const row = table.getByRole('row').nth(1);
    await expect(row.getByRole('rowheader')).toHaveText(NAME);
    await expect(row).toContainText('Status: Completed');
    await expect(row).toContainText('2 of 2 passed');
    const expectedScore = Math.floor((passing(SCENARIOS[0]).overall + passing(SCENARIOS[1]).overall) / 2 + 1e-9);
    await expect(row.getByRole('cell').nth(4)).toHaveText(`${expectedScore}%`);
    // Two attempts; played by a script at once, both were passes faster than they could be read.
    await expect(row.getByRole('cell').nth(5)).toHaveText(/^2, of which 2 too fast to read/);
    await expect(page.getByRole('img', { name: 'Modules completed per week' })).toBeVisible();
    await page.getByText('Show the figures as a table').click();
    const weekRows = page.getByRole('table', { name: 'Modules completed per week' }).getByRole('row');
    await expect(weekRows.last().getByRole('cell')).toHaveText(['1', '0']);
    const heatmap = page.getByRole('table', { name: /Average score per principle for each team/ });
    await expect(heatmap.getByRole('rowheader', { name: new RegExp(TEAM) })).toBeVisible();
    await expect(heatmap.getByRole('row').nth(1)).toContainText('%');
    await expectAccessible(page);

    // Sorting by a column is a link: the header says how the table is sorted.
    await table.getByRole('link', { name: /^Score/ }).click();
    await expect(page.getByRole('columnheader', { name: /^Score/ })).toHaveAttribute('aria-sort', 'ascending');

    // The CSV export holds the same row, the name written as text rather than a formula.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Download as CSV/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^frontline-assignments-\d{4}-\d{2}-\d{2}-Dashboard-Test-[a-z0-9]+\.csv$/);
    const text = (await readFile((await file.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...lines] = Papa.parse<string[]>(text.trimEnd(), { newline: '\r\n' }).data;
    expect(lines).toHaveLength(1);
    const record = Object.fromEntries(header!.map((column, i) => [column, lines[0]![i]]));
    expect(record).toMatchObject({
      Name: `'${NAME}`,
      Email: email,
      Team: TEAM,
      Module: MODULE_TITLE,
      Status: 'Completed',
      'Scenarios passed': '2',
      'Score (%)': String(expectedScore),
      Attempts: '2',
    });

    // The export is in the audit log, with the filter it was made with.
    const context = await browser.newContext({ storageState: storageStateFor('admin') });
    const admin = await context.newPage();
    await admin.goto('/admin/audit?action=records-exported');
    const entry = admin.getByRole('main').getByRole('table').getByRole('row').nth(1);
    await expect(entry.getByRole('rowheader')).toHaveText('Training records exported');
    await expect(entry).toContainText('hr@frontline.test');
    await expect(entry).toContainText('assignments.csv');
    await expect(entry).toContainText(TEAM);
    await context.close();
  });

  test('a trainee and a trainer cannot open it; a bad filter in a link is explained, not a crash', async ({ page, browser }) => {
    for (const role of ['trainee', 'trainer'] as const) {
      const context = await browser.newContext({ storageState: storageStateFor(role) });
      const other = await context.newPage();
      const response = await other.goto('/hr');
      expect(response?.status()).toBe(403);
      await context.close();
    }
    await page.goto('/hr?status=finished&team=');
    await expect(page.getByRole('main').getByRole('alert')).toContainText('status must be one of');
    await expect(page.getByRole('heading', { level: 1, name: 'Training dashboard' })).toBeVisible();
  });
});

test.describe('failures by a critical error on the dashboard', () => {
  test.use({ storageState: storageStateFor('hr') });

  const SCENARIO = 'competitor-is-cheaper';
  const team = `Critical Test ${run}`;

  test('HR narrows the dashboard to people who failed a module’s scenario by a critical error, and exports them', async ({ page, browser, baseURL }) => {
    const scenario = builtin(SCENARIO);
    const path = scoredPaths(scenario)
      .filter((p) => p.decisions.some((d) => d.critical) && !p.events.includes('TIMEOUT'))
      .sort((a, b) => a.decisions.length - b.decisions.length)[0];
    expect(path, `${SCENARIO} has a critical error to take`).toBeTruthy();
    expect(scenario.doc.meta.feedback, `${SCENARIO} is answered by key`).toBe('immediate');

    // Two trainees in a new team hold a module; one loses a conversation to a critical error.
    const made = await post(page.request, baseURL!, '/api/modules', { title: `Pricing calls ${run}`, description: '', steps: [SCENARIO], defaultDueDays: 14 });
    const { module } = (await made.json()) as { module: { id: string } };
    const emails = [`crit-a-${run}@example.test`, `crit-b-${run}@example.test`];
    for (const [i, email] of emails.entries()) {
      const created = await post(page.request, baseURL!, '/api/admin/users', { name: `Critical ${i ? 'Bo' : 'Al'} ${run}`, email, role: 'trainee', team });
      expect(created.status(), await created.text()).toBe(201);
      const { link } = (await created.json()) as { link: string };
      expect((await post(page.request, baseURL!, '/api/password', { token: link.split('/').pop(), password: PASSWORD })).status()).toBe(200);
    }
    expect((await post(page.request, baseURL!, `/api/modules/${module.id}/rules`, { kind: 'team', team })).status()).toBe(201);
    const trainee = await signedInAs(browser, emails[0]!);
    const started = await post(trainee.request, baseURL!, '/api/attempts', { scenarioId: SCENARIO, timeMode: 'off' });
    const { attemptId } = (await started.json()) as { attemptId: string };
    for (const [seq, decision] of path!.decisions.entries()) {
      expect((await post(trainee.request, baseURL!, `/api/attempts/${attemptId}/choices`, { seq, event: decision.event })).status()).toBe(200);
    }
    await trainee.context().close();

    await page.goto(`/hr?team=${encodeURIComponent(team)}`);
    const table = page.getByRole('region', { name: 'People and their assignments' });
    await expect(table.getByRole('row')).toHaveCount(3);
    await page.getByLabel('Failed by a critical error').check();
    await page.waitForURL((url) => url.searchParams.get('criticalFailure') === 'yes');
    await expect(page.getByLabel('Failed by a critical error')).toBeChecked();
    await expect(table.getByRole('row')).toHaveCount(2);
    const row = table.getByRole('row').nth(1);
    await expect(row.getByRole('rowheader')).toHaveText(`Critical Al ${run}`);
    await expect(row).toContainText('1 attempt failed by a critical error');
    await expect(page.getByRole('region', { name: 'Summary' })).toContainText('Assigned1');
    await expectAccessible(page);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Download as CSV/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/-critical-failures\.csv$/);
    const text = (await readFile((await file.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...lines] = Papa.parse<string[]>(text.trimEnd(), { newline: '\r\n' }).data;
    expect(lines).toHaveLength(1);
    const record = Object.fromEntries(header!.map((column, i) => [column, lines[0]![i]]));
    expect(record).toMatchObject({ Email: emails[0], 'Attempts failed by a critical error': '1', Attempts: '1' });
  });

  test('a bad value of the filter is explained on the page and refused by the export', async ({ page }) => {
    await page.goto('/hr?criticalFailure=1');
    await expect(page.getByRole('main').getByRole('alert')).toContainText('criticalFailure must be "yes"');
    const refused = await page.request.get('/api/hr/assignments/export?criticalFailure=1');
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('criticalFailure must be "yes"');
  });
});
