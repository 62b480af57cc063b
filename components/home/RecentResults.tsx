import Link from 'next/link';
import type { RecentResult } from '@/server/training/home';
import { OutcomeIcon } from '@/components/debrief/Icons';
import { LocalTime } from '@/components/ui/LocalTime';
import { OUTCOME_LABELS, formatPercent } from '@/lib/labels';
import { panel } from '@/components/ui/styles';

export function RecentResults({ results }: { results: RecentResult[] }) {
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading" className="text-xl font-semibold tracking-tight">
        Recent results
      </h2>
      {results.length === 0 ? (
        <p className={`${panel} mt-3 p-5 text-slate-700`}>You have not finished a scenario yet. Your results will be listed here once you do.</p>
      ) : (
        <ul className={`${panel} mt-3 divide-y divide-slate-200`} aria-label="Recent results">
          {results.map((r) => (
            <li key={r.attemptId} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3">
              <div className="min-w-0">
                <Link href={`/attempts/${r.attemptId}`} className="font-semibold text-brand-800 underline decoration-slate-300 underline-offset-2 hover:decoration-brand-700">
                  {r.title}
                  <span className="sr-only">: see the debrief</span>
                </Link>
                <p className="text-sm text-slate-600">
                  <LocalTime iso={r.completedAt.toISOString()} />
                </p>
              </div>
              <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-800">
                {r.outcome && (
                  <span className="inline-flex items-center gap-1">
                    <OutcomeIcon outcome={r.outcome} className="h-4 w-4" />
                    {OUTCOME_LABELS[r.outcome]}
                  </span>
                )}
                <span className="font-semibold tabular-nums">{r.overallPercent === null ? '—' : formatPercent(r.overallPercent)}</span>
                <span className={r.passed ? 'font-semibold text-emerald-800' : 'text-slate-700'}>{r.passed ? 'Passed ✓' : 'Not passed'}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
