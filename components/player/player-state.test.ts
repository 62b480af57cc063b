import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScenario, compileScenario, PRINCIPLE_IDS } from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { initialSnapshot, positionOf, snapshotAt, step } from '@/machines/runtime';
import type { AttemptState } from '@/server/training/attempts';
import { CONNECTED_AGAIN, initialPlayerState, MOVED_ON, reducePlayer, retriableStep, type PlayerState } from './player-state';

const document = checkScenario(readFileSync('scenarios/bounced-between-departments.json', 'utf8'), { file: 'scenario', principles: PRINCIPLE_IDS }).document!;
const scenario = compileScenario(document);
const route = allPaths(scenario).sort((a, b) => b.decisions.length - a.decisions.length)[0]!;
const start = positionOf(initialSnapshot(scenario));

/** The server's state after the first `count` choices of the route. */
function serverState(count: number): AttemptState {
  let position = initialPlayerState(fresh(), 0).position;
  for (const decision of route.decisions.slice(0, count)) {
    const result = step(scenario, snapshotAt(scenario, position), decision.event);
    if (!result.ok) throw new Error('route does not play');
    position = positionOf(result.next);
  }
  return { attemptId: 'a', step: count, position, finished: false, timeMode: 'off', deadlineAt: null, serverNow: new Date(0).toISOString() };
}

function fresh() {
  return {
    state: { attemptId: 'a', step: 0, position: start, finished: false, timeMode: 'off' as const, deadlineAt: null, serverNow: new Date(0).toISOString() },
    transcript: [],
    result: null,
  };
}

const choose = (state: PlayerState, n: number) => reducePlayer(scenario, state, { type: 'choose', seq: state.step, event: route.decisions[n]!.event, now: 0 });
const ack = (state: PlayerState, seq: number, serverStep: number, status: 'applied' | 'duplicate' = 'applied', reconnected = false) =>
  reducePlayer(scenario, state, {
    type: 'ack',
    now: 0,
    reconnected,
    reply: { status, step: { ...state.steps.find((s) => s.seq === seq)!, feedback: null }, state: serverState(serverStep), result: null },
  });

describe('the player state', () => {
  it('takes the server record when a reply is answered by a server that is further on (another tab)', () => {
    const shown = choose(initialPlayerState(fresh(), 0), 0);
    expect(shown.needsResync).toBeNull();
    // The reply is a duplicate of a choice another tab made, and that tab has made one more since.
    const answered = ack(shown, 0, 2, 'duplicate');
    expect(answered.needsResync).toBe(MOVED_ON);
  });

  it('keeps going when the answer matches where it stands', () => {
    const answered = ack(choose(initialPlayerState(fresh(), 0), 0), 0, 1);
    expect(answered.needsResync).toBeNull();
    expect(answered.steps.map((s) => s.confirmed)).toEqual([true]);
  });

  it('says the reply was saved once it is through after retries, and keeps the next one unconfirmed', () => {
    // The trainee may go on while the first reply is retried; both wait in order.
    let state = choose(choose(initialPlayerState(fresh(), 0), 0), 1);
    expect(state.steps.map((s) => [s.seq, s.confirmed])).toEqual([
      [0, false],
      [1, false],
    ]);
    state = ack(state, 0, 1, 'applied', true);
    expect(state.notice).toBe(CONNECTED_AGAIN);
    expect(state.steps.map((s) => [s.seq, s.confirmed])).toEqual([
      [0, true],
      [1, false],
    ]);
    // The next answer came at the first try: the notice stays until the trainee replies again.
    state = ack(state, 1, 2);
    expect(state.notice).toBe(CONNECTED_AGAIN);
    expect(choose(state, 2).notice).toBeNull();
  });

  it('ignores a reply to a decision it is no longer at (a second press of the same reply)', () => {
    const once = choose(initialPlayerState(fresh(), 0), 0);
    const again = reducePlayer(scenario, once, { type: 'choose', seq: 0, event: route.decisions[1]!.event, now: 0 });
    expect(again).toBe(once);
  });

  it('offers to try again only the reply just answered by the server, once, and not further back', () => {
    const opened = initialPlayerState(fresh(), 0);
    expect(retriableStep(opened)).toBeNull();
    const shown = choose(opened, 0);
    // Not yet answered by the server: nothing to take back.
    expect(retriableStep(shown)).toBeNull();
    const answered = ack(shown, 0, 1);
    expect(retriableStep(answered)?.seq).toBe(0);
    const second = ack(choose(answered, 1), 1, 2);
    expect(retriableStep(second)?.seq).toBe(1);

    // The server's view after the second reply was taken back: the first is not offered in its place.
    const afterRetry = (state: AttemptState, transcript: PlayerState['steps'], retried: PlayerState['retried']) =>
      reducePlayer(scenario, second, { type: 'resync', now: 0, notice: 'taken back', view: { state, transcript, retried, result: null } });
    const takenBack = afterRetry(serverState(1), second.steps.slice(0, 1), [second.steps[1]!]);
    expect(takenBack).toMatchObject({ step: 1, notice: 'taken back', retried: [{ seq: 1 }] });
    expect(retriableStep(takenBack)).toBeNull();
    // Answered again: that decision was tried again once already.
    expect(retriableStep(ack(choose(takenBack, 1), 1, 2))).toBeNull();
  });

  it('shows a notice without changing the conversation', () => {
    const answered = ack(choose(initialPlayerState(fresh(), 0), 0), 0, 1);
    const noticed = reducePlayer(scenario, answered, { type: 'notice', notice: 'Could not reach the server.' });
    expect(noticed).toEqual({ ...answered, notice: 'Could not reach the server.' });
  });
});
