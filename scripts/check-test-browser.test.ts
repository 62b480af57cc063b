import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-test-browser.ts'], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('npm test’s first step', () => {
  it('stops at once, saying what to install, when the browser the tests would use is not there', () => {
    const missing = run({ PLAYWRIGHT_CHROMIUM_EXECUTABLE: '/nowhere/chromium' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('The browser tests are set to use /nowhere/chromium, which does not exist.');
    expect(missing.stderr).toContain('apt-get install chromium');
    expect(missing.stderr).toContain('npx playwright install chromium');
  });

  it('lets the suite go on when it is', () => {
    const found = run({ PLAYWRIGHT_CHROMIUM_EXECUTABLE: process.execPath });
    expect([found.status, found.stderr]).toEqual([0, '']);
  });
});
