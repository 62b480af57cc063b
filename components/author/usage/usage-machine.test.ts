import { describe, expect, it } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import type { ScenarioUsage } from '@/server/studio/analytics';
import { usageMachine, type UsageFilters } from './usage-machine';

const ALL: UsageFilters = { version: '2', from: '', to: '', team: '' };
const SUPPORT: UsageFilters = { ...ALL, team: 'Support' };
const usageFor = (filters: UsageFilters) => ({ scenarioId: 'x', version: 2, teams: ['Support', 'Sales'], attempts: filters.team ? 3 : 10 }) as unknown as ScenarioUsage;

/** A usage machine whose requests wait until the test answers them, one by one. */
function panel() {
  const requests: { filters: UsageFilters; signal: AbortSignal; answer: (usage: ScenarioUsage) => void; refuse: (message: string) => void }[] = [];
  const machine = usageMachine.provide({
    actors: {
      fetchUsage: fromPromise<ScenarioUsage, { scenarioId: string; filters: UsageFilters }>(
        ({ input, signal }) => new Promise((resolve, reject) => requests.push({ filters: input.filters, signal, answer: resolve, refuse: (m) => reject(new Error(m)) })),
      ),
    },
  });
  const actor = createActor(machine, { input: { scenarioId: 'x', filters: ALL } });
  const drawn: (ScenarioUsage | null)[] = [];
  actor.on('drawn', (event) => drawn.push(event.usage));
  actor.start();
  return { actor, requests, drawn };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the usage panel’s figures', () => {
  it('load when the panel opens, and are drawn on the map once they come', async () => {
    const { actor, requests, drawn } = panel();
    expect(actor.getSnapshot().value).toBe('loading');
    expect(requests.map((r) => r.filters)).toEqual([ALL]);
    requests[0]!.answer(usageFor(ALL));
    await settle();
    expect(actor.getSnapshot().value).toBe('shown');
    expect(actor.getSnapshot().context.teams).toEqual(['Support', 'Sales']);
    expect(drawn).toEqual([usageFor(ALL)]);
  });

  it('ask again for other filters, stopping the request in flight, so a late answer never replaces a newer one', async () => {
    const { actor, requests } = panel();
    actor.send({ type: 'load', filters: SUPPORT });
    expect(requests).toHaveLength(2);
    expect(requests[0]!.signal.aborted).toBe(true);
    expect(requests[1]!.signal.aborted).toBe(false);
    requests[1]!.answer(usageFor(SUPPORT));
    requests[0]!.answer(usageFor(ALL));
    await settle();
    expect(actor.getSnapshot().context.usage).toEqual(usageFor(SUPPORT));
    expect(actor.getSnapshot().context.filters).toEqual(SUPPORT);
  });

  it('say why they could not be loaded, and clear the message when asked again', async () => {
    const { actor, requests } = panel();
    requests[0]!.refuse('That version has not been published.');
    await settle();
    expect(actor.getSnapshot().context.error).toBe('That version has not been published.');
    actor.send({ type: 'load', filters: ALL });
    expect(actor.getSnapshot().context.error).toBeNull();
  });

  it('leave the map when “Show on the map” is unticked, and come back when it is ticked', async () => {
    const { actor, requests, drawn } = panel();
    requests[0]!.answer(usageFor(ALL));
    await settle();
    actor.send({ type: 'showOnMap', on: false });
    actor.send({ type: 'showOnMap', on: true });
    expect(drawn).toEqual([usageFor(ALL), null, usageFor(ALL)]);
  });
});
