import { networkInterfaces } from 'node:os';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_PORT } from '../playwright.config';
import { OwnServer } from './own-server';
import { DEMO_PASSWORD, signInStartAndSignOutAt } from './support';

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

test('in demo mode without a configured address, signing in, starting and signing out work at every address of the machine', async ({ browser, playwright }) => {
  test.setTimeout(240_000);
  rmSync(server.dataDir, { recursive: true, force: true });
  await server.start({ NEXTAUTH_URL: '' });
  for (const address of addresses(server.port)) {
    await test.step(address, () => signInStartAndSignOutAt(browser, address, 'trainee@frontline.test', DEMO_PASSWORD));
  }
  // Any address of the machine, but still only the site's own pages may post to it.
  const api = await playwright.request.newContext({ baseURL: server.baseURL });
  const response = await api.post('/api/settings', { data: { timeMode: 'standard' }, headers: { origin: 'http://evil.example' } });
  expect(response.status()).toBe(403);
  await api.dispose();
});
