import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';
import { moduleBody } from '@/server/onboarding/schemas';
import { createModule } from '@/server/onboarding/modules';

/** Creates a module as its version 1; answers 201 with the module. */
export async function POST(request: Request) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.manageModules);
    const input = await readBody(request, moduleBody);
    const { db } = await database();
    const created = await createModule(db, actor, input);
    return Response.json({ module: created }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}
