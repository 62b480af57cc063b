import { addDays, dateIn } from '@/server/platform/org-dates';
import type { MyModule } from '@/server/onboarding/assignments';

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
