import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { PRINCIPLE_IDS, principleName, type Outcome } from '@/machines';
import { myModules, type MyModule } from '../onboarding/assignments';
import { settings } from '../platform/settings';
import type { Database } from '../db';
import { attemptEvents, attempts, scenarioVersions, type User } from '../db/schema';
import { dateIn } from '../../lib/dates';
import { listLibrary } from './library';

/** How many finished attempts the home page lists, and how many the principle averages look back over. */
export const RECENT_RESULTS = 5;
export const PRINCIPLE_WINDOW = 10;
/** A principle averaging under this (percent) over the window is one to work on. */
export const WEAK_PRINCIPLE_BELOW = 70;
export const WEAK_PRINCIPLES_SHOWN = 3;
export const PRACTICE_SCENARIOS_SHOWN = 3;

export interface RecentResult {
  attemptId: string;
  scenarioId: string;
  /** The title of the version played. */
  title: string;
  completedAt: Date;
  outcome: Outcome | null;
  passed: boolean;
  overallPercent: number | null;
}

export interface PracticeScenario {
  scenarioId: string;
  title: string;
  passed: boolean;
}

export interface WeakPrinciple {
  principleId: string;
  name: string;
  /** Mean of the principle's scores (0–100) over the attempts that scored it. */
  averagePercent: number;
  /** How many of the recent attempts scored this principle. */
  attempts: number;
  /** Playable scenarios that practise it, those not passed yet first. */
  scenarios: PracticeScenario[];
}

/** The conversation a person left most recently without finishing it, to pick up first. */
export interface UnfinishedConversation {
  attemptId: string;
  scenarioId: string;
  /** The title of the version being played. */
  title: string;
  /** Whether it is an assessment (feedback at the end) or coaching. */
  assessment: boolean;
  /** Replies given so far. */
  replies: number;
  startedAt: Date;
  /** The last reply, or the start when there is none yet. */
  lastActiveAt: Date;
}

export interface HomeView {
  /** The most recently active unfinished attempt, or null. */
  unfinished: UnfinishedConversation | null;
  /** Overdue first, then open ones by due date, completed ones last (most recent first). */
  modules: MyModule[];
  recentResults: RecentResult[];
  weakestPrinciples: WeakPrinciple[];
  /** How many finished attempts the principle averages are over (at most PRINCIPLE_WINDOW). */
  attemptsConsidered: number;
  /** Today in the organisation's zone, YYYY-MM-DD, for writing due dates. */
  today: string;
  timeZone: string;
}

const isCompleted = (m: MyModule) => m.status === 'completed' || m.status === 'completed-late';

/** Overdue modules, then the rest still open by due date, then completed ones, most recently completed first. */
export function orderModules(modules: readonly MyModule[]): MyModule[] {
  const rank = (m: MyModule) => (m.status === 'overdue' ? 0 : isCompleted(m) ? 2 : 1);
  return [...modules].sort((a, b) => {
    const byRank = rank(a) - rank(b);
    if (byRank) return byRank;
    if (isCompleted(a)) return (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0) || a.title.localeCompare(b.title);
    return a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title);
  });
}

/**
 * The principles averaging lowest over the given attempts' principle scores, those under the bar,
 * lowest first. A principle counts only in the attempts whose scenario scored it.
 */
export function weakestOf(scoreSets: readonly (Record<string, number> | null)[]): { principleId: string; averagePercent: number; attempts: number }[] {
  const totals = new Map<string, { sum: number; count: number }>();
  for (const scores of scoreSets) {
    for (const [id, value] of Object.entries(scores ?? {})) {
      if (!PRINCIPLE_IDS.includes(id) || typeof value !== 'number' || !Number.isFinite(value)) continue;
      const total = totals.get(id) ?? { sum: 0, count: 0 };
      total.sum += value;
      total.count += 1;
      totals.set(id, total);
    }
  }
  return [...totals]
    .map(([principleId, { sum, count }]) => ({ principleId, averagePercent: sum / count, attempts: count }))
    .filter((p) => p.averagePercent < WEAK_PRINCIPLE_BELOW)
    .sort((a, b) => a.averagePercent - b.averagePercent || b.attempts - a.attempts || PRINCIPLE_IDS.indexOf(a.principleId) - PRINCIPLE_IDS.indexOf(b.principleId))
    .slice(0, WEAK_PRINCIPLES_SHOWN);
}

