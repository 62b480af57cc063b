import { route } from '@/server/platform/route';

export const dynamic = 'force-dynamic';

/**
 * Liveness: the process answers HTTP, without touching the database (that is /api/health, for
 * readiness). A load balancer restarts an instance that stops answering here, not one whose
 * database is away. The benchmarks also use it as the bare route a request cannot be cheaper than.
 */
export const GET = route.get({ access: 'public' }, () => Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } }));
