import type { MapEdge, MapNode, Point, ScenarioGraph } from './graph';
import { MAX_HANDLES, toFlowNode, type StateFlowNode } from './StateNode';
import { toFlowEdge, type TransitionFlowEdge } from './TransitionEdge';

/**
 * Node and edge objects as last handed to React Flow, each with the signature it was made from.
 * React Flow copies a changed prop into its store, and every change of the store runs the
 * selectors of every node and edge: so objects are reused while nothing about them changed (an
 * edit or a new selection re-renders only the nodes it touches), and the lists themselves are kept
 * while every item is (typing in a form changes the draft but mostly nothing the map shows).
 */
export interface KeptItems<T> {
  byId: ReadonlyMap<string, { signature: string; item: T }>;
  list: T[];
}

export const NO_ITEMS: KeptItems<never> = { byId: new Map(), list: [] };

/** `items` made afresh only where their signature changed since `previous`; the previous list itself while every item is the same. */
function reuse<T>(previous: KeptItems<T>, items: { id: string; signature: string; make: () => T }[]): KeptItems<T> {
  const byId = new Map<string, { signature: string; item: T }>();
  const list = items.map(({ id, signature, make }) => {
    const cached = previous.byId.get(id);
    const item = cached && cached.signature === signature ? cached.item : make();
    byId.set(id, { signature, item });
    return item;
  });
  const same = previous.list.length === list.length && list.every((item, i) => item === previous.list[i]);
  return { byId, list: same ? previous.list : list };
}

/** The states as React Flow nodes, each where the layout puts it (`positionOf`). */
export function flowNodes(graph: Pick<ScenarioGraph, 'nodes' | 'edges'>, selectedState: string | null, positionOf: (id: string) => Point, previous: KeptItems<StateFlowNode>) {
  const waysOn = new Map<string, number>();
  for (const e of graph.edges) waysOn.set(e.source, (waysOn.get(e.source) ?? 0) + 1);
  return reuse(
    previous,
    graph.nodes.map((n: MapNode) => {
      const selected = n.id === selectedState;
      const position = positionOf(n.id);
      const ways = waysOn.get(n.id) ?? 0;
      return { id: n.id, signature: JSON.stringify([n, selected, ways, position]), make: () => toFlowNode(n, selected, ways, position) };
    }),
  );
}

/** The transitions as React Flow edges: those of the selected state highlighted, parallel ones spread apart. */
export function flowEdges(graph: Pick<ScenarioGraph, 'edges'>, selectedState: string | null, previous: KeptItems<TransitionFlowEdge>) {
  const outIndex = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (const e of graph.edges) pairs.set(`${e.source}\u0000${e.target}`, (pairs.get(`${e.source}\u0000${e.target}`) ?? 0) + 1);
  const pairIndex = new Map<string, number>();
  return reuse(
    previous,
    graph.edges.map((e: MapEdge) => {
      const highlighted = e.source === selectedState || e.target === selectedState;
      const index = outIndex.get(e.source) ?? 0;
      outIndex.set(e.source, index + 1);
      const pair = `${e.source}\u0000${e.target}`;
      const parallelIndex = pairIndex.get(pair) ?? 0;
      pairIndex.set(pair, parallelIndex + 1);
      const handle = `out-${Math.min(index, MAX_HANDLES - 1)}`;
      const count = pairs.get(pair) ?? 1;
      return { id: e.id, signature: JSON.stringify([e, highlighted, handle, parallelIndex, count]), make: () => toFlowEdge(e, highlighted, handle, parallelIndex, count) };
    }),
  );
}
