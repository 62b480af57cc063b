import { requireApiRole, ROLES_THAT } from '@/server/auth/access';
import { settings } from '@/server/platform/config';
import { database } from '@/server/db';
import { handle } from '@/server/platform/http';
import { readUsageQuery, scenarioUsage } from '@/server/studio/analytics';

/** How trainees did on a published version: attempts, pass rate, per principle, per state and choice. */
export async function GET(request: Request, { params }: { params: Promise<{ scenarioId: string }> }) {
  return handle(async () => {
    const actor = await requireApiRole(ROLES_THAT.author);
    const { scenarioId } = await params;
    const query = readUsageQuery(new URL(request.url).searchParams);
    const { db } = await database();
    const usage = await scenarioUsage(db, actor, scenarioId, { ...query, timeZone: settings().timeZone });
    return Response.json(usage, { headers: { 'Cache-Control': 'no-store' } });
  });
}
