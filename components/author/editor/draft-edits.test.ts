import { describe, expect, it } from 'vitest';
import { checkScenario } from '@/machines/checker';
import { PRINCIPLE_IDS } from '@/machines/principles';
import {
  addAlternative,
  addBranch,
  addChoice,
  addState,
  deleteState,
  editAlternative,
  editExamples,
  examplesOf,
  moveChoice,
  referencesTo,
  removeAlternative,
  renameChoice,
  renameState,
  replyText,
  setChoiceWords,
  setFeedback,
  setFixedOrder,
  setGuardType,
  setMetaField,
  setMood,
  setOwnWords,
  setPoints,
  setReplyText,
  setSay,
  setStateKind,
  setStateMeta,
  setTimeLimit,
  type DraftDocument,
  type DraftTransition,
} from './draft-edits';
import { documentText, initialEditorState, reduceEditor } from './editor-state';
import { describePath, parsePath, stateOfPath } from './problem-paths';

const blank = (): DraftDocument => ({
  id: 'editor-test',
  initial: 'opening',
  context: { mood: 0 },
  meta: {
    format: 'frontline.scenario/1',
    title: 'Editor test',
    summary: 'A scenario for the editor tests.',
    channel: 'phone',
    difficulty: 'intro',
    minutes: 5,
    passPercent: 70,
    feedback: 'immediate',
    persona: { name: 'Ada', role: 'Customer' },
    principles: ['responsiveness'],
  },
  states: {
    opening: {
      meta: { say: 'Hello.' },
      on: {
        greet: { target: 'resolved', meta: { choice: 'Hi, how can I help?', feedback: 'Prompt.' }, actions: [{ type: 'score', params: { responsiveness: 2 } }] },
      },
    },
    resolved: { type: 'final', meta: { outcome: 'success', summary: 'Helped.' } },
  },
});

const check = (doc: DraftDocument) => checkScenario(documentText(doc), { file: 'editor-test.json', principles: PRINCIPLE_IDS, expectedId: 'editor-test' });

