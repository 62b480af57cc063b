import 'server-only';
import type { z } from 'zod';
import { and, asc, between, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '../people/audit';
import { queueAssignmentNotices } from '../mail/outbox';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import { settings } from '../platform/settings';
import type { Database } from '../db';
import {
  assignmentRules,
  assignments,
  attempts,
  modules,
  moduleVersions,
  principleTotals,
  scenarioVersions,
  users,
  type Assignment,
  type AssignmentRule,
  type User,
} from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { stepDetails } from './modules';
import { completionTime, parseStep, poolStep, stepCounts, stepPlayed, type StepStanding } from './module-steps';
import { retiredSteps } from './retired-steps';
import { addDays, dateIn, endOfDate, isRealDate } from '../../lib/dates';
import { isUuid } from '@/lib/uuid';
import { TEAM_MAX } from '@/lib/people-limits';
import type { assignmentRuleBody } from './schemas';

/**
 * Assigning modules to people and tracking completion (docs/decisions/014-modules-and-assignments.md).
 * A rule says who gets a module; an assignment is one person holding it through one rule, pinned to
 * the module version current when they got it, with their own due date.
 */

export interface AssignmentContext {
  address?: string | null;
  now?: Date;
  /** The organisation's time zone; settings().timeZone unless given. */
  timeZone?: string;
}

function assertAssigns(actor: Pick<User, 'role'>): void {
  if (!hasRole(actor, ROLES_THAT.managePeople)) throw new HttpError(403, 'forbidden', 'Your role does not allow assigning modules.');
}

const invalid = (field: string, message: string) => new HttpError(400, 'invalid-assignment', message, { field });

// ---- Status ----

export type AssignmentStatus = 'not-started' | 'in-progress' | 'completed' | 'completed-late' | 'overdue';

/**
 * Where an assignment stands. The due date is a calendar day in the organisation's zone: due today
 * is not overdue; once that day has ended there it is overdue, and completing it after that is late.
 */
export function assignmentStatus(
  assignment: Pick<Assignment, 'dueDate' | 'completedAt'>,
  progress: { passed: number; attempts: number },
  now: Date,
  timeZone: string,
): AssignmentStatus {
  const dueEnds = endOfDate(assignment.dueDate, timeZone);
  if (assignment.completedAt) return assignment.completedAt.getTime() >= dueEnds.getTime() ? 'completed-late' : 'completed';
  if (now.getTime() >= dueEnds.getTime()) return 'overdue';
  return progress.passed > 0 || progress.attempts > 0 ? 'in-progress' : 'not-started';
}

// ---- Materialising rules into assignments ----

export interface AssignmentFilter {
  userId?: string;
  userIds?: readonly string[];
  ruleId?: string;
}

/**
 * Creates the assignments that active rules call for and that do not exist yet: for one person
 * (created, imported or changed), for one rule (just created), or for everything. Team and cohort
 * rules reach active trainees; a person rule reaches the person it names. Returns what it created.
 */
export async function applyAssignmentRules(db: Database, filter: AssignmentFilter = {}, now = new Date(), timeZone = settings().timeZone): Promise<Assignment[]> {
  const people = filter.userIds ?? (filter.userId ? [filter.userId] : null);
  if (people && !people.length) return [];
  const ruleConditions: SQL[] = [isNull(assignmentRules.removedAt), isNull(modules.archivedAt)];
  if (filter.ruleId) ruleConditions.push(eq(assignmentRules.id, filter.ruleId));
  const rules = await db
    .select({ rule: assignmentRules })
    .from(assignmentRules)
    .innerJoin(modules, eq(modules.id, assignmentRules.moduleId))
    .where(and(...ruleConditions))
    .orderBy(asc(assignmentRules.createdAt));
  if (!rules.length) return [];

  const moduleIds = [...new Set(rules.map((r) => r.rule.moduleId))];
  const latest = await db
    .selectDistinctOn([moduleVersions.moduleId], { moduleId: moduleVersions.moduleId, id: moduleVersions.id, defaultDueDays: moduleVersions.defaultDueDays })
    .from(moduleVersions)
    .where(inArray(moduleVersions.moduleId, moduleIds))
    .orderBy(moduleVersions.moduleId, desc(moduleVersions.version));
  const versionOf = new Map(latest.map((v) => [v.moduleId, v]));
  const today = dateIn(timeZone, now);

  const created: Assignment[] = [];
  for (const { rule } of rules) {
    const version = versionOf.get(rule.moduleId);
    if (!version) continue;
    const who: SQL[] = [eq(users.active, true), isNull(users.anonymisedAt)];
    if (rule.kind === 'person') who.push(eq(users.id, rule.userId!));
    else who.push(eq(users.role, 'trainee'));
    if (rule.kind === 'team') who.push(eq(users.team, rule.team!));
    if (rule.kind === 'cohort') who.push(between(users.startDate, rule.cohortFrom!, rule.cohortTo!));
    if (people) who.push(inArray(users.id, [...people]));
    const matched = await db
      .select({ id: users.id })
      .from(users)
      .where(and(...who));
    if (!matched.length) continue;
    const dueDate = rule.dueDate ?? addDays(today, version.defaultDueDays);
    for (let i = 0; i < matched.length; i += 500) {
      const inserted = await db
        .insert(assignments)
        .values(matched.slice(i, i + 500).map((m) => ({ userId: m.id, ruleId: rule.id, moduleVersionId: version.id, assignedAt: now, dueDate })))
        .onConflictDoNothing()
        .returning();
      created.push(...inserted);
    }
  }
  for (let i = 0; i < created.length; i += 1000)
    await markCurrentAssignments(
      db,
      created.slice(i, i + 1000).map((a) => a.userId),
    );
  return created;
}

/** The change to a person that brought them under assignment rules, as the audit log says it. */
export type AssignedVia = 'account-created' | 'account-changed' | 'import';

/**
 * Gives people who were just created, imported or changed the modules the rules now call for,
 * queues the notices, and logs each assignment as the actor's, made through that change: an
 * assignment is in the log whichever way it was made. Call it in the change's transaction.
 */
export async function assignAfterPersonChange(
  tx: Database,
  userIds: readonly string[],
  by: { actorId: string; via: AssignedVia; address?: string | null },
  now: Date,
): Promise<Assignment[]> {
  const created = await applyAssignmentRules(tx, { userIds }, now);
  await queueAssignmentNotices(tx, created, by.actorId, now);
  if (!created.length) return created;
  const versions = await tx
    .select({ id: moduleVersions.id, moduleId: moduleVersions.moduleId })
    .from(moduleVersions)
    .where(inArray(moduleVersions.id, [...new Set(created.map((a) => a.moduleVersionId))]));
  const moduleOf = new Map(versions.map((v) => [v.id, v.moduleId]));
  for (let i = 0; i < created.length; i += 1000)
    await recordAudit(
      tx,
      created.slice(i, i + 1000).map((a) => ({
        action: 'module-assigned' as const,
        actorId: by.actorId,
        targetUserId: a.userId,
        subject: moduleOf.get(a.moduleVersionId) ?? null,
        details: { via: by.via, ruleId: a.ruleId, dueDate: a.dueDate },
        address: by.address,
        at: now,
      })),
    );
  return created;
}

/**
 * Marks, for the people given (or everyone), which of their assignments of each module is the
 * current one: of those not unassigned, the one due first, then the earliest made. Called in the
 * transactions that create or unassign assignments.
 */
export async function markCurrentAssignments(db: Database, userIds: readonly string[] | 'everyone'): Promise<void> {
  if (userIds !== 'everyone' && !userIds.length) return;
  const whose =
    userIds === 'everyone'
      ? sql``
      : sql`AND a.user_id IN (${sql.join(
          [...new Set(userIds)].map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`;
  await db.execute(sql`
    WITH wanted AS (
      SELECT DISTINCT ON (a.user_id, mv.module_id) a.id
      FROM assignments a JOIN module_versions mv ON mv.id = a.module_version_id
      WHERE a.unassigned_at IS NULL ${whose}
      ORDER BY a.user_id, mv.module_id, a.due_date, a.assigned_at, a.id
    )
    UPDATE assignments a SET is_current = (a.id IN (SELECT id FROM wanted))
    WHERE true ${whose} AND a.is_current IS DISTINCT FROM (a.id IN (SELECT id FROM wanted))`);
}

// ---- Rules ----

/**
 * A rule as the route's schema parses it (./schemas.ts), for a module: one kind, with that kind's
 * fields only, dates written YYYY-MM-DD. What the schema cannot know is checked here: empty text,
 * the team's length once trimmed, whether a date exists, a due date already past, the records.
 */
export type AssignmentRuleInput = z.output<typeof assignmentRuleBody> & {
  moduleId: string;
};

function checkDate(field: string, label: string, value: string): string {
  if (!isRealDate(value)) throw invalid(field, `The ${label} "${value}" is not a real date.`);
  return value;
}

/** Assigns a module by a new rule, and gives it at once to everyone the rule reaches. */
export async function createAssignmentRule(
  db: Database,
  actor: User,
  input: AssignmentRuleInput,
  context: AssignmentContext = {},
): Promise<{ rule: AssignmentRule; assigned: number }> {
  assertAssigns(actor);
  const now = context.now ?? new Date();
  const timeZone = context.timeZone ?? settings().timeZone;

  const values: typeof assignmentRules.$inferInsert = { moduleId: input.moduleId, kind: input.kind, createdBy: actor.id, createdAt: now };
  // The schema lets empty text through: an empty target is a missing one.
  if (input.kind === 'person' && !input.userId) throw invalid('userId', 'A person assignment needs userId.');
  if (input.kind === 'team' && !input.team) throw invalid('team', 'A team assignment needs team.');
  if (input.kind === 'team') {
    const team = input.team.trim();
    if (!team) throw invalid('team', 'The team is empty: name the team to assign.');
    if (team.length > TEAM_MAX) throw invalid('team', `The team is longer than ${TEAM_MAX} characters.`);
    values.team = team;
  }
  if (input.kind === 'cohort') {
    values.cohortFrom = checkDate('cohortFrom', 'first start date', input.cohortFrom);
    values.cohortTo = checkDate('cohortTo', 'last start date', input.cohortTo);
    if (values.cohortFrom > values.cohortTo) throw invalid('cohortTo', `The last start date (${values.cohortTo}) is before the first (${values.cohortFrom}).`);
  }
  if (input.dueDate) {
    values.dueDate = checkDate('dueDate', 'due date', input.dueDate);
    const today = dateIn(timeZone, now);
    if (values.dueDate < today) throw invalid('dueDate', `The due date ${values.dueDate} is in the past (today is ${today} in ${timeZone}).`);
  }

  if (!isUuid(input.moduleId)) throw new RecordNotFoundError('module');
  const [module] = await db.select().from(modules).where(eq(modules.id, input.moduleId));
  if (!module) throw new RecordNotFoundError('module');
  if (module.archivedAt) throw new HttpError(409, 'archived', 'This module is archived and can no longer be assigned.');
  if (input.kind === 'person') {
    if (!isUuid(input.userId)) throw new RecordNotFoundError('person');
    const [person] = await db.select().from(users).where(eq(users.id, input.userId));
    if (!person) throw new RecordNotFoundError('person');
    if (!person.active || person.anonymisedAt) throw invalid('userId', `${person.name}'s account is deactivated; reactivate it before assigning modules.`);
    values.userId = person.id;
  }

  return db.transaction(async (tx) => {
    const [rule] = await tx.insert(assignmentRules).values(values).returning();
    const created = await applyAssignmentRules(tx, { ruleId: rule!.id }, now, timeZone);
    await queueAssignmentNotices(tx, created, actor.id, now);
    await recordAudit(tx, {
      action: 'module-assigned',
      actorId: actor.id,
      targetUserId: rule!.userId,
      subject: rule!.moduleId,
      details: { ruleId: rule!.id, kind: rule!.kind, team: rule!.team, cohortFrom: rule!.cohortFrom, cohortTo: rule!.cohortTo, dueDate: rule!.dueDate, assigned: created.length },
      address: context.address,
    });
    return { rule: rule!, assigned: created.length };
  });
}

/**
 * Ends a rule: nobody new gets the module through it, and the people who hold it and have not
 * completed it are unassigned. Completed assignments stay as they are, as history.
 */
export async function removeAssignmentRule(db: Database, actor: User, ruleId: string, context: AssignmentContext = {}): Promise<{ rule: AssignmentRule; unassigned: number }> {
  assertAssigns(actor);
  const now = context.now ?? new Date();
  if (typeof ruleId !== 'string' || !isUuid(ruleId)) throw new RecordNotFoundError('assignment');
  return db.transaction(async (tx) => {
    const [rule] = await tx.select().from(assignmentRules).where(eq(assignmentRules.id, ruleId)).for('update');
    if (!rule) throw new RecordNotFoundError('assignment');
    if (rule.removedAt) return { rule, unassigned: 0 };
    const [removed] = await tx.update(assignmentRules).set({ removedAt: now, removedBy: actor.id }).where(eq(assignmentRules.id, rule.id)).returning();
    const unassigned = await tx
      .update(assignments)
      .set({ unassignedAt: now })
      .where(and(eq(assignments.ruleId, rule.id), isNull(assignments.completedAt), isNull(assignments.unassignedAt)))
      .returning({ id: assignments.id, userId: assignments.userId });
    for (let i = 0; i < unassigned.length; i += 1000)
      await markCurrentAssignments(
        tx,
        unassigned.slice(i, i + 1000).map((a) => a.userId),
      );
    await recordAudit(tx, {
      action: 'module-unassigned',
      actorId: actor.id,
      targetUserId: rule.userId,
      subject: rule.moduleId,
      details: { ruleId: rule.id, kind: rule.kind, unassigned: unassigned.length },
      address: context.address,
    });
    return { rule: removed!, unassigned: unassigned.length };
  });
}

// ---- Progress and completion ----

interface Pass {
  userId: string;
  scenarioId: string;
  /** The pool the version played was a variant of, if any. */
  poolId: string | null;
  completedAt: Date;
}

/** The people's passed attempts up to `now`, earliest first. */
async function passesOf(db: Database, userIds: readonly string[], now: Date): Promise<Pass[]> {
  if (!userIds.length) return [];
  const rows = await db
    .select({ userId: attempts.userId, scenarioId: scenarioVersions.scenarioId, poolId: scenarioVersions.poolId, completedAt: attempts.completedAt })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(inArray(attempts.userId, [...userIds]), eq(attempts.status, 'completed'), eq(attempts.passed, true), lte(attempts.completedAt, now)))
    .orderBy(asc(attempts.completedAt));
  return rows.filter((r): r is Pass => r.completedAt !== null);
}

