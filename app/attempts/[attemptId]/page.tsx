import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { CostliestMoments } from '@/components/debrief/CostliestMoments';
import { DebriefActions } from '@/components/debrief/DebriefActions';
import { DebriefHeader } from '@/components/debrief/DebriefHeader';
import { EndingPanel } from '@/components/debrief/EndingPanel';
import { PrincipleScores } from '@/components/debrief/PrincipleScores';
import { ResultPanel } from '@/components/debrief/ResultPanel';
import { Transcript } from '@/components/debrief/Transcript';
import { orNotFound, requireUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { debriefView } from '@/server/debrief';

export const metadata: Metadata = { title: 'Debrief' };

export default async function DebriefPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const user = await requireUser(`/attempts/${attemptId}`);
  const { db } = await database();

  // Someone else's attempt is reported exactly like a missing one, so nothing about it leaks.
  const view = await orNotFound(debriefView(db, attemptId, user));
  const own = view === 'in-progress' || view.owner.id === user.id;
  if (view === 'in-progress') {
    if (own) redirect(`/play/${attemptId}`);
    notFound();
  }

  return (
    <div className="mx-auto max-w-4xl space-y-8">
      {!own && (
        <p className="rounded-md border border-slate-300 bg-slate-50 px-4 py-2 text-sm text-slate-800">
          You are viewing <span className="font-semibold">{view.owner.name}</span>&rsquo;s attempt.
        </p>
      )}
      <DebriefHeader view={view} />
      <ResultPanel view={view} />
      <EndingPanel view={view} />
      <PrincipleScores principles={view.principles} />
      <CostliestMoments view={view} />
      <Transcript view={view} />
      <div className="border-t border-slate-200 pt-6">
        {own && <DebriefActions scenarioId={view.scenarioId} />}
      </div>
    </div>
  );
}
