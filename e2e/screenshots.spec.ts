import { expect, test } from '@playwright/test';
import { builtin, playPath, scoredPaths, startScenario, storageStateFor } from './support';

// Run with `npm run screenshots`: refreshes the pictures in docs/screenshots for the README.
test.use({ storageState: storageStateFor('trainee'), viewport: { width: 1280, height: 860 } });

test('screenshots of the library, the player and the debrief', async ({ page }) => {
  await page.goto('/scenarios?channel=email');
  await page.screenshot({ path: 'docs/screenshots/library.png' });
  const email = builtin('my-colleague-said-so');
  const emailPath = scoredPaths(email).sort((a, b) => b.overall - a.overall)[0]!;
  await startScenario(page, email.doc.id);
  await playPath(page, email, { ...emailPath, decisions: emailPath.decisions.slice(0, 2) });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/player-email.png', fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });

  const scenario = builtin('forty-minutes-on-hold');
  const path = scoredPaths(scenario).sort((a, b) => b.overall - a.overall)[0]!;
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(0, 2) });
  await page.mouse.move(0, 0);
  await page.getByText('Coach', { exact: true }).last().scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 120));
  await page.screenshot({ path: 'docs/screenshots/player.png' });

  const other = builtin('promise-you-cannot-keep');
  const middling = scoredPaths(other)
    .filter((p) => p.outcome === 'partial')
    .sort((a, b) => b.overall - a.overall)[0]!;
  await startScenario(page, other.doc.id);
  await playPath(page, other, middling);
  await page.getByRole('link', { name: 'See your debrief' }).click();
  await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/debrief.png' });
  await page.getByRole('heading', { name: 'Where it cost you most' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/debrief-costliest.png' });
});

test('screenshots of an assessment in play and of a debrief after a critical error', async ({ page }) => {
  const assessment = builtin('bounced-between-departments');
  const best = scoredPaths(assessment).sort((a, b) => b.overall - a.overall)[0]!;
  await startScenario(page, assessment.doc.id);
  await playPath(page, assessment, { ...best, decisions: best.decisions.slice(0, 2) });
  await page.mouse.move(0, 0);
  await page.getByRole('heading', { name: 'Your reply' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'docs/screenshots/assessment.png' });

  const coaching = builtin('i-dont-know-but-ill-find-out');
  const critical = scoredPaths(coaching)
    .filter((p) => p.decisions.some((d) => d.critical !== null) && p.outcome !== 'failure')
    .sort((a, b) => b.overall - a.overall)[0]!;
  await startScenario(page, coaching.doc.id);
  await playPath(page, coaching, critical);
  await page.getByRole('link', { name: 'See your debrief' }).click();
  await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/debrief-critical.png', fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1400 } });
});

test.describe('as a trainer', () => {
  test.use({ storageState: storageStateFor('trainer') });

  test('screenshot of the editor warning about a guessable scenario', async ({ page, baseURL }) => {
    const created = await page.request.post('/api/author/scenarios', { data: { mode: 'blank', title: 'Refund request by chat' }, headers: { origin: baseURL! } });
    const { scenarioId } = (await created.json()) as { scenarioId: string };
    await page.goto(`/author/${scenarioId}`);
    const warnings = page.getByRole('list', { name: 'Warnings found by the checker' });
    await expect(warnings).toBeVisible();
    await warnings.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/studio-warnings.png' });
  });

  test('screenshot of the assessment pools in the studio', async ({ page }) => {
    await page.goto('/author');
    await page.getByRole('heading', { name: 'Assessment pools' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: 'docs/screenshots/studio-pools.png' });
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('screenshots of the people page and the audit log', async ({ page }) => {
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/people.png' });
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    await page.getByRole('heading', { name: 'Entries' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: 'docs/screenshots/audit-log.png' });
  });
});

test.describe('as an admin, the email outbox and the organisation', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('screenshots of an invitation in the outbox and of the organisation settings', async ({ page, baseURL }) => {
    const created = await page.request.post('/api/admin/users', {
      data: { name: 'Noor Haddad', email: `noor.haddad.${Date.now().toString(36)}@example.test`, role: 'trainee', team: 'Support' },
      headers: { origin: baseURL! },
    });
    expect(created.status()).toBe(201);
    await page.goto('/admin/mail');
    await expect(page.getByRole('heading', { level: 1, name: 'Email' })).toBeVisible();
    const invitation = page.getByRole('listitem').filter({ hasText: 'Noor Haddad' }).first();
    await invitation.locator('summary').first().click();
    await expect(invitation.locator('iframe')).toBeVisible();
    await invitation.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'docs/screenshots/mail-outbox.png' });

    await page.goto('/admin/organisation');
    await page.screenshot({ path: 'docs/screenshots/organisation.png' });
  });
});

test.describe('a new hire on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('screenshot of the home page with an unfinished conversation first', async ({ page }) => {
    await startScenario(page, 'closing-well');
    await page.goto('/');
    await page.screenshot({ path: 'docs/screenshots/home-phone.png' });
  });
});
