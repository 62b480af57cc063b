import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CostliestMoments } from '@/components/debrief/CostliestMoments';
import { CriticalErrors } from '@/components/debrief/CriticalErrors';
import { DebriefActions } from '@/components/debrief/DebriefActions';
import { DebriefHeader } from '@/components/debrief/DebriefHeader';
import { EndingPanel } from '@/components/debrief/EndingPanel';
import { PrincipleScores } from '@/components/debrief/PrincipleScores';
import { ResultPanel } from '@/components/debrief/ResultPanel';
import { Transcript } from '@/components/debrief/Transcript';
import { orNotFound, requireUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { debriefView } from '@/server/training/debrief';

export const metadata: Metadata = { title: 'Debrief' };

export default async function DebriefPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const user = await requireUser(`/attempts/${attemptId}`);
  const { db } = await database();

  // Someone else's attempt is reported exactly like a missing one, so nothing about it leaks.
  const view = await orNotFound(debriefView(db, attemptId, user));
  if (view.status === 'in-progress') {
    if (view.owner.id === user.id) redirect(`/play/${attemptId}`);
    return (
      <div className="mx-auto max-w-2xl py-8">
        <h1 className="text-2xl font-bold tracking-tight">Not finished yet</h1>
        <p className="mt-2 text-slate-700">
          {view.owner.name} has made {view.choicesMade} {view.choicesMade === 1 ? 'choice' : 'choices'} in this attempt and has not reached an ending. The debrief appears here once
          they do.
        </p>
      </div>
    );
  }
  const own = view.owner.id === user.id;

  return (
    <div className="mx-auto max-w-4xl space-y-8">
      {!own && (
        <p className="rounded-md border border-slate-300 bg-slate-50 px-4 py-2 text-sm text-slate-800">
          You are viewing <span className="font-semibold">{view.owner.name}</span>&rsquo;s attempt.
        </p>
      )}
      <DebriefHeader view={view} />
      <ResultPanel view={view} />
      {/* A critical error decides the result whatever the score, so it comes before everything else. */}
      <CriticalErrors view={view} />
      <EndingPanel view={view} />
      <PrincipleScores principles={view.principles} />
      <CostliestMoments view={view} />
      <Transcript view={view} />
      <div className="border-t border-slate-200 pt-6">{own && <DebriefActions scenarioId={view.scenarioId} playable={view.playable} />}</div>
    </div>
  );
}
