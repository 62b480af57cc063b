import { readFileSync } from 'node:fs';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, storageStateFor, wordsFor, builtin, startScenario } from './support';

/**
 * Trainers' review queue of typed replies: what trainees typed that matched nothing shows at its
 * decision, without who typed it, and can be added to the draft as an example of a reply.
 */

const RUN = Date.now().toString(36);
const SCENARIO_ID = `typed-review-${RUN}`;
/** Words that mean none of the replies at the opening decision of `the-answer-is-no`. */
const OFF_TOPIC = `Did you catch the match on Saturday night ${RUN}?`;

let trainer: APIRequestContext;

test.beforeAll(async ({ baseURL }) => {
  trainer = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! }, storageState: storageStateFor('trainer') });
  // A copy of a built-in scenario that takes typed replies, imported and published as a trainer would.
  const doc = JSON.parse(readFileSync('scenarios/the-answer-is-no.json', 'utf8')) as { id: string; meta: { title: string; ownWords?: boolean } };
  expect(doc.meta.ownWords).toBe(true);
  doc.id = SCENARIO_ID;
  doc.meta.title = `Typed review ${RUN}`;
  const created = await trainer.post('/api/author/scenarios', { data: { mode: 'import', source: JSON.stringify(doc, null, 2), fileName: `${SCENARIO_ID}.json` } });
  expect(created.status(), await created.text()).toBe(201);
  const published = await trainer.post(`/api/author/scenarios/${SCENARIO_ID}/publish`, { data: { revision: 1, changeNote: 'First version', acknowledgeWarnings: true } });
  expect(published.status(), await published.text()).toBe(201);
});

test.afterAll(async () => {
  await trainer.dispose();
});

/** The draft's examples of one reply, as the server has them saved. */
async function savedExamples(state: string, event: string): Promise<string[]> {
  const response = await trainer.get(`/api/author/scenarios/${SCENARIO_ID}/draft`);
  expect(response.status()).toBe(200);
  const { source } = (await response.json()) as { source: string };
  const doc = JSON.parse(source) as { states: Record<string, { on: Record<string, { meta?: { examples?: string[] } } | { meta?: { examples?: string[] } }[]> }> };
  const transition = doc.states[state]!.on[event]!;
  return (Array.isArray(transition) ? transition[0]! : transition).meta?.examples ?? [];
}

async function typeAsTrainee(page: Page, words: string) {
  const box = page.getByLabel('What do you say?');
  await box.fill(words);
  await box.press('Enter');
}

test('a typed reply that matched nothing reaches the trainer’s review queue, without who typed it, and becomes an example of a reply', async ({ browser }) => {
  const scenario = builtin('the-answer-is-no');
  const target = 'clear-no';
  const targetWords = wordsFor(scenario, 'opening', target);

  // A trainee types something that means none of the replies: the customer asks what they mean.
  const traineeContext = await browser.newContext({ storageState: storageStateFor('trainee') });
  const trainee = await traineeContext.newPage();
  await startScenario(trainee, SCENARIO_ID);
  await typeAsTrainee(trainee, OFF_TOPIC);
  await expect(trainee.getByRole('log')).toContainText('Not understood: put it another way.');
  await traineeContext.close();

  // The trainer opens the queue in the editor.
  const page = await (await browser.newContext({ storageState: storageStateFor('trainer') })).newPage();
  await page.goto(`/author/${SCENARIO_ID}`);
  await page.getByRole('tab', { name: 'Typed replies' }).click();
  const queue = page.getByRole('region', { name: 'Typed replies to review' });
  await expect(queue.getByRole('heading', { name: 'Decision opening' })).toBeVisible();
  const missed = queue.getByRole('region', { name: 'Matched nothing at decision opening' });
  const row = missed.getByRole('row', { name: new RegExp(OFF_TOPIC.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').first()).toHaveText('1');
  // Who typed it is never shown.
  await expect(queue).not.toContainText(/trainee@|Taylor Trainee/i);
  await expectAccessible(page);

  // Added as an example of the reply it means: saved with the draft by autosave.
  await row.getByLabel(/Example of/).selectOption({ label: targetWords });
  await row.getByRole('button', { name: 'Add as an example' }).click();
  await expect(queue.getByRole('status')).toContainText(`Added “${OFF_TOPIC}” as an example of “${targetWords}” at decision opening.`);
  await expect.poll(() => savedExamples('opening', target), { timeout: 15_000 }).toContain(OFF_TOPIC);
  // Added once: the same words cannot be added again, and the button says why.
  const again = row.getByRole('button', { name: 'Add as an example' });
  await expect(again).toBeDisabled();
  await expect(again).toHaveAccessibleDescription(`“${targetWords}” already says this.`);
  expect((await savedExamples('opening', target)).filter((e) => e === OFF_TOPIC)).toHaveLength(1);
});
