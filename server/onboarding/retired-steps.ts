import 'server-only';
import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { assignments, modules, moduleVersions, scenarios, scenarioVersions } from '../db/schema';
import { newestVersions } from '../training/library';
import { parseStep, poolStep } from './module-steps';

/**
 * Retired module steps (docs/decisions/035-retired-scenarios-in-modules.md): a step whose scenario
 * is archived, or whose pool has no playable version left. Nothing is stored: a step is retired
 * while that is so, and brought back with its scenario.
 */

/** The steps given that are retired, each with when it was retired. */
export async function retiredSteps(db: Database, steps: readonly string[]): Promise<Map<string, Date>> {
  const parsed = [...new Set(steps)].map(parseStep);
  const scenarioIds = parsed.flatMap((p) => (p.kind === 'scenario' ? [p.scenarioId] : []));
  const poolIds = parsed.flatMap((p) => (p.kind === 'pool' ? [p.poolId] : []));
  const retired = new Map<string, Date>();
  if (scenarioIds.length) {
    const archived = await db
      .select({ id: scenarios.id, archivedAt: scenarios.archivedAt })
      .from(scenarios)
      .where(and(inArray(scenarios.id, scenarioIds), isNotNull(scenarios.archivedAt)));
    for (const row of archived) retired.set(row.id, row.archivedAt!);
  }
  if (poolIds.length) {
    // Every scenario that was ever a version of the pools, and where each stands now.
    const members = await db
      .selectDistinct({ scenarioId: scenarioVersions.scenarioId, poolId: scenarioVersions.poolId })
      .from(scenarioVersions)
      .where(inArray(scenarioVersions.poolId, poolIds));
    const memberIds = [...new Set(members.map((m) => m.scenarioId))];
    const newest = memberIds.length
      ? await db
          .selectDistinctOn([scenarioVersions.scenarioId], {
            scenarioId: scenarioVersions.scenarioId,
            poolId: scenarioVersions.poolId,
            publishedAt: scenarioVersions.publishedAt,
            archivedAt: scenarios.archivedAt,
          })
          .from(scenarioVersions)
          .innerJoin(scenarios, eq(scenarios.id, scenarioVersions.scenarioId))
          .where(inArray(scenarioVersions.scenarioId, memberIds))
          .orderBy(scenarioVersions.scenarioId, desc(scenarioVersions.version))
      : [];
    for (const poolId of poolIds) {
      const former = newest.filter((n) => members.some((m) => m.poolId === poolId && m.scenarioId === n.scenarioId));
      // A pool nothing ever named is not one this can judge; the module form never lets one in.
      if (!former.length || former.some((n) => n.archivedAt === null && n.poolId === poolId)) continue;
      // The last of its versions left when it was archived, or published without the pool.
      retired.set(poolStep(poolId), new Date(Math.max(...former.map((n) => (n.archivedAt ?? n.publishedAt).getTime()))));
    }
  }
  return retired;
}

/**
 * Per scenario, the module steps archiving it would retire: the scenario itself, and its pool when
 * it is the pool's last playable version. Scenarios already archived retire nothing more.
 */
export async function stepsArchivingRetires(db: Database, scenarioIds: readonly string[]): Promise<Map<string, string[]>> {
  const playable = await newestVersions(db, { scenarioId: scenarioVersions.scenarioId, poolId: scenarioVersions.poolId });
  const poolOf = new Map(playable.map((v) => [v.scenarioId, v.poolId]));
  const versionsOfPool = new Map<string, number>();
  for (const v of playable) if (v.poolId) versionsOfPool.set(v.poolId, (versionsOfPool.get(v.poolId) ?? 0) + 1);
  return new Map(
    scenarioIds
      .filter((id) => poolOf.has(id))
      .map((id) => {
        const pool = poolOf.get(id);
        return [id, pool && versionsOfPool.get(pool) === 1 ? [id, poolStep(pool)] : [id]];
      }),
  );
}

