import { describe, expect, it } from 'vitest';
import { MAX_EXAMPLES } from '@/machines/format';
import { examplesOf, type DraftDocument, type DraftTransition } from '@/components/author/editor/draft-edits';
import { EXAMPLE_MAX_CHARS } from '@/machines/format';
import { addTypedExample, exampleProblem, repliesOf, replySaying } from './add-example';

/** A decision with a guarded reply (two alternatives), a plain one and a time-out. */
const draft = (): DraftDocument => ({
  id: 'refunds',
  meta: { ownWords: true },
  states: {
    details: {
      meta: { say: 'Just refund me.' },
      on: {
        promise: [
          {
            guard: { type: 'moodAtLeast', params: { value: 1 } },
            target: 'done',
            meta: { choice: 'I will refund you double.', feedback: 'No.', examples: ['You get twice back.'] },
          },
          { target: 'done', meta: { choice: 'I will refund you double.', feedback: 'No.', examples: ['You get twice back.'] } },
        ],
        check: { target: 'done', meta: { choice: 'Let me check what I can do.', feedback: 'Honest.' } },
        TIMEOUT: { target: 'done' },
      },
    },
    done: { type: 'final', meta: { outcome: 'success', summary: 'Done.' } },
  },
});
const alternatives = (doc: DraftDocument) => doc.states!.details!.on!.promise as DraftTransition[];

describe('adding a typed reply as an example of a reply', () => {
  it('lists the state’s replies by their words, without the time-out', () => {
    expect(repliesOf(draft(), 'details')).toEqual([
      { event: 'promise', words: 'I will refund you double.' },
      { event: 'check', words: 'Let me check what I can do.' },
    ]);
    expect(repliesOf(draft(), 'done')).toEqual([]);
    expect(repliesOf(draft(), 'nowhere')).toEqual([]);
  });

  it('adds the words, spaces collapsed, as the last example in every alternative alike, leaving the draft it was given as it was', () => {
    const before = draft();
    const after = addTypedExample(before, 'details', 'promise', '  you will get   double ');
    expect(alternatives(after).map((t) => t.meta?.examples)).toEqual([
      ['You get twice back.', 'you will get double'],
      ['You get twice back.', 'you will get double'],
    ]);
    expect(examplesOf(before.states!.details!.on!.promise)).toEqual(['You get twice back.']);
    // A reply with no examples yet gets its first.
    const checked = addTypedExample(after, 'details', 'check', 'let me look into it');
    expect(examplesOf(checked.states!.details!.on!.check)).toEqual(['let me look into it']);
    expect(replySaying(checked, 'details', 'Let me look into it!')).toEqual({ event: 'check', words: 'Let me check what I can do.' });
  });

  it('keeps to the format: at most 20 examples, each at most 400 characters of plain text', () => {
    const full = addTypedExample(draft(), 'details', 'check', 'x');
    const many = Array.from({ length: MAX_EXAMPLES }, (_, i) => `way ${i}`);
    (full.states!.details!.on!.check as DraftTransition).meta!.examples = many;
    expect(exampleProblem(full, 'details', 'check', 'one more')).toBe(
      `“Let me check what I can do.” already has ${MAX_EXAMPLES} examples, the most a reply can have. Remove one in the Edit tab first.`,
    );
    expect(addTypedExample(full, 'details', 'check', 'one more')).toBe(full);

    const long = 'a'.repeat(EXAMPLE_MAX_CHARS + 1);
    expect(exampleProblem(draft(), 'details', 'check', long)).toBe(`It is ${EXAMPLE_MAX_CHARS + 1} characters long; an example can have at most ${EXAMPLE_MAX_CHARS}.`);
    expect(exampleProblem(draft(), 'details', 'check', `  ${'a'.repeat(EXAMPLE_MAX_CHARS)}  `)).toBeNull();
    expect(exampleProblem(draft(), 'details', 'check', 'see <b>this</b>')).toMatch(/HTML tags/);
    expect(exampleProblem(draft(), 'details', 'check', 'bell\u0007')).toMatch(/control characters/);
    expect(exampleProblem(draft(), 'details', 'check', '   ')).toBe('There are no words to add.');
  });

  it('refuses words a reply of the state already says, as words or as an example, and a reply the draft no longer has', () => {
    expect(exampleProblem(draft(), 'details', 'promise', 'you get TWICE back')).toBe('“I will refund you double.” already says this.');
    expect(exampleProblem(draft(), 'details', 'check', 'You get twice back!')).toBe(
      '“I will refund you double.” already says this: as an example of two replies it would match neither.',
    );
    expect(exampleProblem(draft(), 'details', 'check', 'let me check what i can do')).toBe('“Let me check what I can do.” already says this.');
    expect(exampleProblem(draft(), 'details', 'gone', 'anything')).toBe('The draft has no such reply at this state.');
    expect(exampleProblem(draft(), 'nowhere', 'check', 'anything')).toBe('The draft has no such reply at this state.');
  });
});
