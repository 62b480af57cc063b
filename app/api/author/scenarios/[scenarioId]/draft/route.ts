import { requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { readDraft, saveDraft } from '@/server/studio/authoring';
import { saveDraftBody, STUDIO_BODY_LIMIT } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { HttpError } from '@/server/platform/errors';
import { assertSameOrigin, handle, readBody } from '@/server/platform/http';

type Params = { params: Promise<{ scenarioId: string }> };

export async function GET(_request: Request, { params }: Params) {
  return handle(async () => {
    const actor = await requireApiRole(ROLES_THAT.author);
    const { db } = await database();
    return Response.json(await readDraft(db, actor, (await params).scenarioId), { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** Saves the draft as a new revision; a save made on an older revision is kept as a conflict copy and refused with 409. */
export async function PUT(request: Request, { params }: Params) {
  return handle(async () => {
    assertSameOrigin(request);
    const actor = await requireApiRole(ROLES_THAT.author);
    const { scenarioId } = await params;
    const { db } = await database();
    // The scenario must exist and be editable before the body is read.
    await readDraft(db, actor, scenarioId);
    const input = await readBody(request, saveDraftBody, STUDIO_BODY_LIMIT);
    const outcome = await saveDraft(db, actor, scenarioId, input, { address: requestAddress(request.headers) });
    if (outcome.status === 'conflict') {
      throw new HttpError(
        409,
        'draft-conflict',
        `${outcome.current.updatedBy} saved a newer revision (${outcome.current.revision}) while you were editing. Your edits were kept as revision ${outcome.keptAs}; nothing was overwritten.`,
        { keptAs: outcome.keptAs, current: outcome.current },
      );
    }
    return Response.json(outcome, { headers: { 'Cache-Control': 'no-store' } });
  });
}
