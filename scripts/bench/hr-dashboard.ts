/**
 * HR dashboard at scale: seeds 10,000 trainees with about 200,000 attempts (quick: 1,000 and
 * 20,000) by the demo-data seeder, then times each dashboard query, and the /hr page's time to
 * first byte from a production server signed in as HR, on PGlite and on a throwaway PostgreSQL.
 */
import type { DatabaseHandle } from '@/server/db/client';
import { seedDemoData } from '@/server/demo/data';
import { DEMO_PASSWORD } from '@/server/demo/accounts';
import { assignmentTable, dashboardSummary, NO_FILTERS, principleHeatmap, weeklyCompletions, type DashboardFilters, type TableQuery } from '@/server/reporting/dashboard';
import { settingsFromEnv } from '@/server/platform/settings';
import { cookieHeader, figureOf, signIn, startProductionServer, timeRuns, watchMemory, type Benchmark, type BenchContext, type Figure } from './lib';
import { placeFor, type Place } from './places';

const QUERY_TARGET_MS = { pglite: 100, postgres: 50 } as const;
/** "A few minutes" for the full seed. */
const SEED_TARGET_S = 300;

const TEAM = 'Billing';

function queryCases(pages: { byName: number; byScore: number }): { name: string; run: (db: DatabaseHandle['db'], now: Date, zone: string) => Promise<unknown> }[] {
  const team: DashboardFilters = { ...NO_FILTERS, team: TEAM };
  const overdue: DashboardFilters = { ...NO_FILTERS, status: 'overdue' };
  const criticalFailures: DashboardFilters = { ...NO_FILTERS, failedByCriticalError: true };
  const byName = (page: number): TableQuery => ({ sort: 'name', direction: 'asc', page, pageSize: 50 });
  const byScore = (page: number): TableQuery => ({ sort: 'score', direction: 'desc', page, pageSize: 50 });
  return [
    { name: 'summary', run: (db, now, zone) => dashboardSummary(db, NO_FILTERS, now, zone) },
    { name: `summary, team ${TEAM}`, run: (db, now, zone) => dashboardSummary(db, team, now, zone) },
    { name: 'weekly completions', run: (db, now, zone) => weeklyCompletions(db, NO_FILTERS, now, zone) },
    { name: `weekly completions, team ${TEAM}`, run: (db, now, zone) => weeklyCompletions(db, team, now, zone) },
    { name: 'table by name, page 1', run: (db, now, zone) => assignmentTable(db, NO_FILTERS, byName(1), now, zone) },
    { name: `table by name, last page (${pages.byName})`, run: (db, now, zone) => assignmentTable(db, NO_FILTERS, byName(pages.byName), now, zone) },
    { name: 'table by score, page 1', run: (db, now, zone) => assignmentTable(db, NO_FILTERS, byScore(1), now, zone) },
    { name: `table by score, last page (${pages.byScore})`, run: (db, now, zone) => assignmentTable(db, NO_FILTERS, byScore(pages.byScore), now, zone) },
    { name: `table, team ${TEAM}, page 1`, run: (db, now, zone) => assignmentTable(db, team, byName(1), now, zone) },
    { name: 'table, overdue, page 1', run: (db, now, zone) => assignmentTable(db, overdue, byName(1), now, zone) },
    { name: 'summary, failed by a critical error', run: (db, now, zone) => dashboardSummary(db, criticalFailures, now, zone) },
    { name: 'table, failed by a critical error, page 1', run: (db, now, zone) => assignmentTable(db, criticalFailures, byName(1), now, zone) },
    { name: 'principle heatmap', run: (db) => principleHeatmap(db, NO_FILTERS) },
    { name: `principle heatmap, team ${TEAM}`, run: (db) => principleHeatmap(db, team) },
  ];
}

