import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, expectAccessible, signIn, storageStateFor } from './support';

const isSignInPost = (response: { url(): string; request(): { method(): string } }) =>
  new URL(response.url()).pathname === '/api/auth/callback/credentials' && response.request().method() === 'POST';

async function submitPassword(page: Page, password: string) {
  await page.getByLabel('Password').fill(password);
  const response = page.waitForResponse(isSignInPost);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  return response;
}

test('after five wrong passwords the sixth attempt is answered 429 with Retry-After, and the page says how long to wait', async ({ page }) => {
  // An email with no account, so no demo account is locked for the other tests.
  const email = `nobody-${Date.now()}@frontline.test`;
  const alert = page.locator('form').getByRole('alert');
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  for (let i = 1; i <= 5; i++) {
    const response = await submitPassword(page, `wrong-guess-${i}`);
    expect(response.status()).toBe(401);
    await expect(alert).toHaveText('That email and password do not match an active account.');
  }

  const refused = await submitPassword(page, `wrong-guess-6`);
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()['retry-after']);
  expect(retryAfter).toBeGreaterThan(14 * 60);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  await expect(alert).toHaveText('Too many failed sign-ins. Try again in 15 minutes.');
  await expect(page).toHaveURL(/\/login$/);
  await expectAccessible(page);

  // Refused before the password is looked at: the right one would not get in either.
  const again = await submitPassword(page, DEMO_PASSWORD);
  expect(again.status()).toBe(429);
});

test('session cookies are HttpOnly and SameSite=Lax (and not Secure on localhost, which is plain HTTP)', async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  const csrf = await request.get('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { email: 'trainee@frontline.test', password: DEMO_PASSWORD, csrfToken, callbackUrl: '/scenarios', json: 'true' },
  });
  expect(response.status()).toBe(200);

  const setCookies = [...csrf.headersArray(), ...response.headersArray()].filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
  const session = setCookies.find((c) => c.startsWith('next-auth.session-token='));
  expect(session, setCookies.join('\n')).toBeDefined();
  expect(setCookies.some((c) => c.startsWith('next-auth.csrf-token='))).toBe(true);
  for (const cookie of setCookies) {
    const attributes = cookie
      .split(';')
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes, cookie).toContain('httponly');
    expect(attributes, cookie).toContain('samesite=lax');
    expect(attributes, cookie).toContain('path=/');
    expect(attributes, cookie).not.toContain('secure');
  }
  await request.dispose();
});

test.describe('signing out', () => {
  // Signing out ends every session of the account, including the one the other specs share:
  // make it again afterwards.
  test.afterAll(async ({ browser }) => {
    const page = await browser.newPage();
    await signIn(page, 'trainee@frontline.test');
    await page.context().storageState({ path: storageStateFor('trainee') });
    await page.close();
  });

  test('ends the session everywhere: a copied session cookie stops working', async ({ browser }) => {
    const original = await browser.newContext();
    const page = await original.newPage();
    await signIn(page, 'trainee@frontline.test');
    const session = (await original.cookies()).find((c) => c.name === 'next-auth.session-token');
    expect(session).toBeDefined();

    const copy = await browser.newContext();
    await copy.addCookies([session!]);
    const copied = await copy.newPage();
    await copied.goto('/scenarios');
    await expect(copied.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    expect((await original.cookies()).find((c) => c.name === 'next-auth.session-token')).toBeUndefined();

    // The copy still holds the cookie, but the server no longer accepts it.
    expect((await copy.cookies()).find((c) => c.name === 'next-auth.session-token')?.value).toBe(session!.value);
    await copied.goto('/scenarios');
    await expect(copied).toHaveURL(/\/login\?from=%2Fscenarios$/);
    const api = await copy.request.get('/api/attempts/00000000-0000-0000-0000-000000000000');
    expect(api.status()).toBe(401);

    await original.close();
    await copy.close();
  });
});
