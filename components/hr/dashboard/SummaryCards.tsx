import type { DashboardSummary } from '@/server/reporting/dashboard';
import { formatCount } from '@/lib/labels';
import { panel } from '@/components/ui/styles';

const share = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}% of assigned` : 'none assigned');

/** The counts at a glance, each a number with words; the overdue count stands out by a border and an icon. */
export function SummaryCards({ summary }: { summary: DashboardSummary }) {
  const items: { label: string; value: string; note: string; urgent?: boolean }[] = [
    { label: 'Assigned', value: formatCount(summary.assigned), note: 'modules people hold now' },
    { label: 'Completed', value: formatCount(summary.completed), note: summary.completedLate ? `${formatCount(summary.completedLate)} of them late` : 'none late' },
    { label: 'In progress', value: formatCount(summary.inProgress), note: share(summary.inProgress, summary.assigned) },
    { label: 'Not started', value: formatCount(summary.notStarted), note: share(summary.notStarted, summary.assigned) },
    { label: 'Overdue', value: formatCount(summary.overdue), note: share(summary.overdue, summary.assigned), urgent: summary.overdue > 0 },
    {
      label: 'Completion rate',
      value: summary.completionRate === null ? '—' : `${Math.floor(summary.completionRate * 100)}%`,
      note: summary.completionRate === null ? 'nothing assigned' : `${formatCount(summary.completed)} of ${formatCount(summary.assigned)}`,
    },
    {
      label: 'Median time to complete',
      value: summary.medianDaysToComplete === null ? '—' : `${formatDays(summary.medianDaysToComplete)}`,
      note: summary.medianDaysToComplete === null ? 'nothing completed yet' : 'from assignment to completion',
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
      {items.map((item) => (
        <div key={item.label} className={`${panel} flex flex-col p-4 ${item.urgent ? 'border-2 border-rose-500' : ''}`}>
          <dt className="order-first text-sm font-medium text-slate-700">
            {item.urgent && (
              <svg aria-hidden="true" viewBox="0 0 20 20" className="mr-1 inline h-4 w-4 fill-rose-700 align-[-2px]">
                <path d="M10 2 1 18h18L10 2Zm-1 6h2v5H9V8Zm0 6h2v2H9v-2Z" />
              </svg>
            )}
            {item.label}
          </dt>
          <dd className="mt-1 text-2xl font-bold tabular-nums text-slate-900">{item.value}</dd>
          <dd className="mt-0.5 text-xs text-slate-600">{item.note}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Days with one decimal under ten, whole days above: "3.5 days", "12 days". */
export function formatDays(days: number): string {
  const shown = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return `${shown} ${shown === 1 ? 'day' : 'days'}`;
}
