import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { builtin, expectAccessible, newTrainee, playPath, scoredPaths, signedInAs, storageStateFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const POOL = 'who-is-asking';
const POOL_TITLE = 'Assessment: who is asking?';
const VERSIONS = ['whose-account-is-it', 'calling-for-my-mother'];

function post(request: APIRequestContext, baseURL: string, url: string, data: unknown) {
  return request.post(url, { data, headers: { origin: baseURL } });
}

const versionInUrl = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

/** From the briefing the pool led to: starts, plays a path that passes or one that fails, and sees the end. */
async function playDrawn(page: Page, pass: boolean) {
  const id = versionInUrl(page);
  expect(VERSIONS).toContain(id);
  const scenario = builtin(id);
  const paths = scoredPaths(scenario);
  const path = pass ? paths.filter((p) => p.passed).sort((a, b) => a.decisions.length - b.decisions.length)[0]! : [...paths].sort((a, b) => a.overall - b.overall)[0]!;
  await page.getByRole('button', { name: 'Start the conversation' }).click();
  await page.waitForURL('**/play/**');
  await playPath(page, scenario, path);
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
  return id;
}

test.describe('an assessment pool in a module', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('each attempt draws a version not taken yet, a pass of any version completes the module, and HR sees which version each attempt was', async ({ page, browser, baseURL }) => {
    const { id: userId, email } = await newTrainee(page.request, baseURL!, { name: `Pia Pool ${run}`, email: `pool-${run}@example.test`, team: `Pools ${run}` });
    const title = `Assessment week ${run}`;
    const created = await post(page.request, baseURL!, '/api/modules', { title, steps: [`pool:${POOL}`], defaultDueDays: 14 });
    expect(created.status(), await created.text()).toBe(201);
    const { module } = (await created.json()) as { module: { id: string } };
    expect((await post(page.request, baseURL!, `/api/modules/${module.id}/rules`, { kind: 'person', userId })).status()).toBe(201);

    const trainee = await signedInAs(browser, email);
    const card = trainee.getByRole('article', { name: title });
    await expect(card.getByRole('list', { name: `Scenarios in ${title}` })).toContainText(`${POOL_TITLE}, not passed yet`);
    await expect(card).toContainText('Assessment: a different version each attempt');
    await card.getByRole('link', { name: `Start: ${POOL_TITLE}` }).click();
    await trainee.waitForURL(/\/scenarios\/[a-z-]+$/);
    await expect(trainee.getByText(`This is one version of the assessment ${POOL_TITLE}`)).toBeVisible();
    await expectAccessible(trainee);
    const drawn = versionInUrl(trainee);
    // The draw does not change on a reload: it changes when the trainee plays.
    await trainee.goto(`/pools/${POOL}`);
    expect(versionInUrl(trainee)).toBe(drawn);

    expect(await playDrawn(trainee, false)).toBe(drawn);
    await trainee.goto('/');
    await expect(card).toContainText('0 of 1 scenario passed');
    await card.getByRole('link', { name: `Continue: ${POOL_TITLE}` }).click();
    await trainee.waitForURL(/\/scenarios\/[a-z-]+$/);
    const retake = versionInUrl(trainee);
    expect(retake).not.toBe(drawn);
    await playDrawn(trainee, true);

    await trainee.goto('/');
    await expect(card).toContainText('1 of 1 scenario passed');
    await expect(card).toContainText('Status: Completed');
    await expect(card.getByRole('link', { name: /Download certificate/ })).toBeVisible();
    await trainee.context().close();

    await page.goto(`/hr/people/${userId}`);
    const attempts = page
      .getByRole('list', { name: /^Attempts/ })
      .getByRole('listitem')
      .filter({ hasText: `One version of the assessment ${POOL_TITLE}` });
    await expect(attempts).toHaveCount(2);
    await expect(attempts.nth(0)).toContainText(builtin(retake).doc.meta.title);
    await expect(attempts.nth(1)).toContainText(builtin(drawn).doc.meta.title);
    await expectAccessible(page);
  });
});

test.describe('the studio', () => {
  test.use({ storageState: storageStateFor('trainer') });

  test('shows each assessment pool’s versions side by side', async ({ page }) => {
    await page.goto('/author');
    const table = page.getByRole('table', { name: new RegExp(POOL_TITLE.replace('?', '\\?')) });
    // Sorted by scenario id.
    await expect(table.getByRole('rowheader')).toHaveText([...VERSIONS].sort().map((id) => builtin(id).doc.meta.title));
    await expect(table.getByRole('columnheader')).toHaveText(['Version', 'Attempts', 'Pass rate', 'Mean score', 'Compared with the others']);
    await expectAccessible(page);
  });
});

test.describe('the library', () => {
  test.use({ storageState: storageStateFor('trainee') });

  test('finds scenarios by channel, level, topic and words, and says how many match', async ({ page }) => {
    await page.goto('/scenarios');
    const cards = page.getByRole('list', { name: 'Scenarios' }).getByRole('article');
    const total = await cards.count();
    expect(total).toBeGreaterThanOrEqual(22);
    await expect(page.getByRole('status')).toHaveText(`${total} scenarios.`);

    await page.getByLabel('Channel').selectOption({ label: 'Email' });
    await page.getByRole('button', { name: 'Show scenarios' }).click();
    await expect(page).toHaveURL(/channel=email/);
    const emails = await cards.count();
    expect(emails).toBeGreaterThanOrEqual(3);
    await expect(page.getByRole('status')).toHaveText(`${emails} of ${total} scenarios match.`);
    for (const card of await cards.all()) await expect(card).toContainText('Email');
    await expect(page.getByLabel('Channel')).toHaveValue('email');
    await expectAccessible(page);

    await page.goto('/scenarios?topic=accessibility&level=intro');
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText('Through a relay service');

    await page.goto('/scenarios');
    await page.getByLabel('Words in the title or summary').fill('RELAY   service');
    await page.keyboard.press('Enter');
    await expect(cards.first()).toContainText('Through a relay service');

    await page.goto('/scenarios?channel=fax&q=zzzz-nothing');
    await expect(page.getByText('Not a filter this page knows, so it was left out: channel "fax".')).toBeVisible();
    await expect(page.getByText('No scenario matches all of these.')).toBeVisible();
    await page.getByRole('link', { name: 'Clear the filter' }).click();
    await expect(cards).toHaveCount(total);
  });
});
