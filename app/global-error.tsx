'use client';

import './globals.css';
import { ErrorNotice } from './error-notice';

/** A fresh load once the database is back: the layout itself failed, so nothing of the page is kept. */
const reload = () => window.location.reload();

/**
 * Replaces the whole document when the root layout fails, which is where a database outage
 * shows first: the layout looks up the signed-in user.
 */
export default function GlobalError() {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Frontline</title>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto max-w-6xl px-4 py-3 text-lg font-bold tracking-tight text-brand-800 sm:px-6">Frontline</div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl px-4 pb-16 pt-6 sm:px-6">
          <ErrorNotice onRetry={reload} />
        </main>
      </body>
    </html>
  );
}
