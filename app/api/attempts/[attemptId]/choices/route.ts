import { choiceBody } from '@/server/training/schemas';
import { ownAttempt, submitChoice } from '@/server/training/attempts';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * Records one choice. 200 when applied (or already applied: a retry), 409 with the attempt's
 * current state when the choice does not fit where the attempt stands. An assessment's reply says
 * only what the customer says next (a sealed reply).
 */
export const POST = route.post(
  {
    access: 'signed-in',
    params: ['attemptId'],
    body: choiceBody,
    // Someone else's attempt is 404 whatever the body says.
    find: async ({ actor, params }) => ownAttempt((await database()).db, params.attemptId, actor.id),
  },
  async ({ actor, params: { attemptId }, body: { seq, event, option, typed }, found: seen }) => {
    const { db } = await database();
    const reply = await submitChoice(db, { attemptId, userId: actor.id, seq, event, option, typed, seen });
    return Response.json(reply, { status: reply.status === 'conflict' ? 409 : 200, headers: { 'Cache-Control': 'no-store' } });
  },
);
