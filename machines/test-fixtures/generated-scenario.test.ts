import { describe, expect, it } from 'vitest';
import { checkScenario } from '../checker';
import { isDecision, isEnding, isJunction } from '../document';
import { PRINCIPLE_IDS } from '../principles';
import { generatedScenario } from './generated-scenario';

describe('the generated scenario', () => {
  it('has 200 states of every kind and passes the checker without errors', () => {
    const doc = generatedScenario();
    const states = Object.values(doc.states);
    expect(states).toHaveLength(200);
    const decisions = states.filter(isDecision);
    expect(decisions.length).toBeGreaterThan(100);
    expect(decisions.some((s) => s.meta.timeLimitSeconds !== undefined && 'TIMEOUT' in s.on)).toBe(true);
    expect(decisions.some((s) => Object.values(s.on).some(Array.isArray))).toBe(true);
    expect(decisions.every((s) => Object.keys(s.on).filter((k) => k !== 'TIMEOUT').length >= 2)).toBe(true);
    expect(states.filter(isJunction).length).toBeGreaterThan(10);
    expect(new Set(states.filter(isEnding).map((s) => s.meta.outcome))).toEqual(new Set(['success', 'partial', 'failure']));

    const result = checkScenario(JSON.stringify(doc), { file: 'generated.json', principles: PRINCIPLE_IDS });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.stats).toMatchObject({ states: 200, canPass: true });
  });

  it('is the same for the same seed and differs for another; other sizes pass too', () => {
    expect(JSON.stringify(generatedScenario(200, 7))).toBe(JSON.stringify(generatedScenario(200, 7)));
    expect(JSON.stringify(generatedScenario(200, 7))).not.toBe(JSON.stringify(generatedScenario(200, 8)));
    for (const [size, seed] of [
      [6, 1],
      [30, 2],
      [120, 3],
      [200, 4],
    ] as const) {
      const result = checkScenario(generatedScenario(size, seed), { file: 'generated.json', principles: PRINCIPLE_IDS });
      expect(result.errors, `${size} states, seed ${seed}`).toEqual([]);
    }
  });
});
