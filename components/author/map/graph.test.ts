import { describe, expect, it } from 'vitest';
import { generatedScenario } from '@/machines/test-fixtures/generated-scenario';
import { fixtureScenario } from '@/machines/test-fixtures/scenarios';
import type { ScenarioUsage } from '@/server/studio/analytics';
import { buildScenarioGraph, guardLabel, layoutGraph, NODE_HEIGHT, NODE_WIDTH, placeLabel, truncate } from './graph';

const edgesFrom = (graph: ReturnType<typeof buildScenarioGraph>, source: string) => graph.edges.filter((e) => e.source === source).map((e) => [e.kind, e.label, e.target]);

describe('the map of a scenario', () => {
  const graph = buildScenarioGraph(fixtureScenario());

  it('has a node per state, by kind in words, with the first words of the customer’s line', () => {
    expect(graph.nodes.map((n) => [n.id, n.kind, n.kindLabel, n.initial])).toEqual([
      ['greet', 'timed-decision', 'Timed decision (10 s)', true],
      ['ask', 'decision', 'Decision', false],
      ['check', 'junction', 'Automatic branch', false],
      ['upset', 'decision', 'Decision', false],
      ['wrap', 'decision', 'Decision', false],
      ['won', 'ending', 'Ending: success', false],
      ['partial', 'ending', 'Ending: partial', false],
      ['lost', 'ending', 'Ending: failure', false],
    ]);
    expect(graph.nodes.find((n) => n.id === 'ask')!.line).toBe('My order never came.');
    // An ending without a line shows its summary.
    expect(graph.nodes.find((n) => n.id === 'partial')!.line).toBe('Half sorted.');
    expect(graph.summary).toBe('8 steps: 4 decisions (1 timed), 1 automatic branch, 3 endings.');
  });

  it('labels choices with their words, TIMEOUT as a timeout, guarded alternatives and junction branches by their guards', () => {
    expect(edgesFrom(graph, 'greet')).toEqual([
      ['choice', 'Hi, I am here. What happened?', 'ask'],
      ['choice', 'Account number, please.', 'ask'],
      ['timeout', 'No reply in time (10 s)', 'ask'],
    ]);
    expect(edgesFrom(graph, 'check')).toEqual([
      ['branch', 'mood ≥ 0', 'wrap'],
      ['branch', 'otherwise', 'upset'],
    ]);
    expect(edgesFrom(graph, 'wrap')).toEqual([
      ['choice', 'I will call you at 3 pm as… · remembered promised', 'won'],
      ['choice', 'I will call you at 3 pm as… · otherwise', 'partial'],
      ['choice', 'Is there anything else I can…', 'partial'],
    ]);
    expect(graph.edges.find((e) => e.source === 'ask')!.description).toBe('ask: reply “I do not know yet; I will find out and call you by 3 pm.”, to check');
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
  });

  it('puts each problem on the state its path starts with', () => {
    const marked = buildScenarioGraph(fixtureScenario(), {
      problems: [
        { path: 'states.ask.on.promise.target', message: 'no state "chek"', severity: 'error' },
        { path: 'states.ask.on.bluff.meta', message: 'no feedback', severity: 'warning' },
        { path: 'states.ask', message: 'unreachable', severity: 'error' },
        { path: 'states.asking.on', message: 'another state', severity: 'error' },
        { path: 'meta.principles', message: 'not a state', severity: 'warning' },
      ],
    });
    const ask = marked.nodes.find((n) => n.id === 'ask')!;
    expect([ask.errors, ask.warnings, ask.firstProblem]).toEqual([2, 1, 'no state "chek"']);
    expect(marked.nodes.filter((n) => n.errors || n.warnings).map((n) => n.id)).toEqual(['ask']);
    expect(marked.summary).toContain('Marked on steps: 2 errors, 1 warning.');
  });

  it('matches problems of a state whose name the checker writes in brackets', () => {
    const doc = fixtureScenario() as unknown as { states: Record<string, unknown> };
    doc.states['2nd-try'] = doc.states.won;
    const marked = buildScenarioGraph(doc, { problems: [{ path: 'states["2nd-try"].meta.outcome', message: 'x', severity: 'error' }] });
    expect(marked.nodes.find((n) => n.id === '2nd-try')!.errors).toBe(1);
  });
});

