import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { BROKEN_SCENARIOS } from '@/machines/test-fixtures/broken-scenarios';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { expectAccessible, startScenario, storageStateFor } from './support';

test.use({ storageState: storageStateFor('trainer') });

const BUILTINS = readdirSync('scenarios')
  .filter((name) => name.endsWith('.json') && name !== 'principles.json')
  .map((name) => {
    const doc = JSON.parse(readFileSync(`scenarios/${name}`, 'utf8')) as { id: string; meta: { title: string } };
    return { id: doc.id, title: doc.meta.title };
  });
const closingWell = BUILTINS.find((b) => b.id === 'closing-well')!;
const stamp = Date.now().toString(36);

/** The editor is built separately: once its page exists, landing on it shows the scenario's title. */
const editorExists = existsSync('app/author/[scenarioId]/page.tsx');

const rows = (page: Page) => page.getByRole('region', { name: 'Table of scenarios' }).locator('tbody tr');
const rowOf = (page: Page, title: string) => rows(page).filter({ has: page.getByRole('link', { name: title, exact: true }) });
const panelOf = (page: Page, name: string) => page.locator('details').filter({ has: page.locator('summary', { hasText: name }) });
const importPanel = (page: Page) => panelOf(page, 'Import a scenario file');
const importAlert = (page: Page) => importPanel(page).getByRole('alert');

async function openPanel(page: Page, name: string): Promise<Locator> {
  const panel = panelOf(page, name);
  await panel.locator('summary').click();
  await expect(panel).toHaveAttribute('open', '');
  return panel;
}

/** How many scenarios the studio holds, archived ones included. */
async function scenarioCount(page: Page): Promise<number> {
  await page.goto('/author?archived=shown');
  return rows(page).count();
}

async function importFile(page: Page, filePath: string) {
  const panel = importPanel(page);
  await panel.getByLabel('Scenario file').setInputFiles(filePath);
  await panel.getByRole('button', { name: 'Check and import' }).click();
}

async function expectEditor(page: Page, scenarioId: string, title: string) {
  await expect(page).toHaveURL(new RegExp(`/author/${scenarioId}$`));
  if (editorExists) await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
}

