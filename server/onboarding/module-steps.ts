/**
 * A module's steps: each is a scenario id, or `pool:<pool id>` for any variant of an assessment pool
 * (docs/decisions/025-learning-paths-and-assessment-pools.md). Scenario and pool ids are kebab-case,
 * so the prefix cannot be mistaken for an id.
 */

export const POOL_STEP_PREFIX = 'pool:';

export type ModuleStep = { kind: 'scenario'; scenarioId: string } | { kind: 'pool'; poolId: string };

export function parseStep(step: string): ModuleStep {
  return step.startsWith(POOL_STEP_PREFIX) ? { kind: 'pool', poolId: step.slice(POOL_STEP_PREFIX.length) } : { kind: 'scenario', scenarioId: step };
}

export const poolStep = (poolId: string) => `${POOL_STEP_PREFIX}${poolId}`;

/** The step a played scenario version counts for in a module: the scenario itself, else its pool. */
export function stepPlayed(steps: readonly string[], played: { scenarioId: string; poolId: string | null }): string | null {
  if (steps.includes(played.scenarioId)) return played.scenarioId;
  if (played.poolId && steps.includes(poolStep(played.poolId))) return poolStep(played.poolId);
  return null;
}

// ---- Retired steps (docs/decisions/035-retired-scenarios-in-modules.md) ----

/** Where one step of an assignment stands for its person. */
export interface StepStanding {
  /** When the step was first passed since the assignment was made, or null. */
  passedAt: Date | null;
  /** When the step was retired (its scenario archived, or its pool left with no playable version), or null. */
  retiredAt: Date | null;
}

/** A step counts towards a module unless it was retired before the person passed it: a pass is kept. */
export const stepCounts = (standing: StepStanding): boolean => standing.retiredAt === null || standing.passedAt !== null;

/**
 * When an assignment became complete, or null while it is not: every step passed or retired, and at
 * least one passed (a module whose every step was retired unplayed certifies nothing). The time is
 * the latest moment a step stopped being owed: its first pass, or its retirement if that came first.
 */
export function completionTime(standings: readonly StepStanding[]): Date | null {
  if (!standings.some((s) => s.passedAt !== null)) return null;
  if (standings.some((s) => s.passedAt === null && s.retiredAt === null)) return null;
  const settled = standings.map((s) => Math.min(s.passedAt?.getTime() ?? Infinity, s.retiredAt?.getTime() ?? Infinity));
  return new Date(Math.max(...settled));
}
