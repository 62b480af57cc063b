import { attemptView } from '@/server/training/attempts';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/** Where an attempt stands and its transcript, for the player to resynchronise (an assessment's in words only). */
export const GET = route.get({ access: 'signed-in', params: ['attemptId'] }, async ({ actor, params }) => {
  const { db } = await database();
  const view = await attemptView(db, params.attemptId, actor.id);
  const body =
    view.kind === 'sealed'
      ? { kind: view.kind, opening: view.opening, steps: view.steps, state: view.state, result: view.result, ending: view.ending, version: view.version }
      : { kind: view.kind, state: view.state, transcript: view.transcript, retried: view.retried, result: view.result, version: view.version };
  return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
});
