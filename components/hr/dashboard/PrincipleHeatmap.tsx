import { displayPercent, formatCount } from '@/lib/labels';
import { NoValue } from '@/components/ui/NoValue';
import type { PrincipleHeatmap as Heatmap } from '@/server/reporting/dashboard';

/**
 * Score bands: each cell shows its number and its band's words are in the legend, so the tint only
 * repeats what the text says. Every tint keeps dark text above 4.5:1 contrast.
 */
export const HEAT_BANDS = [
  { below: 50, label: 'under 50%', className: 'bg-rose-100' },
  { below: 70, label: '50–69%', className: 'bg-amber-100' },
  { below: 85, label: '70–84%', className: 'bg-lime-100' },
  { below: Infinity, label: '85% and over', className: 'bg-emerald-200' },
] as const;

const bandOf = (percent: number) => HEAT_BANDS.find((band) => displayPercent(percent) < band.below)!;

/** Teams down, principles across: each team's average score per principle, with how many attempts it is over. */
export function PrincipleHeatmap({ heatmap }: { heatmap: Heatmap }) {
  if (!heatmap.teams.length) return <p className="text-slate-700">No finished attempts by people in a team match these filters yet.</p>;
  return (
    <>
      <div className="relative overflow-x-auto rounded-md border border-slate-200" role="region" aria-labelledby="heatmap-caption" tabIndex={0}>
        <table className="min-w-full border-collapse text-sm">
          <caption id="heatmap-caption" className="sr-only">
            Average score per principle for each team; each cell gives the average percent and the number of attempts it is over
          </caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-3 py-2 text-left font-semibold">
                Team
              </th>
              {heatmap.principles.map((principle) => (
                // No minimum width: each column is as wide as its longest word, so a dozen principles fit 1280 px.
                <th key={principle.id} scope="col" className="px-1.5 py-2 text-left align-bottom text-xs font-semibold leading-tight">
                  {principle.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heatmap.teams.map((team) => (
              <tr key={team.team} className="border-t border-slate-200">
                <th scope="row" className="sticky left-0 z-10 bg-white px-3 py-2 text-left font-medium">
                  {team.team}
                  <span className="block text-xs font-normal text-slate-600">
                    {formatCount(team.people)} {team.people === 1 ? 'person' : 'people'}
                  </span>
                </th>
                {team.cells.map((cell, i) =>
                  cell ? (
                    <td key={heatmap.principles[i]!.id} className={`px-1.5 py-2 text-slate-900 ${bandOf(cell.averagePercent).className}`}>
                      <span className="block text-base font-semibold tabular-nums">{displayPercent(cell.averagePercent)}%</span>
                      <span className="block text-xs tabular-nums text-slate-700">
                        {formatCount(cell.attempts)}
                        <span className="sr-only"> {cell.attempts === 1 ? 'attempt' : 'attempts'}</span>
                      </span>
                    </td>
                  ) : (
                    <td key={heatmap.principles[i]!.id} className="px-1.5 py-2 text-slate-600">
                      <NoValue said="no attempts scored this" />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="mt-3 flex flex-wrap gap-3 text-sm text-slate-700" aria-label="Shading of the cells">
        <li>Big number: the average score; small number: how many attempts it is over.</li>
        {HEAT_BANDS.map((band) => (
          <li key={band.label} className="inline-flex items-center gap-1.5">
            <span aria-hidden="true" className={`inline-block h-4 w-6 rounded border border-slate-300 ${band.className}`} />
            {band.label}
          </li>
        ))}
      </ul>
    </>
  );
}
