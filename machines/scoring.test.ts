import { describe, expect, it } from 'vitest';
import { compileScenario } from './compile';
import { initialSnapshot, step, type Decision } from './runtime';
import { bestPoints, criticalErrors, hasPassed, scoreAttempt } from './scoring';
import { fixtureScenario } from './test-fixtures/scenarios';

function play(events: string[]): Decision[] {
  const scenario = compileScenario(fixtureScenario());
  let snapshot = initialSnapshot(scenario);
  const decisions: Decision[] = [];
  for (const event of events) {
    const result = step(scenario, snapshot, event);
    if (!result.ok) throw new Error(`${event} refused`);
    decisions.push(result.decision);
    snapshot = result.next;
  }
  return decisions;
}

describe('scoring, against cases computed by hand', () => {
  it('best never drops below 0 and counts every principle an option names', () => {
    expect(bestPoints([{ points: { a: -2 } }, { points: { b: 1, a: -1 } }, { points: {} }])).toEqual({ a: 0, b: 1 });
  });

  it('rush, promise, apologise, close: 5 of 8 = 62.5%, passed', () => {
    const decisions = play(['rush', 'promise', 'apologise', 'close']);
    expect(decisions.map((d) => [d.earned, d.best])).toEqual([
      [{ responsiveness: -1 }, { responsiveness: 2 }],
      [
        { integrity: 2, 'follow-through': 1 },
        { integrity: 2, 'follow-through': 1 },
      ],
      [{ integrity: 1 }, { integrity: 1 }],
      [{ 'follow-through': 2 }, { 'follow-through': 2 }],
    ]);
    const score = scoreAttempt(decisions);
    expect(score.overallPercent).toBe(62.5);
    // responsiveness −1 of 2 is −50%, clamped to 0.
    expect(score.principles).toEqual({ responsiveness: 0, integrity: 100, 'follow-through': 100 });
    expect(hasPassed(score.overallPercent, 60, 'success', 0)).toBe(true);
  });

  it('listen, bluff, close: the unkept "promise" costs follow-through with nothing to win', () => {
    const decisions = play(['listen', 'bluff', 'close']);
    // Without the flag, close takes its second alternative (−1) and chat names nothing: best 0.
    expect(decisions[2]).toMatchObject({ earned: { 'follow-through': -1 }, best: { 'follow-through': 0 } });
    const score = scoreAttempt(decisions);
    expect(score.earnedTotal).toBe(-1);
    expect(score.bestTotal).toBe(5);
    expect(score.overallPercent).toBe(0);
    expect(score.principles).toEqual({ responsiveness: 100, integrity: 0, 'follow-through': 0 });
  });

  it('TIMEOUT, promise, chat: 1 of 7, follow-through 1 of 3', () => {
    const score = scoreAttempt(play(['TIMEOUT', 'promise', 'chat']));
    expect(score.overallPercent).toBeCloseTo(100 / 7, 12);
    expect(score.principles['follow-through']).toBeCloseTo(100 / 3, 12);
    expect(score.principles.responsiveness).toBe(0);
  });

  it('a principle with nothing to win has no score unless it was lost', () => {
    expect(scoreAttempt([{ earned: {}, best: { a: 0, b: 2 } }]).principles).toEqual({ b: 0 });
    expect(scoreAttempt([{ earned: { a: -1 }, best: { a: 0 } }]).principles).toEqual({ a: 0 });
  });

  it('with nothing to win overall: 100 when nothing was lost, 0 otherwise', () => {
    expect(scoreAttempt([{ earned: {}, best: { a: 0 } }]).overallPercent).toBe(100);
    expect(scoreAttempt([]).overallPercent).toBe(100);
    expect(scoreAttempt([{ earned: { a: -1 }, best: { a: 0 } }]).overallPercent).toBe(0);
  });

  it('keeps the exact value and clamps to 0–100', () => {
    expect(scoreAttempt([{ earned: { a: 1 }, best: { a: 3 } }]).overallPercent).toBe(100 / 3);
    expect(scoreAttempt([{ earned: { a: -3 }, best: { a: 1 } }]).overallPercent).toBe(0);
  });

  it('a failure ending never passes, whatever the score', () => {
    expect(hasPassed(100, 70, 'failure', 0)).toBe(false);
    expect(hasPassed(70, 70, 'partial', 0)).toBe(true);
    expect(hasPassed(69.99, 70, 'success', 0)).toBe(false);
  });

  it('a critical error fails the attempt whatever the score and ending, and leaves the score as it is', () => {
    expect(hasPassed(100, 70, 'success', 1)).toBe(false);
    expect(hasPassed(100, 0, 'partial', 2)).toBe(false);
    const decisions: { earned: Record<string, number>; best: Record<string, number>; critical: string | null }[] = [
      { earned: { integrity: 2 }, best: { integrity: 2 }, critical: null },
      { earned: { competence: 3 }, best: { competence: 3 }, critical: 'Read out the card number before checking who was calling' },
    ];
    expect(criticalErrors(decisions)).toBe(1);
    expect(scoreAttempt(decisions).overallPercent).toBe(100);
  });
});
