import { ROLES_THAT } from '@/server/auth/access';
import { readRevision } from '@/server/studio/authoring';
import { positiveNumber } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { RecordNotFoundError } from '@/server/platform/errors';
import { route } from '@/server/platform/route';

export const GET = route.get({ access: ROLES_THAT.author, params: ['scenarioId', 'revision'] }, async ({ actor, params: { scenarioId, revision } }) => {
  const number = positiveNumber(revision);
  if (number === null) throw new RecordNotFoundError('revision');
  const { db } = await database();
  return Response.json(await readRevision(db, actor, scenarioId, number), { headers: { 'Cache-Control': 'no-store' } });
});
