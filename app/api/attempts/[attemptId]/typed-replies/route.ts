import { typedReplyBody } from '@/server/training/schemas';
import { ownAttempt } from '@/server/training/attempts';
import { understandTypedReply } from '@/server/training/typed-replies';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * Understands a reply typed in the trainee's own words at the attempt's current decision: 200 with
 * the reply understood (to confirm) or the customer's request to put it another way; 409 when the
 * attempt has moved on or the scenario takes chosen replies. Nothing is chosen here: the trainee
 * confirms by sending the choice with the same words.
 */
export const POST = route.post(
  {
    access: 'signed-in',
    params: ['attemptId'],
    body: typedReplyBody,
    find: async ({ actor, params }) => ownAttempt((await database()).db, params.attemptId, actor.id),
  },
  async ({ actor, params: { attemptId }, body: { seq, text } }) => {
    const { db } = await database();
    const answer = await understandTypedReply(db, { attemptId, userId: actor.id, seq, text });
    return Response.json(answer, { status: answer.status === 'conflict' ? 409 : 200, headers: { 'Cache-Control': 'no-store' } });
  },
);
