'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type { AttemptResult } from '@/server/training/attempts';
import { OUTCOME_LABELS, formatPercent } from '@/lib/labels';
import { buttonStyles, panel } from '@/components/ui/styles';

export function EndPanel({
  attemptId,
  passPercent,
  summary,
  result,
  saving,
}: {
  attemptId: string;
  passPercent: number;
  /** How the story ended; an assessment learns it from the server once the attempt is scored. */
  summary: string | null;
  result: AttemptResult | null;
  saving: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The choices are gone; keyboard focus moves to the ending rather than falling to the page.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="end-heading" className={`${panel} mt-6 p-5`}>
      <h2 id="end-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        The conversation is over
      </h2>
      {summary && <p className="mt-2 text-slate-800">{summary}</p>}
      {result ? (
        <>
          <p className="mt-3 text-slate-900">
            <strong>{OUTCOME_LABELS[result.outcome]}</strong> · {formatPercent(result.overallPercent)} overall ·{' '}
            {result.passed ? 'Passed ✓' : `Not passed (pass mark ${passPercent}%)`}
          </p>
          {result.criticalErrors > 0 && (
            <p className="mt-2 text-slate-900">
              {result.criticalErrors === 1 ? 'A critical error was' : `${result.criticalErrors} critical errors were`} made, which fails the attempt whatever the score. The debrief
              says which and why.
            </p>
          )}
          <Link href={`/attempts/${attemptId}`} className={`${buttonStyles.primary} mt-4`}>
            See your debrief
          </Link>
        </>
      ) : (
        <p className="mt-3 text-slate-700" role="status">
          {saving ? 'Saving your last reply…' : 'Scoring…'}
        </p>
      )}
    </section>
  );
}
