import type { Metadata } from 'next';
import { ScenarioCard } from '@/components/library/ScenarioCard';
import { requireUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { listLibrary } from '@/server/scenario-library';

export const metadata: Metadata = { title: 'Scenarios' };

export default async function ScenariosPage() {
  const user = await requireUser('/scenarios');
  const { db } = await database();
  const entries = await listLibrary(db, user.id);
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
        <ul className="mt-6 grid gap-4 md:grid-cols-2" aria-label="Scenarios">
          {entries.map((entry) => (
            <li key={entry.scenarioId} className="flex">
              <ScenarioCard entry={entry} timeMode={user.timeMode} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
