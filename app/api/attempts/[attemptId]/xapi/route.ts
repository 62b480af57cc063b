import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { readableAttemptStatements } from '@/server/xapi/statements';

/**
 * An attempt's xAPI statements as a JSON download: for its owner and the roles that see results;
 * to anyone else the attempt does not exist (404).
 */
export const GET = route.get({ access: 'signed-in', params: ['attemptId'] }, async ({ actor, params: { attemptId } }) => {
  const { db } = await database();
  // readableAttempt has checked the id is a UUID, so it is safe in the file name.
  const statements = await readableAttemptStatements(db, attemptId, actor);
  return new Response(`${JSON.stringify({ statements }, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="frontline-xapi-attempt-${attemptId.toLowerCase()}.json"`,
      'Cache-Control': 'no-store',
    },
  });
});
