import { ROLES_THAT } from '@/server/auth/access';
import { readRevision, setRevisionNote } from '@/server/studio/authoring';
import { positiveNumber, revisionNoteBody } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { RecordNotFoundError } from '@/server/platform/errors';
import { route } from '@/server/platform/route';

/** A revision's number from the URL; anything else names no revision. */
function revisionNumber(segment: string): number {
  const number = positiveNumber(segment);
  if (number === null) throw new RecordNotFoundError('revision');
  return number;
}

export const GET = route.get({ access: ROLES_THAT.author, params: ['scenarioId', 'revision'] }, async ({ actor, params: { scenarioId, revision } }) => {
  const { db } = await database();
  return Response.json(await readRevision(db, actor, scenarioId, revisionNumber(revision)), { headers: { 'Cache-Control': 'no-store' } });
});

/** Writes what the revision's note says (an empty note clears it). */
export const PATCH = route.patch(
  {
    access: ROLES_THAT.author,
    params: ['scenarioId', 'revision'],
    body: revisionNoteBody,
    find: async ({ actor, params }) => {
      const number = revisionNumber(params.revision);
      const { db } = await database();
      await readRevision(db, actor, params.scenarioId, number);
      return number;
    },
  },
  async ({ actor, params, body, found: revision }) => {
    const { db } = await database();
    return Response.json(await setRevisionNote(db, actor, params.scenarioId, revision, body), { headers: { 'Cache-Control': 'no-store' } });
  },
);
