'use client';

import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { smallButton } from './fields';
import { checkScenario, type CheckResult, type CheckWarning } from '@/machines/checker';
import { WARNING_REASONS } from '@/machines/design-warnings';
import { OUTCOMES } from '@/machines/format';
import { PRINCIPLE_IDS } from '@/machines/principles';
import { OUTCOME_LABELS, formatPercent } from '@/lib/labels';
import { describePath, oneProblemPerFault, stateOfPath } from './problem-paths';

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

/** What the checker found, one entry per fault (see oneProblemPerFault). */
export function shownProblems(result: CheckResult | null): { errors: CheckResult['errors']; warnings: CheckWarning[] } {
  return result ? { errors: oneProblemPerFault(result.errors), warnings: oneProblemPerFault(result.warnings) } : { errors: [], warnings: [] };
}

export const problemsOf = (result: CheckResult | null): Problem[] => {
  const { errors, warnings } = shownProblems(result);
  return [...errors.map((m) => ({ ...m, severity: 'error' as const })), ...warnings.map((m) => ({ ...m, severity: 'warning' as const }))];
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The checker's findings in one sentence: what stops publishing, and what only asks to be looked at. */
export function problemSummary(result: CheckResult | null): string {
  if (!result) return 'Checking…';
  const shown = shownProblems(result);
  const errors = shown.errors.length;
  const warnings = shown.warnings.length;
  if (errors + warnings === 0) return 'No problems: the scenario is ready to publish.';
  // With errors the checker stops before the checks of the scenario as a whole (length, replies
  // findable by length…), so the count is not the final one: a bare "0 warnings" would mislead.
  if (errors)
    return `${plural(errors, 'error', 'errors')} to fix before publishing, ${plural(warnings, 'warning', 'warnings')} so far. The scenario as a whole is checked for warnings once there are no errors.`;
  return `0 errors, ${plural(warnings, 'warning', 'warnings')}. It can be published: you confirm the ${warnings === 1 ? 'warning' : 'warnings'} when you publish.`;
}

const itemButton = 'w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-white focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700';

/** Whether a problem is about the step (or, for null, the settings) being viewed. */
const isHere = (path: string, here: string | null) => stateOfPath(path) === here;

/** The problems of what is viewed first, the others after, each list in the checker's order. */
const hereFirst = <P extends { path: string }>(list: readonly P[], here: string | null): P[] => [
  ...list.filter((p) => isHere(p.path, here)),
  ...list.filter((p) => !isHere(p.path, here)),
];

/**
 * Errors and warnings, apart, with where they are in words; activating one goes to the field.
 * Errors stop publishing; warnings do not, but each says why it matters so the trainer can judge.
 * The panel follows the view: the problems of the step shown (`here`; null for the settings) come
 * first, and a button shows only those.
 */
export function ProblemsPanel({
  result,
  checking,
  here,
  onGoTo,
}: {
  result: CheckResult | null;
  checking: boolean;
  /** The step being viewed, or null for the scenario settings. */
  here: string | null;
  onGoTo: (path: string) => void;
}) {
  const [onlyHere, setOnlyHere] = useState(false);
  const shown = shownProblems(result);
  const keep = <P extends { path: string }>(list: P[]) => (onlyHere ? list.filter((p) => isHere(p.path, here)) : hereFirst(list, here));
  const errors = keep(shown.errors);
  const warnings = keep(shown.warnings);
  const hereErrors = shown.errors.filter((p) => isHere(p.path, here)).length;
  const hereWarnings = shown.warnings.filter((p) => isHere(p.path, here)).length;
  const where = here === null ? 'the settings' : `this step`;
  return (
    <section aria-labelledby="problems-heading">
      <h2 id="problems-heading" className="text-base font-semibold">
        Problems
      </h2>
      <p role="status" className={`mt-1 text-sm ${shown.errors.length ? 'font-medium text-rose-900' : 'text-slate-700'}`}>
        {problemSummary(result)}
        {checking && result ? <span className="sr-only"> Checking again…</span> : null}
      </p>
      {shown.errors.length + shown.warnings.length > 0 && (
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
          <p data-testid="problems-here">
            In {where}:{' '}
            {hereErrors + hereWarnings === 0
              ? 'none.'
              : `${[hereErrors ? plural(hereErrors, 'error', 'errors') : null, hereWarnings ? plural(hereWarnings, 'warning', 'warnings') : null].filter(Boolean).join(', ')}${onlyHere ? '.' : ', listed first.'}`}
          </p>
          <button type="button" aria-pressed={onlyHere} onClick={() => setOnlyHere(!onlyHere)} className={smallButton}>
            Only {where}
          </button>
        </div>
      )}
      {errors.length > 0 && (
        <section aria-labelledby="problems-errors-heading" className="mt-3">
          <h3 id="problems-errors-heading" className="text-sm font-semibold text-rose-900">
            <span aria-hidden="true">✕ </span>Errors ({shown.errors.length}): these stop publishing
          </h3>
          <ul className="mt-1 max-h-80 space-y-1 overflow-y-auto pr-1" aria-label="Errors found by the checker">
            {errors.map((p, i) => (
              <li key={`${p.path}-${i}`}>
                <button type="button" onClick={() => onGoTo(p.path)} className={`${itemButton} border border-rose-300 bg-rose-50 text-rose-950`}>
                  <span className="font-semibold">Error: </span>
                  <span className="font-medium">{describePath(p.path)}</span>
                  <span className="block">{p.message}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {warnings.length > 0 && (
        <section aria-labelledby="problems-warnings-heading" className="mt-3">
          <h3 id="problems-warnings-heading" className="text-sm font-semibold text-amber-950">
            <span aria-hidden="true">⚠ </span>Warnings ({shown.warnings.length}): publishing is allowed, but look at these
          </h3>
          <ul className="mt-1 max-h-96 space-y-1 overflow-y-auto pr-1" aria-label="Warnings found by the checker">
            {warnings.map((w, i) => (
              <WarningItem key={`${w.code}-${w.path}-${i}`} warning={w} id={`problems-warning-${i}`} onGoTo={onGoTo} />
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** A warning: its code, where and what, and, below the button, why it matters. */
function WarningItem({ warning, id, onGoTo }: { warning: CheckWarning; id: string; onGoTo: (path: string) => void }) {
  return (
    <li className="rounded-md border border-amber-300 bg-amber-50 text-amber-950">
      <button type="button" onClick={() => onGoTo(warning.path)} aria-describedby={`${id}-why`} className={itemButton}>
        <span className="font-semibold">Warning </span>
        <code className="font-mono text-xs">{warning.code}</code>
        <span className="font-semibold">: </span>
        <span className="font-medium">{describePath(warning.path)}</span>
        <span className="block">{warning.message}</span>
      </button>
      <p id={`${id}-why`} className="px-2 pb-1.5 text-xs text-amber-950">
        <span className="font-semibold">Why this matters: </span>
        {WARNING_REASONS[warning.code]}
      </p>
    </li>
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
          <dt className="text-slate-700">Steps</dt>
          <dd>
            {stats.states} ({stats.decisions} {stats.decisions === 1 ? 'decision' : 'decisions'})
          </dd>
          <dt className="text-slate-700">Endings</dt>
          <dd>{OUTCOMES.map((o) => `${stats.endings[o]} ${OUTCOME_LABELS[o].toLowerCase()}`).join(', ')}</dd>
          <dt className="text-slate-700">Best overall</dt>
          <dd>{formatPercent(stats.bestPercent)}</dd>
          <dt className="text-slate-700">Worst overall</dt>
          <dd>{formatPercent(stats.worstPercent)}</dd>
          <dt className="text-slate-700">Shortest success</dt>
          <dd>{stats.shortestSuccess === null ? 'none' : `${stats.shortestSuccess} ${stats.shortestSuccess === 1 ? 'decision' : 'decisions'}`}</dd>
          <dt className="text-slate-700">Critical errors</dt>
          <dd>
            {stats.criticalErrors === 0
              ? 'none marked'
              : `${stats.criticalErrors} ${stats.criticalErrors === 1 ? 'reply (or no reply in time)' : 'replies (or no replies in time)'} fail the attempt`}
          </dd>
          <dt className="text-slate-700">Can pass / fail</dt>
          <dd>
            {stats.canPass ? 'can pass' : 'no path passes'}, {stats.canFail ? 'can fail' : 'no path fails'}
          </dd>
        </dl>
      )}
    </section>
  );
}
