import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${E2E_PORT}`;

/** Debian's Chromium where Playwright's own browser cannot be downloaded; override with PLAYWRIGHT_CHROMIUM_EXECUTABLE. */
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
export const launchOptions = {
  executablePath,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

const screenshots = process.env.SCREENSHOTS === '1';

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'reports/playwright.json' }]] : [['list'], ['html', { open: 'never' }]],
  use: { baseURL, launchOptions, trace: 'retain-on-failure' },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', dependencies: ['setup'], testIgnore: /screenshots\.spec\.ts/ },
    ...(screenshots ? [{ name: 'screenshots', dependencies: ['setup'], testMatch: /screenshots\.spec\.ts/ }] : []),
  ],
  webServer: {
    // A fresh embedded database for every run; npm start builds first when the sources changed.
    command: 'rm -rf .data/e2e && npm start',
    url: `${baseURL}/api/health`,
    // A cold production build on two busy cores can take more than five minutes.
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { PORT: String(E2E_PORT), FRONTLINE_DATA_DIR: '.data/e2e', FRONTLINE_DEMO: '1', FRONTLINE_DEMO_TRAINEES: '0', NEXTAUTH_URL: baseURL },
  },
});
