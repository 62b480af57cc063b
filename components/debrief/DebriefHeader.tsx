import { ChannelIcon } from '@/components/ui/ChannelIcon';
import { CHANNEL_LABELS } from '@/components/ui/labels';
import type { DebriefView } from '@/server/debrief';
import { LocalTime } from '@/components/ui/LocalTime';
import { ClockIcon } from './Icons';

/** How long the attempt took, or null when it was left and finished later, where a duration would mislead. */
function durationText(startedAt: Date, completedAt: Date): string | null {
  const minutes = Math.round((completedAt.getTime() - startedAt.getTime()) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes <= 90) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return null;
}

const TIME_MODE_NOTES = { extended: 'Time limits: extended', off: 'Time limits: off' } as const;

export function DebriefHeader({ view }: { view: DebriefView }) {
  const duration = durationText(view.startedAt, view.completedAt);
  return (
    <header>
      <p className="flex items-center gap-2 text-sm font-semibold text-brand-800">
        <ChannelIcon channel={view.channel} />
        <span>
          Debrief <span aria-hidden="true">·</span>
          <span className="sr-only">,</span> {CHANNEL_LABELS[view.channel]}
        </span>
      </p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight sm:text-3xl">{view.title}</h1>
      <p className="mt-1 text-slate-700">
        {/* The role keeps its own capitals: it often starts with a company name. */}
        With <span className="font-semibold text-slate-900">{view.persona.name}</span> <span aria-hidden="true">·</span>
        <span className="sr-only">,</span> {view.persona.role}
      </p>
      <p className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600">
        <span>
          Completed <LocalTime iso={view.completedAt.toISOString()} />
          {duration && ` (took ${duration})`}
        </span>
        {view.timeMode !== 'standard' && (
          <span className="inline-flex items-center gap-1">
            <ClockIcon className="h-4 w-4" />
            {TIME_MODE_NOTES[view.timeMode]}
          </span>
        )}
      </p>
    </header>
  );
}
