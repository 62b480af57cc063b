import { displayPercent } from '../../lib/labels';

/** A percentage as a bar with the number beside it, so it reads without colour. */
export function ScoreBar({ label, percent, passMark, size = 'md' }: { label: string; percent: number | null; passMark?: number; size?: 'md' | 'lg' }) {
  const shown = percent === null ? null : displayPercent(percent);
  return (
    <div className="flex items-center gap-3">
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={shown ?? undefined}
        aria-valuetext={shown === null ? 'no score' : `${shown} percent`}
        className={`relative flex-1 overflow-hidden rounded-full bg-slate-200 ${size === 'lg' ? 'h-4' : 'h-2.5'}`}
      >
        <div className="h-full rounded-full bg-brand-700" style={{ width: `${shown ?? 0}%` }} />
        {passMark !== undefined && <div aria-hidden="true" className="absolute inset-y-0 w-0.5 bg-slate-900" style={{ left: `${passMark}%` }} title={`Pass mark ${passMark}%`} />}
      </div>
      <span className={`w-12 text-right tabular-nums ${size === 'lg' ? 'text-lg font-bold' : 'text-sm font-semibold'}`} aria-hidden="true">
        {shown === null ? '—' : `${shown}%`}
      </span>
    </div>
  );
}
