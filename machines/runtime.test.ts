import { describe, expect, it } from 'vitest';
import { compileScenario } from './compile';
import { initialSnapshot, isFinished, openOptions, outcomeOf, positionOf, snapshotAt, step, timeLimitOf, visibleChoices } from './runtime';
import { fixtureScenario } from './test-fixtures/scenarios';

const scenario = compileScenario(fixtureScenario());

describe('runtime', () => {
  it('starts at the initial state with the file’s mood and no flags', () => {
    const start = initialSnapshot(scenario);
    expect(positionOf(start)).toEqual({ state: 'greet', mood: 0, flags: [] });
    expect(timeLimitOf(scenario, start)).toBe(10);
  });

  it('lists open options in file order, with the words, feedback and points', () => {
    const options = openOptions(scenario, initialSnapshot(scenario));
    expect(options.map((o) => o.event)).toEqual(['listen', 'rush', 'TIMEOUT']);
    expect(options[0]).toEqual({
      event: 'listen',
      text: 'Hi, I am here. What happened?',
      feedback: 'Prompt and open.',
      critical: null,
      target: 'ask',
      points: { responsiveness: 2 },
    });
    expect(visibleChoices(options).map((o) => o.event)).toEqual(['listen', 'rush']);
  });

  it('takes the first guarded alternative that passes', () => {
    const withFlag = snapshotAt(scenario, { state: 'wrap', mood: 0, flags: ['promised'] });
    const without = snapshotAt(scenario, { state: 'wrap', mood: 0, flags: [] });
    expect(openOptions(scenario, withFlag)[0]).toMatchObject({ target: 'won', points: { 'follow-through': 2 }, feedback: 'Keeps the promise.' });
    expect(openOptions(scenario, without)[0]).toMatchObject({ target: 'partial', points: { 'follow-through': -1 } });
  });

  it('runs actions before the junction, so the junction sees the new mood', () => {
    let s = initialSnapshot(scenario);
    const first = step(scenario, s, 'rush');
    if (!first.ok) throw new Error('refused');
    s = first.next;
    expect(positionOf(s)).toEqual({ state: 'ask', mood: -2, flags: [] });
    const second = step(scenario, s, 'promise');
    if (!second.ok) throw new Error('refused');
    // mood −2 < 0, so the junction "check" sends the call to "upset".
    expect(positionOf(second.next)).toEqual({ state: 'upset', mood: -2, flags: ['promised'] });
  });

  it('clamps mood to −5..5', () => {
    const low = snapshotAt(scenario, { state: 'greet', mood: -5, flags: [] });
    const result = step(scenario, low, 'rush');
    expect(result.ok && positionOf(result.next).mood).toBe(-5);
  });

  it('refuses an event that is not open, naming the open ones', () => {
    expect(step(scenario, initialSnapshot(scenario), 'close')).toEqual({ ok: false, reason: 'not-open', open: ['listen', 'rush', 'TIMEOUT'] });
  });

  it('finishes at an ending and refuses further events', () => {
    const wrap = snapshotAt(scenario, { state: 'wrap', mood: 1, flags: ['promised'] });
    const result = step(scenario, wrap, 'close');
    if (!result.ok) throw new Error('refused');
    expect(isFinished(result.next)).toBe(true);
    expect(outcomeOf(scenario, result.next)).toBe('success');
    expect(step(scenario, result.next, 'close')).toEqual({ ok: false, reason: 'finished' });
  });
});
