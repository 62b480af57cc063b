import { database } from '@/server/db';
import { isDatabaseUnavailable, ping } from '@/server/db/client';
import { route } from '@/server/platform/route';
import { countPlayableScenarios } from '@/server/training/library';

export const dynamic = 'force-dynamic';

/** Readiness: the database answers and the library can be read. Its own answer on failure, for probes, not the API's error shape. */
export const GET = route.get({ access: 'public' }, async () => {
  try {
    const { db, kind } = await database();
    await ping(db);
    const scenarios = await countPlayableScenarios(db);
    return Response.json({ status: 'ok', database: kind, scenarios }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    // During an outage every probe fails the same way: one line each, not a stack.
    if (isDatabaseUnavailable(error)) console.error(`Frontline: health check: the database is unavailable (${error instanceof Error ? error.message : String(error)})`);
    else console.error(error);
    return Response.json({ status: 'error', message: 'The database is not reachable.' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
});
