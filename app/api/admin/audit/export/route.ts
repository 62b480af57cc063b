import { ROLES_THAT } from '@/server/auth/access';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { settings } from '@/server/platform/settings';
import { recordAudit, requestAddress } from '@/server/people/audit';
import { auditCsvFileName, auditCsvStream } from '@/server/people/audit-export';
import { readAuditQuery } from '@/server/people/audit-search';
import { dateIn } from '@/lib/dates';

/**
 * The audit log as CSV, with the query string of the audit page (admins). Filters that cannot be
 * used are left out, as on the page. The export is itself audited: it hands people's records on.
 */
export const GET = route.get({ access: ROLES_THAT.administer }, async ({ request, actor }) => {
  const search = new URL(request.url).searchParams;
  const params = Object.fromEntries([...new Set(search.keys())].map((key) => [key, search.getAll(key)]));
  const { filters, form } = readAuditQuery(params);
  const { db } = await database();
  await recordAudit(db, {
    action: 'records-exported',
    actorId: actor.id,
    subject: 'audit-log.csv',
    details: { format: 'csv', actions: form.actions, actor: form.actor, person: form.person, text: form.text, from: form.from, to: form.to },
    address: requestAddress(request.headers),
  });
  return new Response(auditCsvStream(db, filters), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${auditCsvFileName(dateIn(settings().timeZone, new Date()))}"`,
      'Cache-Control': 'no-store',
    },
  });
});
