import { describe, expect, it } from 'vitest';
import { compileScenario } from './compile';
import { decisionTimeLimitMs, initialSnapshot, textsShown } from './runtime';
import { fixtureScenario } from './test-fixtures/scenarios';
import { READING_WORDS_PER_MINUTE, readingSeconds, timeLimitMs, wordCount } from './timing';

describe('time limits', () => {
  it('counts words, with contractions, hyphens and numbers as one word each', () => {
    expect(wordCount(["I'm Sam, and I've got your account up.", 'A £42.50 re-run on 1 March, 1,200 metres.'])).toBe(8 + 8);
    expect(wordCount(['', '  —  '])).toBe(0);
  });

  it('gives the time to read at the documented pace, rounded up to whole seconds', () => {
    expect(READING_WORDS_PER_MINUTE).toBe(250);
    expect(readingSeconds(['word '.repeat(250)])).toBe(60);
    expect(readingSeconds(['word '.repeat(170)])).toBe(41);
    expect(readingSeconds(['one'])).toBe(1);
  });

  it('adds the reading time to the written limit: standard as is, extended doubled, off none', () => {
    expect(timeLimitMs(20, 41, 'standard')).toBe(61_000);
    expect(timeLimitMs(20, 41, 'extended')).toBe(122_000);
    expect(timeLimitMs(20, 41, 'off')).toBeNull();
    expect(timeLimitMs(null, 41, 'standard')).toBeNull();
  });

  it('reads what a decision shows: narration, the customer and every open reply', () => {
    const scenario = compileScenario(fixtureScenario());
    const start = initialSnapshot(scenario);
    expect(textsShown(scenario, start)).toEqual(['The line opens.', 'Hello? Anyone there?', 'Hi, I am here. What happened?', 'Account number, please.']);
    // 3 + 3 + 6 + 3 = 15 words: 4 seconds to read, plus the written 10.
    expect(decisionTimeLimitMs(scenario, start, 'standard')).toBe(14_000);
    expect(decisionTimeLimitMs(scenario, start, 'extended')).toBe(28_000);
  });

  it('never gives a long decision less than the time to read it', () => {
    const doc = fixtureScenario();
    const greet = doc.states.greet as { meta: { say: string | string[] } };
    greet.meta.say = ['word '.repeat(150)];
    const scenario = compileScenario(doc);
    const limit = decisionTimeLimitMs(scenario, initialSnapshot(scenario), 'standard')!;
    expect(limit).toBeGreaterThanOrEqual(readingSeconds(textsShown(scenario, initialSnapshot(scenario))) * 1000 + 10_000);
    expect(limit).toBeGreaterThanOrEqual(36_000 + 10_000);
  });
});
