import { ChannelIcon } from '@/components/ui/ChannelIcon';
import { CHANNEL_LABELS } from '@/lib/labels';
import type { DebriefView } from '@/server/training/debrief';
import { LocalTime } from '@/components/ui/LocalTime';
import { ClockIcon } from './Icons';
import { TIME_MODE_WORDS, timeModeChangeWords } from '@/lib/debrief-words';

/** How long the attempt took, or null when it was left and finished later, where a duration would mislead. */
function durationText(startedAt: Date, completedAt: Date): string | null {
  const minutes = Math.round((completedAt.getTime() - startedAt.getTime()) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes <= 90) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return null;
}

const timesWord = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

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
        {/* Time limits only mean something on a timed scenario; an untimed one says nothing about them. */}
        {view.timeLimits && (
          <span className="inline-flex items-center gap-1">
            <ClockIcon className="h-4 w-4" />
            {view.timeLimits.changes.length === 0
              ? `Time limits: ${TIME_MODE_WORDS[view.timeLimits.endedWith]}`
              : `Time limits: ${TIME_MODE_WORDS[view.timeLimits.startedWith]} at the start, changed ${timesWord(view.timeLimits.changes.length)} during the attempt`}
          </span>
        )}
      </p>
      {view.timeLimits && view.timeLimits.changes.length > 0 && (
        <ul aria-label="Changes of time limits during the attempt" className="mt-1 list-disc space-y-0.5 pl-9 text-sm text-slate-600">
          {view.timeLimits.changes.map((change, i) => (
            <li key={i}>{timeModeChangeWords(change)}</li>
          ))}
        </ul>
      )}
    </header>
  );
}