/**
 * Where each step of an assignment stands: when it was first passed since the assignment was made
 * (a scenario by any version of it; a pool by any variant, played while it was one), and when it
 * was retired, if it was. `passes` are the assignment's person's.
 */
export function stepStandings(passes: readonly Pass[], steps: readonly string[], assignedAt: Date, retired: ReadonlyMap<string, Date>): StepStanding[] {
  return steps.map((step) => ({
    passedAt: passes.find((p) => stepPlayed(steps, p) === step && p.completedAt.getTime() >= assignedAt.getTime())?.completedAt ?? null,
    retiredAt: retired.get(step) ?? null,
  }));
}

/** The passes and retired steps the standings of these people's assignments are read from. */
export async function standingsSources(db: Database, userIds: readonly string[], steps: readonly string[], now: Date) {
  const [passes, retired] = await Promise.all([passesOf(db, userIds, now), retiredSteps(db, steps)]);
  const passesByPerson = new Map<string, Pass[]>();
  for (const pass of passes) passesByPerson.set(pass.userId, [...(passesByPerson.get(pass.userId) ?? []), pass]);
  return { passesOf: (userId: string) => passesByPerson.get(userId) ?? [], retired };
}

/**
 * Marks the people's open assignments complete once every step of their version has been passed
 * since the assignment was made or retired (completionTime in module-steps.ts). Called in the
 * transaction that scores an attempt, and in the one that archives a scenario for everyone holding
 * it; the time stored is when the last step stopped being owed, and once stored it never changes.
 */
