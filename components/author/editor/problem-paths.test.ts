import { describe, expect, it } from 'vitest';
import { checkScenario, PRINCIPLE_IDS } from '@/machines';
import { describePath, errorsByField, fieldPathOf, oneProblemPerFault } from './problem-paths';

const scenario = (greet: unknown) =>
  JSON.stringify({
    $schema: '../public/scenario.schema.json',
    id: 'field-test',
    initial: 'opening',
    meta: {
      format: 'frontline.scenario/1',
      title: 'Field test',
      summary: 'A scenario for the field tests.',
      channel: 'phone',
      difficulty: 'intro',
      minutes: 3,
      passPercent: 50,
      feedback: 'immediate',
      persona: { name: 'Ada', role: 'Customer' },
      principles: ['responsiveness'],
    },
    states: {
      opening: { meta: { say: 'Hello.' }, on: { greet } },
      resolved: { type: 'final', meta: { outcome: 'success', summary: 'Helped.' } },
    },
  });

const check = (greet: unknown) => checkScenario(scenario(greet), { file: 'field-test.json', principles: PRINCIPLE_IDS, expectedId: 'field-test' });

describe('problems beside the fields', () => {
  it('finds the field that edits what a problem is about', () => {
    expect(fieldPathOf('states.opening.on.greet.target')).toBe('states.opening.on.greet.target');
    // Points, mood and what to remember share one field path.
    expect(fieldPathOf('states.opening.on.greet.actions[1].params.responsiveness')).toBe('states.opening.on.greet.actions');
    // A guard's kind is chosen at the guard; its value has its own field.
    expect(fieldPathOf('states.opening.on.greet[0].guard.type')).toBe('states.opening.on.greet[0].guard');
    expect(fieldPathOf('states.opening.on.greet[0].guard.params.value')).toBe('states.opening.on.greet[0].guard.params.value');
    // A reply's own fields are edited once, at its first outcome.
    expect(fieldPathOf('states.opening.on.greet[2].meta.choice')).toBe('states.opening.on.greet[0].meta.choice');
    expect(fieldPathOf('states.opening.on.greet[1].meta.critical')).toBe('states.opening.on.greet[0].meta.critical');
    // Feedback belongs to each outcome.
    expect(fieldPathOf('states.opening.on.greet[1].meta.feedback')).toBe('states.opening.on.greet[1].meta.feedback');
  });

  it('a reply with no next step says that, once, and not the rules of names', () => {
    const result = check({ target: '', meta: { choice: 'Hi.', feedback: 'Prompt.' }, actions: [{ type: 'score', params: { responsiveness: 1 } }] });
    const atTarget = result.errors.filter((e) => e.path === 'states.opening.on.greet.target');
    expect(atTarget).toEqual([{ path: 'states.opening.on.greet.target', message: 'is empty: choose where it leads' }]);
    expect(errorsByField(result.errors.map((e) => ({ ...e, severity: 'error' as const }))).get('states.opening.on.greet.target')).toEqual(['is empty: choose where it leads']);
    expect(describePath(atTarget[0]!.path)).toBe('Step “opening” › reply “greet” › next step');
  });

  it('a target that is written but malformed still gets the naming rule', () => {
    const result = check({ target: 'no way', meta: { choice: 'Hi.', feedback: 'Prompt.' } });
    expect(result.errors.find((e) => e.path === 'states.opening.on.greet.target')?.message).toMatch(/^a state name is 1–64 letters/);
  });

  it('empty words in a reply with two outcomes are one fault, shown once, beside the one words field', () => {
    const outcome = (guard?: unknown) => ({ target: 'resolved', ...(guard ? { guard } : {}), meta: { choice: '', feedback: 'Prompt.' } });
    const result = check([outcome({ type: 'moodAtLeast', params: { value: 1 } }), outcome()]);
    const empty = result.errors.filter((e) => e.message === 'must not be empty');
    expect(empty.map((e) => e.path)).toEqual(['states.opening.on.greet[0].meta.choice', 'states.opening.on.greet[1].meta.choice']);
    expect(oneProblemPerFault(empty).map((e) => e.path)).toEqual(['states.opening.on.greet[0].meta.choice']);
    const byField = errorsByField(result.errors.map((e) => ({ ...e, severity: 'error' as const })));
    expect(byField.get('states.opening.on.greet[0].meta.choice')).toEqual(['must not be empty']);
    expect(byField.has('states.opening.on.greet[1].meta.choice')).toBe(false);
  });

  it('shows errors beside fields, not warnings, and different faults of one field each once', () => {
    const byField = errorsByField([
      { path: 'meta.title', message: 'must not be empty', severity: 'error' },
      { path: 'meta.title', message: 'must not be empty', severity: 'error' },
      { path: 'states.a.on.b.actions[0].params.x', message: 'unknown principle "x"', severity: 'error' },
      { path: 'states.a.on.b.actions[1].type', message: 'unknown action', severity: 'error' },
      { path: 'states.a', message: 'unreachable', severity: 'warning' },
    ]);
    expect([...byField]).toEqual([
      ['meta.title', ['must not be empty']],
      ['states.a.on.b.actions', ['unknown principle "x"', 'unknown action']],
    ]);
  });
});
