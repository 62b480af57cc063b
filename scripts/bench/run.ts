/**
 * `npm run bench [-- --quick] [--only <benchmark>]`: runs the benchmarks below, prints one table and
 * writes bench/results/latest.json with the machine, the versions measured, and every figure with
 * its target and whether it was met. Exit codes: 0 ran (targets met or not: see the table),
 * 1 a benchmark failed to run, 2 bad usage.
 * With PGlite the benchmarks open their own data directories; nothing touches the server's own database.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hrDashboard } from './hr-dashboard';
import { pages } from './pages';
import { playerResponse } from './player-response';
import { ownWords } from './own-words';
import { playerWeight } from './player-weight';
import { saveLoad } from './save-load';
import { studio } from './studio';
import { runCommand, type Benchmark, type Figure } from './lib';

const BENCHMARKS: Benchmark[] = [hrDashboard, studio, saveLoad, playerWeight, playerResponse, pages, ownWords];
const RESULTS = path.join('bench', 'results', 'latest.json');
/** The same table in Markdown, to paste into docs/performance.md. */
const MARKDOWN = path.join('bench', 'results', 'latest.md');
const USAGE = `usage: npm run bench -- [--quick] [--only ${BENCHMARKS.map((b) => b.name).join('|')}]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: string[]): { quick: boolean; only: string | null } {
  let quick = false;
  let only: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n${BENCHMARKS.map((b) => `  ${b.name}: ${b.description}`).join('\n')}\n`);
      process.exit(0);
    } else if (arg === '--quick') quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      only = arg.includes('=') ? arg.slice(7) : (argv[++i] ?? null);
      if (!only || !BENCHMARKS.some((b) => b.name === only)) fail(`--only needs one of ${BENCHMARKS.map((b) => b.name).join(', ')}, not ${JSON.stringify(only ?? '')}`);
    } else fail(`unknown argument ${JSON.stringify(arg)}`);
  }
  return { quick, only };
}

function packageVersion(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
  };
}

const formatNumber = (value: number, unit: Figure['unit']) =>
  !Number.isFinite(value)
    ? '—'
    : unit === 'ms'
      ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`
      : unit === 's'
        ? `${value.toFixed(1)} s`
        : unit === 'ratio'
          ? `${value.toFixed(2)}×`
          : unit === '%'
            ? `${value.toFixed(1)} %`
            : unit === 'number'
              ? value.toFixed(3)
              : `${Math.round(value).toLocaleString('en')}${unit === 'count' ? '' : ` ${unit}`}`;

const targetText = (f: Figure) =>
  f.target ? `${f.target.on === 'value' ? '' : `${f.target.on} `}${f.target.op === '<=' ? '≤' : '≥'} ${formatNumber(f.target.value, f.unit)}` : '';

function markdownTable(figures: readonly Figure[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Benchmark | Backend | Figure | Median | p95 | Runs | Target | Result |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...figures.map(
      (f) =>
        `| ${[f.benchmark, f.backend ?? '', f.name, formatNumber(f.median, f.unit), f.p95 === null ? '' : formatNumber(f.p95, f.unit), String(f.runs), targetText(f), f.pass === null ? '' : f.pass ? 'pass' : '**miss**'].map(cell).join(' | ')} |`,
    ),
  ].join('\n');
}

function table(figures: readonly Figure[]): string {
  const rows = [
    ['Benchmark', 'Backend', 'Figure', 'Median', 'p95', 'Runs', 'Target', 'Result'],
    ...figures.map((f) => [
      f.benchmark,
      f.backend ?? '',
      f.name,
      formatNumber(f.median, f.unit),
      f.p95 === null ? '' : formatNumber(f.p95, f.unit),
      String(f.runs),
      targetText(f),
      f.pass === null ? '' : f.pass ? 'pass' : 'MISS',
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const { quick, only } = parse(process.argv.slice(2));
const startedAt = new Date();
const figures: Figure[] = [];
const errors: { benchmark: string; message: string }[] = [];
const versions: Record<string, string | null> = {
  next: packageVersion('next'),
  react: packageVersion('react'),
  xstate: packageVersion('xstate'),
  pglite: packageVersion('@electric-sql/pglite'),
  'drizzle-orm': packageVersion('drizzle-orm'),
  pg: packageVersion('pg'),
};
const measured: Record<string, string> = {};
// Build once, up front, so no benchmark's figures include the build.
process.stderr.write('\n== building the production app (when the sources changed since the last build)\n');
try {
  const built = performance.now();
  const output = await runCommand(path.join('node_modules', '.bin', 'tsx'), ['scripts/start.ts', '--build-only']);
  process.stderr.write(`  ${output.includes('Building Frontline') ? `built in ${((performance.now() - built) / 1000).toFixed(0)} s` : 'the build is current'}\n`);
} catch (error) {
  process.stderr.write(`The build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
for (const benchmark of BENCHMARKS.filter((b) => !only || b.name === only)) {
  process.stderr.write(`\n== ${benchmark.name}${quick ? ' (quick)' : ''}: ${benchmark.description}\n`);
  try {
    await benchmark.run(
      { quick, versions: measured, log: (message) => process.stderr.write(`  [${((performance.now() / 1000) | 0).toString().padStart(4)} s] ${message}\n`) },
      (figure) => {
        figures.push(figure);
        process.stderr.write(
          `  ${figure.backend ? `${figure.backend}: ` : ''}${figure.name}: ${formatNumber(figure.median, figure.unit)}${figure.pass === false ? ' (MISSED target)' : ''}\n`,
        );
      },
    );
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    errors.push({ benchmark: benchmark.name, message });
    process.stderr.write(`  ${benchmark.name} failed: ${message}\n`);
  }
}

const finishedAt = new Date();
const missed = figures.filter((f) => f.pass === false).length;
mkdirSync(path.dirname(RESULTS), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify({ startedAt, finishedAt, quick, machine: machine(), versions: { ...versions, ...measured }, figures, errors }, null, 2)}\n`);
process.stdout.write(`\n${table(figures)}\n\n`);
writeFileSync(MARKDOWN, `${markdownTable(figures)}\n`);
process.stdout.write(
  `${figures.length} figures, ${figures.filter((f) => f.pass).length} targets met, ${missed} missed${errors.length ? `, ${errors.length} benchmark(s) failed to run` : ''}; ` +
    `${((finishedAt.getTime() - startedAt.getTime()) / 1000).toFixed(0)} s. Results in ${RESULTS}.\n`,
);
process.exit(errors.length ? 1 : 0);
