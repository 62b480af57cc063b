import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from './checker';
import { compileScenario } from './compile';
import { isDecision, isJunction } from './document';
import { PRINCIPLE_IDS } from './principles';
import { criticalErrors, hasPassed, scoreAttempt } from './scoring';
import { allPaths, type PlayedPath } from './test-fixtures/all-paths';
import { alwaysLongest, alwaysWarmest, atRandom, playByGuessing } from './test-fixtures/guessing';
import { seededRandom } from './test-fixtures/seeded-random';
import { asList, type ScenarioDocument } from './document';
import { TIMEOUT_EVENT } from './format';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'principles.json');
const checked = files.map((file) => checkScenario(readFileSync(`scenarios/${file}`, 'utf8'), { file, principles: PRINCIPLE_IDS, expectedId: file.replace(/\.json$/, '') }));

/** Every path of a scenario, played once and shared by the tests that need them: playing them all is the slow part. */
const pathsById = new Map<string, PlayedPath[]>();
function pathsOf(doc: ScenarioDocument): PlayedPath[] {
  const known = pathsById.get(doc.id);
  if (known) return known;
  const paths = allPaths(compileScenario(doc));
  pathsById.set(doc.id, paths);
  return paths;
}

describe('built-in scenarios', () => {
  it('there are at least six', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it('score every principle in at least two scenarios', () => {
    for (const id of PRINCIPLE_IDS) {
      const using = checked.filter((r) => r.document?.meta.principles.includes(id)).map((r) => r.id);
      expect(using.length, `${id} is scored in ${using.join(', ') || 'no scenario'}`).toBeGreaterThanOrEqual(2);
    }
  });

  describe.each(checked.map((r) => [r.file, r] as const))('%s', (_file, result) => {
    it('passes the checker with no errors or warnings', () => {
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
    });

    it('has 10–30 states, success, partial and failure endings, and a junction on mood', () => {
      const stats = result.stats!;
      expect(stats.states).toBeGreaterThanOrEqual(10);
      expect(stats.states).toBeLessThanOrEqual(30);
      expect(stats.endings.success).toBeGreaterThanOrEqual(1);
      expect(stats.endings.partial).toBeGreaterThanOrEqual(1);
      expect(stats.endings.failure).toBeGreaterThanOrEqual(1);
      const moodJunction = Object.values(result.document!.states).some(
        (s) => isJunction(s) && s.always.some((t) => t.guard?.type === 'moodAtLeast' || t.guard?.type === 'moodBelow'),
      );
      expect(moodJunction).toBe(true);
    });

    it('has feedback on every choice', () => {
      for (const state of Object.values(result.document!.states)) {
        if (!isDecision(state)) continue;
        for (const value of Object.values(state.on)) {
          for (const transition of Array.isArray(value) ? value : [value]) expect(transition.meta?.feedback).toBeTruthy();
        }
      }
    });

    it('every path ends, the best scores at least 90% and the worst fails, as played one by one', () => {
      const paths = pathsOf(result.document!);
      const scored = paths.map((p) => ({ overall: scoreAttempt(p.decisions).overallPercent, outcome: p.outcome, critical: criticalErrors(p.decisions) }));
      const overall = scored.map((s) => s.overall);
      // The checker's analysis agrees with playing every path.
      expect(result.stats!.bestPercent).toBeCloseTo(Math.max(...overall), 9);
      expect(result.stats!.worstPercent).toBeCloseTo(Math.min(...overall), 9);
      expect(Math.max(...overall)).toBeGreaterThanOrEqual(90);
      const passMark = result.document!.meta.passPercent;
      expect(scored.some((s) => hasPassed(s.overall, passMark, s.outcome, s.critical))).toBe(true);
      const worst = scored.reduce((a, b) => (b.overall < a.overall ? b : a));
      expect(hasPassed(worst.overall, passMark, worst.outcome, worst.critical)).toBe(false);
    });
  });
});

/** Per decision of a file: each reply's words and total points (of its first alternative). */
function repliesByDecision(doc: ScenarioDocument) {
  return Object.entries(doc.states).flatMap(([name, state]) => {
    if (!isDecision(state)) return [];
    const replies = Object.entries(state.on)
      .filter(([event]) => event !== TIMEOUT_EVENT)
      .map(([event, value]) => {
        const first = asList(value)[0]!;
        const total = (first.actions ?? []).reduce((sum, a) => (a.type === 'score' ? sum + Object.values(a.params).reduce((x, y) => x + y, 0) : sum), 0);
        return { event, length: (first.meta as { choice: string }).choice.length, total };
      });
    return [{ name, replies }];
  });
}

describe('the built-in library is worth passing', () => {
  const documents = checked.map((r) => r.document!);

  it.each(documents.map((d) => [d.id, d] as const))('%s cannot be passed by always taking the longest or the warmest reply', (_id, doc) => {
    const scenario = compileScenario(doc);
    expect(playByGuessing(scenario, alwaysLongest).passed, 'always the longest').toBe(false);
    expect(playByGuessing(scenario, alwaysWarmest).passed, 'always the warmest').toBe(false);
  });

  it.each(documents.map((d) => [d.id, d] as const))('%s is passed by at most a tenth of 400 random plays', (_id, doc) => {
    const scenario = compileScenario(doc);
    const random = seededRandom(20261206);
    const passes = Array.from({ length: 400 }, () => playByGuessing(scenario, atRandom(random)).passed).filter(Boolean).length;
    expect(passes).toBeLessThanOrEqual(40);
  });

  it.each(documents.map((d) => [d.id, d] as const))('%s: the best reply is the longest at no more than a third of decisions, and half give partial credit', (_id, doc) => {
    const decisions = repliesByDecision(doc).filter((d) => d.replies.length >= 2);
    const longestIsBest = decisions.filter(({ replies }) => {
      const top = Math.max(...replies.map((r) => r.total));
      const longest = replies.reduce((a, b) => (b.length > a.length ? b : a));
      return longest.total === top;
    });
    expect(longestIsBest.length, longestIsBest.map((d) => d.name).join(', ')).toBeLessThanOrEqual(decisions.length / 3);
    const partial = decisions.filter(({ replies }) => {
      const top = Math.max(...replies.map((r) => r.total));
      return replies.some((r) => r.total > 0 && r.total < top);
    });
    expect(partial.length).toBeGreaterThanOrEqual(decisions.length / 2);
  });

  it.each(documents.map((d) => [d.id, d] as const))('%s needs at least 5 decisions to pass (4 for an intro)', (_id, doc) => {
    const passing = pathsOf(doc).filter((p) => hasPassed(scoreAttempt(p.decisions).overallPercent, doc.meta.passPercent, p.outcome, criticalErrors(p.decisions)));
    expect(passing.length).toBeGreaterThan(0);
    expect(Math.min(...passing.map((p) => p.decisions.length))).toBeGreaterThanOrEqual(doc.meta.difficulty === 'intro' ? 4 : 5);
  });

  it('at least half the scenarios have a critical error, and taking one fails the attempt', () => {
    const withCritical = checked.filter((r) => r.stats!.criticalErrors > 0);
    expect(withCritical.length).toBeGreaterThanOrEqual(checked.length / 2);
    for (const result of withCritical) {
      const paths = pathsOf(result.document!).filter((p) => criticalErrors(p.decisions) > 0);
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(hasPassed(scoreAttempt(p.decisions).overallPercent, result.document!.meta.passPercent, p.outcome, criticalErrors(p.decisions))).toBe(false);
    }
  });
});
