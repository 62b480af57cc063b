import { expect, test, type Page, type Response } from '@playwright/test';
import { asList, isDecision, isEnding, type CompiledScenario } from '@/machines';
import { builtin, expectAccessible, scoredPaths, startScenario, storageStateFor, wordsFor } from './support';

test.use({ storageState: storageStateFor('trainee') });

/**
 * Everything that would tell a better reply from a worse one: where each reply leads (state
 * names, choice keys), what it does (mood, flags, points), what it is worth (feedback, critical
 * errors, intents) and how each ending is judged. Keys of the scenario's own structure are looked
 * for as JSON keys (`"target":`); names and outcomes as JSON values, so a name that happens to be
 * a key of the player's own data ("opening") is not mistaken for one; hyphenated names, distinctive
 * enough, anywhere. Texts by their first 40 characters.
 */
function secretsOf(scenario: CompiledScenario): RegExp[] {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const secrets: RegExp[] = [
    'target',
    'mood',
    'flags',
    'points',
    'earned',
    'best',
    'feedback',
    'outcome',
    'critical',
    'intent',
    'examples',
    'position',
    'event',
    'remember',
    'score',
  ].map((key) => new RegExp(`"${key}"\\s*:`));
  const name = (value: string) => secrets.push(new RegExp(value.includes('-') ? escape(value) : `"${escape(value)}"(?!\\s*:)`));
  for (const [stateName, state] of Object.entries(scenario.doc.states)) {
    name(stateName);
    if (isEnding(state)) name(state.meta.outcome);
    if (!isDecision(state)) continue;
    for (const [event, value] of Object.entries(state.on)) {
      if (event !== 'TIMEOUT') name(event);
      for (const transition of asList(value)) {
        const meta = (transition.meta ?? {}) as { feedback?: string; critical?: string; intent?: string };
        for (const text of [meta.feedback, meta.critical, meta.intent]) if (text) secrets.push(new RegExp(escape(text.slice(0, 40))));
      }
    }
  }
  return secrets;
}

/** Every document, RSC payload and JSON body the page receives, as text, in order. */
function recordBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (response: Response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!/text\/html|text\/x-component|application\/json/.test(type)) return;
    try {
      // The HTML carries the page's RSC payload as JSON inside strings: unescape its quotes so keys read the same there.
      bodies.push(`${response.request().method()} ${new URL(response.url()).pathname}\n${(await response.text()).replace(/\\+"/g, '"')}`);
    } catch {
      // A redirect or an aborted request has no body to read.
    }
  });
  return bodies;
}

const leaksIn = (bodies: readonly string[], secrets: readonly RegExp[]) =>
  bodies.flatMap((body) => secrets.filter((secret) => secret.test(body)).map((secret) => `${secret.source} in ${body.split('\n')[0]}`));

test('an assessment sends nothing before a decision is answered that tells which reply is better', async ({ page }) => {
  test.setTimeout(120_000);
  for (const id of ['promise-you-cannot-keep', 'bounced-between-departments']) {
    const scenario = builtin(id);
    expect(scenario.doc.meta.feedback).toBe('debrief');
    const secrets = secretsOf(scenario);
    const path = scoredPaths(scenario)
      .filter((p) => p.outcome === 'success')
      .sort((a, b) => b.overall - a.overall)[0]!;
    const bodies = recordBodies(page);
    const attemptId = await startScenario(page, id);

    for (const [n, decision] of path.decisions.entries()) {
      const button = page.getByRole('button', { name: wordsFor(scenario, decision.state, decision.event), exact: true });
      await expect(button).toBeVisible();
      // Everything received so far, before this reply is chosen.
      expect(leaksIn(bodies, secrets), `before reply ${n + 1}`).toEqual([]);
      // No mood meter, no points, no coach.
      await expect(page.getByRole('meter')).toHaveCount(0);
      await expect(page.getByText('Coach', { exact: true })).toHaveCount(0);
      if (n === 1) {
        // The attempt's own xAPI while it is in progress carries no points either.
        const xapi = await page.request.get(`/api/attempts/${attemptId}/xapi`);
        expect(xapi.ok()).toBe(true);
        expect(await xapi.text()).not.toMatch(/"earned"|"best"|extensions\/points/);
        // A reload sends the same words, and still nothing more.
        await page.reload();
        await expect(button).toBeVisible();
        expect(leaksIn(bodies, secrets), 'after a reload').toEqual([]);
      }
      await button.click();
    }
    await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'See your debrief' })).toBeVisible();
    await expectAccessible(page);
    page.removeAllListeners('response');
  }
});

test('the same search finds what a coaching scenario sends, which steps in the browser', async ({ page }) => {
  // A control for the test above: coaching pages carry the scenario, and the search must see it.
  const scenario = builtin('closing-well');
  expect(scenario.doc.meta.feedback).toBe('immediate');
  const bodies = recordBodies(page);
  await startScenario(page, scenario.doc.id);
  await expect(page.locator('[aria-labelledby="choices-heading"]').getByRole('button').first()).toBeVisible();
  expect(leaksIn(bodies, secretsOf(scenario)).length).toBeGreaterThan(10);
});

test('an assessment shows the replies in an order of its own to each attempt, kept over a reload', async ({ page }) => {
  const scenario = builtin('bounced-between-departments');
  const orders = new Set<string>();
  for (let i = 0; i < 4; i++) {
    await startScenario(page, scenario.doc.id);
    const buttons = page.locator('[aria-labelledby="choices-heading"]').getByRole('button');
    await expect(buttons.first()).toBeVisible();
    const order = (await buttons.allTextContents()).join('|');
    await page.reload();
    await expect(buttons.first()).toBeVisible();
    expect((await buttons.allTextContents()).join('|')).toBe(order);
    orders.add(order);
  }
  // Four replies can be shown 24 ways; four attempts all alike would mean no shuffle (a 1 in 13,824 chance).
  expect(orders.size).toBeGreaterThan(1);
});
