import { devices, expect, test } from '@playwright/test';
import { builtin, choices, expectAccessible, startScenario, storageStateFor } from './support';

test.use({ storageState: storageStateFor('trainee') });

test('the library is one tab stop per card, and a card opens the briefing, which continues an unfinished conversation', async ({ page }) => {
  await page.goto('/scenarios');
  const cards = page.getByRole('article');
  const count = await cards.count();
  expect(count).toBeGreaterThan(5);
  // Everything in a card that takes focus: its title's link, nothing else.
  const focusable = await cards.evaluateAll((articles) =>
    articles.map((article) => [...article.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter((el) => el.tabIndex >= 0).length),
  );
  expect(focusable).toEqual(Array(count).fill(1));

  // One reply into a scenario, then back to the library.
  const scenario = builtin('closing-well');
  const attemptId = await startScenario(page, scenario.doc.id);
  const said = await choices(page).first().locator('span').last().innerText();
  await choices(page).first().click();
  await expect(page.getByText('Saving…')).toHaveCount(0);
  await page.goto('/scenarios');
  const card = page.getByRole('article', { name: scenario.doc.meta.title });
  await expect(card).toContainText('A conversation in progress: open it to continue.');
  await card.getByRole('link', { name: scenario.doc.meta.title }).click();
  await expect(page).toHaveURL(new RegExp(`/scenarios/${scenario.doc.id}$`));
  await expect(page.getByRole('heading', { name: 'You have not finished this conversation' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start a new conversation' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Continue the conversation' }).click();
  await expect(page).toHaveURL(new RegExp(`/play/${attemptId}$`));
  await expect(page.getByRole('log')).toContainText(said);
});

test.describe('on a phone', () => {
  // A phone's screen and touch input (its browser engine is the one the suite runs).
  const { defaultBrowserType: _engine, ...pixel } = devices['Pixel 7'];
  test.use(pixel);

  test('the header is one row with a menu, and the player does not offer number keys', async ({ page }) => {
    await page.goto('/scenarios');
    const header = page.getByRole('banner');
    expect((await header.boundingBox())!.height).toBeLessThan(70);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await header.getByText('Menu').click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Principles' })).toBeVisible();
    await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expectAccessible(page);
    // Following a link closes the menu.
    await nav.getByRole('link', { name: 'Principles' }).click();
    await expect(page).toHaveURL(/\/principles$/);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();

    const scenario = builtin('closing-well');
    await page.goto(`/scenarios/${scenario.doc.id}`);
    await expect(page.getByText('Tip: choose a reply')).toBeHidden();
    await startScenario(page, scenario.doc.id);
    await expect(page.getByText('Choose a reply')).toBeVisible();
    await expect(page.getByText(', or press its number')).toBeHidden();
    await expectAccessible(page);
  });
});
