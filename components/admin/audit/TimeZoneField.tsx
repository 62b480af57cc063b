'use client';

import { useBrowserValue } from '@/components/ui/use-browser-value';

/**
 * Sends the reader's time zone with the filter, so the days they pick are their own days. Without
 * script the page counts days in the zone it was given, UTC at first, and says so.
 */
export function TimeZoneField({ initial, hintId }: { initial: string; hintId: string }) {
  const zone = useBrowserValue(() => Intl.DateTimeFormat().resolvedOptions().timeZone || initial, initial);
  return (
    <>
      <input type="hidden" name="tz" value={zone} />
      <p id={hintId} className="mt-1 text-sm text-slate-600">
        Both days are included, from midnight to midnight in {zone === 'UTC' ? 'UTC' : `your time zone (${zone})`}.
      </p>
    </>
  );
}
