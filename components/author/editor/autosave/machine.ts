import { assign, emit, enqueueActions, fromPromise, raise, setup, type SnapshotFrom } from 'xstate';
import { writeLocalCopy, type LocalCopy } from './local-copy';
import type { ConflictInfo } from './status';
import { readRevision, restoreRevision, saveDraft, type Conflicted, type RestoreOutcome, type RestoreRequest, type SaveOutcome, type SaveRequest } from './requests';

/**
 * The editor's autosave as a statechart (docs/decisions/018-editor-state-and-autosave.md and
 * 032-editor-autosave-machine-and-hooks-rules.md). Two regions run side by side:
 *
 * - `save`: the draft goes to the server 1.5 s after the last edit or at once when asked (a field
 *   left, publishing), one request at a time, each naming the revision it was made on. Network and
 *   server failures are retried after growing pauses; a save refused because someone else saved
 *   first stops saving until the author chooses whose version to keep.
 * - `localCopy`: until the server holds the editor's text, the text is also kept in this browser's
 *   storage, written at most once a second while typing goes on and at once when the page is hidden.
 *
 * The machine holds the editor's latest text (`edited` events) and what the server holds
 * (`savedText`); everything the trainer sees of saving is derived from it (./status.ts).
 */

export const SAVE_DELAY_MS = 1500;
/**
 * While typing goes on, the local copy is written at most this often, and at once when the page
 * is hidden, left or closed: each write copies the whole text (300 kB for 200 states), too slow to
 * do on every keystroke.
 */
export const LOCAL_COPY_EVERY_MS = 1000;
export const MAX_RETRY_MS = 30_000;

/** The pause before retry number `failures`: 1, 2, 4… seconds, at most 30. */
export const retryWait = (failures: number) => Math.min(1000 * 2 ** (failures - 1), MAX_RETRY_MS);

export type RestoreResult = { ok: true } | { ok: false; message: string };

export interface AutosaveInput {
  scenarioId: string;
  source: string;
  revision: number;
  savedAt: string;
}

export interface AutosaveContext {
  scenarioId: string;
  /** The editor's text, and whether it parses (text that does not is never sent). */
  text: string;
  textOk: boolean;
  /** What the server holds, as far as this editor knows, and the revision its edits are based on. */
  savedText: string;
  baseRevision: number;
  lastSaved: { revision: number; savedAt: string };
  /** The text of the save in flight. */
  sending: string;
  /** A save was asked for while one was in flight: it runs once that one is answered. */
  saveAgain: boolean;
  failures: number;
  retryAt: number;
  failure: { message: string; signedOut: boolean } | null;
  conflict: ConflictInfo | null;
  /** The earlier revision being made the draft again, and its text once read. */
  restoring: { revision: number; text: string };
  /** An earlier session's copy, offered back until the author recovers or discards it. */
  offered: LocalCopy | null;
}

export type AutosaveEvent =
  | { type: 'edited'; text: string; textOk: boolean }
  /** A field was left: save without waiting for the quiet time. */
  | { type: 'flush' }
  /** Save now even while retrying (publishing, restoring). */
  | { type: 'saveNow' }
  | { type: 'online' }
  | { type: 'pageHidden' }
  | { type: 'loadTheirs' }
  | { type: 'keepMine' }
  | { type: 'restore'; revision: number }
  | { type: 'copyFound'; copy: LocalCopy | null }
  | { type: 'recover' }
  | { type: 'discard' }
  | { type: 'localCopy.forget' };

export type AutosaveEmitted =
  /** The editor's text is to be replaced as a whole (their version, a restored revision, recovered edits). */
  { type: 'replaced'; text: string } | { type: 'restoreSettled'; revision: number; result: RestoreResult };

/** A request actor's answer, read from its done event. */
const outcomeOf = <T>(event: unknown) => (event as { output: T }).output;
const answered =
  (kind: 'saved' | 'conflict' | 'failed') =>
  ({ event }: { event: unknown }) =>
    outcomeOf<{ kind: string }>(event).kind === kind;
