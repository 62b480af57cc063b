import { attemptView } from '@/server/training/attempts';
import { requireApiUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { handle } from '@/server/platform/http';

/** Where an attempt stands and its transcript, for the player to resynchronise (an assessment's in words only). */
export async function GET(_request: Request, { params }: { params: Promise<{ attemptId: string }> }) {
  return handle(async () => {
    const user = await requireApiUser();
    const { attemptId } = await params;
    const { db } = await database();
    const view = await attemptView(db, attemptId, user.id);
    const body =
      view.kind === 'sealed'
        ? { kind: view.kind, opening: view.opening, steps: view.steps, state: view.state, result: view.result, ending: view.ending, version: view.version }
        : { kind: view.kind, state: view.state, transcript: view.transcript, result: view.result, version: view.version };
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  });
}
