import 'server-only';
import { and, asc, count, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { PRINCIPLE_IDS, principleName, type Outcome, type ReadingPace } from '@/machines';
import { assignmentProgress, assignmentStatus, standingsSources, stepStandings, type AssignmentStatus } from '../onboarding/assignments';
import { stepTitles } from '../onboarding/modules';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import type { Database } from '../db';
import {
  assignmentRules,
  assignments,
  attemptEvents,
  attempts,
  attemptTimeModeChanges,
  moduleVersions,
  scenarioVersions,
  users,
  type AssignmentKind,
  type Attempt,
  type AttemptStatus,
  type AttemptTimeModeChange,
  type Role,
  type TimeMode,
  type User,
} from '../db/schema';
import { debriefView, type DebriefView } from '../training/debrief';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { dateIn } from '../../lib/dates';
import { isUuid } from '@/lib/uuid';

/**
 * One person's training record for HR: who they are, every module they were given (current,
 * completed and unassigned), every attempt with its transcript, and their scores per principle over
 * time. Readable by the roles that see results.
 */

/** Attempts listed per page: a person can have hundreds. */
export const ATTEMPTS_PAGE_SIZE = 20;
/** How many of the earliest and of the latest scores a principle's trend compares, at most. */
export const TREND_WINDOW = 3;
/** A change of the recent average against the first within this many points reads as steady. */
export const TREND_STEADY_WITHIN = 5;

export interface ReportPerson {
  id: string;
  name: string;
  email: string;
  team: string | null;
  startDate: string | null;
  role: Role;
  active: boolean;
  anonymised: boolean;
}

/** Where an assignment stands; 'unassigned' when its rule was removed before it was completed. */
export type ReportAssignmentStatus = AssignmentStatus | 'unassigned';

export interface ReportAssignment {
  assignmentId: string;
  moduleId: string;
  title: string;
  version: number;
  /** How the person got it: named themself, through their team, or through their start date. */
  via: AssignmentKind;
  team: string | null;
  assignedAt: Date;
  dueDate: string;
  status: ReportAssignmentStatus;
  unassignedAt: Date | null;
  passedCount: number;
  /** The steps that count: retired ones only where passed (docs/decisions/035-retired-scenarios-in-modules.md). */
  total: number;
  /** Steps of the version whose scenario was archived: passed before (the pass counts) or not required any more. */
  retired: { title: string; passed: boolean }[];
  attemptCount: number;
  /** Mean of each finished scenario's best overall percent; null before any finished. */
  scorePercent: number | null;
  completedAt: Date | null;
  /** The calendar day of completion in the organisation's zone. */
  completedOn: string | null;
  certificateAvailable: boolean;
}

/** A reply of a finished attempt that was a critical error. */
export interface ReportCriticalReply {
  /** Its place in the transcript, from 1: "reply 2". */
  reply: number;
  seq: number;
  /** Why it is a critical error, in the words of the version played. */
  reason: string;
}

/** One change of an attempt's time limits. */
export interface ReportTimeModeChange {
  /** The reply open when the limits changed (from 1), answered under the new ones; null when it came after the last reply. */
  atReply: number | null;
  from: TimeMode;
  to: TimeMode;
  changedAt: Date;
}

/** How a timed scenario's limits ran in one attempt. */
export interface ReportTimeLimits {
  startedWith: TimeMode;
  /** Now, for an attempt in progress. */
  endedWith: TimeMode;
  changes: ReportTimeModeChange[];
}

export interface ReportAttempt {
  attemptId: string;
  scenarioId: string;
  /** The title of the version played. */
  title: string;
  version: number;
  /** The assessment pool the version played was a variant of, if any: which variant this attempt was. */
  pool: { id: string; title: string } | null;
  status: AttemptStatus;
  startedAt: Date;
  completedAt: Date | null;
  outcome: Outcome | null;
  passed: boolean | null;
  overallPercent: number | null;
  /** Null when the scenario has no timed decision: there were no limits to speak of. */
  timeLimits: ReportTimeLimits | null;
  choicesMade: number;
  /** Critical errors taken; counted when the attempt ends, so 0 while in progress. */
  criticalErrors: number;
  /** Which replies were critical errors and why, for a finished attempt. */
  criticalReplies: ReportCriticalReply[];
  /** Finished and not passed, with a critical error among the reasons. */
  failedByCriticalError: boolean;
  /** Passed in less than half the time its text takes to read (decision 041). */
  passedFasterThanReading: boolean;
  /** For a finished attempt: the time its path takes to read at a brisk pace, and the time taken; null for older records. */
  pace: ReadingPace | null;
  /** The full debrief (transcript, choices, feedback) of a finished attempt; null while unfinished. */
  debrief: DebriefView | null;
}

export interface PrinciplePoint {
  attemptId: string;
  scenarioTitle: string;
  completedAt: Date;
  percent: number;
}

export type TrendDirection = 'improving' | 'declining' | 'steady';

export interface PrincipleTrend {
  /** How many scores each average is over. */
  window: number;
  firstAverage: number;
  recentAverage: number;
  /** recentAverage − firstAverage, in percentage points. */
  change: number;
  direction: TrendDirection;
}

export interface PrincipleHistory {
  principleId: string;
  name: string;
  /** Earliest first. */
  points: PrinciplePoint[];
  average: number;
  /** Null with fewer than two scores: nothing to compare. */
  trend: PrincipleTrend | null;
}

export interface PersonReport {
  person: ReportPerson;
  /** Overdue first, then open by due date, completed (most recent first), unassigned last. */
  assignments: ReportAssignment[];
  attempts: {
    /** Newest first. */
    items: ReportAttempt[];
    page: number;
    pageCount: number;
    pageSize: number;
    /** Attempts in the list as filtered, all pages. */
    total: number;
    /** Which attempts the list holds. */
    show: AttemptsShown;
    /** Every attempt of the person, whatever the filter. */
    all: number;
    /** Of those, the attempts failed by a critical error. */
    failedByCriticalError: number;
    /** Of those, the passes faster than their text could be read. */
    passedFasterThanReading: number;
  };
  /** In the principles' own order; only those the person has a score on. */
  principles: PrincipleHistory[];
  /** Finished attempts the principle history is drawn from. */
  finishedAttempts: number;
  today: string;
  timeZone: string;
}

/** Which of a person's attempts the list holds: all of them, those failed by a critical error, or those passed faster than they could be read. */
export type AttemptsShown = 'all' | 'failed-by-critical-error' | 'passed-faster-than-reading';

export interface PersonReportOptions {
  /** 1-based page of the attempts list; beyond the last page gives the last. */
  attemptPage?: number;
  show?: AttemptsShown;
}

// ---- Reading the page's query string ----

/** The query parameter that narrows the attempts to those failed by a critical error, and its one value. */
export const CRITICAL_FAILURE_PARAM = 'criticalFailure';
export const CRITICAL_FAILURE_VALUE = 'yes';
/** The query parameter that narrows them to passes faster than their text could be read, and its one value. */
export const FAST_PASS_PARAM = 'fastPass';
export const FAST_PASS_VALUE = 'yes';

const personQuerySchema = z
  .object({
    page: z.string().regex(/^[1-9]\d{0,5}$/, 'page must be a whole number from 1'),
    [CRITICAL_FAILURE_PARAM]: z.literal(CRITICAL_FAILURE_VALUE, {
      error: `${CRITICAL_FAILURE_PARAM} must be "${CRITICAL_FAILURE_VALUE}" (only attempts failed by a critical error), or left out`,
    }),
    [FAST_PASS_PARAM]: z.literal(FAST_PASS_VALUE, {
      error: `${FAST_PASS_PARAM} must be "${FAST_PASS_VALUE}" (only attempts passed faster than they could be read), or left out`,
    }),
  })
  .partial()
  .refine((q) => !(q[CRITICAL_FAILURE_PARAM] && q[FAST_PASS_PARAM]), {
    message: `${CRITICAL_FAILURE_PARAM} and ${FAST_PASS_PARAM} cannot both be given: choose one list`,
    path: [FAST_PASS_PARAM],
  });

type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

/**
 * The person page's page number and filter from its query string; an empty value is as good as
 * absent, as a form submits it. A bad value is a 400 naming the parameter.
 */
export function readPersonReportQuery(params: SearchParams): Required<PersonReportOptions> {
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v] as const);
  const given = Object.fromEntries(entries.map(([k, v]) => [k, v?.trim()]).filter(([, v]) => v));
  const parsed = personQuerySchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, 'invalid-query', issue.message, { field: String(issue.path[0] ?? '') });
  }
  const show: AttemptsShown = parsed.data[CRITICAL_FAILURE_PARAM] ? 'failed-by-critical-error' : parsed.data[FAST_PASS_PARAM] ? 'passed-faster-than-reading' : 'all';
  return { attemptPage: parsed.data.page ? Number(parsed.data.page) : 1, show };
}

