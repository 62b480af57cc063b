import type { AssignmentStatus } from '@/server/onboarding/assignments';
import { CheckCircleIcon, ClockIcon, HalfCircleIcon } from '@/components/debrief/Icons';
import { ASSIGNMENT_STATUS_LABELS } from '@/lib/labels';
import { WarningIcon } from './WarningIcon';

const STATUS = {
  'not-started': { style: 'border-slate-300 bg-slate-50 text-slate-800', Icon: ClockIcon },
  'in-progress': { style: 'border-brand-600 bg-brand-50 text-brand-900', Icon: HalfCircleIcon },
  completed: { style: 'border-emerald-300 bg-emerald-50 text-emerald-900', Icon: CheckCircleIcon },
  'completed-late': { style: 'border-emerald-300 bg-emerald-50 text-emerald-900', Icon: CheckCircleIcon },
  overdue: { style: 'border-rose-400 bg-rose-50 text-rose-900', Icon: WarningIcon },
} as const satisfies Record<AssignmentStatus, unknown>;

/** A module's status in words, with an icon that repeats it; colour is never the only sign. */
export function StatusBadge({ status }: { status: AssignmentStatus }) {
  const { style, Icon } = STATUS[status];
  const label = ASSIGNMENT_STATUS_LABELS[status];
  return (
    <span className={`inline-flex shrink-0 items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-sm font-semibold ${style}`}>
      <Icon className="h-4 w-4" />
      <span>
        <span className="sr-only">Status: </span>
        {label}
      </span>
    </span>
  );
}