describe('draft edits', () => {
  it('never change the document they are given', () => {
    const doc = blank();
    const before = documentText(doc);
    renameState(doc, 'resolved', 'done');
    setTimeLimit(doc, 'opening', 20);
    expect(documentText(doc)).toBe(before);
  });

  it('renaming a state renames every target and the start, keeping the order of states', () => {
    let doc = renameState(blank(), 'resolved', 'done');
    doc = renameState(doc, 'opening', 'start');
    expect(Object.keys(doc.states!)).toEqual(['start', 'done']);
    expect(doc.initial).toBe('start');
    expect((doc.states!.start!.on!.greet as { target: string }).target).toBe('done');
    expect(check(doc).valid).toBe(true);
  });

  it('lists what points at a state before it is deleted, and deleting leaves those targets for the checker to report', () => {
    const doc = blank();
    expect(referencesTo(doc, 'resolved').map((r) => r.label)).toEqual(['reply “greet” of “opening”']);
    expect(referencesTo(doc, 'opening').map((r) => r.label)).toEqual(['the scenario start']);
    const result = check(deleteState(doc, 'resolved'));
    expect(result.errors.map((e) => e.path)).toContain('states.opening.on.greet.target');
  });

  it('a time limit adds TIMEOUT and removing it removes TIMEOUT, as the format requires', () => {
    const timed = setTimeLimit(blank(), 'opening', 15);
    expect(timed.states!.opening!.meta!.timeLimitSeconds).toBe(15);
    expect(timed.states!.opening!.on!.TIMEOUT).toEqual({ target: '' });
    const untimed = setTimeLimit(timed, 'opening', undefined);
    expect(untimed.states!.opening!.meta!.timeLimitSeconds).toBeUndefined();
    expect(untimed.states!.opening!.on!.TIMEOUT).toBeUndefined();
    expect(check(untimed).valid).toBe(true);
  });

  it('choices are added before TIMEOUT and reordered among themselves', () => {
    let doc = setTimeLimit(blank(), 'opening', 15);
    doc = addChoice(doc, 'opening', 'wait');
    expect(Object.keys(doc.states!.opening!.on!)).toEqual(['greet', 'wait', 'TIMEOUT']);
    doc = moveChoice(doc, 'opening', 'wait', -1);
    expect(Object.keys(doc.states!.opening!.on!)).toEqual(['wait', 'greet', 'TIMEOUT']);
    doc = moveChoice(doc, 'opening', 'wait', -1);
    expect(Object.keys(doc.states!.opening!.on!)).toEqual(['wait', 'greet', 'TIMEOUT']);
  });

  it("points, mood and flags are written as the format's actions, in the files' order", () => {
    const doc = editAlternative(blank(), 'opening', 'greet', 0, (t) => {
      setPoints(t, 'responsiveness', undefined);
      setPoints(t, 'sincerity', -1);
    });
    expect((doc.states!.opening!.on!.greet as { actions: unknown }).actions).toEqual([{ type: 'score', params: { sincerity: -1 } }]);
    // sincerity is not listed in the principles: the checker says so.
    expect(check(doc).errors.some((e) => /sincerity/.test(e.message))).toBe(true);
  });

  it('a guarded alternative goes first and shares the words; a one-alternative choice stays a plain object', () => {
    let doc = addAlternative(blank(), 'opening', 'greet');
    const list = doc.states!.opening!.on!.greet as { guard?: unknown; meta: { choice: string } }[];
    expect(list).toHaveLength(2);
    expect(list[0]!.guard).toEqual({ type: 'moodAtLeast', params: { value: 0 } });
    expect(list[0]!.meta.choice).toBe('Hi, how can I help?');
    doc = setChoiceWords(doc, 'opening', 'greet', 'Hello!');
    expect((doc.states!.opening!.on!.greet as { meta: { choice: string } }[]).map((t) => t.meta.choice)).toEqual(['Hello!', 'Hello!']);
  });

  it('changing a kind keeps the customer line, and a decision gains or loses its timer only', () => {
    const asEnding = setStateKind(blank(), 'opening', 'ending');
    expect(asEnding.states!.opening).toEqual({ type: 'final', meta: { outcome: 'success', summary: '', say: 'Hello.' } });
    const timed = setStateKind(blank(), 'opening', 'timed');
    expect(Object.keys(timed.states!.opening!.on!)).toEqual(['greet', 'TIMEOUT']);
    const junction = addBranch(setStateKind(blank(), 'opening', 'junction'), 'opening');
    expect(junction.states!.opening!.always).toHaveLength(2);
    expect(junction.states!.opening!.always![1]!.guard).toBeUndefined();
  });

  it('several customer lines are a list, one is a string', () => {
    expect(setSay(blank(), 'opening', ['One.', 'Two.']).states!.opening!.meta!.say).toEqual(['One.', 'Two.']);
    expect(setSay(blank(), 'opening', ['One.']).states!.opening!.meta!.say).toBe('One.');
  });

  it('an edit to one state copies only that state: the others stay the same objects, and nothing is changed in place', () => {
    const doc = blank();
    const before = documentText(doc);
    const edits = [
      setSay(doc, 'opening', ['Hello?']),
      setTimeLimit(doc, 'opening', 20),
      setChoiceWords(doc, 'opening', 'greet', 'Hi.'),
      editAlternative(doc, 'opening', 'greet', 0, (t) => setPoints(t, 'responsiveness', 1)),
      addAlternative(doc, 'opening', 'greet'),
      moveChoice(addChoice(doc, 'opening', 'wait'), 'opening', 'wait', -1),
      setStateKind(doc, 'opening', 'ending'),
    ];
    for (const next of edits) {
      expect(next.states!.resolved).toBe(doc.states!.resolved);
      expect(next.states!.opening).not.toBe(doc.states!.opening);
      expect(Object.keys(next.states!)).toEqual(['opening', 'resolved']);
    }
    expect(edits[0]!.states!.opening!.on).toEqual(doc.states!.opening!.on);
    expect(documentText(doc)).toBe(before);
    // A state that is missing is created as before, on a copy of the whole draft.
    expect(setStateKind(doc, 'later', 'ending').states!.later).toEqual({ type: 'final', meta: { outcome: 'success', summary: '' } });
    expect(documentText(doc)).toBe(before);
  });

  it('an edit given as a function applies to the current draft, so a form section that did not re-render edits the latest one', () => {
    let state = initialEditorState(documentText(blank()));
    state = reduceEditor(state, { type: 'edit', doc: (d) => setSay(d, 'opening', ['Hello?']), key: 'say', now: 1 });
    state = reduceEditor(state, { type: 'edit', doc: (d) => setChoiceWords(d, 'opening', 'greet', 'Hi.'), key: 'words', now: 2 });
    expect(state.doc.states!.opening!.meta!.say).toBe('Hello?');
    expect(JSON.parse(state.text).states.opening.on.greet.meta.choice).toBe('Hi.');
    expect(state.past).toHaveLength(2);
  });

  it('a state is added after the one selected', () => {
    expect(Object.keys(addState(blank(), 'listening', 'decision', 'opening').states!)).toEqual(['opening', 'listening', 'resolved']);
  });
});

