import Link from 'next/link';
import { LineChart } from '@/components/hr/charts/LineChart';
import { writeDate } from '@/lib/dates';
import { formatPercent } from '@/lib/labels';
import { panel } from '@/components/ui/styles';
import { dateIn } from '@/lib/dates';
import type { PrincipleHistory, PrincipleTrend } from '@/server/reporting/person-report';
import { NoValue } from '@/components/ui/NoValue';

const TREND_WORDS = { improving: 'Improving', declining: 'Declining', steady: 'Steady' } as const;
const TREND_ARROWS = { improving: '↗', declining: '↘', steady: '→' } as const;

const timesWord = (n: number) => (n === 1 ? 'one attempt' : `${n} attempts`);

/** "Improving: from 40% (first 2) to 80% (latest 2)". */
function trendText(trend: PrincipleTrend): string {
  const over = trend.window === 1 ? ['first', 'latest'] : [`first ${trend.window}`, `latest ${trend.window}`];
  return `${TREND_WORDS[trend.direction]}: from ${formatPercent(trend.firstAverage)} (${over[0]}) to ${formatPercent(trend.recentAverage)} (${over[1]})`;
}

/** The chart's accessible name: what it shows and what it says, in one sentence or two. */
function chartLabel(history: PrincipleHistory, timeZone: string): string {
  const { points, name, trend } = history;
  const from = writeDate(dateIn(timeZone, points[0]!.completedAt));
  const to = writeDate(dateIn(timeZone, points.at(-1)!.completedAt));
  const span = from === to ? `on ${from}` : `from ${from} to ${to}`;
  const latest = `latest ${formatPercent(points.at(-1)!.percent)}`;
  return `${name} scores over time: ${timesWord(points.length)} ${span}, ${latest}, average ${formatPercent(history.average)}.${trend ? ` ${trendText(trend)}.` : ''}`;
}

/**
 * Scores per principle over time as small multiples, one chart per principle on the same 0–100
 * scale, each with its trend in words, and every score in a table below.
 */
export function PrincipleTrends({ principles, timeZone, weakBelow }: { principles: PrincipleHistory[]; timeZone: string; weakBelow: number }) {
  return (
    <section aria-labelledby="principles-heading" className={`${panel} mt-6 p-5`}>
      <h2 id="principles-heading" className="text-lg font-semibold">
        Scores per principle over time
      </h2>
      {principles.length === 0 ? (
        <p className="mt-3 text-slate-700">No finished attempts yet, so there are no principle scores to show.</p>
      ) : (
        <>
          <p className="mt-1 max-w-prose text-sm text-slate-700">
            Each dot is one finished attempt&rsquo;s score on a principle it practised, by when it was finished. The dashed line marks {weakBelow}%: a principle averaging under it
            is one to work on. The trend compares the first scores with the latest.{' '}
            <Link href="/principles" className="font-medium text-brand-800 underline underline-offset-2">
              What the principles mean
            </Link>
          </p>
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Principle charts">
            {principles.map((history) => (
              <li key={history.principleId} className="rounded-md border border-slate-200 p-3">
                <figure>
                  <figcaption>
                    <h3 className="font-semibold text-slate-900">{history.name}</h3>
                    <p className="text-sm text-slate-700">
                      Average {formatPercent(history.average)} over {timesWord(history.points.length)}
                    </p>
                    <p className="text-sm font-medium text-slate-800">
                      {history.trend ? (
                        <>
                          <span aria-hidden="true">{TREND_ARROWS[history.trend.direction]} </span>
                          {trendText(history.trend)}
                        </>
                      ) : (
                        'One score so far: no trend yet'
                      )}
                    </p>
                  </figcaption>
                  <div className="mt-2">
                    <LineChart
                      label={chartLabel(history, timeZone)}
                      points={history.points.map((p) => ({ x: p.completedAt, y: p.percent }))}
                      timeZone={timeZone}
                      reference={{ y: weakBelow, label: `${weakBelow}%` }}
                    />
                  </div>
                </figure>
              </li>
            ))}
          </ul>
          <ScoresTable principles={principles} timeZone={timeZone} />
        </>
      )}
    </section>
  );
}

/** Every score of the charts as a table: one row per finished attempt, one column per principle. */
function ScoresTable({ principles, timeZone }: { principles: PrincipleHistory[]; timeZone: string }) {
  const rows = new Map<string, { completedAt: Date; title: string; scores: Map<string, number> }>();
  for (const history of principles) {
    for (const point of history.points) {
      const row = rows.get(point.attemptId) ?? { completedAt: point.completedAt, title: point.scenarioTitle, scores: new Map() };
      row.scores.set(history.principleId, point.percent);
      rows.set(point.attemptId, row);
    }
  }
  // In the organisation's zone, like the due dates, so the table reads the same for everyone.
  const when = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone });
  const ordered = [...rows.entries()].sort(([, a], [, b]) => a.completedAt.getTime() - b.completedAt.getTime());
  return (
    <details className="mt-4">
      <summary className="w-fit cursor-pointer rounded font-medium text-brand-800 underline underline-offset-2">The scores as a table</summary>
      <div className="mt-3 overflow-x-auto" role="region" aria-label="Scores per principle, by attempt" tabIndex={0}>
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">Each finished attempt&rsquo;s score per principle, earliest first; a dash where the scenario did not practise it</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <th scope="col" className="py-2 pr-3 align-bottom font-semibold">
                Finished
              </th>
              <th scope="col" className="min-w-28 py-2 pr-2 align-bottom font-semibold">
                Scenario
              </th>
              {principles.map((p) => (
                // As wide as the longest word of the name, so a dozen principles fit 1280 px.
                <th key={p.principleId} scope="col" className="px-1 py-2 text-right align-bottom text-[0.6875rem] font-semibold leading-tight">
                  {p.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {ordered.map(([attemptId, row]) => (
              <tr key={attemptId}>
                <td className="py-1.5 pr-2 text-slate-700">{when.format(row.completedAt)}</td>
                <th scope="row" className="py-1.5 pr-2 font-normal text-slate-900">
                  {row.title}
                </th>
                {principles.map((p) => {
                  const score = row.scores.get(p.principleId);
                  return (
                    <td key={p.principleId} className="px-1 py-1.5 text-right tabular-nums text-slate-900">
                      {score === undefined ? <NoValue said="not practised" /> : formatPercent(score)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
