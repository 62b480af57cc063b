/**
 * The player's weight: gzip bytes of the JavaScript the player page loads, against a bare Next.js
 * page (a heading and a paragraph) built with the same Next.js and React in the same run; the
 * trainee's home page for information; and a check that none of the studio's editor code (React
 * Flow, dagre, the editor's own components) reaches the player.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { DEMO_PASSWORD } from '@/server/demo/accounts';
import { launchOptions } from '../../playwright.config';
import { commonAncestor, gzipSize, weighScripts, type LoadedFile, type PageWeight } from './browser-measures';
import { figureOf, freePort, runCommand, signIn, startProductionServer, stopProcessGroup, type Benchmark, type BenchContext, startAttemptAs } from './lib';

/** Issue 6: the player's JavaScript ≤ 1.25 × a bare Next.js page's. */
const RATIO_TARGET = 1.25;
const SCENARIO = 'closing-well';
const NEXT_BIN = path.resolve('node_modules', 'next', 'dist', 'bin', 'next');
const VIEWPORT = { width: 1280, height: 800 };
/**
 * Strings only the studio's editor code contains, as they survive minification: React Flow's class
 * names, one of dagre's rankers, and the editor's map and problems panel.
 */
export const EDITOR_MARKERS = ['react-flow__', 'network-simplex', 'Map of the scenario', 'problems-heading'];

/**
 * The bare page's files. It is built in a temporary directory outside the repository, with the
 * repository's node_modules linked in: inside the repository Turbopack would take the app's own
 * proxy.ts and instrumentation.ts from the workspace root into the bare build. Turbopack refuses
 * a linked node_modules from outside its root, so the root is set to a directory holding both.
 */
const BARE_FILES: Record<string, string> = {
  'tsconfig.json': `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['dom', 'dom.iterable', 'ES2023'],
        skipLibCheck: true,
        strict: true,
        noEmit: true,
        module: 'esnext',
        moduleResolution: 'bundler',
        isolatedModules: true,
        jsx: 'react-jsx',
        plugins: [{ name: 'next' }],
      },
      include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts'],
      exclude: ['node_modules'],
    },
    null,
    2,
  )}\n`,
  'app/layout.tsx': `import type { ReactNode } from 'react';

export const metadata = { title: 'Bare' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  'app/page.tsx': `export default function Home() {
  return (
    <main>
      <h1>A bare page</h1>
      <p>Next.js and React, and nothing else.</p>
    </main>
  );
}
`,
};

export interface BarePage {
  url: string;
  stop(): Promise<void>;
}

export async function startBarePage(context: BenchContext): Promise<BarePage> {
  const dir = mkdtempSync(path.join(realpathSync(tmpdir()), 'frontline-bench-bare-next-'));
  const modules = realpathSync('node_modules');
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  try {
    const files = { ...BARE_FILES, 'next.config.mjs': `export default { turbopack: { root: ${JSON.stringify(commonAncestor(dir, modules))} } };\n` };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
    context.log(`bare page: next build in ${dir}…`);
    await runCommand('sh', ['-c', 'cd "$0" && exec "$1" "$2" build', dir, process.execPath, NEXT_BIN], { env });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const server = spawn(process.execPath, [NEXT_BIN, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    await stopProcessGroup(server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the bare page's server stopped (exit ${server.exitCode}):\n${output.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`the bare page's server did not answer within a minute:\n${output.slice(-2000)}`);
      const ok = await fetch(url)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/**
 * Opens `url` in a fresh browser context (nothing cached) and keeps every response until the
 * network has been idle for 500 ms (scripts loaded after hydration, and those of links the page
 * prefetches, included); `ready` is a selector that must be on the page, so a redirect to
 * another page is not weighed by mistake.
 */
async function weighPage(browser: Browser, url: string, cookies: Map<string, string> | null, ready: string): Promise<PageWeight & { documentGzipBytes: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    if (cookies) await context.addCookies([...cookies].map(([name, value]) => ({ name, value, url })));
    const page = await context.newPage();
    const responses: Promise<LoadedFile | null>[] = [];
    page.on('response', (response) =>
      responses.push(
        (async () => {
          const request = response.request();
          const status = response.status();
          // Redirects and 304s have no body to weigh.
          if (status !== 200) return null;
          const body = await response.body().catch(() => null);
          if (!body) return null;
          return { url: response.url(), resourceType: request.resourceType(), contentType: (await response.allHeaders())['content-type'] ?? '', status, body };
        })(),
      ),
    );
    await page.goto(url, { waitUntil: 'networkidle', timeout: 120_000 });
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const files = (await Promise.all(responses)).filter((f): f is LoadedFile => f !== null);
    const document = files.find((f) => f.resourceType === 'document');
    return { ...weighScripts(files, EDITOR_MARKERS), documentGzipBytes: document ? gzipSize(document.body) : NaN };
  } finally {
    await context.close();
  }
}

