import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { buildScenarioGraph } from '@/components/author/map/graph';
import { builtin, expectAccessible, playPath, scoredPaths, startScenario, storageStateFor, wordsFor } from './support';

/**
 * The studio's map of a scenario, on the editor's page: every state listed by kind, selected from
 * the keyboard, zoom and fit, axe; and how trainees played it, drawn on the map.
 */

const SCENARIO = 'closing-well';
const graph = buildScenarioGraph(JSON.parse(readFileSync(`scenarios/${SCENARIO}.json`, 'utf8')));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const map = (page: Page) => page.getByRole('region', { name: 'Map of the scenario' });
const node = (page: Page, name: string) => map(page).getByRole('button', { name: new RegExp(`^${escapeRegExp(name)}, `) });
const viewport = (page: Page) =>
  map(page)
    .locator('.react-flow__viewport')
    .evaluate((element) => (element as HTMLElement).style.transform);

/** No edge's label or count covers any step's box on the map, as drawn. */
async function expectNoLabelOnABox(page: Page) {
  const boxes = (selector: string) =>
    map(page)
      .locator(selector)
      .evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  const nodes = await boxes('.react-flow__node');
  const labels = await boxes('[data-edge-label], [data-edge-count]');
  expect(nodes.length).toBe(graph.nodes.length);
  expect(labels.length).toBeGreaterThanOrEqual(graph.edges.length);
  const covering = labels.filter((l) => nodes.some((n) => l.left < n.right && n.left < l.right && l.top < n.bottom && n.top < l.bottom));
  expect(covering).toEqual([]);
}

test.describe('the map of a scenario', () => {
  test.use({ storageState: storageStateFor('trainer') });

  test('lists every step by kind in words, selects one from the keyboard, zooms and fits, and passes axe', async ({ page }) => {
    await page.goto(`/author/${SCENARIO}`);
    await expect(map(page)).toContainText(graph.summary);
    await expect(map(page).getByRole('button', { name: /, (Decision|Timed decision|Automatic branch|Ending)/ })).toHaveCount(graph.nodes.length);
    for (const state of graph.nodes) {
      await expect(node(page, state.id)).toHaveAccessibleName(new RegExp(`^${escapeRegExp(state.id)}, ${escapeRegExp(state.kindLabel)}`));
    }
    await expect(node(page, 'handover')).toHaveAccessibleName(/, start,/);
    // Read-only: no node can be dragged, and nothing asks for it.
    await expect(map(page).locator('.react-flow__node.draggable')).toHaveCount(0);

    const target = node(page, 'running-late');
    await target.focus();
    await page.keyboard.press('Enter');
    await expect(target).toHaveAccessibleName(/, selected$/);
    await expect(target).toHaveAttribute('aria-current', 'true');
    await expect(target).toContainText('Selected');
    // Another state by click moves the selection. Dispatched on the node itself: after the
    // selection the view may have panned it under the edge of the map, where the pane takes a real click.
    await node(page, 'loose-ends').dispatchEvent('click');
    await expect(node(page, 'loose-ends')).toHaveAccessibleName(/, selected$/);
    await expect(target).not.toHaveAccessibleName(/, selected$/);

    const controls = map(page).getByRole('group', { name: 'Map view' });
    let before = await viewport(page);
    await controls.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => viewport(page)).not.toBe(before);
    before = await viewport(page);
    await controls.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(() => viewport(page)).not.toBe(before);
    await controls.getByRole('button', { name: 'Zoom in' }).click();
    await controls.getByRole('button', { name: 'Zoom in' }).click();
    before = await viewport(page);
    await controls.getByRole('button', { name: 'Fit' }).click();
    await expect.poll(() => viewport(page)).not.toBe(before);
    await expectNoLabelOnABox(page);

    await expectAccessible(page);
  });
});

test.describe('where trainees struggle', () => {
  test('a trainee’s game shows on the map and in the figures; filters and bad parameters', async ({ browser }) => {
    const scenario = builtin(SCENARIO);
    const path = scoredPaths(scenario)[0]!;
    const trainee = await browser.newContext({ storageState: storageStateFor('trainee') });
    const playing = await trainee.newPage();
    await startScenario(playing, SCENARIO);
    await playPath(playing, scenario, path);
    await trainee.close();

    const trainer = await browser.newContext({ storageState: storageStateFor('trainer') });
    const page = await trainer.newPage();

    const bad = await page.request.get(`/api/author/scenarios/${SCENARIO}/usage?from=2026-02-30`);
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.details).toEqual({ field: 'from' });
    const usage = await (await page.request.get(`/api/author/scenarios/${SCENARIO}/usage`)).json();
    expect(usage.attempts).toBeGreaterThanOrEqual(1);
    expect(usage.completed).toBeGreaterThanOrEqual(1);
    // Every reply the trainee picked counts once, shown first or elsewhere.
    expect(usage.positionDecisions).toBeGreaterThanOrEqual(path.decisions.length);
    for (const decision of path.decisions.filter((d) => d.event !== 'TIMEOUT')) {
      const figure = usage.positions.find((p: { state: string; event: string }) => p.state === decision.state && p.event === decision.event);
      expect(figure.pickedWhenFirst + figure.pickedWhenElsewhere, `${decision.state}.${decision.event}`).toBeGreaterThanOrEqual(1);
    }

    await page.goto(`/author/${SCENARIO}`);
    await page.getByText('How trainees played the published versions').click();
    await expect(page.getByRole('status').filter({ hasText: /Figures for version \d+/ })).toBeVisible();
    await expect(page.getByText('Average score per principle, over finished attempts')).toBeVisible();
    // Picked because first, or because right: a table per decision, in words, with care for small numbers.
    await expect(page.getByRole('heading', { name: 'Picked because first, or because right?' })).toBeVisible();
    const firstDecision = page.getByRole('table', { name: new RegExp(`^Decision ${escapeRegExp(path.decisions[0]!.state)}\\b`) });
    await expect(firstDecision.getByRole('rowheader', { name: new RegExp(escapeRegExp(wordsFor(scenario, path.decisions[0]!.state, path.decisions[0]!.event))) })).toBeVisible();

    // The first choice the trainee made is counted on its edge, and its state as reached.
    const first = path.decisions[0]!;
    const edge = graph.edges.find((e) => e.source === first.state && e.description.includes(`“${wordsFor(scenario, first.state, first.event)}”`))!;
    const count = map(page).locator(`[data-edge-count="${edge.id}"]`);
    await expect(map(page).locator(`[data-edge-label="${edge.id}"]`)).toHaveText(edge.text);
    await expect(count).toHaveText(/^taken [1-9]\d*× \(\d+%\)$/);
    // The count sits beside its arrow, and neither it nor any label covers a step's box.
    await expectNoLabelOnABox(page);
    await expect(node(page, first.state)).toHaveAccessibleName(/reached [1-9]\d*, left here \d+/);
    await expect(map(page)).toContainText(/Showing how trainees played version \d+/);
    await expectAccessible(page);

    // No attempt started in the future; the map says nobody got anywhere.
    await page.getByLabel('Started from').fill('2099-01-01');
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.getByText('No trainee has started this version with these filters.')).toBeVisible();
    await expect(node(page, first.state)).toHaveAccessibleName(/not reached/);

    // Hidden from the map on request.
    await page.getByLabel('Show on the map').uncheck();
    await expect(map(page)).not.toContainText('Showing how trainees played');
    await expect(count).toHaveCount(0);
    await trainer.close();
  });
});
