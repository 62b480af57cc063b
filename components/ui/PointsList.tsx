import { PRINCIPLE_IDS, principleName } from '@/machines/principles';
import type { Points } from '@/machines/scoring';
import { pointsWord } from '@/lib/labels';

/** A number with a written sign (a true minus, not a hyphen), so gains and losses read without colour. */
export function signed(value: number): string {
  if (value > 0) return `+${value}`;
  if (value < 0) return `\u2212${Math.abs(value)}`;
  return '0';
}

const CHIP = {
  gain: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  loss: 'border-rose-300 bg-rose-50 text-rose-900',
} as const;

/** The points one reply earned, principle by principle, e.g. "+2 Responsiveness", "−1 Integrity". */
export function PointsList({ points, label }: { points: Points; label: string }) {
  const entries = Object.entries(points)
    .filter(([, value]) => value !== 0)
    .sort(([a], [b]) => PRINCIPLE_IDS.indexOf(a) - PRINCIPLE_IDS.indexOf(b));
  if (entries.length === 0) return <p className="text-sm text-slate-700">No points won or lost on this reply.</p>;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2">
      {entries.map(([id, value]) => (
        <li key={id} className={`inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-sm font-medium ${value > 0 ? CHIP.gain : CHIP.loss}`}>
          <span aria-hidden="true" className="font-bold tabular-nums">
            {signed(value)}
          </span>
          <span className="sr-only">
            {value > 0 ? 'plus' : 'minus'} {Math.abs(value)} {pointsWord(value)} for
          </span>{' '}
          {principleName(id)}
        </li>
      ))}
    </ul>
  );
}
