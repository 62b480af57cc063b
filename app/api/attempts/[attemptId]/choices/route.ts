import { choiceBody } from '@/server/training/schemas';
import { ownAttempt, submitChoice } from '@/server/training/attempts';
import { requireApiUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

/**
 * Records one choice. 200 when applied (or already applied: a retry), 409 with the attempt's
 * current state when the choice does not fit where the attempt stands. An assessment's reply says
 * only what the customer says next (a sealed reply).
 */
export async function POST(request: Request, { params }: { params: Promise<{ attemptId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { attemptId } = await params;
    const { db } = await database();
    // Someone else's attempt is 404 whatever the body says.
    const seen = await ownAttempt(db, attemptId, user.id);
    const { seq, event, option } = await readBody(request, choiceBody);
    const reply = await submitChoice(db, { attemptId, userId: user.id, seq, event, option, seen });
    return Response.json(reply, { status: reply.status === 'conflict' ? 409 : 200, headers: { 'Cache-Control': 'no-store' } });
  });
}
