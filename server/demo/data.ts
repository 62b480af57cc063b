import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords';
import { SeededRandom } from '@/lib/seeded-random';
import { assignmentStatus, refreshAssignmentProgress, type AssignmentStatus } from '../onboarding/assignments';
import { settings } from '../platform/settings';
import type { Database } from '../db';
import { assignments, moduleVersions, users } from '../db/schema';
import { addDays, dateIn } from '@/lib/dates';
import type { Settings } from '../platform/settings';
import { insertAttempts, insertTrainees, iso } from './bulk-insert';
import { DAY, HOUR, WorkingClock } from './clock';
import { DEMO_EMAIL_PATTERN, planTrainees, STAFF, TEAM_NAMES, teamCountFor } from './people';
import { loadPlayableScenarios } from './playable-scenario';
import { demoDataCount, DemoDataPresentError, DemoDataRefusedError, demoUserIds, removeDemoData } from './presence';
import { MODULE_PLANS, setUpProgramme } from './programme';
import { completionOf, simulateTrainee, type AttemptRow, type EventRow } from './simulation';

/**
 * Synthetic people, teams, assignments and attempts, so that HR's dashboards can be seen and
 * measured at scale (docs/demo-data.md). Attempts are made by playing the real scenarios through
 * the same stepping and scoring functions the server uses, so every path, event and score is one
 * a trainee could have produced. Everything follows from a seed: the same seed, count and `now`
 * give the same data. This file is the entry point; the people, the clock, the programme of
 * modules, the playing and the bulk writing each have a file of their own beside it.
 */

export const MAX_DEMO_TRAINEES = 100_000;

export interface DemoDataOptions {
  trainees: number;
  /** Anything printable; the same seed gives the same data. */
  seed?: string | number;
  /** The moment the data leads up to; nothing happens after it. */
  now?: Date;
  /** The organisation's zone: working hours, start days and due dates are read there. */
  timeZone?: string;
  /** The mean number of attempts per trainee (default 20); a trainee makes from none to about twice as many. */
  attemptsPerTrainee?: number;
  /** Removes demo data already present first, instead of refusing. */
  force?: boolean;
  onProgress?: (message: string) => void;
}

export interface DemoDataSummary {
  trainees: number;
  deactivated: number;
  teams: string[];
  modules: number;
  rules: number;
  assignments: number;
  attempts: number;
  /** Attempts left unfinished: abandoned, or still being played at `now`. */
  attemptsInProgress: number;
  events: number;
  statuses: Record<AssignmentStatus, number>;
  /** Demo data removed first (with force). */
  removedTrainees: number;
  seconds: number;
}

/** Trainees simulated and written per transaction, so memory stays bounded however many there are. */
const TRAINEES_PER_TRANSACTION = 500;

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/**
 * Fills the database with `trainees` synthetic trainees in teams, the modules they are assigned by
 * team and cohort rules, and their attempts. Refuses when demo data is present (unless `force`)
 * and when active trainees who are not demo data exist, whom the demo rules would reach.
 */
