/**
 * What a benchmark module gives the runner (scripts/bench/run.ts): figures, each measured several
 * times and summarised by its median and 95th percentile, with the target it is held to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Target {
  /** The figure passes when it is at most (or at least) this. */
  op: '<=' | '>=';
  value: number;
  /** Which statistic is held to the target. */
  on: 'median' | 'p95' | 'value';
}

export interface Figure {
  benchmark: string;
  /** pglite, postgres, or null when the backend does not matter. */
  backend: string | null;
  name: string;
  unit: 'ms' | 's' | 'bytes' | 'count' | '/s';
  /** A single measurement, or the median of several. */
  median: number;
  p95: number | null;
  runs: number;
  target: Target | null;
  /** null: no target, for information. */
  pass: boolean | null;
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  /** Progress, to stderr. */
  log(message: string): void;
  /** Versions of what was measured that the runner cannot see itself (the PostgreSQL server). */
  versions: Record<string, string>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext, record: (figure: Figure) => void): Promise<void>;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(sorted: readonly number[]): number {
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function judge(target: Target | null, stats: { median: number; p95: number | null }): boolean | null {
  if (!target) return null;
  const value = target.on === 'p95' ? (stats.p95 ?? NaN) : stats.median;
  if (!Number.isFinite(value)) return false;
  return target.op === '<=' ? value <= target.value : value >= target.value;
}

/** Times `work` `runs` times after `warmup` unmeasured runs; milliseconds, sorted. */
export async function timeRuns(runs: number, work: () => Promise<unknown>, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    await work();
    samples.push(performance.now() - began);
  }
  return samples.sort((a, b) => a - b);
}

/** A figure from sorted samples. */
export function figureOf(base: Omit<Figure, 'median' | 'p95' | 'runs' | 'pass'>, samples: readonly number[]): Figure {
  const stats = { median: median(samples), p95: samples.length > 1 ? percentile(samples, 95) : null };
  return { ...base, ...stats, runs: samples.length, pass: judge(base.target, stats) };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end; its output is returned, and a failure throws with the output's tail. */
export function runCommand(command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`))));
  });
}

/** Stops a process started detached, with its children. */
export async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}
