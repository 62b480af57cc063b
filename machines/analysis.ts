import { getAdjacencyMap } from 'xstate/graph';
import type { CompiledScenario, ScenarioSnapshot } from './compile';
import type { Outcome } from './format';
import { initialSnapshot, openOptions, outcomeOf, positionOf, visibleChoices, type Option, type Position } from './runtime';
import { bestPoints, decisionTotals, overallPercent } from './scoring';

/**
 * The reachable configurations of a scenario: every (state, mood, flags) a trainee can be in,
 * found with xstate/graph, and what the best and worst paths through them score.
 */

export const CONFIGURATION_LIMIT = 50_000;
const LOOP_PATH_BUDGET = 200_000;

export interface ConfigEdge {
  event: string;
  to: string;
  earned: number;
  best: number;
}

export interface ConfigNode {
  key: string;
  position: Position;
  outcome: Outcome | null;
  /** Options open here (choices and TIMEOUT); empty at endings. */
  options: Option[];
  edges: ConfigEdge[];
}

export interface ConfigurationGraph {
  initial: string;
  nodes: Map<string, ConfigNode>;
}

export class AnalysisLimitError extends Error {}

export const configurationKey = (p: Position): string => `${p.state}|${p.mood}|${p.flags.join(',')}`;
const keyOf = (snapshot: ScenarioSnapshot) => configurationKey(positionOf(snapshot));

export function exploreConfigurations(scenario: CompiledScenario, limit = CONFIGURATION_LIMIT): ConfigurationGraph {
  const optionsAt = new Map<string, Option[]>();
  let adjacency;
  try {
    adjacency = getAdjacencyMap(scenario.machine, {
      serializeState: (snapshot) => keyOf(snapshot as ScenarioSnapshot),
      serializeEvent: (event) => event.type,
      limit,
      events: (snapshot) => {
        const options = openOptions(scenario, snapshot as ScenarioSnapshot);
        optionsAt.set(keyOf(snapshot as ScenarioSnapshot), options);
        return options.map((o) => ({ type: o.event }));
      },
    });
  } catch (error) {
    if (error instanceof Error && /limit/i.test(error.message)) {
      throw new AnalysisLimitError(
        `too many combinations of state, mood and flags to check (more than ${limit}); use fewer flags or fewer mood-dependent branches`,
      );
    }
    throw error;
  }
  const nodes = new Map<string, ConfigNode>();
  for (const [key, entry] of Object.entries(adjacency)) {
    const snapshot = entry.state as ScenarioSnapshot;
    const options = optionsAt.get(key) ?? [];
    const best = bestPoints(options);
    const edges: ConfigEdge[] = [];
    for (const option of options) {
      const next = entry.transitions[option.event];
      if (!next) continue;
      const totals = decisionTotals({ earned: option.points, best });
      edges.push({ event: option.event, to: keyOf(next.state as ScenarioSnapshot), earned: totals.earned, best: totals.best });
    }
    nodes.set(key, { key, position: positionOf(snapshot), outcome: outcomeOf(scenario, snapshot), options, edges });
  }
  return { initial: keyOf(initialSnapshot(scenario)), nodes };
}

/** Decisions reachable in a configuration where the trainee has nothing to say. */
export function stuckDecisions(graph: ConfigurationGraph): ConfigNode[] {
  return [...graph.nodes.values()].filter((n) => n.outcome === null && visibleChoices(n.options).length === 0);
}

/** Configurations from which no ending can be reached. */
export function trappedConfigurations(graph: ConfigurationGraph): ConfigNode[] {
  const incoming = new Map<string, string[]>();
  for (const node of graph.nodes.values()) {
    for (const edge of node.edges) {
      const list = incoming.get(edge.to) ?? [];
      list.push(node.key);
      incoming.set(edge.to, list);
    }
  }
  const canFinish = new Set<string>();
  const queue = [...graph.nodes.values()].filter((n) => n.outcome !== null).map((n) => n.key);
  for (const key of queue) canFinish.add(key);
  while (queue.length) {
    const key = queue.pop()!;
    for (const from of incoming.get(key) ?? []) {
      if (!canFinish.has(from)) {
        canFinish.add(from);
        queue.push(from);
      }
    }
  }
  return [...graph.nodes.values()].filter((n) => !canFinish.has(n.key));
}

/** Fewest decisions from the start to a success ending, or null when none is reachable. */
export function shortestSuccess(graph: ConfigurationGraph): number | null {
  const distance = new Map<string, number>([[graph.initial, 0]]);
  const queue = [graph.initial];
  for (let i = 0; i < queue.length; i++) {
    const node = graph.nodes.get(queue[i]!)!;
    if (node.outcome === 'success') return distance.get(node.key)!;
    for (const edge of node.edges) {
      if (!distance.has(edge.to)) {
        distance.set(edge.to, distance.get(node.key)! + 1);
        queue.push(edge.to);
      }
    }
  }
  return null;
}

