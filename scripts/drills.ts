/**
 * The long versions of the reliability drills (docs/reliability.md); `npm test` runs short ones.
 *   npm run -s drills -- fuzz [--runs N] [--seed S]
 * Each drill works on throwaway databases and directories of its own, never on the server's data.
 * Exit codes: 0 passed, 1 a drill failed (the smallest failing case is printed), 2 bad usage.
 */
import path from 'node:path';
import fc from 'fast-check';
import { createScenario } from '@/server/authoring';
import { users, type User } from '@/server/db/schema';
import { checkerProperty, importProperty, saveProperty, startupProperty } from '@/server/drills/scenario-fuzz';
import { baseScenarios } from '@/server/drills/scenario-mutations';
import { createTestDatabase } from '@/server/test-support/databases';

const USAGE = 'usage: npm run -s drills -- fuzz [--runs N] [--seed S]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function options(argv: string[]): { runs: number; seed: number } {
  const parsed = { runs: 2_000, seed: Date.now() % 2 ** 31 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    const value = Number(argv[++i]);
    if (!Number.isSafeInteger(value) || value < 0) fail(2, `${name} needs a whole number\n${USAGE}`);
    if (name === '--runs') parsed.runs = Math.max(1, value);
    else if (name === '--seed') parsed.seed = value;
    else fail(2, `unknown option ${name}\n${USAGE}`);
  }
  return parsed;
}

async function step(name: string, run: () => Promise<void> | void) {
  const started = performance.now();
  process.stderr.write(`${name}… `);
  try {
    await run();
  } catch (error) {
    process.stderr.write('FAILED\n');
    throw error;
  }
  process.stderr.write(`passed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/** The scenario fuzzer at length: the checker, the studio's import and save, start-up. */
async function fuzz(argv: string[]) {
  const { runs, seed } = options(argv);
  process.stderr.write(`Scenario fuzzer: seed ${seed}, ${runs} cases for the checker (rerun with --seed ${seed} to repeat)\n`);
  const scenarios = path.join(process.cwd(), 'scenarios');
  const bases = baseScenarios(scenarios, { large: true });
  const studio = await createTestDatabase('pglite');
  const startup = await createTestDatabase('pglite');
  try {
    const [author] = (await studio.db.insert(users).values({ name: 'Fran Fuzz', email: 'fran@example.test', role: 'trainer' }).returning()) as [User];
    const { scenarioId } = await createScenario(studio.db, author, { mode: 'blank', title: 'Fuzzed draft' });
    const settings = (numRuns: number) => ({ seed, numRuns, verbose: 0 as const });
    await step('checker', () => fc.assert(checkerProperty(bases), settings(runs)));
    await step('studio import', () => fc.assert(importProperty(studio.db, author, bases), settings(Math.ceil(runs / 4))));
    await step('draft saves', () => fc.assert(saveProperty(studio.db, author, scenarioId, bases), settings(Math.ceil(runs / 4))));
    await step('start-up', () => fc.assert(startupProperty(startup.db, scenarios, bases), settings(Math.ceil(runs / 40))));
  } finally {
    await studio.dispose();
    await startup.dispose();
  }
}

const drills: Record<string, (argv: string[]) => Promise<void>> = { fuzz };

const [name, ...rest] = process.argv.slice(2);
const drill = name ? drills[name] : undefined;
if (!drill) fail(2, `${name ? `no drill called "${name}"` : 'which drill?'}\n${USAGE}`);
try {
  await drill(rest);
  process.exit(0);
} catch (error) {
  // fast-check's report holds the whole counterexample, which can be megabytes of scenario: print
  // its head (seed and path, to replay it) and the error itself.
  const report = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  process.stderr.write(`${report.length > 4_000 ? `${report.slice(0, 2_000)}…` : report}\n`);
  if (cause) process.stderr.write(`\nThe error: ${(cause.stack ?? cause.message).slice(0, 4_000)}\n`);
  process.exit(1);
}
