import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { moduleBody } from '@/server/onboarding/schemas';
import { createModule } from '@/server/onboarding/modules';
import { requestAddress } from '@/server/people/audit';

/** Creates a module as its version 1; answers 201 with the module. */
export const POST = route.post({ access: ROLES_THAT.manageModules, body: moduleBody }, async ({ request, actor, body }) => {
  const { db } = await database();
  const created = await createModule(db, actor, body, new Date(), requestAddress(request.headers));
  return Response.json({ module: created }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
