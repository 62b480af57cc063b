import Link from 'next/link';
import { CHANNELS, DIFFICULTIES } from '@/machines/format';
import { QUERY_MAX, topicLabel, type LibraryFilter } from '@/lib/library-filter';
import { CHANNEL_LABELS, DIFFICULTY_LABELS } from '@/components/ui/labels';
import { buttonStyles, panel } from '@/components/ui/styles';

const field = 'mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-slate-900';
const label = 'block text-sm font-medium text-slate-800';

function FilterSelect({ name, label: text, anyLabel, value, options }: { name: string; label: string; anyLabel: string; value: string | null; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={`library-${name}`} className={label}>
        {text}
      </label>
      <select id={`library-${name}`} name={name} defaultValue={value ?? ''} className={field}>
        <option value="">{anyLabel}</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </div>
  );
}

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
      <FilterSelect name="channel" label="Channel" anyLabel="Any channel" value={filter.channel} options={CHANNELS.map((c) => [c, CHANNEL_LABELS[c]])} />
      <FilterSelect name="level" label="Level" anyLabel="Any level" value={filter.level} options={DIFFICULTIES.map((d) => [d, DIFFICULTY_LABELS[d]])} />
      <FilterSelect name="topic" label="Topic" anyLabel="Any topic" value={filter.topic} options={topics.map((t) => [t, topicLabel(t)])} />
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
