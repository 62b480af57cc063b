/**
 * The long versions of the reliability drills (docs/reliability.md); `npm test` runs short ones.
 *   npm run -s drills -- fuzz | inputs | crash | load | two-instances  (options: see USAGE)
 * Each drill works on throwaway databases and directories of its own, never on the server's data.
 * Exit codes: 0 passed, 1 a drill failed (the smallest failing case is printed), 2 bad usage.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { createScenario } from '@/server/studio/authoring';
import { users, type User } from '@/server/db/schema';
import { checkerProperty, importProperty, saveProperty, startupProperty } from '@/server/drills/scenario-fuzz';
import { baseScenarios } from '@/server/drills/scenario-mutations';
import { createTestDatabase } from '@/server/test-support/databases';
import type { Backend } from './bench/places';
import { crashDrill, drillProblems, loadDrill, memoryGrowth, type DrillReport } from './load/drills';
import { twoInstancesDrill } from './load/two-instances';

const USAGE = [
  'usage: npm run -s drills -- fuzz [--runs N] [--seed S]',
  '       npm run -s drills -- inputs',
  '       npm run -s drills -- crash [--backend pglite|postgres|both] [--trainees N] [--kills K] [--every SECONDS]',
  '       npm run -s drills -- load [--backend pglite|postgres|both] [--trainees N] [--seconds S] [--think MS]',
  '       npm run -s drills -- two-instances [--trainees N] [--seconds S]',
].join('\n');

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** `--name value` options: whole numbers with defaults, and `--backend`. */
function options<T extends Record<string, number>>(argv: string[], defaults: T, backends: readonly Backend[] = []): T & { backends: Backend[] } {
  const parsed: Record<string, number> = { ...defaults };
  let chosen: Backend[] = [...backends];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    const raw = argv[++i];
    if (name === '--backend' && backends.length) {
      if (raw !== 'pglite' && raw !== 'postgres' && raw !== 'both') fail(2, `--backend needs pglite, postgres or both, not ${JSON.stringify(raw ?? '')}\n${USAGE}`);
      chosen = raw === 'both' ? ['pglite', 'postgres'] : [raw];
      continue;
    }
    const key = name.replace(/^--/, '');
    if (!name.startsWith('--') || !(key in defaults)) fail(2, `unknown option ${name}\n${USAGE}`);
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) fail(2, `${name} needs a whole number, not ${JSON.stringify(raw ?? '')}\n${USAGE}`);
    parsed[key] = value;
  }
  return { ...(parsed as T), backends: chosen };
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
  const { runs, seed } = options(argv, { runs: 2_000, seed: Date.now() % 2 ** 31 });
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

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function summarise(report: DrillReport): string {
  const { stats, records } = report;
  return (
    `${report.backend}: ${report.trainees} trainees for ${report.seconds.toFixed(0)} s: ${records.acknowledgedChoices} choices acknowledged ` +
    `(${stats.applied} applied, ${stats.duplicates} answered as already applied, ${stats.conflicts} conflicts) in ${records.acknowledgedAttempts} attempts; ` +
    `${records.storedChoices} choices in the database; ${stats.networkErrors} requests unanswered and retried, ${stats.serverErrorCount} 5xx`
  );
}