/** The blank draft with a second decision that uses every key the format added: a guarded critical reply, intent, examples, a critical time-out, a fixed order. */
const withAdditions = (): DraftDocument => {
  const doc = blank();
  doc.meta!.channel = 'social';
  doc.states!.opening!.on!.greet = {
    target: 'details',
    meta: { choice: 'Hi, how can I help?', feedback: 'Prompt.' },
    actions: [{ type: 'score', params: { responsiveness: 2 } }],
  };
  doc.states = {
    opening: doc.states!.opening!,
    details: {
      meta: { say: 'Just refund me.', timeLimitSeconds: 20, fixedOrder: true },
      on: {
        promise: [
          {
            guard: { type: 'moodAtLeast', params: { value: 1 } },
            target: 'resolved',
            meta: {
              choice: 'I will refund you double.',
              feedback: 'Not yours to promise.',
              intent: 'promises what policy forbids',
              examples: ['You get twice back.'],
              critical: 'Promised a refund policy does not allow.',
            },
          },
          {
            target: 'resolved',
            meta: {
              choice: 'I will refund you double.',
              feedback: 'Not yours to promise.',
              intent: 'promises what policy forbids',
              examples: ['You get twice back.'],
              critical: 'Promised a refund policy does not allow.',
            },
          },
        ],
        check: { target: 'resolved', meta: { choice: 'Let me check what I can do.', feedback: 'Honest.' }, actions: [{ type: 'score', params: { responsiveness: 1 } }] },
        TIMEOUT: { target: 'resolved', meta: { feedback: 'Silence on a public post.', critical: 'Left a public complaint unanswered.' } },
      },
    },
    resolved: doc.states!.resolved!,
  };
  return doc;
};

const promiseOf = (doc: DraftDocument) => doc.states!.details!.on!.promise as DraftTransition[];

