import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario } from './checker';
import { compileScenario } from './compile';
import { isDecision, isJunction } from './document';
import { PRINCIPLE_IDS } from './principles';
import { criticalErrors, hasPassed, scoreAttempt } from './scoring';
import { allPaths } from './test-fixtures/all-paths';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'principles.json');
const checked = files.map((file) => checkScenario(readFileSync(`scenarios/${file}`, 'utf8'), { file, principles: PRINCIPLE_IDS, expectedId: file.replace(/\.json$/, '') }));

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
      const scenario = compileScenario(result.document!);
      const paths = allPaths(scenario);
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
