import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';
import { moduleBody } from '@/server/onboarding/schemas';
import { moduleDetail, updateModule } from '@/server/onboarding/modules';

/** Saves an edit as the module's next version; people already assigned keep the version they have. */
export async function PUT(request: Request, { params }: { params: Promise<{ moduleId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.manageModules);
    const { moduleId } = await params;
    const { db } = await database();
    // A module that does not exist is a 404 whatever the body says.
    await moduleDetail(db, actor, moduleId);
    const input = await readBody(request, moduleBody);
    const updated = await updateModule(db, actor, moduleId, input);
    return Response.json({ module: updated }, { headers: { 'Cache-Control': 'no-store' } });
  });
}
