import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_PORT } from '../playwright.config';
import { builtin, choices, playPath, scoredPaths, signIn, startScenario } from './support';

const port = E2E_PORT + 1;
const baseURL = `http://localhost:${port}`;
const dataDir = '.data/e2e-restart';

function startServer(): ChildProcess {
  // Its own process group, so the whole tree can be killed at once.
  return spawn('npm', ['start'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), FRONTLINE_DATA_DIR: dataDir, FRONTLINE_DEMO: '1', NEXTAUTH_URL: baseURL },
  });
}

async function waitForHealth() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('server did not start');
}

let server: ChildProcess | null = null;
test.afterAll(() => {
  if (server?.pid) process.kill(-server.pid, 'SIGKILL');
});

test('an attempt survives the server being killed and restarted', async ({ browser }) => {
  test.setTimeout(240_000);
  rmSync(dataDir, { recursive: true, force: true });
  server = startServer();
  await waitForHealth();

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, 'trainee@frontline.test');
  const scenario = builtin('bounced-between-departments');
  const path = scoredPaths(scenario).sort((a, b) => b.overall - a.overall)[0]!;
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(0, 3) });
  const transcript = await page.getByRole('log').innerText();
  const options = await choices(page).allTextContents();

  process.kill(-server.pid!, 'SIGKILL');
  server = startServer();
  await waitForHealth();

  await page.reload();
  await expect(choices(page).first()).toBeVisible();
  expect(await page.getByRole('log').innerText()).toBe(transcript);
  expect(await choices(page).allTextContents()).toEqual(options);
  await playPath(page, scenario, { ...path, decisions: path.decisions.slice(3) });
  await page.getByRole('link', { name: 'See your debrief' }).click();
  await expect(page.getByRole('meter', { name: 'Overall score' })).toHaveAttribute('aria-valuenow', String(Math.floor(path.overall + 1e-9)));
  await context.close();
});
