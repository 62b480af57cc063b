import Link from 'next/link';
import { CHANNELS, DIFFICULTIES } from '@/machines/format';
import { QUERY_MAX, topicLabel, type LibraryFilter } from '@/lib/library-filter';
import { CHANNEL_LABELS, DIFFICULTY_LABELS } from '@/lib/labels';
import { FilterSelect } from '@/components/ui/filters';
import { buttonStyles, panel } from '@/components/ui/styles';
import { fieldLabel, textInput } from '@/components/ui/form-styles';

/** A plain GET form: it works without JavaScript, and the filtered list's address can be shared. */
export function LibraryFilterForm({ filter, query, topics }: { filter: LibraryFilter; query: string; topics: string[] }) {
  return (
    <form method="get" action="/scenarios" role="search" aria-label="Find scenarios" className={`${panel} mt-6 grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-5`}>
      <div className="sm:col-span-2">
        <label htmlFor="library-q" className={fieldLabel}>
          Words in the title or summary
        </label>
        <input id="library-q" name="q" type="search" defaultValue={query} maxLength={QUERY_MAX} className={textInput} />
      </div>
      <FilterSelect
        id="library-channel"
        name="channel"
        label="Channel"
        anyLabel="Any channel"
        value={filter.channel}
        options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
      />
      <FilterSelect
        id="library-level"
        name="level"
        label="Level"
        anyLabel="Any level"
        value={filter.level}
        options={DIFFICULTIES.map((d) => ({ value: d, label: DIFFICULTY_LABELS[d] }))}
      />
      <FilterSelect id="library-topic" name="topic" label="Topic" anyLabel="Any topic" value={filter.topic} options={topics.map((t) => ({ value: t, label: topicLabel(t) }))} />
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
