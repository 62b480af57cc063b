/**
 * Fills the database the server uses with synthetic trainees, teams, assignments and attempts.
 *   npm run -s seed:demo -- --trainees 10000 [--seed S] [--attempts 20] [--force]
 * Progress goes to stderr, the summary to stdout. Exit codes: 0 done, 1 refused, 2 bad usage.
 * With the embedded database, stop the server first: only one process may open it.
 */
import { closeDatabase, database } from '@/server/db';
import { MAX_DEMO_TRAINEES, seedDemoData } from '@/server/demo/data';
import { DemoDataPresentError, DemoDataRefusedError } from '@/server/demo/presence';
import { settingsFromEnv } from '@/server/platform/settings';

const USAGE = 'usage: npm run -s seed:demo -- --trainees N [--seed S] [--attempts M] [--force]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

interface Arguments {
  trainees: number;
  seed: string;
  attempts: number;
  force: boolean;
}

function wholeNumber(option: string, raw: string | undefined, min: number, max: number): number {
  if (raw === undefined || raw.startsWith('--')) fail(2, `${option} needs a value\n${USAGE}`);
  const value = Number(raw.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(raw) || !Number.isInteger(value) || value < min || value > max) {
    fail(2, `${option} must be a whole number from ${min} to ${max.toLocaleString('en')}, not "${raw}"\n${USAGE}`);
  }
  return value;
}

function parse(argv: string[]): Arguments {
  const parsed: Partial<Arguments> = { force: false, seed: 'frontline', attempts: 20 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (name === '--help' || name === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (name === '--trainees') parsed.trainees = wholeNumber('--trainees', value(), 1, MAX_DEMO_TRAINEES);
    else if (name === '--attempts') parsed.attempts = wholeNumber('--attempts', value(), 0, 200);
    else if (name === '--seed') {
      const seed = value();
      if (seed === undefined || seed === '' || seed.startsWith('--')) fail(2, `--seed needs a value\n${USAGE}`);
      parsed.seed = seed;
    } else if (name === '--force' && inline === undefined) parsed.force = true;
    else if (name.startsWith('-')) fail(2, `unknown option ${arg}\n${USAGE}`);
    else fail(2, `unexpected argument "${arg}"; give the number of trainees with --trainees\n${USAGE}`);
  }
  if (parsed.trainees === undefined) fail(2, `say how many trainees to add with --trainees N\n${USAGE}`);
  return parsed as Arguments;
}

const input = parse(process.argv.slice(2));
let config;
try {
  config = settingsFromEnv(process.env);
} catch (error) {
  fail(2, error instanceof Error ? error.message : String(error));
}
const began = performance.now();
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(1)} s`;
try {
  const { db, kind } = await database();
  process.stderr.write(`Seeding ${kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'} (seed "${input.seed}")…\n`);
  const summary = await seedDemoData(db, {
    trainees: input.trainees,
    seed: input.seed,
    attemptsPerTrainee: input.attempts,
    force: input.force,
    timeZone: config.timeZone,
    onProgress: (message) => process.stderr.write(`  ${elapsed()}  ${message}\n`),
  });
  const n = (value: number) => value.toLocaleString('en');
  const s = summary.statuses;
  process.stdout.write(
    [
      ...(summary.removedTrainees ? [`Removed the demo data that was there (${n(summary.removedTrainees)} accounts).`] : []),
      `Added ${n(summary.trainees)} trainees (${n(summary.deactivated)} deactivated) in ${summary.teams.length} teams, ${summary.modules} modules by ${summary.rules} rules.`,
      `Assignments: ${n(summary.assignments)} — ${n(s.completed)} completed, ${n(s['completed-late'])} completed late, ${n(s['in-progress'])} in progress, ${n(s['not-started'])} not started, ${n(s.overdue)} overdue.`,
      `Attempts: ${n(summary.attempts)} (${n(summary.attemptsInProgress)} unfinished) with ${n(summary.events)} choices.`,
      `Done in ${summary.seconds.toFixed(1)} s. The accounts have no password: they are for dashboards and measurements.`,
      '',
    ].join('\n'),
  );
} catch (error) {
  if (error instanceof DemoDataPresentError || error instanceof DemoDataRefusedError) fail(1, error.message);
  fail(1, `Could not seed the demo data: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await closeDatabase();
}
