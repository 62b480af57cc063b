import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { publishDraft, readDraft } from '@/server/studio/authoring';
import { publishBody } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

/** Publishes the named draft revision as the next version, when it passes the checker. */
export async function POST(request: Request, { params }: { params: Promise<{ scenarioId: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.author);
    const { scenarioId } = await params;
    const { db } = await database();
    await readDraft(db, actor, scenarioId);
    const input = await readBody(request, publishBody);
    const published = await publishDraft(db, actor, scenarioId, input);
    return Response.json(published, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}
