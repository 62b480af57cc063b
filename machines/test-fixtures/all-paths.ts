import type { CompiledScenario } from '../compile';
import { configurationKey } from '../analysis';
import { initialSnapshot, isFinished, openOptions, outcomeOf, positionOf, step, type Decision } from '../runtime';
import type { Outcome } from '../format';

export interface PlayedPath {
  events: string[];
  decisions: Decision[];
  outcome: Outcome;
}

/**
 * Every path from the start to an ending that does not repeat a (state, mood, flags), found by
 * stepping the runtime itself: an independent check on the checker's path analysis.
 */
export function allPaths(scenario: CompiledScenario, limit = 200_000): PlayedPath[] {
  const paths: PlayedPath[] = [];
  const walk = (snapshot: ReturnType<typeof initialSnapshot>, events: string[], decisions: Decision[], seen: Set<string>) => {
    if (paths.length > limit) throw new Error('too many paths');
    if (isFinished(snapshot)) {
      paths.push({ events, decisions, outcome: outcomeOf(scenario, snapshot)! });
      return;
    }
    for (const option of openOptions(scenario, snapshot)) {
      const result = step(scenario, snapshot, option.event);
      if (!result.ok) throw new Error(`open option ${option.event} refused`);
      const key = configurationKey(positionOf(result.next));
      if (seen.has(key)) continue;
      seen.add(key);
      walk(result.next, [...events, option.event], [...decisions, result.decision], seen);
      seen.delete(key);
    }
  };
  const start = initialSnapshot(scenario);
  walk(start, [], [], new Set([configurationKey(positionOf(start))]));
  return paths;
}
