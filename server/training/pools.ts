import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { assertAuthors } from '../studio/authoring';
import type { Database } from '../db';
import { attempts, scenarioVersions, users, type User } from '../db/schema';
import { RecordNotFoundError } from '../platform/errors';
import { newestVersions } from './library';

/**
 * Assessment pools: interchangeable scenarios (variants of one situation) that name the same
 * `meta.pool`. A module step `pool:<id>` is passed by any variant; each attempt draws a variant the
 * trainee has not taken yet (docs/decisions/025-learning-paths-and-assessment-pools.md).
 */

export interface PoolVariant {
  scenarioId: string;
  title: string;
}

export interface Pool {
  id: string;
  /** The pool title of its most recently published variant. */
  title: string;
  /** Sorted by scenario id, so a draw does not depend on publishing order. */
  variants: PoolVariant[];
  /** Every variant gives its feedback only at the end (`feedback: debrief`). */
  assessment: boolean;
}

/** The pools of the playable library: scenarios not archived whose newest version names a pool. */
export async function libraryPools(db: Database): Promise<Pool[]> {
  const newest = await newestVersions(db, {
    scenarioId: scenarioVersions.scenarioId,
    title: scenarioVersions.title,
    poolId: scenarioVersions.poolId,
    poolTitle: scenarioVersions.poolTitle,
    publishedAt: scenarioVersions.publishedAt,
    feedback: sql<string>`(${scenarioVersions.source}::jsonb -> 'meta' ->> 'feedback')`,
  });
  const pools = new Map<string, Pool & { titledAt: number }>();
  for (const row of newest) {
    if (!row.poolId) continue;
    const pool = pools.get(row.poolId) ?? { id: row.poolId, title: row.poolTitle ?? row.poolId, variants: [], assessment: true, titledAt: -Infinity };
    if (row.feedback !== 'debrief') pool.assessment = false;
    if (row.publishedAt.getTime() > pool.titledAt) Object.assign(pool, { title: row.poolTitle ?? row.poolId, titledAt: row.publishedAt.getTime() });
    pool.variants.push({ scenarioId: row.scenarioId, title: row.title });
    pools.set(row.poolId, pool);
  }
  return [...pools.values()]
    .map(({ titledAt: _, ...pool }) => ({ ...pool, variants: pool.variants.sort((a, b) => a.scenarioId.localeCompare(b.scenarioId)) }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

export async function findPool(db: Database, poolId: string): Promise<Pool> {
  const pool = (await libraryPools(db)).find((p) => p.id === poolId);
  if (!pool) throw new RecordNotFoundError('pool');
  return pool;
}

export interface Draw {
  pool: Pool;
  scenarioId: string;
  /** The trainee has an attempt in progress on this variant, which they should finish first. */
  inProgress: boolean;
  /** How many attempts the trainee has made on the pool's variants. */
  taken: number;
}

/**
 * The variant a trainee plays next: the one in progress if any; otherwise one they have taken
 * least often (never, where possible). Ties are broken by a hash of the person, the pool and how
 * many attempts they have made, so the draw is the same on every reload until they play, and a
 * trainee cannot reload the page until an easier-looking variant comes up.
 */
export async function drawVariant(db: Database, userId: string, poolId: string): Promise<Draw> {
  const pool = await findPool(db, poolId);
  const ids = pool.variants.map((v) => v.scenarioId);
  const mine = await db
    .select({
      scenarioId: scenarioVersions.scenarioId,
      taken: sql<number>`count(*)`.mapWith(Number),
      inProgressAt: sql<Date | null>`max(${attempts.startedAt}) filter (where ${attempts.status} = 'in-progress')`.mapWith((v) => (v === null ? null : new Date(v))),
    })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(eq(attempts.userId, userId), inArray(scenarioVersions.scenarioId, ids)))
    .groupBy(scenarioVersions.scenarioId);
  const taken = mine.reduce((n, m) => n + m.taken, 0);
  const resuming = mine.filter((m) => m.inProgressAt).sort((a, b) => b.inProgressAt!.getTime() - a.inProgressAt!.getTime())[0];
  if (resuming) return { pool, scenarioId: resuming.scenarioId, inProgress: true, taken };
  const count = new Map(mine.map((m) => [m.scenarioId, m.taken]));
  const fewest = Math.min(...ids.map((id) => count.get(id) ?? 0));
  const candidates = ids.filter((id) => (count.get(id) ?? 0) === fewest);
  const pick = createHash('sha256').update(`${userId}:${poolId}:${taken}`).digest().readUInt32BE(0) % candidates.length;
  return { pool, scenarioId: candidates[pick]!, inProgress: false, taken };
}

// ---- Are the variants equally hard? ----

/** Fewer completed attempts than this on a variant, or on its siblings together, and it is not compared. */
export const MIN_ATTEMPTS_TO_COMPARE = 10;
/** A difference smaller than this (pass rate, in points) is not worth a trainer's time even when it is real. */
export const PASS_RATE_GAP = 15;
/** Likewise for the mean score, in points. */
export const MEAN_SCORE_GAP = 10;
/** Two-sided 5 %: |z| above this is unlikely to be chance. */
const Z_CRITICAL = 1.96;

export interface VariantFigures {
  scenarioId: string;
  title: string;
  /** Completed trainee attempts played while this scenario was a variant of the pool. */
  attempts: number;
  passed: number;
  /** Percent of attempts passed; null with no attempts. */
  passRate: number | null;
  meanScore: number | null;
  /** Set when the variant differs from its siblings together by more than chance and more than the gap. */
  flag: { harder: boolean; reason: string } | null;
  /** Too few attempts here or on the siblings to say. */
  tooFewToCompare: boolean;
}

export interface PoolFigures extends Pool {
  figures: VariantFigures[];
}

export interface Tally {
  n: number;
  passed: number;
  sum: number;
  sumSquares: number;
}

const mean = (t: Tally) => t.sum / t.n;
const variance = (t: Tally) => (t.n > 1 ? (t.sumSquares - (t.sum * t.sum) / t.n) / (t.n - 1) : 0);
const plus = (a: Tally, b: Tally): Tally => ({ n: a.n + b.n, passed: a.passed + b.passed, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares });
const EMPTY: Tally = { n: 0, passed: 0, sum: 0, sumSquares: 0 };

/**
 * Compares one variant with the rest of its pool: a two-proportion z-test on the pass rate and
 * Welch's test on the mean score. A flag needs both a real difference (|z| > 1.96) and a large
 * one (the gaps above), so a trainer is not sent to rewrite a variant over noise.
 */
export function compareVariant(variant: Tally, siblings: Tally): { harder: boolean; reason: string } | null {
  const rate = variant.passed / variant.n;
  const otherRate = siblings.passed / siblings.n;
  const pooled = (variant.passed + siblings.passed) / (variant.n + siblings.n);
  const rateError = Math.sqrt(pooled * (1 - pooled) * (1 / variant.n + 1 / siblings.n));
  const rateZ = rateError > 0 ? (rate - otherRate) / rateError : 0;
  const gapPoints = (rate - otherRate) * 100;
  if (Math.abs(rateZ) > Z_CRITICAL && Math.abs(gapPoints) >= PASS_RATE_GAP) {
    const harder = gapPoints < 0;
    return { harder, reason: `passed by ${Math.round(rate * 100)} % against ${Math.round(otherRate * 100)} % on the other variants` };
  }
  const scoreError = Math.sqrt(variance(variant) / variant.n + variance(siblings) / siblings.n);
  const scoreGap = mean(variant) - mean(siblings);
  const scoreZ = scoreError > 0 ? scoreGap / scoreError : 0;
  if (Math.abs(scoreZ) > Z_CRITICAL && Math.abs(scoreGap) >= MEAN_SCORE_GAP) {
    const harder = scoreGap < 0;
    return { harder, reason: `mean score ${Math.round(mean(variant))} % against ${Math.round(mean(siblings))} % on the other variants` };
  }
  return null;
}

/** For trainers: each pool's variants side by side, with those much harder or easier than their siblings flagged. */
export async function poolFigures(db: Database, actor: User): Promise<PoolFigures[]> {
  assertAuthors(actor);
  const pools = await libraryPools(db);
  if (!pools.length) return [];
  // Only trainees' attempts count, as in the scenario map: an author's test plays would skew them.
  const rows = await db
    .select({
      poolId: scenarioVersions.poolId,
      scenarioId: scenarioVersions.scenarioId,
      n: sql<number>`count(*)`.mapWith(Number),
      passed: sql<number>`count(*) filter (where ${attempts.passed})`.mapWith(Number),
      sum: sql<number>`coalesce(sum(${attempts.overallPercent}), 0)`.mapWith(Number),
      sumSquares: sql<number>`coalesce(sum(${attempts.overallPercent} * ${attempts.overallPercent}), 0)`.mapWith(Number),
    })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .innerJoin(users, eq(users.id, attempts.userId))
    .where(
      and(
        eq(attempts.status, 'completed'),
        eq(users.role, 'trainee'),
        inArray(
          scenarioVersions.poolId,
          pools.map((p) => p.id),
        ),
      ),
    )
    .groupBy(scenarioVersions.poolId, scenarioVersions.scenarioId);
  const tallyOf = new Map(rows.map((r) => [`${r.poolId}/${r.scenarioId}`, { n: r.n, passed: r.passed, sum: r.sum, sumSquares: r.sumSquares }]));
  return pools.map((pool) => {
    const tallies = pool.variants.map((v) => tallyOf.get(`${pool.id}/${v.scenarioId}`) ?? EMPTY);
    return {
      ...pool,
      figures: pool.variants.map((variant, i) => {
        const own = tallies[i]!;
        const siblings = tallies.filter((_, j) => j !== i).reduce(plus, EMPTY);
        const tooFewToCompare = own.n < MIN_ATTEMPTS_TO_COMPARE || siblings.n < MIN_ATTEMPTS_TO_COMPARE;
        return {
          scenarioId: variant.scenarioId,
          title: variant.title,
          attempts: own.n,
          passed: own.passed,
          passRate: own.n ? (own.passed / own.n) * 100 : null,
          meanScore: own.n ? mean(own) : null,
          flag: tooFewToCompare ? null : compareVariant(own, siblings),
          tooFewToCompare,
        };
      }),
    };
  });
}
