export const dynamic = 'force-dynamic';

/**
 * Liveness: the process answers HTTP, without touching the database (that is /api/health, for
 * readiness). A load balancer restarts an instance that stops answering here, not one whose
 * database is away. The benchmarks also use it as the bare route a request cannot be cheaper than.
 */
export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
