import { ROLES_THAT } from '@/server/auth/access';
import { listRevisions } from '@/server/studio/authoring';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

export const GET = route.get({ access: ROLES_THAT.author, params: ['scenarioId'] }, async ({ actor, params }) => {
  const { db } = await database();
  return Response.json({ revisions: await listRevisions(db, actor, params.scenarioId) }, { headers: { 'Cache-Control': 'no-store' } });
});
