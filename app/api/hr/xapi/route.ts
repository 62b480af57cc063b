import { recordAudit, requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { settings } from '@/server/platform/config';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { exportFilterFrom, statementStream } from '@/server/xapi/statements';

/**
 * The xAPI statements of every attempt started in a date range (the organisation's calendar days),
 * optionally of one person, as a JSON download written while it is read (HR and admins). Audited,
 * like the CSV export: it hands many people's records to someone.
 */
export const GET = route.get({ access: ROLES_THAT.seeResults }, async ({ request, actor }) => {
  const filter = exportFilterFrom(new URL(request.url).searchParams, settings().timeZone);
  const { db } = await database();
  await recordAudit(db, {
    action: 'records-exported',
    actorId: actor.id,
    subject: 'xapi.json',
    // The person asked for goes in the details: an id that names nobody is still a valid request.
    details: { format: 'xapi', from: filter.from ?? null, to: filter.to ?? null, userId: filter.userId ?? null },
    address: requestAddress(request.headers),
  });
  const name = ['frontline-xapi', filter.from ?? 'start', 'to', filter.to ?? 'now', ...(filter.userId ? [filter.userId] : [])].join('-');
  return new Response(statementStream(db, filter), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.json"`,
      'Cache-Control': 'no-store',
    },
  });
});
