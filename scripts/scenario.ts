/**
 * Scenario CLI for trainers who author in git.
 *   npm run -s scenario -- check <file|dir>... [--json] [--strict]
 *   npm run -s scenario -- play <file> --choices a,b,TIMEOUT,... [--json]
 *   npm run -s scenario -- match <file>   (JSON lines {"state", "text"} on stdin, one JSON line out per line)
 * Exit codes: 0 fine, 1 a file has errors (or, with --strict, warnings), 2 bad usage or a bad input
 * line, 3 a choice is not open where it was played.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  compileScenario,
  criticalErrors,
  hasPassed,
  initialSnapshot,
  isFinished,
  outcomeOf,
  scoreAttempt,
  step,
  WARNING_REASONS,
  type CheckResult,
  type Decision,
} from '@/machines';
import { createScenarioMatcher, typedReplySchema } from '@/machines/own-words';
import { wordVectors } from '@/server/training/own-words';
import { checkScenarioFiles, formatCheckMessage, listScenarioFiles, ScenarioPathError } from '@/server/training/scenario-files';

const USAGE = `usage:
  npm run -s scenario -- check <file|dir>... [--json] [--strict]
  npm run -s scenario -- play <file> --choices a,b,TIMEOUT,... [--json]
  npm run -s scenario -- match <file>  < replies.jsonl   (lines {"state": "...", "text": "..."})`;

class UsageError extends Error {}

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const positional: string[] = [];
  let json = false;
  let strict = false;
  let choices: string[] | null = null;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--strict') strict = true;
    else if (arg === '--choices' || arg.startsWith('--choices=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : rest[++i];
      if (value === undefined) throw new UsageError('--choices needs a comma-separated list of choice keys');
      choices = value
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  return { command, positional, json, strict, choices };
}

const percent = (value: number) => `${value.toFixed(1)}%`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summaryLine(result: CheckResult): string {
  if (!result.valid) return `✗ ${result.file}: ${plural(result.errors.length, 'error')}`;
  const s = result.stats!;
  return (
    `✓ ${result.file} (${result.id}): ${plural(s.states, 'state')}, ${plural(s.decisions, 'decision')}, ` +
    `endings ${s.endings.success} success / ${s.endings.partial} partial / ${s.endings.failure} failure, ` +
    `best ${percent(s.bestPercent)}, worst ${percent(s.worstPercent)}` +
    (s.shortestSuccess !== null ? `, shortest success in ${plural(s.shortestSuccess, 'choice')}` : '')
  );
}

async function check(paths: string[], json: boolean, strict: boolean): Promise<number> {
  if (paths.length === 0) throw new UsageError('check needs at least one file or directory');
  const files = await listScenarioFiles(paths);
  const results = await checkScenarioFiles(files);
  if (json) {
    const out = results.map(({ document: _document, ...rest }) => rest);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    if (results.length === 0) process.stdout.write('no scenario files found\n');
    for (const result of results) {
      process.stdout.write(`${summaryLine(result)}\n`);
      for (const m of result.errors) process.stdout.write(`  error   ${formatCheckMessage(result.file, m)}\n`);
      for (const m of result.warnings) process.stdout.write(`  warning [${m.code}] ${formatCheckMessage(result.file, m)}\n`);
    }
    const codes = [...new Set(results.flatMap((r) => r.warnings.map((w) => w.code)))];
    if (codes.length) {
      process.stdout.write('\nwhy these warnings matter:\n');
      for (const code of codes) process.stdout.write(`  ${code}: ${WARNING_REASONS[code]}\n`);
    }
  }
  if (results.some((r) => !r.valid)) return 1;
  return strict && results.some((r) => r.warnings.length > 0) ? 1 : 0;
}

/** The scenario file of `play` and `match`: read and checked; null (with the errors written) when it has errors. */
async function validScenario(paths: string[], command: string) {
  if (paths.length !== 1) throw new UsageError(`${command} needs exactly one scenario file`);
  const file = paths[0]!;
  try {
    await readFile(file);
  } catch {
    throw new ScenarioPathError(`${file}: no such file`);
  }
  const [result] = await checkScenarioFiles([file]);
  if (!result!.valid) {
    for (const m of result!.errors) process.stderr.write(`${formatCheckMessage(file, m)}\n`);
    return null;
  }
  return result!.document!;
}

const matchLineSchema = z.object({ state: z.string({ error: 'must be a state name' }).min(1, { error: 'must be a state name' }), text: typedReplySchema });

