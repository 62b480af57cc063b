import { describe, expect, it } from 'vitest';
import { memoryGrowth } from './drills';
import { SeededRandom } from '@/lib/seeded-random';
import { builtinScenarios, Ledger } from './trainees';

describe('the ledger of acknowledged choices', () => {
  it('keeps each attempt’s events in order and accepts a repeated answer that agrees', () => {
    const ledger = new Ledger();
    ledger.started('a', 'closing-well');
    ledger.acknowledged('a', 0, 'greet');
    ledger.acknowledged('a', 1, 'listen');
    ledger.acknowledged('a', 0, 'greet');
    expect(ledger.attempts.get('a')).toEqual({ scenarioId: 'closing-well', events: ['greet', 'listen'] });
    expect(ledger.choices).toBe(2);
  });

  it('refuses answers that contradict each other, skip a step or belong to no started attempt', () => {
    const ledger = new Ledger();
    ledger.started('a', 'closing-well');
    ledger.acknowledged('a', 0, 'greet');
    expect(() => ledger.acknowledged('a', 0, 'ignore')).toThrow('acknowledged as greet and then as ignore');
    expect(() => ledger.acknowledged('a', 2, 'listen')).toThrow('step 2 acknowledged after 1 steps');
    expect(() => ledger.acknowledged('b', 0, 'greet')).toThrow('never started');
  });
});

describe('simulated trainees', () => {
  it('play the built-in scenarios, with a repeatable choice of options', () => {
    expect(builtinScenarios().map((s) => s.doc.id)).toContain('closing-well');
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const drawn = Array.from({ length: 5 }, () => a.next());
    expect(drawn).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(drawn.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(drawn).size).toBe(5);
  });
});

describe('memory growth over a drill', () => {
  const series = (values: number[]) => values.map((rssBytes, at) => ({ at, rssBytes }));

  it('compares the peak of the last quarter with the peak of the second, ignoring warm-up', () => {
    // Warm-up climbs to 300, then a sawtooth that levels off.
    expect(memoryGrowth(series([100, 200, 300, 300, 250, 310, 280, 300, 260, 305, 270, 300]))).toEqual({ earlyPeak: 310, latePeak: 305, ratio: 305 / 310 });
  });

  it('shows steady growth as a ratio above one', () => {
    const growing = memoryGrowth(series(Array.from({ length: 40 }, (_, i) => 100 + 10 * i)));
    expect(growing.ratio).toBeGreaterThan(1.4);
  });
});
