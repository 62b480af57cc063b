import type { SeededRandom } from '@/lib/seeded-random';
import { addDays, dateIn, startOfDate } from '@/lib/dates';

/** The demo data's sense of time: people start, play and are assigned during working hours. */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Working hours in the organisation's zone, weekdays 08:00–18:00. */
export class WorkingClock {
  private starts = new Map<string, number>();
  constructor(
    private readonly timeZone: string,
    private readonly random: SeededRandom,
  ) {}

  dayStart(date: string): number {
    let start = this.starts.get(date);
    if (start === undefined) {
      start = startOfDate(date, this.timeZone).getTime();
      this.starts.set(date, start);
    }
    return start;
  }

  /** The instant, or the start of the next working period after it (with a little scatter). */
  atWork(instant: number): number {
    let date = dateIn(this.timeZone, new Date(instant));
    for (let guard = 0; guard < 10; guard++) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const start = this.dayStart(date);
      const hour = (instant - start) / HOUR;
      if (weekday !== 0 && weekday !== 6 && hour >= 8 && hour < 18) return instant;
      if (weekday !== 0 && weekday !== 6 && hour < 8) return start + 8 * HOUR + this.random.between(0, 2 * HOUR);
      date = addDays(date, 1);
      instant = this.dayStart(date);
    }
    return instant;
  }
}
