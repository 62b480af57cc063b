import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { readRevision, restoreRevision } from '@/server/studio/authoring';
import { positiveNumber, restoreBody } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { HttpError, RecordNotFoundError } from '@/server/platform/errors';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

/** Makes an earlier revision the draft again, as a new revision, if the editor holds the current one. */
export async function POST(request: Request, { params }: { params: Promise<{ scenarioId: string; revision: string }> }) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.author);
    const { scenarioId, revision } = await params;
    const number = positiveNumber(revision);
    if (number === null) throw new RecordNotFoundError('revision');
    const { db } = await database();
    await readRevision(db, actor, scenarioId, number);
    const { baseRevision } = await readBody(request, restoreBody);
    const outcome = await restoreRevision(db, actor, scenarioId, number, { baseRevision });
    if (outcome.status === 'conflict') {
      throw new HttpError(
        409,
        'draft-conflict',
        `${outcome.current.updatedBy} saved a newer revision (${outcome.current.revision}) before the restore. The restored content was kept as revision ${outcome.keptAs}.`,
        { keptAs: outcome.keptAs, current: outcome.current },
      );
    }
    return Response.json(outcome, { headers: { 'Cache-Control': 'no-store' } });
  });
}
