import { chromium } from '@playwright/test';
const base = 'http://localhost:3323';
const [,, role, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const width = Number(process.env.W ?? 1280);
const context = await browser.newContext({ viewport: { width, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(240000);
await page.goto(`${base}/login?from=%2F`);
await page.getByLabel('Email').fill(`${role}@frontline.test`);
await page.getByLabel('Password').fill('frontline-demo');
await page.getByRole('button', { name: 'Sign in', exact: true }).click();
await page.waitForURL(`${base}/`);
for (const p of paths) {
  await page.goto(base + p, { timeout: 240000 });
  await page.waitForLoadState('networkidle');
  const name = p.replace(/[^a-z0-9]+/gi, '_').slice(0, 60) || 'home';
  await page.screenshot({ path: `/tmp/hradmin-shots/dev-${width}-${name}.png`, fullPage: true });
  const overflow = await page.locator('[role="region"]:has(table)').evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-label') ?? e.getAttribute('aria-labelledby')}: ${e.scrollWidth}/${e.clientWidth}`));
  const links = await page.locator('a[href*="/people/"], a[href*="/admin/users/"]').evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('href')));
  const regions = page.locator('[role="region"]:has(table)');
  for (let i = 0; i < Math.min(await regions.count(), 3); i++) await regions.nth(i).screenshot({ path: `/tmp/hradmin-shots/dev-${width}-${name}-table${i}.png` });
  console.log(p, JSON.stringify(overflow), JSON.stringify(links));
}
await browser.close();