export async function recordProgress(db: Database, who: string | readonly string[], now: Date): Promise<number> {
  const everyone = typeof who === 'string' ? [who] : [...new Set(who)];
  let completed = 0;
  for (let i = 0; i < everyone.length; i += 1000) {
    const userIds = everyone.slice(i, i + 1000);
    const open = await db
      .select({ id: assignments.id, userId: assignments.userId, assignedAt: assignments.assignedAt, steps: moduleVersions.steps })
      .from(assignments)
      .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
      .where(and(inArray(assignments.userId, userIds), isNull(assignments.completedAt), isNull(assignments.unassignedAt)));
    if (!open.length) continue;
    const sources = await standingsSources(db, userIds, [...new Set(open.flatMap((a) => a.steps))], now);
    for (const assignment of open) {
      const completedAt = completionTime(stepStandings(sources.passesOf(assignment.userId), assignment.steps, assignment.assignedAt, sources.retired));
      if (!completedAt) continue;
      const updated = await db
        .update(assignments)
        .set({ completedAt })
        .where(and(eq(assignments.id, assignment.id), isNull(assignments.completedAt)))
        .returning({ id: assignments.id });
      completed += updated.length;
    }
  }
  return completed;
}

/**
 * Recomputes the progress columns of assignments (attempts, first start, scenarios passed, score)
 * from the attempts themselves: of one person, or of everyone. Only attempts on the module's scenarios
 * between the assignment and its completion or unassignment count, so the result is the same however
 * often it runs and a finished assignment keeps its figures. Called in the transactions that start
 * and finish attempts, after recordProgress.
 */
