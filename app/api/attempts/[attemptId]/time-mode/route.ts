import { timeModeBody } from '@/server/training/schemas';
import { ownAttempt, setAttemptTimeMode } from '@/server/training/attempts';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { setTimeMode } from '@/server/auth/sign-in';

/** Changes time limits for this attempt (recorded on it) and as the trainee's default. */
export const POST = route.post(
  {
    access: 'signed-in',
    params: ['attemptId'],
    body: timeModeBody,
    // Someone else's attempt is 404 whatever the body says.
    find: async ({ actor, params }) => ownAttempt((await database()).db, params.attemptId, actor.id),
  },
  async ({ actor, params, body: { timeMode } }) => {
    const { db } = await database();
    const state = await setAttemptTimeMode(db, params.attemptId, actor.id, timeMode);
    await setTimeMode(db, actor.id, timeMode);
    return Response.json({ state }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
