import { requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { readDraft, saveDraft } from '@/server/studio/authoring';
import { saveDraftBody, STUDIO_BODY_LIMIT } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { HttpError } from '@/server/platform/errors';
import { route } from '@/server/platform/route';

export const GET = route.get({ access: ROLES_THAT.author, params: ['scenarioId'] }, async ({ actor, params }) => {
  const { db } = await database();
  return Response.json(await readDraft(db, actor, params.scenarioId), { headers: { 'Cache-Control': 'no-store' } });
});

/** Saves the draft as a new revision; a save made on an older revision is kept as a conflict copy and refused with 409. */
export const PUT = route.put(
  {
    access: ROLES_THAT.author,
    params: ['scenarioId'],
    body: saveDraftBody,
    maxBytes: STUDIO_BODY_LIMIT,
    // The scenario must exist and be editable before the body is read.
    find: async ({ actor, params }) => readDraft((await database()).db, actor, params.scenarioId),
  },
  async ({ request, actor, params, body }) => {
    const { db } = await database();
    const outcome = await saveDraft(db, actor, params.scenarioId, body, { address: requestAddress(request.headers) });
    if (outcome.status === 'conflict') {
      throw new HttpError(
        409,
        'draft-conflict',
        `${outcome.current.updatedBy} saved a newer revision (${outcome.current.revision}) while you were editing. Your edits were kept as revision ${outcome.keptAs}; nothing was overwritten.`,
        { keptAs: outcome.keptAs, current: outcome.current },
      );
    }
    return Response.json(outcome, { headers: { 'Cache-Control': 'no-store' } });
  },
);