/** This person's unfinished attempt with the latest activity (a reply, or its start), or null. */
export async function latestUnfinished(db: Database, userId: string): Promise<UnfinishedConversation | null> {
  const lastReplyAt = sql<Date | null>`(select max(${attemptEvents.createdAt}) from ${attemptEvents} where ${attemptEvents.attemptId} = ${attempts.id})`;
  const lastActiveAt = sql<string>`coalesce(${lastReplyAt}, ${attempts.startedAt})`;
  const [row] = await db
    .select({
      attemptId: attempts.id,
      scenarioId: scenarioVersions.scenarioId,
      title: scenarioVersions.title,
      assessment: sql<boolean>`(${scenarioVersions.source}::jsonb -> 'meta' ->> 'feedback') = 'debrief'`,
      replies: attempts.step,
      startedAt: attempts.startedAt,
      lastActiveAt,
    })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(eq(attempts.userId, userId), eq(attempts.status, 'in-progress')))
    .orderBy(desc(lastActiveAt), desc(attempts.startedAt))
    .limit(1);
  return row ? { ...row, lastActiveAt: new Date(row.lastActiveAt) } : null;
}

/** Everything the home page shows for one person: their modules, recent results and principles to work on. */
export async function homeView(db: Database, user: Pick<User, 'id'>, now = new Date(), timeZone = settings().timeZone): Promise<HomeView> {
  const modules = orderModules(await myModules(db, user.id, now, timeZone));

  // One query for both lists: the latest finished attempts, through the (user, started) index.
  const recent = await db
    .select({
      attemptId: attempts.id,
      scenarioId: scenarioVersions.scenarioId,
      title: scenarioVersions.title,
      completedAt: attempts.completedAt,
      outcome: attempts.outcome,
      passed: attempts.passed,
      overallPercent: attempts.overallPercent,
      principleScores: attempts.principleScores,
    })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(eq(attempts.userId, user.id), eq(attempts.status, 'completed')))
    .orderBy(desc(attempts.completedAt), desc(attempts.startedAt))
    .limit(PRINCIPLE_WINDOW);

  const recentResults: RecentResult[] = recent.slice(0, RECENT_RESULTS).map((r) => ({
    attemptId: r.attemptId,
    scenarioId: r.scenarioId,
    title: r.title,
    completedAt: r.completedAt!,
    outcome: r.outcome,
    passed: r.passed === true,
    overallPercent: r.overallPercent,
  }));

  const weak = weakestOf(recent.map((r) => r.principleScores));
  let weakestPrinciples: WeakPrinciple[] = [];
  if (weak.length) {
    // The library is in its own order (difficulty, then title); scenarios not passed yet go first.
    const library = await listLibrary(db, user.id);
    weakestPrinciples = weak.map((p) => {
      const practising = library.filter((entry) => entry.document.meta.principles.includes(p.principleId));
      const ordered = [...practising.filter((e) => !e.passed), ...practising.filter((e) => e.passed)];
      return {
        ...p,
        name: principleName(p.principleId),
        scenarios: ordered.slice(0, PRACTICE_SCENARIOS_SHOWN).map((e) => ({ scenarioId: e.scenarioId, title: e.document.meta.title, passed: e.passed })),
      };
    });
  }

  return { unfinished: await latestUnfinished(db, user.id), modules, recentResults, weakestPrinciples, attemptsConsidered: recent.length, today: dateIn(timeZone, now), timeZone };
}
