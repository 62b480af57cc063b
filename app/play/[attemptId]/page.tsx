import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Player } from '@/components/player/Player';
import { SealedPlayer } from '@/components/player/SealedPlayer';
import { AttemptNotFoundError, attemptView } from '@/server/training/attempts';
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
  // An assessment gets words only; a coaching scenario steps in the browser and is checked by the server.
  if (view.kind === 'sealed') {
    return (
      <SealedPlayer
        key={attemptId}
        attemptId={attemptId}
        meta={view.meta}
        initial={{ opening: view.opening, steps: view.steps, state: view.state, result: view.result, ending: view.ending }}
      />
    );
  }
  return (
    <Player
      key={attemptId}
      attemptId={attemptId}
      scenario={view.scenario}
      initial={{ state: view.state, transcript: view.transcript, result: view.result, typedMisses: view.typedMisses }}
    />
  );
}
