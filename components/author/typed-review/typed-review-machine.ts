import { assign, fromPromise, setup } from 'xstate';
import type { TypedReview } from '@/server/studio/typed-review';

/** Reads the review queue of typed replies; refused or unreadable answers become errors in words. */
export async function fetchTypedReview(scenarioId: string, signal: AbortSignal): Promise<TypedReview> {
  const response = await fetch(`/api/author/scenarios/${encodeURIComponent(scenarioId)}/typed-replies`, { signal, cache: 'no-store' });
  const body = (await response.json().catch(() => null)) as (TypedReview & { error?: { message?: string } }) | null;
  if (!response.ok || !body || body.error) throw new Error(body?.error?.message ?? `The typed replies could not be loaded (${response.status}).`);
  return body;
}

interface TypedReviewContext {
  scenarioId: string;
  review: TypedReview | null;
  error: string | null;
}

/**
 * The review queue's loading: when the panel opens and whenever the trainer asks again, one
 * request at a time (asking again stops the request in flight, which aborts its fetch, so a late
 * answer never replaces a newer one). The last queue stays shown while a new one loads.
 */
export const typedReviewMachine = setup({
  types: {
    context: {} as TypedReviewContext,
    input: {} as { scenarioId: string },
    events: {} as { type: 'reload' },
  },
  actors: {
    fetchTypedReview: fromPromise<TypedReview, { scenarioId: string }>(({ input, signal }) => fetchTypedReview(input.scenarioId, signal)),
  },
}).createMachine({
  id: 'typedReview',
  context: ({ input }) => ({ scenarioId: input.scenarioId, review: null, error: null }),
  initial: 'loading',
  on: {
    reload: { target: '.loading', reenter: true },
  },
  states: {
    loading: {
      entry: assign({ error: null }),
      invoke: {
        src: 'fetchTypedReview',
        input: ({ context }) => ({ scenarioId: context.scenarioId }),
        onDone: { target: 'shown', actions: assign({ review: ({ event }) => event.output }) },
        onError: {
          target: 'shown',
          actions: assign({ error: ({ event }) => (event.error instanceof Error ? event.error.message : 'The typed replies could not be loaded.') }),
        },
      },
    },
    /** The last queue (or the error), until the trainer asks again. */
    shown: {},
  },
});
