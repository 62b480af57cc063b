import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, initialTransition, transition, type AnyEventObject } from 'xstate';
import {
  deliveryMachine,
  MOVED_ON,
  NOT_USED,
  pendingKey,
  postReply,
  readStoredReplies,
  repliesToResend,
  type DeliveryEvent,
  type OutgoingReply,
  type PostInput,
  type PostOutcome,
} from './delivery-machine';

type Snapshot = ReturnType<typeof initialTransition<typeof deliveryMachine>>[0];
type Actions = ReturnType<typeof initialTransition<typeof deliveryMachine>>[1];

const NOW = Date.parse('2026-12-06T10:00:00Z');
const input = { attemptId: 'a1', serverStep: 0 };
const reply = (seq: number, event = `say-${seq}`): OutgoingReply => ({ seq, event });

/** The next snapshot and the actions it would run, for any event (the actors' done and error events included). */
const step = (snapshot: Snapshot, event: AnyEventObject) => transition(deliveryMachine, snapshot, event as DeliveryEvent);
const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output });
const failed = (id: string) => ({ type: `xstate.error.actor.${id}`, error: new TypeError('Failed to fetch') });
const send = (seq: number, event?: string) => ({ type: 'send', reply: reply(seq, event) });

const types = (actions: Actions): string[] => actions.map((a) => a.type);
const paramsOf = (actions: Actions, type: string) => actions.find((a) => a.type === type)?.params as Record<string, unknown> | undefined;
/** What an entered actor is given: the reply a POST carries, say. */
const spawned = (actions: Actions, src: string) =>
  actions.filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src?: unknown }).src === src).map((a) => (a.params as { input: unknown }).input);
/** The delayed transition a state schedules: its event and pause. */
const delayed = (actions: Actions) => {
  const raise = actions.find((a) => a.type === 'xstate.raise' && (a.params as { delay?: number }).delay !== undefined);
  return raise ? (raise.params as { event: AnyEventObject; delay: number }) : null;
};

