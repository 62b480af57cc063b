import { recordAudit, requestAddress } from '@/server/people/audit';
import { ROLES_THAT } from '@/server/auth/access';
import { settings } from '@/server/platform/config';
import { database } from '@/server/db';
import { readDashboardQuery } from '@/server/reporting/dashboard';
import { assignmentCsvStream, csvFileName } from '@/server/reporting/export';
import { route } from '@/server/platform/route';

/**
 * The dashboard's people × assignments table as CSV, with the dashboard's filters and order (HR and
 * admins). The export is audited: it hands many people's records to someone.
 */
export const GET = route.get({ access: ROLES_THAT.seeResults }, async ({ request, actor }) => {
  const { filters, table } = readDashboardQuery(new URL(request.url).searchParams);
  const { db } = await database();
  const now = new Date();
  const { timeZone } = settings();
  await recordAudit(db, {
    action: 'records-exported',
    actorId: actor.id,
    subject: 'assignments.csv',
    details: { format: 'csv', filters, sort: table.sort, direction: table.direction },
    address: requestAddress(request.headers),
  });
  return new Response(assignmentCsvStream(db, filters, table, now, timeZone), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${csvFileName(filters, now, timeZone)}"`,
      'Cache-Control': 'no-store',
    },
  });
});