test('the list shows every built-in scenario as published, from git', async ({ page }) => {
  await page.goto('/author');
  await expect(page.getByRole('heading', { level: 1, name: 'Studio' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Studio' })).toHaveAttribute('aria-current', 'page');
  for (const builtin of BUILTINS) {
    const row = rowOf(page, builtin.title);
    await expect(row).toHaveCount(1);
    await expect(row.getByRole('link', { name: builtin.title })).toHaveAttribute('href', `/author/${builtin.id}`);
    await expect(row).toContainText(builtin.id);
    await expect(row).toContainText('Built-in, from git');
    await expect(row).toContainText(/Published v\d+/);
    await expect(row).not.toContainText('unpublished');
    await expect(row).toContainText('from a file in git');
  }
});

test('a new scenario from the blank template opens in the editor, with the id shown before it is made', async ({ page }) => {
  await page.goto('/author');
  const form = await openPanel(page, 'New scenario');
  const title = `Refund at the counter ${stamp}`;
  await form.getByLabel('Title', { exact: true }).fill(title);
  const id = `refund-at-the-counter-${stamp}`;
  await expect(form.getByText(`/author/${id}`)).toBeVisible();
  await form.getByRole('button', { name: 'Create and open the editor' }).click();
  await expectEditor(page, id, title);

  await page.goto('/author');
  const row = rowOf(page, title);
  await expect(row).toContainText('Draft — never published');
  await expect(row).toContainText('Authored here');
  await expect(row).toContainText('by Robin Trainer');
  await expect(row.getByRole('button', { name: `Export ${title}: not published yet` })).toBeDisabled();

  // The same title again gets the next free id, shown before it is created.
  const again = await openPanel(page, 'New scenario');
  await again.getByLabel('Title', { exact: true }).fill(title);
  await expect(again.getByText(`/author/${id}-2`)).toBeVisible();
  // An id typed by hand must be well formed; the field says why and takes focus.
  await again.getByLabel('Id (optional)').fill('Not An Id');
  await again.getByRole('button', { name: 'Create and open the editor' }).click();
  await expect(again.getByLabel('Id (optional)')).toBeFocused();
  await expect(again.getByLabel('Id (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(again.getByText('Use lower-case letters and digits')).toBeVisible();
});

test('duplicating asks for the copy’s title and id, checks the id as it is typed, then opens the copy', async ({ page }) => {
  const before = await scenarioCount(page);
  await page.goto('/author');
  const opener = rowOf(page, closingWell.title).getByRole('button', { name: `Duplicate ${closingWell.title}` });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: `Duplicate “${closingWell.title}”` });
  await expect(dialog).toBeVisible();
  const title = dialog.getByLabel('Title of the copy');
  const id = dialog.getByLabel('Id of the copy');
  await expect(title).toHaveValue(`Copy of ${closingWell.title}`);
  await expect(title).toBeFocused();
  await expect(id).toHaveValue(/^copy-of-/);
  await expectAccessible(page);

  // Escape closes it, nothing made, and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  expect(await scenarioCount(page)).toBe(before);

  await page.goto('/author');
  await rowOf(page, closingWell.title)
    .getByRole('button', { name: `Duplicate ${closingWell.title}` })
    .click();
  // The id follows the title until it is typed; a bad or taken one is said beside the field, live.
  await title.fill(`Closing well, our way ${stamp}`);
  await expect(id).toHaveValue(`closing-well-our-way-${stamp}`);
  await id.fill('Not An Id');
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('Use lower-case letters and digits')).toBeVisible();
  await id.fill('closing-well');
  await expect(dialog.getByText('“closing-well” is taken by another scenario. Choose another id.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Duplicate and open the copy' }).click();
  await expect(id).toBeFocused();
  await expectAccessible(page);
  const copyId = `our-closing-${stamp}`;
  await id.fill(copyId);
  await expect(dialog.getByText(`“${copyId}” is free.`)).toBeVisible();
  if (process.env.E2E_SHOTS_DIR) await page.screenshot({ path: `${process.env.E2E_SHOTS_DIR}/duplicate-dialog-1280.png` });
  await dialog.getByRole('button', { name: 'Duplicate and open the copy' }).click();
  await expectEditor(page, copyId, `Closing well, our way ${stamp}`);

  expect(await scenarioCount(page)).toBe(before + 1);
  const copy = rows(page).filter({ hasText: copyId });
  await expect(copy).toContainText(`Closing well, our way ${stamp}`);
  await expect(copy).toContainText('Draft — never published');
  await expect(copy).toContainText('Authored here');
});

test('the server refuses a copy with a bad or taken id, changing nothing', async ({ page, baseURL }) => {
  const before = await scenarioCount(page);
  const headers = { origin: baseURL! };
  const bad = await page.request.post('/api/author/scenarios', { data: { mode: 'duplicate', fromScenarioId: 'closing-well', title: 'A copy', id: 'Bad Id' }, headers });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ error: { code: 'invalid-id', details: { field: 'id' } } });
  const taken = await page.request.post('/api/author/scenarios', { data: { mode: 'duplicate', fromScenarioId: 'closing-well', title: 'A copy', id: 'closing-well' }, headers });
  expect(taken.status()).toBe(409);
  expect(await taken.json()).toMatchObject({
    error: { code: 'scenario-exists', message: 'A scenario with the id "closing-well" already exists. Choose another id; nothing was created.' },
  });
  expect(await scenarioCount(page)).toBe(before);
});

