import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';

/**
 * A line over time, drawn as SVG on the server (no chart code in the browser). It is one image to
 * assistive technology, named by `label`, which should say what the chart shows; pages give the
 * numbers in a table as well.
 */

export interface LinePoint {
  x: Date;
  y: number;
}

export interface LineChartProps {
  /** What the chart shows, in words: its accessible name. */
  label: string;
  /** In time order. */
  points: readonly LinePoint[];
  /** For the time axis's labels. */
  timeZone: string;
  yDomain?: readonly [number, number];
  yTicks?: readonly number[];
  formatY?: (value: number) => string;
  /** A dashed horizontal line, e.g. a target, named on the chart. */
  reference?: { y: number; label: string };
  width?: number;
  height?: number;
  /** Dots on the points up to this many; beyond it only the line. */
  dotsUpTo?: number;
}

const MARGIN = { top: 10, right: 34, bottom: 26, left: 40 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COLOURS = { line: '#0f766e', grid: '#e2e8f0', axis: '#94a3b8', text: '#475569', reference: '#64748b' } as const;

/** Tick labels as precise as the span needs: seconds within an hour, hours within two days, months past most of a year. */
function tickFormat(spanMs: number, timeZone: string): Intl.DateTimeFormat {
  if (spanMs <= HOUR) return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone });
  if (spanMs <= 2 * DAY) return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  if (spanMs >= 300 * DAY) return new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone });
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone });
}

export function LineChart({
  label,
  points,
  timeZone,
  yDomain = [0, 100],
  yTicks = [0, 50, 100],
  formatY = (value) => `${value}%`,
  reference,
  width = 300,
  height = 150,
  dotsUpTo = 40,
}: LineChartProps) {
  const times = points.length ? points.map((p) => p.x.getTime()) : [0];
  let [first, last] = [Math.min(...times), Math.max(...times)];
  // One point, or several at one moment: a day either side, so it sits in the middle, labelled with its day.
  const moment = first === last ? new Date(first) : null;
  if (moment) [first, last] = [first - DAY, last + DAY];
  const x = scaleUtc()
    .domain([new Date(first), new Date(last)])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear()
    .domain([...yDomain])
    .range([height - MARGIN.bottom, MARGIN.top])
    .clamp(true);
  const path = line<LinePoint>()
    .x((p) => x(p.x))
    .y((p) => y(p.y))(points as LinePoint[]);
  const format = tickFormat(moment ? 3 * DAY : last - first, timeZone);
  // Ticks whose labels would read the same as the one before (a clock change, a narrow span) are left unlabelled.
  const xTicks = (moment ? [moment] : x.ticks(width < 400 ? 3 : 5)).map((tick, i, all) => ({
    tick,
    text: format.format(tick),
    repeat: i > 0 && format.format(all[i - 1]!) === format.format(tick),
  }));

  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" fontSize={11} fontFamily="inherit">
      <g aria-hidden="true">
        {yTicks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={COLOURS.grid} />
            <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fill={COLOURS.text}>
              {formatY(tick)}
            </text>
          </g>
        ))}
        <line x1={MARGIN.left} x2={width - MARGIN.right} y1={height - MARGIN.bottom} y2={height - MARGIN.bottom} stroke={COLOURS.axis} />
        {xTicks.map(({ tick, text, repeat }) => (
          <g key={tick.getTime()}>
            <line x1={x(tick)} x2={x(tick)} y1={height - MARGIN.bottom} y2={height - MARGIN.bottom + 4} stroke={COLOURS.axis} />
            {!repeat && (
              <text x={x(tick)} y={height - MARGIN.bottom + 16} textAnchor="middle" fill={COLOURS.text}>
                {text}
              </text>
            )}
          </g>
        ))}
        {reference && (
          <g>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(reference.y)} y2={y(reference.y)} stroke={COLOURS.reference} strokeDasharray="4 3" />
            <text x={width - MARGIN.right + 4} y={y(reference.y)} dy="0.32em" textAnchor="start" fill={COLOURS.text}>
              {reference.label}
            </text>
          </g>
        )}
        {path && points.length > 1 && <path d={path} fill="none" stroke={COLOURS.line} strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" />}
        {points.length <= dotsUpTo &&
          points.map((p, i) => <circle key={i} cx={x(p.x)} cy={y(p.y)} r={points.length === 1 ? 4 : 3} fill="#fff" stroke={COLOURS.line} strokeWidth={2} />)}
      </g>
    </svg>
  );
}
