'use client';

import { useBrowserValue } from './use-browser-value';

const format = (iso: string, timeZone?: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));

/** A moment in the reader's own time zone; the server renders it in UTC until the page is live. */
export function LocalTime({ iso }: { iso: string }) {
  const text = useBrowserValue(() => format(iso), format(iso, 'UTC'));
  return <time dateTime={iso}>{text}</time>;
}
