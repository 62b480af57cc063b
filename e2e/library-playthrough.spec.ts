import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { TIMEOUT_EVENT } from '@/machines';
import { builtin, playPath, scoredPaths, startScenario, storageStateFor } from './support';

/**
 * Every built-in scenario, played in the browser as a trainee would: its best path passes and its
 * lowest-scoring path does not, and each ends on the end panel. A picture of each end is kept in
 * test-results/library/ for a person to look through.
 */

const ids = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json') && f !== 'principles.json')
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

test.use({ storageState: storageStateFor('trainee'), viewport: { width: 1280, height: 900 } });

for (const id of ids) {
  test(`${id}: the best path passes and the lowest-scoring one fails, in the browser`, async ({ page }) => {
    const scenario = builtin(id);
    // Played with no time limits, as a trainee may choose: every path made of replies, none of silences.
    const paths = scoredPaths(scenario).filter((p) => p.decisions.every((d) => d.event !== TIMEOUT_EVENT));
    const best = [...paths].sort((a, b) => b.overall - a.overall || a.decisions.length - b.decisions.length)[0]!;
    const worst = [...paths].sort((a, b) => a.overall - b.overall || a.decisions.length - b.decisions.length)[0]!;
    expect(best.passed && !worst.passed).toBe(true);
    for (const [name, path, passed] of [
      ['best', best, true],
      ['failing', worst, false],
    ] as const) {
      await startScenario(page, id);
      await playPath(page, scenario, path);
      const end = page.getByRole('heading', { name: 'The conversation is over' });
      await expect(end).toBeVisible();
      await expect(page.getByText(passed ? 'Passed ✓' : /Not passed \(pass mark/)).toBeVisible();
      await page.screenshot({ path: `test-results/library/${id}-${name}.png`, fullPage: true });
    }
  });
}