async function measurePage(context: BenchContext, place: Place, runs: number, record: (figure: Figure) => void): Promise<void> {
  const server = await startProductionServer(context, place.backend, place.serverEnv);
  const { base } = server;
  const memory = watchMemory(server.pid);
  try {
    const cookie = cookieHeader(await signIn(base, 'hr@frontline.test', DEMO_PASSWORD, '/hr'));
    for (const [name, url] of [
      ['/hr page', '/hr'],
      [`/hr page, team ${TEAM}, overdue`, `/hr?team=${encodeURIComponent(TEAM)}&status=overdue`],
    ] as const) {
      const firstByte: number[] = [];
      const whole: number[] = [];
      const fetchPage = async () => {
        const began = performance.now();
        const response = await fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' });
        const headersAt = performance.now();
        const body = await response.text();
        if (response.status !== 200 || !body.includes('Training dashboard')) throw new Error(`GET ${url}: HTTP ${response.status}, not the dashboard`);
        return { ttfb: headersAt - began, total: performance.now() - began };
      };
      for (let i = 0; i < 2; i++) await fetchPage();
      for (let i = 0; i < runs; i++) {
        const { ttfb, total } = await fetchPage();
        firstByte.push(ttfb);
        whole.push(total);
      }
      const common = { benchmark: 'hr-dashboard', backend: place.backend, unit: 'ms' as const, target: null };
      record(
        figureOf(
          { ...common, name: `${name}: time to first byte` },
          firstByte.sort((a, b) => a - b),
        ),
      );
      record(
        figureOf(
          { ...common, name: `${name}: whole page` },
          whole.sort((a, b) => a - b),
        ),
      );
    }
    memory.stop();
    record({
      benchmark: 'hr-dashboard',
      backend: place.backend,
      name: 'peak server memory while serving the dashboard',
      unit: 'bytes',
      median: memory.peakBytes,
      p95: null,
      runs: 1,
      target: null,
      pass: null,
    });
  } finally {
    memory.stop();
    await server.stop();
  }
}

export const hrDashboard: Benchmark = {
  name: 'hr-dashboard',
  description: 'HR dashboard queries and the /hr page over seeded demo data (10,000 trainees, ~200,000 attempts; quick: 500)',
  async run(context, record) {
    const trainees = context.quick ? 500 : 10_000;
    const runs = context.quick ? 5 : 15;
    const { timeZone } = settingsFromEnv(process.env);
    for (const backend of ['pglite', 'postgres'] as const) {
      const place = await placeFor(backend);
      if (place.serverVersion) context.versions.postgres = place.serverVersion;
      try {
        const handle = await place.open();
        try {
          context.log(`${backend}: seeding ${trainees.toLocaleString('en')} trainees…`);
          const summary = await seedDemoData(handle.db, {
            trainees,
            seed: 'bench',
            timeZone,
            onProgress: (m) => (m.startsWith('Attempts') ? undefined : context.log(`${backend}: ${m}`)),
          });
          context.log(
            `${backend}: ${summary.attempts.toLocaleString('en')} attempts, ${summary.events.toLocaleString('en')} choices, ${summary.assignments.toLocaleString('en')} assignments`,
          );
          record({
            benchmark: 'hr-dashboard',
            backend,
            name: `seed ${trainees.toLocaleString('en')} trainees, ${summary.attempts.toLocaleString('en')} attempts`,
            unit: 's',
            median: summary.seconds,
            p95: null,
            runs: 1,
            target: context.quick ? null : { op: '<=', value: SEED_TARGET_S, on: 'value' },
            pass: context.quick ? null : summary.seconds <= SEED_TARGET_S,
          });
          const now = new Date();
          const first = await assignmentTable(handle.db, NO_FILTERS, { sort: 'name', direction: 'asc', page: 1, pageSize: 50 }, now, timeZone);
          const last = Math.max(1, Math.ceil(first.total / 50));
          for (const query of queryCases({ byName: last, byScore: last })) {
            const samples = await timeRuns(runs, () => query.run(handle.db, now, timeZone));
            record(figureOf({ benchmark: 'hr-dashboard', backend, name: query.name, unit: 'ms', target: { op: '<=', value: QUERY_TARGET_MS[backend], on: 'median' } }, samples));
          }
        } finally {
          await handle.close();
        }
        await measurePage(context, place, runs, record);
      } finally {
        await place.dispose();
      }
    }
  },
};
