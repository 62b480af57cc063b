import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, initialTransition, transition } from 'xstate';
import type { DraftHead, RestoreOutcome, SaveOutcome, SaveRequest } from './requests';
import { autosaveMachine, MAX_RETRY_MS, NOT_SAVED_YET, type AutosaveEvent, type AutosaveSnapshot } from './machine';
import { savedRevisionOf, statusOf } from './status';

/* ---------- pure transitions: what each event does, and what the machine asks to be done ---------- */

const SAVED = '{"id":"late-delivery"}';
const EDITED = '{"id":"late-delivery","meta":{}}';
const LATER = '{"id":"late-delivery","meta":{"title":"Late"}}';
const input = { scenarioId: 'late-delivery', source: SAVED, revision: 3, savedAt: '2025-03-01T10:00:00.000Z' };
const theirs: DraftHead = { revision: 4, source: '{"id":"late-delivery","meta":{"title":"Theirs"}}', updatedAt: '2025-03-01T10:05:00.000Z', updatedBy: 'Robin Trainer' };

type Action = { type: string; params?: unknown };
type Step = [AutosaveSnapshot, Action[]];

const open = (): Step => initialTransition(autosaveMachine, input) as Step;
const edited = (text: string, textOk = true): AutosaveEvent => ({ type: 'edited', text, textOk });
/** Events the machine gets from its request actors, not from the editor. */
const done = (actor: string, output: SaveOutcome | RestoreOutcome | string) => ({ type: `xstate.done.actor.${actor}`, output }) as unknown as AutosaveEvent;
const failed = (actor: string) => ({ type: `xstate.error.actor.${actor}`, error: new TypeError('Failed to fetch') }) as unknown as AutosaveEvent;

/** Sends the events in turn; the actions are those of the last. */
function send([snapshot]: Step, ...events: AutosaveEvent[]): Step {
  let step: Step = [snapshot, []];
  for (const event of events) step = transition(autosaveMachine, step[0], event) as Step;
  return step;
}

/** The pauses the actions start, by name: `saveDelay`, `retryDelay`, `localCopyEvery`. */
function pauses(actions: Action[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const action of actions) {
    const params = action.params as { delay?: number; event?: { type: string } } | undefined;
    if (action.type === 'xstate.raise' && params?.delay !== undefined) out[params.event!.type.split('.')[2]!] = params.delay;
  }
  return out;
}

/** The event that ends the pause named `name`, started by the step's actions. */
function end(step: Step, name: string): AutosaveEvent {
  const raise = step[1].find((a) => a.type === 'xstate.raise' && (a.params as { event: { type: string } }).event.type.startsWith(`xstate.after.${name}.`));
  if (!raise) throw new Error(`no ${name} pause started by ${step[1].map((a) => a.type).join(', ')}`);
  return (raise.params as { event: AutosaveEvent }).event;
}

/** The pause named `name`, started by the step, ends. */
const wait = (step: Step, name: string): Step => send(step, end(step, name));

/** The input of each request actor the actions start. */
const requests = (actions: Action[]) =>
  actions.filter((a) => a.type === 'xstate.spawnChild').map((a) => ({ src: (a.params as { src: string }).src, input: (a.params as { input: unknown }).input }));
const emitted = (actions: Action[]) => actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: unknown }).event);
const named = (actions: Action[]) => actions.map((a) => a.type).filter((type) => !type.startsWith('xstate.'));

const savedAs = (revision: number): SaveOutcome => ({ kind: 'saved', revision, savedAt: `2025-03-01T10:0${revision}:00.000Z` });

