/**
 * The studio on a large scenario: the shared checker (with its analysis of every path) on a
 * generated 200-state scenario, and opening that scenario in the editor of a production server
 * in Chromium, with the CPU at full speed and slowed 4× (DevTools protocol): time to first byte,
 * until a keystroke is taken in, until the map has drawn its states and the checker's first
 * result shows, and how long a keystroke takes to reach the screen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { checkScenario } from '@/machines/checker';
import { PRINCIPLE_IDS } from '@/machines/principles';
import { generatedScenario } from '@/machines/test-fixtures/generated-scenario';
import { DEMO_PASSWORD } from '@/server/demo/accounts';
import { launchOptions } from '../../playwright.config';
import { cookieHeader, figureOf, signIn, startProductionServer, timeRuns, type Benchmark, type BenchContext, type Figure } from './lib';

const STATES = 200;
/** Issue 6: checking and analysing a generated 200-state scenario ≤ 500 ms. */
const CHECK_TARGET_MS = 500;
/** The issues give no target for opening the editor; these are ours, for this machine at full CPU speed. */
const OPEN_TARGET_MS = 3_000;
const FIRST_BYTE_TARGET_MS = 500;
/** The same bar as a trainee's choice (issue 6, item 2): p95 ≤ 100 ms, at full speed and slowed 4×. */
const KEYSTROKE_TARGET_MS = 100;
const KEYSTROKES = 20;
/** A brisk typist: about seven characters a second. */
const KEYSTROKE_GAP_MS = 140;
const CPU_SLOWDOWN = 4;
const VIEWPORT = { width: 1280, height: 800 };
/** The start state's customer line, a textarea of the form shown when the editor opens. */
const TYPED_FIELD = 'textarea[data-path="states.opening.meta.say"]';

interface Milestones {
  mapDrawn?: number;
  mapNodes?: number;
  layoutMs?: number;
  checked?: number;
  checkSummary?: string;
}

/**
 * Runs in the page before any of its scripts: at each animation frame, notes the first one at
 * which the map shows its states (React Flow has measured and shown them) and the one at which
 * the problems panel shows the checker's result rather than "Checking…". Times are from the
 * start of the navigation (performance.now()).
 */