export async function refreshAssignmentProgress(db: Database, filter: { userId?: string } = {}): Promise<void> {
  const who = filter.userId ? sql`AND a.user_id = ${filter.userId}` : sql``;
  await db.execute(sql`
    WITH bounds AS (
      SELECT a.id, a.user_id, a.assigned_at, coalesce(a.completed_at, a.unassigned_at, 'infinity'::timestamptz) AS until, mv.scenario_ids
      FROM assignments a JOIN module_versions mv ON mv.id = a.module_version_id
      WHERE true ${who}
    ), per_scenario AS (
      SELECT b.id, s.step, count(*) AS started, min(t.started_at) AS first_started,
        bool_or(t.passed AND t.completed_at >= b.assigned_at AND t.completed_at <= b.until) AS passed,
        max(t.overall_percent) FILTER (WHERE t.status = 'completed' AND t.completed_at >= b.assigned_at AND t.completed_at <= b.until) AS best
      FROM bounds b
      JOIN attempts t ON t.user_id = b.user_id AND t.started_at <= b.until AND (t.started_at >= b.assigned_at OR t.completed_at >= b.assigned_at)
      JOIN scenario_versions sv ON sv.id = t.scenario_version_id
      -- The step an attempt counts for: its scenario, else the pool its version was a variant of (module-steps.ts).
      CROSS JOIN LATERAL (
        SELECT CASE
          WHEN b.scenario_ids @> jsonb_build_array(sv.scenario_id) THEN sv.scenario_id
          WHEN sv.pool_id IS NOT NULL AND b.scenario_ids @> jsonb_build_array('pool:' || sv.pool_id) THEN 'pool:' || sv.pool_id
        END AS step
      ) s
      WHERE s.step IS NOT NULL
      GROUP BY b.id, s.step
    ), progress AS (
      SELECT b.id, coalesce(sum(p.started), 0)::integer AS started, min(p.first_started) AS first_started,
        (count(*) FILTER (WHERE p.passed))::integer AS passed, avg(p.best) AS score
      FROM bounds b LEFT JOIN per_scenario p ON p.id = b.id
      GROUP BY b.id
    )
    UPDATE assignments a
    SET attempt_count = progress.started, started_at = progress.first_started, passed_count = progress.passed, score_percent = progress.score
    FROM progress
    WHERE a.id = progress.id
      AND (a.attempt_count, a.started_at, a.passed_count, a.score_percent) IS DISTINCT FROM (progress.started, progress.first_started, progress.passed, progress.score)`);
}

