import Link from 'next/link';
import { LocalTime } from '@/components/ui/LocalTime';
import { PanelSection } from '@/components/ui/PanelSection';
import { ColumnHeads } from '@/components/ui/ColumnHeads';
import { FAST_PASS_LABEL, formatDuration } from '@/lib/labels';
import { dashboardQueryString, NO_FILTERS, type ModuleFastPass } from '@/server/reporting/dashboard';
import { personReportHref } from '@/server/reporting/person-report';

const link = 'font-medium text-brand-800 underline decoration-slate-400 underline-offset-2 hover:decoration-brand-700';

/** HR's view of a module's passes faster than their text could be read (decision 041), newest first. */
export function ModuleFastPasses({ moduleId, passes, total }: { moduleId: string; passes: ModuleFastPass[]; total: number }) {
  return (
    <PanelSection id="fast-passes-heading" title={FAST_PASS_LABEL}>
      <p className="text-sm text-slate-700">
        Passes of this module&rsquo;s scenarios in under half the time their text takes to read at a brisk pace. A flag to look into, not a verdict: the person may know the
        scenario well.
      </p>
      {total === 0 ? (
        <p className="mt-2 text-sm text-slate-700">None so far.</p>
      ) : (
        <>
          <div className="mt-3 overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Passes faster than they could be read, newest first</caption>
              <thead className="border-b border-slate-200 text-slate-700">
                <ColumnHeads labels={['Person', 'Scenario', 'Passed', 'Answered in', 'Takes to read']} cellClassName="py-2 pr-4" />
              </thead>
              <tbody>
                {passes.map((pass) => (
                  <tr key={pass.attemptId} className="border-b border-slate-100 last:border-0">
                    <th scope="row" className="py-2 pr-4 font-medium">
                      <Link href={`${personReportHref(pass.userId, { show: 'passed-faster-than-reading' })}#attempts`} className={link}>
                        {pass.name}
                      </Link>
                    </th>
                    <td className="py-2 pr-4">
                      <Link href={`/attempts/${pass.attemptId}`} className={link}>
                        {pass.scenarioTitle}
                        <span className="sr-only">: see the debrief</span>
                      </Link>
                    </td>
                    <td className="py-2 pr-4">
                      <LocalTime iso={pass.completedAt.toISOString()} />
                    </td>
                    <td className="py-2 pr-4 tabular-nums">{formatDuration(pass.answeringMs)}</td>
                    <td className="py-2 tabular-nums">{formatDuration(pass.readingMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="mt-3 text-sm">
            {total > passes.length && `Showing the newest ${passes.length} of ${total}. `}
            <Link href={`/hr${dashboardQueryString({ ...NO_FILTERS, moduleId, passedFasterThanReading: true })}#assignments`} className={link}>
              The people concerned on the dashboard
            </Link>
          </p>
        </>
      )}
    </PanelSection>
  );
}
