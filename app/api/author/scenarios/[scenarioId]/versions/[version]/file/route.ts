import { ROLES_THAT } from '@/server/auth/access';
import { versionFile } from '@/server/studio/authoring';
import { positiveNumber } from '@/server/studio/schemas';
import { database } from '@/server/db';
import { RecordNotFoundError } from '@/server/platform/errors';
import { route } from '@/server/platform/route';

/** A published version as a file for scenarios/ in git. */
export const GET = route.get({ access: ROLES_THAT.author, params: ['scenarioId', 'version'] }, async ({ actor, params: { scenarioId, version } }) => {
  const number = positiveNumber(version);
  if (number === null) throw new RecordNotFoundError('version of that scenario');
  const { db } = await database();
  const file = await versionFile(db, actor, scenarioId, number);
  return new Response(file.text, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
    },
  });
});
