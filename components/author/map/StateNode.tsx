'use client';

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NODE_HEIGHT, NODE_WIDTH, type MapNode, type MapNodeKind } from './graph';

/** Edges leave a node from this many points along its bottom, one per way on (the rest share the last). */
export const MAX_HANDLES = 8;

export type StateNodeData = Record<string, unknown> & MapNode & { selected: boolean; waysOn: number };
export type StateFlowNode = Node<StateNodeData, 'state'>;

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

export const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

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

export const NODE_TYPES = { state: StateNode };

export const minimapColour = (node: Node) => MINIMAP_COLOURS[(node.data as StateNodeData).outcome ?? (node.data as StateNodeData).kind];

/** A state as React Flow draws it: the node component's data, where it stands, and what a screen reader hears. */
export function toFlowNode(node: MapNode, selected: boolean, waysOn: number, position: { x: number; y: number }): StateFlowNode {
  return {
    id: node.id,
    type: 'state',
    position,
    data: { ...node, selected, waysOn },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    ariaRole: 'button',
    ariaLabel: nodeLabel(node, selected, waysOn),
    domAttributes: selected ? { 'aria-current': 'true' } : undefined,
    className: 'rounded-lg',
  };
}