describe('what belongs to a reply: critical error, intent, examples; and the order replies are shown in', () => {
  it('the draft with every addition passes the checker as written', () => {
    expect(check(withAdditions()).errors).toEqual([]);
  });

  it('a critical error is set and cleared in every alternative of a guarded reply at once, so the checker never sees them differ', () => {
    let doc = setReplyText(withAdditions(), 'details', 'promise', 'critical', 'Offered money that is not ours to give.');
    expect(promiseOf(doc).map((t) => t.meta?.critical)).toEqual(['Offered money that is not ours to give.', 'Offered money that is not ours to give.']);
    expect(replyText(doc.states!.details!.on!.promise, 'critical')).toBe('Offered money that is not ours to give.');
    expect(check(doc).errors).toEqual([]);
    doc = setReplyText(doc, 'details', 'promise', 'critical', '');
    expect(promiseOf(doc).every((t) => t.meta && !('critical' in t.meta))).toBe(true);
    expect(check(doc).errors).toEqual([]);
    // A plain reply becomes critical, and the checker counts it.
    doc = setReplyText(doc, 'details', 'check', 'critical', 'Checked instead of answering.');
    expect(check(doc).stats?.criticalErrors).toBe(2);
  });

  it('a time-out can be a critical error; clearing its only other field removes its meta, as the files write it', () => {
    let doc = setReplyText(withAdditions(), 'details', 'TIMEOUT', 'critical', '');
    doc = editAlternative(doc, 'details', 'TIMEOUT', 0, (t) => setFeedback(t, ''));
    expect(doc.states!.details!.on!.TIMEOUT).toEqual({ target: 'resolved' });
    doc = setReplyText(doc, 'details', 'TIMEOUT', 'critical', 'Left a public complaint unanswered.');
    expect(doc.states!.details!.on!.TIMEOUT).toEqual({ target: 'resolved', meta: { critical: 'Left a public complaint unanswered.' } });
  });

  it('the intent is set in every alternative; empty removes it', () => {
    let doc = setReplyText(withAdditions(), 'details', 'promise', 'intent', 'overpromises');
    expect(promiseOf(doc).map((t) => t.meta?.intent)).toEqual(['overpromises', 'overpromises']);
    doc = setReplyText(doc, 'details', 'promise', 'intent', '');
    expect(promiseOf(doc).some((t) => t.meta && 'intent' in t.meta)).toBe(false);
    expect(check(doc).errors).toEqual([]);
  });

  it('examples are added, edited, reordered and removed in every alternative alike; none left removes the key', () => {
    let doc = editExamples(withAdditions(), 'details', 'promise', (list) => [...list, 'Double your money back.']);
    doc = editExamples(doc, 'details', 'promise', (list) => list.map((x, i) => (i === 1 ? 'Double your money back, promise.' : x)));
    doc = editExamples(doc, 'details', 'promise', (list) => [list[1]!, list[0]!]);
    expect(examplesOf(doc.states!.details!.on!.promise)).toEqual(['Double your money back, promise.', 'You get twice back.']);
    expect(promiseOf(doc).map((t) => t.meta?.examples)).toEqual([
      ['Double your money back, promise.', 'You get twice back.'],
      ['Double your money back, promise.', 'You get twice back.'],
    ]);
    // Each alternative holds its own list, so a later edit of one never reaches the other through a shared array.
    expect(promiseOf(doc)[0]!.meta!.examples).not.toBe(promiseOf(doc)[1]!.meta!.examples);
    expect(check(doc).errors).toEqual([]);
    doc = editExamples(doc, 'details', 'promise', () => []);
    expect(promiseOf(doc).some((t) => t.meta && 'examples' in t.meta)).toBe(false);
    // An empty example is the checker's to report, at its path.
    const blankExample = editExamples(withAdditions(), 'details', 'check', () => ['']);
    expect(check(blankExample).errors.map((e) => e.path)).toContain('states.details.on.check.meta.examples[0]');
  });

  it('own-words replies are switched on as meta.ownWords and off by removing the key, and the checker takes both', () => {
    const on = setOwnWords(withAdditions(), true);
    expect(on.meta?.ownWords).toBe(true);
    expect(check(on).errors).toEqual([]);
    expect(check(on).warnings.map((w) => w.code)).toContain('few-examples');
    const off = setOwnWords(on, false);
    expect(off.meta && 'ownWords' in off.meta).toBe(false);
    expect(check(off).errors).toEqual([]);
  });

  it('a new guarded alternative takes the reply’s critical error, intent and examples, so the reply stays valid', () => {
    const doc = addAlternative(withAdditions(), 'details', 'promise');
    expect(promiseOf(doc)).toHaveLength(3);
    expect(promiseOf(doc)[0]!.meta).toMatchObject({
      choice: 'I will refund you double.',
      critical: 'Promised a refund policy does not allow.',
      intent: 'promises what policy forbids',
      examples: ['You get twice back.'],
    });
    const timeout = addAlternative(withAdditions(), 'details', 'TIMEOUT').states!.details!.on!.TIMEOUT as DraftTransition[];
    expect(timeout[0]!.meta).toEqual({ critical: 'Left a public complaint unanswered.' });
    const errors = check(doc).errors.filter((e) => /must be the same/.test(e.message));
    expect(errors).toEqual([]);
  });

  it('“show replies in the order written” is set as fixedOrder: true and cleared by removing the key', () => {
    let doc = setFixedOrder(blank(), 'opening', true);
    expect(doc.states!.opening!.meta).toEqual({ say: 'Hello.', fixedOrder: true });
    doc = setFixedOrder(doc, 'opening', false);
    expect(doc.states!.opening!.meta).toEqual({ say: 'Hello.' });
  });

  it('every other edit keeps the additions: words, feedback, points, guards, moves, renames, kinds, time limits, alternatives', () => {
    let doc = withAdditions();
    doc = setChoiceWords(doc, 'details', 'promise', 'I will refund you twice over.');
    doc = editAlternative(doc, 'details', 'promise', 1, (t) => {
      setFeedback(t, 'Not yours to give.');
      setPoints(t, 'responsiveness', -2);
      setMood(t, 1);
    });
    doc = editAlternative(doc, 'details', 'promise', 0, (t) => setGuardType(t, 'moodBelow'));
    doc = addChoice(doc, 'details', 'ask');
    doc = moveChoice(doc, 'details', 'promise', 1);
    doc = renameChoice(doc, 'details', 'promise', 'overpromise');
    doc = renameState(doc, 'details', 'complaint');
    doc = setSay(doc, 'complaint', ['Just refund me.', 'Now.']);
    doc = setStateMeta(doc, 'complaint', 'narration', 'The post has 40 replies.');
    doc = setStateKind(doc, 'complaint', 'timed');
    doc = setTimeLimit(doc, 'complaint', 30);
    doc = addAlternative(doc, 'complaint', 'overpromise');
    doc = removeAlternative(doc, 'complaint', 'overpromise', 0);
    doc = setMetaField(doc, 'title', 'Public complaint');

    const state = doc.states!.complaint!;
    expect(state.meta!.fixedOrder).toBe(true);
    expect(doc.meta!.channel).toBe('social');
    const reply = state.on!.overpromise as DraftTransition[];
    for (const alternative of reply) {
      expect(alternative.meta).toMatchObject({
        choice: 'I will refund you twice over.',
        critical: 'Promised a refund policy does not allow.',
        intent: 'promises what policy forbids',
        examples: ['You get twice back.'],
      });
    }
    expect(state.meta!.timeLimitSeconds).toBe(30);
    expect((state.on!.TIMEOUT as DraftTransition).meta?.critical).toBe('Left a public complaint unanswered.');
    // Without a time limit the time-out goes (the format wants it only with one), its critical error with it; the order stays.
    const untimed = setStateKind(doc, 'complaint', 'decision').states!.complaint!;
    expect(untimed.on!.TIMEOUT).toBeUndefined();
    expect(untimed.meta!.fixedOrder).toBe(true);
  });

  it('the editor’s store keeps the additions through form edits, raw text, undo and redo, as the saved text', () => {
    const source = documentText(withAdditions());
    let state = initialEditorState(source);
    state = reduceEditor(state, { type: 'edit', doc: (d) => setChoiceWords(d, 'details', 'check', 'Let me look.'), key: 'words', now: 1 });
    state = reduceEditor(state, { type: 'edit', doc: (d) => setReplyText(d, 'details', 'check', 'intent', 'buys time'), key: 'intent', now: 5000 });
    const saved = JSON.parse(state.text) as DraftDocument;
    expect(saved.states!.details!.meta!.fixedOrder).toBe(true);
    expect((saved.states!.details!.on!.check as DraftTransition).meta).toEqual({ choice: 'Let me look.', feedback: 'Honest.', intent: 'buys time' });
    expect(promiseOf(saved)[0]!.meta!.critical).toBe('Promised a refund policy does not allow.');
    expect((saved.states!.details!.on!.TIMEOUT as DraftTransition).meta!.critical).toBe('Left a public complaint unanswered.');
    state = reduceEditor(state, { type: 'undo' });
    state = reduceEditor(state, { type: 'undo' });
    expect(state.text).toBe(source);
    state = reduceEditor(state, { type: 'redo' });
    state = reduceEditor(state, { type: 'text', text: state.text.replace('"fixedOrder": true', '"fixedOrder": false'), now: 9000 });
    expect(state.doc.states!.details!.meta!.fixedOrder).toBe(false);
    expect(examplesOf(state.doc.states!.details!.on!.promise)).toEqual(['You get twice back.']);
  });
});

