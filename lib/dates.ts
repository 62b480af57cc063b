import type { MyModule } from '@/server/onboarding/assignments';

/**
 * Calendar dates in the organisation's time zone (settings().timeZone), with the platform's Intl
 * time-zone data. A date is a string YYYY-MM-DD; an instant is a Date.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading in the zone at an instant, as if that reading were UTC (ms). */
function wallClockMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (utc: Date) => `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;

/** The calendar date in the zone at an instant. */
export function dateIn(timeZone: string, instant: Date): string {
  return isoDate(new Date(wallClockMs(instant, timeZone)));
}

/** A calendar date plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return isoDate(new Date(Date.UTC(year, month - 1, day + days)));
}

/**
 * The first instant of a calendar date in the zone. Usually local midnight; where a clock change
 * skips midnight, the first moment the day has.
 */
export function startOfDate(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // Two passes: the zone's offset at a first guess, then at the instant that guess gives.
  let instant = midnightAsUtc - (wallClockMs(new Date(midnightAsUtc), timeZone) - midnightAsUtc);
  instant = midnightAsUtc - (wallClockMs(new Date(instant), timeZone) - instant);
  if (dateIn(timeZone, new Date(instant)) === date && dateIn(timeZone, new Date(instant - 1)) < date) return new Date(instant);
  // Midnight skipped by a clock change, or there twice: find the day's first instant by bisection.
  let low = instant - 6 * 3_600_000;
  let high = instant + 6 * 3_600_000;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (dateIn(timeZone, new Date(middle)) >= date) high = middle;
    else low = middle;
  }
  instant = high;
  return new Date(instant);
}

/** The first instant after a calendar date has ended in the zone. */
export const endOfDate = (date: string, timeZone: string): Date => startOfDate(addDays(date, 1), timeZone);

/** A calendar date written YYYY-MM-DD that exists (not 2026-02-30). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether the runtime knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A calendar date (YYYY-MM-DD) written out: "14 December 2026". */
export const writeDate = (date: string) => longDate.format(new Date(`${date}T00:00:00Z`));

/** When a module is due, in words, counted in the organisation's calendar. */
export function dueText(module: Pick<MyModule, 'dueDate' | 'status' | 'completedAt'>, today: string, timeZone: string): string {
  if (module.completedAt) {
    const completed = `Completed on ${writeDate(dateIn(timeZone, module.completedAt))}`;
    return module.status === 'completed-late' ? `${completed}, after the due date of ${writeDate(module.dueDate)}` : completed;
  }
  if (module.status === 'overdue') return `Overdue: it was due ${writeDate(module.dueDate)}`;
  if (module.dueDate === today) return 'Due today';
  if (module.dueDate === addDays(today, 1)) return 'Due tomorrow';
  return `Due ${writeDate(module.dueDate)}`;
}
