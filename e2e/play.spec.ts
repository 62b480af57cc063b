import { expect, test } from '@playwright/test';
import { decisionTimeLimitMs, initialSnapshot, principleName } from '@/machines';
import { builtin, choices, expectAccessible, floorPercent, playPath, scoredPaths, startScenario, storageStateFor, wordsFor } from './support';

test.use({ storageState: storageStateFor('trainee') });

async function expectDebriefMatches(page: import('@playwright/test').Page, path: ReturnType<typeof scoredPaths>[number]) {
  await page.getByRole('link', { name: 'See your debrief' }).click();
  await expect(page).toHaveURL(/\/attempts\//);
  const overall = page.getByRole('meter', { name: 'Overall score' });
  await expect(overall).toHaveAttribute('aria-valuenow', String(floorPercent(path.overall)));
  for (const [id, percent] of Object.entries(path.principles)) {
    await expect(page.getByRole('meter', { name: `${principleName(id)} score`, exact: true })).toHaveAttribute('aria-valuenow', String(floorPercent(percent)));
  }
  await expect(page.getByText(path.passed ? /^Passed/ : /^Not passed/).first()).toBeVisible();
}

test('play a coaching scenario to its best ending, with feedback after each reply, and read the debrief', async ({ page }) => {
  const scenario = builtin('i-dont-know-but-ill-find-out');
  const best = scoredPaths(scenario)
    .filter((p) => p.outcome === 'success')
    .sort((a, b) => b.overall - a.overall)[0]!;
  expect(best.overall).toBeGreaterThanOrEqual(90);
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, best);
  // Coaching: one coach note per reply, with the server's feedback.
  await expect(page.getByText('Coach', { exact: true })).toHaveCount(best.decisions.length);
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
  await expectDebriefMatches(page, best);
  await expect(page.getByText('Outcome: Resolved', { exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.goto('/scenarios');
  const card = page.getByRole('article', { name: scenario.doc.meta.title });
  await expect(card).toContainText(`Best score ${floorPercent(best.overall)}%`);
  await expect(card).toContainText('Passed ✓');
});

test('play an assessment to a failure: no feedback until the debrief, which explains what went wrong', async ({ page }) => {
  const scenario = builtin('promise-you-cannot-keep');
  const worst = scoredPaths(scenario)
    .filter((p) => p.outcome === 'failure')
    .sort((a, b) => a.overall - b.overall)[0]!;
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, worst);
  await expect(page.getByText('Coach', { exact: true })).toHaveCount(0);
  await expectDebriefMatches(page, worst);
  await expect(page.getByText('Outcome: Not resolved', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Where it cost you most' })).toBeVisible();
  await expect(page.getByText('What would have worked better').first()).toBeVisible();
});

test('play a whole scenario with the keyboard alone', async ({ page }) => {
  const scenario = builtin('closing-well');
  const path = scoredPaths(scenario)
    .filter((p) => p.passed)
    .sort((a, b) => b.overall - a.overall)[0]!;
  await page.goto('/scenarios');
  // Tab to the scenario's card: one stop per card, its title.
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (name === scenario.doc.meta.title) break;
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/scenarios/${scenario.doc.id}$`));
  // Radios: Tab reaches the chosen one, arrows move the choice; then on to the start button.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)) === 'timeMode') break;
  }
  // Arrows move the choice, whichever option the trainee's saved preference starts on.
  const noLimits = page.getByLabel('No time limits');
  for (let i = 0; i < 3 && !(await noLimits.isChecked()); i++) await page.keyboard.press('ArrowDown');
  await expect(noLimits).toBeChecked();
  await expect(noLimits).toBeFocused();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (/^Start (the|a new) conversation$/.test((await page.evaluate(() => document.activeElement?.textContent)) ?? '')) break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL('**/play/**');

  for (const [n, decision] of path.decisions.entries()) {
    const words = wordsFor(scenario, decision.state, decision.event);
    const buttons = choices(page);
    await expect(buttons.first()).toBeVisible();
    const index = (await buttons.allTextContents()).findIndex((text) => text.endsWith(words));
    expect(index).toBeGreaterThanOrEqual(0);
    if (n === 0) {
      // The first reply by Tab and Enter, the rest by number keys.
      for (let i = 0; i <= index; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.press(String(index + 1));
    }
  }
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeFocused();
  // The link appears once the server has scored the attempt.
  await expect(page.getByRole('link', { name: 'See your debrief' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'See your debrief' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/attempts\//);
  await expect(page.getByRole('meter', { name: 'Overall score' })).toHaveAttribute('aria-valuenow', String(floorPercent(path.overall)));
});

test('reloading mid-scenario resumes where it was, with the transcript', async ({ page }) => {
  const scenario = builtin('competitor-is-cheaper');
  const path = scoredPaths(scenario).sort((a, b) => b.decisions.length - a.decisions.length)[0]!;
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(0, 2) });
  const before = await page.getByRole('log').innerText();
  const options = await choices(page).allTextContents();
  await page.reload();
  await expect(choices(page).first()).toBeVisible();
  expect(await page.getByRole('log').innerText()).toBe(before);
  expect(await choices(page).allTextContents()).toEqual(options);
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(2) });
  await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
});

test('a timed reply left unanswered counts as silence, and the server agrees', async ({ page }) => {
  const scenario = builtin('forty-minutes-on-hold');
  // The time to read the opening at 250 words a minute, plus its written limit.
  const limit = decisionTimeLimitMs(scenario, initialSnapshot(scenario), 'standard')!;
  test.setTimeout(limit + 60_000);
  await startScenario(page, scenario.doc.id, 'Standard');
  await expect(page.getByRole('timer')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(new RegExp(`^(${Math.ceil(limit / 1000)}|${Math.ceil(limit / 1000) - 1}|${Math.ceil(limit / 1000) - 2}) s left$`));
  await expect(page.getByText("(You didn't reply in time.)")).toBeVisible({ timeout: limit + 10_000 });
  await expect(page.getByText('Saving…')).toHaveCount(0);
  await page.reload();
  await expect(page.getByText("(You didn't reply in time.)")).toBeVisible();
  await expect(page.getByText("You're still reading the account notes.")).toBeVisible();
});

test('library, briefing, player, principles and settings pass axe', async ({ page }) => {
  await page.goto('/scenarios');
  await expectAccessible(page);
  await page.goto('/principles');
  await expectAccessible(page);
  await page.goto('/settings');
  await expectAccessible(page);
  const scenario = builtin('forty-minutes-on-hold');
  await page.goto(`/scenarios/${scenario.doc.id}`);
  await expectAccessible(page);
  await startScenario(page, scenario.doc.id);
  const path = scoredPaths(scenario)[0]!;
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(0, 1) });
  await expect(page.getByText('Coach', { exact: true })).toHaveCount(1);
  await expectAccessible(page);
});

test('a critical error in coaching is named at once, and fails the attempt whatever the score', async ({ page }) => {
  const scenario = builtin('i-dont-know-but-ill-find-out');
  // The best-scoring path that takes a critical error and would otherwise have passed.
  const path = scoredPaths(scenario)
    .filter((p) => p.decisions.some((d) => d.critical !== null) && p.outcome !== 'failure')
    .sort((a, b) => b.overall - a.overall)[0]!;
  expect(path.passed).toBe(false);
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, path);
  const critical = path.decisions.find((d) => d.critical !== null)!;
  await expect(page.getByText(`Critical error: ${critical.critical}`, { exact: false })).toBeVisible();
  await expect(page.getByText(/critical error was made, which fails the attempt whatever the score/)).toBeVisible();
  await expect(page.getByText(`Not passed (pass mark ${scenario.doc.meta.passPercent}%)`)).toBeVisible();
  await expectAccessible(page);
});
