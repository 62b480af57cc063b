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

const MARGIN = { top: 10, right: 12, bottom: 24, left: 38 };
const DAY = 86_400_000;
const COLOURS = { line: '#0f766e', grid: '#e2e8f0', axis: '#94a3b8', text: '#475569', reference: '#64748b' } as const;

/** Tick labels as precise as the span needs: hours within two days, months past most of a year. */
function tickFormat(spanMs: number, timeZone: string): Intl.DateTimeFormat {
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
  width = 320,
  height = 150,
  dotsUpTo = 40,
}: LineChartProps) {
  const times = points.length ? points.map((p) => p.x.getTime()) : [0];
  let [first, last] = [Math.min(...times), Math.max(...times)];
  // One point, or several at one moment: a day either side, so it sits in the middle.
  if (first === last) [first, last] = [first - DAY, last + DAY];
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
  const format = tickFormat(last - first, timeZone);
  const xTicks = x.ticks(width < 400 ? 3 : 5);

  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" fontSize={10} fontFamily="inherit">
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
        {xTicks.map((tick) => (
          <g key={tick.getTime()}>
            <line x1={x(tick)} x2={x(tick)} y1={height - MARGIN.bottom} y2={height - MARGIN.bottom + 4} stroke={COLOURS.axis} />
            <text x={x(tick)} y={height - MARGIN.bottom + 15} textAnchor="middle" fill={COLOURS.text}>
              {format.format(tick)}
            </text>
          </g>
        ))}
        {reference && (
          <g>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(reference.y)} y2={y(reference.y)} stroke={COLOURS.reference} strokeDasharray="4 3" />
            <text x={width - MARGIN.right} y={y(reference.y) - 3} textAnchor="end" fill={COLOURS.text} fontSize={9}>
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
