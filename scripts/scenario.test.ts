import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';

const cliWithInput = (input: string, ...args: string[]) => {
  const run = spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/scenario.ts', ...args], { encoding: 'utf8', input });
  return { code: run.status, out: run.stdout, err: run.stderr };
};
const cli = (...args: string[]) => cliWithInput('', ...args);

let dir: string;
let good: string;
let bad: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'frontline-cli-'));
  good = path.join(dir, 'fixture-call.json');
  writeFileSync(good, asText(fixtureScenario()));
  const broken = fixtureScenario() as any;
  broken.id = 'broken-call';
  broken.states.greet.on.listen.target = 'aks';
  bad = path.join(dir, 'broken-call.json');
  writeFileSync(bad, asText(broken));
  writeFileSync(path.join(dir, 'principles.json'), '{"not": "a scenario"}');
});

describe('scenario CLI: check', () => {
  it('exits 0 for a valid file and prints a readable line', () => {
    const { code, out } = cli('check', good);
    expect(code).toBe(0);
    expect(out).toContain(`✓ ${good} (fixture-call): 8 states, 4 decisions, endings 1 success / 1 partial / 1 failure, best 100.0%, worst 0.0%`);
  });

  it('exits 1 when a file has errors, printing file: path: message', () => {
    const { code, out } = cli('check', dir);
    expect(code).toBe(1);
    expect(out).toContain(`✗ ${bad}: 1 error`);
    expect(out).toContain(`${bad}: states.greet.on.listen.target: no state "aks" (did you mean "ask"?)`);
    expect(out).not.toContain('principles.json');
  });

  it('prints one object per file with --json', () => {
    const { code, out } = cli('check', dir, '--json');
    expect(code).toBe(1);
    const results = JSON.parse(out);
    expect(results.map((r: { file: string }) => r.file)).toEqual([bad, good]);
    expect(Object.keys(results[0]).sort()).toEqual(['errors', 'file', 'id', 'stats', 'valid', 'warnings']);
    expect(results[0]).toMatchObject({ id: 'broken-call', valid: false, stats: null });
    expect(results[1]).toMatchObject({
      valid: true,
      errors: [],
      warnings: [
        { code: 'short-to-pass', path: 'meta', message: expect.stringContaining('passes in 3 decisions') },
        { code: 'success-below-pass', path: 'states.won', message: expect.any(String) },
      ],
      stats: { states: 8, decisions: 4, endings: { success: 1, partial: 1, failure: 1 }, bestPercent: 100, worstPercent: 0, criticalErrors: 0 },
    });
  });

  it('prints each warning with its code and why it matters, and fails on warnings only with --strict', () => {
    const plain = cli('check', good);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain(`warning [short-to-pass] ${good}: meta: a path passes in 3 decisions (listen → promise → close)`);
    expect(plain.out).toMatch(/why these warnings matter:\n {2}short-to-pass: A pass earned/);
    expect(cli('check', good, '--strict').code).toBe(1);
    const clean = fixtureScenario() as any;
    clean.id = 'clean-call';
    // A fourth decision and a stricter junction: nothing to warn about.
    clean.meta.difficulty = 'intro';
    const cleanFile = path.join(mkdtempSync(path.join(tmpdir(), 'frontline-cli-')), 'clean-call.json');
    clean.states.ask.on.promise.target = 'confirm';
    clean.states.confirm = {
      meta: { say: 'And you will really call?' },
      on: {
        yes: {
          target: 'check',
          meta: { choice: 'Yes, at 3 pm, with whatever I have found by then.', feedback: 'Specific.' },
          actions: [{ type: 'score', params: { integrity: 2 } }],
        },
        maybe: {
          target: 'check',
          meta: { choice: 'I should be able to call at some point this afternoon.', feedback: 'Vague.' },
          actions: [{ type: 'score', params: { integrity: 1 } }],
        },
        no: { target: 'check', meta: { choice: 'It may be tomorrow; things are busy here this week.', feedback: 'Hedges.' }, actions: [{ type: 'mood', params: { by: -1 } }] },
      },
    };
    clean.states.check.always[0].guard.params.value = 1;
    clean.states.greet.on.TIMEOUT.actions.push({ type: 'mood', params: { by: -1 } });
    // A customer who got upset is at best partly won back.
    clean.states.upset.on.apologise.target = 'partial';
    writeFileSync(cleanFile, asText(clean));
    const strict = cli('check', cleanFile, '--strict');
    expect(strict.out).not.toContain('warning');
    expect(strict.code).toBe(0);
  });

  it('reports two files with the same id', () => {
    const other = mkdtempSync(path.join(tmpdir(), 'frontline-cli-'));
    writeFileSync(path.join(other, 'fixture-call.json'), asText(fixtureScenario()));
    const { code, out } = cli('check', good, path.join(other, 'fixture-call.json'));
    expect(code).toBe(1);
    expect(out).toContain(`id: "fixture-call" is already the id of ${good}`);
  });

  it('prints its usage with --help', () => {
    const { code, out } = cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('npm run -s scenario -- check <file|dir>... [--json] [--strict]');
  });

  it('exits 2 on bad usage', () => {
    expect(cli().code).toBe(2);
    expect(cli('check').code).toBe(2);
    expect(cli('check', path.join(dir, 'missing.json')).code).toBe(2);
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('check', good, '--bogus').code).toBe(2);
  });
});

