/**
 * Database outage drill: a Frontline server of the spec's own runs on a throwaway PostgreSQL
 * cluster, which is stopped (pg_ctl stop -m fast) while a trainee plays, and started again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { E2E_PORT } from '../playwright.config';
import { OwnServer } from './own-server';
import { builtin, choices, expectAccessible, playPath, scoredPaths, signIn, startScenario, wordsFor } from './support';
import { freePort } from '../scripts/bench/lib';

const hasPostgres = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

/** A PostgreSQL cluster of this spec's own, which it stops and starts. */
class Cluster {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'frontline-e2e-outage-'));
  url = '';
  constructor(readonly port: number) {}
  start() {
    this.url = execFileSync('scripts/pg-throwaway.sh', ['start', this.dir, String(this.port)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
  }
  /** Fast shutdown: open connections are terminated, as in an administrator's restart. */
  stop() {
    execFileSync('scripts/pg-throwaway.sh', ['stop', this.dir]);
  }
  dispose() {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The player's message that it keeps retrying because the database is down. */
const retrying = (page: Page) => page.getByRole('status').filter({ hasText: /can.t reach its database right now\. Nothing you did was lost/ });
const OUTAGE_HEADING = /Frontline can.t reach its database right now/;

let cluster: Cluster | null = null;
const server = new OwnServer(E2E_PORT + 5, '.data/e2e-outage');

test.afterAll(() => {
  server.kill();
  cluster?.dispose();
  rmSync(server.dataDir, { recursive: true, force: true });
});

test('PostgreSQL stopped and started mid-scenario: fast 503s, a clear page, the reply kept and sent once', async ({ browser }) => {
  test.skip(!hasPostgres, 'PostgreSQL server binaries are not installed (apt-get install postgresql)');
  test.setTimeout(300_000);
  cluster = new Cluster(await freePort());
  cluster.start();
  rmSync(server.dataDir, { recursive: true, force: true });
  await server.start({ DATABASE_URL: cluster.url });

  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  // Leaving with a reply unsent asks first; the drill means to reload.
  page.on('dialog', (dialog) => void dialog.accept());
  await signIn(page, 'trainee@frontline.test');
  const scenario = builtin('bounced-between-departments');
  const route = scoredPaths(scenario).sort((a, b) => b.overall - a.overall)[0]!;
  expect(route.decisions.length).toBeGreaterThanOrEqual(4);
  const attemptId = await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, { ...route, decisions: route.decisions.slice(0, 2) });
  const origin = { origin: server.baseURL };

  // The database goes away; the trainee answers the third decision.
  cluster.stop();
  const third = route.decisions[2]!;
  await page.getByRole('button', { name: wordsFor(scenario, third.state, third.event), exact: true }).click();
  await expect(retrying(page)).toBeVisible();
  await expect(page.getByText('Saving…')).toHaveCount(1);

  // An API request gets a quick 503 in JSON, with nothing of the server's insides.
  const began = Date.now();
  const api = await page.request.get(`/api/attempts/${attemptId}`);
  expect(Date.now() - began).toBeLessThan(5_000);
  expect(api.status()).toBe(503);
  expect(api.headers()['retry-after']).toBe('5');
  const apiText = await api.text();
  expect(JSON.parse(apiText)).toEqual({ error: { code: 'database-unavailable', message: expect.stringMatching(/can.t reach its database/) } });
  expect(apiText).not.toMatch(/ECONNREFUSED|select |node_modules|\bat \w/);
  const choice = await page.request.post(`/api/attempts/${attemptId}/choices`, { headers: origin, data: { seq: 2, event: third.event } });
  expect(choice.status()).toBe(503);

  // A page load shows the outage page: clear, accessible, no details.
  const other = await context.newPage();
  const loaded = await other.goto(`/play/${attemptId}`);
  await expect(other.getByRole('heading', { name: OUTAGE_HEADING })).toBeVisible();
  await expect(other.getByRole('alert')).toContainText('Nothing you did was lost');
  // Next answers a page whose root layout failed with 500 and cannot be made to say 503 (decision 020);
  // what matters is that no cache takes it for the page.
  expect(loaded!.status()).toBeGreaterThanOrEqual(500);
  const html = await loaded!.text();
  expect(html).not.toMatch(/ECONNREFUSED|node_modules|Failed query/);
  expect(await other.locator('body').innerText()).not.toMatch(/ECONNREFUSED|node_modules|Failed query|\bat \w+ \(/);
  await expectAccessible(other);
  await other.close();

  // Someone signing in meanwhile is told why it cannot work, instead of a form that never answers.
  const visitor = await browser.newContext({ baseURL: server.baseURL });
  const signInPage = await visitor.newPage();
  await signInPage.goto('/login');
  await signInPage.getByLabel('Email').fill('hr@frontline.test');
  await signInPage.getByLabel('Password').fill('frontline-demo');
  await signInPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(signInPage.locator('#main').getByRole('alert')).toHaveText(/cannot reach its database right now, so nobody can sign in/, { timeout: 10_000 });
  await expect(signInPage.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  expect(signInPage.url()).not.toMatch(/ECONNREFUSED|Failed/);
  await visitor.close();

  // The database comes back: the kept reply goes through by itself.
  cluster.start();
  await expect(page.getByText('Saving…')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Connected again. Your reply was saved.' })).toBeVisible();
  await expect(retrying(page)).toHaveCount(0);

  // A second outage, and this time the trainee reloads before the reply was sent.
  cluster.stop();
  const fourth = route.decisions[3]!;
  await page.getByRole('button', { name: wordsFor(scenario, fourth.state, fourth.event), exact: true }).click();
  await expect(retrying(page)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: OUTAGE_HEADING })).toBeVisible();
  cluster.start();
  // The outage page reloads by itself once the database answers; the player sends the kept reply.
  await expect(choices(page).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Saving…')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole('log')).toContainText(wordsFor(scenario, fourth.state, fourth.event));

  await playPath(page, scenario, { ...route, decisions: route.decisions.slice(4) });
  await expect(page.getByRole('link', { name: 'See your debrief' })).toBeVisible();

  // Every choice exactly once, in order: by the server's record (an assessment's, in words) and in the database itself.
  const view = (await (await page.request.get(`/api/attempts/${attemptId}`)).json()) as { steps: { seq: number; words: string | null }[]; result: unknown };
  expect(view.steps.map((s) => [s.seq, s.words])).toEqual(route.decisions.map((d, seq) => [seq, wordsFor(scenario, d.state, d.event)]));
  expect(view.result).not.toBeNull();
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: number; event: string }>('SELECT seq, event FROM attempt_events WHERE attempt_id = $1 ORDER BY seq', [attemptId]);
    expect(rows.map((r) => [r.seq, r.event])).toEqual(route.decisions.map((d, seq) => [seq, d.event]));
  } finally {
    await client.end();
  }
  await context.close();
});