/** The machine waiting for a reply, nothing kept from an earlier page. */
function idle(): Snapshot {
  const [restoring] = initialTransition(deliveryMachine, input);
  return step(restoring, done('readStored', []))[0];
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the delivery machine, step by step', () => {
  it('starts by reading the kept replies, and sends again, in order, those the server has not recorded', () => {
    const [restoring, actions] = initialTransition(deliveryMachine, { attemptId: 'a1', serverStep: 2 });
    expect(restoring.value).toBe('restoring');
    expect(spawned(actions, 'readStored')).toEqual([{ attemptId: 'a1' }]);

    // Decision 1 is in the server's record already; 5 comes after a gap, so it could not be applied.
    const [sending, next] = step(restoring, done('readStored', [reply(3), reply(1), reply(2), reply(5)]));
    expect(sending.value).toBe('sending');
    expect(sending.context.queue).toEqual([reply(2), reply(3)]);
    expect(paramsOf(next, 'replay')).toEqual({ replies: [reply(2), reply(3)] });
    expect(types(next)).toContain('storePending');
    expect(spawned(next, 'post')).toEqual([{ attemptId: 'a1', reply: reply(2) }]);
  });

  it('with nothing kept, clears the storage and waits; a reply is kept and sent at once', () => {
    const [restoring] = initialTransition(deliveryMachine, input);
    const [waiting, cleared] = step(restoring, done('readStored', []));
    expect(waiting.value).toBe('idle');
    expect(types(cleared)).toContain('storePending');

    const [sending, actions] = step(waiting, send(0));
    expect(sending.value).toBe('sending');
    expect(sending.context.queue).toEqual([reply(0)]);
    expect(types(actions)).toEqual(['storePending', 'xstate.spawnChild']);
    expect(spawned(actions, 'post')).toEqual([{ attemptId: 'a1', reply: reply(0) }]);
  });

  it('sends one reply at a time, in order, and a second reply to the same decision not at all', () => {
    let [snapshot] = step(idle(), send(0));
    let actions: Actions;
    [snapshot, actions] = step(snapshot, send(1));
    expect(snapshot.value).toBe('sending');
    expect(snapshot.context.queue).toEqual([reply(0), reply(1)]);
    expect(spawned(actions, 'post')).toEqual([]);
    // A double press: the same decision again, with the same or another reply.
    expect(step(snapshot, send(1, 'other'))[0].context.queue).toEqual([reply(0), reply(1)]);
    expect(step(snapshot, send(0))[0].context.queue).toEqual([reply(0), reply(1)]);

    const answer = { status: 'applied', step: { seq: 0 } };
    [snapshot, actions] = step(snapshot, done('post', { kind: 'answered', answer } satisfies PostOutcome));
    expect(paramsOf(actions, 'answered')).toEqual({ answer, reconnected: false });
    expect(snapshot.context.queue).toEqual([reply(1)]);
    expect(types(actions)).toContain('storePending');
    expect(spawned(actions, 'post')).toEqual([{ attemptId: 'a1', reply: reply(1) }]);

    [snapshot, actions] = step(snapshot, done('post', { kind: 'answered', answer: {} } satisfies PostOutcome));
    expect(snapshot.value).toBe('idle');
    expect(snapshot.context.queue).toEqual([]);
  });

  it('retries after 1 s, 2 s, 4 s, 8 s, then every 10 s, saying why and when; then says it is through', () => {
    let [snapshot] = step(idle(), send(0));
    let actions: Actions;
    const pauses: number[] = [];
    for (let tries = 0; tries < 7; tries++) {
      // Unreachable for the first tries, then the server is up without its database.
      const outcome = tries < 4 ? failed('post') : done('post', { kind: 'unavailable', cause: 'database' } satisfies PostOutcome);
      [snapshot, actions] = step(snapshot, outcome);
      expect(snapshot.value).toBe('waiting');
      const pause = delayed(actions)!;
      pauses.push(pause.delay);
      expect(snapshot.context.retry).toEqual({ retryAt: NOW + pause.delay, cause: tries < 4 ? 'network' : 'database' });
      // The pause ends: the same reply goes again, still announced as retried.
      [snapshot, actions] = step(snapshot, pause.event);
      expect(snapshot.value).toBe('sending');
      expect(spawned(actions, 'post')).toEqual([{ attemptId: 'a1', reply: reply(0) }]);
      expect(snapshot.context.retry).not.toBeNull();
    }
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);

    [snapshot, actions] = step(snapshot, done('post', { kind: 'answered', answer: 'ok' } satisfies PostOutcome));
    expect(paramsOf(actions, 'answered')).toEqual({ answer: 'ok', reconnected: true });
    expect(snapshot.context).toMatchObject({ retry: null, failures: 0, queue: [] });

    // The next failure starts again from 1 s.
    [snapshot] = step(snapshot, send(1));
    [snapshot, actions] = step(snapshot, failed('post'));
    expect(delayed(actions)!.delay).toBe(1000);
  });

  it('keeps taking replies while it waits to retry, and sends them after the first', () => {
    let [snapshot] = step(idle(), send(0));
    [snapshot] = step(snapshot, failed('post'));
    [snapshot] = step(snapshot, send(1));
    expect(snapshot.value).toBe('waiting');
    expect(snapshot.context.queue).toEqual([reply(0), reply(1)]);
  });

  it('takes a refused reply as being out of step: drops the queue, fetches the server’s view until it comes, and says why', () => {
    let [snapshot] = step(idle(), send(0));
    [snapshot] = step(snapshot, send(1));
    let actions: Actions;
    [snapshot, actions] = step(snapshot, done('post', { kind: 'refused', notice: MOVED_ON } satisfies PostOutcome));
    expect(snapshot.matches({ resyncing: 'fetching' })).toBe(true);
    expect(snapshot.context.queue).toEqual([]);
    expect(types(actions)).toContain('storePending');
    expect(spawned(actions, 'fetchView')).toEqual([{ attemptId: 'a1' }]);

    // Replies made meanwhile are on a view the server does not share: not sent.
    expect(step(snapshot, send(2))[0].context.queue).toEqual([]);

    // The view does not come at first: asked again after a pause, without the retry message.
    [snapshot, actions] = step(snapshot, failed('fetchView'));
    expect(snapshot.matches({ resyncing: 'waiting' })).toBe(true);
    expect(snapshot.context.retry).toBeNull();
    const pause = delayed(actions)!;
    expect(pause.delay).toBe(1000);
    [snapshot, actions] = step(snapshot, pause.event);
    expect(spawned(actions, 'fetchView')).toEqual([{ attemptId: 'a1' }]);

    const view = { state: { step: 2 } };
    [snapshot, actions] = step(snapshot, done('fetchView', { kind: 'view', view }));
    expect(snapshot.value).toBe('idle');
    expect(paramsOf(actions, 'showServerView')).toEqual({ view, notice: MOVED_ON });
    // From the server's view on, any decision may be answered, an earlier one too.
    expect(step(snapshot, send(1))[0].context.queue).toEqual([reply(1)]);
  });

  it('takes the server’s view when the player finds itself out of step, whatever it was doing', () => {
    let [snapshot] = step(idle(), send(0));
    [snapshot] = step(snapshot, failed('post'));
    let actions: Actions;
    [snapshot, actions] = step(snapshot, { type: 'resync', notice: 'The server counted your reply differently.' });
    expect(snapshot.matches('resyncing')).toBe(true);
    expect(snapshot.context.queue).toEqual([]);
    // The retry pause is over and forgotten.
    expect(types(actions)).toContain('xstate.cancel');
    [snapshot, actions] = step(snapshot, done('fetchView', { kind: 'view', view: 'v' }));
    expect(paramsOf(actions, 'showServerView')).toEqual({ view: 'v', notice: 'The server counted your reply differently.' });
    expect(snapshot.context.retry).toBeNull();
  });

  it('sends the trainee to sign in when the session has ended, keeping the unsent replies for afterwards', () => {
    let [snapshot] = step(idle(), send(0));
    let actions: Actions;
    [snapshot, actions] = step(snapshot, done('post', { kind: 'signed-out' } satisfies PostOutcome));
    expect(snapshot.status).toBe('done');
    expect(types(actions)).toContain('goToSignIn');
    expect(types(actions)).not.toContain('storePending');
    expect(snapshot.context.queue).toEqual([reply(0)]);

    // The same while fetching the server's view.
    [snapshot] = step(step(idle(), send(0))[0], { type: 'resync', notice: NOT_USED });
    [snapshot, actions] = step(snapshot, done('fetchView', { kind: 'signed-out' }));
    expect(snapshot.status).toBe('done');
    expect(types(actions)).toContain('goToSignIn');
  });
});

