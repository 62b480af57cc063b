'use client';

import { BaseEdge, MarkerType, type Edge, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { createContext, memo, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { labelWidth, placeLabel, type Box, type MapEdge } from './graph';

type TransitionEdgeData = { kind: MapEdge['kind']; text: string; usageText: string | null; highlighted: boolean; parallelIndex: number; parallelCount: number };
export type TransitionFlowEdge = Edge<TransitionEdgeData, 'transition'>;

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
export const EdgeLabelLayer = createContext<HTMLElement | null>(null);
export const labelLayerOf = (state: ReactFlowState) => state.domNode?.querySelector<HTMLElement>('.react-flow__edgelabel-renderer') ?? null;

/** Where the states' boxes are on the map, so that no label covers one. */
export const NodeBoxes = createContext<readonly Box[]>([]);

const LABEL_MAX_WIDTH = 192;
const LABEL_HEIGHT = 18;
const COUNT_HEIGHT = 16;
/** Along the edge from its middle outwards: where a label is tried, in turn. */
const LABEL_TS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
/** Near the arrowhead: where the count is tried. */
const COUNT_TS = [0.84, 0.76, 0.9, 0.68, 0.6];

function EdgeLabel({ children }: { children: ReactNode }) {
  const layer = useContext(EdgeLabelLayer);
  return layer ? createPortal(children, layer) : null;
}

/** A point on a cubic Bézier curve. */
const cubicAt = (t: number, p0: number, p1: number, p2: number, p3: number) => (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3;

/**
 * An edge from a state's bottom to another's top. Edges between the same two states leave from
 * different points and carry their labels at different heights, so none hides another. The label
 * (a reply's words, a condition) sits on the edge where it covers no state; the count of trainees
 * who took it, when shown, sits beside the edge near its arrowhead.
 */
const TransitionEdge = memo(function TransitionEdge({ id, sourceX, sourceY, targetX, targetY, data, markerEnd, style }: EdgeProps<TransitionFlowEdge>) {
  const { parallelIndex = 0, parallelCount = 1, text = '', usageText = null, kind = 'choice', highlighted = false } = data ?? {};
  const distance = targetY - sourceY;
  // Upward edges (a loop back) bow out further, as React Flow's own Bézier edges do.
  const offset = distance >= 0 ? distance / 2 : 6.25 * Math.sqrt(-distance) * 2;
  const c1 = { x: sourceX, y: sourceY + offset };
  const c2 = { x: targetX, y: targetY - offset };
  const path = `M${sourceX},${sourceY} C${c1.x},${c1.y} ${c2.x},${c2.y} ${targetX},${targetY}`;
  const first = parallelCount > 1 ? 0.2 + (0.6 * parallelIndex) / (parallelCount - 1) : 0.5;
  const boxes = useContext(NodeBoxes);
  const pointAt = (t: number) => ({ x: cubicAt(t, sourceX, c1.x, c2.x, targetX), y: cubicAt(t, sourceY, c1.y, c2.y, targetY) });
  const width = labelWidth(text, LABEL_MAX_WIDTH);
  const label = placeLabel(
    pointAt,
    { width, height: LABEL_HEIGHT },
    [first, ...LABEL_TS],
    [
      { x: -width / 2, y: -LABEL_HEIGHT / 2 },
      { x: 8, y: -LABEL_HEIGHT / 2 },
      { x: -width - 8, y: -LABEL_HEIGHT / 2 },
    ],
    boxes,
  );
  const countWidth = usageText ? labelWidth(usageText, LABEL_MAX_WIDTH) : 0;
  const count = usageText
    ? placeLabel(
        pointAt,
        { width: countWidth, height: COUNT_HEIGHT },
        COUNT_TS,
        [
          { x: 6, y: -COUNT_HEIGHT / 2 },
          { x: -countWidth - 6, y: -COUNT_HEIGHT / 2 },
        ],
        boxes,
        [label],
      )
    : null;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      <EdgeLabel>
        <div
          data-edge-label={id}
          className={`pointer-events-none absolute truncate rounded border px-1 text-center text-[11px] leading-4 text-slate-900 ${LABEL_STYLES[kind]} ${highlighted ? 'z-10 font-semibold shadow' : ''}`}
          style={{ width: label.width, height: label.height, transform: `translate(${label.x}px, ${label.y}px)` }}
        >
          {text}
        </div>
        {count && (
          <div
            data-edge-count={id}
            className="pointer-events-none absolute truncate rounded-sm bg-slate-50/90 px-0.5 text-[11px] leading-4 font-semibold text-slate-900"
            style={{ width: count.width, height: count.height, transform: `translate(${count.x}px, ${count.y}px)` }}
          >
            {usageText}
          </div>
        )}
      </EdgeLabel>
    </>
  );
});

export const EDGE_TYPES = { transition: TransitionEdge };

export function toFlowEdge(edge: MapEdge, highlighted: boolean, sourceHandle: string, parallelIndex: number, parallelCount: number): TransitionFlowEdge {
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
