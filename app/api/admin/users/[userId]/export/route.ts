import { recordAudit, requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { exportPerson } from '@/server/people/privacy';

/**
 * Everything held about one person, as a JSON download (admins). Reading changes no record; the
 * export itself is audited, since it hands a person's data to someone.
 */
export const GET = route.get({ access: ROLES_THAT.administer, params: ['userId'] }, async ({ request, actor, params }) => {
  const { db } = await database();
  const document = await exportPerson(db, params.userId);
  await recordAudit(db, {
    action: 'person-exported',
    actorId: actor.id,
    targetUserId: document.person.id,
    address: requestAddress(request.headers),
  });
  const filename = `frontline-person-${document.person.id}-${document.exportedAt.slice(0, 10)}.json`;
  return new Response(`${JSON.stringify(document, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
});