test('exporting a built-in version downloads the file exactly as scenarios/ keeps it', async ({ page }) => {
  await page.goto('/author');
  const row = rowOf(page, closingWell.title);
  const exportButton = row.getByRole('button', { name: `Export ${closingWell.title}` });
  await expect(exportButton).toHaveAttribute('aria-expanded', 'false');
  await exportButton.click();
  await expect(exportButton).toHaveAttribute('aria-expanded', 'true');
  const versions = row.getByRole('list', { name: `Versions of ${closingWell.title}` });
  await expect(versions).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), versions.getByRole('link', { name: /^Version \d+ \(newest\)$/ }).click()]);
  expect(download.suggestedFilename()).toBe('closing-well.json');
  const exported = await readFile((await download.path())!, 'utf8');
  const original = JSON.parse(readFileSync('scenarios/closing-well.json', 'utf8')) as unknown;
  expect(JSON.parse(exported)).toEqual(original);
  expect(exported).toBe(`${JSON.stringify(original, null, 2)}\n`);
});

test('importing each broken scenario file shows its problem by path and saves nothing; a good file is imported once', async ({ page }) => {
  test.setTimeout(240_000);
  const directory = await mkdtemp(path.join(tmpdir(), 'frontline-broken-'));
  const before = await scenarioCount(page);

  await page.goto('/author');
  await openPanel(page, 'Import a scenario file');
  for (const [index, broken] of BROKEN_SCENARIOS.entries()) {
    await test.step(broken.name, async () => {
      const file = path.join(directory, `${String(index).padStart(2, '0')}-${broken.name.replace(/[^a-z0-9]+/gi, '-')}.json`);
      await writeFile(file, broken.text);
      await importFile(page, file);
      const alert = importAlert(page);
      await expect(alert).toContainText('Nothing was saved.');
      await expect(alert).toBeFocused();
      const problem = alert
        .getByRole('listitem')
        .filter({ has: page.getByText(broken.path, { exact: true }) })
        .filter({ hasText: broken.message });
      await expect(problem.first()).toBeVisible();
    });
  }
  // The list of problems is readable by everyone: checked with the last one showing.
  await expectAccessible(page);
  expect(await scenarioCount(page)).toBe(before);

  const id = `imported-call-${stamp}`;
  const title = `Imported call ${stamp}`;
  const good = { ...fixtureScenario(), id, meta: { ...fixtureScenario().meta, title } };
  const goodFile = path.join(directory, `${id}.json`);
  await writeFile(goodFile, asText(good));
  await page.goto('/author');
  await openPanel(page, 'Import a scenario file');
  await importFile(page, goodFile);
  await expectEditor(page, id, title);
  await page.goto('/author');
  await expect(rowOf(page, title)).toContainText('Draft — never published');
  expect(await scenarioCount(page)).toBe(before + 1);

  // The same file again: its id is taken, and the message says what to do.
  await page.goto('/author');
  await openPanel(page, 'Import a scenario file');
  await importFile(page, goodFile);
  const alert = importAlert(page);
  await expect(alert).toContainText(`A scenario with the id "${id}" already exists`);
  await expect(alert).toContainText('change its "id"');
  await expect(alert.getByRole('link', { name: `open ${id}` })).toHaveAttribute('href', `/author/${id}`);
  expect(await scenarioCount(page)).toBe(before + 1);
});

