'use client';

import '@xyflow/react/dist/base.css';
import './scenario-map.css';
import {
  BaseEdge,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
  type ReactFlowState,
} from '@xyflow/react';
import { createContext, memo, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { buttonStyles } from '@/components/ui/styles';
import type { ScenarioUsage } from '@/server/studio/analytics';
import { buildScenarioGraph, layoutGraph, NODE_HEIGHT, NODE_WIDTH, type MapEdge, type MapNode, type MapNodeKind, type MapProblem, type Point } from './graph';

export interface ScenarioMapProps {
  /** The draft as parsed JSON; may be invalid: show what can be shown (states with on/always/type). */
  document: unknown;
  selectedState: string | null;
  onSelectState: (stateName: string) => void;
  /** Checker findings; a state whose path starts with `states.<name>` gets an error/warning marker. */
  problems?: MapProblem[];
  /** Usage of a published version, drawn on the map when given. */
  usage?: ScenarioUsage | null;
}

/** How long structural edits must pause before the map is laid out again. */
const RELAYOUT_DELAY_MS = 400;
/** Edges leave a node from this many points along its bottom, one per way on (the rest share the last). */
const MAX_HANDLES = 8;
/** A map with more states than this opens on its start instead of fitting everything in. */
const LARGE_MAP = 30;
/** Below this zoom a node's words are too small to read. */
const READABLE_ZOOM = 0.7;

type StateNodeData = Record<string, unknown> & MapNode & { selected: boolean; waysOn: number };
type StateFlowNode = Node<StateNodeData, 'state'>;

// ---- Nodes ----

const KIND_STYLES: Record<MapNodeKind | 'success' | 'partial' | 'failure', string> = {
  decision: 'bg-white border-slate-400',
  'timed-decision': 'bg-sky-50 border-sky-700',
  junction: 'bg-violet-50 border-violet-700',
  ending: 'bg-slate-50 border-slate-500',
  success: 'bg-emerald-50 border-emerald-700',
  partial: 'bg-amber-50 border-amber-700',
  failure: 'bg-rose-50 border-rose-700',
  unknown: 'bg-slate-100 border-slate-500 border-dashed',
  missing: 'bg-rose-50 border-rose-700 border-dashed',
};

const MINIMAP_COLOURS: Record<MapNodeKind | 'success' | 'partial' | 'failure', string> = {
  decision: '#94a3b8',
  'timed-decision': '#0369a1',
  junction: '#6d28d9',
  ending: '#64748b',
  success: '#047857',
  partial: '#b45309',
  failure: '#be123c',
  unknown: '#cbd5e1',
  missing: '#be123c',
};

const ICON_PATHS: Record<string, string> = {
  decision: 'M4 5h16v11H9l-5 4V5Z',
  'timed-decision': 'M12 21a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm0-12v4l3 2M9 2h6',
  junction: 'M12 3 21 12 12 21 3 12Z',
  success: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm-4-9 3 3 5-6',
  partial: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-18v18',
  failure: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM9 9l6 6m0-6-6 6',
  ending: 'M5 21V4h11l-2 4 2 4H5',
  unknown: 'M9 9a3 3 0 1 1 4 2.8c-.7.3-1 1-1 1.7V15m0 3v.5',
  missing: 'M12 3 2 20h20L12 3Zm0 6v5m0 3v.5',
  error: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-13v5m0 3v.5',
  warning: 'M12 3 2 20h20L12 3Zm0 6v5m0 3v.5',
};

function Icon({ name, className = 'h-4 w-4' }: { name: string; className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className={`${className} shrink-0 fill-none stroke-current stroke-2`} strokeLinejoin="round" strokeLinecap="round">
      <path d={ICON_PATHS[name] ?? ICON_PATHS.unknown} />
    </svg>
  );
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function problemText(node: MapNode): string | null {
  const parts = [node.errors ? plural(node.errors, 'error') : null, node.warnings ? plural(node.warnings, 'warning') : null].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/** Everything the node says, for screen readers: a node is one button. */
function nodeLabel(node: MapNode, selected: boolean, waysOn: number): string {
  const parts = [node.id, node.kindLabel];
  if (node.initial) parts.push('start');
  if (node.kind !== 'ending' && node.kind !== 'missing') parts.push(waysOn === 1 ? '1 way on' : `${waysOn} ways on`);
  const problems = problemText(node);
  if (problems) parts.push(problems);
  if (node.usageText) parts.push(node.usageText);
  if (selected) parts.push('selected');
  return parts.join(', ');
}

const StateNode = memo(function StateNode({ data }: NodeProps<StateFlowNode>) {
  const style = KIND_STYLES[data.outcome ?? data.kind];
  const icon = data.kind === 'ending' && data.outcome ? data.outcome : data.kind;
  const problems = problemText(data);
  const handles = Math.min(Math.max(data.waysOn, 1), MAX_HANDLES);
  return (
    <div
      className={`flex h-full w-full flex-col gap-0.5 overflow-hidden rounded-lg px-3 py-2 text-left text-slate-900 shadow-sm ${style} ${
        data.selected ? 'border-4 outline-2 outline-offset-2 outline-slate-900' : 'border-2'
      }`}
      title={data.firstProblem ?? undefined}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="!invisible" />
      <p className="flex items-center gap-1 text-xs font-semibold text-slate-700">
        <Icon name={icon} />
        <span className="truncate">
          {data.kindLabel}
          {data.initial ? ' · Start' : ''}
        </span>
        {data.selected && <span className="ml-auto rounded bg-slate-900 px-1 text-[10px] font-semibold uppercase text-white">Selected</span>}
      </p>
      <p className="truncate text-sm font-semibold">{data.id}</p>
      {data.line && <p className="truncate text-xs text-slate-700">{data.line}</p>}
      {problems && (
        <p className={`flex items-center gap-1 text-xs font-semibold ${data.errors ? 'text-rose-800' : 'text-amber-800'}`}>
          <Icon name={data.errors ? 'error' : 'warning'} />
          {problems}
        </p>
      )}
      {data.usageText && <p className="truncate text-xs font-medium text-slate-800">{data.usageText}</p>}
      {Array.from({ length: handles }, (_, index) => (
        <Handle
          key={index}
          id={`out-${index}`}
          type="source"
          position={Position.Bottom}
          isConnectable={false}
          className="!invisible"
          style={{ left: `${((index + 1) / (handles + 1)) * 100}%` }}
        />
      ))}
    </div>
  );
});

const NODE_TYPES = { state: StateNode };

// ---- Edges ----

type TransitionEdgeData = { kind: MapEdge['kind']; text: string; usageText: string | null; highlighted: boolean; parallelIndex: number; parallelCount: number };
type TransitionFlowEdge = Edge<TransitionEdgeData, 'transition'>;

const EDGE_COLOURS: Record<MapEdge['kind'], string> = { choice: '#475569', timeout: '#0369a1', branch: '#6d28d9' };
const LABEL_STYLES: Record<MapEdge['kind'], string> = {
  choice: 'bg-white border-slate-300',
  timeout: 'bg-sky-50 border-sky-700 border-dashed',
  branch: 'bg-violet-50 border-violet-300',
};

/**
 * The layer React Flow keeps for edge labels, looked up once per change of the map's store and
 * handed to the labels. React Flow's own EdgeLabelRenderer has every label look it up on every
 * change of the store: with hundreds of edges, those lookups outweighed the rest of an update.
 */
const EdgeLabelLayer = createContext<HTMLElement | null>(null);
const labelLayerOf = (state: ReactFlowState) => state.domNode?.querySelector<HTMLElement>('.react-flow__edgelabel-renderer') ?? null;

function EdgeLabel({ children }: { children: ReactNode }) {
  const layer = useContext(EdgeLabelLayer);
  return layer ? createPortal(children, layer) : null;
}

/** A point on a cubic Bézier curve. */
const cubicAt = (t: number, p0: number, p1: number, p2: number, p3: number) =>
  (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3;

/**
 * An edge from a state's bottom to another's top. Edges between the same two states leave from
 * different points and carry their labels at different heights, so none hides another.
 */
const TransitionEdge = memo(function TransitionEdge({ id, sourceX, sourceY, targetX, targetY, data, markerEnd, style }: EdgeProps<TransitionFlowEdge>) {
  const { parallelIndex = 0, parallelCount = 1, text = '', usageText = null, kind = 'choice', highlighted = false } = data ?? {};
  const distance = targetY - sourceY;
  // Upward edges (a loop back) bow out further, as React Flow's own Bézier edges do.
  const offset = distance >= 0 ? distance / 2 : 6.25 * Math.sqrt(-distance) * 2;
  const c1 = { x: sourceX, y: sourceY + offset };
  const c2 = { x: targetX, y: targetY - offset };
  const path = `M${sourceX},${sourceY} C${c1.x},${c1.y} ${c2.x},${c2.y} ${targetX},${targetY}`;
  const t = parallelCount > 1 ? 0.2 + (0.6 * parallelIndex) / (parallelCount - 1) : 0.5;
  const labelX = cubicAt(t, sourceX, c1.x, c2.x, targetX);
  const labelY = cubicAt(t, sourceY, c1.y, c2.y, targetY);
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      <EdgeLabel>
        <div
          className={`pointer-events-none absolute max-w-48 rounded border px-1 py-px text-center text-[11px] leading-tight text-slate-900 ${LABEL_STYLES[kind]} ${
            highlighted ? 'z-10 font-semibold shadow' : ''
          }`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          <span className="block truncate">{text}</span>
          {usageText && <span className="block font-semibold">{usageText}</span>}
        </div>
      </EdgeLabel>
    </>
  );
});

const EDGE_TYPES = { transition: TransitionEdge };

function toFlowEdge(edge: MapEdge, highlighted: boolean, sourceHandle: string, parallelIndex: number, parallelCount: number): TransitionFlowEdge {
  const colour = highlighted ? '#0f172a' : EDGE_COLOURS[edge.kind];
  return {
    id: edge.id,
    type: 'transition',
    source: edge.source,
    target: edge.target,
    sourceHandle,
    focusable: false,
    selectable: false,
    data: { kind: edge.kind, text: edge.text, usageText: edge.usageText, highlighted, parallelIndex, parallelCount },
    style: { stroke: colour, strokeWidth: highlighted ? 2.5 : 1.5, ...(edge.kind === 'timeout' ? { strokeDasharray: '7 5' } : {}) },
    markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
    zIndex: highlighted ? 1 : 0,
  };
}

// ---- The map ----

/**
 * Props given to React Flow stay the same objects while nothing changed: it copies a changed prop
 * into its store, and every change of the store runs the selectors of every node and edge.
 */
const ARIA_LABELS = {
  'node.a11yDescription.default': 'Press Enter to open this state in the form.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter to open this state in the form.',
  'edge.a11yDescription.default': '',
  'minimap.ariaLabel': 'Overview of the whole map',
};
const minimapColour = (node: Node) => MINIMAP_COLOURS[(node.data as StateNodeData).outcome ?? (node.data as StateNodeData).kind];

/** The list kept in `previous` when `next` holds the same items in the same order; otherwise `next`, kept for next time. */
function unchangedOr<T>(previous: { current: T[] }, next: T[]): T[] {
  if (previous.current.length === next.length && next.every((item, i) => item === previous.current[i])) return previous.current;
  previous.current = next;
  return next;
}

function MapView({ document, selectedState, onSelectState, problems, usage }: ScenarioMapProps) {
  const flow = useReactFlow();
  const labelLayer = useStore(labelLayerOf);
  const summaryId = useId();
  const graph = useMemo(() => buildScenarioGraph(document, { problems, usage }), [document, problems, usage]);
  const graphRef = useRef(graph);
  graphRef.current = graph;

  // Layout only when the structure changes; a few recent layouts are kept for undo and redo.
  const layouts = useRef(new Map<string, Map<string, Point>>());
  const [layout, setLayout] = useState<{ key: string; positions: Map<string, Point>; ms: number } | null>(null);
  const hasLayout = layout !== null;
  useEffect(() => {
    const key = graph.structureKey;
    const cached = layouts.current.get(key);
    if (cached) {
      setLayout((current) => (current?.key === key ? current : { key, positions: cached, ms: 0 }));
      return;
    }
    // The first layout waits only for the page to paint; later ones for a pause in the edits.
    const timer = setTimeout(() => {
      const started = performance.now();
      const { nodes, edges } = graphRef.current;
      const positions = layoutGraph(nodes, edges);
      layouts.current.set(key, positions);
      if (layouts.current.size > 8) layouts.current.delete(layouts.current.keys().next().value!);
      setLayout({ key, positions, ms: Math.round(performance.now() - started) });
    }, hasLayout ? RELAYOUT_DELAY_MS : 0);
    return () => clearTimeout(timer);
  }, [graph.structureKey, hasLayout]);

  // Until the next layout, a new state sits below the state it is reached from.
  const positionOf = useCallback(
    (id: string): Point => {
      const placed = layout?.positions.get(id);
      if (placed) return placed;
      const from = graph.edges.find((e) => e.target === id && layout?.positions.has(e.source));
      const base = from ? layout!.positions.get(from.source)! : { x: 0, y: 0 };
      return { x: base.x + 24, y: base.y + NODE_HEIGHT + 48 };
    },
    [graph.edges, layout],
  );

  // Node and edge objects are reused while nothing about them changed, so an edit or a new
  // selection re-renders only the nodes it touches; and the lists themselves are kept while every
  // item is, since each new list makes React Flow update its whole store (typing in a form changes
  // the draft but mostly nothing the map shows).
  const nodeCache = useRef(new Map<string, { signature: string; node: StateFlowNode }>());
  const nodeList = useRef<StateFlowNode[]>([]);
  const nodes = useMemo(() => {
    if (!layout) return [];
    const waysOn = new Map<string, number>();
    for (const e of graph.edges) waysOn.set(e.source, (waysOn.get(e.source) ?? 0) + 1);
    const next = new Map<string, { signature: string; node: StateFlowNode }>();
    const list = graph.nodes.map((n) => {
      const selected = n.id === selectedState;
      const position = positionOf(n.id);
      const data: StateNodeData = { ...n, selected, waysOn: waysOn.get(n.id) ?? 0 };
      const signature = JSON.stringify([data, position]);
      const cached = nodeCache.current.get(n.id);
      const node: StateFlowNode =
        cached && cached.signature === signature
          ? cached.node
          : {
              id: n.id,
              type: 'state',
              position,
              data,
              width: NODE_WIDTH,
              height: NODE_HEIGHT,
              ariaRole: 'button',
              ariaLabel: nodeLabel(n, selected, waysOn.get(n.id) ?? 0),
              domAttributes: selected ? { 'aria-current': 'true' } : undefined,
              className: 'rounded-lg',
            };
      next.set(n.id, { signature, node });
      return node;
    });
    nodeCache.current = next;
    return unchangedOr(nodeList, list);
  }, [graph, layout, selectedState, positionOf]);

  const edgeCache = useRef(new Map<string, { signature: string; edge: TransitionFlowEdge }>());
  const edgeList = useRef<TransitionFlowEdge[]>([]);
  const edges = useMemo(() => {
    if (!layout) return [];
    const next = new Map<string, { signature: string; edge: TransitionFlowEdge }>();
    const outIndex = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (const e of graph.edges) pairs.set(`${e.source}\u0000${e.target}`, (pairs.get(`${e.source}\u0000${e.target}`) ?? 0) + 1);
    const pairIndex = new Map<string, number>();
    const list = graph.edges.map((e) => {
      const highlighted = e.source === selectedState || e.target === selectedState;
      const index = outIndex.get(e.source) ?? 0;
      outIndex.set(e.source, index + 1);
      const pair = `${e.source}\u0000${e.target}`;
      const parallelIndex = pairIndex.get(pair) ?? 0;
      pairIndex.set(pair, parallelIndex + 1);
      const handle = `out-${Math.min(index, MAX_HANDLES - 1)}`;
      const signature = JSON.stringify([e, highlighted, handle, parallelIndex, pairs.get(pair)]);
      const cached = edgeCache.current.get(e.id);
      const edge = cached && cached.signature === signature ? cached.edge : toFlowEdge(e, highlighted, handle, parallelIndex, pairs.get(pair) ?? 1);
      next.set(e.id, { signature, edge });
      return edge;
    });
    edgeCache.current = next;
    return unchangedOr(edgeList, list);
  }, [graph, layout, selectedState]);

  // Once first laid out: the whole scenario when it fits at a size that can be read; otherwise its
  // start at a readable size, the minimap giving the overview.
  const fitted = useRef(false);
  useEffect(() => {
    if (!layout || fitted.current || nodes.length === 0) return;
    fitted.current = true;
    const start = graphRef.current.nodes.find((n) => n.initial);
    const startAt = start ? layout.positions.get(start.id) : undefined;
    const showStart = () => {
      if (startAt) void flow.setCenter(startAt.x + NODE_WIDTH / 2, startAt.y + NODE_HEIGHT * 2, { zoom: READABLE_ZOOM });
    };
    requestAnimationFrame(() => {
      if (nodes.length > LARGE_MAP) return showStart();
      void flow.fitView({ padding: 0.1 }).then(() => {
        if (flow.getZoom() < READABLE_ZOOM) showStart();
      });
    });
  }, [layout, nodes.length, flow]);

  // A state selected elsewhere (the problems list, the form) is brought into view.
  useEffect(() => {
    if (!selectedState || !layout) return;
    const position = layout.positions.get(selectedState);
    if (!position) return;
    const { x, y, zoom } = flow.getViewport();
    const container = window.document.querySelector<HTMLElement>(`[data-map-summary="${summaryId}"] .react-flow`);
    const width = container?.clientWidth ?? 0;
    const height = container?.clientHeight ?? 0;
    const left = position.x * zoom + x;
    const top = position.y * zoom + y;
    const visible = left >= 0 && top >= 0 && left + NODE_WIDTH * zoom <= width && top + NODE_HEIGHT * zoom <= height;
    if (!visible) void flow.setCenter(position.x + NODE_WIDTH / 2, position.y + NODE_HEIGHT / 2, { zoom: Math.max(zoom, 0.6), duration: 200 });
  }, [selectedState, layout, flow, summaryId]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if ((event.key === 'Enter' || event.key === ' ') && target.classList.contains('react-flow__node') && target.dataset.id) {
      event.preventDefault();
      onSelectState(target.dataset.id);
    }
  };

  const showSelected = () => {
    const position = selectedState ? layout?.positions.get(selectedState) : undefined;
    if (position) void flow.setCenter(position.x + NODE_WIDTH / 2, position.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 200 });
  };

  return (
    <section aria-label="Map of the scenario" aria-describedby={summaryId} data-map-summary={summaryId} data-layout-ms={layout?.ms ?? ''} className="flex h-full min-h-[24rem] flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <p id={summaryId} className="mr-auto text-sm text-slate-700">
          {graph.summary}
          {usage ? ` Showing how trainees played version ${usage.version}: ${plural(usage.attempts, 'attempt')}.` : ''}
        </p>
        <div role="group" aria-label="Map view" className="flex gap-1">
          <button type="button" className={buttonStyles.secondary} onClick={() => void flow.zoomIn({ duration: 150 })}>
            Zoom in
          </button>
          <button type="button" className={buttonStyles.secondary} onClick={() => void flow.zoomOut({ duration: 150 })}>
            Zoom out
          </button>
          <button type="button" className={buttonStyles.secondary} onClick={() => void flow.fitView({ padding: 0.1, duration: 150 })}>
            Fit
          </button>
          <button type="button" className={buttonStyles.secondary} onClick={showSelected} disabled={!selectedState || !layout?.positions.has(selectedState)}>
            Show selected
          </button>
        </div>
      </div>
      <div className="scenario-map relative min-h-0 flex-1 rounded-lg border border-slate-200 bg-slate-50" onKeyDown={onKeyDown}>
        {!layout && graph.nodes.length > 0 && (
          <p role="status" className="absolute inset-x-0 top-4 text-center text-sm text-slate-700">
            Laying out the map…
          </p>
        )}
        <EdgeLabelLayer value={labelLayer}>
          <ReactFlow<StateFlowNode, TransitionFlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            edgeTypes={EDGE_TYPES}
            onNodeClick={(_, node) => onSelectState(node.id)}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            nodesFocusable
            edgesFocusable={false}
            deleteKeyCode={null}
            selectionKeyCode={null}
            multiSelectionKeyCode={null}
            panActivationKeyCode={null}
            zoomActivationKeyCode={null}
            zoomOnDoubleClick={false}
            // Never so small that a state is under 24 px tall to click or tap (WCAG 2.5.8); the
            // overview of a large scenario is the minimap's job.
            minZoom={0.25}
            maxZoom={1.5}
            ariaLabelConfig={ARIA_LABELS}
          >
            {graph.nodes.length > 12 && <MiniMap pannable zoomable nodeColor={minimapColour} nodeStrokeWidth={0} />}
          </ReactFlow>
        </EdgeLabelLayer>
      </div>
    </section>
  );
}

/**
 * The statechart as a map: states as nodes by kind, choices and junction branches as labelled
 * edges, laid out by dagre and drawn with React Flow. Read-only: nothing needs dragging; a state is
 * selected by clicking it or pressing Enter on it, and the view has buttons to zoom and fit.
 */
export const ScenarioMap = memo(function ScenarioMap(props: ScenarioMapProps) {
  return (
    <ReactFlowProvider>
      <MapView {...props} />
    </ReactFlowProvider>
  );
});

export default ScenarioMap;
