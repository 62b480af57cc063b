import type { CompiledScenario } from '../compile';
import { longestReply } from '../design-warnings';
import { initialSnapshot, isFinished, openOptions, outcomeOf, step, visibleChoices, type Decision, type Option } from '../runtime';
import { criticalErrors, hasPassed, scoreAttempt } from '../scoring';
import type { SeededRandom } from '../../lib/seeded-random';

/**
 * Ways of answering without knowing the answer: a built-in scenario must not be passable by any
 * of them. Each picks one of the replies open at a decision (never letting time run out).
 */
export type Guess = (replies: readonly Option[]) => Option;

export const alwaysLongest: Guess = (replies) => longestReply(replies)!;

/** Words that sound caring whether or not the reply does anything. */
const WARM_WORDS =
  /\b(sorry|apologi[sz]e|apologies|thank(s| you)?|understand|appreciate|let me|happy to|of course|absolutely|completely|really|totally|glad|pleasure|frustrat\w*|i hear you|valued?)\b/gi;
export const warmth = (text: string) => text.match(WARM_WORDS)?.length ?? 0;

/** The reply with the most warm words, the first in file order on a tie. */
export const alwaysWarmest: Guess = (replies) => replies.reduce((best, r) => (warmth(r.text ?? '') > warmth(best.text ?? '') ? r : best));

export const atRandom =
  (random: SeededRandom): Guess =>
  (replies) =>
    random.pick(replies);

export interface GuessedPlay {
  passed: boolean;
  overall: number;
  decisions: Decision[];
  ending: string | null;
}

/** Plays a scenario from the start with one way of guessing, as the runtime scores it. */
export function playByGuessing(scenario: CompiledScenario, guess: Guess, maxDecisions = 200): GuessedPlay {
  let snapshot = initialSnapshot(scenario);
  const decisions: Decision[] = [];
  while (!isFinished(snapshot) && decisions.length < maxDecisions) {
    const pick = guess(visibleChoices(openOptions(scenario, snapshot)));
    const result = step(scenario, snapshot, pick.event);
    if (!result.ok) throw new Error(`${pick.event} refused`);
    decisions.push(result.decision);
    snapshot = result.next;
  }
  const score = scoreAttempt(decisions);
  const outcome = isFinished(snapshot) ? outcomeOf(scenario, snapshot) : null;
  return {
    passed: outcome !== null && hasPassed(score.overallPercent, scenario.doc.meta.passPercent, outcome, criticalErrors(decisions)),
    overall: score.overallPercent,
    decisions,
    ending: outcome === null ? null : String(snapshot.value),
  };
}
