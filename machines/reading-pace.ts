import type { CompiledScenario } from './compile';
import { TIMEOUT_EVENT } from './format';
import { isDecision, sayLines } from './document';
import { isFinished, openOptions, snapshotAt, stateOf, visibleChoices, type Position } from './runtime';
import { readingSeconds } from './timing';

/**
 * Whether a passed attempt went faster than its text could be read (docs/decisions/041-…). The
 * reading time is the one timed decisions already give (timing.ts: a brisk 250 words a minute),
 * summed over the decisions of the path taken; the answering time is the server's time between
 * them. The attempt is judged as a whole, not decision by decision: a trainee who reads a long
 * decision slowly and then answers a timed one at once has read everything, just not evenly.
 */

/** A passed attempt answered in less than this share of its reading time is flagged. */
export const FAST_PASS_SHARE = 0.5;
/** Paths shorter to read than this are not judged: a few seconds either way says nothing. */
export const FAST_PASS_MIN_READING_MS = 10_000;

/** One decision of a finished attempt as the server recorded it. */
export interface TimedDecision {
  /** The position it was taken in. */
  position: Position;
  /** The event applied: a reply's key or TIMEOUT. */
  event: string;
  /** Time from the decision being put to the trainee to the answer, by the server's clock. */
  elapsedMs: number;
  /** The reply was typed in the trainee's own words: the list of replies may not have been shown. */
  typed: boolean;
}

export interface ReadingPace {
  /** Time to read what the path showed at the brisk pace. */
  readingMs: number;
  /** Time the trainee took over the same decisions. */
  answeringMs: number;
}

/**
 * What the trainee had to read at a decision: the narration and the customer's lines, and the
 * replies on offer unless they typed their own words (then the list may never have been shown).
 */
export function textsToRead(scenario: CompiledScenario, position: Position, typed: boolean): string[] {
  const snapshot = snapshotAt(scenario, position);
  if (isFinished(snapshot)) return [];
  const state = stateOf(scenario, snapshot);
  if (!isDecision(state)) return [];
  const replies = typed ? [] : visibleChoices(openOptions(scenario, snapshot)).flatMap((o) => (o.text === null ? [] : [o.text]));
  return [...(state.meta.narration ? [state.meta.narration] : []), ...sayLines(state.meta.say), ...replies];
}

/** One decision's side of the sum: the time to read it, what was applied and the time taken. */
export interface DecisionPace {
  readMs: number;
  event: string;
  elapsedMs: number;
}

/**
 * Reading and answering time over an attempt's decisions. A time-out counts what it took on both
 * sides: the trainee let the clock run, which is never fast.
 */
export function paceOf(decisions: readonly DecisionPace[]): ReadingPace {
  let readingMs = 0;
  let answeringMs = 0;
  for (const decision of decisions) {
    readingMs += decision.event === TIMEOUT_EVENT ? Math.max(decision.readMs, decision.elapsedMs) : decision.readMs;
    answeringMs += decision.elapsedMs;
  }
  return { readingMs, answeringMs };
}

/** Reading and answering time over a finished attempt's recorded decisions. */
export function readingPace(scenario: CompiledScenario, decisions: readonly TimedDecision[]): ReadingPace {
  return paceOf(decisions.map((d) => ({ readMs: readingSeconds(textsToRead(scenario, d.position, d.typed)) * 1000, event: d.event, elapsedMs: d.elapsedMs })));
}

/** A pass in less than half the time its text takes to read, on a path long enough to judge. */
export function passedFasterThanReading(passed: boolean, pace: ReadingPace): boolean {
  return passed && pace.readingMs >= FAST_PASS_MIN_READING_MS && pace.answeringMs < pace.readingMs * FAST_PASS_SHARE;
}
