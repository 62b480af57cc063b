'use client';

import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { checkScenario, type CheckResult } from '@/machines/checker';
import { OUTCOMES } from '@/machines/format';
import { PRINCIPLE_IDS } from '@/machines/principles';
import { OUTCOME_LABELS, formatPercent } from '@/components/ui/labels';
import { describePath } from './problem-paths';

const CHECK_DELAY_MS = 300;

/**
 * Checks the draft as publishing will (the shared checker), a moment after typing stops, in a Web
 * Worker so a large scenario never freezes the page. One check runs at a time; text typed meanwhile
 * is checked next, and only the newest text is waiting.
 */
export function useCheck(scenarioId: string, text: string): { result: CheckResult | null; checking: boolean } {
  const [result, setResult] = useState<CheckResult | null>(null);
  const [checkedText, setCheckedText] = useState<string | null>(null);
  const worker = useRef<Worker | null>(null);
  const busy = useRef<string | null>(null);
  const waiting = useRef<string | null>(null);
  const sent = useRef(0);

  const run = useCallback(
    (source: string) => {
      if (busy.current !== null) {
        waiting.current = source;
        return;
      }
      if (!worker.current) {
        setResult(checkDraft(scenarioId, source));
        setCheckedText(source);
        return;
      }
      busy.current = source;
      sent.current += 1;
      worker.current.postMessage({ id: sent.current, scenarioId, text: source });
    },
    [scenarioId],
  );

  useEffect(() => {
    try {
      worker.current = new Worker(new URL('./check.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      worker.current = null; // checked in the page instead
    }
    const current = worker.current;
    if (!current) return;
    current.onmessage = (event: MessageEvent<{ id: number; result: CheckResult }>) => {
      const source = busy.current;
      busy.current = null;
      // Showing a result is not urgent: keystrokes typed meanwhile go first.
      startTransition(() => {
        setResult(event.data.result);
        setCheckedText(source);
      });
      const next = waiting.current;
      waiting.current = null;
      if (next !== null && next !== source) run(next);
    };
    current.onerror = () => {
      // The worker could not start (a browser without module workers): check in the page.
      current.terminate();
      worker.current = null;
      const source = busy.current ?? waiting.current;
      busy.current = null;
      waiting.current = null;
      if (source !== null) run(source);
    };
    return () => {
      current.terminate();
      worker.current = null;
      busy.current = null;
    };
  }, [run]);

  useEffect(() => {
    const timer = setTimeout(() => run(text), checkedText === null ? 0 : CHECK_DELAY_MS);
    return () => clearTimeout(timer);
    // The first check runs at once; later ones wait for a pause in typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, run]);

  return { result, checking: checkedText !== text };
}

export function checkDraft(scenarioId: string, text: string): CheckResult {
  return checkScenario(text, { file: `${scenarioId}.json`, principles: PRINCIPLE_IDS, expectedId: scenarioId });
}

export interface Problem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export const problemsOf = (result: CheckResult | null): Problem[] =>
  result
    ? [...result.errors.map((m) => ({ ...m, severity: 'error' as const })), ...result.warnings.map((m) => ({ ...m, severity: 'warning' as const }))]
    : [];

/** Errors and warnings with where they are, in words; activating one goes to the field. */
export function ProblemsPanel({ result, checking, onGoTo }: { result: CheckResult | null; checking: boolean; onGoTo: (path: string) => void }) {
  const problems = problemsOf(result);
  const errors = result?.errors.length ?? 0;
  const warnings = result?.warnings.length ?? 0;
  const summary = !result
    ? 'Checking…'
    : errors + warnings === 0
      ? 'No problems: the scenario is ready to publish.'
      : `${errors} ${errors === 1 ? 'error' : 'errors'}${errors ? ' to fix before publishing' : ''}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}.`;
  return (
    <section aria-labelledby="problems-heading">
      <h2 id="problems-heading" className="text-base font-semibold">
        Problems
      </h2>
      <p role="status" className={`mt-1 text-sm ${errors ? 'font-medium text-rose-900' : 'text-slate-700'}`}>
        {summary}
        {checking && result ? <span className="sr-only"> Checking again…</span> : null}
      </p>
      {problems.length > 0 && (
        <ul className="mt-2 max-h-80 space-y-1 overflow-y-auto pr-1" aria-label="Problems found by the checker">
          {problems.map((p, i) => (
            <li key={`${p.severity}-${p.path}-${i}`}>
              <button
                type="button"
                onClick={() => onGoTo(p.path)}
                className={`w-full rounded-md border px-2 py-1.5 text-left text-sm hover:bg-white focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700 ${
                  p.severity === 'error' ? 'border-rose-300 bg-rose-50 text-rose-950' : 'border-amber-300 bg-amber-50 text-amber-950'
                }`}
              >
                <span className="font-semibold">{p.severity === 'error' ? 'Error' : 'Warning'}: </span>
                <span className="font-medium">{describePath(p.path)}</span>
                <span className="block">{p.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What the checker worked out about every way through the scenario. */
export function StatsPanel({ result }: { result: CheckResult | null }) {
  const stats = result?.valid ? result.stats : null;
  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading" className="text-base font-semibold">
        Paths
      </h2>
      {!stats ? (
        <p className="mt-1 text-sm text-slate-700">Shown once the scenario has no errors.</p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-700">States</dt>
          <dd>
            {stats.states} ({stats.decisions} decisions)
          </dd>
          <dt className="text-slate-700">Endings</dt>
          <dd>
            {OUTCOMES.map((o) => `${stats.endings[o]} ${OUTCOME_LABELS[o].toLowerCase()}`).join(', ')}
          </dd>
          <dt className="text-slate-700">Best overall</dt>
          <dd>{formatPercent(stats.bestPercent)}</dd>
          <dt className="text-slate-700">Worst overall</dt>
          <dd>{formatPercent(stats.worstPercent)}</dd>
          <dt className="text-slate-700">Shortest success</dt>
          <dd>{stats.shortestSuccess === null ? 'none' : `${stats.shortestSuccess} ${stats.shortestSuccess === 1 ? 'decision' : 'decisions'}`}</dd>
          <dt className="text-slate-700">Can pass / fail</dt>
          <dd>
            {stats.canPass ? 'can pass' : 'no path passes'}, {stats.canFail ? 'can fail' : 'no path fails'}
          </dd>
        </dl>
      )}
    </section>
  );
}