describe('the replies kept over a reload', () => {
  it('are those from the server’s step on, one per decision, without gaps', () => {
    expect(repliesToResend([reply(4), reply(2), reply(3)], 2)).toEqual([reply(2), reply(3), reply(4)]);
    expect(repliesToResend([reply(1)], 2)).toEqual([]);
    expect(repliesToResend([reply(3)], 2)).toEqual([]);
  });

  it('are read leniently: anything that is not a list of replies is none', () => {
    const storage = new Map<string, string>();
    vi.stubGlobal('sessionStorage', { getItem: (key: string) => storage.get(key) ?? null });
    expect(readStoredReplies('a1')).toEqual([]);
    storage.set(pendingKey('a1'), '{"seq":0,"option":1,"words":"Hello"}');
    expect(readStoredReplies('a1')).toEqual([]);
    storage.set(pendingKey('a1'), 'not JSON');
    expect(readStoredReplies('a1')).toEqual([]);
    storage.set(
      pendingKey('a1'),
      JSON.stringify([{ seq: 0, option: 2 }, { seq: 1, event: 'listen' }, { seq: 2 }, { seq: -1, event: 'x' }, { seq: 3, event: 'x', option: 1 }, null]),
    );
    expect(readStoredReplies('a1')).toEqual([
      { seq: 0, option: 2 },
      { seq: 1, event: 'listen' },
    ]);
  });
});

describe('one POST of a reply', () => {
  const answer = (status: number, body: unknown) => vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status }));

  it('tells an answer, a refusal and its reason, a lost session and a server error apart', async () => {
    const post = () => postReply({ attemptId: 'a1', reply: reply(0) });
    const cases: [number, unknown, PostOutcome][] = [
      [200, { status: 'applied' }, { kind: 'answered', answer: { status: 'applied' } }],
      [409, { status: 'conflict', reason: 'stale' }, { kind: 'refused', notice: MOVED_ON }],
      [409, { status: 'conflict', reason: 'not-open' }, { kind: 'refused', notice: NOT_USED }],
      [400, { error: { code: 'bad-request' } }, { kind: 'refused', notice: NOT_USED }],
      [401, undefined, { kind: 'signed-out' }],
      [503, { error: { code: 'database-unavailable' } }, { kind: 'unavailable', cause: 'database' }],
      [503, undefined, { kind: 'unavailable', cause: 'network' }],
      [500, { error: { code: 'internal' } }, { kind: 'unavailable', cause: 'network' }],
    ];
    for (const [status, body, outcome] of cases) {
      const fetch = answer(status, body);
      vi.stubGlobal('fetch', fetch);
      expect(await post(), `HTTP ${status}`).toEqual(outcome);
    }
    const fetch = answer(200, {});
    vi.stubGlobal('fetch', fetch);
    await post();
    expect(fetch).toHaveBeenCalledWith('/api/attempts/a1/choices', expect.objectContaining({ method: 'POST', body: '{"seq":0,"event":"say-0"}' }));
  });

  it('rejects when the network fails, so the machine retries', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(postReply({ attemptId: 'a1', reply: reply(0) })).rejects.toThrow('Failed to fetch');
  });
});

