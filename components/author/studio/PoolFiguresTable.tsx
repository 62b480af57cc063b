import Link from 'next/link';
import { formatPercent } from '@/lib/labels';
import { panel } from '@/components/ui/styles';
import { MIN_ATTEMPTS_TO_COMPARE, type PoolFigures } from '@/server/training/pools';
import { ColumnHeads } from '@/components/ui/ColumnHeads';
import { DataTable } from '@/components/ui/DataTable';

/**
 * Per assessment pool, its variants side by side: are they equally hard? A variant much harder or
 * easier than the others together is flagged, in words as well as by its mark.
 */
export function PoolFiguresTable({ pools }: { pools: PoolFigures[] }) {
  return (
    <section aria-labelledby="pools-heading" className="mt-10">
      <h2 id="pools-heading" className="text-lg font-semibold">
        Assessment pools
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">
        Scenarios that name the same pool (<code>meta.pool</code>) are versions of one assessment; each attempt draws one the trainee has not taken yet. For the attempt to be fair
        the versions must be equally hard. Trainees&apos; finished attempts are compared: a version is flagged when its pass rate or mean score differs from the other versions
        together by more than chance would explain and by a margin worth acting on. Fewer than {MIN_ATTEMPTS_TO_COMPARE} attempts on either side are too few to compare.
      </p>
      {pools.length === 0 ? (
        <p className={`${panel} mt-3 p-4 text-sm text-slate-700`}>No scenario names a pool yet.</p>
      ) : (
        pools.map((pool) => (
          <DataTable
            key={pool.id}
            label={`Pool ${pool.title}`}
            className="mt-3 p-4"
            tableClassName="w-full min-w-[36rem] text-left text-sm"
            headClassName="border-b border-slate-300 text-slate-700"
            caption={
              <caption className="text-left text-base font-semibold text-slate-900">
                {pool.title}{' '}
                <span className="font-normal text-slate-600">
                  · pool “{pool.id}”, {pool.variants.length} versions
                </span>
              </caption>
            }
            head={
              <ColumnHeads
                labels={['Version', 'Attempts', 'Pass rate', 'Mean score', 'Compared with the others']}
                end={['Attempts', 'Pass rate', 'Mean score']}
                cellClassName="py-2 pr-3"
              />
            }
          >
            {pool.figures.map((f) => (
              <tr key={f.scenarioId} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="py-2 pr-3 font-medium">
                  <Link href={`/author/${f.scenarioId}`} className="text-brand-800 underline underline-offset-2">
                    {f.title}
                  </Link>
                </th>
                <td className="py-2 pr-3 text-right tabular-nums">{f.attempts}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{f.passRate === null ? '–' : formatPercent(f.passRate)}</td>
                <td className="py-2 pr-3 text-right tabular-nums">{f.meanScore === null ? '–' : formatPercent(f.meanScore)}</td>
                <td className="py-2">
                  {f.flag ? (
                    <span className="font-semibold text-amber-900">
                      <span aria-hidden="true">⚠ </span>
                      {f.flag.harder ? 'Harder' : 'Easier'}: {f.flag.reason}
                    </span>
                  ) : f.tooFewToCompare ? (
                    <span className="text-slate-600">Too few attempts to compare</span>
                  ) : (
                    <span className="text-slate-700">About as hard</span>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        ))
      )}
    </section>
  );
}
