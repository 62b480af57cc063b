/**
 * Two tabs, double clicks and out-of-order requests drill: one attempt played from two tabs, replies
 * pressed twice, and choices replayed out of order. Each choice is applied once, a stale tab takes
 * the server's record, and nothing answers 500. Played on a coaching scenario (stepped in the
 * browser) and on an assessment (stepped by the server, answered by position).
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { shownReplies, snapshotAt } from '@/machines';
import { builtin, choices, scoredPaths, startScenario, storageStateFor, wordsFor } from './support';

test.use({ storageState: storageStateFor('trainee') });

/** Waits until every reply shown is saved. */
const saved = (page: Page) => expect(page.getByText('Saving…')).toHaveCount(0);

/** The player's notice that another tab (or request) moved the attempt on, and it shows the server's record. */
const movedOn = (page: Page) => page.getByRole('status').filter({ hasText: 'This attempt moved on in another window' });

/** No error page and no error message on the page. */
async function expectNoError(page: Page) {
  await expect(page.getByRole('heading', { name: /Something went wrong|can.t reach/ })).toHaveCount(0);
  await expect(page.getByText(/can.t reach the server/i)).toHaveCount(0);
}

for (const id of ['competitor-is-cheaper', 'bounced-between-departments']) {
  const scenario = builtin(id);
  const sealed = scenario.doc.meta.feedback === 'debrief';
  const route = scoredPaths(scenario).sort((a, b) => b.overall - a.overall)[0]!;
  const words = (n: number) => wordsFor(scenario, route.decisions[n]!.state, route.decisions[n]!.event);

  /** The server's record as [seq, the trainee's words]: a coaching view names events, an assessment's only words. */
  async function recorded(request: APIRequestContext, attemptId: string): Promise<[number, string | null][]> {
    const response = await request.get(`/api/attempts/${attemptId}`);
    expect(response.status()).toBe(200);
    const view = (await response.json()) as { transcript?: { seq: number; fromState: string; event: string }[]; steps?: { seq: number; words: string | null }[] };
    if (sealed) return view.steps!.map((s) => [s.seq, s.words]);
    return view.transcript!.map((s) => [s.seq, wordsFor(scenario, s.fromState, s.event)]);
  }
  const expected = (count: number) => route.decisions.slice(0, count).map((_, seq) => [seq, words(seq)]);

  /** The body that answers decision `n` of the route with `event`: by key in coaching, by the position shown in an assessment. */
  const answer = (attemptId: string, n: number, event: string) => {
    if (!sealed) return { seq: n, event };
    const decision = route.decisions[n]!;
    const shown = shownReplies(scenario, snapshotAt(scenario, { state: decision.state, mood: decision.mood, flags: decision.flags }), attemptId);
    return { seq: n, option: shown.findIndex((o) => o.event === event) + 1 };
  };

  test.describe(`${id} (${sealed ? 'an assessment' : 'coaching'})`, () => {
    test.beforeAll(() => expect(route.decisions.length).toBeGreaterThanOrEqual(4));

    test('a stale second tab resynchronises instead of applying a second choice', async ({ page, context }) => {
      const attemptId = await startScenario(page, scenario.doc.id);
      const other = await context.newPage();
      await other.goto(`/play/${attemptId}`);
      const firstChoices = await choices(other).allTextContents();

      // Tab A answers; tab B still shows the first decision and answers it differently.
      await page.getByRole('button', { name: words(0), exact: true }).click();
      await saved(page);
      const different = firstChoices.find((text) => !text.includes(words(0)))!;
      expect(different).toBeTruthy();
      await choices(other).filter({ hasText: different }).click();

      await expect(movedOn(other)).toBeVisible();
      await expect(other.getByRole('log')).toContainText(words(0));
      await expect(other.getByRole('log')).not.toContainText(different.replace(/^\d+/, ''));
      expect(await choices(other).allTextContents()).toEqual(await choices(page).allTextContents());
      await saved(other);
      await expectNoError(other);
      expect(await recorded(page.request, attemptId)).toEqual(expected(1));

      // Now B answers the next decision, and A, stale in turn, sends the very same reply: a retry, not a second step.
      await other.getByRole('button', { name: words(1), exact: true }).click();
      await saved(other);
      await page.getByRole('button', { name: words(1), exact: true }).click();
      await saved(page);
      await expectNoError(page);
      expect(await recorded(page.request, attemptId)).toEqual(expected(2));
      expect(await choices(page).allTextContents()).toEqual(await choices(other).allTextContents());
      expect(await page.getByRole('log').innerText()).toBe(await other.getByRole('log').innerText());

      // B goes two decisions further; A, stale by two, sends B's first of them again. The server
      // answers with its record of that choice, which is behind it: A takes the whole record.
      await other.getByRole('button', { name: words(2), exact: true }).click();
      await other.getByRole('button', { name: words(3), exact: true }).click();
      await saved(other);
      await page.getByRole('button', { name: words(2), exact: true }).click();
      await expect(movedOn(page)).toBeVisible();
      await saved(page);
      expect(await page.getByRole('log').innerText()).toBe(await other.getByRole('log').innerText());
      expect(await choices(page).allTextContents()).toEqual(await choices(other).allTextContents());
      await expectNoError(page);
      expect(await recorded(page.request, attemptId)).toEqual(expected(4));
    });

    test('a double click, Enter pressed twice and a held-down number key each make one choice', async ({ page }) => {
      const attemptId = await startScenario(page, scenario.doc.id);

      await page.getByRole('button', { name: words(0), exact: true }).dblclick();
      await saved(page);
      expect(await recorded(page.request, attemptId)).toEqual(expected(1));
      await expect(page.getByRole('button', { name: words(1), exact: true })).toBeVisible();

      await page.getByRole('button', { name: words(1), exact: true }).focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await saved(page);
      expect(await recorded(page.request, attemptId)).toEqual(expected(2));

      const options = await choices(page).allTextContents();
      const key = String(options.findIndex((text) => text.includes(words(2))) + 1);
      await page.keyboard.down(key);
      await page.keyboard.down(key); // the key's auto-repeat
      await page.keyboard.down(key);
      await page.keyboard.up(key);
      await saved(page);
      expect(await recorded(page.request, attemptId)).toEqual(expected(3));
      await expect(page.getByRole('button', { name: words(3), exact: true })).toBeVisible();
      await expectNoError(page);
    });

    test('choices replayed out of order, twice at once and after the fact get 409 or the recorded answer, never 500', async ({ page, baseURL }) => {
      const attemptId = await startScenario(page, scenario.doc.id);
      const post = (seq: number, event: string) => page.request.post(`/api/attempts/${attemptId}/choices`, { headers: { origin: baseURL! }, data: answer(attemptId, seq, event) });
      const event = (n: number) => route.decisions[n]!.event;
      const otherEvent = (n: number) =>
        Object.keys((scenario.doc.states[route.decisions[n]!.state] as { on: Record<string, unknown> }).on).find((e) => e !== event(n) && e !== 'TIMEOUT')!;

      // A newer choice before the one it follows: refused as ahead.
      const ahead = await post(1, event(1));
      expect(ahead.status()).toBe(409);
      expect(await ahead.json()).toMatchObject({ status: 'conflict', reason: 'ahead', state: { step: 0 } });

      // Two different first choices at once: one is applied, the other refused.
      const both = await Promise.all([post(0, event(0)), post(0, otherEvent(0))]);
      expect(both.map((r) => r.status()).sort()).toEqual([200, 409]);
      const applied = both.find((r) => r.status() === 200)!;
      // Which of the two won: an assessment's answer names it by the words only.
      const appliedStep = ((await applied.json()) as { step: { event?: string; words?: string } }).step;
      const appliedEvent = sealed ? [event(0), otherEvent(0)].find((e) => wordsFor(scenario, route.decisions[0]!.state, e) === appliedStep.words)! : appliedStep.event!;
      if (appliedEvent !== event(0)) test.info().annotations.push({ type: 'race', description: 'the other first choice won' });

      // The same choice sent again (a retry) gets the recorded answer, however late.
      const retry = await post(0, appliedEvent);
      expect(retry.status()).toBe(200);
      expect(await retry.json()).toMatchObject({
        status: 'duplicate',
        step: { seq: 0, ...(sealed ? { words: wordsFor(scenario, route.decisions[0]!.state, appliedEvent) } : { event: appliedEvent }) },
      });

      // The old number with another reply, after the attempt moved on: refused as stale.
      const stale = await post(0, appliedEvent === event(0) ? otherEvent(0) : event(0));
      expect(stale.status()).toBe(409);
      expect(await stale.json()).toMatchObject({ status: 'conflict', reason: 'stale', state: { step: 1 } });

      expect(await recorded(page.request, attemptId)).toEqual([[0, wordsFor(scenario, route.decisions[0]!.state, appliedEvent)]]);

      // The page, opened before all this, answers the first decision differently and takes the server's record.
      const appliedWords = wordsFor(scenario, route.decisions[0]!.state, appliedEvent);
      const shown = await choices(page).allTextContents();
      await choices(page)
        .filter({ hasText: shown.find((text) => !text.includes(appliedWords))! })
        .click();
      await expect(movedOn(page)).toBeVisible();
      await expect(page.getByRole('log')).toContainText(appliedWords);
      await saved(page);
      await expectNoError(page);
      expect(await recorded(page.request, attemptId)).toHaveLength(1);
    });
  });
}
