import { ScoreBar } from '@/components/ui/ScoreBar';
import { OUTCOME_LABELS, formatPercent } from '@/lib/labels';
import { panel } from '@/components/ui/styles';
import type { DebriefView } from '@/server/training/debrief';
import { DebriefActions } from './DebriefActions';
import { resultMessage } from '@/lib/debrief-words';
import { AlertIcon, CheckCircleIcon, CrossCircleIcon, OutcomeIcon } from './Icons';

const OUTCOME_STYLES = {
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  partial: 'border-amber-300 bg-amber-50 text-amber-900',
  failure: 'border-rose-300 bg-rose-50 text-rose-900',
} as const;

export function ResultPanel({ view }: { view: DebriefView }) {
  return (
    <section aria-labelledby="result-heading" className={`${panel} p-5 sm:p-6`}>
      <h2 id="result-heading" className="text-lg font-semibold tracking-tight">
        Your result
      </h2>
      <div className="mt-4 grid gap-6 sm:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)] sm:items-start">
        <div>
          <p className="flex flex-col">
            <span className="text-5xl font-bold tabular-nums tracking-tight text-slate-900">{formatPercent(view.overallPercent)}</span>
            <span className="mt-1 text-sm font-medium text-slate-700">Overall score</span>
          </p>
          <div className="mt-3">
            <ScoreBar label={`Overall score, pass mark ${view.passPercent}%`} percent={view.overallPercent} passMark={view.passPercent} size="lg" />
            <p className="mt-1 text-xs text-slate-600">The dark line on the bar marks the pass mark of {view.passPercent}%.</p>
          </div>
        </div>
        <div>
          <ul aria-label="Result" className="flex flex-wrap gap-2">
            <li className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm font-semibold ${OUTCOME_STYLES[view.outcome]}`}>
              <OutcomeIcon outcome={view.outcome} />
              <span>
                <span className="sr-only">Outcome: </span>
                {OUTCOME_LABELS[view.outcome]}
              </span>
            </li>
            <li
              className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm font-semibold ${view.passed ? OUTCOME_STYLES.success : 'border-slate-300 bg-slate-50 text-slate-800'}`}
            >
              {view.passed ? <CheckCircleIcon /> : <CrossCircleIcon />}
              {view.passed ? 'Passed' : 'Not passed'} (pass mark {view.passPercent}%)
            </li>
            {view.criticalErrors.length > 0 && (
              <li className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-sm font-semibold ${OUTCOME_STYLES.failure}`}>
                <AlertIcon />
                <a href="#critical-heading" className="underline underline-offset-2 hover:decoration-2">
                  {view.criticalErrors.length === 1 ? '1 critical error' : `${view.criticalErrors.length} critical errors`}
                </a>
              </li>
            )}
          </ul>
          <p className="mt-4 max-w-prose leading-relaxed text-slate-800">{resultMessage(view)}</p>
          <div className="mt-5">
            <DebriefActions scenarioId={view.scenarioId} playable={view.playable} />
          </div>
        </div>
      </div>
    </section>
  );
}
