import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Player } from '@/components/player/Player';
import { AttemptNotFoundError, attemptView } from '@/server/attempts';
import { requireUser } from '@/server/auth/access';
import { database } from '@/server/db';

export const metadata: Metadata = { title: 'Scenario' };

export default async function PlayPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const { attemptId } = await params;
  const user = await requireUser(`/play/${attemptId}`);
  const { db } = await database();
  const view = await attemptView(db, attemptId, user.id).catch((error: unknown) => {
    if (error instanceof AttemptNotFoundError) notFound();
    throw error;
  });
  if (view.result) redirect(`/attempts/${attemptId}`);
  return (
    <Player
      key={attemptId}
      attemptId={attemptId}
      scenario={view.scenario}
      initial={{ state: view.state, transcript: view.transcript, result: view.result }}
    />
  );
}
