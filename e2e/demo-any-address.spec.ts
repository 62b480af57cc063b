import { networkInterfaces } from 'node:os';
import { rmSync } from 'node:fs';
import { expect, test, type Browser } from '@playwright/test';
import { E2E_PORT } from '../playwright.config';
import { OwnServer } from './own-server';
import { DEMO_PASSWORD } from './support';

/**
 * Demo mode without NEXTAUTH_URL: the site answers at whatever address it is opened at, as when a
 * trainer shows a colleague the demo at the machine's network address (docs/security.md).
 */
const server = new OwnServer(E2E_PORT + 7, '.data/e2e-any-address');
test.afterAll(() => server.kill());

/** The machine's own addresses: loopback by name and number, and a network address where it has one. */
function addresses(port: number): string[] {
  const network = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, ...(network ? [`http://${network.address}:${port}`] : [])];
}

async function signInStartAndSignOut(browser: Browser, address: string) {
  const context = await browser.newContext({ baseURL: address, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/scenarios/closing-well');
  await page.waitForURL(`${address}/login?from=%2Fscenarios%2Fclosing-well`);
  await page.getByLabel('Email').fill('trainee@frontline.test');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${address}/scenarios/closing-well`);
  await page.getByRole('button', { name: 'Start the conversation' }).click();
  await page.waitForURL(`${address}/play/**`);
  await expect(page.getByRole('heading', { name: 'Your reply' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${address}/login`);
  await context.close();
}

test('in demo mode without a configured address, signing in, starting and signing out work at every address of the machine', async ({ browser, playwright }) => {
  test.setTimeout(240_000);
  rmSync(server.dataDir, { recursive: true, force: true });
  await server.start({ NEXTAUTH_URL: '' });
  for (const address of addresses(server.port)) {
    await test.step(address, () => signInStartAndSignOut(browser, address));
  }
  // Any address of the machine, but still only the site's own pages may post to it.
  const api = await playwright.request.newContext({ baseURL: server.baseURL });
  const response = await api.post('/api/settings', { data: { timeMode: 'standard' }, headers: { origin: 'http://evil.example' } });
  expect(response.status()).toBe(403);
  await api.dispose();
});
