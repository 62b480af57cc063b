/**
 * What a benchmark module gives the runner (scripts/bench/run.ts): figures, each measured several
 * times and summarised by its median and 95th percentile, with the target it is held to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

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
  unit: 'ms' | 's' | 'bytes' | 'count' | '/s' | 'ratio' | '%' | 'number';
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

/** Keeps the name=value of each Set-Cookie header in `jar`, a later cookie replacing one of the same name. */
export function keepCookies(jar: Map<string, string>, setCookieHeaders: readonly string[]): Map<string, string> {
  for (const cookie of setCookieHeaders) {
    const [pair = ''] = cookie.split(';');
    const at = pair.indexOf('=');
    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return jar;
}

/** The jar as a Cookie request header. */
export const cookieHeader = (jar: ReadonlyMap<string, string>): string => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

/** Signs in through next-auth's credentials flow, as the sign-in form does; returns the cookies. */
export async function signIn(base: string, email: string, password: string, callbackPath = '/'): Promise<Map<string, string>> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keepCookies(jar, csrf.headers.getSetCookie());
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar), origin: base },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}${callbackPath}`, json: 'true' }),
  });
  keepCookies(jar, response.headers.getSetCookie());
  if (![...jar.keys()].some((k) => k.endsWith('next-auth.session-token'))) {
    // next-auth names the reason in the URL it answers with (CredentialsSignin, throttled:…).
    const body = await response.text().catch(() => '');
    throw new Error(`signing in as ${email} failed: HTTP ${response.status} ${body.slice(0, 300)}`);
  }
  return jar;
}

/** Starts an attempt as the person whose cookies these are; its id. */
export async function startAttemptAs(base: string, jar: ReadonlyMap<string, string>, scenarioId: string, timeMode?: 'off'): Promise<string> {
  const started = await fetch(`${base}/api/attempts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookieHeader(jar), origin: base },
    body: JSON.stringify(timeMode ? { scenarioId, timeMode } : { scenarioId }),
  });
  if (started.status !== 201) throw new Error(`starting an attempt at ${scenarioId}: HTTP ${started.status} ${await started.text()}`);
  return ((await started.json()) as { attemptId: string }).attemptId;
}

export interface ProductionServer {
  /** http://localhost:<port> */
  base: string;
  port: number;
  /** The process group of the server and its children. */
  pid: number;
  /** Stops it gently (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** SIGKILL to the whole group, the way a crash ends it: nothing gets to clean up. */
  kill(): Promise<void>;
}

/**
 * Starts the production server (`npm start`, which builds first when the sources changed since the
 * last build) on a free port with the demo accounts, and waits until it answers. `env` says where
 * its database is (FRONTLINE_DATA_DIR or DATABASE_URL) and anything else it needs.
 */
export async function startProductionServer(
  context: Pick<BenchContext, 'log'>,
  label: string,
  env: Record<string, string>,
  options: { port?: number; publicUrl?: string } = {},
): Promise<ProductionServer> {
  const port = options.port ?? (await freePort());
  const base = `http://localhost:${port}`;
  const server = spawn(path.join('node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    env: {
      ...process.env,
      NEXTAUTH_SECRET: 'frontline-benchmark-secret-not-for-production-0123456789',
      FRONTLINE_DEMO: '1',
      FRONTLINE_DEMO_TRAINEES: '0',
      ...env,
      PORT: String(port),
      // Instances behind one address share their public URL (it roots xAPI identifiers and links).
      NEXTAUTH_URL: options.publicUrl ?? base,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  try {
    const deadline = Date.now() + 15 * 60_000;
    context.log(`${label}: starting the production server on port ${port} (building first if the sources changed)…`);
    while (!output.includes('Frontline is running at')) {
      if (server.exitCode !== null) throw new Error(`the server stopped (exit ${server.exitCode}):\n${output.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`the server did not start within 15 minutes:\n${output.slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    await stopProcessGroup(server);
    throw error;
  }
  const kill = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
      process.kill(-server.pid!, 'SIGKILL');
    } catch {
      return;
    }
    await exited;
  };
  return { base, port, pid: server.pid!, stop: () => stopProcessGroup(server), kill };
}

/** The resident memory (bytes) of each process in a process group, read from /proc (Linux). */
export function groupMemory(groupId: number): { pid: number; command: string; rssBytes: number }[] {
  const pageSize = 4096;
  const found: { pid: number; command: string; rssBytes: number }[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command is in parentheses and may hold spaces; the fields after it are space-separated.
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      if (Number(fields[2]) !== groupId) continue;
      const resident = Number(readFileSync(`/proc/${name}/statm`, 'utf8').split(' ')[1]);
      found.push({ pid: Number(name), command: stat.slice(stat.indexOf('(') + 1, close), rssBytes: resident * pageSize });
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

/**
 * Samples the memory of a server's process group every `everyMs` until stopped: the peak of its
 * largest process (the Next.js server) and the series of samples, for drills that look for growth.
 */
export function watchMemory(groupId: number, everyMs = 250) {
  let peak = 0;
  const series: { at: number; rssBytes: number }[] = [];
  const sample = () => {
    const largest = Math.max(0, ...groupMemory(groupId).map((p) => p.rssBytes));
    if (largest > peak) peak = largest;
    series.push({ at: Date.now(), rssBytes: largest });
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    get peakBytes() {
      return peak;
    },
    series,
    /** Starts a new window: the peak from now on. */
    resetPeak() {
      peak = 0;
    },
    stop() {
      clearInterval(timer);
      sample();
    },
  };
}