/** The person page's address for a page of attempts and a filter, defaults left out. */
export function personReportHref(userId: string, options: PersonReportOptions = {}): string {
  const params = new URLSearchParams();
  if (options.show === 'failed-by-critical-error') params.set(CRITICAL_FAILURE_PARAM, CRITICAL_FAILURE_VALUE);
  if (options.show === 'passed-faster-than-reading') params.set(FAST_PASS_PARAM, FAST_PASS_VALUE);
  if (options.attemptPage && options.attemptPage > 1) params.set('page', String(options.attemptPage));
  const query = params.toString();
  return `/hr/people/${userId}${query ? `?${query}` : ''}`;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** First against recent: the earliest and latest scores, in windows that never overlap. */
export function principleTrend(percents: readonly number[]): PrincipleTrend | null {
  if (percents.length < 2) return null;
  const window = Math.min(TREND_WINDOW, Math.floor(percents.length / 2));
  const firstAverage = mean(percents.slice(0, window));
  const recentAverage = mean(percents.slice(-window));
  const change = recentAverage - firstAverage;
  const direction: TrendDirection = Math.abs(change) < TREND_STEADY_WITHIN ? 'steady' : change > 0 ? 'improving' : 'declining';
  return { window, firstAverage, recentAverage, change, direction };
}

const STATUS_RANK: Record<ReportAssignmentStatus, number> = { overdue: 0, 'in-progress': 1, 'not-started': 1, completed: 2, 'completed-late': 2, unassigned: 3 };

function orderAssignments(list: ReportAssignment[]): ReportAssignment[] {
  return list.sort((a, b) => {
    const byRank = STATUS_RANK[a.status] - STATUS_RANK[b.status];
    if (byRank) return byRank;
    if (a.completedAt && b.completedAt) return b.completedAt.getTime() - a.completedAt.getTime();
    if (a.unassignedAt && b.unassignedAt) return b.unassignedAt.getTime() - a.unassignedAt.getTime();
    return a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title);
  });
}

