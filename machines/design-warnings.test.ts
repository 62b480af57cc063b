import { describe, expect, it } from 'vitest';
import { checkScenario, type CheckWarning } from './checker';
import type { WarningCode } from './design-warnings';
import { WARNING_CODES, WARNING_REASONS } from './design-warnings';
import { PRINCIPLE_IDS } from './principles';

/** A reply in a made-up scenario: its length in characters, its points, and optionally a critical error. */
interface Reply {
  key: string;
  length: number;
  points: Record<string, number>;
  critical?: string;
  mood?: number;
}

/** Words of an exact length, so lengths are what a test says they are. */
const words = (length: number) =>
  'Say this. '
    .repeat(Math.ceil(length / 10))
    .slice(0, length)
    .trimEnd()
    .padEnd(length, '.');

/**
 * A straight conversation: every reply at decision i leads to decision i + 1, the last to a
 * junction on mood: a success ending, or `lowMoodEnding`.
 */
function linearScenario(decisions: Reply[][], options: { difficulty?: 'intro' | 'core'; passPercent?: number; lowMoodEnding?: 'partial' | 'success' } = {}) {
  const principles = [...new Set(decisions.flat().flatMap((r) => Object.keys(r.points)))];
  const states: Record<string, unknown> = {};
  decisions.forEach((replies, i) => {
    const next = i === decisions.length - 1 ? 'settle' : `d${i}`.replace(/\d+$/, String(i + 1));
    states[`d${i}`] = {
      meta: { say: `Customer line ${i}.` },
      on: Object.fromEntries(
        replies.map((r) => [
          r.key,
          {
            target: next,
            meta: { choice: words(r.length), feedback: 'Why it helps or hurts.', ...(r.critical ? { critical: r.critical } : {}) },
            actions: [...(Object.keys(r.points).length ? [{ type: 'score', params: r.points }] : []), ...(r.mood ? [{ type: 'mood', params: { by: r.mood } }] : [])],
          },
        ]),
      ),
    };
  });
  // The customer ends happy only when nearly every reply was the right one (each gives mood +1).
  states.settle = {
    always: [{ guard: { type: 'moodAtLeast', params: { value: decisions.length - 1 } }, target: 'happy' }, { target: 'unhappy' }],
  };
  states.happy = { type: 'final', meta: { outcome: 'success', summary: 'Sorted.' } };
  states.unhappy = { type: 'final', meta: { outcome: options.lowMoodEnding ?? 'partial', summary: 'Half sorted.' } };
  return {
    id: 'made-up',
    initial: 'd0',
    meta: {
      format: 'frontline.scenario/1',
      title: 'Made up',
      summary: 'A made-up conversation for the design warnings.',
      channel: 'chat',
      difficulty: options.difficulty ?? 'core',
      minutes: 5,
      passPercent: options.passPercent ?? 70,
      feedback: 'immediate',
      persona: { name: 'Alex', role: 'Customer' },
      principles,
    },
    states,
  };
}

const warningsOf = (doc: unknown): CheckWarning[] => {
  const result = checkScenario(doc, { file: 'made-up.json', principles: PRINCIPLE_IDS });
  expect(result.errors).toEqual([]);
  return result.warnings;
};
const codes = (doc: unknown) => warningsOf(doc).map((w) => w.code);
const withCode = (doc: unknown, code: WarningCode) => warningsOf(doc).filter((w) => w.code === code);

/** A decision teaching well: the right reply is not the longest, and a decent one earns part. */
const fair = (i: number): Reply[] => [
  { key: `right-${i}`, length: 80, points: { integrity: 2 }, mood: 1 },
  { key: `decent-${i}`, length: 90, points: { integrity: 1 } },
  { key: `wrong-${i}`, length: 85, points: { integrity: -1 }, mood: -1 },
];
const fairScenario = (count = 5, options = {}) =>
  linearScenario(
    Array.from({ length: count }, (_, i) => fair(i)),
    options,
  );