/** A module version's steps include one of these: the same containment test the progress SQL uses. */
const includesAnyStep = (steps: readonly string[]) => or(...steps.map((step) => sql`${moduleVersions.steps} @> ${JSON.stringify([step])}::jsonb`))!;

/** The people holding an open assignment (not completed, not unassigned) of a module version with one of these steps. */
export async function openHolders(db: Database, steps: readonly string[]): Promise<string[]> {
  if (!steps.length) return [];
  const rows = await db
    .selectDistinct({ userId: assignments.userId })
    .from(assignments)
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .where(and(isNull(assignments.completedAt), isNull(assignments.unassignedAt), includesAnyStep(steps)));
  return rows.map((r) => r.userId);
}

/** How many people a change reaches, and the first of them by name. */
export interface PeopleReached {
  count: number;
  /** Up to PEOPLE_NAMED names, in alphabetical order. */
  names: string[];
}

export interface StepUsage {
  /** Modules that ask for the steps: in their newest version, or in a version someone still holds open. */
  modules: { id: string; title: string }[];
  /** People holding such a module open (not completed, not unassigned). */
  people: PeopleReached;
}

/** Names listed in a confirmation; more are counted. */
export const PEOPLE_NAMED = 10;

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/**
 * For each key (a scenario, say), the modules and people that use any of its steps. Keys whose
 * steps no module uses are left out.
 */
export async function stepUsage(db: Database, stepsByKey: ReadonlyMap<string, readonly string[]>): Promise<Map<string, StepUsage>> {
  const wanted = [...stepsByKey].flatMap(([key, steps]) => steps.map((step) => ({ key, step })));
  if (!wanted.length) return new Map();

  const latest = await db
    .selectDistinctOn([moduleVersions.moduleId], { moduleId: moduleVersions.moduleId, title: moduleVersions.title, steps: moduleVersions.steps, archivedAt: modules.archivedAt })
    .from(moduleVersions)
    .innerJoin(modules, eq(modules.id, moduleVersions.moduleId))
    .orderBy(moduleVersions.moduleId, desc(moduleVersions.version));
  const titleOf = new Map(latest.map((m) => [m.moduleId, m.title]));

  const values = sql.join(
    wanted.map((w) => sql`(${w.key}, ${w.step})`),
    sql`, `,
  );
  const held = rowsOf<{ key: string; modules: string[]; people: number; names: string[] | null }>(
    await db.execute(sql`
      WITH wanted(key, step) AS (VALUES ${values}),
      held AS (
        SELECT DISTINCT w.key, mv.module_id, a.user_id
        FROM assignments a
        JOIN module_versions mv ON mv.id = a.module_version_id
        JOIN wanted w ON mv.scenario_ids @> jsonb_build_array(w.step)
        WHERE a.completed_at IS NULL AND a.unassigned_at IS NULL
      )
      SELECT h.key, array_agg(DISTINCT h.module_id::text) AS modules, count(DISTINCT h.user_id)::integer AS people,
        (SELECT array_agg(n.name ORDER BY n.sort_name, n.id)
         FROM (SELECT DISTINCT u.id, u.name, lower(u.name) AS sort_name FROM held h2 JOIN users u ON u.id = h2.user_id WHERE h2.key = h.key ORDER BY sort_name, u.id LIMIT ${PEOPLE_NAMED}) n) AS names
      FROM held h
      GROUP BY h.key`),
  );
  const heldOf = new Map(held.map((h) => [h.key, h]));

  const usage = new Map<string, StepUsage>();
  for (const [key, steps] of stepsByKey) {
    const moduleIds = new Set(heldOf.get(key)?.modules ?? []);
    for (const m of latest) if (m.archivedAt === null && m.steps.some((step) => steps.includes(step))) moduleIds.add(m.moduleId);
    if (!moduleIds.size) continue;
    const people = heldOf.get(key);
    usage.set(key, {
      modules: [...moduleIds].map((id) => ({ id, title: titleOf.get(id) ?? id })).sort((a, b) => a.title.localeCompare(b.title)),
      people: { count: Number(people?.people ?? 0), names: people?.names ?? [] },
    });
  }
  return usage;
}
