import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { settings } from '@/server/config';
import { database } from '@/server/db';
import { handle } from '@/server/http';
import { exportFilterFrom, statementStream } from '@/server/xapi';

/**
 * The xAPI statements of every attempt started in a date range (the organisation's calendar days),
 * optionally of one person, as a JSON download written while it is read (HR and admins).
 */
export async function GET(request: Request) {
  return handle(async () => {
    await requireApiRole(ROLES_THAT.seeResults);
    const filter = exportFilterFrom(new URL(request.url).searchParams, settings().timeZone);
    const { db } = await database();
    const name = ['frontline-xapi', filter.from ?? 'start', 'to', filter.to ?? 'now', ...(filter.userId ? [filter.userId] : [])].join('-');
    return new Response(statementStream(db, filter), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  });
}