describe('editor store', () => {
  it('keeps text and document in step, and keeps text that does not parse without losing the document', () => {
    let state = initialEditorState(documentText(blank()));
    state = reduceEditor(state, { type: 'edit', doc: renameState(state.doc, 'resolved', 'done'), key: 'rename', now: 1 });
    expect(JSON.parse(state.text).initial).toBe('opening');
    state = reduceEditor(state, { type: 'text', text: '{"id": ', now: 2 });
    expect(state.textError).toMatch(/not valid JSON/);
    expect(state.doc.states!.done).toBeDefined();
    state = reduceEditor(state, { type: 'undo' });
    expect(state.textError).toBeNull();
    expect(Object.keys(state.doc.states!)).toEqual(['opening', 'done']);
  });

  it('typing in one field is one undo step; the selection follows a renamed state', () => {
    let state = initialEditorState(documentText(blank()));
    for (const [i, title] of ['A', 'Ab', 'Abc'].entries()) {
      state = reduceEditor(state, { type: 'edit', doc: { ...state.doc, meta: { ...state.doc.meta, title } }, key: 'title', now: 100 + i * 100 });
    }
    expect(state.past).toHaveLength(1);
    state = reduceEditor(state, { type: 'edit', doc: renameState(state.doc, 'opening', 'start'), key: 'rename', now: 5000, select: 'start' });
    expect(state.selected).toBe('start');
    state = reduceEditor(state, { type: 'undo' });
    state = reduceEditor(state, { type: 'undo' });
    expect(state.doc.meta!.title).toBe('Editor test');
    expect(state.selected).toBe('opening');
  });
});

describe('problem paths', () => {
  it("reads the checker's paths and says them in words", () => {
    expect(parsePath('states.opening.on["odd key"][0].target')).toEqual(['states', 'opening', 'on', 'odd key', 0, 'target']);
    expect(stateOfPath('states.opening.on.greet.target')).toBe('opening');
    expect(stateOfPath('meta.title')).toBeNull();
    expect(describePath('states.opening.on.greet[1].meta.choice')).toBe('Step “opening” › reply “greet” › outcome 2 › words');
    expect(describePath('states.x.on.TIMEOUT.target')).toBe('Step “x” › no reply in time › next step');
    expect(describePath('meta.passPercent')).toBe('Settings › pass mark');
    expect(describePath('states.x.on.promise[1].meta.critical')).toBe('Step “x” › reply “promise” › outcome 2 › critical error');
    expect(describePath('states.x.on.promise.meta.examples[2]')).toBe('Step “x” › reply “promise” › other ways to say it › example 3');
    expect(describePath('states.x.on.promise.meta.intent')).toBe('Step “x” › reply “promise” › what this reply does');
    expect(describePath('states.x.meta.fixedOrder')).toBe('Step “x” › order of the replies');
  });
});
