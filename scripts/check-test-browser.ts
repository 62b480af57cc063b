/**
 * The first step of `npm test`: the browser tests need a Chromium, and without one they would fail
 * only after the unit tests, deep inside Playwright. This stops at once and says what to run.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { launchOptions } from '../playwright.config';

const chosen = launchOptions.executablePath;
if (chosen ? !existsSync(chosen) : !existsSync(chromium.executablePath())) {
  process.stderr.write(
    [
      chosen ? `The browser tests are set to use ${chosen}, which does not exist.` : 'The browser tests need Chromium, and none was found.',
      'Install one, then run npm test again:',
      '  apt-get install chromium            (Debian or Ubuntu; used from /usr/bin/chromium)',
      "  npx playwright install chromium     (Playwright's own build, where downloads are allowed)",
      'or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
