import Link from 'next/link';
import { principleName, timeLimitsOf } from '@/machines';
import type { TimeMode } from '@/server/db/schema';
import type { LibraryEntry } from '@/server/training/library';
import { CHANNEL_LABELS, DIFFICULTY_LABELS, formatPercent } from '@/lib/labels';
import { panel } from '@/components/ui/styles';
import { ChannelIcon } from '@/components/ui/ChannelIcon';
import { topicLabel } from '@/lib/library-filter';

/**
 * One scenario in the library: one link, its title, which opens the briefing (where an unfinished
 * conversation is continued); the whole card takes the click, and the keyboard stops once per card.
 */
export function ScenarioCard({ entry, timeMode }: { entry: LibraryEntry; timeMode: TimeMode }) {
  const { meta } = entry.document;
  const headingId = `scenario-${entry.scenarioId}`;
  return (
    <article
      aria-labelledby={headingId}
      className={`${panel} relative flex w-full flex-col p-5 hover:ring-brand-700 has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-brand-700`}
    >
      <div className="flex flex-wrap items-center gap-2 text-xs font-medium text-slate-700">
        <span className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-1">
          <ChannelIcon channel={meta.channel} /> {CHANNEL_LABELS[meta.channel]}
        </span>
        <span className="rounded-full bg-slate-100 px-2 py-1">{DIFFICULTY_LABELS[meta.difficulty]}</span>
        <span className="rounded-full bg-slate-100 px-2 py-1">About {meta.minutes} min</span>
        <span className="rounded-full bg-slate-100 px-2 py-1">{meta.feedback === 'immediate' ? 'Coaching' : 'Assessment'}</span>
        {timeLimitsOf(entry.document).length > 0 && (
          <span className="rounded-full bg-slate-100 px-2 py-1">Timed replies{timeMode === 'off' ? ' (off for you)' : timeMode === 'extended' ? ' (extended for you)' : ''}</span>
        )}
      </div>
      <h2 id={headingId} className="mt-3 text-lg font-semibold tracking-tight">
        <Link href={`/scenarios/${entry.scenarioId}`} className="rounded after:absolute after:inset-0 after:content-[''] hover:underline focus:outline-none">
          {meta.title}
        </Link>
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        With {meta.persona.name} · {meta.persona.role}
      </p>
      <p className="mt-3 flex-1 text-slate-800">{meta.summary}</p>
      {meta.pool && (
        <p className="mt-3 text-sm text-slate-800">
          One version of the assessment <strong>{meta.pool.title}</strong>.
        </p>
      )}
      {meta.tags && meta.tags.length > 0 && (
        <p className="mt-3 text-sm text-slate-700">
          <span className="font-medium">Topics:</span> {meta.tags.map(topicLabel).join(', ')}
        </p>
      )}
      <p className="mt-1 text-sm text-slate-700">
        <span className="font-medium">Practises:</span> {meta.principles.map(principleName).join(', ')}
      </p>
      <p className="mt-3 text-sm text-slate-800">
        {entry.bestPercent === null ? (
          'Not played yet'
        ) : (
          <>
            Best score <strong>{formatPercent(entry.bestPercent)}</strong> · {entry.passed ? 'Passed ✓' : `Not passed yet (pass mark ${meta.passPercent}%)`}
          </>
        )}
      </p>
      {entry.inProgressAttemptId && <p className="mt-2 text-sm font-medium text-brand-800">A conversation in progress: open it to continue.</p>}
    </article>
  );
}