describe('the delivery machine, running', () => {
  /** This tab's storage, and the order things happened in. */
  function fakeStorage(log: string[] = []) {
    const items = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => {
        log.push(`store ${value}`);
        items.set(key, value);
      },
      removeItem: (key: string) => {
        log.push('clear');
        items.delete(key);
      },
    });
    return items;
  }

  /** The machine with a POST that answers as `answer` says, recording when each try starts. */
  function run(answer: (input: PostInput, tries: number) => Promise<PostOutcome>, options: { serverStep?: number; log?: string[] } = {}) {
    const tries: { at: number; seq: number }[] = [];
    const answered: { answer: unknown; reconnected: boolean }[] = [];
    const replayed: OutgoingReply[][] = [];
    const actor = createActor(
      deliveryMachine.provide({
        actors: {
          post: fromPromise<PostOutcome, PostInput>(({ input }) => {
            tries.push({ at: Date.now() - NOW, seq: input.reply.seq });
            options.log?.push(`post ${input.reply.seq}`);
            return answer(input, tries.length);
          }),
        },
        actions: {
          answered: (_, params) => void answered.push(params),
          replay: (_, { replies }) => void replayed.push(replies),
        },
      }),
      { input: { attemptId: 'a1', serverStep: options.serverStep ?? 0 } },
    );
    actor.start();
    return { actor, tries, answered, replayed };
  }

  it('waits 1, 2, 4, 8, then 10 s between tries, announcing each pause, until the server answers', async () => {
    fakeStorage();
    const { actor, tries, answered } = run(async (_, count) => {
      if (count <= 6) throw new TypeError('Failed to fetch');
      return { kind: 'answered', answer: { status: 'applied' } };
    });
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'send', reply: reply(0) });
    await vi.advanceTimersByTimeAsync(0);
    const announced: (number | undefined)[] = [actor.getSnapshot().context.retry?.retryAt];
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(actor.getSnapshot().context.retry!.retryAt - Date.now());
      announced.push(actor.getSnapshot().context.retry?.retryAt);
    }
    expect(tries.map((t) => t.at)).toEqual([0, 1000, 3000, 7000, 15_000, 25_000, 35_000]);
    // Each pause is announced with the time the next try starts; after the last, nothing is.
    expect(announced).toEqual([1000, 3000, 7000, 15_000, 25_000, 35_000, undefined].map((at) => (at === undefined ? undefined : NOW + at)));
    expect(answered).toEqual([{ answer: { status: 'applied' }, reconnected: true }]);
    expect(actor.getSnapshot().value).toBe('idle');
    actor.stop();
  });

  it('keeps unsent replies in this tab’s storage, written just after the request leaves, and clears them once answered', async () => {
    const log: string[] = [];
    const storage = fakeStorage(log);
    let answerFirst!: (outcome: PostOutcome) => void;
    const { actor } = run((input) => (input.reply.seq === 0 ? new Promise((resolve) => (answerFirst = resolve)) : Promise.resolve({ kind: 'answered', answer: 'second' })), {
      log,
    });
    await vi.advanceTimersByTimeAsync(0);
    log.length = 0;

    actor.send({ type: 'send', reply: reply(0) });
    actor.send({ type: 'send', reply: reply(1) });
    expect(log).toEqual(['post 0']);
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(storage.get(pendingKey('a1'))!)).toEqual([reply(0), reply(1)]);

    answerFirst({ kind: 'answered', answer: 'first' });
    await vi.advanceTimersByTimeAsync(0);
    expect(storage.has(pendingKey('a1'))).toBe(false);
    expect(log.at(-1)).toBe('clear');
    actor.stop();
  });

  it('after a reload, shows again and sends the replies the server has not recorded', async () => {
    const storage = fakeStorage();
    storage.set(pendingKey('a1'), JSON.stringify([reply(0), reply(1), reply(2)]));
    // The server had taken the first before the page went away.
    const { actor, tries, replayed } = run(async () => ({ kind: 'answered', answer: {} }), { serverStep: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(replayed).toEqual([[reply(1), reply(2)]]);
    expect(tries.map((t) => t.seq)).toEqual([1, 2]);
    expect(storage.has(pendingKey('a1'))).toBe(false);
    actor.stop();
  });

  it('keeps a reply over a reload while the server cannot take it', async () => {
    const storage = fakeStorage();
    const first = run(async () => ({ kind: 'unavailable', cause: 'database' }));
    await vi.advanceTimersByTimeAsync(0);
    first.actor.send({ type: 'send', reply: reply(0, 'listen') });
    await vi.advanceTimersByTimeAsync(3000);
    expect(first.actor.getSnapshot().context.retry?.cause).toBe('database');
    first.actor.stop();
    expect(JSON.parse(storage.get(pendingKey('a1'))!)).toEqual([reply(0, 'listen')]);

    const second = run(async () => ({ kind: 'answered', answer: {} }));
    await vi.advanceTimersByTimeAsync(0);
    expect(second.replayed).toEqual([[reply(0, 'listen')]]);
    expect(second.answered).toEqual([{ answer: {}, reconnected: false }]);
    expect(storage.has(pendingKey('a1'))).toBe(false);
    second.actor.stop();
  });
});
