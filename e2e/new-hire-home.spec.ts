import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { builtin, choices, expectAccessible, newTrainee, playPath, scoredPaths, signedInAs, startScenario, storageStateFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const SHOTS = '/tmp/newhire-shots';
const [FIRST, SECOND] = ['closing-well', 'i-dont-know-but-ill-find-out'].map(builtin) as [ReturnType<typeof builtin>, ReturnType<typeof builtin>];

/** A mutation from the API, sent the way the browser sends it (same-origin). */
const post = (request: APIRequestContext, baseURL: string, url: string, data: unknown) => request.post(url, { data, headers: { origin: baseURL } });
/** A calendar date as the page writes it (the organisation's zone is UTC here). */
const today = () => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());
const passing = (scenario: ReturnType<typeof builtin>) =>
  scoredPaths(scenario)
    .filter((p) => p.passed)
    .sort((a, b) => a.decisions.length - b.decisions.length)[0]!;

async function pass(page: Page, scenario: ReturnType<typeof builtin>) {
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, passing(scenario));
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
}

test.use({ storageState: storageStateFor('admin') });

test('a new hire’s home: an earlier pass explained, Start, the unfinished conversation first with Continue, and Practise again once complete', async ({
  page,
  browser,
  baseURL,
}) => {
  const { id: userId, email } = await newTrainee(page.request, baseURL!, { name: `Hana ${run}`, email: `hana-${run}@example.test` });
  const trainee = await signedInAs(browser, email);
  await expect(trainee.getByRole('heading', { name: 'Pick up where you left off' })).toHaveCount(0);

  // Passed before the module exists, so before it is assigned.
  await pass(trainee, FIRST);
  const title = `First week ${run}`;
  const created = await post(page.request, baseURL!, '/api/modules', { title, steps: [FIRST.doc.id, SECOND.doc.id], defaultDueDays: 14 });
  expect(created.status(), await created.text()).toBe(201);
  const { module } = (await created.json()) as { module: { id: string } };
  expect((await post(page.request, baseURL!, `/api/modules/${module.id}/rules`, { kind: 'person', userId })).status()).toBe(201);

  await trainee.goto('/');
  const card = trainee.getByRole('article', { name: title });
  await expect(card).toContainText('Status: Not started');
  await expect(card).toContainText('0 of 2 scenarios passed');
  const steps = card.getByRole('list', { name: `Scenarios in ${title}` }).getByRole('listitem');
  await expect(steps.nth(0)).toContainText(`You passed this on ${today()}, before this module was assigned on ${today()}; pass it again to count it.`);
  await expect(steps.nth(1)).not.toContainText('You passed this');
  await expect(card.getByRole('link', { name: /^Continue/ })).toHaveCount(0);
  await expectAccessible(trainee);

  // Started from the card, left after one reply.
  await card.getByRole('link', { name: `Start: ${FIRST.doc.meta.title}` }).click();
  await expect(trainee).toHaveURL(new RegExp(`/scenarios/${FIRST.doc.id}$`));
  const attemptId = await startScenario(trainee, FIRST.doc.id);
  const said = await choices(trainee).first().locator('span').last().innerText();
  await choices(trainee).first().click();
  await expect(trainee.getByText('Saving…')).toHaveCount(0);

  await trainee.goto('/');
  // The unfinished conversation comes first, before the modules.
  const unfinished = trainee.getByRole('region', { name: 'Pick up where you left off' });
  await expect(unfinished).toContainText(FIRST.doc.meta.title);
  await expect(unfinished).toContainText('(practice). You have given one reply. Last reply');
  const order = await trainee.getByRole('heading', { level: 2 }).allInnerTexts();
  expect(order.slice(0, 2)).toEqual(['Pick up where you left off', 'My modules']);
  // The module has been started: Continue from here on.
  await expect(card.getByRole('link', { name: `Continue: ${FIRST.doc.meta.title}` })).toBeVisible();
  await expect(card).toContainText('Status: In progress');
  await expectAccessible(trainee);
  await trainee.setViewportSize({ width: 1280, height: 900 });
  await trainee.screenshot({ path: `${SHOTS}/home-unfinished-1280.png`, fullPage: true });
  await trainee.setViewportSize({ width: 390, height: 844 });
  await trainee.screenshot({ path: `${SHOTS}/home-unfinished-phone.png`, fullPage: true });
  await expectAccessible(trainee);
  await trainee.setViewportSize({ width: 1280, height: 900 });

  await unfinished.getByRole('link', { name: `Continue ${FIRST.doc.meta.title}` }).click();
  await expect(trainee).toHaveURL(new RegExp(`/play/${attemptId}$`));
  await expect(trainee.getByRole('log')).toContainText(said);

  // Both passed since the assignment: complete, with nothing to start or continue, and a way to practise again.
  await pass(trainee, FIRST);
  await pass(trainee, SECOND);
  await trainee.goto('/');
  await expect(card).toContainText('Status: Completed');
  await expect(card).not.toContainText('You passed this on');
  await expect(card.getByRole('link', { name: /^(Start|Continue)/ })).toHaveCount(0);
  await expect(card.getByRole('link', { name: `Practise again: ${FIRST.doc.meta.title}` })).toHaveAttribute('href', `/scenarios/${FIRST.doc.id}`);
  // Starting anew left the earlier conversation unfinished: it is still there to pick up.
  await expect(trainee.getByRole('region', { name: 'Pick up where you left off' })).toContainText(FIRST.doc.meta.title);
  await expectAccessible(trainee);
  await trainee.screenshot({ path: `${SHOTS}/home-completed-1280.png`, fullPage: true });
  await trainee.context().close();
});
