import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import type { TypedReview } from '@/server/studio/typed-review';
import { fetchTypedReview, typedReviewMachine } from './typed-review-machine';

const reviewWith = (typed: number) =>
  ({
    scenarioId: 'x',
    newestVersion: 1,
    takesTypedReplies: true,
    typedInModules: [],
    unsureBelow: 0.7,
    maxGroupsPerState: 50,
    states: [{ state: 'greet', inNewestVersion: true, typed, missed: typed, unsure: 0, understood: [], groups: [], groupsLeftOut: 0 }],
  }) satisfies TypedReview;

/** A review machine whose requests wait until the test answers them, one by one. */
function panel() {
  const requests: { signal: AbortSignal; answer: (review: TypedReview) => void; refuse: (message: string) => void }[] = [];
  const machine = typedReviewMachine.provide({
    actors: {
      fetchTypedReview: fromPromise<TypedReview, { scenarioId: string }>(
        ({ signal }) => new Promise((resolve, reject) => requests.push({ signal, answer: resolve, refuse: (m) => reject(new Error(m)) })),
      ),
    },
  });
  const actor = createActor(machine, { input: { scenarioId: 'x' } });
  actor.start();
  return { actor, requests };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the review queue’s loading', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('loads when the panel opens and shows the queue once it comes', async () => {
    const { actor, requests } = panel();
    expect(actor.getSnapshot().value).toBe('loading');
    expect(requests).toHaveLength(1);
    requests[0]!.answer(reviewWith(3));
    await settle();
    expect(actor.getSnapshot().value).toBe('shown');
    expect(actor.getSnapshot().context.review).toEqual(reviewWith(3));
  });

  it('asks again on reload, stopping the request in flight, so a late answer never replaces a newer one; the last queue stays shown meanwhile', async () => {
    const { actor, requests } = panel();
    requests[0]!.answer(reviewWith(1));
    await settle();
    actor.send({ type: 'reload' });
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().context.review).toEqual(reviewWith(1));
    actor.send({ type: 'reload' });
    expect(requests).toHaveLength(3);
    expect(requests[1]!.signal.aborted).toBe(true);
    requests[2]!.answer(reviewWith(5));
    requests[1]!.answer(reviewWith(2));
    await settle();
    expect(actor.getSnapshot().context.review).toEqual(reviewWith(5));
  });

  it('says why the queue could not be loaded, and clears the message when asked again', async () => {
    const { actor, requests } = panel();
    requests[0]!.refuse('Your role does not allow authoring scenarios.');
    await settle();
    expect(actor.getSnapshot().value).toBe('shown');
    expect(actor.getSnapshot().context.error).toBe('Your role does not allow authoring scenarios.');
    actor.send({ type: 'reload' });
    expect(actor.getSnapshot().context.error).toBeNull();
  });

  it('reads the route, and turns a refusal into the server’s words or the status', async () => {
    const fetch = vi.fn(async () => Response.json({ error: { message: 'There is no scenario with that id.' } }, { status: 404 }));
    vi.stubGlobal('fetch', fetch);
    await expect(fetchTypedReview('a b', new AbortController().signal)).rejects.toThrow('There is no scenario with that id.');
    expect(fetch).toHaveBeenCalledWith('/api/author/scenarios/a%20b/typed-replies', expect.objectContaining({ cache: 'no-store' }));
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>', { status: 502 })),
    );
    await expect(fetchTypedReview('x', new AbortController().signal)).rejects.toThrow('The typed replies could not be loaded (502).');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json(reviewWith(4))),
    );
    await expect(fetchTypedReview('x', new AbortController().signal)).resolves.toEqual(reviewWith(4));
  });
});
