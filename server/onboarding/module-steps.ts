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
