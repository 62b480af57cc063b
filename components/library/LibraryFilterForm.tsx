import Link from 'next/link';
import { CHANNELS, DIFFICULTIES } from '@/machines/format';
import { QUERY_MAX, topicLabel, type LibraryFilter } from '@/lib/library-filter';
import { CHANNEL_LABELS, DIFFICULTY_LABELS } from '@/components/ui/labels';
import { buttonStyles, panel } from '@/components/ui/styles';

const field = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900';
const label = 'block text-sm font-medium text-slate-800';

/** A plain GET form: it works without JavaScript, and the filtered list's address can be shared. */
export function LibraryFilterForm({ filter, query, topics }: { filter: LibraryFilter; query: string; topics: string[] }) {
  return (
    <form method="get" action="/scenarios" role="search" aria-label="Find scenarios" className={`${panel} mt-6 grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-5`}>
      <div className="sm:col-span-2">
        <label htmlFor="library-q" className={label}>
          Words in the title or summary
        </label>
        <input id="library-q" name="q" type="search" defaultValue={query} maxLength={QUERY_MAX} className={field} />
      </div>
      <div>
        <label htmlFor="library-channel" className={label}>
          Channel
        </label>
        <select id="library-channel" name="channel" defaultValue={filter.channel ?? ''} className={field}>
          <option value="">Any channel</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="library-level" className={label}>
          Level
        </label>
        <select id="library-level" name="level" defaultValue={filter.level ?? ''} className={field}>
          <option value="">Any level</option>
          {DIFFICULTIES.map((d) => (
            <option key={d} value={d}>
              {DIFFICULTY_LABELS[d]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="library-topic" className={label}>
          Topic
        </label>
        <select id="library-topic" name="topic" defaultValue={filter.topic ?? ''} className={field}>
          <option value="">Any topic</option>
          {topics.map((t) => (
            <option key={t} value={t}>
              {topicLabel(t)}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-5">
        <button type="submit" className={buttonStyles.primary}>
          Show scenarios
        </button>
        <Link href="/scenarios" className={buttonStyles.quiet}>
          Clear the filter
        </Link>
      </div>
    </form>
  );
}
