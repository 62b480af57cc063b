import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { principleName } from '@/machines/principles';
import { expectAccessible, storageStateFor } from './support';

test.use({ storageState: storageStateFor('trainer') });

interface Draft {
  source: string;
  revision: number;
}

/** A draft saved through the API, as autosave would save it: one revision per change. */
async function save(request: APIRequestContext, origin: string, id: string, change: (doc: Record<string, any>) => void): Promise<number> {
  const draft = (await (await request.get(`/api/author/scenarios/${id}/draft`)).json()) as Draft;
  const doc = JSON.parse(draft.source) as Record<string, any>;
  change(doc);
  const saved = await request.put(`/api/author/scenarios/${id}/draft`, { data: { source: JSON.stringify(doc, null, 2), baseRevision: draft.revision }, headers: { origin } });
  expect(saved.status()).toBe(200);
  return ((await saved.json()) as { revision: number }).revision;
}

async function openRevisions(page: Page, id: string) {
  await page.goto(`/author/${id}`);
  await page.getByRole('tab', { name: 'Revisions' }).click();
  await expect(page.getByRole('region', { name: 'Revisions of the draft' })).toBeVisible();
}

test('revisions carry notes, say which was published and what is pinned to it, and compare side by side in plain words', async ({ page, baseURL }) => {
  const origin = baseURL!;
  const created = await page.request.post('/api/author/scenarios', { data: { mode: 'blank', title: `Revision notes ${Date.now()}` }, headers: { origin } });
  expect(created.status()).toBe(201);
  const { scenarioId: id } = (await created.json()) as { scenarioId: string };

  // Revision 2 changes the customer's line, the reply's feedback and its points; it is published.
  await save(page.request, origin, id, (doc) => {
    doc.states.opening.meta.say = 'Hello, my parcel has not arrived and I am worried.';
    doc.states.opening.on.greet.meta.feedback = 'A prompt, open greeting that invites the whole story.';
    doc.states.opening.on.greet.actions = [{ type: 'score', params: { responsiveness: 3 } }];
  });
  const published = await page.request.post(`/api/author/scenarios/${id}/publish`, {
    data: { revision: 2, changeNote: 'A worried caller.', acknowledgeWarnings: true },
    headers: { origin },
  });
  expect(published.status()).toBe(201);
  // Revision 3 adds a reply.
  await save(page.request, origin, id, (doc) => {
    doc.states.opening.on.askOrder = {
      target: 'resolved',
      meta: { choice: 'Could I have your order number, please?', feedback: 'Moves to the facts before the feeling.' },
      actions: [{ type: 'score', params: { responsiveness: 1 } }],
    };
  });

  await openRevisions(page, id);
  const table = page.getByRole('region', { name: 'Revisions of the draft' });
  const row = (n: number) => table.locator('tbody tr').filter({ has: page.getByRole('cell', { name: String(n), exact: true }) });
  await expect(row(2)).toContainText('Published as version 1');
  await expect(row(2)).toContainText('new attempts start on it; no attempts on it yet');
  await expect(row(2)).toContainText('“A worried caller.”');
  await expect(row(3)).toContainText('current');
  await expect(row(3)).not.toContainText('Published as version');

  // A note on the autosaved revision, written with the keyboard; focus comes back to its button.
  await row(3).getByRole('button', { name: 'Add a note to 3' }).click();
  const note = row(3).getByLabel('What changed in revision 3');
  await expect(note).toBeFocused();
  await note.fill('Asks for the order number.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'The note of revision 3 is saved.' })).toBeVisible();
  await expect(row(3)).toContainText('“Asks for the order number.”');
  await expect(row(3).getByRole('button', { name: 'Change the note of 3' })).toBeFocused();
  await openRevisions(page, id);
  await expect(row(3)).toContainText('“Asks for the order number.”');

  // Compare the first revision with the current one: the current and the one before are offered first.
  const compareSection = page.getByRole('region', { name: 'Compare two revisions' });
  await expect(page.getByLabel('Compare revision')).toHaveValue('2');
  await expect(page.getByLabel('with revision')).toHaveValue('3');
  await page.getByLabel('Compare revision').selectOption('1');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  const heading = page.getByRole('heading', { name: 'Revision 1 compared with revision 3' });
  await expect(heading).toBeFocused();
  await expect(compareSection).toContainText('1 step changed, 2 replies added, removed or changed.');
  const step = compareSection.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Step “opening”/ }) });
  const customerLine = step.getByRole('row', { name: /What the customer says/ });
  await expect(customerLine.getByRole('cell').nth(0)).toHaveText('Hello, I need some help, please.');
  await expect(customerLine.getByRole('cell').nth(1)).toHaveText('Hello, my parcel has not arrived and I am worried.');
  const greet = step.getByRole('listitem').filter({ hasText: 'Reply “Hello, thanks for calling. How can I help?”' });
  await expect(greet).toContainText('changed');
  await expect(greet.getByRole('row', { name: /Feedback/ })).toContainText('A prompt, open greeting that invites the whole story.');
  const points = greet.getByRole('row', { name: `Points for ${principleName('responsiveness')}` });
  await expect(points.getByRole('cell')).toHaveText(['+2', '+3']);
  const added = step.getByRole('listitem').filter({ hasText: 'Reply “Could I have your order number, please?”' });
  await expect(added).toContainText('added');
  await expect(added.getByRole('row', { name: /Next step/ }).getByRole('cell')).toHaveText(['(nothing)', 'resolved']);
  // No JSON on show.
  await expect(compareSection).not.toContainText('"states"');
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await compareSection.screenshot({ path: 'docs/screenshots/studio-revisions-compare.png' });
  if (process.env.E2E_SHOTS_DIR) {
    await page.screenshot({ path: `${process.env.E2E_SHOTS_DIR}/revisions-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${process.env.E2E_SHOTS_DIR}/revisions-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  // The same two in the other order read the same way: the older is always on the left.
  await page.getByLabel('Compare revision').selectOption('3');
  await page.getByLabel('with revision').selectOption('1');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Revision 1 compared with revision 3' })).toBeVisible();
});

test('a note that is too long is refused beside the field, and nothing changes', async ({ page, baseURL }) => {
  const created = await page.request.post('/api/author/scenarios', { data: { mode: 'blank', title: `Long note ${Date.now()}` }, headers: { origin: baseURL! } });
  const { scenarioId: id } = (await created.json()) as { scenarioId: string };
  const refused = await page.request.patch(`/api/author/scenarios/${id}/revisions/1`, { data: { note: 'x'.repeat(501) }, headers: { origin: baseURL! } });
  expect(refused.status()).toBe(400);
  const missing = await page.request.patch(`/api/author/scenarios/${id}/revisions/9`, { data: { note: 'Nowhere' }, headers: { origin: baseURL! } });
  expect(missing.status()).toBe(404);
  const revisions = (await (await page.request.get(`/api/author/scenarios/${id}/revisions`)).json()) as { revisions: { note: string | null }[] };
  expect(revisions.revisions.map((r) => r.note)).toEqual([null]);
});