describe('design warnings', () => {
  it('a scenario written fairly raises none', () => {
    expect(warningsOf(fairScenario())).toEqual([]);
  });

  it('every code has a reason a trainer can read', () => {
    for (const code of WARNING_CODES) expect(WARNING_REASONS[code].length).toBeGreaterThan(20);
  });

  describe('longest-is-best', () => {
    const decision = (bestLength: number, others: number[]): Reply[] => [
      { key: 'a', length: others[0]!, points: { integrity: 1 } },
      { key: 'best', length: bestLength, points: { integrity: 2 } },
      { key: 'b', length: others[1]!, points: { integrity: -1 } },
    ];
    it('warns where the best reply is the longest by 1.3 × the median of the others', () => {
      const doc = linearScenario([decision(130, [100, 100]), ...Array.from({ length: 4 }, (_, i) => fair(i + 1))]);
      expect(withCode(doc, 'longest-is-best')).toEqual([{ code: 'longest-is-best', path: 'states.d0.on', message: expect.stringContaining('"best"') }]);
    });
    it('is quiet just under 1.3 ×, and when the longest reply is not the best', () => {
      expect(codes(linearScenario([decision(129, [100, 100]), ...Array.from({ length: 4 }, (_, i) => fair(i + 1))]))).not.toContain('longest-is-best');
      const longWrong: Reply[] = [
        { key: 'best', length: 80, points: { integrity: 2 } },
        { key: 'wrong', length: 200, points: { integrity: -1 } },
        { key: 'decent', length: 60, points: { integrity: 1 } },
      ];
      expect(codes(linearScenario([longWrong, ...Array.from({ length: 4 }, (_, i) => fair(i + 1))]))).not.toContain('longest-is-best');
    });
  });

  describe('single-scoring-reply', () => {
    it('warns where only one of three or more replies earns anything', () => {
      const allOrNothing: Reply[] = [
        { key: 'right', length: 80, points: { integrity: 2 } },
        { key: 'wrong', length: 85, points: { integrity: -1 } },
        { key: 'also-wrong', length: 90, points: {} },
      ];
      const doc = linearScenario([allOrNothing, ...Array.from({ length: 4 }, (_, i) => fair(i + 1))]);
      expect(withCode(doc, 'single-scoring-reply').map((w) => w.path)).toEqual(['states.d0.on']);
    });
    it('is quiet with partial credit, and with only two replies', () => {
      expect(codes(fairScenario())).not.toContain('single-scoring-reply');
      const two: Reply[] = [
        { key: 'right', length: 80, points: { integrity: 2 } },
        { key: 'wrong', length: 85, points: { integrity: -1 } },
      ];
      expect(codes(linearScenario([two, ...Array.from({ length: 4 }, (_, i) => fair(i + 1))]))).not.toContain('single-scoring-reply');
    });
  });

  describe('guessable-by-length', () => {
    const longestBest = (i: number): Reply[] => [
      { key: `best-${i}`, length: 100, points: { integrity: 2 } },
      { key: `decent-${i}`, length: 95, points: { integrity: 1 } },
      { key: `wrong-${i}`, length: 90, points: { integrity: -1 } },
    ];
    it('warns when taking the longest reply everywhere passes', () => {
      const doc = linearScenario(Array.from({ length: 5 }, (_, i) => longestBest(i)));
      expect(withCode(doc, 'guessable-by-length')).toEqual([{ code: 'guessable-by-length', path: 'meta', message: expect.stringContaining('5 decisions') }]);
    });
    it('is quiet when the longest replies fall below the pass mark', () => {
      const doc = linearScenario([...Array.from({ length: 3 }, (_, i) => longestBest(i)), fair(3), fair(4)]);
      // Longest: 2 + 2 + 2 + 1 + 1 = 8 of 10, passes at 70; at 85 it does not.
      expect(codes(doc)).toContain('guessable-by-length');
      expect(codes({ ...doc, meta: { ...doc.meta, passPercent: 85 } })).not.toContain('guessable-by-length');
    });
    it('is quiet when the longest reply is a critical error, whatever it scores', () => {
      const doc = linearScenario(Array.from({ length: 5 }, (_, i) => longestBest(i)));
      const d0 = (doc.states.d0 as { on: Record<string, { meta: Record<string, string> }> }).on['best-0']!;
      d0.meta.critical = 'Read the card number out before checking who was calling';
      expect(codes(doc)).not.toContain('guessable-by-length');
    });
  });

  describe('short-to-pass', () => {
    it('warns when a passing path is shorter than 5 decisions, naming the path', () => {
      expect(withCode(fairScenario(4), 'short-to-pass')).toEqual([
        { code: 'short-to-pass', path: 'meta', message: expect.stringContaining('4 decisions (right-0 → right-1 → right-2 → right-3)') },
      ]);
    });
    it('is quiet at 5, and at 4 for an intro scenario, and when the short path cannot pass', () => {
      expect(codes(fairScenario(5))).not.toContain('short-to-pass');
      expect(codes(fairScenario(4, { difficulty: 'intro' }))).not.toContain('short-to-pass');
      expect(withCode(fairScenario(3, { difficulty: 'intro' }), 'short-to-pass')).toHaveLength(1);
      // Four decisions whose best is a critical error: no short path passes.
      const doc = fairScenario(4);
      for (const i of [0, 1, 2, 3]) {
        for (const key of [`right-${i}`, `decent-${i}`]) {
          (doc.states[`d${i}`] as { on: Record<string, { meta: Record<string, string> }> }).on[key]!.meta.critical = 'Promised a refund policy forbids';
        }
      }
      expect(codes(doc)).not.toContain('short-to-pass');
    });
  });

  describe('success-below-pass', () => {
    it('warns when a low-scoring path still reaches a success ending', () => {
      expect(withCode(fairScenario(5, { lowMoodEnding: 'success' }), 'success-below-pass').map((w) => w.path)).toEqual(['states.unhappy']);
    });
    it('is quiet when low-scoring paths end elsewhere', () => {
      expect(codes(fairScenario(5, { lowMoodEnding: 'partial' }))).not.toContain('success-below-pass');
    });
  });

  describe('many-principles', () => {
    it('warns on a reply scoring three principles, naming its actions', () => {
      const doc = fairScenario();
      const reply = (doc.states.d2 as { on: Record<string, { actions: { type: string; params: Record<string, number> }[] }> }).on['right-2']!;
      reply.actions[0]!.params = { integrity: 1, competence: 1, responsiveness: 1 };
      doc.meta.principles.push('competence', 'responsiveness');
      expect(withCode(doc, 'many-principles')).toEqual([{ code: 'many-principles', path: 'states.d2.on.right-2.actions', message: expect.stringContaining('3 principles') }]);
    });
    it('is quiet at two', () => {
      const doc = fairScenario();
      const reply = (doc.states.d2 as { on: Record<string, { actions: { type: string; params: Record<string, number> }[] }> }).on['right-2']!;
      reply.actions[0]!.params = { integrity: 1, competence: 1 };
      doc.meta.principles.push('competence');
      expect(codes(doc)).not.toContain('many-principles');
    });
  });

  describe('cannot-pass', () => {
    it('warns when every path that would pass takes a critical error', () => {
      const doc = fairScenario();
      const right = (doc.states.d0 as { on: Record<string, { meta: Record<string, string> }> }).on['right-0']!;
      right.meta.critical = 'Shared another customer’s details';
      expect(codes({ ...doc, meta: { ...doc.meta, passPercent: 100 } })).toContain('cannot-pass');
      expect(codes({ ...doc, meta: { ...doc.meta, passPercent: 80 } })).not.toContain('cannot-pass');
    });
  });

  describe('few-examples', () => {
    it('warns about each reply with fewer than three examples when trainees type their replies', () => {
      const doc = fairScenario();
      const d0 = (doc.states.d0 as { on: Record<string, { meta: Record<string, unknown> }> }).on;
      for (const choice of Object.values(d0)) choice.meta.examples = ['One way.', 'Another way.', 'A third way.'];
      d0['right-0']!.meta.examples = ['Only one way.'];
      const warnings = warningsOf({ ...doc, meta: { ...doc.meta, ownWords: true } }).filter((w) => w.code === 'few-examples');
      expect(warnings.map((w) => w.path)).toContain('states.d0.on.right-0.meta');
      expect(warnings.find((w) => w.path === 'states.d0.on.right-0.meta')!.message).toContain('has 1 example;');
      // Near miss: the replies with three examples are not named.
      for (const event of Object.keys(d0).filter((e) => e !== 'right-0')) expect(warnings.map((w) => w.path)).not.toContain(`states.d0.on.${event}.meta`);
    });

    it('says nothing when trainees choose from the list', () => {
      expect(codes(fairScenario())).not.toContain('few-examples');
    });
  });

  it('missing-feedback, guard-never-passes and unscored-principle carry their codes', () => {
    const doc = fairScenario();
    delete (doc.states.d1 as { on: Record<string, { meta: Record<string, string> }> }).on['wrong-1']!.meta.feedback;
    doc.meta.principles.push('sincerity');
    (doc.states.d4 as { on: Record<string, unknown> }).on.secret = {
      guard: { type: 'remembered', params: { flag: 'never-set' } },
      target: 'hidden',
      meta: { choice: words(85), feedback: 'Unreachable.' },
      actions: [{ type: 'score', params: { integrity: 1 } }],
    };
    doc.states.hidden = { type: 'final', meta: { outcome: 'partial', summary: 'Never seen.' } };
    expect(warningsOf(doc).map(({ code, path }) => [code, path])).toEqual(
      expect.arrayContaining([
        ['missing-feedback', 'states.d1.on.wrong-1.meta'],
        ['unscored-principle', 'meta.principles[1]'],
        ['guard-never-passes', 'states.hidden'],
      ]),
    );
  });
});