function conclude(reports: readonly { report: DrillReport; problems: string[] }[]): void {
  const failed = reports.filter((r) => r.problems.length);
  for (const { report, problems } of failed) process.stderr.write(`\n${report.backend} FAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  if (failed.length) throw new Error(`${failed.length} drill run(s) failed`);
  process.stderr.write('\nPassed: every acknowledged choice is in the database, nothing else is, and every attempt resumes where it was.\n');
}

/** SIGKILL while trainees play, then restart: nothing acknowledged is lost, every attempt resumes. */
async function crash(argv: string[]) {
  const { trainees, kills, every, backends } = options(argv, { trainees: 20, kills: 5, every: 6 }, ['pglite', 'postgres']);
  const reports = [];
  for (const backend of backends) {
    process.stderr.write(`Crash drill on ${backend}: ${trainees} trainees, ${kills} kills ${every} s apart\n`);
    const report = await crashDrill({ backend, trainees, kills, everyS: every, log: (m) => process.stderr.write(`  ${m}\n`) });
    process.stderr.write(`  ${summarise(report)}\n  restarts answered after ${report.kills.map((k) => `${k.downS.toFixed(1)} s`).join(', ')}\n`);
    reports.push({ report, problems: drillProblems(report, { networkErrorsAllowed: true }) });
  }
  conclude(reports);
}

/** Many trainees for minutes on PostgreSQL: no 5xx, exact records, memory that levels off. */
async function load(argv: string[]) {
  const { trainees, seconds, think, backends } = options(argv, { trainees: 200, seconds: 120, think: 0 }, ['postgres']);
  const reports = [];
  for (const backend of backends) {
    process.stderr.write(`Load drill on ${backend}: ${trainees} trainees for ${seconds} s${think ? `, ${think} ms between choices` : ', no pause between choices'}\n`);
    const report = await loadDrill({ backend, trainees, seconds, thinkMs: think, log: (m) => process.stderr.write(`  ${m}\n`) });
    const growth = memoryGrowth(report.memory);
    process.stderr.write(
      `  ${summarise(report)}\n  server memory: peak ${mib(growth.earlyPeak)} in the second quarter, ${mib(growth.latePeak)} in the last (×${growth.ratio.toFixed(2)})\n`,
    );
    const problems = drillProblems(report, { networkErrorsAllowed: false });
    if (seconds < MEMORY_JUDGED_FROM_S) process.stderr.write(`  (memory growth is judged on runs of ${MEMORY_JUDGED_FROM_S} s or more)\n`);
    else if (!(growth.ratio <= MEMORY_GROWTH_LIMIT))
      problems.push(`the server's memory kept growing: ${mib(growth.earlyPeak)} → ${mib(growth.latePeak)} (limit ×${MEMORY_GROWTH_LIMIT})`);
    reports.push({ report, problems });
  }
  conclude(reports);
}

/** Memory may rise a little after warm-up (caches filling); more than this means a leak. */
const MEMORY_GROWTH_LIMIT = 1.25;
/** Shorter runs are mostly warm-up. */
const MEMORY_JUDGED_FROM_S = 60;

/**
 * Two production servers on one PostgreSQL, started at once: trainees alternating between them, an
 * author saving drafts from both (racing saves included), HR exporting from both. Both must
 * agree afterwards, and the database must hold exactly what was acknowledged.
 */
async function twoInstances(argv: string[]) {
  const { trainees, seconds } = options(argv, { trainees: 20, seconds: 60 });
  process.stderr.write(
    `Two-instances drill on postgres: ${trainees} trainees alternating between two servers for ${seconds} s, an author saving from both, HR exporting from both\n`,
  );
  const report = await twoInstancesDrill({ trainees, seconds, log: (m) => process.stderr.write(`  ${m}\n`) });
  const { startup, author, hr } = report;
  process.stderr.write(
    `  ${summarise(report)}\n` +
      `  start-up: both instances answered after ${startup.bothS.toFixed(1)} s; trainee requests: ${report.traineeRequests[0]} to A, ${report.traineeRequests[1]} to B\n` +
      `  author: ${author.accepted} saves accepted, ${author.races} races of two saves (one accepted, one refused), ${author.stale} stale saves refused; ${author.revisions} revisions in ${author.drafts} draft(s)\n` +
      `  HR: ${hr.csvDownloads} CSV and ${hr.xapiDownloads} xAPI downloads during the load; last exports ${hr.csvRows} rows and ${hr.statements} statements; ${report.serverErrors} 5xx to the author and HR\n`,
  );
  conclude([{ report, problems: [...drillProblems(report, { networkErrorsAllowed: false }), ...report.problems] }]);
  process.stderr.write('Both instances agree: the same revisions and draft, every refused save kept, the same exports, every attempt where its trainee left it.\n');
}

/** Bad input to every route (e2e/fuzz-inputs.spec.ts), with larger and deeper values and every query parameter. */
async function inputs(argv: string[]): Promise<void> {
  if (argv.length) fail(2, `the inputs drill takes no options\n${USAGE}`);
  process.stderr.write('Inputs drill: a NUL, half a surrogate pair, long text, deep nesting and wrong types in each field and every parameter of every route\n');
  const run = spawnSync('npx', ['playwright', 'test', '--project=chromium', 'e2e/fuzz-inputs.spec.ts'], { stdio: 'inherit', env: { ...process.env, FUZZ_LONG: '1' } });
  if (run.status !== 0) throw new Error(`the inputs drill failed (playwright exited with ${run.status ?? run.signal})`);
}

const drills: Record<string, (argv: string[]) => Promise<void>> = { fuzz, inputs, crash, load, 'two-instances': twoInstances };

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
