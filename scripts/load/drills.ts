/**
 * Drills that run simulated trainees against a production server of their own:
 * - crash: the server is killed with SIGKILL while they play, and started again, several times;
 * - load: many trainees for minutes, watching the server's memory.
 * Each ends by asking the server where every trainee's attempt stands (it must be where the trainee
 * last heard it was) and, with the server stopped, by checking the database against what was
 * acknowledged. Used by `npm run drills` and, in short versions, by the e2e drills.
 */
import { freePort, groupMemory, startProductionServer, watchMemory, type ProductionServer } from '../bench/lib';
import { placeFor, type Backend } from '../bench/places';
import { checkRecords, createLoadTrainees, type RecordCheck } from './records';
import { builtinScenarios, Ledger, LoadStats, loadEmail, signInAll, SimulatedTrainee } from './trainees';

export interface DrillReport {
  backend: Backend;
  trainees: number;
  seconds: number;
  stats: LoadStats;
  /** How each trainee's attempt differed from what the server says on resuming; empty when none. */
  resumeProblems: string[];
  records: RecordCheck;
  /** Crash drill: when each kill happened and how long the server took to answer again. */
  kills: { afterS: number; downS: number }[];
  /** Load drill: the server's largest process, sampled. */
  memory: { at: number; rssBytes: number }[];
}

interface DrillOptions {
  backend: Backend;
  trainees: number;
  log: (message: string) => void;
  /** Pause between a reply and the next choice (ms); trainees read before they answer. */
  thinkMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLoad(
  options: DrillOptions,
  drive: (server: { current: ProductionServer; restart(): Promise<void> }, trainees: SimulatedTrainee[]) => Promise<Pick<DrillReport, 'seconds' | 'kills' | 'memory'>>,
): Promise<DrillReport> {
  const place = await placeFor(options.backend);
  try {
    const setup = await place.open();
    try {
      await createLoadTrainees(setup.db, options.trainees);
    } finally {
      await setup.close();
    }
    const port = await freePort();
    const start = () => startProductionServer({ log: options.log }, options.backend, place.serverEnv, { port });
    const server = { current: await start(), restart: async () => void (server.current = await start()) };
    const ledger = new Ledger();
    const stats = new LoadStats();
    const scenarios = builtinScenarios();
    let outcome: Pick<DrillReport, 'seconds' | 'kills' | 'memory'>;
    const resumeProblems: string[] = [];
    try {
      const trainees = Array.from(
        { length: options.trainees },
        (_, i) => new SimulatedTrainee({ email: loadEmail(i), scenarios, ledger, stats, base: server.current.base, seed: i + 1, thinkMs: options.thinkMs ?? 0 }),
      );
      options.log(`${options.backend}: signing in ${options.trainees} trainees…`);
      await signInAll(trainees);
      outcome = await drive(server, trainees);
      for (const trainee of trainees) {
        const problem = await trainee.resumeMismatch();
        if (problem) resumeProblems.push(problem);
      }
    } finally {
      await server.current.stop();
    }
    const check = await place.open();
    try {
      const records = await checkRecords(check.db, ledger);
      return { backend: options.backend, trainees: options.trainees, stats, resumeProblems, records, ...outcome };
    } finally {
      await check.close();
    }
  } finally {
    await place.dispose();
  }
}

/**
 * Trainees play while the server is killed `kills` times, `everyS` seconds apart, and started
 * again each time on the same port; they retry what went unanswered, as the player does.
 */
export function crashDrill(options: DrillOptions & { kills: number; everyS: number }): Promise<DrillReport> {
  return withLoad(options, async (server, trainees) => {
    const began = Date.now();
    // The trainees play in short rounds until told to stop, once the last restart has settled.
    let stopAt = Number.POSITIVE_INFINITY;
    const playing = Promise.all(
      trainees.map(async (t) => {
        while (Date.now() < stopAt) await t.play(Math.min(stopAt, Date.now() + 2_000), Date.now() + 120_000);
      }),
    );
    const kills: DrillReport['kills'] = [];
    for (let k = 0; k < options.kills; k++) {
      await sleep(options.everyS * 1000);
      const afterS = (Date.now() - began) / 1000;
      options.log(`${options.backend}: SIGKILL ${k + 1} of ${options.kills} at ${afterS.toFixed(1)} s (${trainees[0]!.options.ledger.choices} choices acknowledged so far)`);
      await server.current.kill();
      const down = Date.now();
      await server.restart();
      kills.push({ afterS, downS: (Date.now() - down) / 1000 });
    }
    await sleep(options.everyS * 1000);
    stopAt = Date.now();
    await playing;
    return { seconds: (Date.now() - began) / 1000, kills, memory: [] };
  });
}

/** `trainees` play for `seconds` while the server's memory is sampled every second. */
export function loadDrill(options: DrillOptions & { seconds: number }): Promise<DrillReport> {
  return withLoad(options, async (server, trainees) => {
    const memory = watchMemory(server.current.pid, 1_000);
    const began = Date.now();
    const stopAt = began + options.seconds * 1000;
    const progress = setInterval(() => {
      const rss = Math.max(0, ...groupMemory(server.current.pid).map((p) => p.rssBytes));
      options.log(
        `${options.backend}: ${Math.round((Date.now() - began) / 1000)} s, ${trainees[0]!.options.ledger.choices} choices acknowledged, server ${(rss / 2 ** 20).toFixed(0)} MiB`,
      );
    }, 15_000);
    try {
      await Promise.all(trainees.map((t) => t.play(stopAt)));
    } finally {
      clearInterval(progress);
      memory.stop();
    }
    return { seconds: (Date.now() - began) / 1000, kills: [], memory: memory.series };
  });
}

/**
 * Whether memory stopped growing: the peak of the last quarter of the run against the peak of the
 * second quarter (the first is warm-up: compiling routes, filling caches). Garbage collection
 * makes memory a sawtooth, so peaks of windows are compared, not single samples.
 */
export function memoryGrowth(series: readonly { at: number; rssBytes: number }[]): { earlyPeak: number; latePeak: number; ratio: number } {
  const quarter = Math.floor(series.length / 4);
  const peak = (from: number, to: number) => Math.max(0, ...series.slice(from, to).map((s) => s.rssBytes));
  const earlyPeak = peak(quarter, 2 * quarter);
  const latePeak = peak(3 * quarter, series.length);
  return { earlyPeak, latePeak, ratio: earlyPeak ? latePeak / earlyPeak : Number.NaN };
}

/** Problems in a drill's report, in words; empty when it passed. `errorsAllowed`: network errors are expected while the server is down. */
export function drillProblems(report: DrillReport, { networkErrorsAllowed }: { networkErrorsAllowed: boolean }): string[] {
  const problems: string[] = [];
  const { stats } = report;
  if (stats.serverErrorCount)
    problems.push(
      `${stats.serverErrorCount} answer(s) with a 5xx status: ${[...stats.serverErrors].map(([s, n]) => `${n}× ${s}`).join(', ')}; ${stats.unexpectedSamples.join(' | ')}`,
    );
  if (stats.unexpected) problems.push(`${stats.unexpected} unexpected answer(s): ${stats.unexpectedSamples.join(' | ')}`);
  if (!networkErrorsAllowed && stats.networkErrors) problems.push(`${stats.networkErrors} request(s) got no answer`);
  if (report.records.acknowledgedChoices === 0) problems.push('no choice was acknowledged: the trainees did not get to play');
  problems.push(...report.resumeProblems, ...report.records.problems);
  return problems;
}
