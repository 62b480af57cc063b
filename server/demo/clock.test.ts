import { describe, expect, it } from 'vitest';
import { SeededRandom } from '@/lib/seeded-random';
import { HOUR, WorkingClock } from './clock';

const clock = () => new WorkingClock('Europe/London', new SeededRandom('clock test'));

describe('WorkingClock', () => {
  it('starts a day at midnight in the zone', () => {
    expect(new Date(clock().dayStart('2026-05-20')).toISOString()).toBe('2026-05-19T23:00:00.000Z');
  });

  it('keeps an instant in working hours, and moves one outside them to the next working morning', () => {
    const working = clock();
    const wednesdayNoon = Date.parse('2026-05-20T11:00:00Z');
    expect(working.atWork(wednesdayNoon)).toBe(wednesdayNoon);
    // Saturday evening: Monday, between 08:00 and 10:00 London time.
    const monday = working.dayStart('2026-05-25');
    const moved = working.atWork(Date.parse('2026-05-23T19:00:00Z'));
    expect(moved).toBeGreaterThanOrEqual(monday + 8 * HOUR);
    expect(moved).toBeLessThan(monday + 10 * HOUR);
  });
});