test('an archived scenario leaves the trainees’ library and can be brought back', async ({ page, browser, baseURL }) => {
  // A published authored scenario of this test's own, so the built-in ones stay as other tests expect them.
  const id = `archive-me-${stamp}`;
  const title = `Archive me ${stamp}`;
  const created = await page.request.post('/api/author/scenarios', { data: { mode: 'blank', title, id }, headers: { origin: baseURL! } });
  expect(created.status()).toBe(201);
  const published = await page.request.post(`/api/author/scenarios/${id}/publish`, {
    data: { revision: 1, changeNote: 'First version', acknowledgeWarnings: true },
    headers: { origin: baseURL! },
  });
  expect(published.status()).toBe(201);

  const trainee = await browser.newPage({ storageState: storageStateFor('trainee') });
  const library = trainee.getByRole('list', { name: 'Scenarios', exact: true });
  await trainee.goto('/scenarios');
  await expect(library.getByRole('listitem').filter({ hasText: title })).toHaveCount(1);

  await page.goto('/author');
  const row = rowOf(page, title);
  await expect(row).toContainText('Published v1');
  const attemptsCell = row.getByRole('cell').nth(2);
  const passRateCell = row.getByRole('cell').nth(3);
  await expect(attemptsCell).toHaveText('0');
  await expect(passRateCell).toHaveText('—');

  // The trainee plays it once to the end: the list counts the attempt and its pass.
  await startScenario(trainee, id);
  await trainee.getByRole('button', { name: /Hello, thanks for calling\. How can I help\?$/ }).click();
  await expect(trainee.getByRole('link', { name: 'See your debrief' })).toBeVisible();
  await page.reload();
  await expect(attemptsCell).toHaveText('1');
  await expect(passRateCell).toHaveText('100% of 1 finished');

  // An edit saved after publishing shows as unpublished changes.
  const draft = (await (await page.request.get(`/api/author/scenarios/${id}/draft`)).json()) as { source: string; revision: number };
  const edited = JSON.parse(draft.source) as { meta: { summary: string } };
  edited.meta.summary = 'A customer who wants to be archived.';
  const saved = await page.request.put(`/api/author/scenarios/${id}/draft`, {
    data: { source: JSON.stringify(edited, null, 2), baseRevision: draft.revision },
    headers: { origin: baseURL! },
  });
  expect(saved.status()).toBe(200);
  await page.reload();
  await expect(row.getByRole('cell').first()).toHaveText('Published v1, with unpublished changes');

  await row.getByRole('button', { name: `Archive ${title}` }).click();
  const confirm = row.getByRole('group', { name: `Confirm: archive ${title}` });
  await expect(confirm.getByRole('button', { name: 'Yes, archive' })).toBeFocused();
  // Cancelling changes nothing and gives focus back.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByRole('button', { name: `Archive ${title}` })).toBeFocused();
  await row.getByRole('button', { name: `Archive ${title}` }).click();
  await row.getByRole('button', { name: 'Yes, archive' }).click();
  await expect(page.getByRole('status').filter({ hasText: `“${title}” is archived` })).toBeVisible();
  await expect(rowOf(page, title)).toHaveCount(0);

  await trainee.goto('/scenarios');
  await expect(trainee.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
  await expect(library.getByRole('listitem').filter({ hasText: title })).toHaveCount(0);

  await page.getByRole('link', { name: /^Show archived scenarios/ }).click();
  await expect(page).toHaveURL(/\/author\?archived=shown$/);
  const archived = rowOf(page, title);
  await expect(archived).toContainText('Archived');
  await expect(archived).toContainText('Published v1, with unpublished changes');
  await expectAccessible(page);
  await archived.getByRole('button', { name: `Bring back ${title}` }).click();
  await archived.getByRole('button', { name: 'Yes, bring it back' }).click();
  await expect(page.getByRole('status').filter({ hasText: `“${title}” is back` })).toBeVisible();
  await expect(rowOf(page, title)).not.toContainText('Archived');

  await trainee.goto('/scenarios');
  await expect(library.getByRole('listitem').filter({ hasText: title })).toHaveCount(1);
  await trainee.close();
});

test('a trainee may not open the studio', async ({ browser }) => {
  const trainee = await browser.newPage({ storageState: storageStateFor('trainee') });
  const response = await trainee.goto('/author');
  expect(response?.status()).toBe(403);
  await expect(trainee.getByRole('heading', { name: 'Not available to your role' })).toBeVisible();
  await expect(trainee.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Studio' })).toHaveCount(0);
  await trainee.close();
});
