import { ROLES_THAT } from '@/server/auth/access';
import { publishDraft, readDraft } from '@/server/studio/authoring';
import { publishBody } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/** Publishes the named draft revision as the next version, when it passes the checker. */
export const POST = route.post(
  {
    access: ROLES_THAT.author,
    params: ['scenarioId'],
    body: publishBody,
    find: async ({ actor, params }) => readDraft((await database()).db, actor, params.scenarioId),
  },
  async ({ actor, params, body }) => {
    const { db } = await database();
    const published = await publishDraft(db, actor, params.scenarioId, body);
    return Response.json(published, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  },
);
