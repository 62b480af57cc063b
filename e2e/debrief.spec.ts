import { expect, test, type APIRequestContext } from '@playwright/test';
import { criticalErrors, principleName } from '@/machines';
import { builtin, expectAccessible, floorPercent, playPath, scoredPaths, startScenario, storageStateFor, type ScoredPath } from './support';

test.use({ storageState: storageStateFor('trainee') });

function post(request: APIRequestContext, baseURL: string, url: string, data: unknown) {
  return request.post(url, { data, headers: { origin: baseURL } });
}

/** Plays a coaching scenario's path through the API, as the player does. */
async function playByApi(
  request: APIRequestContext,
  baseURL: string,
  scenarioId: string,
  path: ScoredPath,
  timeMode: 'standard' | 'off',
  before?: (seq: number, attemptId: string) => Promise<void>,
) {
  const started = await post(request, baseURL, '/api/attempts', { scenarioId, timeMode });
  expect(started.status(), await started.text()).toBe(201);
  const { attemptId } = (await started.json()) as { attemptId: string };
  for (const [seq, decision] of path.decisions.entries()) {
    await before?.(seq, attemptId);
    const reply = await post(request, baseURL, `/api/attempts/${attemptId}/choices`, { seq, event: decision.event });
    expect(reply.status(), await reply.text()).toBe(200);
  }
  return attemptId;
}

/** The level-2 headings in page order. */
const sectionHeadings = (page: import('@playwright/test').Page) => page.getByRole('heading', { level: 2 }).allTextContents();

test('a critical error comes first after the result, says why it failed the attempt, and is marked in the conversation', async ({ page }) => {
  const scenario = builtin('bounced-between-departments');
  // Prefer a path that would otherwise pass: there the critical error alone decides the result.
  const withCritical = scoredPaths(scenario)
    .filter((p) => criticalErrors(p.decisions) > 0)
    .sort(
      (a, b) =>
        Number(b.overall >= scenario.doc.meta.passPercent && b.outcome !== 'failure') - Number(a.overall >= scenario.doc.meta.passPercent && a.outcome !== 'failure') ||
        b.overall - a.overall,
    );
  const path = withCritical[0]!;
  const reasons = path.decisions.filter((d) => d.critical !== null);
  await startScenario(page, scenario.doc.id);
  await playPath(page, scenario, path);
  await page.getByRole('link', { name: 'See your debrief' }).click();
  await expect(page).toHaveURL(/\/attempts\//);

  const headings = await sectionHeadings(page);
  expect(headings[0]).toBe('Your result');
  expect(headings[1]).toBe(reasons.length === 1 ? 'A critical error' : `${reasons.length} critical errors`);
  const section = page.getByRole('region', { name: headings[1] });
  await expect(section).toContainText('A critical error fails the attempt whatever the score.');
  for (const decision of reasons) await expect(section).toContainText(decision.critical!);
  await expect(page.getByText(/^Not passed/).first()).toBeVisible();
  await expect(page.getByText(/^Not passed: .*critical errors?, and a critical error fails the attempt whatever the score\./)).toBeVisible();

  const transcript = page.getByRole('region', { name: 'The full conversation' });
  await expect(transcript.getByRole('heading', { level: 3, name: /a critical error/ })).toHaveCount(reasons.length);
  await expectAccessible(page);
});

test('each principle reads as points of the best on the path, and one the path never tested says so without a bar', async ({ page, baseURL }) => {
  const scenario = builtin('i-dont-know-but-ill-find-out');
  const listed = scenario.doc.meta.principles;
  const untested = (p: ScoredPath) => listed.filter((id) => !p.decisions.some((d) => (d.best[id] ?? 0) > 0 || (d.earned[id] ?? 0) < 0));
  const net = (p: ScoredPath, id: string) => p.decisions.reduce((sum, d) => sum + (d.earned[id] ?? 0), 0);
  // A path that leaves a listed principle untested, preferably one that also lost more than it won on another.
  const path = scoredPaths(scenario)
    .filter((p) => untested(p).length > 0)
    .sort((a, b) => Number(listed.some((id) => net(b, id) < 0)) - Number(listed.some((id) => net(a, id) < 0)))[0];
  expect(path, 'a path of this scenario leaves a listed principle untested').toBeTruthy();
  const attemptId = await playByApi(page.request, baseURL!, scenario.doc.id, path!, 'off');
  await page.goto(`/attempts/${attemptId}`);

  const principles = page.getByRole('region', { name: 'Score by principle' });
  for (const id of listed) await expect(principles.getByRole('link', { name: principleName(id), exact: true })).toBeVisible();
  for (const id of untested(path!)) {
    await expect(principles.getByRole('meter', { name: `${principleName(id)} score`, exact: true })).toHaveCount(0);
  }
  await expect(principles.getByText('Not tested on the path you took')).toHaveCount(untested(path!).length);
  for (const [id, percent] of Object.entries(path!.principles)) {
    await expect(principles.getByRole('meter', { name: `${principleName(id)} score`, exact: true })).toHaveAttribute('aria-valuenow', String(floorPercent(percent)));
  }
  // Never a negative "of N".
  await expect(principles.getByText(/[−-]\d+ of \d+/)).toHaveCount(0);
  // No timer in this scenario: nothing about time limits.
  await expect(page.getByText(/Time limits/)).toHaveCount(0);
  await expectAccessible(page);
});

test('a timed scenario gives its time limits and every change of them, at the reply it was made', async ({ page, baseURL }) => {
  const scenario = builtin('closing-well');
  const path = scoredPaths(scenario).filter((p) => p.decisions.length >= 2)[0]!;
  const attemptId = await playByApi(page.request, baseURL!, scenario.doc.id, path, 'standard', async (seq, id) => {
    const mode = seq === 0 ? 'extended' : seq === 1 ? 'standard' : null;
    if (mode) expect((await post(page.request, baseURL!, `/api/attempts/${id}/time-mode`, { timeMode: mode })).status()).toBe(200);
  });
  await page.goto(`/attempts/${attemptId}`);
  await expect(page.getByText('Time limits: standard at the start, changed twice during the attempt')).toBeVisible();
  const changes = page.getByRole('list', { name: 'Changes of time limits during the attempt' }).getByRole('listitem');
  await expect(changes).toHaveText(['At reply 1: from standard to extended (twice as long)', 'At reply 2: from extended (twice as long) to standard']);
  const transcript = page.getByRole('region', { name: 'The full conversation' });
  await expect(transcript.getByText('Time limits changed from standard to extended (twice as long) while this reply was open.')).toBeVisible();
  await expectAccessible(page);
});
