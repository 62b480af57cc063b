import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_PORT } from '../playwright.config';
import { OwnServer } from './own-server';
import { builtin, choices, playPath, scoredPaths, signIn, startScenario } from './support';

const server = new OwnServer(E2E_PORT + 1, '.data/e2e-restart');
const baseURL = server.baseURL;
test.afterAll(() => server.kill());

test('an attempt survives the server being killed and restarted', async ({ browser }) => {
  test.setTimeout(240_000);
  rmSync(server.dataDir, { recursive: true, force: true });
  await server.start();

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, 'trainee@frontline.test');
  const scenario = builtin('bounced-between-departments');
  const path = scoredPaths(scenario).sort((a, b) => b.overall - a.overall)[0]!;
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(0, 3) });
  const transcript = await page.getByRole('log').innerText();
  const options = await choices(page).allTextContents();

  server.kill();
  await server.start();

  await page.reload();
  await expect(choices(page).first()).toBeVisible();
  expect(await page.getByRole('log').innerText()).toBe(transcript);
  expect(await choices(page).allTextContents()).toEqual(options);
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(3) });
  await page.getByRole('link', { name: 'See your debrief' }).click();
  await expect(page.getByRole('meter', { name: 'Overall score' })).toHaveAttribute('aria-valuenow', String(Math.floor(path.overall + 1e-9)));
  await context.close();
});
