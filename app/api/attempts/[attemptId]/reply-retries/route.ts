import { replyRetryBody } from '@/server/training/schemas';
import { ownAttempt, retryLastReply } from '@/server/training/attempts';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * Takes back the reply just given in a coaching attempt, to answer that decision again (decision
 * 042). 200 with where the attempt stands now; 409 saying why when it cannot be: an assessment, an
 * ended attempt, an older decision, or one already tried again.
 */
export const POST = route.post(
  {
    access: 'signed-in',
    params: ['attemptId'],
    body: replyRetryBody,
    // Someone else's attempt is 404 whatever the body says.
    find: async ({ actor, params }) => ownAttempt((await database()).db, params.attemptId, actor.id),
  },
  async ({ actor, params: { attemptId }, body: { seq } }) => {
    const { db } = await database();
    const reply = await retryLastReply(db, { attemptId, userId: actor.id, seq });
    return Response.json(reply, { headers: { 'Cache-Control': 'no-store' } });
  },
);