/** A line of `match`'s input that cannot be matched: exit 2, naming the line. */
class BadLineError extends Error {}

async function match(paths: string[]): Promise<number> {
  const document = await validScenario(paths, 'match');
  if (!document) return 1;
  const matcher = createScenarioMatcher(document, wordVectors());
  let lineNumber = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new BadLineError(`line ${lineNumber}: not JSON; each line is {"state": "...", "text": "..."}`);
    }
    const input = matchLineSchema.safeParse(parsed);
    if (!input.success) {
      const issue = input.error.issues[0]!;
      throw new BadLineError(`line ${lineNumber}: ${issue.path.join('.') || 'the line'} ${issue.path.length ? issue.message : 'must be an object {"state", "text"}'}`);
    }
    const result = matcher.match(input.data.state, input.data.text);
    if (!result) throw new BadLineError(`line ${lineNumber}: state: "${input.data.state}" is not a decision of ${document.id}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  return 0;
}

async function play(paths: string[], choices: string[] | null, json: boolean): Promise<number> {
  if (choices === null) throw new UsageError('play needs --choices a,b,...');
  const document = await validScenario(paths, 'play');
  if (!document) return 1;
  const file = paths[0]!;
  const scenario = compileScenario(document);
  let snapshot = initialSnapshot(scenario);
  const decisions: Decision[] = [];
  let refused: { event: string; state: string; open: string[] } | null = null;
  for (const event of choices) {
    const outcome = step(scenario, snapshot, event);
    if (!outcome.ok) {
      refused = { event, state: String(snapshot.value), open: outcome.reason === 'not-open' ? outcome.open : [] };
      break;
    }
    decisions.push(outcome.decision);
    snapshot = outcome.next;
  }
  const score = scoreAttempt(decisions);
  const finished = isFinished(snapshot);
  const outcome = finished ? outcomeOf(scenario, snapshot) : null;
  const report = {
    state: String(snapshot.value),
    ending: finished ? String(snapshot.value) : null,
    outcome,
    passed: outcome ? hasPassed(score.overallPercent, scenario.doc.meta.passPercent, outcome, criticalErrors(decisions)) : null,
    overallPercent: score.overallPercent,
    principles: score.principles,
    decisions: decisions.map(({ state, event, earned, best, critical }) => ({ state, event, earned, best, critical })),
    criticalErrors: decisions.flatMap((d) => (d.critical === null ? [] : [{ state: d.state, event: d.event, reason: d.critical }])),
  };
  if (json) process.stdout.write(`${JSON.stringify(refused ? { ...report, error: refusalMessage(refused) } : report, null, 2)}\n`);
  else {
    for (const d of report.decisions) {
      process.stdout.write(`${d.state} → ${d.event}  earned ${JSON.stringify(d.earned)} of ${JSON.stringify(d.best)}${d.critical ? `  CRITICAL: ${d.critical}` : ''}\n`);
    }
    process.stdout.write(
      finished
        ? `ended at "${report.ending}" (${outcome}): ${percent(score.overallPercent)} overall, ${report.passed ? 'passed' : 'not passed'}\n`
        : `now at "${report.state}" (not finished): ${percent(score.overallPercent)} overall so far\n`,
    );
    for (const [id, value] of Object.entries(score.principles)) process.stdout.write(`  ${id}: ${percent(value)}\n`);
  }
  if (refused) {
    process.stderr.write(`${path.normalize(file)}: ${refusalMessage(refused)}\n`);
    return 3;
  }
  return 0;
}

const refusalMessage = (r: { event: string; state: string; open: string[] }) =>
  r.open.length
    ? `"${r.event}" is not open in state "${r.state}"; open choices: ${r.open.join(', ')}`
    : `"${r.event}" cannot be played: the scenario already ended at "${r.state}"`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    (args.length === 0 ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  const { command, positional, json, strict, choices } = parseArgs(args);
  if (command === 'check') {
    if (choices !== null) throw new UsageError('--choices belongs to play');
    return check(positional, json, strict);
  }
  if (strict) throw new UsageError('--strict belongs to check');
  if (command === 'play') return play(positional, choices, json);
  if (command === 'match') {
    if (choices !== null || json) throw new UsageError('match takes only a scenario file: it always answers in JSON lines');
    return match(positional);
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof BadLineError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof UsageError || error instanceof ScenarioPathError) {
      process.stderr.write(`${error.message}\n${error instanceof UsageError ? USAGE : ''}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
