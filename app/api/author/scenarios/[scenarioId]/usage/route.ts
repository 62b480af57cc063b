import { ROLES_THAT } from '@/server/auth/access';
import { settings } from '@/server/platform/config';
import { database } from '@/server/db';
import { route } from '@/server/platform/route';
import { readUsageQuery, scenarioUsage } from '@/server/studio/analytics';

/** How trainees did on a published version: attempts, pass rate, per principle, per state and choice. */
export const GET = route.get({ access: ROLES_THAT.author, params: ['scenarioId'] }, async ({ request, actor, params }) => {
  const query = readUsageQuery(new URL(request.url).searchParams);
  const { db } = await database();
  const usage = await scenarioUsage(db, actor, params.scenarioId, { ...query, timeZone: settings().timeZone });
  return Response.json(usage, { headers: { 'Cache-Control': 'no-store' } });
});
