import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectAccessible } from './support';

test('a visitor who is not signed in is sent to sign in, and comes back after', async ({ page }) => {
  await page.goto('/scenarios/closing-well');
  await expect(page).toHaveURL(/\/login\?from=%2Fscenarios%2Fclosing-well$/);
  await expect(page.getByRole('heading', { name: 'Sign in to Frontline' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Email').fill('trainee@frontline.test');
  await page.getByLabel('Password').fill('frontline-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/scenarios\/closing-well$/);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('trainee@frontline.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('That email and password do not match an active account.');
  await expect(page).toHaveURL(/\/login/);
});

test('signing in from the plain sign-in page lands on the home page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill('trainee@frontline.test');
  await page.getByLabel('Password').fill('frontline-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
});

test('the API answers 401 without a session, and refuses a cross-site POST', async ({ request, baseURL }) => {
  const view = await request.get('/api/attempts/00000000-0000-0000-0000-000000000000');
  expect(view.status()).toBe(401);
  expect(await view.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first.' } });
  const foreign = await request.post('/api/attempts', { data: { scenarioId: 'closing-well' }, headers: { origin: 'https://evil.example' } });
  expect(foreign.status()).toBe(403);
  const noOrigin = await request.post(`${baseURL}/api/attempts/00000000-0000-0000-0000-000000000000/choices`, { data: { seq: 0, event: 'x' }, headers: { origin: '' } });
  expect(noOrigin.status()).toBe(403);
});

test('the health check reports the database and the scenarios', async ({ request }) => {
  const response = await request.get('/api/health');
  const builtIn = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'principles.json').length;
  expect(builtIn).toBeGreaterThanOrEqual(22);
  expect(await response.json()).toEqual({ status: 'ok', database: 'pglite', scenarios: builtIn });
});
