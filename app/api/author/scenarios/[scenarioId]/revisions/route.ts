import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { listRevisions } from '@/server/studio/authoring';
import { database } from '@/server/db';
import { handle } from '@/server/platform/http';

export async function GET(_request: Request, { params }: { params: Promise<{ scenarioId: string }> }) {
  return handle(async () => {
    const actor = await requireApiRole(ROLES_THAT.author);
    const { db } = await database();
    return Response.json({ revisions: await listRevisions(db, actor, (await params).scenarioId) }, { headers: { 'Cache-Control': 'no-store' } });
  });
}
