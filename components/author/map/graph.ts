import { Graph, layout } from '@dagrejs/dagre';
import { formatPath } from '@/machines/json-path';
import type { ScenarioUsage } from '@/server/studio/analytics';

/**
 * The studio map's graph, without React: which nodes and edges a draft has, how they are labelled,
 * and where a layered layout puts them. The draft may be invalid JSON-wise; whatever has the shape
 * of a state is drawn, and a target that names no state is drawn as a missing node.
 */

export type MapNodeKind = 'decision' | 'timed-decision' | 'junction' | 'ending' | 'unknown' | 'missing';
export type MapEdgeKind = 'choice' | 'timeout' | 'branch';
type Outcome = 'success' | 'partial' | 'failure';

export interface MapProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface MapNode {
  id: string;
  kind: MapNodeKind;
  /** The kind in words: "Timed decision (20 s)", "Ending: success". */
  kindLabel: string;
  outcome: Outcome | null;
  /** The first words of the customer's line (an ending's summary when it has no line). */
  line: string | null;
  initial: boolean;
  errors: number;
  warnings: number;
  /** The first problem's message, for a tooltip. */
  firstProblem: string | null;
  /** What trainees did here, when usage is shown: "reached 12, left here 3". */
  usageText: string | null;
}

export interface MapEdge {
  id: string;
  source: string;
  target: string;
  kind: MapEdgeKind;
  /** Short: the choice's words (truncated) or a junction's guard, with its usage when shown. */
  label: string;
  /** The label without usage: the words or guard. */
  text: string;
  /** "taken 42× (31%)" when usage is shown. */
  usageText: string | null;
  /** The whole text, for screen readers and tooltips. */
  description: string;
}

export interface ScenarioGraph {
  nodes: MapNode[];
  edges: MapEdge[];
  /** "12 steps: 7 decisions (2 timed), 2 automatic branches, 3 endings". */
  summary: string;
  /** Changes only when nodes or edges come or go, or change kind: when the layout must be redone. */
  structureKey: string;
}

export interface GraphOptions {
  problems?: readonly MapProblem[] | null;
  usage?: ScenarioUsage | null;
}

export const LABEL_WORDS = 30;
export const LINE_WORDS = 60;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const OUTCOMES: readonly string[] = ['success', 'partial', 'failure'];

