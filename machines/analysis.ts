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
  /** Taking this option is a critical error: the attempt fails whatever the score. */
  critical: boolean;
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

export function exploreConfigurations(scenario: CompiledScenario, limit = CONFIGURATION_LIMIT): ConfigurationGraph {
  const optionsAt = new Map<string, Option[]>();
  // Each snapshot's key is asked for up to three times (by the traversal, for its options, for the edge into it).
  const keys = new WeakMap<object, string>();
  const keyOf = (snapshot: ScenarioSnapshot) => {
    let key = keys.get(snapshot);
    if (key === undefined) keys.set(snapshot, (key = configurationKey(positionOf(snapshot))));
    return key;
  };
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
      throw new AnalysisLimitError(`too many combinations of state, mood and flags to check (more than ${limit}); use fewer flags or fewer mood-dependent branches`);
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
      edges.push({ event: option.event, to: keyOf(next.state as ScenarioSnapshot), earned: totals.earned, best: totals.best, critical: option.critical !== null });
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
 * The totals a path can end with, grouped by class and Σbest: for each group the lowest and
 * highest Σearned. A class is where the path ends (each success ending on its own, every partial
 * ending together, every failure ending together) and whether it took a critical error on the
 * way. Overall = Σearned / Σbest, so for a fixed Σbest the extremes of Σearned give the extremes
 * of the percent, and the groups stay few.
 *
 * A 200-state scenario has thousands of configurations with hundreds of groups each, added into
 * every predecessor along every edge (millions of additions), so the groups are kept in typed
 * arrays, one entry per group, rather than as objects under string keys, which spent most of the
 * check's time building keys and collecting them as garbage.
 */
interface Totals {
  size: number;
  /** Per group, four numbers: class, Σbest, lowest Σearned, highest Σearned. */
  groups: Float64Array;
  lowestBest: number;
  highestBest: number;
}

const GROUP = 4;

/** One way on from a configuration: the totals it leads to, plus what is earned and could be on the way. */
interface Contribution {
  to: Totals;
  best: number;
  minEarned: number;
  maxEarned: number;
  /** A critical error was taken on the way: every class it leads to becomes its critical twin. */
  critical: boolean;
}

const EMPTY_TOTALS: Totals = { size: 0, groups: new Float64Array(0), lowestBest: Infinity, highestBest: -Infinity };

/**
 * Merges the totals of the ways on (and, at an ending, the empty path: Σbest 0, Σearned 0, in the
 * ending's class) into one set of groups. Whole-number Σbest in a span not much wider than the groups it can hold go
 * through a dense table indexed by Σbest and outcome, reused between calls; otherwise (a sparse
 * spread of Σbest, which a scenario can have in principle) through a map.
 */
class TotalsMerger {
  private low = new Float64Array(0);
  private high = new Float64Array(0);

  /** `classes` counts the classes without a critical error; class c + classes is c's critical twin. */
  constructor(private readonly classes: number) {}

  merge(parts: readonly Contribution[], ending: number | null, wholeNumbers: boolean): Totals {
    let lowestBest = ending === null ? Infinity : 0;
    let highestBest = ending === null ? -Infinity : 0;
    let bound = ending === null ? 0 : 1;
    for (const { to, best } of parts) {
      if (to.size === 0) continue;
      bound += to.size;
      lowestBest = Math.min(lowestBest, to.lowestBest + best);
      highestBest = Math.max(highestBest, to.highestBest + best);
    }
    if (bound === 0) return EMPTY_TOTALS;
    const slots = (highestBest - lowestBest + 1) * 2 * this.classes;
    return wholeNumbers && slots <= 4 * bound + 1024 ? this.dense(parts, ending, lowestBest, slots) : sparseMerge(parts, ending, this.classes);
  }

  private dense(parts: readonly Contribution[], ending: number | null, base: number, slots: number): Totals {
    if (this.low.length < slots) {
      this.low = new Float64Array(Math.max(slots, 2 * this.low.length)).fill(Infinity);
      this.high = new Float64Array(this.low.length).fill(-Infinity);
    }
    const { low, high, classes } = this;
    const width = 2 * classes;
    if (ending !== null) {
      const slot = (0 - base) * width + ending;
      low[slot] = Math.min(low[slot]!, 0);
      high[slot] = Math.max(high[slot]!, 0);
    }
    for (const part of parts) {
      const { minEarned, maxEarned } = part;
      const { groups, size } = part.to;
      const offset = (part.best - base) * width;
      const shift = part.critical ? classes : 0;
      for (let j = 0, end = size * GROUP; j < end; j += GROUP) {
        const group = groups[j]!;
        const slot = offset + groups[j + 1]! * width + (group < classes ? group + shift : group);
        const lo = groups[j + 2]! + minEarned;
        const hi = groups[j + 3]! + maxEarned;
        if (lo < low[slot]!) low[slot] = lo;
        if (hi > high[slot]!) high[slot] = hi;
      }
    }
    let size = 0;
    for (let slot = 0; slot < slots; slot++) if (low[slot]! !== Infinity) size++;
    const groups = new Float64Array(size * GROUP);
    let j = 0;
    for (let slot = 0; slot < slots; slot++) {
      if (low[slot]! === Infinity) continue;
      groups[j] = slot % width;
      groups[j + 1] = base + Math.floor(slot / width);
      groups[j + 2] = low[slot]!;
      groups[j + 3] = high[slot]!;
      j += GROUP;
      low[slot] = Infinity;
      high[slot] = -Infinity;
    }
    return { size, groups, lowestBest: groups[1]!, highestBest: groups[j - GROUP + 1]! };
  }
}

function sparseMerge(parts: readonly Contribution[], ending: number | null, classes: number): Totals {
  const byKey = new Map<string, number[]>();
  const add = (group: number, best: number, lo: number, hi: number) => {
    const key = `${group}|${best}`;
    const existing = byKey.get(key);
    if (!existing) byKey.set(key, [group, best, lo, hi]);
    else {
      existing[2] = Math.min(existing[2]!, lo);
      existing[3] = Math.max(existing[3]!, hi);
    }
  };
  if (ending !== null) add(ending, 0, 0, 0);
  for (const { to, best, minEarned, maxEarned, critical } of parts) {
    const { groups } = to;
    for (let j = 0; j < to.size * GROUP; j += GROUP) {
      const group = groups[j]!;
      add(critical && group < classes ? group + classes : group, groups[j + 1]! + best, groups[j + 2]! + minEarned, groups[j + 3]! + maxEarned);
    }
  }
  const groups = new Float64Array(byKey.size * GROUP);
  let j = 0;
  let lowestBest = Infinity;
  let highestBest = -Infinity;
  for (const group of byKey.values()) {
    groups.set(group, j);
    lowestBest = Math.min(lowestBest, group[1]!);
    highestBest = Math.max(highestBest, group[1]!);
    j += GROUP;
  }
  return { size: byKey.size, groups, lowestBest, highestBest };
}

/** The configuration graph with numbered configurations and its edges in flat arrays. */
interface IndexedGraph {
  keys: string[];
  /** Edges of configuration i are edgeStart[i] to edgeStart[i + 1] - 1. */
  edgeStart: Int32Array;
  edgeTo: Int32Array;
  edgeEarned: Float64Array;
  edgeBest: Float64Array;
  edgeCritical: Uint8Array;
  /** The class of an ending (see Totals), -1 elsewhere. */
  endingClass: Int32Array;
  /** Per class without a critical error: its outcome, and the success ending it stands for (else null). */
  classes: { outcome: Outcome; ending: string | null }[];
}

function indexGraph(graph: ConfigurationGraph): IndexedGraph {
  const keys = [...graph.nodes.keys()];
  const indexOf = new Map(keys.map((key, i) => [key, i]));
  let edgeCount = 0;
  for (const node of graph.nodes.values()) edgeCount += node.edges.length;
  const edgeStart = new Int32Array(keys.length + 1);
  const edgeTo = new Int32Array(edgeCount);
  const edgeEarned = new Float64Array(edgeCount);
  const edgeBest = new Float64Array(edgeCount);
  const edgeCritical = new Uint8Array(edgeCount);
  const endingClass = new Int32Array(keys.length);
  const classes: IndexedGraph['classes'] = [
    { outcome: 'partial', ending: null },
    { outcome: 'failure', ending: null },
  ];
  const successClass = new Map<string, number>();
  let e = 0;
  keys.forEach((key, i) => {
    const node = graph.nodes.get(key)!;
    if (node.outcome === 'success') {
      let c = successClass.get(node.position.state);
      if (c === undefined) {
        successClass.set(node.position.state, (c = classes.length));
        classes.push({ outcome: 'success', ending: node.position.state });
      }
      endingClass[i] = c;
    } else endingClass[i] = node.outcome === 'partial' ? 0 : node.outcome === 'failure' ? 1 : -1;
    edgeStart[i] = e;
    for (const edge of node.edges) {
      const to = indexOf.get(edge.to);
      if (to === undefined) throw new Error(`edge to unknown configuration ${edge.to}`);
      edgeTo[e] = to;
      edgeEarned[e] = edge.earned;
      edgeBest[e] = edge.best;
      edgeCritical[e] = edge.critical ? 1 : 0;
      e++;
    }
  });
  edgeStart[keys.length] = e;
  return { keys, edgeStart, edgeTo, edgeEarned, edgeBest, edgeCritical, endingClass, classes };
}

/** Strongly connected components, sinks first (Tarjan, iterative). */
function components(graph: IndexedGraph): number[][] {
  const count = graph.keys.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const nextEdge = new Int32Array(count);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: number[] = [root];
    index[root] = low[root] = counter++;
    nextEdge[root] = graph.edgeStart[root]!;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const node = work[work.length - 1]!;
      if (nextEdge[node]! < graph.edgeStart[node + 1]!) {
        const to = graph.edgeTo[nextEdge[node]!++]!;
        if (index[to] === -1) {
          index[to] = low[to] = counter++;
          nextEdge[to] = graph.edgeStart[to]!;
          stack.push(to);
          onStack[to] = 1;
          work.push(to);
        } else if (onStack[to]) {
          low[node] = Math.min(low[node]!, index[to]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[node]!);
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        result.push(component);
      }
    }
  }
  return result;
}

