/// <reference lib="webworker" />
import { layoutGraph, type Point } from './graph';

/**
 * Lays out the studio map off the page's main thread: dagre on a 200-state scenario takes long
 * enough, with a slow CPU, to hold up the first keystroke the editor takes in.
 */
export interface LayoutRequest {
  id: number;
  nodes: { id: string }[];
  edges: { id: string; source: string; target: string }[];
}

export interface LayoutAnswer {
  id: number;
  positions: [string, Point][];
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, nodes, edges } = event.data;
  const answer: LayoutAnswer = { id, positions: [...layoutGraph(nodes, edges)] };
  self.postMessage(answer);
};
