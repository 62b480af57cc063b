'use client';

import { BaseEdge, MarkerType, type Edge, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { createContext, memo, useContext, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { MapEdge } from './graph';

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

function EdgeLabel({ children }: { children: ReactNode }) {
  const layer = useContext(EdgeLabelLayer);
  return layer ? createPortal(children, layer) : null;
}

/** A point on a cubic Bézier curve. */
const cubicAt = (t: number, p0: number, p1: number, p2: number, p3: number) => (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3;

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
