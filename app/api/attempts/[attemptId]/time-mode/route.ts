import { timeModeBody } from '@/server/training/schemas';
import { ownAttempt, setAttemptTimeMode } from '@/server/training/attempts';
import { requireApiUser } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';
import { setTimeMode } from '@/server/auth/sign-in';

/** Changes time limits for this attempt (recorded on it) and as the trainee's default. */
export async function POST(request: Request, { params }: { params: Promise<{ attemptId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const user = await requireApiUser();
    const { attemptId } = await params;
    const { db } = await database();
    // Someone else's attempt is 404 whatever the body says.
    await ownAttempt(db, attemptId, user.id);
    const { timeMode } = await readBody(request, timeModeBody);
    const state = await setAttemptTimeMode(db, attemptId, user.id, timeMode);
    await setTimeMode(db, user.id, timeMode);
    return Response.json({ state }, { headers: { 'Cache-Control': 'no-store' } });
  });
}