/** Text cut at a word boundary to about `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** A guard in words: "mood ≥ 0", "remembered promised". */
export function guardLabel(guard: unknown): string {
  if (!isObject(guard)) return 'if ?';
  const params = isObject(guard.params) ? guard.params : {};
  switch (guard.type) {
    case 'moodAtLeast':
      return `mood ≥ ${String(params.value ?? '?')}`;
    case 'moodBelow':
      return `mood < ${String(params.value ?? '?')}`;
    case 'remembered':
      return `remembered ${String(params.flag ?? '?')}`;
    case 'notRemembered':
      return `not remembered ${String(params.flag ?? '?')}`;
    default:
      return `if ${typeof guard.type === 'string' ? guard.type : '?'}`;
  }
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function kindOf(state: unknown): { kind: MapNodeKind; kindLabel: string; outcome: Outcome | null } {
  if (!isObject(state)) return { kind: 'unknown', kindLabel: 'Unknown kind', outcome: null };
  const meta = isObject(state.meta) ? state.meta : {};
  if (state.type === 'final') {
    const outcome = typeof meta.outcome === 'string' && OUTCOMES.includes(meta.outcome) ? (meta.outcome as Outcome) : null;
    return { kind: 'ending', kindLabel: outcome ? `Ending: ${outcome}` : 'Ending (no outcome)', outcome };
  }
  if (Array.isArray(state.always)) return { kind: 'junction', kindLabel: 'Automatic branch', outcome: null };
  if (isObject(state.on)) {
    const limit = meta.timeLimitSeconds;
    if (typeof limit === 'number') return { kind: 'timed-decision', kindLabel: `Timed decision (${limit} s)`, outcome: null };
    if ('TIMEOUT' in state.on) return { kind: 'timed-decision', kindLabel: 'Timed decision (no time limit)', outcome: null };
    return { kind: 'decision', kindLabel: 'Decision', outcome: null };
  }
  return { kind: 'unknown', kindLabel: 'Unknown kind', outcome: null };
}

function lineOf(state: unknown): string | null {
  if (!isObject(state) || !isObject(state.meta)) return null;
  const say = state.meta.say;
  const first = Array.isArray(say) ? say.find((s) => typeof s === 'string') : say;
  if (typeof first === 'string' && first.trim()) return truncate(first, LINE_WORDS);
  if (typeof state.meta.summary === 'string' && state.meta.summary.trim()) return truncate(state.meta.summary, LINE_WORDS);
  return null;
}

function stateUsageText(kind: MapNodeKind, usage: ScenarioUsage['states'][string] | undefined): string {
  if (!usage || (usage.reached === 0 && usage.ended === 0)) return 'not reached';
  if (kind === 'junction') return `passed ${usage.reached}×`;
  if (kind === 'ending') return `ended here ${usage.ended}`;
  const parts = [`reached ${usage.reached}`, `left here ${usage.abandoned}`];
  if (usage.inProgress) parts.push(`playing now ${usage.inProgress}`);
  return parts.join(', ');
}

/** Nodes and edges of a draft, labelled, with problem markers and usage when given. */
export function buildScenarioGraph(document: unknown, options: GraphOptions = {}): ScenarioGraph {
  const states = isObject(document) && isObject(document.states) ? document.states : {};
  const initial = isObject(document) && typeof document.initial === 'string' ? document.initial : null;
  const usage = options.usage ?? null;

  const problemsOf = new Map<string, { errors: number; warnings: number; first: string | null }>();
  const names = Object.keys(states);
  const prefixes = names.map((name) => [name, formatPath(['states', name])] as const);
  for (const problem of options.problems ?? []) {
    const match = prefixes.find(([, prefix]) => problem.path === prefix || problem.path.startsWith(`${prefix}.`) || problem.path.startsWith(`${prefix}[`));
    if (!match) continue;
    const entry = problemsOf.get(match[0]) ?? { errors: 0, warnings: 0, first: null };
    if (problem.severity === 'error') entry.errors++;
    else entry.warnings++;
    // An error is the more useful tooltip.
    if (!entry.first || (problem.severity === 'error' && entry.errors === 1)) entry.first = problem.message;
    problemsOf.set(match[0], entry);
  }

  const nodes: MapNode[] = names.map((name) => {
    const state = states[name];
    const { kind, kindLabel, outcome } = kindOf(state);
    const problems = problemsOf.get(name);
    return {
      id: name,
      kind,
      kindLabel,
      outcome,
      line: lineOf(state),
      initial: name === initial,
      errors: problems?.errors ?? 0,
      warnings: problems?.warnings ?? 0,
      firstProblem: problems?.first ?? null,
      usageText: usage ? stateUsageText(kind, usage.states[name]) : null,
    };
  });

  const edges: MapEdge[] = [];
  const missing = new Set<string>();
  const addEdge = (source: string, target: unknown, kind: MapEdgeKind, label: string, description: string, usageText: string | null) => {
    if (typeof target !== 'string' || !target) return;
    if (!(target in states)) missing.add(target);
    edges.push({
      id: `edge-${edges.length}`,
      source,
      target,
      kind,
      label: usageText ? `${label} · ${usageText}` : label,
      text: label,
      usageText,
      description: usageText ? `${description}, ${usageText}` : description,
    });
  };

  const choiceUsage = new Map(usage?.choices.map((c) => [`${c.state}\u0000${c.event}`, c]) ?? []);
  const branchUsage = new Map(usage?.branches.map((b) => [`${b.state}\u0000${b.index}`, b]) ?? []);
  const taken = (count: number, of: number) => `taken ${count}×${of ? ` (${percent(count / of)})` : ''}`;

  for (const name of names) {
    const state = states[name];
    if (!isObject(state)) continue;
    const { kind } = kindOf(state);
    if ((kind === 'decision' || kind === 'timed-decision') && isObject(state.on)) {
      const decisions = usage?.states[name]?.decisions ?? 0;
      for (const [event, value] of Object.entries(state.on)) {
        const list = Array.isArray(value) ? value : [value];
        const used = choiceUsage.get(`${name}\u0000${event}`);
        list.forEach((alternative, index) => {
          if (!isObject(alternative)) return;
          const meta = isObject(alternative.meta) ? alternative.meta : {};
          const condition = list.length > 1 ? ('guard' in alternative ? guardLabel(alternative.guard) : 'otherwise') : null;
          const usageText = usage ? taken(used?.alternatives[index] ?? 0, decisions) : null;
          if (event === 'TIMEOUT') {
            const limit = isObject(state.meta) && typeof state.meta.timeLimitSeconds === 'number' ? ` (${state.meta.timeLimitSeconds} s)` : '';
            const label = `No reply in time${limit}${condition ? ` · ${condition}` : ''}`;
            addEdge(
              name,
              alternative.target,
              'timeout',
              label,
              `${name}: no reply in time${limit}${condition ? `, ${condition}` : ''}, to ${String(alternative.target)}`,
              usageText,
            );
            return;
          }
          const words = typeof meta.choice === 'string' && meta.choice.trim() ? meta.choice : event;
          const label = `${truncate(words, LABEL_WORDS)}${condition ? ` · ${condition}` : ''}`;
          addEdge(name, alternative.target, 'choice', label, `${name}: reply “${words}”${condition ? `, ${condition}` : ''}, to ${String(alternative.target)}`, usageText);
        });
      }
    } else if (kind === 'junction' && Array.isArray(state.always)) {
      const passes = usage?.states[name]?.reached ?? 0;
      state.always.forEach((branch, index) => {
        if (!isObject(branch)) return;
        const isLast = index === (state.always as unknown[]).length - 1;
        const condition = 'guard' in branch ? guardLabel(branch.guard) : isLast ? 'otherwise' : 'always';
        const usageText = usage ? taken(branchUsage.get(`${name}\u0000${index}`)?.taken ?? 0, passes) : null;
        addEdge(name, branch.target, 'branch', condition, `${name}: ${condition === 'otherwise' ? 'otherwise' : `if ${condition}`}, to ${String(branch.target)}`, usageText);
      });
    }
  }

  for (const name of missing) {
    nodes.push({
      id: name,
      kind: 'missing',
      kindLabel: 'Missing step',
      outcome: null,
      line: 'A reply leads here, but no step has this name.',
      initial: false,
      errors: 0,
      warnings: 0,
      firstProblem: null,
      usageText: null,
    });
  }

  return {
    nodes,
    edges,
    summary: summaryOf(nodes),
    structureKey: JSON.stringify([nodes.map((n) => [n.id, n.kind]), edges.map((e) => [e.source, e.target])]),
  };
}

function summaryOf(nodes: MapNode[]): string {
  const count = (kind: MapNodeKind) => nodes.filter((n) => n.kind === kind).length;
  const states = nodes.length - count('missing');
  if (states === 0) return 'No steps to show yet.';
  const timed = count('timed-decision');
  const decisions = count('decision') + timed;
  const parts = [
    `${plural(decisions, 'decision')}${timed ? ` (${timed} timed)` : ''}`,
    plural(count('junction'), 'automatic branch', 'automatic branches'),
    plural(count('ending'), 'ending'),
  ];
  if (count('unknown')) parts.push(`${count('unknown')} of unknown kind`);
  let summary = `${plural(states, 'step')}: ${parts.join(', ')}.`;
  if (count('missing')) summary += ` ${plural(count('missing'), 'next step')} naming no step.`;
  const errors = nodes.reduce((sum, n) => sum + n.errors, 0);
  const warnings = nodes.reduce((sum, n) => sum + n.warnings, 0);
  if (errors || warnings) summary += ` Marked on steps: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`;
  return summary;
}

// ---- Layout ----

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 112;

export interface Point {
  x: number;
  y: number;
}

/** Above this many states, dagre's extra ordering pass is skipped: it doubles the time for little gain. */
export const LARGE_GRAPH = 80;

/**
 * Top-left positions from a layered (Sugiyama) layout, top to bottom from the start. Labels are not
 * laid out as nodes of their own: that doubles the layers, and the time and width, at 200 states;
 * the gap between layers leaves them room instead. Edges between the same two states count once.
 * The tight-tree ranker is the faster of dagre's rankers on large scenarios, with as many layers.
 */
export function layoutGraph(nodes: readonly Pick<MapNode, 'id'>[], edges: readonly Pick<MapEdge, 'source' | 'target' | 'id'>[]): Map<string, Point> {
  const graph = new Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', ranker: 'tight-tree', nodesep: 40, ranksep: 128, edgesep: 16, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const pairs = new Set<string>();
  for (const edge of edges) {
    const pair = JSON.stringify([edge.source, edge.target]);
    if (edge.source === edge.target || pairs.has(pair)) continue;
    pairs.add(pair);
    graph.setEdge(edge.source, edge.target, {}, edge.id);
  }
  layout(graph, { disableOptimalOrderHeuristic: nodes.length > LARGE_GRAPH });
  const positions = new Map<string, Point>();
  for (const node of nodes) {
    const placed = graph.node(node.id);
    positions.set(node.id, { x: (placed?.x ?? 0) - NODE_WIDTH / 2, y: (placed?.y ?? 0) - NODE_HEIGHT / 2 });
  }
  return positions;
}

// ---- Labels ----

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** Around a state's box, a label keeps this far off, so it never seems to belong to the box. */
const LABEL_CLEARANCE = 4;

/**
 * Where an edge's label goes: the first of the places tried whose box covers no state's box (nor
 * any of `avoid`), or, where every one does, the one that covers least. Each place is a point on
 * the edge (`pointAt(t)` for each `t` in turn), the label's top-left at the point plus an offset.
 */
export function placeLabel(
  pointAt: (t: number) => Point,
  size: { width: number; height: number },
  ts: readonly number[],
  offsets: readonly Point[],
  boxes: readonly Box[],
  avoid: readonly Box[] = [],
): Box {
  let best: Box | null = null;
  let bestCover = Infinity;
  for (const t of ts) {
    const point = pointAt(t);
    for (const offset of offsets) {
      const label = { x: point.x + offset.x, y: point.y + offset.y, width: size.width, height: size.height };
      const padded = { x: label.x - LABEL_CLEARANCE, y: label.y - LABEL_CLEARANCE, width: label.width + 2 * LABEL_CLEARANCE, height: label.height + 2 * LABEL_CLEARANCE };
      let cover = 0;
      for (const box of boxes) cover += overlap(padded, box);
      for (const box of avoid) cover += overlap(label, box);
      if (cover === 0) return label;
      if (cover < bestCover) {
        best = label;
        bestCover = cover;
      }
    }
  }
  return best ?? { x: 0, y: 0, ...size };
}

/** About how wide a label of `text` is drawn, at 11 px, within its largest width. */
export const labelWidth = (text: string, max: number) => Math.min(max, Math.ceil(text.length * 6.2) + 12);