/**
 * Adds a finished attempt's principle scores to its person's running totals, in the transaction
 * that finishes it.
 */
export async function addPrincipleTotals(db: Database, userId: string, principleScores: Record<string, number>): Promise<void> {
  const rows = Object.entries(principleScores)
    .filter(([, percent]) => Number.isFinite(percent))
    .map(([principleId, percent]) => ({ userId, principleId, percentSum: percent, attemptCount: 1 }));
  if (!rows.length) return;
  await db
    .insert(principleTotals)
    .values(rows)
    .onConflictDoUpdate({
      target: [principleTotals.userId, principleTotals.principleId],
      set: {
        percentSum: sql`${principleTotals.percentSum} + excluded.percent_sum`,
        attemptCount: sql`${principleTotals.attemptCount} + excluded.attempt_count`,
      },
    });
}

// ---- A person's modules ----

/**
 * The person's current assignment of each module they hold. Someone can hold one module through
 * several rules (their team's and a cohort's); the one due first counts, then the earliest made.
 */
export async function personModules(db: Database, userId: string): Promise<Assignment[]> {
  return db
    .select()
    .from(assignments)
    .where(and(eq(assignments.userId, userId), eq(assignments.isCurrent, true)))
    .orderBy(asc(assignments.dueDate), asc(assignments.assignedAt), asc(assignments.id));
}

