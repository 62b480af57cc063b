import type { Outcome } from './format';

/** Points per principle id. */
export type Points = Record<string, number>;

/**
 * best(p) at a decision: for every principle any option names, the highest points an option
 * gives it (an option not naming it gives 0), never below 0.
 */
export function bestPoints(options: readonly { points: Points }[]): Points {
  const best: Points = {};
  for (const option of options) {
    for (const [principle, value] of Object.entries(option.points)) {
      best[principle] = Math.max(best[principle] ?? 0, value);
    }
  }
  return best;
}

export interface ScoredDecision {
  earned: Points;
  best: Points;
}

export interface AttemptScore {
  /** Exact value, 0–100; round only for display. */
  overallPercent: number;
  /** Per principle 0–100; a principle with no score is absent. */
  principles: Record<string, number>;
  earnedTotal: number;
  bestTotal: number;
}

const clampPercent = (value: number) => Math.max(0, Math.min(100, value));
const sum = (points: Points) => Object.values(points).reduce((a, b) => a + b, 0);

/** Totals of one decision: what it earned and could have earned, over all principles. */
export function decisionTotals(decision: ScoredDecision): { earned: number; best: number } {
  return { earned: sum(decision.earned), best: sum(decision.best) };
}

/** Overall percent from the totals over all principles (the format's Scoring rule). */
export function overallPercent(earnedTotal: number, bestTotal: number, anyLoss: boolean): number {
  if (bestTotal === 0) return anyLoss ? 0 : 100;
  return clampPercent((100 * earnedTotal) / bestTotal);
}

/** Scores an attempt's decisions exactly as the format's Scoring section says. */
export function scoreAttempt(decisions: readonly ScoredDecision[]): AttemptScore {
  const earned: Points = {};
  const best: Points = {};
  const lost = new Set<string>();
  let earnedTotal = 0;
  let bestTotal = 0;
  for (const decision of decisions) {
    for (const principle of Object.keys(decision.best)) {
      best[principle] = (best[principle] ?? 0) + (decision.best[principle] ?? 0);
      earned[principle] ??= 0;
    }
    for (const [principle, value] of Object.entries(decision.earned)) {
      earned[principle] = (earned[principle] ?? 0) + value;
      if (value < 0) lost.add(principle);
    }
    const totals = decisionTotals(decision);
    earnedTotal += totals.earned;
    bestTotal += totals.best;
  }
  const principles: Record<string, number> = {};
  for (const principle of Object.keys(best)) {
    const possible = best[principle]!;
    if (possible > 0) principles[principle] = clampPercent((100 * earned[principle]!) / possible);
    else if (lost.has(principle)) principles[principle] = 0;
  }
  return { overallPercent: overallPercent(earnedTotal, bestTotal, lost.size > 0), principles, earnedTotal, bestTotal };
}

/** How many of the decisions were critical errors. */
export const criticalErrors = (decisions: readonly { critical: string | null }[]): number => decisions.filter((d) => d.critical !== null).length;

/**
 * Passed: overall at or above the pass mark, an ending that is not a failure, and no critical
 * error on the way (a critical error fails the attempt whatever the score).
 */
export function hasPassed(overall: number, passPercent: number, outcome: Outcome, criticalErrors: number): boolean {
  return overall >= passPercent && outcome !== 'failure' && criticalErrors === 0;
}