describe('scenario CLI: play', () => {
  it('plays choices, following junctions, and reports the scores', () => {
    const { code, out } = cli('play', good, '--choices', 'rush,promise,apologise,close', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      state: 'won',
      ending: 'won',
      outcome: 'success',
      passed: true,
      overallPercent: 62.5,
      principles: { responsiveness: 0, integrity: 100, 'follow-through': 100 },
      decisions: [
        { state: 'greet', event: 'rush', earned: { responsiveness: -1 }, best: { responsiveness: 2 }, critical: null },
        { state: 'ask', event: 'promise', earned: { integrity: 2, 'follow-through': 1 }, best: { integrity: 2, 'follow-through': 1 }, critical: null },
        { state: 'upset', event: 'apologise', earned: { integrity: 1 }, best: { integrity: 1 }, critical: null },
        { state: 'wrap', event: 'close', earned: { 'follow-through': 2 }, best: { 'follow-through': 2 }, critical: null },
      ],
      criticalErrors: [],
    });
  });

  it('lists critical errors and fails the attempt whatever the score', () => {
    const critical = fixtureScenario() as any;
    critical.states.ask.on.promise.meta.critical = 'Promised a call-back time nobody had agreed to';
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'frontline-cli-')), 'fixture-call.json');
    writeFileSync(file, asText(critical));
    const report = JSON.parse(cli('play', file, '--choices', 'listen,promise,close', '--json').out);
    expect(report).toMatchObject({ outcome: 'success', overallPercent: 100, passed: false });
    expect(report.criticalErrors).toEqual([{ state: 'ask', event: 'promise', reason: 'Promised a call-back time nobody had agreed to' }]);
    expect(cli('play', file, '--choices', 'listen,promise,close').out).toContain(
      'ask → promise  earned {"integrity":2,"follow-through":1} of {"integrity":2,"follow-through":1}  CRITICAL: Promised a call-back time',
    );
  });

  it('reports an unfinished attempt with nulls', () => {
    const report = JSON.parse(cli('play', good, '--choices', 'TIMEOUT', '--json').out);
    expect(report).toMatchObject({ state: 'ask', ending: null, outcome: null, passed: null });
  });

  it('exits 3 naming the state and the open choices when a choice is not open', () => {
    const { code, err } = cli('play', good, '--choices', 'listen,close');
    expect(code).toBe(3);
    expect(err).toContain('"close" is not open in state "ask"; open choices: promise, bluff');
  });

  it('exits 1 for an invalid file and 2 without --choices', () => {
    expect(cli('play', bad, '--choices', 'listen').code).toBe(1);
    expect(cli('play', good).code).toBe(2);
  });
});

describe('scenario CLI: match', () => {
  const scenario = 'scenarios/promise-you-cannot-keep.json';
  const lines = (...values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';

  it('prints one JSON line per input line, in order: the match, its confidence and every candidate', () => {
    const { code, out, err } = cliWithInput(
      lines(
        { state: 'opening', text: "Congratulations on the wedding! I'm opening the tracking right now and I'll tell you honestly what I can see." },
        { state: 'opening', text: 'qwpoeiru zmxncb' },
      ),
      'match',
      scenario,
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const results = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ match: 'acknowledge-and-check' });
    expect(results[0].confidence).toBeGreaterThanOrEqual(0.5);
    expect(results[1]).toMatchObject({ match: null });
    for (const result of results) {
      expect(Object.keys(result)).toEqual(['match', 'confidence', 'candidates']);
      expect(result.candidates.length).toBeGreaterThan(1);
      for (const candidate of result.candidates) expect(Object.keys(candidate)).toEqual(['event', 'score']);
    }
  });

  it('exits 2 naming the line for a line that is not JSON, has no state, an empty or too long text, or a state that is not a decision', () => {
    const good = { state: 'opening', text: 'I will check the tracking' };
    for (const [bad, message] of [
      ['{not json', 'line 2: not JSON'],
      [{ text: 'hello' }, 'line 2: state must be a state name'],
      [{ state: 'opening', text: '' }, 'line 2: text is empty'],
      [{ state: 'opening', text: 'x'.repeat(1001) }, 'line 2: text is longer than 1000 characters'],
      [{ state: 'opening', text: 7 }, 'line 2: text must be text'],
      [{ state: 'no-such-state', text: 'hello' }, 'line 2: state: "no-such-state" is not a decision of promise-you-cannot-keep'],
      ['[1, 2]', 'line 2: the line must be an object'],
    ] as const) {
      const { code, out, err } = cliWithInput(lines(good, bad), 'match', scenario);
      expect(code, message).toBe(2);
      expect(err, message).toContain(message);
      // The lines before the bad one were answered.
      expect(out.trim().split('\n'), message).toHaveLength(1);
    }
  });

  it('exits 2 without exactly one file, with options that belong to other commands, and for a missing file', () => {
    expect(cli('match').code).toBe(2);
    expect(cli('match', scenario, '--json').code).toBe(2);
    expect(cli('match', 'no/such/file.json').code).toBe(2);
  });
});