describe('the autosave machine', () => {
  it('opens saved, on the revision it was given, leaving this browser’s storage alone', () => {
    const [snapshot, actions] = open();
    expect(statusOf(snapshot)).toEqual({ kind: 'saved', revision: 3, savedAt: input.savedAt });
    expect(named(actions)).toEqual([]);
    expect(savedRevisionOf(snapshot)).toBe(3);
  });

  it('saves 1.5 s after the last edit, sending the text on the revision it was made on', () => {
    const first = send(open(), edited('{"id":"late-delivery","m'));
    expect(statusOf(first[0])).toEqual({ kind: 'pending' });
    expect(pauses(first[1])).toEqual({ saveDelay: 1500, localCopyEvery: 1000 });
    // Each edit starts the wait again.
    const second = send(first, edited(EDITED));
    expect(second[1].map((a) => a.type)).toContain('xstate.cancel');
    expect(pauses(second[1])).toEqual({ saveDelay: 1500 });
    expect(savedRevisionOf(second[0])).toBeNull();

    const sending = wait(second, 'saveDelay');
    expect(statusOf(sending[0])).toEqual({ kind: 'saving' });
    expect(requests(sending[1])).toEqual([{ src: 'saveDraft', input: { scenarioId: 'late-delivery', source: EDITED, baseRevision: 3 } }]);

    const landed = send(sending, done('saveDraft', savedAs(4)));
    expect(statusOf(landed[0])).toEqual({ kind: 'saved', revision: 4, savedAt: '2025-03-01T10:04:00.000Z' });
    expect(landed[0].context.baseRevision).toBe(4);
    expect(savedRevisionOf(landed[0])).toBe(4);
    // The server has it now: the copy kept in this browser goes.
    expect(named(landed[1])).toEqual(['removeLocalCopy']);
  });

  it('saves at once when a field is left, and not at all when the text is back to what the server holds', () => {
    const left = send(open(), edited(EDITED), { type: 'flush' });
    expect(requests(left[1])).toHaveLength(1);

    const undone = send(open(), edited(EDITED), edited(SAVED));
    expect(statusOf(undone[0])).toEqual({ kind: 'saved', revision: 3, savedAt: input.savedAt });
    expect(undone[1].map((a) => a.type)).toContain('xstate.cancel');
    expect(requests(send(undone, { type: 'flush' })[1])).toEqual([]);
  });

  it('sends one request at a time: edits made meanwhile wait for their own quiet moment, a save asked for runs next', () => {
    const sending = send(open(), edited(EDITED), { type: 'flush' });
    const typed = send(sending, edited(LATER));
    expect(statusOf(typed[0])).toEqual({ kind: 'saving' });
    expect(requests(typed[1])).toEqual([]);

    const landed = send(typed, done('saveDraft', savedAs(4)));
    expect(statusOf(landed[0])).toEqual({ kind: 'pending' });
    expect(requests(wait(landed, 'saveDelay')[1])).toEqual([{ src: 'saveDraft', input: { scenarioId: 'late-delivery', source: LATER, baseRevision: 4 } }]);

    const asked = send(typed, { type: 'flush' }, done('saveDraft', savedAs(4)));
    expect(requests(asked[1])).toEqual([{ src: 'saveDraft', input: { scenarioId: 'late-delivery', source: LATER, baseRevision: 4 } }]);
  });

  it('keeps text that does not parse, and never sends it', () => {
    const broken = send(open(), edited('{"id":', false));
    expect(statusOf(broken[0])).toEqual({ kind: 'unparseable' });
    const waited = wait(broken, 'saveDelay');
    expect(statusOf(waited[0])).toEqual({ kind: 'unparseable' });
    expect(requests(waited[1])).toEqual([]);
    expect(requests(send(waited, { type: 'flush' }, { type: 'saveNow' })[1])).toEqual([]);
    // Fixed: saved as usual.
    expect(requests(wait(send(waited, edited(EDITED)), 'saveDelay')[1])).toHaveLength(1);
  });

  it('retries network and server failures after 1, 2, 4… seconds, at most 30, and at once when back online', () => {
    let step = send(open(), edited(EDITED), { type: 'flush' });
    const waits: number[] = [];
    for (let failure = 1; failure <= 7; failure++) {
      step = send(step, failure % 2 ? failed('saveDraft') : done('saveDraft', { kind: 'retry' }));
      const status = statusOf(step[0]);
      expect(status).toMatchObject({ kind: 'retrying', failures: failure });
      waits.push(pauses(step[1]).retryDelay!);
      // Edits while retrying wait for the retry.
      step = send(step, edited(`${EDITED} ${failure}`), end(step, 'retryDelay'));
      expect(requests(step[1])).toEqual([{ src: 'saveDraft', input: expect.objectContaining({ source: `${EDITED} ${failure}` }) }]);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, MAX_RETRY_MS, MAX_RETRY_MS]);

    const retrying = send(step, failed('saveDraft'));
    expect(requests(send(retrying, { type: 'flush' })[1])).toEqual([]);
    expect(requests(send(retrying, { type: 'online' })[1])).toHaveLength(1);
    // Saving now (publishing) tries at once and counts failures afresh.
    const now = send(retrying, { type: 'saveNow' });
    expect(requests(now[1])).toHaveLength(1);
    expect(pauses(send(now, failed('saveDraft'))[1])).toEqual({ retryDelay: 1000 });
  });

  it('says when the retry comes', () => {
    vi.useFakeTimers({ now: new Date('2025-03-01T10:00:00.000Z') });
    try {
      const step = send(open(), edited(EDITED), { type: 'flush' }, failed('saveDraft'));
      expect(statusOf(step[0])).toEqual({ kind: 'retrying', failures: 1, retryAt: Date.now() + 1000 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops on a refusal that retrying cannot fix, until the next edit or a field left', () => {
    const message = 'your session has ended. Sign in again in another tab; your edits are kept in this browser.';
    const refused = send(open(), edited(EDITED), { type: 'flush' }, done('saveDraft', { kind: 'failed', signedOut: true, message }));
    expect(statusOf(refused[0])).toEqual({ kind: 'failed', signedOut: true, message });
    expect(pauses(refused[1])).toEqual({});
    expect(statusOf(send(refused, edited(LATER))[0])).toEqual({ kind: 'pending' });
    expect(requests(send(refused, { type: 'flush' })[1])).toHaveLength(1);
  });

  describe('a conflict: someone else saved first', () => {
    const conflicted = () =>
      send(open(), edited(EDITED), { type: 'flush' }, done('saveDraft', { kind: 'conflict', keptAs: 5, current: theirs, message: 'Robin Trainer saved a newer revision' }));

    it('stops saving and keeps the refused text, until the author chooses', () => {
      const step = conflicted();
      expect(statusOf(step[0])).toEqual({ kind: 'conflict', conflict: { keptAs: 5, mine: EDITED, current: theirs } });
      const meanwhile = send(step, edited(LATER), { type: 'flush' });
      expect(statusOf(meanwhile[0]).kind).toBe('conflict');
      expect(requests(meanwhile[1])).toEqual([]);
      expect(savedRevisionOf(send(step, { type: 'saveNow' })[0])).toBeNull();
    });

    it('loading theirs puts their text in the editor, saved as their revision', () => {
      const loaded = send(conflicted(), { type: 'loadTheirs' });
      expect(statusOf(loaded[0])).toEqual({ kind: 'saved', revision: 4, savedAt: theirs.updatedAt });
      expect(emitted(loaded[1])).toEqual([{ type: 'replaced', text: theirs.source }]);
      expect(savedRevisionOf(loaded[0])).toBe(4);
    });

    it('keeping mine restores the refused revision on top of theirs, then saves what was edited since', () => {
      const keeping = send(conflicted(), edited(LATER), { type: 'keepMine' });
      expect(statusOf(keeping[0])).toEqual({ kind: 'saving' });
      expect(requests(keeping[1])).toEqual([{ src: 'restoreRevision', input: { scenarioId: 'late-delivery', revision: 5, baseRevision: 4 } }]);
      const kept = send(keeping, done('keepMine', savedAs(6)));
      expect(requests(kept[1])).toEqual([{ src: 'saveDraft', input: { scenarioId: 'late-delivery', source: LATER, baseRevision: 6 } }]);

      const nothingSince = send(conflicted(), { type: 'keepMine' }, done('keepMine', savedAs(6)));
      expect(statusOf(nothingSince[0])).toEqual({ kind: 'saved', revision: 6, savedAt: '2025-03-01T10:06:00.000Z' });
    });

    it('keeping mine, refused again, asks again', () => {
      const unreachable = send(conflicted(), { type: 'keepMine' }, done('keepMine', { kind: 'failed', message: 'Could not reach the server.' }));
      expect(statusOf(unreachable[0])).toEqual({ kind: 'conflict', conflict: { keptAs: 5, mine: EDITED, current: theirs } });
      const newer = { ...theirs, revision: 7 };
      const again = send(conflicted(), { type: 'keepMine' }, done('keepMine', { kind: 'conflict', keptAs: 8, current: newer, message: '' }));
      expect(statusOf(again[0])).toEqual({ kind: 'conflict', conflict: { keptAs: 8, mine: EDITED, current: newer } });
    });
  });

  describe('restoring an earlier revision', () => {
    const earlier = '{"id":"late-delivery","meta":{"title":"First"}}';

    it('reads it, makes it the draft again and puts it in the editor', () => {
      const reading = send(open(), { type: 'restore', revision: 2 });
      expect(requests(reading[1])).toEqual([{ src: 'readRevision', input: { scenarioId: 'late-delivery', revision: 2 } }]);
      expect(savedRevisionOf(reading[0])).toBeNull();
      const writing = send(reading, done('readRevision', earlier));
      expect(requests(writing[1])).toEqual([{ src: 'restoreRevision', input: { scenarioId: 'late-delivery', revision: 2, baseRevision: 3 } }]);
      const restored = send(writing, done('restoreRevision', savedAs(4)));
      expect(statusOf(restored[0])).toEqual({ kind: 'saved', revision: 4, savedAt: '2025-03-01T10:04:00.000Z' });
      expect(restored[0].context.text).toBe(earlier);
      expect(emitted(restored[1])).toEqual([
        { type: 'replaced', text: earlier },
        { type: 'restoreSettled', revision: 2, result: { ok: true } },
      ]);
    });

    it('says why nothing was restored', () => {
      const unread = send(open(), { type: 'restore', revision: 2 }, failed('readRevision'));
      expect(emitted(unread[1])).toEqual([{ type: 'restoreSettled', revision: 2, result: { ok: false, message: 'Could not read that revision. Nothing was restored.' } }]);
      expect(statusOf(unread[0]).kind).toBe('saved');

      const refused = send(
        open(),
        { type: 'restore', revision: 2 },
        done('readRevision', earlier),
        done('restoreRevision', { kind: 'conflict', keptAs: 5, current: theirs, message: 'Robin saved first.' }),
      );
      expect(emitted(refused[1])).toEqual([{ type: 'restoreSettled', revision: 2, result: { ok: false, message: 'Robin saved first.' } }]);
      expect(statusOf(refused[0]).kind).toBe('conflict');

      const unsaved = send(open(), edited(EDITED), { type: 'restore', revision: 2 });
      expect(emitted(unsaved[1])).toEqual([{ type: 'restoreSettled', revision: 2, result: { ok: false, message: NOT_SAVED_YET } }]);
      expect(requests(unsaved[1])).toEqual([]);
    });
  });

  describe('the copy kept in this browser', () => {
    it('is written a second after an edit rather than on every keystroke, and at once when the page is hidden', () => {
      const first = send(open(), edited(EDITED));
      expect(pauses(first[1]).localCopyEvery).toBe(1000);
      const more = send(first, edited(LATER));
      expect(pauses(more[1]).localCopyEvery).toBeUndefined();
      expect(named(send(more, end(first, 'localCopyEvery'))[1])).toEqual(['writeLocalCopy']);
      const hidden = send(more, { type: 'pageHidden' });
      expect(named(hidden[1])).toEqual(['writeLocalCopy']);
      expect(hidden[0].matches({ localCopy: 'kept' })).toBe(true);
      // Nothing due: nothing written.
      expect(named(send(hidden, { type: 'pageHidden' })[1])).toEqual([]);
    });

    it('an earlier session’s copy is offered back when the server lacks it, and saved on the revision it was made on', () => {
      const copy = { text: EDITED, baseRevision: 2, keptAt: '2025-02-28T18:00:00.000Z' };
      expect(send(open(), { type: 'copyFound', copy: { ...copy, text: SAVED } })[0].context.offered).toBeNull();
      const offered = send(open(), { type: 'copyFound', copy });
      expect(offered[0].context.offered).toEqual(copy);

      const recovered = send(offered, { type: 'recover' });
      expect(recovered[0].context.offered).toBeNull();
      expect(emitted(recovered[1])).toEqual([{ type: 'replaced', text: EDITED }]);
      expect(requests(send(recovered, edited(EDITED), { type: 'flush' })[1])).toEqual([{ src: 'saveDraft', input: expect.objectContaining({ baseRevision: 2 }) }]);

      const discarded = send(offered, { type: 'discard' });
      expect(discarded[0].context.offered).toBeNull();
      expect(named(discarded[1])).toEqual(['removeLocalCopy']);
      // Once this editor keeps its own copy, discarding the offer leaves that copy alone.
      expect(named(send(offered, edited(LATER), { type: 'pageHidden' }, { type: 'discard' })[1])).toEqual([]);
    });
  });
});

/* ---------- a running actor: the pauses on a clock ---------- */

describe('the autosave actor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-03-01T10:00:00.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function start(answers: (SaveOutcome | Error)[]) {
    const sent: string[] = [];
    const stored: (string | null)[] = [];
    const machine = autosaveMachine.provide({
      actors: {
        saveDraft: fromPromise(async ({ input }: { input: SaveRequest }) => {
          sent.push(input.source);
          const answer = answers.shift() ?? savedAs(9);
          if (answer instanceof Error) throw answer;
          return answer;
        }),
      },
      actions: {
        writeLocalCopy: ({ context }) => void stored.push(context.text),
        removeLocalCopy: () => void stored.push(null),
      },
    });
    const actor = createActor(machine, { input }).start();
    return { actor, sent, stored, status: () => statusOf(actor.getSnapshot()) };
  }

  it('typing for three seconds makes one save, 1.5 s after the last key, and a local copy each second', async () => {
    const { actor, sent, stored, status } = start([savedAs(4)]);
    for (let i = 1; i <= 6; i++) {
      actor.send(edited(`${EDITED}${' '.repeat(i)}`));
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(sent).toEqual([]);
    expect(stored).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([`${EDITED}      `]);
    expect(status()).toEqual({ kind: 'saved', revision: 4, savedAt: '2025-03-01T10:04:00.000Z' });
    expect(stored.at(-1)).toBeNull();
  });

  it('retries after 1 s, then 2 s, and keeps the edits made meanwhile', async () => {
    const { actor, sent, status } = start([new TypeError('Failed to fetch'), { kind: 'retry' }, savedAs(4)]);
    actor.send(edited(EDITED));
    await vi.advanceTimersByTimeAsync(1500);
    expect(status()).toEqual({ kind: 'retrying', failures: 1, retryAt: Date.now() + 1000 });
    actor.send(edited(LATER));
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toEqual([EDITED]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([EDITED, LATER]);
    expect(status()).toMatchObject({ kind: 'retrying', failures: 2 });
    await vi.advanceTimersByTimeAsync(1999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([EDITED, LATER, LATER]);
    expect(status()).toMatchObject({ kind: 'saved', revision: 4 });
    expect(actor.getSnapshot().context.failures).toBe(0);
  });

  it('a save asked for while one is in flight is sent once that one is answered', async () => {
    let answer: (outcome: SaveOutcome) => void = () => {};
    const sent: string[] = [];
    const machine = autosaveMachine.provide({
      actors: {
        saveDraft: fromPromise(({ input }: { input: SaveRequest }) => {
          sent.push(input.source);
          return new Promise<SaveOutcome>((resolve) => (answer = resolve));
        }),
      },
      actions: { writeLocalCopy: () => {}, removeLocalCopy: () => {} },
    });
    const actor = createActor(machine, { input }).start();
    actor.send(edited(EDITED));
    actor.send({ type: 'flush' });
    actor.send(edited(LATER));
    actor.send({ type: 'saveNow' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([EDITED]);
    answer(savedAs(4));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([EDITED, LATER]);
    answer(savedAs(5));
    await vi.advanceTimersByTimeAsync(0);
    expect(savedRevisionOf(actor.getSnapshot())).toBe(5);
  });
});
