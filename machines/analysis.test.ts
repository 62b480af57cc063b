import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnalysisLimitError, exploreConfigurations, pathStats, type ConfigNode, type ConfigurationGraph, type PathStats } from './analysis';
import { checkScenario } from './checker';
import { compileScenario } from './compile';
import type { Outcome } from './format';
import { PRINCIPLE_IDS } from './principles';
import { overallPercent } from './scoring';
import { generatedScenario } from './test-fixtures/generated-scenario';
import { fixtureScenario, loopingScenario } from './test-fixtures/scenarios';
import { SeededRandom } from '../lib/seeded-random';

/**
 * The path analysis written the plain way, as a reference for the optimised one: every
 * configuration's totals as a map from "ending|critical|Σbest" to the lowest and highest Σearned
 * (the ending is a success ending's state, or the outcome of the others), copied into each
 * predecessor along every edge; loops walked path by path inside their component. Returns the
 * totals of the start.
 */
interface Total {
  outcome: Outcome;
  ending: string | null;
  critical: boolean;
  best: number;
  minEarned: number;
  maxEarned: number;
}
type Totals = Map<string, Total>;

function referenceTotals(graph: ConfigurationGraph): Totals | undefined {
  const addTotals = (into: Totals, from: Totals, earned: number, best: number, critical: boolean) => {
    for (const t of from.values()) {
      const b = t.best + best;
      const c = t.critical || critical;
      const key = `${t.ending ?? t.outcome}|${c}|${b}`;
      const existing = into.get(key);
      const lo = t.minEarned + earned;
      const hi = t.maxEarned + earned;
      if (!existing) into.set(key, { outcome: t.outcome, ending: t.ending, critical: c, best: b, minEarned: lo, maxEarned: hi });
      else {
        existing.minEarned = Math.min(existing.minEarned, lo);
        existing.maxEarned = Math.max(existing.maxEarned, hi);
      }
    }
  };

  // Strongly connected components, sinks first (Tarjan, recursive: the graphs here are small enough).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const order: string[][] = [];
  const connect = (key: string) => {
    index.set(key, index.size);
    low.set(key, index.get(key)!);
    stack.push(key);
    for (const { to } of graph.nodes.get(key)!.edges) {
      if (!index.has(to)) {
        connect(to);
        low.set(key, Math.min(low.get(key)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(key, Math.min(low.get(key)!, index.get(to)!));
    }
    if (low.get(key) === index.get(key)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== key);
      order.push(component);
    }
  };
  for (const key of graph.nodes.keys()) if (!index.has(key)) connect(key);

  const componentOf = new Map<string, number>();
  order.forEach((members, i) => members.forEach((m) => componentOf.set(m, i)));
  const suffix = new Map<string, Totals>();
  let budget = 200_000;
  for (const [i, members] of order.entries()) {
    const looped = members.length > 1 || graph.nodes.get(members[0]!)!.edges.some((e) => e.to === members[0]);
    for (const entry of members) {
      const totals: Totals = new Map();
      const node = graph.nodes.get(entry)!;
      if (node.outcome) {
        const ending = node.outcome === 'success' ? node.position.state : null;
        totals.set(`${ending ?? node.outcome}|false|0`, { outcome: node.outcome, ending, critical: false, best: 0, minEarned: 0, maxEarned: 0 });
      }
      if (!looped) {
        for (const edge of node.edges) addTotals(totals, suffix.get(edge.to)!, edge.earned, edge.best, edge.critical);
      } else {
        const visited = new Set<string>([entry]);
        const walk = (key: string, earned: number, best: number, critical: boolean) => {
          if (--budget < 0) throw new AnalysisLimitError('too many loop paths');
          for (const edge of graph.nodes.get(key)!.edges) {
            const c = critical || edge.critical;
            if (componentOf.get(edge.to) !== i) addTotals(totals, suffix.get(edge.to)!, earned + edge.earned, best + edge.best, c);
            else if (!visited.has(edge.to)) {
              visited.add(edge.to);
              walk(edge.to, earned + edge.earned, best + edge.best, c);
              visited.delete(edge.to);
            }
          }
        };
        walk(entry, 0, 0, false);
      }
      suffix.set(entry, totals);
    }
  }

  return suffix.get(graph.initial);
}

function referencePathStats(graph: ConfigurationGraph, totals: Totals | undefined, passPercent: number): PathStats | null {
  if (!totals || totals.size === 0) return null;
  let bestPercent = -Infinity;
  let worstPercent = Infinity;
  let canPass = false;
  let canFail = false;
  const below = new Set<string>();
  for (const t of totals.values()) {
    const high = overallPercent(t.maxEarned, t.best, t.maxEarned < 0);
    const lowest = overallPercent(t.minEarned, t.best, t.minEarned < 0);
    bestPercent = Math.max(bestPercent, high);
    worstPercent = Math.min(worstPercent, lowest);
    if (!t.critical && t.outcome !== 'failure' && high >= passPercent) canPass = true;
    if (t.critical || t.outcome === 'failure' || lowest < passPercent) canFail = true;
    if (t.ending !== null && lowest < passPercent) below.add(t.ending);
  }
  // Success endings in the order the graph lists their configurations.
  const successEndings = [...new Set([...graph.nodes.values()].filter((n) => n.outcome === 'success').map((n) => n.position.state))];
  return { bestPercent, worstPercent, canPass, canFail, successBelowPass: successEndings.filter((e) => below.has(e)) };
}

const graphOf = (doc: unknown) => {
  const result = checkScenario(doc, { file: 'scenario.json', principles: PRINCIPLE_IDS });
  expect(result.errors).toEqual([]);
  return { graph: exploreConfigurations(compileScenario(result.document!)), passPercent: result.document!.meta.passPercent };
};

/** Compares at several pass marks, so that canPass and canFail are exercised both ways. */
const expectSameAsReference = (graph: ConfigurationGraph, passPercent: number) => {
  const totals = referenceTotals(graph);
  for (const mark of [passPercent, 0, 35, 50, 80, 100]) expect(pathStats(graph, mark), `pass mark ${mark}`).toEqual(referencePathStats(graph, totals, mark));
};

/**
 * A configuration graph made up directly, without a scenario: mostly forward edges, some back
 * edges (loops), endings of each outcome, and points drawn by `points`.
 */
function randomGraph(seed: number, size: number, points: (random: SeededRandom) => { earned: number; best: number }): ConfigurationGraph {
  const random = new SeededRandom(seed);
  const outcomes: Outcome[] = ['success', 'partial', 'failure'];
  const endings = Math.max(2, Math.round(size / 6));
  const nodes = new Map<string, ConfigNode>();
  for (let i = 0; i < size; i++) {
    const key = `c${i}`;
    const ending = i >= size - endings;
    const edges = [];
    if (!ending) {
      const count = random.int(1, 3);
      for (let e = 0; e < count; e++) {
        const backwards = random.next() < 0.12;
        const to = backwards ? random.int(Math.max(0, i - 4), i) : random.int(i + 1, Math.min(size - 1, i + 8));
        edges.push({ event: `e${e}`, to: `c${to}`, ...points(random), critical: random.next() < 0.1 });
      }
      // Every configuration can move forward, so endings stay reachable from everywhere.
      if (edges.every((edge) => Number(edge.to.slice(1)) <= i)) edges.push({ event: 'on', to: `c${i + 1}`, ...points(random), critical: false });
    }
    nodes.set(key, {
      key,
      position: { state: key, mood: 0, flags: [] },
      outcome: ending ? outcomes[i % 3]! : null,
      options: [],
      edges,
    });
  }
  return { initial: 'c0', nodes };
}

const smallPoints = (random: SeededRandom) => {
  const best = random.int(0, 9);
  return { best, earned: random.int(-6, best) };
};

describe('path analysis: the same results as the plain reference', () => {
  it('on generated scenarios of several sizes and seeds', () => {
    for (const [size, seed] of [
      [6, 1],
      [30, 2],
      [80, 5],
      [120, 3],
      [200, 1],
      [200, 4],
    ] as const) {
      const { graph, passPercent } = graphOf(generatedScenario(size, seed));
      expectSameAsReference(graph, passPercent);
    }
  });

  it('on every built-in scenario and on the fixtures, loops included', () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'principles.json');
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const { graph, passPercent } = graphOf(readFileSync(`scenarios/${file}`, 'utf8'));
      expectSameAsReference(graph, passPercent);
    }
    for (const doc of [fixtureScenario(), loopingScenario()]) {
      const { graph, passPercent } = graphOf(doc);
      expectSameAsReference(graph, passPercent);
    }
  });

  it('on made-up graphs with loops, with close and with widely spread totals, and with fractions', () => {
    for (let seed = 1; seed <= 40; seed++) {
      expectSameAsReference(randomGraph(seed, 10 + seed, smallPoints), 60);
    }
    // Σbest far apart (no dense table fits them) and Σbest that are not whole numbers.
    const spread = (random: SeededRandom) => {
      const best = random.next() < 0.5 ? 0 : random.int(500, 5000);
      return { best, earned: random.int(-best, best) };
    };
    const fractions = (random: SeededRandom) => {
      const best = random.int(0, 8) / 4;
      return { best, earned: random.int(-4, 8) / 4 };
    };
    for (let seed = 1; seed <= 10; seed++) {
      expectSameAsReference(randomGraph(100 + seed, 30, spread), 50);
      expectSameAsReference(randomGraph(200 + seed, 30, fractions), 50);
    }
  });

  it('gives no result when no ending can be reached from the start', () => {
    const graph = randomGraph(7, 12, smallPoints);
    const start = graph.nodes.get('c0')!;
    graph.nodes.set('c0', { ...start, edges: [{ event: 'stay', to: 'c0', earned: 0, best: 1, critical: false }] });
    expect(referencePathStats(graph, referenceTotals(graph), 60)).toBeNull();
    expect(pathStats(graph, 60)).toBeNull();
  });

  it('refuses loops with too many paths, like the reference', () => {
    // Every configuration of a clique leads to every other: more simple paths than the budget.
    const nodes = new Map<string, ConfigNode>();
    const size = 12;
    for (let i = 0; i <= size; i++) {
      const key = `c${i}`;
      const edges =
        i === size ? [] : Array.from({ length: size + 1 }, (_, j) => ({ event: `to-${j}`, to: `c${j}`, earned: 1, best: 1, critical: false })).filter((e) => e.to !== key);
      nodes.set(key, { key, position: { state: key, mood: 0, flags: [] }, outcome: i === size ? 'success' : null, options: [], edges });
    }
    const graph = { initial: 'c0', nodes };
    expect(() => referenceTotals(graph)).toThrow(AnalysisLimitError);
    expect(() => pathStats(graph, 60)).toThrow(AnalysisLimitError);
  });
});
