import { expect, test, type Page } from '@playwright/test';
import { builtin, choices, expectAccessible, newTrainee, signedInAs, startScenario, storageStateFor, wordsFor } from './support';

/** Fresh names on every run, so reruns against the same database never collide. */
const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const COACHING = builtin('closing-well');
const ASSESSMENT = builtin('bounced-between-departments');
const TAKEN_BACK = 'Your last reply was taken back. Choose your reply to that again; this time it counts.';
const SHOTS = '/tmp/newhire-shots';

const retryButton = (page: Page) => page.getByRole('button', { name: 'Try that reply again' });
const retryReply = (page: Page, baseURL: string, attemptId: string, seq: number) =>
  page.request.post(`/api/attempts/${attemptId}/reply-retries`, { data: { seq }, headers: { origin: baseURL } });
/** The words of every reply open at the first decision of a scenario. */
const firstWords = (scenario: typeof COACHING) =>
  Object.keys((scenario.doc.states[scenario.doc.initial] as { on: Record<string, unknown> }).on)
    .filter((e) => e !== 'TIMEOUT')
    .map((e) => wordsFor(scenario, scenario.doc.initial, e));

test.use({ storageState: storageStateFor('admin') });

test('in coaching, the reply just given can be tried again once, by keyboard, heard by a screen reader, and the debrief shows both answers', async ({ page, browser, baseURL }) => {
  const { email } = await newTrainee(page.request, baseURL!, { name: `Rita ${run}`, email: `rita-${run}@example.test` });
  const trainee = await signedInAs(browser, email);
  await trainee.setViewportSize({ width: 1280, height: 900 });
  const attemptId = await startScenario(trainee, COACHING.doc.id);
  await expect(retryButton(trainee)).toHaveCount(0);

  // The first reply, by keyboard: focus starts on the replies, Tab reaches the first one.
  await expect(trainee.locator('[aria-labelledby="choices-heading"]')).toBeFocused();
  await trainee.keyboard.press('Tab');
  const first = await trainee.evaluate(() => document.activeElement?.querySelector('span:last-child')?.textContent ?? '');
  expect(firstWords(COACHING)).toContain(first);
  await trainee.keyboard.press('Enter');
  await expect(trainee.getByText('Saving…')).toHaveCount(0);
  const log = trainee.getByRole('log');
  await expect(log).toContainText('Coach');
  await expect(retryButton(trainee)).toBeVisible();
  await expectAccessible(trainee);
  await trainee.screenshot({ path: `${SHOTS}/retry-offered-1280.png`, fullPage: true });

  // Back one stop from the replies is "Try that reply again".
  await expect(trainee.locator('[aria-labelledby="choices-heading"]')).toBeFocused();
  await trainee.keyboard.press('Shift+Tab');
  await expect(retryButton(trainee)).toBeFocused();
  await trainee.keyboard.press('Enter');

  // The status region (read out by screen readers) says the turn was undone; focus is back on the replies.
  await expect(trainee.getByRole('status').filter({ hasText: TAKEN_BACK })).toBeVisible();
  await expect(trainee.locator('[aria-labelledby="choices-heading"]')).toBeFocused();
  await expect(log).toContainText('Taken back: you tried this reply again (not counted)');
  await expect(retryButton(trainee)).toHaveCount(0);
  await expect(choices(trainee).filter({ hasText: first })).toHaveCount(1);
  await expectAccessible(trainee);
  await trainee.screenshot({ path: `${SHOTS}/retry-taken-back-1280.png`, fullPage: true });

  // Answer differently; that decision is not offered again, and the server refuses it too.
  const other = firstWords(COACHING).find((words) => words !== first)!;
  await trainee.getByRole('button', { name: other, exact: true }).click();
  await expect(trainee.getByText('Saving…')).toHaveCount(0);
  await expect(retryButton(trainee)).toHaveCount(0);
  const again = await retryReply(trainee, baseURL!, attemptId, 0);
  expect(again.status()).toBe(409);
  expect(await again.json()).toMatchObject({ error: { code: 'already-retried' } });

  // The next reply may be tried again, but not the one before it.
  await choices(trainee).first().click();
  await expect(trainee.getByText('Saving…')).toHaveCount(0);
  await expect(retryButton(trainee)).toBeVisible();
  const older = await retryReply(trainee, baseURL!, attemptId, 0);
  expect(older.status()).toBe(409);
  expect(await older.json()).toMatchObject({ error: { code: 'not-last' } });

  // To the end: the ending's reply is not taken back.
  for (let i = 0; i < 30 && (await choices(trainee).count()) > 0; i++) {
    await choices(trainee).first().click();
    await expect(trainee.getByText('Saving…')).toHaveCount(0);
  }
  await expect(trainee.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
  await expect(retryButton(trainee)).toHaveCount(0);
  const ended = await retryReply(trainee, baseURL!, attemptId, 1);
  expect(ended.status()).toBe(409);
  expect(await ended.json()).toMatchObject({ error: { code: 'finished' } });

  // The debrief shows the first answer, marked as not counted, before the one that counts.
  await trainee.goto(`/attempts/${attemptId}`);
  const firstReply = trainee.getByRole('listitem').filter({ has: trainee.getByRole('heading', { name: /^Reply 1 of/ }) });
  await expect(firstReply).toContainText('Your first answer, which you took back to try again (not counted in the score)');
  await expect(firstReply).toContainText(first);
  await expect(firstReply).toContainText(other);
  await expectAccessible(trainee);
  await firstReply.screenshot({ path: `${SHOTS}/retry-debrief-1280.png` });

  // xAPI has the answer taken back as a statement of its own.
  const { statements } = (await (await trainee.request.get(`/api/attempts/${attemptId}/xapi`)).json()) as { statements: { result?: { extensions?: Record<string, unknown> } }[] };
  expect(statements.filter((s) => Object.keys(s.result?.extensions ?? {}).some((key) => key.endsWith('/xapi/extensions/retried')))).toHaveLength(1);
  await trainee.context().close();
});

test('an assessment never offers it, and the server refuses it with a reason', async ({ page, browser, baseURL }) => {
  const { email } = await newTrainee(page.request, baseURL!, { name: `Sol ${run}`, email: `sol-${run}@example.test` });
  const trainee = await signedInAs(browser, email);
  const attemptId = await startScenario(trainee, ASSESSMENT.doc.id);
  await choices(trainee).first().click();
  await expect(trainee.locator('[aria-labelledby="choices-heading"][aria-busy="true"]')).toHaveCount(0);
  await expect(choices(trainee).first()).toBeVisible();
  await expect(retryButton(trainee)).toHaveCount(0);
  const refused = await retryReply(trainee, baseURL!, attemptId, 0);
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({ error: { code: 'assessment', message: 'This is an assessment: each reply counts as given, and none can be tried again.' } });
  await trainee.context().close();
});

test('on a phone-wide screen the offer to try again fits', async ({ page, browser, baseURL }) => {
  const { email } = await newTrainee(page.request, baseURL!, { name: `Pia ${run}`, email: `pia-${run}@example.test` });
  const trainee = await signedInAs(browser, email);
  await trainee.setViewportSize({ width: 390, height: 844 });
  await startScenario(trainee, COACHING.doc.id);
  await choices(trainee).first().click();
  await expect(trainee.getByText('Saving…')).toHaveCount(0);
  const button = retryButton(trainee);
  await expect(button).toBeVisible();
  const box = (await button.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await expectAccessible(trainee);
  await trainee.screenshot({ path: `${SHOTS}/retry-offered-phone.png`, fullPage: true });
  await trainee.context().close();
});