describe('critical errors in the format', () => {
  it('must be the same in every alternative of a choice, like its words', () => {
    const doc = fairScenario();
    const d0 = doc.states.d0 as { on: Record<string, unknown> };
    const right = d0.on['right-0'] as { target: string; meta: Record<string, string>; actions: unknown[] };
    d0.on['right-0'] = [
      { ...right, guard: { type: 'moodAtLeast', params: { value: 0 } }, meta: { ...right.meta, critical: 'Guessed the answer' } },
      { ...right, meta: { ...right.meta } },
    ];
    const result = checkScenario(doc, { file: 'made-up.json', principles: PRINCIPLE_IDS });
    expect(result.errors).toContainEqual({ path: 'states.d0.on.right-0[1].meta.critical', message: expect.stringContaining('the same in every alternative') });
  });

  it('is plain text of 1–200 characters, on a choice or a time-out', () => {
    const doc = fairScenario();
    const right = (doc.states.d0 as { on: Record<string, { meta: Record<string, string> }> }).on['right-0']!;
    right.meta.critical = 'x'.repeat(201);
    expect(checkScenario(doc, { file: 'made-up.json', principles: PRINCIPLE_IDS }).errors).toContainEqual({
      path: 'states.d0.on.right-0.meta.critical',
      message: 'must be at most 200 characters',
    });
  });
});
