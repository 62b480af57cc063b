import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { PRINCIPLE_IDS } from '@/machines';
import { builtin, expectAccessible, newTrainee, playPath, scoredPaths, signedInAs, startScenario, storageStateFor, type ScoredPath } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const TEAM = `Home Test ${run}`;

/** A mutation from the API, sent the way the browser sends it (same-origin). */
function post(request: APIRequestContext, baseURL: string, url: string, data: unknown) {
  return request.post(url, { data, headers: { origin: baseURL } });
}

const section = (page: Page, heading: string): Locator => page.locator('section', { has: page.getByRole('heading', { level: 2, name: heading }) });

async function play(page: Page, id: string, path: ScoredPath) {
  const scenario = builtin(id);
  await startScenario(page, id);
  await playPath(page, scenario, path);
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
}

const passing = (id: string) =>
  scoredPaths(builtin(id))
    .filter((p) => p.passed)
    .sort((a, b) => a.decisions.length - b.decisions.length)[0]!;
const worst = (id: string) => [...scoredPaths(builtin(id))].sort((a, b) => a.overall - b.overall || a.decisions.length - b.decisions.length)[0]!;

/** A calendar date as the page writes it. */
const written = (date: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

test.describe('the home page', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('with nothing assigned or played it says so and points to the library; two poor attempts show as results and principles to work on', async ({ page, browser, baseURL }) => {
    const { email } = await newTrainee(page.request, baseURL!, { name: `Nadia ${run}`, email: `nadia-${run}@example.test`, team: TEAM });
    const trainee = await signedInAs(browser, email);

    await expect(section(trainee, 'My modules')).toContainText('You have no modules assigned.');
    await expect(section(trainee, 'My modules').getByRole('link', { name: 'scenario library' })).toHaveAttribute('href', '/scenarios');
    await expect(section(trainee, 'Recent results')).toContainText('You have not finished a scenario yet.');
    await expect(section(trainee, 'Principles to work on')).toContainText('Once you finish a scenario');
    await expect(section(trainee, 'Principles to work on').getByRole('link', { name: 'Read about the service principles' })).toHaveAttribute('href', '/principles');
    await expectAccessible(trainee);

    const played = [
      ['bounced-between-departments', worst('bounced-between-departments')],
      ['competitor-is-cheaper', worst('competitor-is-cheaper')],
    ] as const;
    for (const [id, path] of played) await play(trainee, id, path);

    await trainee.goto('/');
    const results = section(trainee, 'Recent results').getByRole('listitem');
    await expect(results).toHaveCount(2);
    // Newest first.
    await expect(results.nth(0).getByRole('link')).toHaveText(`${builtin('competitor-is-cheaper').doc.meta.title}: see the debrief`);
    await expect(results.nth(1).getByRole('link')).toHaveText(`${builtin('bounced-between-departments').doc.meta.title}: see the debrief`);
    for (const i of [0, 1]) {
      await expect(results.nth(i)).toContainText('Not passed');
      await expect(results.nth(i).getByRole('link')).toHaveAttribute('href', /^\/attempts\/[0-9a-f-]{36}$/);
    }

    // The expected principles: the mean over the two attempts of each principle they scored, under 70%, lowest three.
    const sums = new Map<string, number[]>();
    for (const [, path] of played) for (const [id, value] of Object.entries(path.principles)) sums.set(id, [...(sums.get(id) ?? []), value]);
    const expected = [...sums]
      .map(([id, values]) => ({ id, average: values.reduce((a, b) => a + b, 0) / values.length, count: values.length }))
      .filter((p) => p.average < 70)
      .sort((a, b) => a.average - b.average || b.count - a.count || PRINCIPLE_IDS.indexOf(a.id) - PRINCIPLE_IDS.indexOf(b.id))
      .slice(0, 3);
    expect(expected.length).toBeGreaterThan(0);
    const principles = section(trainee, 'Principles to work on').getByRole('article');
    await expect(principles).toHaveCount(expected.length);
    for (const [i, p] of expected.entries()) {
      const card = principles.nth(i);
      await expect(card.getByRole('heading', { level: 3 }).getByRole('link')).toHaveAttribute('href', `/principles#${p.id}`);
      await expect(card).toContainText(`Average ${Math.floor(p.average)}% over ${p.count === 1 ? 'one attempt' : `${p.count} attempts`} that scored it.`);
      const practise = card.getByRole('listitem').getByRole('link');
      expect(await practise.count()).toBeGreaterThan(0);
      expect(await practise.count()).toBeLessThanOrEqual(3);
      for (const href of await practise.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^\/scenarios\/[a-z0-9-]+$/);
    }
    await expectAccessible(trainee);
    await trainee.context().close();
  });

  test('a module: its progress and due date, Continue to each next scenario, and Completed at the end', async ({ page, browser, baseURL }) => {
    const [firstId, secondId] = ['i-dont-know-but-ill-find-out', 'closing-well'];
    const [first, second] = [builtin(firstId).doc.meta.title, builtin(secondId).doc.meta.title];
    const { id: userId, email } = await newTrainee(page.request, baseURL!, { name: `Omar ${run}`, email: `omar-${run}@example.test`, team: TEAM });

    const title = `Welcome module ${run}`;
    const created = await post(page.request, baseURL!, '/api/modules', { title, description: 'Your first two conversations.', steps: [firstId, secondId], defaultDueDays: 14 });
    expect(created.status(), await created.text()).toBe(201);
    const { module } = (await created.json()) as { module: { id: string } };
    const today = new Date().toISOString().slice(0, 10);
    const dueDate = new Date(Date.parse(`${today}T00:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
    const assigned = await post(page.request, baseURL!, `/api/modules/${module.id}/rules`, { kind: 'person', userId, dueDate });
    expect(assigned.status(), await assigned.text()).toBe(201);

    const trainee = await signedInAs(browser, email);
    const card = section(trainee, 'My modules').getByRole('article', { name: title });
    const progress = card.getByRole('progressbar', { name: `Progress in ${title}` });
    await expect(progress).toHaveAttribute('aria-valuenow', '0');
    await expect(progress).toHaveAttribute('aria-valuemax', '2');
    await expect(card).toContainText('0 of 2 scenarios passed');
    await expect(card).toContainText(`Due ${written(dueDate)}`);
    await expect(card).toContainText('Status: Not started');
    await expectAccessible(trainee);

    // Nothing played yet: the module is started, not continued.
    await card.getByRole('link', { name: `Start: ${first}` }).click();
    await expect(trainee).toHaveURL(new RegExp(`/scenarios/${firstId}$`));
    await play(trainee, firstId, passing(firstId));

    await trainee.goto('/');
    await expect(progress).toHaveAttribute('aria-valuenow', '1');
    await expect(card).toContainText('1 of 2 scenarios passed');
    await expect(card).toContainText('Status: In progress');
    await expect(card.getByRole('link', { name: `Continue: ${second}` })).toHaveAttribute('href', `/scenarios/${secondId}`);
    const steps = card.getByRole('list', { name: `Scenarios in ${title}` }).getByRole('listitem');
    await expect(steps.nth(0)).toContainText(`${first}, passed`);
    await expect(steps.nth(1)).toContainText(`${second}, not passed yet`);
    await expectAccessible(trainee);

    await card.getByRole('link', { name: `Continue: ${second}` }).click();
    await expect(trainee).toHaveURL(new RegExp(`/scenarios/${secondId}$`));
    await play(trainee, secondId, passing(secondId));

    await trainee.goto('/');
    await expect(progress).toHaveAttribute('aria-valuenow', '2');
    await expect(card).toContainText('2 of 2 scenarios passed');
    await expect(card).toContainText('Status: Completed');
    await expect(card).toContainText(`Completed on ${written(new Date().toISOString().slice(0, 10))}`);
    await expect(card.getByRole('link', { name: /^Continue/ })).toHaveCount(0);
    const results = section(trainee, 'Recent results').getByRole('listitem');
    await expect(results).toHaveCount(2);
    await expect(results.nth(0)).toContainText(second);
    await expect(results.nth(0)).toContainText('Passed ✓');
    await expectAccessible(trainee);
    await trainee.context().close();
  });
});
