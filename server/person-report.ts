import 'server-only';
import { and, asc, count, desc, eq, isNotNull } from 'drizzle-orm';
import { PRINCIPLE_IDS, principleName, type Outcome } from '@/machines';
import { assignmentStatus, type AssignmentStatus } from './assignments';
import { hasRole, ROLES_THAT } from './auth/roles';
import type { Database } from './db';
import {
  assignmentRules,
  assignments,
  attempts,
  moduleVersions,
  scenarioVersions,
  users,
  type AssignmentKind,
  type AttemptStatus,
  type Role,
  type TimeMode,
  type User,
} from './db/schema';
import { debriefView, type DebriefView } from './debrief';
import { HttpError, RecordNotFoundError } from './errors';
import { dateIn } from './org-dates';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  total: number;
  attemptCount: number;
  /** Mean of each finished scenario's best overall percent; null before any finished. */
  scorePercent: number | null;
  completedAt: Date | null;
  /** The calendar day of completion in the organisation's zone. */
  completedOn: string | null;
  certificateAvailable: boolean;
}

export interface ReportAttempt {
  attemptId: string;
  scenarioId: string;
  /** The title of the version played. */
  title: string;
  version: number;
  status: AttemptStatus;
  startedAt: Date;
  completedAt: Date | null;
  outcome: Outcome | null;
  passed: boolean | null;
  overallPercent: number | null;
  timeMode: TimeMode;
  choicesMade: number;
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
    total: number;
  };
  /** In the principles' own order; only those the person has a score on. */
  principles: PrincipleHistory[];
  /** Finished attempts the principle history is drawn from. */
  finishedAttempts: number;
  today: string;
  timeZone: string;
}

export interface PersonReportOptions {
  /** 1-based page of the attempts list; beyond the last page gives the last. */
  attemptPage?: number;
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
  if (typeof userId !== 'string' || !UUID.test(userId)) throw new RecordNotFoundError('person');
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
  const assignmentList = orderAssignments(
    held.map(({ assignment: a, version, kind, team }) => {
      const total = version.scenarioIds.length;
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
        attemptCount: a.attemptCount,
        scorePercent: a.scorePercent,
        completedAt: a.completedAt,
        completedOn: a.completedAt ? dateIn(timeZone, a.completedAt) : null,
        certificateAvailable: a.completedAt !== null,
      };
    }),
  );

  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(attempts).where(eq(attempts.userId, userId));
  const pageCount = Math.max(1, Math.ceil(total / ATTEMPTS_PAGE_SIZE));
  const requested = Number.isInteger(options.attemptPage) && options.attemptPage! > 0 ? options.attemptPage! : 1;
  const page = Math.min(requested, pageCount);
  const rows = await db
    .select({ attempt: attempts, scenarioId: scenarioVersions.scenarioId, title: scenarioVersions.title, version: scenarioVersions.version })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(eq(attempts.userId, userId))
    .orderBy(desc(attempts.startedAt), desc(attempts.id))
    .limit(ATTEMPTS_PAGE_SIZE)
    .offset((page - 1) * ATTEMPTS_PAGE_SIZE);
  const items: ReportAttempt[] = [];
  for (const { attempt, scenarioId, title, version } of rows) {
    const view = attempt.status === 'completed' ? await debriefView(db, attempt.id, reader) : null;
    items.push({
      attemptId: attempt.id,
      scenarioId,
      title,
      version,
      status: attempt.status,
      startedAt: attempt.startedAt,
      completedAt: attempt.completedAt,
      outcome: attempt.outcome,
      passed: attempt.passed,
      overallPercent: attempt.overallPercent,
      timeMode: attempt.timeMode,
      choicesMade: attempt.step,
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
    attempts: { items, page, pageCount, pageSize: ATTEMPTS_PAGE_SIZE, total },
    principles,
    finishedAttempts: scored.length,
    today: dateIn(timeZone, now),
    timeZone,
  };
}