function assertSeesResults(reader: Pick<User, 'role'>): void {
  if (!hasRole(reader, ROLES_THAT.seeResults)) throw new HttpError(403, 'forbidden', 'Your role does not allow seeing people’s results.');
}

/** Everything the HR page of one person shows. */
export async function personReport(
  db: Database,
  reader: Pick<User, 'id' | 'role'>,
  userId: string,
  now: Date,
  timeZone: string,
  options: PersonReportOptions = {},
): Promise<PersonReport> {
  assertSeesResults(reader);
  if (typeof userId !== 'string' || !isUuid(userId)) throw new RecordNotFoundError('person');
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new RecordNotFoundError('person');
  const person: ReportPerson = {
    id: user.id,
    name: user.name,
    email: user.email,
    team: user.team,
    startDate: user.startDate,
    role: user.role,
    active: user.active,
    anonymised: user.anonymisedAt !== null,
  };

  const held = await db
    .select({ assignment: assignments, version: moduleVersions, kind: assignmentRules.kind, team: assignmentRules.team })
    .from(assignments)
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .innerJoin(assignmentRules, eq(assignmentRules.id, assignments.ruleId))
    .where(eq(assignments.userId, userId));
  const steps = [...new Set(held.flatMap(({ version }) => version.steps))];
  const [sources, titles] = await Promise.all([standingsSources(db, [userId], steps, now), stepTitles(db, steps)]);
  const assignmentList = orderAssignments(
    held.map(({ assignment: a, version, kind, team }) => {
      const progress = assignmentProgress(a.completedAt, stepStandings(sources.passesOf(userId), version.steps, a.assignedAt, sources.retired));
      const total = progress.total;
      const passedCount = a.completedAt ? total : a.passedCount;
      const status: ReportAssignmentStatus =
        a.unassignedAt && !a.completedAt ? 'unassigned' : assignmentStatus(a, { passed: passedCount, attempts: a.attemptCount }, now, timeZone);
      return {
        assignmentId: a.id,
        moduleId: version.moduleId,
        title: version.title,
        version: version.version,
        via: kind,
        team,
        assignedAt: a.assignedAt,
        dueDate: a.dueDate,
        status,
        unassignedAt: a.unassignedAt,
        passedCount,
        total,
        retired: version.steps.flatMap((step, i) => (progress.steps[i]!.retired ? [{ title: titles.get(step) ?? step, passed: progress.steps[i]!.passed }] : [])),
        attemptCount: a.attemptCount,
        scorePercent: a.scorePercent,
        completedAt: a.completedAt,
        completedOn: a.completedAt ? dateIn(timeZone, a.completedAt) : null,
        certificateAvailable: a.completedAt !== null,
      };
    }),
  );

  // Failed by a critical error: any fails the attempt, and the count is set when it ends.
  const failedByCritical = and(gt(attempts.criticalErrors, 0), eq(attempts.passed, false));
  const [counts = { all: 0, failedByCriticalError: 0, passedFasterThanReading: 0 }] = await db
    .select({
      all: count(),
      failedByCriticalError: sql<number>`(count(*) FILTER (WHERE ${failedByCritical}))::int`,
      passedFasterThanReading: sql<number>`(count(*) FILTER (WHERE ${attempts.fasterThanReading}))::int`,
    })
    .from(attempts)
    .where(eq(attempts.userId, userId));
  const show: AttemptsShown = options.show ?? 'all';
  const shownCondition = { all: undefined, 'failed-by-critical-error': failedByCritical, 'passed-faster-than-reading': eq(attempts.fasterThanReading, true) }[show];
  const total = Number({ all: counts.all, 'failed-by-critical-error': counts.failedByCriticalError, 'passed-faster-than-reading': counts.passedFasterThanReading }[show]);
  const pageCount = Math.max(1, Math.ceil(total / ATTEMPTS_PAGE_SIZE));
  const requested = Number.isInteger(options.attemptPage) && options.attemptPage! > 0 ? options.attemptPage! : 1;
  const page = Math.min(requested, pageCount);
  const rows = await db
    .select({
      attempt: attempts,
      scenarioId: scenarioVersions.scenarioId,
      title: scenarioVersions.title,
      version: scenarioVersions.version,
      poolId: scenarioVersions.poolId,
      poolTitle: scenarioVersions.poolTitle,
    })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(eq(attempts.userId, userId), shownCondition))
    .orderBy(desc(attempts.startedAt), desc(attempts.id))
    .limit(ATTEMPTS_PAGE_SIZE)
    .offset((page - 1) * ATTEMPTS_PAGE_SIZE);
  const { criticalOf, changesOf } = await attemptDetails(
    db,
    rows.map((r) => r.attempt),
  );
  const items: ReportAttempt[] = [];
  for (const { attempt, scenarioId, title, version, poolId, poolTitle } of rows) {
    const view = attempt.status === 'completed' ? await debriefView(db, attempt.id, reader) : null;
    const finished = attempt.status === 'completed';
    items.push({
      attemptId: attempt.id,
      scenarioId,
      title,
      version,
      pool: poolId ? { id: poolId, title: poolTitle ?? poolId } : null,
      status: attempt.status,
      startedAt: attempt.startedAt,
      completedAt: attempt.completedAt,
      outcome: attempt.outcome,
      passed: attempt.passed,
      overallPercent: attempt.overallPercent,
      timeLimits: timeLimitsOf(attempt, changesOf.get(attempt.id) ?? []),
      choicesMade: attempt.step,
      criticalErrors: finished ? attempt.criticalErrors : 0,
      criticalReplies: finished ? (criticalOf.get(attempt.id) ?? []) : [],
      failedByCriticalError: finished && attempt.passed === false && attempt.criticalErrors > 0,
      passedFasterThanReading: finished && attempt.fasterThanReading,
      pace: finished && attempt.readingMs !== null && attempt.answeringMs !== null ? { readingMs: attempt.readingMs, answeringMs: attempt.answeringMs } : null,
      debrief: view?.status === 'completed' ? view : null,
    });
  }

  const scored = await db
    .select({ attemptId: attempts.id, completedAt: attempts.completedAt, principleScores: attempts.principleScores, title: scenarioVersions.title })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(eq(attempts.userId, userId), eq(attempts.status, 'completed'), isNotNull(attempts.completedAt)))
    .orderBy(asc(attempts.completedAt), asc(attempts.id));
  const byPrinciple = new Map<string, PrinciplePoint[]>();
  for (const row of scored) {
    for (const [principleId, percent] of Object.entries(row.principleScores ?? {})) {
      if (!PRINCIPLE_IDS.includes(principleId) || typeof percent !== 'number' || !Number.isFinite(percent)) continue;
      const points = byPrinciple.get(principleId) ?? [];
      points.push({ attemptId: row.attemptId, scenarioTitle: row.title, completedAt: row.completedAt!, percent });
      byPrinciple.set(principleId, points);
    }
  }
  const principles: PrincipleHistory[] = PRINCIPLE_IDS.filter((id) => byPrinciple.has(id)).map((principleId) => {
    const points = byPrinciple.get(principleId)!;
    const percents = points.map((p) => p.percent);
    return { principleId, name: principleName(principleId), points, average: mean(percents), trend: principleTrend(percents) };
  });

  return {
    person,
    assignments: assignmentList,
    attempts: {
      items,
      page,
      pageCount,
      pageSize: ATTEMPTS_PAGE_SIZE,
      total,
      show,
      all: Number(counts.all),
      failedByCriticalError: Number(counts.failedByCriticalError),
      passedFasterThanReading: Number(counts.passedFasterThanReading),
    },
    principles,
    finishedAttempts: scored.length,
    today: dateIn(timeZone, now),
    timeZone,
  };
}

