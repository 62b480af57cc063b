import { scaleBand, scaleLinear } from 'd3-scale';
import { formatCount } from '@/lib/labels';
import type { WeekOfCompletions } from '@/server/reporting/dashboard';
import { ColumnHeads } from '@/components/ui/ColumnHeads';

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 20, right: 12, bottom: 36, left: 40 };

const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const day = (date: string, format = shortDay) => format.format(new Date(`${date}T00:00:00Z`));

/** What the chart shows, in one sentence, for screen readers and as the chart's description. */
export function describeCompletions(weeks: readonly WeekOfCompletions[]): string {
  const total = weeks.reduce((sum, w) => sum + w.completed, 0);
  if (!weeks.length) return 'No weeks to show.';
  const span = `the ${weeks.length} weeks from ${day(weeks[0]!.weekStart, longDay)}`;
  if (!total) return `No modules were completed in ${span}.`;
  const busiest = weeks.reduce((best, w) => (w.completed > best.completed ? w : best));
  const late = weeks.reduce((sum, w) => sum + w.late, 0);
  return `${formatCount(total)} ${total === 1 ? 'module was' : 'modules were'} completed in ${span}${late ? `, ${formatCount(late)} of them late` : ''}; the most in the week of ${day(busiest.weekStart, longDay)} (${formatCount(busiest.completed)}).`;
}

/**
 * Completions per week as bars drawn on the server, on-time and late stacked, each bar labelled
 * with its number so it reads without colour; the same figures as a table underneath.
 */
export function CompletionsChart({ weeks }: { weeks: readonly WeekOfCompletions[] }) {
  const x = scaleBand<string>()
    .domain(weeks.map((w) => w.weekStart))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.25);
  const most = Math.max(1, ...weeks.map((w) => w.completed));
  const y = scaleLinear()
    .domain([0, most])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const ticks = y.ticks(4).filter((t) => Number.isInteger(t));
  const description = describeCompletions(weeks);

  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" role="img" aria-labelledby="completions-chart-title completions-chart-desc">
        <title id="completions-chart-title">Modules completed per week</title>
        <desc id="completions-chart-desc">{description}</desc>
        <defs>
          <pattern id="late-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#fde68a" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#92400e" strokeWidth="2" />
          </pattern>
        </defs>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="fill-slate-600 text-[11px]">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {weeks.map((week, i) => {
          const left = x(week.weekStart)!;
          const onTime = week.completed - week.late;
          return (
            <g key={week.weekStart}>
              {onTime > 0 && <rect x={left} width={x.bandwidth()} y={y(onTime)} height={y(0) - y(onTime)} className="fill-brand-700" />}
              {week.late > 0 && <rect x={left} width={x.bandwidth()} y={y(week.completed)} height={y(onTime) - y(week.completed)} fill="url(#late-hatch)" stroke="#92400e" />}
              <text x={left + x.bandwidth() / 2} y={y(week.completed) - 5} textAnchor="middle" className="fill-slate-900 text-[11px] font-semibold">
                {formatCount(week.completed)}
              </text>
              {(i % 2 === weeks.length % 2 || weeks.length <= 8) && (
                <text x={left + x.bandwidth() / 2} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle" className="fill-slate-600 text-[11px]">
                  {day(week.weekStart)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} stroke="#64748b" />
      </svg>
      <figcaption className="mt-2 flex flex-wrap items-center gap-4 text-sm text-slate-700">
        <span className="inline-flex items-center gap-1.5">
          <svg aria-hidden="true" viewBox="0 0 12 12" className="h-3 w-3">
            <rect width="12" height="12" className="fill-brand-700" />
          </svg>
          On time
        </span>
        <span className="inline-flex items-center gap-1.5">
          <svg aria-hidden="true" viewBox="0 0 12 12" className="h-3 w-3">
            <rect width="12" height="12" fill="url(#late-hatch)" stroke="#92400e" />
          </svg>
          Late (after the due date)
        </span>
        <span>Weeks start on Monday; the last bar is this week so far.</span>
      </figcaption>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-800 underline underline-offset-2">Show the figures as a table</summary>
        <table className="mt-2 min-w-72 text-left">
          <caption className="sr-only">Modules completed per week</caption>
          <thead className="border-b border-slate-200 text-slate-700">
            <ColumnHeads labels={['Week of', 'Completed', 'Of which late']} cellClassName="py-1 pr-6 last:pr-0" end={['Completed', 'Of which late']} />
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.weekStart} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="py-1 pr-6 font-normal">
                  {day(week.weekStart, longDay)}
                </th>
                <td className="py-1 pr-6 text-right tabular-nums">{formatCount(week.completed)}</td>
                <td className="py-1 text-right tabular-nums">{formatCount(week.late)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
