import { describe, expect, it } from 'vitest';
import { compileScenario } from './compile';
import { FAST_PASS_MIN_READING_MS, passedFasterThanReading, readingPace, textsToRead, type TimedDecision } from './reading-pace';
import { initialSnapshot, positionOf, step } from './runtime';
import { fixtureScenario } from './test-fixtures/scenarios';
import { readingSeconds } from './timing';
import type { ScenarioDocument } from './schema';

/** Plays the events from the start, answering each decision after the time given. */
function play(doc: ScenarioDocument, moves: readonly [event: string, elapsedMs: number, typed?: boolean][]) {
  const scenario = compileScenario(doc);
  let snapshot = initialSnapshot(scenario);
  const decisions: TimedDecision[] = [];
  for (const [event, elapsedMs, typed = false] of moves) {
    const result = step(scenario, snapshot, event);
    if (!result.ok) throw new Error(`${event} is not open`);
    decisions.push({ position: positionOf(snapshot), event, elapsedMs, typed });
    snapshot = result.next;
  }
  return { scenario, decisions, pace: readingPace(scenario, decisions) };
}

const WINNING_PATH = ['listen', 'promise', 'close'] as const;

describe('passed faster than it could be read', () => {
  it('reads at each decision the narration, the customer and the replies shown, at the timers’ pace', () => {
    const { scenario, decisions, pace } = play(fixtureScenario(), [
      ['listen', 20_000],
      ['promise', 20_000],
      ['close', 20_000],
    ]);
    expect(textsToRead(scenario, decisions[0]!.position, false)).toEqual(['The line opens.', 'Hello? Anyone there?', 'Hi, I am here. What happened?', 'Account number, please.']);
    // 15 words, 34 and 20: 4 + 9 + 5 seconds.
    expect(pace).toEqual({ readingMs: 18_000, answeringMs: 60_000 });
  });

  it('flags a pass answered in a fraction of its reading time', () => {
    const { pace } = play(
      fixtureScenario(),
      WINNING_PATH.map((event) => [event, 1_500] as [string, number]),
    );
    expect(pace.answeringMs).toBe(4_500);
    expect(passedFasterThanReading(true, pace)).toBe(true);
  });

  it('does not flag a pass taken at a reading pace, nor a fast attempt that did not pass', () => {
    const normal = play(fixtureScenario(), [
      ['listen', 5_000],
      ['promise', 9_000],
      ['close', 6_000],
    ]);
    expect(passedFasterThanReading(true, normal.pace)).toBe(false);
    const fast = play(
      fixtureScenario(),
      WINNING_PATH.map((event) => [event, 500] as [string, number]),
    );
    expect(passedFasterThanReading(false, fast.pace)).toBe(false);
  });

  it('does not flag a timed decision answered at once after a long read: the attempt is judged as a whole', () => {
    const doc = fixtureScenario();
    (doc.states.ask as { meta: { say: string[] } }).meta.say = ['word '.repeat(200)];
    (doc.states.wrap as { meta: { timeLimitSeconds?: number } }).meta.timeLimitSeconds = 5;
    const { scenario, decisions, pace } = play(doc, [
      ['listen', 4_000],
      ['promise', 55_000],
      ['close', 800],
    ]);
    // The timed decision alone went far faster than its text could be read…
    expect(decisions[2]!.elapsedMs).toBeLessThan((readingSeconds(textsToRead(scenario, decisions[2]!.position, false)) * 1000) / 2);
    // …but the attempt as a whole was read.
    expect(passedFasterThanReading(true, pace)).toBe(false);
  });

  it('leaves out the replies where the trainee typed their own words, and counts a time-out as the time it ran', () => {
    const typed = play(fixtureScenario(), [
      ['listen', 1_000, true],
      ['promise', 1_000, true],
      ['close', 1_000, true],
    ]);
    // Narration and the customer only: 6, 8 and 3 words.
    expect(typed.pace.readingMs).toBe(2_000 + 2_000 + 1_000);
    expect(typed.pace.readingMs).toBeLessThan(FAST_PASS_MIN_READING_MS);
    expect(passedFasterThanReading(true, typed.pace)).toBe(false);

    const timedOut = play(fixtureScenario(), [
      ['TIMEOUT', 14_500],
      ['promise', 1_000],
      ['close', 1_000],
    ]);
    expect(timedOut.pace).toEqual({ readingMs: 14_500 + 9_000 + 5_000, answeringMs: 16_500 });
    expect(passedFasterThanReading(true, timedOut.pace)).toBe(false);
  });
});
