import { attemptView } from '@/server/attempts';
import { requireApiUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { handle } from '@/server/http';

/** Where an attempt stands and its transcript, for the player to resynchronise. */
export async function GET(_request: Request, { params }: { params: Promise<{ attemptId: string }> }) {
  return handle(async () => {
    const user = await requireApiUser();
    const { attemptId } = await params;
    const { db } = await database();
    const view = await attemptView(db, attemptId, user.id);
    return Response.json(
      { state: view.state, transcript: view.transcript, result: view.result, version: view.version },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  });
}
