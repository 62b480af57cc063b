import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, newTrainee, signedInAs, startScenario, storageStateFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const KEPT = { id: `kept-call-${run}`, title: `Kept call ${run}` };
const RETIRED = { id: `retired-call-${run}`, title: `Retired call ${run}` };
const MODULE = `Retiring week ${run}`;
/** The one reply of the studio's blank template, which passes. */
const ONLY_REPLY = /Hello, thanks for calling\. How can I help\?$/;

function post(request: APIRequestContext, baseURL: string, url: string, data: unknown) {
  return request.post(url, { data, headers: { origin: baseURL } });
}

/** A published scenario of this test's own (the blank template), so the built-in ones stay as other tests expect them. */
async function publishedScenario(request: APIRequestContext, baseURL: string, scenario: { id: string; title: string }) {
  expect((await post(request, baseURL, '/api/author/scenarios', { mode: 'blank', ...scenario })).status()).toBe(201);
  const published = await post(request, baseURL, `/api/author/scenarios/${scenario.id}/publish`, { revision: 1, changeNote: 'First version', acknowledgeWarnings: true });
  expect(published.status(), await published.text()).toBe(201);
}

/** Plays a scenario of this test to its passing end, from its briefing. */
async function pass(page: Page, id: string) {
  await startScenario(page, id);
  await page.getByRole('button', { name: ONLY_REPLY }).click();
  await expect(page.getByRole('link', { name: 'See your debrief' })).toBeVisible();
}

/**
 * Every link of the trainee's home to a page of the site answers, after redirects, without an
 * error: no 404 anywhere a trainee can go from there. Returns the addresses walked.
 */
async function walkHome(page: Page): Promise<string[]> {
  await page.goto('/');
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const own = [...new Set(hrefs.filter((href) => href.startsWith('/')))];
  // The site's header and the home page's own: home, the library, principles, settings at least.
  expect(own).toEqual(expect.arrayContaining(['/', '/scenarios', '/principles', '/settings']));
  for (const href of own) {
    const response = await page.request.get(href);
    expect(response.status(), `${href} answers`).toBeLessThan(400);
    if ((response.headers()['content-type'] ?? '').includes('text/html')) expect(await response.text(), `${href} is not the Not found page`).not.toContain('>Not found</h1>');
  }
  return own;
}

