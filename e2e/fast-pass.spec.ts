import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { builtin, expectAccessible, newTrainee, playThroughApi, scoredPaths, signedInAs, storageStateFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const SCENARIO = 'closing-well';
const SHOTS = '/tmp/records-shots';
const FLAG = 'Passed faster than it could be read';

test.describe('a pass faster than its text could be read', () => {
  test.use({ storageState: storageStateFor('hr'), viewport: { width: 1280, height: 900 } });

  const team = `Fast readers ${run}`;
  const name = `Quick Quinn ${run}`;
  let userId: string;
  let moduleId: string;

  test.beforeAll(async ({ browser, baseURL }) => {
    const hr = await browser.newContext({ storageState: storageStateFor('hr') });
    const post = (url: string, data: unknown) => hr.request.post(url, { data, headers: { origin: baseURL! } });
    const made = await post('/api/modules', { title: `Closing calls ${run}`, description: '', steps: [SCENARIO], defaultDueDays: 14 });
    expect(made.status(), await made.text()).toBe(201);
    moduleId = ((await made.json()) as { module: { id: string } }).module.id;
    ({ id: userId } = await newTrainee(hr.request, baseURL!, { name, email: `quick-${run}@example.test`, team }));
    expect((await post(`/api/modules/${moduleId}/rules`, { kind: 'team', team })).status()).toBe(201);
    await hr.close();

    // The trainee clicks straight through a passing path, with no time at all to read.
    const passing = scoredPaths(builtin(SCENARIO))
      .filter((p) => p.passed)
      .sort((a, b) => a.decisions.length - b.decisions.length)[0]!;
    const trainee = await signedInAs(browser, `quick-${run}@example.test`);
    await playThroughApi(trainee.request, baseURL!, SCENARIO, passing);
    await trainee.context().close();
  });

  test('HR finds the flag on the dashboard, in its filter and CSV, on the person and the module, and in the xAPI', async ({ page }) => {
    // The dashboard: the row says so, and the filter narrows to it.
    await page.goto(`/hr?team=${encodeURIComponent(team)}`);
    const table = page.getByRole('region', { name: 'People and their assignments' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('1 too fast to read');
    // The filter applies as it changes.
    await page.getByLabel(FLAG).check();
    await page.waitForURL((url) => url.searchParams.get('fastPass') === 'yes');
    await expect(page.getByLabel(FLAG)).toBeChecked();
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1).getByRole('rowheader')).toHaveText(name);
    await expect(page.getByText('Showing only the modules of people who passed one of the module’s scenarios in under half the time')).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/dashboard-fast-pass.png`, fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Download as CSV/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/-fast-passes\.csv$/);
    const text = (await readFile((await file.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...lines] = Papa.parse<string[]>(text.trimEnd(), { newline: '\r\n' }).data;
    expect(lines).toHaveLength(1);
    expect(Object.fromEntries(header!.map((column, i) => [column, lines[0]![i]]))).toMatchObject({ Name: name, 'Attempts passed faster than they could be read': '1' });

    // The person's record: the attempt carries the flag and both times, and has a list of its own.
    await page.goto(`/hr/people/${userId}`);
    const attempts = page.getByRole('region', { name: 'Attempts' });
    await expect(attempts.getByText(FLAG, { exact: true })).toBeVisible();
    await expect(attempts).toContainText(/Answered in (under 1 s|\d+ s); what it showed takes about (\d+ min )?\d+ s to read at a brisk pace\. Passed in under half that time/);
    await attempts.getByRole('link', { name: `${FLAG} (1)` }).click();
    await page.waitForURL((url) => url.searchParams.get('fastPass') === 'yes');
    await expect(attempts).toContainText('One attempt passed faster than the text could be read.');
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}/person-fast-pass.png`, fullPage: true });

    // The module's page lists the pass and leads to the person.
    await page.goto(`/modules/${moduleId}`);
    const section = page.getByRole('region', { name: FLAG });
    await expect(section.getByRole('rowheader')).toHaveText(name);
    await expectAccessible(page);
    await section.screenshot({ path: `${SHOTS}/module-fast-pass.png` });

    // The xAPI: the result says so, with both times.
    const exported = await page.request.get(`/api/hr/xapi?userId=${userId}`);
    expect(exported.status()).toBe(200);
    const { statements } = (await exported.json()) as { statements: { verb: { id: string }; result?: { extensions?: Record<string, unknown> } }[] };
    const verdict = statements.find((s) => s.verb.id.endsWith('/passed'))!;
    const pace = Object.entries(verdict.result!.extensions!).find(([iri]) => iri.endsWith('/xapi/extensions/reading-pace'))![1] as Record<string, unknown>;
    expect(pace).toMatchObject({ passedFasterThanReading: true });
    expect(pace.answeringMs as number).toBeLessThan((pace.readingMs as number) / 2);
  });
});
