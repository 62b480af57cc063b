import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { CostliestMoments } from '@/components/debrief/CostliestMoments';
import { DebriefActions } from '@/components/debrief/DebriefActions';
import { DebriefHeader } from '@/components/debrief/DebriefHeader';
import { EndingPanel } from '@/components/debrief/EndingPanel';
import { PrincipleScores } from '@/components/debrief/PrincipleScores';
import { ResultPanel } from '@/components/debrief/ResultPanel';
import { Transcript } from '@/components/debrief/Transcript';
import { AttemptNotFoundError } from '@/server/attempts';
import { requirePageUser } from '@/server/auth/session';
import { database } from '@/server/db';
import { debriefView, type DebriefView } from '@/server/debrief';

export const metadata: Metadata = { title: 'Debrief' };

export default async function DebriefPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const user = await requirePageUser(`/attempts/${attemptId}`);
  const { db } = await database();

  let view: DebriefView | 'in-progress';
  try {
    view = await debriefView(db, attemptId, user.id);
  } catch (error) {
    // Someone else's attempt is reported exactly like a missing one, so nothing about it leaks.
    if (error instanceof AttemptNotFoundError) notFound();
    throw error;
  }
  if (view === 'in-progress') redirect(`/play/${attemptId}`);

  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <DebriefHeader view={view} />
      <ResultPanel view={view} />
      <EndingPanel view={view} />
      <PrincipleScores principles={view.principles} />
      <CostliestMoments view={view} />
      <Transcript view={view} />
      <div className="border-t border-slate-200 pt-6">
        <DebriefActions scenarioId={view.scenarioId} />
      </div>
    </div>
  );
}