test.describe('archiving a scenario a module uses', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('names the module and people and asks to confirm; the module then completes without it, and nothing on the trainee’s home is Not found', async ({
    page,
    browser,
    baseURL,
  }) => {
    // Two trainees' homes walked link by link, before and after completing: longer than one page's test.
    test.setTimeout(240_000);
    const base = baseURL!;
    await publishedScenario(page.request, base, KEPT);
    await publishedScenario(page.request, base, RETIRED);
    // The studio as it was before any module used the scenario: the server has the last word.
    await page.goto('/author');

    const xena = await newTrainee(page.request, base, { name: `Xena Passed ${run}`, email: `xena-${run}@example.test` });
    const yuri = await newTrainee(page.request, base, { name: `Yuri Unplayed ${run}`, email: `yuri-${run}@example.test` });
    const created = await post(page.request, base, '/api/modules', { title: MODULE, steps: [KEPT.id, RETIRED.id], defaultDueDays: 14 });
    expect(created.status(), await created.text()).toBe(201);
    const { module } = (await created.json()) as { module: { id: string } };
    for (const person of [xena, yuri]) expect((await post(page.request, base, `/api/modules/${module.id}/rules`, { kind: 'person', userId: person.id })).status()).toBe(201);

    // Xena passes the scenario about to be retired, then starts it again and leaves it unfinished.
    const xenaPage = await signedInAs(browser, xena.email);
    await pass(xenaPage, RETIRED.id);
    const unfinished = await startScenario(xenaPage, RETIRED.id);

    // The API: 409 naming the module and both people, and nothing archived.
    const refused = await post(page.request, base, `/api/author/scenarios/${RETIRED.id}/archive`, { archived: true });
    expect(refused.status()).toBe(409);
    const { error } = (await refused.json()) as { error: { code: string; details: { modules: { id: string; title: string }[]; people: { count: number; names: string[] } } } };
    expect(error.code).toBe('scenario-in-use');
    expect(error.details.modules).toEqual([{ id: module.id, title: MODULE }]);
    expect(error.details.people).toEqual({ count: 2, names: [`Xena Passed ${run}`, `Yuri Unplayed ${run}`] });
    await xenaPage.goto(`/scenarios/${RETIRED.id}`);
    await expect(xenaPage.getByRole('heading', { level: 1, name: RETIRED.title })).toBeVisible();

    // The studio, by keyboard: the question opens on the confirming button; the server's 409 turns it into one naming the module and people.
    const row = page
      .getByRole('region', { name: 'Table of scenarios' })
      .locator('tbody tr')
      .filter({ has: page.getByRole('link', { name: RETIRED.title, exact: true }) });
    await row.getByRole('button', { name: `Archive ${RETIRED.title}` }).focus();
    await page.keyboard.press('Enter');
    const panel = row.getByRole('group', { name: `Confirm: archive ${RETIRED.title}` });
    await expect(panel.getByRole('button', { name: 'Yes, archive' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(panel.getByRole('alert')).toHaveText('Nothing was archived: modules use it that this page did not show yet. Look again before you confirm.');
    const confirm = panel.getByRole('button', { name: 'Yes, archive and retire it' });
    await expect(confirm).toBeFocused();
    await expect(confirm).toHaveAccessibleDescription(new RegExp(`A module asks for it\\..*${MODULE}.*2 people hold it open: Xena Passed ${run} and Yuri Unplayed ${run}\\.`));
    await expect(panel.getByRole('link', { name: MODULE })).toHaveAttribute('href', `/modules/${module.id}`);
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/archiving-confirm.png', fullPage: true });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: `“${RETIRED.title}” is archived` })).toContainText(`It is retired from the module “${MODULE}”.`);

    // Yuri never played it: it is marked retired, not linked, and the module completes without it.
    const yuriPage = await signedInAs(browser, yuri.email);
    const card = yuriPage.getByRole('article', { name: MODULE });
    const steps = card.getByRole('list', { name: `Scenarios in ${MODULE}` });
    await expect(steps).toContainText(`${RETIRED.title}, retired`);
    await expect(steps).toContainText('Retired from the module: no longer needed to complete it');
    await expect(card.getByRole('link', { name: RETIRED.title })).toHaveCount(0);
    await expect(card).toContainText('0 of 1 scenario passed');
    await expectAccessible(yuriPage);
    await yuriPage.screenshot({ path: 'test-results/archiving-home.png', fullPage: true });
    const yuriLinks = await walkHome(yuriPage);
    expect(yuriLinks).toContain(`/scenarios/${KEPT.id}`);
    expect(yuriLinks).not.toContain(`/scenarios/${RETIRED.id}`);
    await card.getByRole('link', { name: `Start: ${KEPT.title}` }).click();
    await yuriPage.waitForURL(`**/scenarios/${KEPT.id}`);
    await pass(yuriPage, KEPT.id);
    await yuriPage.goto('/');
    await expect(card).toContainText('Status: Completed');
    await expect(card).toContainText('1 of 1 scenario passed');
    await expect(card).toContainText('Every scenario still required passed');
    expect(await walkHome(yuriPage)).toContainEqual(expect.stringMatching(/^\/api\/assignments\/[0-9a-f-]{36}\/certificate$/));
    await yuriPage.context().close();

    // Xena keeps her pass; her debrief of it opens and no longer offers a retry; her unfinished attempt stays playable.
    await xenaPage.goto('/');
    const xenaCard = xenaPage.getByRole('article', { name: MODULE });
    await expect(xenaCard).toContainText('1 of 2 scenarios passed');
    await expect(xenaCard).toContainText('Retired from the module: your pass still counts');
    const walked = await walkHome(xenaPage);
    const debrief = walked.find((href) => href.startsWith('/attempts/'));
    expect(debrief).toBeDefined();
    await xenaPage.goto(debrief!);
    await expect(xenaPage.getByText('This scenario has been retired: it can no longer be played, and this result is kept.').first()).toBeVisible();
    await expect(xenaPage.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    expect((await xenaPage.request.get(`/play/${unfinished}`)).status()).toBe(200);
    await xenaPage.goto('/');
    await xenaCard.getByRole('link', { name: `Continue: ${KEPT.title}` }).click();
    await pass(xenaPage, KEPT.id);
    await xenaPage.goto('/');
    await expect(xenaCard).toContainText('Status: Completed');
    await expect(xenaCard).toContainText('2 of 2 scenarios passed');
    await walkHome(xenaPage);
    await xenaPage.context().close();

    // HR: the module page and the person's record mark it.
    await page.goto(`/modules/${module.id}`);
    const notice = page.getByRole('region', { name: 'A scenario of this module was retired' });
    await expect(notice).toContainText(`“${RETIRED.title}” was archived on`);
    await expect(page.getByRole('list', { name: 'Scenarios in the module' })).toContainText(new RegExp(`${RETIRED.title}\\s*\\(retired: archived\\)`));
    await expectAccessible(page);
    await page.goto(`/hr/people/${yuri.id}`);
    await expect(page.locator('section[aria-labelledby="assignments-heading"]')).toContainText(`Retired: “${RETIRED.title}” was archived; no longer required`);
  });
});
