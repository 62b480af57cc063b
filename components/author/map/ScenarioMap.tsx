'use client';

import '@xyflow/react/dist/base.css';
import './scenario-map.css';
import { MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, useStore } from '@xyflow/react';
import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { buttonStyles } from '@/components/ui/styles';
import type { ScenarioUsage } from '@/server/studio/analytics';
import { flowEdges, flowNodes, NO_ITEMS, type KeptItems } from './flow-items';
import { buildScenarioGraph, NODE_HEIGHT, NODE_WIDTH, type MapProblem, type Point, type ScenarioGraph } from './graph';
import { minimapColour, NODE_TYPES, plural, type StateFlowNode } from './StateNode';
import { useMapLayout } from './use-map-layout';
import { EDGE_TYPES, EdgeLabelLayer, labelLayerOf, NodeBoxes, type TransitionFlowEdge } from './TransitionEdge';

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
/** A map with more states than this opens on its start instead of fitting everything in. */
const LARGE_MAP = 30;
/** Below this zoom a node's words are too small to read. */
const READABLE_ZOOM = 0.7;

// ---- The map ----

/**
 * Props given to React Flow stay the same objects while nothing changed: it copies a changed prop
 * into its store, and every change of the store runs the selectors of every node and edge.
 */
const ARIA_LABELS = {
  'node.a11yDescription.default': 'Press Enter to open this step in the form.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter to open this step in the form.',
  'edge.a11yDescription.default': '',
  'minimap.ariaLabel': 'Overview of the whole map',
};
/** The nodes and edges last handed to React Flow, and what they were made from (see ./flow-items.ts). */
interface FlowItems {
  graph: ScenarioGraph | null;
  layout: unknown;
  selectedState: string | null;
  nodes: KeptItems<StateFlowNode>;
  edges: KeptItems<TransitionFlowEdge>;
}
const NO_FLOW_ITEMS: FlowItems = { graph: null, layout: null, selectedState: null, nodes: NO_ITEMS, edges: NO_ITEMS };
const NO_NODES: StateFlowNode[] = [];
const NO_EDGES: TransitionFlowEdge[] = [];

function MapView({ document, selectedState, onSelectState, problems, usage }: ScenarioMapProps) {
  const flow = useReactFlow();
  const labelLayer = useStore(labelLayerOf);
  const summaryId = useId();
  const graph = useMemo(() => buildScenarioGraph(document, { problems, usage }), [document, problems, usage]);
  // The newest graph, for the layout that runs after a pause (written after rendering, read in a timer).
  const graphRef = useRef(graph);
  useLayoutEffect(() => {
    graphRef.current = graph;
  }, [graph]);

  // Layout only when the structure changes; a few recent layouts are kept for undo and redo.
  const layouts = useRef(new Map<string, Map<string, Point>>());
  const layOut = useMapLayout();
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
    let cancelled = false;
    const timer = setTimeout(
      () => {
        const started = performance.now();
        const { nodes, edges } = graphRef.current;
        void layOut(nodes, edges).then((positions) => {
          layouts.current.set(key, positions);
          if (layouts.current.size > 8) layouts.current.delete(layouts.current.keys().next().value!);
          // A layout that an edit overtook is kept for undo, but not shown.
          if (!cancelled) setLayout({ key, positions, ms: Math.round(performance.now() - started) });
        });
      },
      hasLayout ? RELAYOUT_DELAY_MS : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [graph.structureKey, hasLayout, layOut]);

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

  // Node and edge objects are made again only where something about them changed: the new ones
  // are kept in state, set while rendering when the graph, layout or selection changed (React then
  // renders again at once, finding them up to date).
  const [kept, setKept] = useState<FlowItems>(NO_FLOW_ITEMS);
  let items = kept;
  if (layout && (kept.graph !== graph || kept.layout !== layout || kept.selectedState !== selectedState)) {
    items = { graph, layout, selectedState, nodes: flowNodes(graph, selectedState, positionOf, kept.nodes), edges: flowEdges(graph, selectedState, kept.edges) };
    setKept(items);
  }
  const nodes = layout ? items.nodes.list : NO_NODES;
  // The states' boxes as laid out, for the labels to keep clear of: the same list until the next layout.
  const boxes = useMemo(() => (layout ? [...layout.positions.values()].map((p) => ({ ...p, width: NODE_WIDTH, height: NODE_HEIGHT })) : []), [layout]);
  const edges = layout ? items.edges.list : NO_EDGES;

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
    <section
      aria-label="Map of the scenario"
      aria-describedby={summaryId}
      data-map-summary={summaryId}
      data-layout-ms={layout?.ms ?? ''}
      className="flex h-full min-h-[24rem] flex-col gap-2"
    >
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
          <NodeBoxes value={boxes}>
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
          </NodeBoxes>
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
