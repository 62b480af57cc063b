import { describe, expect, it } from 'vitest';
import { checkScenario } from './checker';
import { compileScenario } from './compile';
import { PRINCIPLE_IDS } from './principles';
import { criticalErrors, hasPassed, scoreAttempt } from './scoring';
import { allPaths } from './test-fixtures/all-paths';
import { BROKEN_SCENARIOS, WARNED_SCENARIOS } from './test-fixtures/broken-scenarios';
import { asText, FIXTURE_WARNINGS, fixtureScenario, loopingScenario } from './test-fixtures/scenarios';

const check = (text: string, file = 'scenarios/fixture-call.json') => checkScenario(text, { file, principles: PRINCIPLE_IDS });

describe('checker: valid files', () => {
  it('accepts the fixture with no errors, and only the design warnings its small size brings', () => {
    const result = check(asText(fixtureScenario()));
    expect(result.errors).toEqual([]);
    expect(result.warnings.map(({ code, path }) => ({ code, path }))).toEqual(FIXTURE_WARNINGS);
    expect(result.valid).toBe(true);
    expect(result.id).toBe('fixture-call');
  });

  it('computes the stats worked out by hand', () => {
    const stats = check(asText(fixtureScenario())).stats!;
    expect(stats).toMatchObject({
      states: 8,
      decisions: 4,
      endings: { success: 1, partial: 1, failure: 1 },
      bestPercent: 100,
      worstPercent: 0,
      principles: ['responsiveness', 'integrity', 'follow-through'],
      shortestSuccess: 3,
      canPass: true,
      canFail: true,
    });
  });

  it('keeps the order of choices as written, TIMEOUT included', () => {
    const doc = check(asText(fixtureScenario())).document!;
    expect(Object.keys((doc.states.greet as { on: object }).on)).toEqual(['listen', 'rush', 'TIMEOUT']);
  });

  it('checks an object as well as text, without changing the object', () => {
    const doc = fixtureScenario();
    const before = asText(doc);
    expect(checkScenario(doc, { file: 'x', principles: PRINCIPLE_IDS }).valid).toBe(true);
    expect(asText(doc)).toBe(before);
  });

  it('reports a file name that does not match the id', () => {
    const result = checkScenario(asText(fixtureScenario()), { file: 'scenarios/other.json', principles: PRINCIPLE_IDS, expectedId: 'other' });
    expect(result.errors).toContainEqual({ path: 'id', message: expect.stringContaining('the file is named "other.json"') });
  });
});

describe('checker: the corpus of broken files', () => {
  it.each(BROKEN_SCENARIOS.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const result = check(testCase.text);
    expect(result.valid).toBe(false);
    expect(result.stats).toBeNull();
    expect(result.errors).toContainEqual({ path: testCase.path, message: expect.stringContaining(testCase.message) });
  });

  it.each(WARNED_SCENARIOS.map((c) => [c.name, c] as const))('warns: %s', (_name, testCase) => {
    const result = check(testCase.text);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.warnings).toContainEqual({ code: expect.any(String), path: testCase.path, message: expect.stringContaining(testCase.message) });
  });
});

describe('checker: best and worst paths', () => {
  const crossCheck = (doc: ReturnType<typeof fixtureScenario>) => {
    const result = check(asText(doc));
    expect(result.errors).toEqual([]);
    const scenario = compileScenario(result.document!);
    const paths = allPaths(scenario);
    const overall = paths.map((p) => scoreAttempt(p.decisions).overallPercent);
    const passed = paths.map((p, i) => hasPassed(overall[i]!, doc.meta.passPercent, p.outcome, criticalErrors(p.decisions)));
    expect(result.stats!.bestPercent).toBeCloseTo(Math.max(...overall), 10);
    expect(result.stats!.worstPercent).toBeCloseTo(Math.min(...overall), 10);
    expect(result.stats!.canPass).toBe(passed.some(Boolean));
    expect(result.stats!.canFail).toBe(passed.some((p) => !p));
    return { result, paths, overall };
  };

  it('agrees with playing every path of the fixture one by one', () => {
    const { paths } = crossCheck(fixtureScenario());
    // listen or rush or TIMEOUT, promise or bluff, then wrap (2 endings) or upset (argue, or apologise then 2).
    expect(paths).toHaveLength(15);
  });

  it('handles a loop that repeats until mood bottoms out', () => {
    const { result, paths } = crossCheck(loopingScenario());
    // Asking again from mood 0 can repeat at −2, −4 and −5; a fourth time would repeat a configuration.
    expect(paths.some((p) => p.events.filter((e) => e === 'ask-again').length === 3)).toBe(true);
    expect(paths.some((p) => p.events.filter((e) => e === 'ask-again').length > 3)).toBe(false);
    expect(result.stats!.worstPercent).toBe(0);
  });

  it('finds a worst path above zero when no path loses everything', () => {
    const doc = fixtureScenario();
    // Every path earns something at the greeting and loses nothing after it.
    (doc.states.greet as any).on.rush.actions[0].params.responsiveness = 1;
    (doc.states.greet as any).on.TIMEOUT.actions[0].params.responsiveness = 1;
    (doc.states.ask as any).on.bluff.actions[0].params.integrity = 0;
    (doc.states.upset as any).on.argue.actions[0].params.integrity = 0;
    (doc.states.wrap as any).on.close[1].actions[0].params['follow-through'] = 0;
    const { result, overall } = crossCheck(doc);
    expect(result.stats!.worstPercent).toBeGreaterThan(0);
    expect(Math.min(...overall)).toBeGreaterThan(0);
  });
});
