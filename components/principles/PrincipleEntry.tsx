import { panel } from '@/components/ui/styles';
import type { Principle } from '@/machines/principles';

function BookIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 shrink-0 fill-none stroke-current stroke-2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2V5Zm0 16a2 2 0 0 1 2-2h13" />
    </svg>
  );
}

function StarIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 shrink-0 fill-none stroke-current stroke-2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2-5.5-2.9-5.5 2.9 1-6.2L3 9.6l6.2-.9L12 3Z" />
    </svg>
  );
}

/** Says in words which group a principle belongs to; the icon only repeats it. */
export function StandardBadge({ standard }: { standard: boolean }) {
  return standard ? (
    <span className="inline-flex items-center gap-1 rounded-full border border-brand-100 bg-brand-50 px-2.5 py-0.5 text-xs font-semibold text-brand-800">
      <StarIcon />
      One of the Seven Standards
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 rounded-full border border-slate-200 bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-700">
      <BookIcon />
      From the wider reading
    </span>
  );
}

const byline = (author: string) => (author.trim().toLowerCase() === 'unknown' ? 'author unknown' : `by ${author}`);

export function PrincipleEntry({ principle }: { principle: Principle }) {
  const headingId = `${principle.id}-heading`;
  return (
    <article id={principle.id} aria-labelledby={headingId} className={`${panel} scroll-mt-6 p-5 target:ring-2 target:ring-brand-700 target:ring-offset-2 sm:p-6`}>
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <h3 id={headingId} className="text-lg font-semibold tracking-tight text-slate-900">
          {principle.name}
        </h3>
        <StandardBadge standard={principle.standard} />
      </div>
      <p className="mt-3 max-w-prose leading-relaxed text-slate-800">{principle.definition}</p>

      <h4 className="mt-5 text-sm font-semibold text-slate-900">What good looks like</h4>
      <ul className="mt-2 max-w-prose list-disc space-y-1.5 pl-5 leading-relaxed text-slate-700 marker:text-brand-700">
        {principle.goodLooksLike.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>

      <h4 className="mt-5 text-sm font-semibold text-slate-900">{principle.sources.length === 1 ? 'Source' : 'Sources'}</h4>
      <ul className="mt-2 space-y-1 text-sm text-slate-700">
        {principle.sources.map((source) => (
          <li key={source.title} className="flex gap-2">
            <BookIcon />
            <span className="min-w-0">
              <cite className="font-medium not-italic text-slate-800">{source.title}</cite>, {byline(source.author)}
              <span className="mt-0.5 block text-slate-600">{source.gist}</span>
            </span>
          </li>
        ))}
      </ul>
    </article>
  );
}
