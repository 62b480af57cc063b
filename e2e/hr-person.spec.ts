import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';
import { builtin, expectAccessible, NEW_PERSON_PASSWORD, playThroughApi as play, scoredPaths, signedInAs, storageStateFor, wordsFor, type ScoredPath } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const NAME = `Zoë Ångström-Łukasz ${run}`;
const PASSWORD = NEW_PERSON_PASSWORD;
const [FIRST, SECOND] = ['i-dont-know-but-ill-find-out', 'closing-well'];
const MODULE = `Certificate module ${run}`;

function post(request: APIRequestContext, baseURL: string, url: string, data: unknown) {
  return request.post(url, { data, headers: { origin: baseURL } });
}

const passing = (id: string) =>
  scoredPaths(builtin(id))
    .filter((p) => p.passed)
    .sort((a, b) => a.decisions.length - b.decisions.length)[0]!;
const failing = (id: string) => [...scoredPaths(builtin(id))].filter((p) => !p.passed).sort((a, b) => a.overall - b.overall)[0]!;

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const { totalPages, text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return { pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

/** Presses Tab until the element has focus, at most `limit` times; fails if it never gets there. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>, limit = 60) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      // Keyboard focus is visible: the focus ring applies.
      expect(await target.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

test.describe('a person’s training record and certificates', () => {
  test.use({ storageState: storageStateFor('hr') });

  let userId: string;
  let email: string;
  let trainee: Page;
  const attempts: { failed?: string; first?: string; second?: string } = {};

  test.beforeAll(async ({ browser, baseURL }) => {
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    email = `zoe-${run}@example.test`;
    const created = await post(admin.request, baseURL!, '/api/admin/users', { name: NAME, email, role: 'trainee', team: `Certificates ${run}` });
    expect(created.status(), await created.text()).toBe(201);
    const { user, link } = (await created.json()) as { user: { id: string }; link: string };
    userId = user.id;
    expect((await post(admin.request, baseURL!, '/api/password', { token: link.split('/').pop(), password: PASSWORD })).status()).toBe(200);
    const moduleResponse = await post(admin.request, baseURL!, '/api/modules', { title: MODULE, description: 'Two conversations.', steps: [FIRST, SECOND], defaultDueDays: 14 });
    expect(moduleResponse.status(), await moduleResponse.text()).toBe(201);
    const { module: made } = (await moduleResponse.json()) as { module: { id: string } };
    expect((await post(admin.request, baseURL!, `/api/modules/${made.id}/rules`, { kind: 'person', userId })).status()).toBe(201);
    await admin.close();

    // The trainee fails the first scenario once, then passes both: the module is completed.
    trainee = await signedInAs(browser, email);
    attempts.failed = await play(trainee.request, baseURL!, FIRST, failing(FIRST));
    attempts.first = await play(trainee.request, baseURL!, FIRST, passing(FIRST));
    attempts.second = await play(trainee.request, baseURL!, SECOND, passing(SECOND));
  });

  test.afterAll(async () => {
    await trainee?.context().close();
  });

  test('the trainee downloads their own certificate from home; another trainee cannot', async ({ browser }) => {
    await trainee.goto('/');
    const card = trainee.getByRole('article', { name: MODULE });
    await expect(card).toContainText('Status: Completed');
    const link = card.getByRole('link', { name: `Download certificate (PDF) for ${MODULE}` });
    const [download] = await Promise.all([trainee.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^Certificate - Certificate module .+ - Zoë Ångström-Łukasz .+\.pdf$/);
    const bytes = new Uint8Array(await readFile((await download.path())!));
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBe(1);
    expect(text).toContain(NAME);
    expect(text).toContain(MODULE);
    expect(text).toContain(`Certificate ID: ${(await link.getAttribute('href'))!.split('/')[3]}`);
    await expectAccessible(trainee);

    const other = await browser.newContext({ storageState: storageStateFor('trainee') });
    const refused = await other.request.get((await link.getAttribute('href'))!);
    expect(refused.status()).toBe(404);
    expect(refused.headers()['content-type']).toContain('application/json');
    await other.close();
  });

  test('HR opens the person from People and sees assignments, principle scores and every attempt', async ({ page }) => {
    await page.goto(`/admin/users/${userId}`);
    await page.getByRole('link', { name: 'Training record' }).click();
    await expect(page).toHaveURL(new RegExp(`/hr/people/${userId}$`));
    await expect(page.getByRole('heading', { level: 1, name: NAME })).toBeVisible();
    await expect(page).toHaveTitle(`${NAME} · Training record · Frontline`);
    await expect(page.getByRole('link', { name: 'Account and access' })).toHaveAttribute('href', `/admin/users/${userId}`);

    const row = page.getByRole('region', { name: 'Assignments' }).getByRole('row').filter({ hasText: MODULE });
    await expect(row).toContainText('Status: Completed');
    await expect(row).toContainText('2 of 2 passed');
    await expect(row).toContainText('Version 1 · assigned by name');
    await expect(row.getByRole('cell').nth(3)).toHaveText('3');

    // One chart per principle the attempts scored, each an image with a summary, and the table behind them.
    const principles = new Set([...Object.keys(failing(FIRST).principles), ...Object.keys(passing(FIRST).principles), ...Object.keys(passing(SECOND).principles)]);
    const charts = page.getByRole('img', { name: /scores over time:/ });
    await expect(charts).toHaveCount(principles.size);
    await expect(charts.first()).toHaveAccessibleName(/^\S.* scores over time: (one attempt|\d+ attempts) on \d+ \w+ \d{4}, latest \d+%, average \d+%\./);
    await page.getByText('The scores as a table').click();
    await expect(page.getByRole('region', { name: 'Scores per principle, by attempt' }).getByRole('row')).toHaveCount(1 + 3);

    const list = page
      .getByRole('list', { name: 'Attempts, newest first' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3 }) });
    await expect(list).toHaveCount(3);
    await expect(list.nth(0).getByRole('heading', { level: 3 })).toHaveText(`${builtin(SECOND).doc.meta.title}: see the full debrief`);
    await expect(list.nth(2)).toContainText('Not passed');
    await expectAccessible(page);
  });

  test('HR expands a transcript in place, follows it to the debrief, and downloads the certificate', async ({ page }) => {
    await page.goto(`/hr/people/${userId}`);
    const failed = page
      .getByRole('list', { name: 'Attempts, newest first' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3 }) })
      .nth(2);
    const path = failing(FIRST);
    const scenario = builtin(FIRST);
    await failed.getByText(/^Transcript: /).click();
    const transcript = failed.locator('details');
    await expect(transcript).toHaveAttribute('open', '');
    // Each reply the trainee chose, under their name, with the customer's words before it and the feedback after.
    const first = path.decisions[0]!;
    await expect(transcript.getByRole('heading', { level: 4, name: `Reply 1 of ${path.decisions.length}` })).toBeVisible();
    await expect(transcript.getByText(wordsFor(scenario, first.state, first.event), { exact: true }).first()).toBeVisible();
    await expect(transcript).toContainText(NAME);
    await expect(transcript).toContainText('Feedback:');
    await expectAccessible(page);

    await failed.getByRole('link', { name: /see the full debrief/ }).click();
    await expect(page).toHaveURL(new RegExp(`/attempts/${attempts.failed}$`));
    await expect(page.getByText(`You are viewing ${NAME}’s attempt.`)).toBeVisible();
    await page.goBack();

    const link = page.getByRole('link', { name: `Download certificate (PDF) for ${MODULE}` });
    const response = await page.request.get((await link.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="certificate-certificate-module-.+\.pdf"; filename\*=UTF-8''/);
    const { text } = await pdfText(new Uint8Array(await response.body()));
    expect(text).toContain(NAME);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  });

  test('the page works by keyboard alone', async ({ page }) => {
    await page.goto(`/hr/people/${userId}`);
    await page.locator('body').focus();
    await tabTo(page, page.getByRole('link', { name: `Download certificate (PDF) for ${MODULE}` }));
    await tabTo(page, page.getByText('The scores as a table'));
    await page.keyboard.press('Enter');
    await expect(page.locator('details', { hasText: 'The scores as a table' })).toHaveAttribute('open', '');
    const summary = page.getByText(/^Transcript: /).first();
    await tabTo(page, summary);
    await page.keyboard.press('Enter');
    await expect(summary.locator('xpath=..')).toHaveAttribute('open', '');
    await expect(page.getByRole('heading', { level: 4, name: /^Reply 1 of/ }).first()).toBeVisible();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/attempts/${attempts.second}$`));
  });

  test('people without the role are refused the page', async ({ browser }) => {
    const other = await browser.newContext({ storageState: storageStateFor('trainer') });
    const page = await other.newPage();
    const response = await page.goto(`/hr/people/${userId}`);
    expect(response?.status()).toBe(403);
    await other.close();
  });
});

test.describe('critical errors and time limits on a person’s record', () => {
  test.use({ storageState: storageStateFor('hr') });

  const CRITICAL_SCENARIO = 'competitor-is-cheaper';
  const TIMED_SCENARIO = 'closing-well';
  const name = `Cai Critical ${run}`;
  let userId: string;
  let trainee: Page;
  let critical: ScoredPath;

  test.beforeAll(async ({ browser, baseURL }) => {
    const found = scoredPaths(builtin(CRITICAL_SCENARIO))
      .filter((p) => p.decisions.some((d) => d.critical) && !p.events.includes('TIMEOUT'))
      .sort((a, b) => a.decisions.length - b.decisions.length)[0];
    expect(found, `${CRITICAL_SCENARIO} has a critical error to take`).toBeTruthy();
    expect(builtin(CRITICAL_SCENARIO).doc.meta.feedback, `${CRITICAL_SCENARIO} is answered by key`).toBe('immediate');
    critical = found!;
    const admin = await browser.newContext({ storageState: storageStateFor('admin') });
    const email = `cai-${run}@example.test`;
    const created = await post(admin.request, baseURL!, '/api/admin/users', { name, email, role: 'trainee' });
    expect(created.status(), await created.text()).toBe(201);
    const { user, link } = (await created.json()) as { user: { id: string }; link: string };
    userId = user.id;
    expect((await post(admin.request, baseURL!, '/api/password', { token: link.split('/').pop(), password: PASSWORD })).status()).toBe(200);
    await admin.close();

    trainee = await signedInAs(browser, email);
    // A timed scenario whose limits the trainee changes twice, left unfinished.
    const started = await post(trainee.request, baseURL!, '/api/attempts', { scenarioId: TIMED_SCENARIO, timeMode: 'standard' });
    const { attemptId } = (await started.json()) as { attemptId: string };
    expect((await post(trainee.request, baseURL!, `/api/attempts/${attemptId}/time-mode`, { timeMode: 'extended' })).status()).toBe(200);
    const first = passing(TIMED_SCENARIO).decisions[0]!;
    expect((await post(trainee.request, baseURL!, `/api/attempts/${attemptId}/choices`, { seq: 0, event: first.event })).status()).toBe(200);
    expect((await post(trainee.request, baseURL!, `/api/attempts/${attemptId}/time-mode`, { timeMode: 'off' })).status()).toBe(200);
    // Then a conversation lost to a critical error (an untimed scenario).
    await play(trainee.request, baseURL!, CRITICAL_SCENARIO, critical);
  });

  test.afterAll(async () => {
    await trainee?.context().close();
  });

  const attemptsList = (page: Page, name = 'Attempts, newest first') =>
    page
      .getByRole('list', { name })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3 }) });

  test('HR sees which reply was a critical error and why, in the list and in the transcript', async ({ page }) => {
    await page.goto(`/hr/people/${userId}`);
    await expect(page.getByText(', 1 failed by a critical error')).toBeVisible();
    const lost = attemptsList(page).nth(0);
    const reasons = critical.decisions.flatMap((d, i) => (d.critical ? [{ reply: i + 1, reason: d.critical }] : []));
    await expect(lost).toContainText(`Failed by ${reasons.length === 1 ? 'one critical error' : `${reasons.length} critical errors`}`);
    for (const { reply, reason } of reasons) await expect(lost).toContainText(`Reply ${reply}: ${reason}`);
    // An untimed scenario says nothing about time limits.
    await expect(lost).not.toContainText('Time limits');
    await lost.getByText(/^Transcript: /).click();
    const marked = lost.getByRole('heading', { level: 4, name: new RegExp(`^Reply ${reasons[0]!.reply} of \\d+: a critical error$`) });
    await expect(marked).toBeVisible();
    await expect(lost.locator('details')).toContainText(`Critical error: ${reasons[0]!.reason}`);
    await expectAccessible(page);
  });

  test('HR sees a timed attempt’s limits and each change of them', async ({ page }) => {
    await page.goto(`/hr/people/${userId}`);
    const timed = attemptsList(page).nth(1);
    await expect(timed).toContainText('Time limits: started standard, now off (no time limits); changed 2 times:');
    await expect(timed).toContainText('At reply 1: from standard to extended (twice as long)');
    await expect(timed).toContainText('At reply 2: from extended (twice as long) to off (no time limits)');
  });

  test('HR narrows the attempts to those failed by a critical error; a bad filter is explained', async ({ page }) => {
    await page.goto(`/hr/people/${userId}`);
    const filter = page.getByRole('navigation', { name: 'Which attempts to show' });
    await expect(filter.getByRole('link', { name: 'All attempts (2)' })).toHaveAttribute('aria-current', 'page');
    await filter.getByRole('link', { name: 'Failed by a critical error (1)' }).click();
    await page.waitForURL((url) => url.searchParams.get('criticalFailure') === 'yes');
    await expect(filter.getByRole('link', { name: /Failed by a critical error/ })).toHaveAttribute('aria-current', 'page');
    await expect(attemptsList(page, 'Attempts failed by a critical error, newest first')).toHaveCount(1);
    await expectAccessible(page);

    const response = await page.goto(`/hr/people/${userId}?criticalFailure=maybe`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('main').getByRole('alert')).toContainText('criticalFailure must be "yes"');
    await expect(attemptsList(page)).toHaveCount(2);
  });
});