function watchMilestones() {
  const marks: Milestones = {};
  (window as unknown as { __studioMilestones: Milestones }).__studioMilestones = marks;
  const shown = (element: Element | undefined) => {
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
  };
  const frame = () => {
    if (marks.mapDrawn === undefined) {
      const map = document.querySelector('section[aria-label="Map of the scenario"]');
      const nodes = map?.querySelectorAll('.react-flow__node');
      if (nodes && nodes.length > 0 && shown(nodes[0])) {
        marks.mapDrawn = performance.now();
        marks.mapNodes = nodes.length;
        marks.layoutMs = Number(map!.getAttribute('data-layout-ms'));
      }
    }
    if (marks.checked === undefined) {
      const summary = document.querySelector('section[aria-labelledby="problems-heading"] [role="status"]')?.textContent ?? '';
      if (summary && !summary.startsWith('Checking')) {
        marks.checked = performance.now();
        marks.checkSummary = summary;
      }
    }
    if (marks.mapDrawn === undefined || marks.checked === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * In the page: from each keydown's timestamp (when the browser took the key in) to just after the
 * frame that shows the edit: the first animation frame after the input event, then a message
 * posted from it, which runs once that frame has been painted.
 */
function watchKeystrokes(selector: string) {
  const field = document.querySelector<HTMLTextAreaElement>(selector)!;
  const samples: number[] = [];
  (window as unknown as { __studioKeystrokes: number[] }).__studioKeystrokes = samples;
  let pressedAt: number | null = null;
  field.addEventListener('keydown', (event) => (pressedAt = event.timeStamp));
  field.addEventListener('input', () => {
    const from = pressedAt;
    pressedAt = null;
    if (from === null) return;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => samples.push(performance.now() - from);
      channel.port2.postMessage(null);
    });
  });
}

interface Opening {
  firstByte: number;
  interactive: number;
  mapDrawn: number;
  checked: number;
  keystrokes: number[];
  mapNodes: number;
  layoutMs: number;
  checkSummary: string;
  /** Keystrokes typed until the editor took one in. */
  typed: number;
}

/**
 * Opens the editor in a fresh browser context (nothing cached) and measures it. Interactive: the
 * moment a character typed into the start state's customer line (sent as soon as that field is
 * on the page and enabled) has been taken in by the editor: the field shows it and the editor's
 * Undo button, which only an edit enables, has been rendered enabled.
 */
async function openEditor(browser: Browser, base: string, cookies: Map<string, string>, scenarioId: string, slowdown: number, keystrokes: number): Promise<Opening> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addCookies([...cookies].map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    // tsx keeps function names by wrapping them in __name(), which the page does not have.
    await page.addInitScript('globalThis.__name ??= (fn) => fn;');
    await page.addInitScript(watchMilestones);
    if (slowdown !== 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    const timeout = 60_000 * slowdown;
    await page.goto(`${base}/author/${scenarioId}`, { waitUntil: 'commit', timeout });

    const field = page.locator(TYPED_FIELD);
    await page.waitForFunction((selector) => document.querySelector<HTMLTextAreaElement>(selector)?.disabled === false, TYPED_FIELD, { polling: 'raf', timeout });
    // Like someone who starts typing as soon as the field appears: a "!" at the end of the field
    // every 100 ms until the editor takes one in. Before the page has come alive a character may
    // show in the field without reaching the editor, or be wiped when the page takes over the field.
    let tries = 0;
    let interactive: number | null = null;
    const deadline = Date.now() + timeout;
    while (interactive === null) {
      if (Date.now() > deadline) {
        const seen = await page.evaluate(
          (selector) => ({
            field: document.querySelector<HTMLTextAreaElement>(selector)?.value.slice(-40) ?? null,
            undo: [...document.querySelectorAll('button')].find((b) => b.textContent === 'Undo')?.disabled ?? 'no Undo button',
          }),
          TYPED_FIELD,
        );
        throw new Error(`the editor took in none of ${tries} keystrokes: ${JSON.stringify(seen)}`);
      }
      await page.evaluate((selector) => {
        const element = document.querySelector<HTMLTextAreaElement>(selector)!;
        if (document.activeElement !== element) element.focus();
        element.setSelectionRange(element.value.length, element.value.length);
      }, TYPED_FIELD);
      await page.keyboard.type('!');
      tries++;
      interactive = await page
        .waitForFunction(
          (selector) => {
            const undo = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Undo');
            return document.querySelector<HTMLTextAreaElement>(selector)?.value.endsWith('!') && undo && !undo.disabled ? performance.now() : false;
          },
          TYPED_FIELD,
          { polling: 'raf', timeout: 100 },
        )
        .then((handle) => handle.jsonValue() as Promise<number>)
        .catch(() => null);
    }

    const marks = (await (
      await page.waitForFunction(
        () => {
          const m = (window as unknown as { __studioMilestones: Milestones }).__studioMilestones;
          return m.mapDrawn !== undefined && m.checked !== undefined ? m : false;
        },
        undefined,
        { polling: 500, timeout },
      )
    ).jsonValue()) as Required<Milestones>;
    const firstByte = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart);

    let latencies: number[] = [];
    if (keystrokes > 0) {
      await page.evaluate(watchKeystrokes, TYPED_FIELD);
      await field.focus();
      await page.keyboard.press('ControlOrMeta+End');
      for (let i = 1; i <= keystrokes; i++) {
        await page.keyboard.type(String.fromCharCode(96 + (i % 26 || 26)));
        await page.waitForFunction((count) => (window as unknown as { __studioKeystrokes: number[] }).__studioKeystrokes.length >= count, i, { polling: 'raf', timeout });
        await page.waitForTimeout(KEYSTROKE_GAP_MS);
      }
      latencies = await page.evaluate(() => (window as unknown as { __studioKeystrokes: number[] }).__studioKeystrokes);
    }
    // The edits are saved before the next opening reads the draft.
    await page
      .getByTestId('save-status')
      .filter({ hasText: /Saved at/ })
      .waitFor({ timeout });
    return {
      firstByte,
      interactive,
      mapDrawn: marks.mapDrawn,
      checked: marks.checked,
      keystrokes: latencies,
      mapNodes: marks.mapNodes,
      layoutMs: marks.layoutMs,
      checkSummary: marks.checkSummary,
      typed: tries,
    };
  } finally {
    await context.close();
  }
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

function measureChecker(context: BenchContext, record: (figure: Figure) => void): Promise<void> {
  const source = JSON.stringify(generatedScenario(STATES), null, 2);
  const check = () => checkScenario(source, { file: 'generated.json', principles: PRINCIPLE_IDS });
  const result = check();
  if (!result.valid || !result.stats) throw new Error(`the generated scenario does not pass the checker: ${JSON.stringify(result.errors.slice(0, 3))}`);
  record({
    benchmark: 'studio',
    backend: null,
    name: `${STATES}-state scenario: size of the file`,
    unit: 'bytes',
    median: new TextEncoder().encode(source).length,
    p95: null,
    runs: 1,
    target: null,
    pass: null,
    note: `generatedScenario(${STATES}), formatted as the studio saves it`,
  });
  context.log(`checking the ${STATES}-state scenario (${result.stats.configurations.toLocaleString('en')} configurations)…`);
  return timeRuns(context.quick ? 7 : 15, async () => check()).then((samples) =>
    record(
      figureOf(
        {
          benchmark: 'studio',
          backend: null,
          name: `checker on ${STATES} states (parse, check, analyse)`,
          unit: 'ms',
          target: { op: '<=', value: CHECK_TARGET_MS, on: 'median' },
          note: `checkScenario on the text, stats included: ${result.stats!.configurations.toLocaleString('en')} configurations (state × mood × flags), ${result.errors.length} errors, ${result.warnings.length} warnings; in Node ${process.version}`,
        },
        samples,
      ),
    ),
  );
}

async function measureEditor(context: BenchContext, record: (figure: Figure) => void): Promise<void> {
  const runs = context.quick ? 2 : 5;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'frontline-bench-studio-'));
  let server: Awaited<ReturnType<typeof startProductionServer>> | null = null;
  let browser: Browser | null = null;
  try {
    server = await startProductionServer(context, 'studio', { FRONTLINE_DATA_DIR: dataDir, DATABASE_URL: '' });
    const { base } = server;
    const cookies = await signIn(base, 'trainer@frontline.test', DEMO_PASSWORD, '/author');
    const doc = generatedScenario(STATES);
    const began = performance.now();
    const imported = await fetch(`${base}/api/author/scenarios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookieHeader(cookies), origin: base },
      body: JSON.stringify({ mode: 'import', source: JSON.stringify(doc, null, 2), fileName: `${doc.id}.json` }),
    });
    const importMs = performance.now() - began;
    if (imported.status !== 201) throw new Error(`importing the ${STATES}-state scenario: HTTP ${imported.status} ${await imported.text()}`);
    const { scenarioId } = (await imported.json()) as { scenarioId: string };
    record({
      benchmark: 'studio',
      backend: 'pglite',
      name: `import the ${STATES}-state file (server checks and saves it)`,
      unit: 'ms',
      median: importMs,
      p95: null,
      runs: 1,
      target: null,
      pass: null,
    });

    browser = await chromium.launch(launchOptions);
    for (const slowdown of [1, CPU_SLOWDOWN]) {
      const label = slowdown === 1 ? '' : `CPU ${slowdown}× slower: `;
      context.log(`${label || 'full CPU speed: '}opening /author/${scenarioId} once to warm up, then ${runs} times…`);
      await openEditor(browser, base, cookies, scenarioId, slowdown, 0);
      const openings: Opening[] = [];
      for (let i = 0; i < runs; i++) {
        const opening = await openEditor(browser, base, cookies, scenarioId, slowdown, KEYSTROKES);
        context.log(
          `  first byte ${opening.firstByte.toFixed(0)} ms, interactive ${opening.interactive.toFixed(0)} ms${opening.typed > 1 ? ` (after ${opening.typed} keystrokes)` : ''}, ` +
            `map ${opening.mapDrawn.toFixed(0)} ms (${opening.mapNodes} nodes, layout ${opening.layoutMs} ms), checked ${opening.checked.toFixed(0)} ms: ${opening.checkSummary}`,
        );
        openings.push(opening);
      }
      const full = slowdown === 1;
      const common = { benchmark: 'studio', backend: 'pglite', unit: 'ms' as const };
      const chosen = (value: number, on: 'median' | 'p95' = 'median') => (full ? { op: '<=' as const, value, on } : null);
      const noTarget = full ? `no target in the issue; chosen: ≤ ${OPEN_TARGET_MS / 1000} s at full CPU speed on this machine` : 'no target with the CPU slowed; for comparison';
      record(
        figureOf(
          {
            ...common,
            name: `${label}editor: time to first byte`,
            target: chosen(FIRST_BYTE_TARGET_MS),
            note: full ? `no target in the issue; chosen: ≤ ${FIRST_BYTE_TARGET_MS} ms` : 'the server is not slowed',
          },
          sorted(openings.map((o) => o.firstByte)),
        ),
      );
      record(
        figureOf(
          {
            ...common,
            name: `${label}editor: interactive (a keystroke taken in)`,
            target: chosen(OPEN_TARGET_MS),
            note: `from navigation start until the editor takes in a keystroke in the start state's customer line (typed every 100 ms from when the field is enabled): the field shows it and the Undo button is enabled; ${noTarget}`,
          },
          sorted(openings.map((o) => o.interactive)),
        ),
      );
      record(
        figureOf(
          {
            ...common,
            name: `${label}editor: map has drawn its states`,
            target: chosen(OPEN_TARGET_MS),
            note: `first frame with the map's state nodes shown (dagre layout median ${Math.round(sorted(openings.map((o) => o.layoutMs))[openings.length >> 1]!)} ms of it); ${noTarget}`,
          },
          sorted(openings.map((o) => o.mapDrawn)),
        ),
      );
      record(
        figureOf(
          {
            ...common,
            name: `${label}editor: checker's first result shown`,
            target: chosen(OPEN_TARGET_MS),
            note: `first frame where the problems panel shows the result ("${openings[0]!.checkSummary}"), checked in a Web Worker; ${noTarget}`,
          },
          sorted(openings.map((o) => o.checked)),
        ),
      );
      record(
        figureOf(
          {
            ...common,
            name: `${label}editor: keystroke to screen`,
            target: { op: '<=', value: KEYSTROKE_TARGET_MS, on: 'p95' },
            note: `${KEYSTROKES} keystrokes ${KEYSTROKE_GAP_MS} ms apart in each opening, in the customer line: from keydown to just after the frame that shows it; no target in the issue; chosen: p95 ≤ ${KEYSTROKE_TARGET_MS} ms, the bar a trainee's choice is held to`,
          },
          sorted(openings.flatMap((o) => o.keystrokes)),
        ),
      );
    }
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const studio: Benchmark = {
  name: 'studio',
  description: `the checker on a generated ${STATES}-state scenario, and opening it in the studio's editor in Chromium (also with the CPU slowed ${CPU_SLOWDOWN}×)`,
  async run(context, record) {
    await measureChecker(context, record);
    await measureEditor(context, record);
  },
};
