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
  moveChoice,
  referencesTo,
  renameState,
  setChoiceWords,
  setPoints,
  setSay,
  setStateKind,
  setTimeLimit,
  type DraftDocument,
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
    expect(referencesTo(doc, 'resolved').map((r) => r.label)).toEqual(['choice "greet" of "opening"']);
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

  it('points, mood and flags are written as the format\'s actions, in the files\' order', () => {
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
  it('reads the checker\'s paths and says them in words', () => {
    expect(parsePath('states.opening.on["odd key"][0].target')).toEqual(['states', 'opening', 'on', 'odd key', 0, 'target']);
    expect(stateOfPath('states.opening.on.greet.target')).toBe('opening');
    expect(stateOfPath('meta.title')).toBeNull();
    expect(describePath('states.opening.on.greet[1].meta.choice')).toBe('State “opening” › choice “greet” › alternative 2 › words');
    expect(describePath('states.x.on.TIMEOUT.target')).toBe('State “x” › when time runs out › leads to');
    expect(describePath('meta.passPercent')).toBe('Settings › pass mark');
  });
});
