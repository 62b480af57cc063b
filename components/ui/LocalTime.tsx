'use client';

import { useEffect, useState } from 'react';

const format = (iso: string, timeZone?: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(
    new Date(iso),
  );

/** A moment in the reader's own time zone; the server renders it in UTC until the page is live. */
export function LocalTime({ iso }: { iso: string }) {
  const [text, setText] = useState(() => format(iso, 'UTC'));
  useEffect(() => setText(format(iso)), [iso]);
  return <time dateTime={iso}>{text}</time>;
}
