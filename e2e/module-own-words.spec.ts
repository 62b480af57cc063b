import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, newTrainee, signedInAs, startScenario, storageStateFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const TITLE = `Say it yourself ${run}`;
// A list scenario the module takes, and one it does not.
const IN_MODULE = 'closing-well';
const IN_MODULE_TITLE = 'The last five minutes';
const ELSEWHERE = 'forty-minutes-on-hold';
/** The listed replies, not the typing form's own button. */
const listed = (page: Page) => page.locator('[aria-labelledby="choices-heading"] ol').getByRole('button');

test.use({ storageState: storageStateFor('hr') });

test('a module that asks for own words has its trainees type their replies in its scenarios, and only there', async ({ page, browser, baseURL }) => {
  await page.goto('/modules/new');
  await page.getByLabel('Title').fill(TITLE);
  await page.getByLabel('Scenario to add').selectOption({ label: `${IN_MODULE_TITLE} (practice)` });
  await page.getByRole('button', { name: 'Add scenario' }).click();
  const ownWords = page.getByRole('checkbox', { name: 'Trainees type their replies in their own words' });
  await expect(ownWords).not.toBeChecked();
  await ownWords.check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create module' }).click();
  await page.waitForURL(/\/modules\/[0-9a-f-]+\?created=1$/);
  const moduleId = new URL(page.url()).pathname.split('/').pop()!;
  // Saved with the module, and shown again for the next version.
  await expect(page.getByRole('checkbox', { name: 'Trainees type their replies in their own words' })).toBeChecked();

  const trainee = await newTrainee(page.request, baseURL!, { name: `Typing Newcomer ${run}`, email: `typing-${run}@example.test` });
  const assigned = await page.request.post(`/api/modules/${moduleId}/rules`, { data: { kind: 'person', userId: trainee.id }, headers: { origin: baseURL! } });
  expect(assigned.status(), await assigned.text()).toBe(201);

  const traineePage = await signedInAs(browser, trainee.email);
  await startScenario(traineePage, IN_MODULE);
  const box = traineePage.getByLabel('What do you say?');
  await expect(box).toBeVisible();
  await expect(listed(traineePage)).toHaveCount(0);
  await expectAccessible(traineePage);

  // A scenario the module does not hold keeps its list.
  await startScenario(traineePage, ELSEWHERE);
  await expect(listed(traineePage).first()).toBeVisible();
  await expect(traineePage.getByLabel('What do you say?')).toHaveCount(0);
  await traineePage.context().close();
});
