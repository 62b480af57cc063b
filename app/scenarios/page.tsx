import type { Metadata } from 'next';
import { LibraryFilterForm } from '@/components/library/LibraryFilterForm';
import { ScenarioCard } from '@/components/library/ScenarioCard';
import { isFiltered, matchesLibraryFilter, readLibraryFilter, topicsOf } from '@/lib/library-filter';
import { requireUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { listLibrary } from '@/server/training/library';

export const metadata: Metadata = { title: 'Scenarios' };

export default async function ScenariosPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser('/scenarios');
  const query = await searchParams;
  const { db } = await database();
  const entries = await listLibrary(db, user.id);
  const { filter, ignored } = readLibraryFilter(query);
  const shown = entries.filter((e) => matchesLibraryFilter(e.document, filter));
  const words = (Array.isArray(query.q) ? query.q[0] : query.q) ?? '';
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Scenarios</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        Each scenario is a conversation with a customer. Pick what to say at each turn; the customer reacts, and every reply is
        scored against the service principles. Coaching scenarios give feedback as you go; assessments save it for the debrief.
      </p>
      {entries.length === 0 ? (
        <p className="mt-8 rounded-lg border border-slate-200 bg-white p-6 text-slate-700">No scenarios are published yet.</p>
      ) : (
        <>
          <LibraryFilterForm filter={filter} query={words} topics={topicsOf(entries.map((e) => e.document))} />
          {ignored.length > 0 && (
            <p className="mt-3 text-sm text-amber-900">
              Not a filter this page knows, so it was left out: {ignored.join(', ')}.
            </p>
          )}
          <p role="status" className="mt-4 text-sm font-medium text-slate-800">
            {isFiltered(filter) ? `${shown.length} of ${entries.length} scenarios match.` : `${entries.length} scenarios.`}
          </p>
          {shown.length === 0 ? (
            <p className="mt-4 rounded-lg border border-slate-200 bg-white p-6 text-slate-700">
              No scenario matches all of these. Try fewer words, or another channel, level or topic.
            </p>
          ) : (
            <ul className="mt-4 grid gap-4 md:grid-cols-2" aria-label="Scenarios">
              {shown.map((entry) => (
                <li key={entry.scenarioId} className="flex">
                  <ScenarioCard entry={entry} timeMode={user.timeMode} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
