import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { readRevision } from '@/server/studio/authoring';
import { positiveNumber } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { RecordNotFoundError } from '@/server/platform/errors';
import { handle } from '@/server/platform/http';

export async function GET(_request: Request, { params }: { params: Promise<{ scenarioId: string; revision: string }> }) {
  return handle(async () => {
    const actor = await requireApiRole(ROLES_THAT.author);
    const { scenarioId, revision } = await params;
    const number = positiveNumber(revision);
    if (number === null) throw new RecordNotFoundError('revision');
    const { db } = await database();
    return Response.json(await readRevision(db, actor, scenarioId, number), { headers: { 'Cache-Control': 'no-store' } });
  });
}