describe('the map of an invalid draft', () => {
  it('shows nothing for what is not a scenario object', () => {
    for (const doc of [null, 'text', 42, [], {}, { states: [] }, { states: 'x' }]) {
      const graph = buildScenarioGraph(doc);
      expect(graph.nodes).toEqual([]);
      expect(graph.edges).toEqual([]);
      expect(graph.summary).toBe('No steps to show yet.');
    }
  });

  it('draws what has a shape, an unknown kind for the rest, and a missing node for a target that names no state', () => {
    const graph = buildScenarioGraph({
      initial: 'start',
      states: {
        start: { on: { go: { target: 'nowhere', meta: { choice: 'Go' } }, odd: 'not a transition', alsoOdd: { target: 7 } } },
        weird: 'not a state',
        empty: {},
        done: { type: 'final', meta: { outcome: 'maybe' } },
        junction: { always: [{ target: 'done', guard: { type: 'mystery' } }, { target: 'start' }, 'x'] },
        timed: { on: { TIMEOUT: { target: 'done' } } },
      },
    });
    expect(graph.nodes.map((n) => [n.id, n.kindLabel])).toEqual([
      ['start', 'Decision'],
      ['weird', 'Unknown kind'],
      ['empty', 'Unknown kind'],
      ['done', 'Ending (no outcome)'],
      ['junction', 'Automatic branch'],
      ['timed', 'Timed decision (no time limit)'],
      ['nowhere', 'Missing step'],
    ]);
    expect(graph.edges.map((e) => [e.source, e.label, e.target])).toEqual([
      ['start', 'Go', 'nowhere'],
      ['junction', 'if mystery', 'done'],
      // Unguarded but not last (the draft is invalid): taken always.
      ['junction', 'always', 'start'],
      ['timed', 'No reply in time', 'done'],
    ]);
    expect(graph.summary).toBe('6 steps: 2 decisions (1 timed), 1 automatic branch, 1 ending, 2 of unknown kind. 1 next step naming no step.');
  });

  it('labels every guard of the format, and a choice without words by its key', () => {
    expect(guardLabel({ type: 'moodBelow', params: { value: -2 } })).toBe('mood < -2');
    expect(guardLabel({ type: 'notRemembered', params: { flag: 'promised' } })).toBe('not remembered promised');
    expect(guardLabel('nonsense')).toBe('if ?');
    const graph = buildScenarioGraph({ states: { a: { on: { 'say-hello': { target: 'a' } } } } });
    expect(graph.edges[0]!.label).toBe('say-hello');
  });

  it('cuts long text at a word with an ellipsis', () => {
    expect(truncate('short', 30)).toBe('short');
    expect(truncate('I am sorry you waited that long. I am here now.', 30)).toBe('I am sorry you waited that…');
    expect(truncate('x'.repeat(40), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('the structure key that decides when to lay out again', () => {
  it('stays the same when only words change, and changes when a target or a state does', () => {
    const before = buildScenarioGraph(fixtureScenario()).structureKey;
    const reworded = fixtureScenario();
    (reworded.states.ask as { meta: { say: string } }).meta.say = 'Something else entirely.';
    expect(buildScenarioGraph(reworded, { problems: [{ path: 'states.ask', message: 'x', severity: 'error' }] }).structureKey).toBe(before);
    const retargeted = fixtureScenario();
    (retargeted.states.upset as unknown as { on: { argue: { target: string } } }).on.argue.target = 'partial';
    expect(buildScenarioGraph(retargeted).structureKey).not.toBe(before);
  });
});

describe('usage on the map', () => {
  const usage: ScenarioUsage = {
    scenarioId: 'fixture-call',
    version: 1,
    filters: { from: null, to: null, team: null, timeZone: 'UTC' },
    abandonedAfterHours: 24,
    attempts: 10,
    completed: 8,
    passed: 5,
    passRate: 5 / 8,
    averagePercent: 70,
    inProgress: 1,
    abandoned: 1,
    outcomes: { success: 5, partial: 2, failure: 1 },
    principles: [],
    states: {
      greet: { reached: 10, decisions: 9, ended: 0, abandoned: 1, inProgress: 0 },
      check: { reached: 6, decisions: 0, ended: 0, abandoned: 0, inProgress: 0 },
      wrap: { reached: 6, decisions: 6, ended: 0, abandoned: 0, inProgress: 1 },
      won: { reached: 5, decisions: 0, ended: 5, abandoned: 0, inProgress: 0 },
    },
    choices: [
      { state: 'greet', event: 'listen', taken: 6, share: 6 / 9, alternatives: [6] },
      { state: 'greet', event: 'TIMEOUT', taken: 3, share: 3 / 9, alternatives: [3] },
      { state: 'wrap', event: 'close', taken: 6, share: 1, alternatives: [5, 1] },
    ],
    branches: [
      { state: 'check', index: 0, taken: 4 },
      { state: 'check', index: 1, taken: 2 },
    ],
    positions: [],
    positionDecisions: 0,
    teams: [],
    withheld: null,
  };
  const graph = buildScenarioGraph(fixtureScenario(), { usage });

  it('says on each edge how often it was taken and its share of the decisions there', () => {
    expect(edgesFrom(graph, 'greet').map((e) => e[1])).toEqual([
      'Hi, I am here. What happened? · taken 6× (67%)',
      'Account number, please. · taken 0× (0%)',
      'No reply in time (10 s) · taken 3× (33%)',
    ]);
    expect(edgesFrom(graph, 'check').map((e) => e[1])).toEqual(['mood ≥ 0 · taken 4× (67%)', 'otherwise · taken 2× (33%)']);
    expect(edgesFrom(graph, 'wrap').map((e) => e[1])).toEqual([
      'I will call you at 3 pm as… · remembered promised · taken 5× (83%)',
      'I will call you at 3 pm as… · otherwise · taken 1× (17%)',
      'Is there anything else I can… · taken 0× (0%)',
    ]);
    expect(edgesFrom(graph, 'upset').map((e) => e[1])).toEqual(['That is not my fault, the… · taken 0×', 'You are right, and I am sorry. · taken 0×']);
  });

  it('says on each node how many reached it, ended or were left there', () => {
    expect(Object.fromEntries(graph.nodes.map((n) => [n.id, n.usageText]))).toEqual({
      greet: 'reached 10, left here 1',
      ask: 'not reached',
      check: 'passed 6×',
      upset: 'not reached',
      wrap: 'reached 6, left here 0, playing now 1',
      won: 'ended here 5',
      partial: 'not reached',
      lost: 'not reached',
    });
    expect(buildScenarioGraph(fixtureScenario()).nodes.every((n) => n.usageText === null)).toBe(true);
  });
});

describe('the layout', () => {
  it('places every node without overlaps, the start above what follows it', () => {
    const graph = buildScenarioGraph(fixtureScenario());
    const positions = layoutGraph(graph.nodes, graph.edges);
    expect([...positions.keys()]).toEqual(graph.nodes.map((n) => n.id));
    const boxes = [...positions.values()];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;
        expect(overlap).toBe(false);
      }
    }
    expect(positions.get('greet')!.y).toBeLessThan(positions.get('ask')!.y);
    expect(positions.get('ask')!.y).toBeLessThan(positions.get('check')!.y);
  });

  it('lays out a generated 200-state scenario, and a self-loop', () => {
    const graph = buildScenarioGraph(generatedScenario(200, 3));
    const started = performance.now();
    const positions = layoutGraph(graph.nodes, graph.edges);
    // Reported, not asserted: the time depends on the machine.
    console.info(`layout of ${graph.nodes.length} states and ${graph.edges.length} edges: ${Math.round(performance.now() - started)} ms`);
    expect(positions.size).toBe(200);
    expect([...positions.values()].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    const loop = buildScenarioGraph({ states: { a: { on: { again: { target: 'a', meta: { choice: 'Again' } } } } } });
    expect(layoutGraph(loop.nodes, loop.edges).get('a')).toEqual({ x: expect.any(Number), y: expect.any(Number) });
  });
});

describe('labels on the map', () => {
  const straightDown = (t: number) => ({ x: 100, y: 100 * t });
  const size = { width: 60, height: 18 };
  const centred = [{ x: -30, y: -9 }];

  it('puts a label at the middle of its edge when nothing is there', () => {
    expect(placeLabel(straightDown, size, [0.5], centred, [])).toEqual({ x: 70, y: 41, width: 60, height: 18 });
  });

  it('moves a label along its edge, or beside it, off a state’s box', () => {
    const box = { x: 40, y: 30, width: 120, height: 40 }; // covers the middle of the edge
    const label = placeLabel(straightDown, size, [0.5, 0.3, 0.85], centred, [box]);
    expect(label.y).toBe(76); // at t = 0.85, below the box and its clearance
    const beside = placeLabel(straightDown, size, [0.5], [...centred, { x: 8, y: -9 }, { x: 70, y: -9 }], [box]);
    expect(beside.x).toBe(170);
  });

  it('keeps clear of what it is asked to avoid, such as the edge’s own label', () => {
    const own = { x: 70, y: 41, width: 60, height: 18 };
    const count = placeLabel(straightDown, { width: 40, height: 16 }, [0.5, 0.85], [{ x: 6, y: -8 }], [], [own]);
    expect(count).toEqual({ x: 106, y: 77, width: 40, height: 16 });
  });

  it('where every place covers a box, takes the one that covers least', () => {
    const wall = { x: 0, y: 0, width: 400, height: 100 };
    const small = { x: 95, y: 85, width: 20, height: 20 };
    const label = placeLabel(straightDown, size, [0.5, 0.95], centred, [wall, small]);
    expect(label.y).toBe(86);
  });
});
