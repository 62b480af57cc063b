'use client';

import { useCallback, useEffect, useRef } from 'react';
import { layoutGraph, type MapEdge, type MapNode, type Point } from './graph';
import type { LayoutAnswer, LayoutRequest } from './layout.worker';

type LayOut = (nodes: readonly Pick<MapNode, 'id'>[], edges: readonly Pick<MapEdge, 'id' | 'source' | 'target'>[]) => Promise<Map<string, Point>>;

/**
 * Lays the map out in a Web Worker, one worker per map for as long as it is shown; where a worker
 * cannot start (a browser without module workers), in the page, as before.
 */
export function useMapLayout(): LayOut {
  const worker = useRef<Worker | null>(null);
  const pending = useRef(new Map<number, { request: LayoutRequest; resolve: (positions: Map<string, Point>) => void }>());
  const lastId = useRef(0);

  useEffect(() => {
    const waiting = pending.current;
    let current: Worker | null = null;
    try {
      current = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return; // laid out in the page instead
    }
    worker.current = current;
    current.onmessage = (event: MessageEvent<LayoutAnswer>) => {
      const asked = waiting.get(event.data.id);
      waiting.delete(event.data.id);
      asked?.resolve(new Map(event.data.positions));
    };
    current.onerror = () => {
      // The worker could not start: lay out in the page what it was asked for.
      current?.terminate();
      worker.current = null;
      for (const [id, { request, resolve }] of waiting) {
        waiting.delete(id);
        resolve(layoutGraph(request.nodes, request.edges));
      }
    };
    return () => {
      current?.terminate();
      worker.current = null;
      waiting.clear();
    };
  }, []);

  return useCallback<LayOut>((nodes, edges) => {
    const request: LayoutRequest = {
      id: ++lastId.current,
      nodes: nodes.map(({ id }) => ({ id })),
      edges: edges.map(({ id, source, target }) => ({ id, source, target })),
    };
    if (!worker.current) return Promise.resolve(layoutGraph(request.nodes, request.edges));
    return new Promise((resolve) => {
      pending.current.set(request.id, { request, resolve });
      worker.current!.postMessage(request);
    });
  }, []);
}