type ActionArgs = { context: AutosaveContext; event: unknown };
/** The request's answer says the server now holds `textOf(context)`. */
const markSaved = (textOf: (context: AutosaveContext) => string) =>
  ({ type: 'markSaved', params: ({ context, event }: ActionArgs) => ({ ...outcomeOf<{ revision: number; savedAt: string }>(event), text: textOf(context) }) }) as const;
/** The request was refused for a conflict; `mineOf(context)` is the refused text. */
const noteConflict = (mineOf: (context: AutosaveContext) => string) =>
  ({ type: 'noteConflict', params: ({ context, event }: ActionArgs) => ({ refused: outcomeOf<Conflicted>(event), mine: mineOf(context) }) }) as const;

export const NOT_SAVED_YET = 'Your latest edits are not saved yet, so nothing was restored. Save them first.';

export const autosaveMachine = setup({
  types: {
    context: {} as AutosaveContext,
    events: {} as AutosaveEvent,
    emitted: {} as AutosaveEmitted,
    input: {} as AutosaveInput,
  },
  actors: {
    saveDraft: fromPromise<SaveOutcome, SaveRequest>(({ input }) => saveDraft(input)),
    restoreRevision: fromPromise<RestoreOutcome, RestoreRequest>(({ input }) => restoreRevision(input)),
    readRevision: fromPromise<string, Omit<RestoreRequest, 'baseRevision'>>(({ input }) => readRevision(input)),
  },
  delays: {
    saveDelay: SAVE_DELAY_MS,
    retryDelay: ({ context }) => retryWait(context.failures),
    localCopyEvery: LOCAL_COPY_EVERY_MS,
  },
  guards: {
    editUnsaved: ({ context, event }) => event.type === 'edited' && event.text !== context.savedText,
    textUnparseable: ({ context }) => !context.textOk,
    textSaved: ({ context }) => context.text === context.savedText,
    copyDiffers: ({ context, event }) => event.type === 'copyFound' && event.copy !== null && event.copy.text !== context.savedText,
  },
  actions: {
    noteText: assign(({ event }) => (event.type === 'edited' ? { text: event.text, textOk: event.textOk } : {})),
    markSaved: assign((_, saved: { text: string; revision: number; savedAt: string }) => ({
      savedText: saved.text,
      baseRevision: saved.revision,
      lastSaved: { revision: saved.revision, savedAt: saved.savedAt },
      failures: 0,
      failure: null,
      conflict: null,
    })),
    /** `mine` is the refused text: what a save sent, or the editor's text when a restore was refused. */
    noteConflict: assign((_, { refused, mine }: { refused: Conflicted; mine: string }) => ({
      conflict: { keptAs: refused.keptAs, current: refused.current, mine },
    })),
    countFailure: assign(({ context }) => ({ failures: context.failures + 1, retryAt: Date.now() + retryWait(context.failures + 1) })),
    resetFailures: assign({ failures: 0 }),
    /** The editor is to show what the server holds (their version, a restored revision). */
    showSavedText: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ text: context.savedText, textOk: true });
      enqueue.emit({ type: 'replaced', text: context.savedText });
    }),
    forgetLocalCopy: raise({ type: 'localCopy.forget' }),
    writeLocalCopy: ({ context }) => writeLocalCopy(context.scenarioId, localCopyOf(context)),
    removeLocalCopy: ({ context }) => writeLocalCopy(context.scenarioId, null),
    settleRestore: emit(({ context }, result: RestoreResult) => ({ type: 'restoreSettled' as const, revision: context.restoring.revision, result })),
  },
}).createMachine({
  id: 'autosave',
  type: 'parallel',
  context: ({ input }) => ({
    scenarioId: input.scenarioId,
    text: input.source,
    textOk: true,
    savedText: input.source,
    baseRevision: input.revision,
    lastSaved: { revision: input.revision, savedAt: input.savedAt },
    sending: '',
    saveAgain: false,
    failures: 0,
    retryAt: 0,
    failure: null,
    conflict: null,
    restoring: { revision: 0, text: '' },
    offered: null,
  }),
  states: {
    save: {
      initial: 'idle',
      // Wherever an edit changes nothing else, the machine takes note of the text.
      on: {
        edited: { actions: 'noteText' },
        // Restoring starts only from a saved draft (see `saved`); anywhere else it is refused at once.
        restore: { actions: emit(({ event }) => ({ type: 'restoreSettled' as const, revision: event.revision, result: { ok: false as const, message: NOT_SAVED_YET } })) },
      },
      states: {
        /** No request in flight, none planned but the quiet moment after an edit. */
        idle: {
          initial: 'saved',
          on: {
            edited: [
              { guard: 'editUnsaved', target: '.pending', actions: 'noteText' },
              // Back to what the server holds (undo, say): nothing to save.
              { target: '.saved', actions: 'noteText' },
            ],
            flush: 'checking',
            saveNow: 'checking',
          },
          states: {
            saved: {
              entry: 'forgetLocalCopy',
              on: { restore: { target: '#autosave.save.restoring', actions: assign({ restoring: ({ event }) => ({ revision: event.revision, text: '' }) }) } },
            },
            /** Edited: saving after a quiet moment, each edit starting the wait again. */
            pending: { after: { saveDelay: '#autosave.save.checking' } },
            /** The text does not parse: nothing is sent until it is edited. */
            unparseable: {},
            /** Refused for a reason retrying will not fix; the next edit or a left field tries again. */
            failed: {},
          },
        },
        checking: {
          always: [{ guard: 'textUnparseable', target: 'idle.unparseable' }, { guard: 'textSaved', target: 'idle.saved', actions: 'resetFailures' }, { target: 'sending' }],
        },
        sending: {
          tags: 'busy',
          entry: assign(({ context }) => ({ sending: context.text, saveAgain: false })),
          invoke: {
            id: 'saveDraft',
            src: 'saveDraft',
            input: ({ context }) => ({ scenarioId: context.scenarioId, source: context.sending, baseRevision: context.baseRevision }),
            onDone: [
              { guard: answered('saved'), target: 'sent', actions: markSaved((context) => context.sending) },
              { guard: answered('conflict'), target: 'conflict', actions: noteConflict((context) => context.sending) },
              {
                guard: answered('failed'),
                target: 'idle.failed',
                actions: assign({ failure: ({ event }) => outcomeOf<{ message: string; signedOut: boolean }>(event) }),
              },
              { target: 'retrying', actions: 'countFailure' },
            ],
            onError: { target: 'retrying', actions: 'countFailure' },
          },
          on: {
            flush: { actions: assign({ saveAgain: true }) },
            saveNow: { actions: assign({ saveAgain: true, failures: 0 }) },
          },
        },
        /** A save landed: edits made meanwhile wait for their own quiet moment, unless a save was asked for. */
        sent: {
          always: [{ guard: 'textSaved', target: 'idle.saved' }, { guard: ({ context }) => context.saveAgain, target: 'checking' }, { target: 'idle.pending' }],
        },
        retrying: {
          after: { retryDelay: 'checking' },
          on: {
            // Back online: try at once rather than wait for the pause to end.
            online: 'checking',
            saveNow: { target: 'checking', actions: 'resetFailures' },
          },
        },
        /** Someone else saved first: no saving until the author chooses whose version to keep. */
        conflict: {
          on: {
            loadTheirs: {
              target: 'idle.saved',
              actions: [
                {
                  type: 'markSaved',
                  params: ({ context }) => {
                    const theirs = context.conflict!.current;
                    return { text: theirs.source, revision: theirs.revision, savedAt: theirs.updatedAt };
                  },
                },
                'showSavedText',
              ],
            },
            keepMine: { target: 'keepingMine', actions: assign({ baseRevision: ({ context }) => context.conflict!.current.revision }) },
          },
        },
        /** The refused text, kept as a revision, is made the draft again on top of theirs. */
        keepingMine: {
          tags: 'busy',
          invoke: {
            id: 'keepMine',
            src: 'restoreRevision',
            input: ({ context }) => ({ scenarioId: context.scenarioId, revision: context.conflict!.keptAs, baseRevision: context.baseRevision }),
            onDone: [
              // Edits made since the refused save are saved next.
              { guard: answered('saved'), target: 'checking', actions: markSaved((context) => context.conflict!.mine) },
              { guard: answered('conflict'), target: 'conflict', actions: noteConflict((context) => context.text) },
              { target: 'conflict' },
            ],
            onError: 'conflict',
          },
        },
        /** An earlier revision is read and made the draft again; the editor then shows it. */
        restoring: {
          tags: 'busy',
          initial: 'reading',
          states: {
            reading: {
              invoke: {
                id: 'readRevision',
                src: 'readRevision',
                input: ({ context }) => ({ scenarioId: context.scenarioId, revision: context.restoring.revision }),
                onDone: { target: 'writing', actions: assign({ restoring: ({ context, event }) => ({ ...context.restoring, text: event.output }) }) },
                onError: {
                  target: '#autosave.save.checking',
                  actions: { type: 'settleRestore', params: { ok: false, message: 'Could not read that revision. Nothing was restored.' } },
                },
              },
            },
            writing: {
              invoke: {
                id: 'restoreRevision',
                src: 'restoreRevision',
                input: ({ context }) => ({ scenarioId: context.scenarioId, revision: context.restoring.revision, baseRevision: context.baseRevision }),
                onDone: [
                  {
                    guard: answered('saved'),
                    target: '#autosave.save.idle.saved',
                    actions: [markSaved((context) => context.restoring.text), 'showSavedText', { type: 'settleRestore', params: { ok: true } }],
                  },
                  {
                    guard: answered('conflict'),
                    target: '#autosave.save.conflict',
                    actions: [
                      noteConflict((context) => context.text),
                      { type: 'settleRestore', params: ({ event }) => ({ ok: false, message: outcomeOf<Conflicted>(event).message }) },
                    ],
                  },
                  {
                    target: '#autosave.save.checking',
                    actions: { type: 'settleRestore', params: ({ event }) => ({ ok: false, message: outcomeOf<{ message: string }>(event).message }) },
                  },
                ],
                onError: {
                  target: '#autosave.save.checking',
                  actions: { type: 'settleRestore', params: { ok: false, message: 'Could not reach the server. Nothing was restored; try again when the connection is back.' } },
                },
              },
            },
          },
        },
      },
    },
    localCopy: {
      initial: 'none',
      on: {
        // An earlier session's copy that the server never got, found when the editor opens.
        copyFound: { guard: 'copyDiffers', actions: assign({ offered: ({ event }) => event.copy }) },
        recover: {
          guard: ({ context }) => context.offered !== null,
          actions: [
            emit(({ context }) => ({ type: 'replaced' as const, text: context.offered!.text })),
            // Saving the recovered text names the revision it was made on, so a newer one conflicts instead of being overwritten.
            assign(({ context }) => ({ baseRevision: context.offered!.baseRevision, offered: null })),
          ],
        },
        discard: { actions: assign({ offered: null }) },
      },
      states: {
        /** Nothing of this editor's is stored: an earlier session's copy stays until the author decides. */
        none: {
          on: {
            edited: { guard: 'editUnsaved', target: 'due' },
            discard: { actions: [assign({ offered: null }), 'removeLocalCopy'] },
          },
        },
        due: {
          after: { localCopyEvery: { target: 'kept', actions: 'writeLocalCopy' } },
          on: {
            pageHidden: { target: 'kept', actions: 'writeLocalCopy' },
            'localCopy.forget': { target: 'none', actions: 'removeLocalCopy' },
          },
        },
        kept: {
          on: {
            edited: { guard: 'editUnsaved', target: 'due' },
            'localCopy.forget': { target: 'none', actions: 'removeLocalCopy' },
          },
        },
      },
    },
  },
});

export type AutosaveSnapshot = SnapshotFrom<typeof autosaveMachine>;

/** The local copy as it would be written now. */
export const localCopyOf = (context: AutosaveContext): LocalCopy => ({ text: context.text, baseRevision: context.baseRevision, keptAt: new Date().toISOString() });