/** The critical replies of the finished attempts, and the changes of time limits of the timed ones, in two queries. */
async function attemptDetails(db: Database, list: readonly Attempt[]) {
  const finished = list.filter((a) => a.status === 'completed' && a.criticalErrors > 0).map((a) => a.id);
  const timed = list.filter((a) => a.timeMode !== null).map((a) => a.id);
  const [critical, changes] = await Promise.all([
    finished.length
      ? db
          .select({ attemptId: attemptEvents.attemptId, seq: attemptEvents.seq, reason: attemptEvents.critical })
          .from(attemptEvents)
          .where(and(inArray(attemptEvents.attemptId, finished), isNotNull(attemptEvents.critical)))
          .orderBy(asc(attemptEvents.attemptId), asc(attemptEvents.seq))
      : [],
    timed.length
      ? db
          .select()
          .from(attemptTimeModeChanges)
          .where(inArray(attemptTimeModeChanges.attemptId, timed))
          .orderBy(asc(attemptTimeModeChanges.attemptId), asc(attemptTimeModeChanges.changedAt), asc(attemptTimeModeChanges.atStep))
      : [],
  ]);
  const criticalOf = new Map<string, ReportCriticalReply[]>();
  // Decisions are numbered from 0 without gaps, so the reply's place in the transcript is seq + 1.
  for (const row of critical) criticalOf.set(row.attemptId, [...(criticalOf.get(row.attemptId) ?? []), { reply: row.seq + 1, seq: row.seq, reason: row.reason! }]);
  const changesOf = new Map<string, AttemptTimeModeChange[]>();
  for (const row of changes) changesOf.set(row.attemptId, [...(changesOf.get(row.attemptId) ?? []), row]);
  return { criticalOf, changesOf };
}

/** The limits an attempt started with, has now, and every change between; null for an untimed scenario. */
function timeLimitsOf(attempt: Attempt, changes: readonly AttemptTimeModeChange[]): ReportTimeLimits | null {
  if (attempt.timeMode === null) return null;
  const finished = attempt.status === 'completed';
  return {
    startedWith: changes[0]?.fromMode ?? attempt.timeMode,
    endedWith: attempt.timeMode,
    // at_step is how many replies had been made, so the one open then is the next; a finished
    // attempt has none open after its last.
    changes: changes.map((c) => ({ atReply: finished && c.atStep >= attempt.step ? null : c.atStep + 1, from: c.fromMode, to: c.toMode, changedAt: c.changedAt })),
  };
}
