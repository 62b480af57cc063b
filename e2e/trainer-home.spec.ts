import { expect, test, type APIRequestContext } from '@playwright/test';
import { builtin, expectAccessible, newTrainee, NEW_PERSON_PASSWORD, playPath, scoredPaths, signedInAs, startScenario, storageStateFor } from './support';

test.use({ storageState: storageStateFor('admin') });

const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const sum = (points: Record<string, number>) => Object.values(points).reduce((a, b) => a + b, 0);

/** A new trainer, made by an admin, with a password set through their one-time link. */
async function newTrainer(admin: APIRequestContext, baseURL: string, email: string) {
  const created = await admin.post('/api/admin/users', { data: { name: `Trina ${run}`, email, role: 'trainer' }, headers: { origin: baseURL } });
  expect(created.status(), await created.text()).toBe(201);
  const { link } = (await created.json()) as { link: string };
  const set = await admin.post('/api/password', { data: { token: link.split('/').pop(), password: NEW_PERSON_PASSWORD }, headers: { origin: baseURL } });
  expect(set.status()).toBe(200);
}

test('a trainer’s home shows their drafts, their scenarios with attempts and pass rate, and where trainees struggle this week', async ({ page, browser, baseURL }) => {
  const origin = baseURL!;
  const trainerEmail = `trina-${run}@example.test`;
  await newTrainer(page.request, origin, trainerEmail);
  const { email: traineeEmail } = await newTrainee(page.request, origin, { name: `Theo ${run}`, email: `theo-${run}@example.test` });
  const trainer = await signedInAs(browser, trainerEmail);

  // Nothing written yet: each part says so.
  const studio = trainer.locator('section', { has: trainer.getByRole('heading', { level: 2, name: 'Your studio' }) });
  await expect(studio).toContainText('Nothing unpublished');
  await expect(studio).toContainText('You have not written a scenario yet.');
  await expect(studio).toContainText('No trainee answer of the last 7 days on your scenarios was a critical error or scored low.');

  // A copy of a built-in scenario, published, and a blank draft never published.
  const copyId = `home-copy-${run}`;
  const copyTitle = `Closing well at home ${run}`;
  const copy = await trainer.request.post('/api/author/scenarios', {
    data: { mode: 'duplicate', fromScenarioId: 'closing-well', title: copyTitle, id: copyId },
    headers: { origin },
  });
  expect(copy.status()).toBe(201);
  const published = await trainer.request.post(`/api/author/scenarios/${copyId}/publish`, {
    data: { revision: 1, changeNote: 'Ours.', acknowledgeWarnings: true },
    headers: { origin },
  });
  expect(published.status()).toBe(201);
  const draftTitle = `Unfinished ${run}`;
  expect((await trainer.request.post('/api/author/scenarios', { data: { mode: 'blank', title: draftTitle }, headers: { origin } })).status()).toBe(201);

  // A trainee plays the copy as badly as it can be played.
  const scenario = builtin('closing-well');
  // Played with no time limits, so a path where time runs out cannot be played.
  const worst = scoredPaths(scenario)
    .filter((p) => !p.events.includes('TIMEOUT'))
    .sort((a, b) => a.overall - b.overall || a.decisions.length - b.decisions.length)[0]!;
  const trainee = await signedInAs(browser, traineeEmail);
  await startScenario(trainee, copyId);
  await playPath(trainee, scenario, worst);
  await expect(trainee.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
  // The trainee's home has no studio.
  await trainee.goto('/');
  await expect(trainee.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(trainee.getByRole('heading', { name: 'Your studio' })).toHaveCount(0);
  await expect(trainee.getByRole('heading', { level: 2, name: 'My modules' })).toBeVisible();
  await trainee.context().close();

  await trainer.goto('/');
  const drafts = studio.getByRole('list', { name: 'Your drafts' });
  await expect(drafts.getByRole('link', { name: new RegExp(`^${draftTitle}\\b`) })).toHaveAttribute('href', /\/author\/unfinished-/);
  await expect(drafts).toContainText('Draft — never published');
  await expect(drafts).not.toContainText(copyTitle);
  const mine = studio.getByRole('region', { name: 'Table of your scenarios' });
  const copyRow = mine.getByRole('row').filter({ has: trainer.getByRole('link', { name: copyTitle }) });
  await expect(copyRow.getByRole('cell')).toHaveText(['Published v1', '1', worst.passed ? '100% of 1 finished' : '0% of 1 finished']);
  await expect(
    mine
      .getByRole('row')
      .filter({ has: trainer.getByRole('link', { name: draftTitle }) })
      .getByRole('cell'),
  ).toHaveText(['Draft — never published', '0', '—']);

  // The steps the worst path went wrong at: a critical error, or under half the best reply's points.
  const wrong = worst.decisions
    .filter((d) => d.critical !== null || sum(d.earned) < sum(d.best) * 0.5)
    .map((d) => d.state)
    .sort()
    .slice(0, 5);
  expect(wrong.length).toBeGreaterThan(0);
  const struggles = studio.getByRole('list', { name: 'Steps where trainees struggle most' });
  await expect(struggles.getByRole('listitem')).toHaveCount(wrong.length);
  for (const [index, state] of wrong.entries()) {
    const item = struggles.getByRole('listitem').nth(index);
    await expect(item.getByRole('link')).toHaveText(`${copyTitle}, step “${state}”: see how trainees played it`);
    await expect(item).toContainText('1 of 1 answers went wrong');
  }
  await expectAccessible(trainer);
  await trainer.setViewportSize({ width: 1280, height: 900 });
  await studio.screenshot({ path: 'docs/screenshots/trainer-home.png' });
  if (process.env.E2E_SHOTS_DIR) {
    await trainer.screenshot({ path: `${process.env.E2E_SHOTS_DIR}/trainer-home-1280.png`, fullPage: true });
    await trainer.setViewportSize({ width: 390, height: 844 });
    await trainer.screenshot({ path: `${process.env.E2E_SHOTS_DIR}/trainer-home-phone.png`, fullPage: true });
    await trainer.setViewportSize({ width: 1280, height: 900 });
  }

  // Each leads to the studio's figures for that step: the editor at the step, with how trainees played it open.
  await struggles.getByRole('link').first().click();
  await trainer.waitForURL(`**/author/${copyId}?step=${wrong[0]}&usage=shown`);
  await expect(trainer.getByRole('navigation', { name: /Steps/ }).getByRole('button', { name: new RegExp(`^\\S*\\s*${wrong[0]}\\b`) })).toHaveAttribute('aria-current', 'true');
  const usage = trainer.locator('details', { has: trainer.locator('summary', { hasText: 'How trainees played the published versions' }) });
  await expect(usage).toHaveAttribute('open', '');
  await trainer.context().close();
});

test('an admin who authors sees the studio on their home too', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 2, name: 'Your studio' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Where trainees struggle most this week' })).toBeVisible();
  await expectAccessible(page);
});
