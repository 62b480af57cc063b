import { describe, expect, it } from 'vitest';
import { completionTime, stepCounts, type StepStanding } from './module-steps';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));
const open: StepStanding = { passedAt: null, retiredAt: null };
const passed = (minute: number): StepStanding => ({ passedAt: at(minute), retiredAt: null });
const retired = (minute: number): StepStanding => ({ passedAt: null, retiredAt: at(minute) });

describe('the module completion rule with retired steps', () => {
  it('completes when every step is passed, at the last first pass', () => {
    expect(completionTime([passed(5), passed(20), passed(10)])).toEqual(at(20));
    expect(completionTime([passed(5), open])).toBeNull();
  });

  it('does not wait for a step retired before it was passed: complete when it was retired, or at the last pass if later', () => {
    expect(completionTime([passed(5), retired(30)])).toEqual(at(30));
    expect(completionTime([retired(1), passed(40)])).toEqual(at(40));
    // Still owed: a step neither passed nor retired.
    expect(completionTime([retired(1), open, passed(2)])).toBeNull();
  });

  it('keeps a pass made before the step was retired; a pass after it was retired is no later than the retirement', () => {
    expect(completionTime([{ passedAt: at(3), retiredAt: at(50) }, passed(10)])).toEqual(at(10));
    expect(completionTime([{ passedAt: at(50), retiredAt: at(30) }, passed(10)])).toEqual(at(30));
  });

  it('never completes a module none of whose steps was passed, even when every one was retired', () => {
    expect(completionTime([retired(1), retired(2)])).toBeNull();
    expect(completionTime([])).toBeNull();
  });

  it('counts a retired step only where it was passed', () => {
    expect([open, passed(1), retired(2), { passedAt: at(1), retiredAt: at(2) }].map(stepCounts)).toEqual([true, true, false, true]);
  });
});
