import { describe, expect, it } from 'vitest';
import { principleName } from '@/machines/principles';
import { compareRevisions } from './compare-revisions';

/** A small draft to change one thing at a time. */
function draft() {
  return {
    id: 'refund',
    initial: 'opening',
    context: { mood: 0 },
    meta: { title: 'A refund', summary: 'The customer wants money back.', passPercent: 70, principles: ['empathy', 'responsiveness'] },
    states: {
      opening: {
        meta: { say: ['I want my money back.', 'It broke in a day.'] },
        on: {
          sorry: {
            target: 'resolved',
            meta: { choice: 'I am sorry it broke.', feedback: 'Owns the problem.' },
            actions: [{ type: 'score', params: { empathy: 2, responsiveness: 1 } }],
          },
          policy: { target: 'resolved', meta: { choice: 'Policy says no.' }, actions: [{ type: 'score', params: { empathy: -1 } }] },
        },
      },
      resolved: { type: 'final', meta: { outcome: 'success', summary: 'Refunded.' } },
    },
  };
}

const source = (doc: unknown) => JSON.stringify(doc, null, 2);
const compare = (change: (doc: ReturnType<typeof draft>) => void) => {
  const after = draft();
  change(after);
  return compareRevisions(source(draft()), source(after));
};

describe('compareRevisions', () => {
  it('finds nothing between the same draft written differently', () => {
    const result = compareRevisions(source(draft()), JSON.stringify(draft()));
    expect(result).toEqual({ settings: [], steps: [], same: true });
  });

  it('names a changed setting by its label, with both values', () => {
    const result = compare((d) => {
      d.meta.title = 'A fair refund';
      d.meta.passPercent = 80;
    });
    expect(result.same).toBe(false);
    expect(result.settings).toEqual([
      { field: 'Title', before: 'A refund', after: 'A fair refund' },
      { field: 'Pass mark (%)', before: '70', after: '80' },
    ]);
    expect(result.steps).toEqual([]);
  });

  it('shows a changed customer line as the lines before and after', () => {
    const result = compare((d) => {
      d.states.opening.meta.say[1] = 'It broke within an hour.';
    });
    expect(result.steps).toEqual([
      {
        name: 'opening',
        change: 'changed',
        texts: [{ field: 'What the customer says', before: 'I want my money back.\nIt broke in a day.', after: 'I want my money back.\nIt broke within an hour.' }],
        replies: [],
      },
    ]);
  });

  it('lists replies added and removed, with their words', () => {
    const result = compare((d) => {
      const on = d.states.opening.on as Record<string, unknown>;
      delete on.policy;
      on.offer = { target: 'resolved', meta: { choice: 'I can refund it now.' }, actions: [{ type: 'score', params: { responsiveness: 2 } }] };
    });
    const replies = result.steps[0]!.replies;
    expect(replies.map((r) => [r.key, r.change, r.words])).toEqual([
      ['offer', 'added', 'I can refund it now.'],
      ['policy', 'removed', 'Policy says no.'],
    ]);
    expect(replies[0]!.scores).toEqual([{ principle: principleName('responsiveness'), before: null, after: 2 }]);
    expect(replies[1]!.scores).toEqual([{ principle: principleName('empathy'), before: -1, after: null }]);
  });

  it('gives each score change per principle, and leaves unchanged principles out', () => {
    const result = compare((d) => {
      d.states.opening.on.sorry.actions = [{ type: 'score', params: { empathy: 3, responsiveness: 1 } }];
    });
    const [reply] = result.steps[0]!.replies;
    expect(reply).toMatchObject({ key: 'sorry', change: 'changed', words: 'I am sorry it broke.', texts: [] });
    expect(reply!.scores).toEqual([{ principle: principleName('empathy'), before: 2, after: 3 }]);
  });

  it('names a reply’s changed feedback and next step in the studio’s words', () => {
    const result = compare((d) => {
      d.states.opening.on.sorry.meta.feedback = 'Owns the problem before the fix.';
      d.states.opening.on.sorry.target = 'opening';
    });
    expect(result.steps[0]!.replies[0]!.texts).toEqual([
      { field: 'Feedback', before: 'Owns the problem.', after: 'Owns the problem before the fix.' },
      { field: 'Next step', before: 'resolved', after: 'opening' },
    ]);
  });

  it('lists a step added and a step removed', () => {
    const result = compare((d) => {
      const states = d.states as Record<string, unknown>;
      delete states.resolved;
      states.closed = { type: 'final', meta: { outcome: 'failure', summary: 'Gone.' } };
    });
    expect(result.steps.map((s) => [s.name, s.change])).toEqual(
      expect.arrayContaining([
        ['closed', 'added'],
        ['resolved', 'removed'],
      ]),
    );
    const added = result.steps.find((s) => s.name === 'closed')!;
    expect(added.texts).toContainEqual({ field: 'How it ended', before: null, after: 'failure' });
  });

  it('treats text that is not JSON as an empty draft rather than failing', () => {
    const result = compareRevisions('{ not json', source(draft()));
    expect(result.same).toBe(false);
    expect(result.steps.map((s) => s.change)).toEqual(['added', 'added']);
  });
});