const shortName = (url: string) => new URL(url).pathname.replace(/^\/_next\/static\/chunks\//, '');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

type Weighed = PageWeight & { documentGzipBytes: number };

/** Weighs a page `runs` times; the weights, sorted by gzip bytes. */
async function weighRuns(context: BenchContext, label: string, runs: number, weigh: () => Promise<Weighed>): Promise<Weighed[]> {
  const weights: Weighed[] = [];
  for (let i = 0; i < runs; i++) weights.push(await weigh());
  weights.sort((a, b) => a.gzipBytes - b.gzipBytes);
  const middle = weights[weights.length >> 1]!;
  context.log(
    `${label}: ${middle.files} scripts, ${kib(middle.bytes)}, gzip ${kib(middle.gzipBytes)} (${varied(weights)}): ${middle.scripts.map((s) => `${shortName(s.url)} ${kib(s.gzipBytes)}`).join(', ')}`,
  );
  return weights;
}

function varied(weights: readonly PageWeight[]): string {
  if (weights.length === 1) return 'one load';
  return weights[0]!.gzipBytes === weights.at(-1)!.gzipBytes
    ? `the same bytes in all ${weights.length} loads`
    : `${weights.length} loads varied from ${weights[0]!.gzipBytes} to ${weights.at(-1)!.gzipBytes} gzip bytes`;
}

export const playerWeight: Benchmark = {
  name: 'player-weight',
  description: 'gzip bytes of the JavaScript the player page loads, against a bare Next.js page built in the same run (target ≤ 1.25×); no editor code on the player',
  async run(context, record) {
    // Byte counts do not vary between loads of the same build; the loads are repeated to show it.
    const runs = context.quick ? 1 : 3;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-bench-weight-'));
    let server: Awaited<ReturnType<typeof startProductionServer>> | null = null;
    let bare: BarePage | null = null;
    let browser: Browser | null = null;
    try {
      bare = await startBarePage(context);
      server = await startProductionServer(context, 'player-weight', { FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '' });
      const { base } = server;
      const trainee = await signIn(base, 'trainee@frontline.test', DEMO_PASSWORD, '/');
      const attemptId = await startAttemptAs(base, trainee, SCENARIO);
      const trainer = await signIn(base, 'trainer@frontline.test', DEMO_PASSWORD, '/author');

      browser = await chromium.launch(launchOptions);
      const b = browser;
      context.log(`weighing each page ${runs === 1 ? 'once' : `${runs} times`}, each time in a fresh browser context…`);
      const bareWeights = await weighRuns(context, 'bare page', runs, () => weighPage(b, bare!.url, null, 'h1'));
      const playerWeights = await weighRuns(context, `player (/play/<attempt at ${SCENARIO}>)`, runs, () =>
        weighPage(b, `${base}/play/${attemptId}`, trainee, '[aria-labelledby="choices-heading"] button'),
      );
      const homeWeights = await weighRuns(context, "trainee's home page (/)", runs, () => weighPage(b, `${base}/`, trainee, 'main h1'));
      // The markers must be found where the editor is, or their absence on the player proves nothing.
      const editorWeights = await weighRuns(context, `studio editor (/author/${SCENARIO})`, 1, () => weighPage(b, `${base}/author/${SCENARIO}`, trainer, 'textarea[data-path]'));
      const editor = editorWeights[0]!;
      const missing = EDITOR_MARKERS.filter((m) => !editor.scripts.some((s) => s.markers.includes(m)));
      if (missing.length)
        throw new Error(`the studio's editor loads no script containing ${missing.map((m) => JSON.stringify(m)).join(', ')}: the markers no longer find its code`);

      const common = { benchmark: 'player-weight', backend: null, unit: 'bytes' as const };
      const gzip = (weights: readonly Weighed[], of: (w: Weighed) => number = (w) => w.gzipBytes) => weights.map(of).sort((a, b) => a - b);
      const bareMedian = figureOf({ ...common, name: 'bare Next.js page: JavaScript, gzip', target: null }, gzip(bareWeights));
      record({ ...bareMedian, note: `a heading and a paragraph, next build + next start of the same Next.js and React; ${varied(bareWeights)}` });
      const player = figureOf({ ...common, name: 'player page: JavaScript, gzip', target: null }, gzip(playerWeights));
      record({ ...player, note: `/play/<id> signed in as the demo trainee, every script until the network is idle; ${varied(playerWeights)}` });
      const ratio = player.median / bareMedian.median;
      record({
        benchmark: 'player-weight',
        backend: null,
        name: "player page's JavaScript ÷ the bare page's",
        unit: 'ratio',
        median: ratio,
        p95: null,
        runs: player.runs,
        target: { op: '<=', value: RATIO_TARGET, on: 'value' },
        pass: ratio <= RATIO_TARGET,
        note: `player ÷ bare = ${ratio.toFixed(3)} (gzip bytes, medians)`,
      });
      const home = figureOf({ ...common, name: "trainee's home page: JavaScript, gzip", target: null }, gzip(homeWeights));
      record({ ...home, note: `for information: ${((100 * home.median) / bareMedian.median).toFixed(0)}% of the bare page's; ${varied(homeWeights)}` });
      const documents = { ...common, target: null };
      record(
        figureOf(
          {
            ...documents,
            name: 'player page: HTML document, gzip',
            note: 'for information, not JavaScript: the server-rendered page with its inline React Server Components payload',
          },
          gzip(playerWeights, (w) => w.documentGzipBytes),
        ),
      );
      record(
        figureOf(
          { ...documents, name: 'bare Next.js page: HTML document, gzip', note: 'for information' },
          gzip(bareWeights, (w) => w.documentGzipBytes),
        ),
      );
      // Any load that brings editor code fails the check, not only the median one.
      const editorCodeOnPlayer = Math.max(...playerWeights.map((w) => w.markedGzipBytes));
      record({
        ...common,
        name: "player page: editor code (gzip bytes of scripts with the studio's markers)",
        median: editorCodeOnPlayer,
        p95: null,
        runs: playerWeights.length,
        target: { op: '<=', value: 0, on: 'value' },
        pass: editorCodeOnPlayer <= 0,
        note: `the most in any load; scripts containing any of ${EDITOR_MARKERS.map((m) => JSON.stringify(m)).join(', ')}; on the studio's editor: ${editor.scripts.filter((s) => s.markers.length).length} of its ${editor.files} scripts, ${editor.markedGzipBytes} of its ${editor.gzipBytes} gzip bytes`,
      });
      record({
        ...common,
        name: 'studio editor page: JavaScript, gzip',
        median: editor.gzipBytes,
        p95: null,
        runs: 1,
        target: null,
        pass: null,
        note: `for information: /author/${SCENARIO} signed in as the demo trainer`,
      });
      const largest = playerWeights[playerWeights.length >> 1]!.scripts.slice(0, 5);
      context.log(`player's largest scripts: ${largest.map((s) => `${shortName(s.url)} ${kib(s.gzipBytes)}`).join(', ')}`);
    } finally {
      await browser?.close();
      await server?.stop();
      await bare?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
