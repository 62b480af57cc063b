import { ROLES_THAT } from '@/server/auth/access';
import { readRevision, restoreRevision } from '@/server/studio/authoring';
import { positiveNumber, restoreBody } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { HttpError, RecordNotFoundError } from '@/server/platform/errors';
import { route } from '@/server/platform/route';

/** Makes an earlier revision the draft again, as a new revision, if the editor holds the current one. */
export const POST = route.post(
  {
    access: ROLES_THAT.author,
    params: ['scenarioId', 'revision'],
    body: restoreBody,
    /** The revision's number, once it is known to exist. */
    find: async ({ actor, params }) => {
      const number = positiveNumber(params.revision);
      if (number === null) throw new RecordNotFoundError('revision');
      const { db } = await database();
      await readRevision(db, actor, params.scenarioId, number);
      return number;
    },
  },
  async ({ actor, params, body, found: revision }) => {
    const { db } = await database();
    const outcome = await restoreRevision(db, actor, params.scenarioId, revision, body);
    if (outcome.status === 'conflict') {
      throw new HttpError(
        409,
        'draft-conflict',
        `${outcome.current.updatedBy} saved a newer revision (${outcome.current.revision}) before the restore. The restored content was kept as revision ${outcome.keptAs}.`,
        { keptAs: outcome.keptAs, current: outcome.current },
      );
    }
    return Response.json(outcome, { headers: { 'Cache-Control': 'no-store' } });
  },
);