/** One step of an assignment as its person and HR see it. */
export interface StepProgress {
  passed: boolean;
  /** Its scenario was archived (or its pool has no playable version left). */
  retired: boolean;
  /** Counted in the module's total: not retired, or passed before it was (stepCounts). */
  counts: boolean;
}

/** An assignment's progress over its steps: a retired step counts only where it was passed. */
export function assignmentProgress(completedAt: Date | null, standings: readonly StepStanding[]): { steps: StepProgress[]; passedCount: number; total: number } {
  const steps = standings.map((standing) => {
    const retired = standing.retiredAt !== null;
    // A completed assignment passed every step not retired, whatever attempts remain on record.
    const passed = standing.passedAt !== null || (completedAt !== null && !retired);
    return { passed, retired, counts: passed || stepCounts(standing) };
  });
  return { steps, passedCount: steps.filter((s) => s.passed).length, total: steps.filter((s) => s.counts).length };
}

export interface MyModule {
  assignmentId: string;
  moduleId: string;
  version: number;
  title: string;
  description: string;
  /**
   * The module's steps: scenarios, and pools of interchangeable variants. A retired step is shown
   * but never linked: its scenario can no longer be opened.
   */
  scenarios: {
    id: string;
    title: string;
    href: string;
    pool: boolean;
    assessment: boolean;
    passed: boolean;
    retired: boolean;
    /**
     * The last day (YYYY-MM-DD, organisation's zone) the person passed this step before the module
     * was assigned, when it is still owed: such a pass does not count (decision 014). Null otherwise.
     */
    passedBeforeAssignment: string | null;
  }[];
  /** The day the module was assigned (YYYY-MM-DD, organisation's zone). */
  assignedOn: string;
  /** Passed steps, of `total`: the steps that count (retired ones only where passed). */
  passedCount: number;
  total: number;
  dueDate: string;
  status: AssignmentStatus;
  completedAt: Date | null;
  /** The first step neither passed nor retired, to continue with; null when none is left. */
  nextScenarioId: string | null;
  /** Whether the person has played or passed any of its steps since it was assigned: "Continue" rather than "Start". */
  started: boolean;
}

