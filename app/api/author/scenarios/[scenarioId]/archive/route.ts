import { requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { readDraft, setArchived } from '@/server/studio/authoring';
import { archiveBody } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

/** Hides a scenario from the library, keeping its records, or brings it back. */
export async function POST(request: Request, { params }: { params: Promise<{ scenarioId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.author);
    const { scenarioId } = await params;
    const { db } = await database();
    await readDraft(db, actor, scenarioId);
    const { archived } = await readBody(request, archiveBody);
    return Response.json(await setArchived(db, actor, scenarioId, archived, { address: requestAddress(request.headers) }), { headers: { 'Cache-Control': 'no-store' } });
  });
}
