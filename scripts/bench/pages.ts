/**
 * Pages as Lighthouse sees them: each signed-in page's performance score, total blocking time and
 * layout shift (Lighthouse's mobile preset: simulated slow 4G and a CPU slowed 4×), against a bare
 * Next.js page of the same versions built and measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { DEMO_PASSWORD } from '@/server/demo/accounts';
import { launchOptions } from '../../playwright.config';
import { cookieHeader, figureOf, signIn, startProductionServer, type Benchmark, type BenchContext, type Figure, startAttemptAs } from './lib';
import { startBarePage, type BarePage } from './player-weight';

/** Issue 12: every page ≥ 95, or at most 3 below the bare page where that is lower. */
const SCORE_TARGET = 95;
const BELOW_BARE_ALLOWED = 3;
/** Issue 12: the player's cumulative layout shift. */
const PLAYER_LAYOUT_SHIFT_TARGET = 0.05;
const SCENARIO = 'closing-well';

interface PageToMeasure {
  name: string;
  url: string;
  cookie: string | null;
}

interface Measured {
  score: number;
  totalBlockingMs: number;
  layoutShift: number;
  largestPaintMs: number;
}

async function measure(chrome: LaunchedChrome, page: PageToMeasure): Promise<Measured> {
  const result = await lighthouse(page.url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    ...(page.cookie ? { extraHeaders: { Cookie: page.cookie } } : {}),
  });
  const report = result?.lhr;
  if (!report) throw new Error(`Lighthouse gave no report for ${page.name}`);
  if (report.runtimeError) throw new Error(`Lighthouse could not measure ${page.name}: ${report.runtimeError.message}`);
  // A redirect to the sign-in page would measure the wrong page.
  if (new URL(report.finalDisplayedUrl).pathname !== new URL(page.url).pathname) throw new Error(`${page.name}: Lighthouse ended on ${report.finalDisplayedUrl}, not ${page.url}`);
  const audit = (id: string) => {
    const value = report.audits[id]?.numericValue;
    if (typeof value !== 'number') throw new Error(`${page.name}: Lighthouse reported no ${id}`);
    return value;
  };
  return {
    score: Math.round((report.categories.performance?.score ?? 0) * 100),
    totalBlockingMs: audit('total-blocking-time'),
    layoutShift: audit('cumulative-layout-shift'),
    largestPaintMs: audit('largest-contentful-paint'),
  };
}

async function pagesToMeasure(context: BenchContext, base: string): Promise<PageToMeasure[]> {
  const trainee = await signIn(base, 'trainee@frontline.test', DEMO_PASSWORD, '/');
  const hr = await signIn(base, 'hr@frontline.test', DEMO_PASSWORD, '/hr');
  const attemptId = await startAttemptAs(base, trainee, SCENARIO);
  context.log(`measuring the sign-in page, the library, the trainee's home, the player (/play/<attempt at ${SCENARIO}>) and HR's dashboard`);
  return [
    { name: 'sign-in page (/login)', url: `${base}/login`, cookie: null },
    { name: 'library (/scenarios)', url: `${base}/scenarios`, cookie: cookieHeader(trainee) },
    { name: "trainee's home (/)", url: `${base}/`, cookie: cookieHeader(trainee) },
    { name: 'player (/play/<attempt>)', url: `${base}/play/${attemptId}`, cookie: cookieHeader(trainee) },
    { name: "HR's dashboard (/hr)", url: `${base}/hr`, cookie: cookieHeader(hr) },
  ];
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

export const pages: Benchmark = {
  name: 'pages',
  description: "Lighthouse's performance score, total blocking time and layout shift of each signed-in page (mobile, CPU slowed 4×), against a bare Next.js page in the same run",
  async run(context, record) {
    const rounds = context.quick ? 1 : 3;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-bench-pages-'));
    let server: Awaited<ReturnType<typeof startProductionServer>> | null = null;
    let bare: BarePage | null = null;
    let chrome: LaunchedChrome | null = null;
    try {
      bare = await startBarePage(context);
      // HR's dashboard as a demo organisation sees it: the demo's default 300 trainees.
      server = await startProductionServer(context, 'pages', { FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '', FRONTLINE_DEMO_TRAINEES: '300' });
      const measured: PageToMeasure[] = [{ name: 'bare Next.js page', url: bare.url, cookie: null }, ...(await pagesToMeasure(context, server.base))];
      chrome = await launch({
        chromePath: launchOptions.executablePath,
        chromeFlags: ['--headless=new', '--no-sandbox', ...launchOptions.args],
        logLevel: 'error',
      });
      const runs = new Map<string, Measured[]>(measured.map((p) => [p.name, []]));
      // Pages take turns in each round, so a slower spell of the machine falls on all of them.
      for (let round = 1; round <= rounds; round++) {
        for (const page of measured) {
          const result = await measure(chrome, page);
          runs.get(page.name)!.push(result);
          context.log(
            `round ${round}/${rounds}: ${page.name}: score ${result.score}, blocking ${result.totalBlockingMs.toFixed(0)} ms, layout shift ${result.layoutShift.toFixed(3)}`,
          );
        }
      }

      const figure = (page: string, name: string, unit: Figure['unit'], of: (m: Measured) => number, target: Figure['target'] = null, note?: string) =>
        figureOf({ benchmark: 'pages', backend: null, name: `${page}: ${name}`, unit, target, note }, sorted(runs.get(page)!.map(of)));
      const bareScore = figureOf({ benchmark: 'pages', backend: null, name: '', unit: 'count', target: null }, sorted(runs.get('bare Next.js page')!.map((m) => m.score))).median;
      const scoreTarget = Math.min(SCORE_TARGET, bareScore - BELOW_BARE_ALLOWED);
      for (const page of measured) {
        const isBare = page.url === bare.url;
        record(
          figure(
            page.name,
            'Lighthouse performance score',
            'count',
            (m) => m.score,
            isBare ? null : { op: '>=', value: scoreTarget, on: 'median' },
            isBare
              ? 'a heading and a paragraph, next build + next start of the same Next.js and React'
              : `≥ ${SCORE_TARGET}, or at most ${BELOW_BARE_ALLOWED} below the bare page (${bareScore}) where that is lower`,
          ),
        );
        record(figure(page.name, 'total blocking time', 'ms', (m) => m.totalBlockingMs, null, 'for information: what makes most of the score'));
        const isPlayer = page.url.includes('/play/');
        record(
          figure(
            page.name,
            'cumulative layout shift',
            'number',
            (m) => m.layoutShift,
            isPlayer ? { op: '<=', value: PLAYER_LAYOUT_SHIFT_TARGET, on: 'median' } : null,
            isPlayer ? `the player's, at most ${PLAYER_LAYOUT_SHIFT_TARGET}` : 'for information',
          ),
        );
        record(figure(page.name, 'largest contentful paint', 'ms', (m) => m.largestPaintMs, null, 'for information'));
      }
    } finally {
      chrome?.kill();
      await server?.stop();
      await bare?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