/* ---------- best and worst overall over all paths ---------- */

/**
 * The totals a path can end with, grouped by ending outcome and Σbest: for each group the lowest
 * and highest Σearned. Overall = Σearned / Σbest, so for a fixed Σbest the extremes of Σearned
 * give the extremes of the percent, and the groups stay few.
 */
type Totals = Map<string, { outcome: Outcome; best: number; minEarned: number; maxEarned: number }>;

function addTotals(into: Totals, from: Totals, earned: number, best: number) {
  for (const t of from.values()) {
    const b = t.best + best;
    const key = `${t.outcome}|${b}`;
    const existing = into.get(key);
    const lo = t.minEarned + earned;
    const hi = t.maxEarned + earned;
    if (!existing) into.set(key, { outcome: t.outcome, best: b, minEarned: lo, maxEarned: hi });
    else {
      existing.minEarned = Math.min(existing.minEarned, lo);
      existing.maxEarned = Math.max(existing.maxEarned, hi);
    }
  }
}

/** Strongly connected components, sinks first (Tarjan, iterative). */
function components(graph: ConfigurationGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of graph.nodes.keys()) {
    if (index.has(root)) continue;
    const work: { key: string; edge: number }[] = [{ key: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const edges = graph.nodes.get(frame.key)!.edges;
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!.to;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ key: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.key, Math.min(low.get(frame.key)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.key, Math.min(low.get(parent.key)!, low.get(frame.key)!));
      if (low.get(frame.key) === index.get(frame.key)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.key);
        result.push(component);
      }
    }
  }
  return result;
}

export interface PathStats {
  bestPercent: number;
  worstPercent: number;
  /** Some path ends passed (at or above the pass mark, not a failure ending). */
  canPass: boolean;
  /** Some path ends not passed. */
  canFail: boolean;
}

/**
 * Best and worst overall percent over every path from the start to an ending that does not
 * repeat a configuration. Exact: loops are walked path by path inside their component, and every
 * other configuration is solved once.
 */
export function pathStats(graph: ConfigurationGraph, passPercent: number): PathStats | null {
  const suffix = new Map<string, Totals>();
  const componentOf = new Map<string, number>();
  const order = components(graph);
  order.forEach((members, i) => members.forEach((m) => componentOf.set(m, i)));
  let budget = LOOP_PATH_BUDGET;

  for (const [i, members] of order.entries()) {
    const looped = members.length > 1 || graph.nodes.get(members[0]!)!.edges.some((e) => e.to === members[0]);
    for (const entry of members) {
      const totals: Totals = new Map();
      const node = graph.nodes.get(entry)!;
      if (node.outcome) totals.set(`${node.outcome}|0`, { outcome: node.outcome, best: 0, minEarned: 0, maxEarned: 0 });
      if (!looped) {
        for (const edge of node.edges) addTotals(totals, suffix.get(edge.to)!, edge.earned, edge.best);
      } else {
        const visited = new Set<string>([entry]);
        const walk = (key: string, earned: number, best: number) => {
          if (--budget < 0) throw new AnalysisLimitError('the loops in this scenario have too many distinct paths to analyse; simplify them');
          for (const edge of graph.nodes.get(key)!.edges) {
            if (componentOf.get(edge.to) !== i) addTotals(totals, suffix.get(edge.to)!, earned + edge.earned, best + edge.best);
            else if (!visited.has(edge.to)) {
              visited.add(edge.to);
              walk(edge.to, earned + edge.earned, best + edge.best);
              visited.delete(edge.to);
            }
          }
        };
        walk(entry, 0, 0);
      }
      suffix.set(entry, totals);
    }
  }

  const totals = suffix.get(graph.initial);
  if (!totals || totals.size === 0) return null;
  let bestPercent = -Infinity;
  let worstPercent = Infinity;
  let canPass = false;
  let canFail = false;
  for (const t of totals.values()) {
    const high = overallPercent(t.maxEarned, t.best, t.maxEarned < 0);
    const low = overallPercent(t.minEarned, t.best, t.minEarned < 0);
    bestPercent = Math.max(bestPercent, high);
    worstPercent = Math.min(worstPercent, low);
    if (t.outcome !== 'failure' && high >= passPercent) canPass = true;
    if (t.outcome === 'failure' || low < passPercent) canFail = true;
  }
  return { bestPercent, worstPercent, canPass, canFail };
}
