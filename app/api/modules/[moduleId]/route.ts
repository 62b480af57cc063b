import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { moduleBody } from '@/server/onboarding/schemas';
import { moduleDetail, updateModule } from '@/server/onboarding/modules';
import { requestAddress } from '@/server/people/audit';

/** Saves an edit as the module's next version; people already assigned keep the version they have. */
export const PUT = route.put(
  {
    access: ROLES_THAT.manageModules,
    params: ['moduleId'],
    body: moduleBody,
    // A module that does not exist is a 404 whatever the body says.
    find: async ({ actor, params }) => moduleDetail((await database()).db, actor, params.moduleId),
  },
  async ({ request, actor, params, body }) => {
    const { db } = await database();
    const updated = await updateModule(db, actor, params.moduleId, body, new Date(), requestAddress(request.headers));
    return Response.json({ module: updated }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
