import { assign, emit, fromPromise, setup } from 'xstate';
import type { ScenarioUsage } from '@/server/studio/analytics';

/** Which attempts to count: a published version, the days they started, a team ('' for any). */
export interface UsageFilters {
  version: string;
  from: string;
  to: string;
  team: string;
}

/** Reads how trainees played a version; refused or unreadable answers become errors in words. */
export async function fetchUsage(scenarioId: string, filters: UsageFilters, signal: AbortSignal): Promise<ScenarioUsage> {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  const response = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/usage?${query}`, { signal, cache: 'no-store' });
  const body = (await response.json().catch(() => null)) as (ScenarioUsage & { error?: { message?: string } }) | null;
  if (!response.ok || !body || body.error) throw new Error(body?.error?.message ?? `The figures could not be loaded (${response.status}).`);
  return body;
}

interface UsageContext {
  scenarioId: string;
  filters: UsageFilters;
  usage: ScenarioUsage | null;
  /** The teams the last answer listed, to filter by. */
  teams: string[];
  error: string | null;
  /** Whether the figures are drawn on the map. */
  onMap: boolean;
}

/**
 * The usage panel's figures: loaded when the panel opens and whenever other filters are asked for,
 * one request at a time (asking again stops the request in flight, which aborts its fetch). What
 * the map should draw is emitted as `drawn`: the figures while "Show on the map" is ticked, else null.
 */
export const usageMachine = setup({
  types: {
    context: {} as UsageContext,
    input: {} as { scenarioId: string; filters: UsageFilters },
    events: {} as { type: 'load'; filters: UsageFilters } | { type: 'showOnMap'; on: boolean },
    emitted: {} as { type: 'drawn'; usage: ScenarioUsage | null },
  },
  actors: {
    fetchUsage: fromPromise<ScenarioUsage, { scenarioId: string; filters: UsageFilters }>(({ input, signal }) => fetchUsage(input.scenarioId, input.filters, signal)),
  },
  actions: {
    draw: emit(({ context }) => ({ type: 'drawn' as const, usage: context.onMap ? context.usage : null })),
  },
}).createMachine({
  id: 'usage',
  context: ({ input }) => ({ scenarioId: input.scenarioId, filters: input.filters, usage: null, teams: [], error: null, onMap: true }),
  initial: 'loading',
  on: {
    load: { target: '.loading', reenter: true, actions: assign({ filters: ({ event }) => event.filters }) },
    showOnMap: { actions: [assign({ onMap: ({ event }) => event.on }), 'draw'] },
  },
  states: {
    loading: {
      entry: assign({ error: null }),
      invoke: {
        src: 'fetchUsage',
        input: ({ context }) => ({ scenarioId: context.scenarioId, filters: context.filters }),
        onDone: { target: 'shown', actions: [assign({ usage: ({ event }) => event.output, teams: ({ event }) => event.output.teams }), 'draw'] },
        onError: {
          target: 'shown',
          actions: assign({ error: ({ event }) => (event.error instanceof Error ? event.error.message : 'The figures could not be loaded.') }),
        },
      },
    },
    /** The last figures (or the error), until other filters are asked for. */
    shown: {},
  },
});
