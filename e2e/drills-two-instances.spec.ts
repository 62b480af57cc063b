import { expect, test } from '@playwright/test';
import { runDrill } from './drill-runner';

/**
 * Short version of the two-instances drill (scripts/load/two-instances.ts; long version:
 * `npm run drills -- two-instances`). It starts two production servers at once on one throwaway
 * PostgreSQL; trainees alternate between them on every request, an author saves one draft from
 * both (two saves on the same revision at once among them), and HR downloads the CSV and xAPI
 * exports from both. It exits non-zero naming every disagreement between the instances, every
 * save answered otherwise than it must be, every incomplete export, every lost or extra choice,
 * every attempt that does not resume where it was, and any 5xx.
 */

/** The numbers in the line of the output that matches `pattern`. */
function numbers(output: string, pattern: RegExp): number[] {
  const match = output.match(pattern);
  if (!match) throw new Error(`no line matching ${pattern} in:\n${output}`);
  return match.slice(1).map(Number);
}

test('two instances on one PostgreSQL: trainees alternating, an author saving from both, HR exporting from both, all agree', async () => {
  test.setTimeout(240_000);
  const trainees = 8;
  const { code, output } = await runDrill(['two-instances', '--trainees', String(trainees), '--seconds', '15']);
  expect(code, output).toBe(0);
  expect(output).toContain('Both instances agree');

  const [acknowledged, stored, retried, traineeErrors] = numbers(
    output,
    /(\d+) choices acknowledged .* (\d+) choices in the database; (\d+) requests unanswered and retried, (\d+) 5xx/,
  );
  expect(acknowledged, output).toBeGreaterThan(100);
  expect({ stored, retried, traineeErrors }).toEqual({ stored: acknowledged, retried: 0, traineeErrors: 0 });

  // Every trainee switched instance on every request, so the two got about the same number.
  const [toA, toB] = numbers(output, /trainee requests: (\d+) to A, (\d+) to B/);
  expect(Math.abs(toA! - toB!), output).toBeLessThanOrEqual(trainees);
  expect(toA, output).toBeGreaterThan(50);

  // Each race of two saves on one revision left one accepted save and one conflict revision.
  const [accepted, races, stale, revisions, drafts] = numbers(
    output,
    /author: (\d+) saves accepted, (\d+) races of two saves .*, (\d+) stale saves refused; (\d+) revisions in (\d+) draft/,
  );
  expect(races, output).toBeGreaterThan(2);
  expect(accepted, output).toBeGreaterThan(races!);
  // A created revision per draft, one per accepted save, one kept per race and per stale save.
  expect(revisions).toBe(drafts! + accepted! + races! + stale!);

  const [csvDownloads, xapiDownloads, rows, statements, otherErrors] = numbers(
    output,
    /HR: (\d+) CSV and (\d+) xAPI downloads during the load; last exports (\d+) rows and (\d+) statements; (\d+) 5xx/,
  );
  expect(csvDownloads, output).toBeGreaterThan(2);
  expect(xapiDownloads).toBe(csvDownloads);
  expect(rows).toBe(trainees);
  expect(statements, output).toBeGreaterThan(acknowledged!);
  expect(otherErrors).toBe(0);
});
