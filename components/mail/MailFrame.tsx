'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * A mail's HTML in a frame that runs nothing (sandboxed, without scripts or the site's origin),
 * made only while the mail's details are open: a page of fifty mails does not load fifty frames.
 */
export function MailFrame({ title, html }: { title: string; html: string }) {
  const place = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const details = place.current?.closest('details');
    if (!details) return;
    const follow = () => setShown(details.open);
    follow();
    details.addEventListener('toggle', follow);
    return () => details.removeEventListener('toggle', follow);
  }, []);
  return <div ref={place}>{shown && <iframe title={title} sandbox="" srcDoc={html} className="mt-1 h-96 w-full rounded border border-slate-200 bg-white" />}</div>;
}
