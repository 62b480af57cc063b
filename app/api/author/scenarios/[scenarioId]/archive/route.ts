import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { readDraft } from '@/server/studio/authoring';
import { setArchived } from '@/server/studio/archiving';
import { archiveBody } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';

/**
 * Hides a scenario from the library, keeping its records, or brings it back. A scenario that
 * modules use is archived only with `confirm: true`; without it the answer is 409 naming the
 * modules and the people holding them, and nothing changes.
 */
export const POST = route.post(
  {
    access: ROLES_THAT.author,
    params: ['scenarioId'],
    body: archiveBody,
    find: async ({ actor, params }) => readDraft((await database()).db, actor, params.scenarioId),
  },
  async ({ request, actor, params, body }) => {
    const { db } = await database();
    return Response.json(await setArchived(db, actor, params.scenarioId, body, { address: requestAddress(request.headers) }), { headers: { 'Cache-Control': 'no-store' } });
  },
);
