import { expect, test } from '@playwright/test';
import { runDrill } from './drill-runner';

/**
 * Short versions of the crash and load drills (scripts/load/drills.ts; long versions:
 * `npm run drills -- crash` and `npm run drills -- load`). Each starts production servers of its
 * own on throwaway databases, with simulated trainees playing through the player's endpoints, and
 * exits non-zero naming every acknowledged choice that is missing, every stored one that was never
 * acknowledged, every attempt that does not resume where its trainee left it, and any 5xx.
 */

/** The acknowledged and stored counts the drill prints for a backend. */
function counts(output: string, backend: string) {
  const line = output.split('\n').find((l) => l.trim().startsWith(`${backend}: `) && l.includes('choices acknowledged ('));
  const match = line?.match(/(\d+) choices acknowledged .* (\d+) choices in the database; (\d+) requests unanswered and retried, (\d+) 5xx/);
  if (!match) throw new Error(`no summary for ${backend} in:\n${output}`);
  const [, acknowledged, stored, retried, serverErrors] = match.map(Number);
  return { acknowledged: acknowledged!, stored: stored!, retried: retried!, serverErrors: serverErrors! };
}

test('crash: the server is killed twice while trainees play; every acknowledged choice is kept and every attempt resumes (PGlite and PostgreSQL)', async () => {
  test.setTimeout(300_000);
  const { code, output } = await runDrill(['crash', '--backend', 'both', '--trainees', '8', '--kills', '2', '--every', '4']);
  expect(code, output).toBe(0);
  expect(output).toContain('Passed: every acknowledged choice is in the database');
  for (const backend of ['pglite', 'postgres']) {
    const seen = counts(output, backend);
    expect(seen.acknowledged, output).toBeGreaterThan(50);
    expect(seen.stored).toBe(seen.acknowledged);
    // The kills happened while requests were under way: some went unanswered and were sent again.
    expect(seen.retried, output).toBeGreaterThan(0);
    expect(seen.serverErrors).toBe(0);
  }
});

test('load: 40 trainees for 20 s on PostgreSQL get no 5xx, and the database holds exactly what they were told', async () => {
  test.setTimeout(240_000);
  const { code, output } = await runDrill(['load', '--backend', 'postgres', '--trainees', '40', '--seconds', '20']);
  expect(code, output).toBe(0);
  const seen = counts(output, 'postgres');
  expect(seen.acknowledged, output).toBeGreaterThan(200);
  expect(seen).toMatchObject({ stored: seen.acknowledged, retried: 0, serverErrors: 0 });
});
