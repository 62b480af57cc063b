import { database } from '@/server/db';
import { ping } from '@/server/db/client';
import { countPlayableScenarios } from '@/server/scenario-library';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const { db, kind } = await database();
    await ping(db);
    const scenarios = await countPlayableScenarios(db);
    return Response.json({ status: 'ok', database: kind, scenarios }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    console.error(error);
    return Response.json({ status: 'error', message: 'The database is not reachable.' }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