export interface PathStats {
  bestPercent: number;
  worstPercent: number;
  /** Some path ends passed (at or above the pass mark, not a failure ending, no critical error). */
  canPass: boolean;
  /** Some path ends not passed. */
  canFail: boolean;
  /** Success endings that some path reaches with an overall below the pass mark, in file order of discovery. */
  successBelowPass: string[];
}

/**
 * Best and worst overall percent over every path from the start to an ending that does not
 * repeat a configuration. Exact: loops are walked path by path inside their component, and every
 * other configuration is solved once.
 */
export function pathStats(configurations: ConfigurationGraph, passPercent: number): PathStats | null {
  const graph = indexGraph(configurations);
  const count = graph.keys.length;
  const initial = graph.keys.indexOf(configurations.initial);
  if (initial === -1) return null;
  const wholeNumbers = graph.edgeBest.every(Number.isSafeInteger);
  const classCount = graph.classes.length;
  const merger = new TotalsMerger(classCount);
  const suffix: (Totals | undefined)[] = new Array(count);
  const componentOf = new Int32Array(count);
  const order = components(graph);
  order.forEach((members, i) => members.forEach((m) => (componentOf[m] = i)));
  // The totals of a configuration are needed until every component with an edge into it is solved.
  const waitingFor = new Int32Array(count);
  for (let from = 0; from < count; from++) {
    for (let e = graph.edgeStart[from]!; e < graph.edgeStart[from + 1]!; e++) {
      if (componentOf[graph.edgeTo[e]!] !== componentOf[from]) waitingFor[graph.edgeTo[e]!]!++;
    }
  }
  const visited = new Uint8Array(count);
  let budget = LOOP_PATH_BUDGET;

  for (const [i, members] of order.entries()) {
    const first = members[0]!;
    let looped = members.length > 1;
    for (let e = graph.edgeStart[first]!; e < graph.edgeStart[first + 1]!; e++) if (graph.edgeTo[e] === first) looped = true;
    const solved: Totals[] = [];
    for (const entry of members) {
      const ending = graph.endingClass[entry]! >= 0 ? graph.endingClass[entry]! : null;
      const parts: Contribution[] = [];
      if (!looped) {
        for (let e = graph.edgeStart[entry]!; e < graph.edgeStart[entry + 1]!; e++) {
          parts.push({
            to: suffix[graph.edgeTo[e]!]!,
            best: graph.edgeBest[e]!,
            minEarned: graph.edgeEarned[e]!,
            maxEarned: graph.edgeEarned[e]!,
            critical: graph.edgeCritical[e] === 1,
          });
        }
      } else {
        // Ways out of the loop reached with the same Σbest (and critical or not) differ only in Σearned: keep the extremes.
        const exits = new Map<string, Contribution>();
        const walk = (node: number, earned: number, best: number, critical: boolean) => {
          if (--budget < 0) throw new AnalysisLimitError('the loops in this scenario have too many distinct paths to analyse; simplify them');
          for (let e = graph.edgeStart[node]!; e < graph.edgeStart[node + 1]!; e++) {
            const to = graph.edgeTo[e]!;
            const toEarned = earned + graph.edgeEarned[e]!;
            const toBest = best + graph.edgeBest[e]!;
            const toCritical = critical || graph.edgeCritical[e] === 1;
            if (componentOf[to] !== i) {
              const key = `${to}|${toBest}|${toCritical ? 1 : 0}`;
              const exit = exits.get(key);
              if (!exit) exits.set(key, { to: suffix[to]!, best: toBest, minEarned: toEarned, maxEarned: toEarned, critical: toCritical });
              else {
                exit.minEarned = Math.min(exit.minEarned, toEarned);
                exit.maxEarned = Math.max(exit.maxEarned, toEarned);
              }
            } else if (!visited[to]) {
              visited[to] = 1;
              walk(to, toEarned, toBest, toCritical);
              visited[to] = 0;
            }
          }
        };
        visited[entry] = 1;
        walk(entry, 0, 0, false);
        visited[entry] = 0;
        parts.push(...exits.values());
      }
      solved.push(merger.merge(parts, ending, wholeNumbers));
    }
    // Inside a loop every member reads the others' successors, so store the component's totals only now.
    members.forEach((member, k) => (suffix[member] = solved[k]));
    for (const member of members) {
      for (let e = graph.edgeStart[member]!; e < graph.edgeStart[member + 1]!; e++) {
        const to = graph.edgeTo[e]!;
        if (componentOf[to] !== i && --waitingFor[to]! === 0 && to !== initial) suffix[to] = undefined;
      }
    }
  }

  const totals = suffix[initial];
  if (!totals || totals.size === 0) return null;
  let bestPercent = -Infinity;
  let worstPercent = Infinity;
  let canPass = false;
  let canFail = false;
  const belowPass = new Set<string>();
  for (let j = 0; j < totals.size * GROUP; j += GROUP) {
    const group = totals.groups[j]!;
    const critical = group >= classCount;
    const { outcome, ending } = graph.classes[critical ? group - classCount : group]!;
    const best = totals.groups[j + 1]!;
    const minEarned = totals.groups[j + 2]!;
    const maxEarned = totals.groups[j + 3]!;
    const high = overallPercent(maxEarned, best, maxEarned < 0);
    const low = overallPercent(minEarned, best, minEarned < 0);
    bestPercent = Math.max(bestPercent, high);
    worstPercent = Math.min(worstPercent, low);
    if (!critical && outcome !== 'failure' && high >= passPercent) canPass = true;
    if (critical || outcome === 'failure' || low < passPercent) canFail = true;
    if (ending !== null && low < passPercent) belowPass.add(ending);
  }
  const successBelowPass = graph.classes.flatMap((c) => (c.ending !== null && belowPass.has(c.ending) ? [c.ending] : []));
  return { bestPercent, worstPercent, canPass, canFail, successBelowPass };
}