export async function seedDemoData(db: Database, options: DemoDataOptions): Promise<DemoDataSummary> {
  const began = performance.now();
  const count = options.trainees;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_TRAINEES) {
    throw new RangeError(`The number of demo trainees must be a whole number from 1 to ${MAX_DEMO_TRAINEES}, not ${count}.`);
  }
  const meanAttempts = options.attemptsPerTrainee ?? 20;
  if (!Number.isFinite(meanAttempts) || meanAttempts < 0 || meanAttempts > 200) {
    throw new RangeError(`Attempts per trainee must be a number from 0 to 200, not ${meanAttempts}.`);
  }
  const seed = String(options.seed ?? 'frontline');
  const now = (options.now ?? new Date()).getTime();
  const timeZone = options.timeZone ?? settings().timeZone;
  const report = options.onProgress ?? (() => {});
  const today = dateIn(timeZone, new Date(now));

  let removedTrainees = 0;
  if ((await demoDataCount(db)) > 0) {
    if (!options.force) throw new DemoDataPresentError('The database already holds demo data. Seed again with force (--force) to replace it.');
    report('Removing the demo data already present…');
    removedTrainees = await removeDemoData(db);
  }
  const real = rowsOf<{ email: string; n: number }>(
    await db.execute(sql`
      SELECT email, count(*) OVER ()::integer AS n FROM users
      WHERE role = 'trainee' AND active AND anonymised_at IS NULL AND NOT demo AND email NOT LIKE ${DEMO_EMAIL_PATTERN}
      ORDER BY email LIMIT 3`),
  );
  if (real.length) {
    throw new DemoDataRefusedError(
      `This database has ${real[0]!.n} trainee account(s) that are not demo data (${real.map((r) => r.email).join(', ')}${real[0]!.n > 3 ? ', …' : ''}); ` +
        'the demo team and cohort rules would assign them modules. Seed demo data into a database of its own (another FRONTLINE_DATA_DIR or DATABASE_URL).',
    );
  }

  // The scenarios, compiled once; a plan keeps the steps that can be played.
  const { playable, candidatesOf, neededIds } = await loadPlayableScenarios(db, MODULE_PLANS);
  const plans = MODULE_PLANS.map((m) => ({ ...m, steps: m.steps.filter((step) => candidatesOf(step).length) })).filter((m) => m.steps.length);
  if (!plans.length) throw new Error(`None of the built-in scenarios the demo modules use (${neededIds.join(', ')}) can be played.`);
  const scenarioList = [...playable.values()];

  // A year of history: the modules and rules were set up before the first of these people started.
  const clock = new WorkingClock(timeZone, new SeededRandom(seed, 'clock'));
  const setupDay = addDays(today, -380);
  const setupAt = clock.dayStart(setupDay) + 10 * HOUR;
  const teams = TEAM_NAMES.slice(0, teamCountFor(count));
  const trainees = planTrainees(seed, count, teams, today, clock, meanAttempts);

  // The staff who own the modules; inserted first and under a lock, so a second seeder finds them and stops.
  const staffIds = new SeededRandom(seed, 'staff');
  const staff = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('frontline:demo-data'))`);
    if ((await demoDataCount(tx)) > 0) throw new DemoDataPresentError('Demo data is being added by another process.');
    return tx
      .insert(users)
      .values(STAFF.map((s) => ({ id: staffIds.uuid(), email: s.email, name: s.name, role: s.role, createdAt: new Date(setupAt - 30 * DAY), startDate: addDays(setupDay, -400) })))
      .returning();
  });
  const trainer = staff.find((s) => s.role === 'trainer')!;
  const hr = staff.find((s) => s.role === 'hr')!;

  report(`Creating ${count.toLocaleString('en')} trainees in ${teams.length} teams…`);
  await insertTrainees(db, trainees);

  // Modules and rules, as the trainer and HR made them, and the assignments they made.
  const { moduleIds, rules, heldBy } = await setUpProgramme(db, { plans, teams, trainees, trainer, hr, today, setupAt, now, clock, timeZone, report });
  const assignmentCount = [...heldBy.values()].reduce((n, list) => n + list.length, 0);
  report(`Made ${assignmentCount.toLocaleString('en')} assignments; playing the scenarios…`);

  // Attempts, in chunks of people: played in memory, written in large statements, one transaction per chunk.
  const modulesByVersion = new Map(
    (
      await db
        .select({ id: moduleVersions.id, steps: moduleVersions.steps, moduleId: moduleVersions.moduleId })
        .from(moduleVersions)
        .where(inArray(moduleVersions.moduleId, [...moduleIds.values()]))
    ).map((v) => [v.id, v]),
  );
  const completions: [string, string][] = [];
  let attemptTotal = 0;
  let unfinished = 0;
  let eventTotal = 0;
  for (let i = 0; i < trainees.length; i += TRAINEES_PER_TRANSACTION) {
    const chunk = trainees.slice(i, i + TRAINEES_PER_TRANSACTION);
    const attemptRows: AttemptRow[] = [];
    const eventRows: EventRow[] = [];
    for (const trainee of chunk) {
      const held = heldBy.get(trainee.id) ?? [];
      const made = simulateTrainee(seed, trainee, held, modulesByVersion, candidatesOf, playable, scenarioList, clock, now, eventRows);
      attemptRows.push(...made);
      // What recordProgress would store: each scenario's first pass since the assignment, the last of them.
      for (const assignment of held) {
        const completedAt = completionOf(assignment, modulesByVersion.get(assignment.moduleVersionId)!.steps, made, candidatesOf, now);
        if (completedAt !== null) completions.push([assignment.id, iso(completedAt)!]);
      }
    }
    await db.transaction((tx) => insertAttempts(tx, attemptRows, eventRows));
    attemptTotal += attemptRows.length;
    unfinished += attemptRows.filter((a) => a.completedAt === null).length;
    eventTotal += eventRows.length;
    report(
      `Attempts: ${Math.min(i + chunk.length, count).toLocaleString('en')} of ${count.toLocaleString('en')} trainees, ${attemptTotal.toLocaleString('en')} attempts, ${eventTotal.toLocaleString('en')} choices`,
    );
  }

  // PGlite has no autovacuum: without fresh statistics the planner would take these tables for empty.
  await db.execute(sql`ANALYZE users, attempts, attempt_events, assignments, assignment_rules`);
  report('Completions, progress and principle totals…');
  const unknowablePasswordHash = await hashPassword(randomBytes(32).toString('base64url'));
  await db.transaction(async (tx) => {
    for (let k = 0; k < completions.length; k += 10_000) {
      await tx.execute(sql`
        UPDATE assignments a SET completed_at = c.completed_at
        FROM json_to_recordset(${JSON.stringify(completions.slice(k, k + 10_000).map(([id, at]) => ({ id, completed_at: at })))}::json) AS c(id uuid, completed_at timestamptz)
        WHERE a.id = c.id AND a.completed_at IS NULL`);
    }
    await refreshAssignmentProgress(tx);
    await rebuildPrincipleTotals(tx, demoUserIds);
    // Leavers' accounts are closed as an administrator would: deactivated and signed out.
    const leavers = trainees.filter((t) => t.deactivateAt !== null).map((t) => t.id);
    if (leavers.length)
      await tx
        .update(users)
        .set({ active: false, tokenVersion: sql`${users.tokenVersion} + 1` })
        .where(inArray(users.id, leavers));
    // Whoever played signed in, so they set a password first: one nobody knows, made now and not
    // kept, so no demo trainee can be signed in as. Who never played is still awaiting theirs.
    await tx.execute(sql`
      UPDATE users u SET last_sign_in_at = x.last, password_hash = ${unknowablePasswordHash}
      FROM (SELECT user_id, max(started_at) AS last FROM attempts WHERE user_id IN ${demoUserIds} GROUP BY user_id) x
      WHERE u.id = x.user_id`);
  });
  await db.execute(sql`ANALYZE assignments, principle_totals, users`);

  const statuses = await demoAssignmentStatuses(db, new Date(now), timeZone);
  return {
    trainees: count,
    deactivated: trainees.filter((t) => t.deactivateAt !== null).length,
    teams,
    modules: moduleIds.size,
    rules,
    assignments: assignmentCount,
    attempts: attemptTotal,
    attemptsInProgress: unfinished,
    events: eventTotal,
    statuses,
    removedTrainees,
    seconds: (performance.now() - began) / 1000,
  };
}

/**
 * Rebuilds the principle totals of the given people from their finished attempts, in one statement:
 * the same sums addPrincipleTotals keeps one attempt at a time.
 */
export async function rebuildPrincipleTotals(db: Database, userIds: ReturnType<typeof sql>): Promise<void> {
  await db.execute(sql`DELETE FROM principle_totals WHERE user_id IN ${userIds}`);
  await db.execute(sql`
    INSERT INTO principle_totals (user_id, principle_id, percent_sum, attempt_count)
    SELECT t.user_id, p.key, sum(p.value::double precision), count(*)::integer
    FROM attempts t CROSS JOIN LATERAL jsonb_each_text(t.principle_scores) AS p(key, value)
    WHERE t.status = 'completed' AND t.user_id IN ${userIds} AND p.value IS NOT NULL
    GROUP BY t.user_id, p.key`);
}

/** The demo assignments counted by status at `now`. */
export async function demoAssignmentStatuses(db: Database, now: Date, timeZone: string): Promise<Record<AssignmentStatus, number>> {
  const rows = await db
    .select({ dueDate: assignments.dueDate, completedAt: assignments.completedAt, passed: assignments.passedCount, attempts: assignments.attemptCount })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(and(like(users.email, DEMO_EMAIL_PATTERN), sql`${assignments.unassignedAt} IS NULL`));
  const counts: Record<AssignmentStatus, number> = { 'not-started': 0, 'in-progress': 0, completed: 0, 'completed-late': 0, overdue: 0 };
  for (const row of rows) counts[assignmentStatus(row, row, now, timeZone)]++;
  return counts;
}

// ---------------------------------------------------------------- demo mode

/**
 * On a demo server's first start, adds `settings.demoTrainees` synthetic trainees unless demo data
 * is already there. Never throws for data reasons: it says why it did nothing.
 */
export async function seedDemoOnFirstStart(
  db: Database,
  config: Pick<Settings, 'demo' | 'demoTrainees' | 'timeZone'>,
  now = new Date(),
): Promise<{ seeded: DemoDataSummary } | { skipped: string }> {
  if (!config.demo) return { skipped: 'not in demo mode' };
  if (config.demoTrainees <= 0) return { skipped: 'FRONTLINE_DEMO_TRAINEES is 0' };
  if ((await demoDataCount(db)) > 0) return { skipped: 'demo data is already present' };
  try {
    return { seeded: await seedDemoData(db, { trainees: config.demoTrainees, now, timeZone: config.timeZone, seed: 'frontline-demo' }) };
  } catch (error) {
    if (error instanceof DemoDataPresentError || error instanceof DemoDataRefusedError) return { skipped: error.message };
    throw error;
  }
}