/**
 * The trainee home's list: each module the person holds, with progress and status, soonest due
 * first. An assignment complete by the rule but not yet recorded as such (a step retired by
 * publishing a pool's last version without the pool, or while its last step was being passed) is
 * recorded here, with the time it became complete.
 */
export async function myModules(db: Database, userId: string, now = new Date(), timeZone = settings().timeZone): Promise<MyModule[]> {
  return modulesOf(db, userId, now, timeZone, false);
}

async function modulesOf(db: Database, userId: string, now: Date, timeZone: string, caughtUp: boolean): Promise<MyModule[]> {
  const held = await personModules(db, userId);
  if (!held.length) return [];
  const versions = await db
    .select()
    .from(moduleVersions)
    .where(inArray(moduleVersions.id, [...new Set(held.map((a) => a.moduleVersionId))]));
  const versionOf = new Map(versions.map((v) => [v.id, v]));
  const steps = [...new Set(versions.flatMap((v) => v.steps))];
  const [sources, details] = await Promise.all([standingsSources(db, [userId], steps, now), stepDetails(db, steps)]);
  const standingsOf = (assignment: Assignment) => stepStandings(sources.passesOf(userId), versionOf.get(assignment.moduleVersionId)!.steps, assignment.assignedAt, sources.retired);
  if (!caughtUp && held.some((a) => a.completedAt === null && completionTime(standingsOf(a)) !== null)) {
    await recordProgress(db, userId, now);
    return modulesOf(db, userId, now, timeZone, true);
  }
  return held.map((assignment) => {
    const version = versionOf.get(assignment.moduleVersionId)!;
    const progress = assignmentProgress(assignment.completedAt, standingsOf(assignment));
    const earlier = sources.passesOf(userId).filter((p) => p.completedAt.getTime() < assignment.assignedAt.getTime());
    const scenarios = version.steps.map((id, i) => {
      const { passed, retired } = progress.steps[i]!;
      // Passes are earliest first: the last one before the assignment is the one to mention.
      const before = passed || retired ? undefined : earlier.findLast((p) => stepPlayed(version.steps, p) === id);
      return {
        id,
        ...details.get(id)!,
        pool: parseStep(id).kind === 'pool',
        passed,
        retired,
        passedBeforeAssignment: before ? dateIn(timeZone, before.completedAt) : null,
      };
    });
    return {
      assignmentId: assignment.id,
      moduleId: version.moduleId,
      version: version.version,
      title: version.title,
      description: version.description,
      scenarios,
      passedCount: progress.passedCount,
      total: progress.total,
      dueDate: assignment.dueDate,
      assignedOn: dateIn(timeZone, assignment.assignedAt),
      status: assignmentStatus(assignment, { passed: progress.passedCount, attempts: assignment.attemptCount }, now, timeZone),
      completedAt: assignment.completedAt,
      nextScenarioId: scenarios.find((s) => !s.passed && !s.retired)?.id ?? null,
      started: progress.passedCount > 0 || assignment.attemptCount > 0,
    };
  });
}

/**
 * Whether a module the person holds, not completed nor unassigned, asks for replies in their own
 * words and counts this scenario (itself, or its pool) as one of its steps.
 */
export async function heldModuleAsksOwnWords(db: Database, userId: string, played: { scenarioId: string; poolId: string | null }): Promise<boolean> {
  const steps = [played.scenarioId, ...(played.poolId ? [poolStep(played.poolId)] : [])];
  const [row] = await db
    .select({ id: assignments.id })
    .from(assignments)
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .where(
      and(
        eq(assignments.userId, userId),
        isNull(assignments.unassignedAt),
        isNull(assignments.completedAt),
        eq(moduleVersions.ownWords, true),
        sql`(${sql.join(
          steps.map((step) => sql`${moduleVersions.steps} @> ${JSON.stringify([step])}::jsonb`),
          sql` or `,
        )})`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
