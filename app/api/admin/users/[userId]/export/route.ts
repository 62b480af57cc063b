import { recordAudit, requestAddress } from '@/server/people/audit';
import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { handle } from '@/server/platform/http';
import { exportPerson } from '@/server/people/privacy';

/**
 * Everything held about one person, as a JSON download (admins). Reading changes no record; the
 * export itself is audited, since it hands a person's data to someone.
 */
export async function GET(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  return handle(async () => {
    const actor = await requireApiRole(ROLES_THAT.administer);
    const { userId } = await params;
    const { db } = await database();
    const document = await exportPerson(db, userId);
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
}
