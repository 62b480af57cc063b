import type { CompiledScenario } from '@/machines/compile';
import { TIMEOUT_EVENT } from '@/machines/format';
import { decisionTimeLimitMs, isFinished, positionOf, snapshotAt, step, type Position } from '@/machines/runtime';
import type { TimeMode } from '@/machines/timing';
import type { AttemptResult, AttemptState, ChoiceReply, TranscriptStep } from '@/server/training/attempts';
import type { RetryCause } from './delivery';

/**
 * The player's state. The browser steps the scenario itself so a reply shows at once; the server
 * answers each choice and is the authority: where they disagree, the server's view replaces ours.
 */
export interface ShownStep extends TranscriptStep {
  confirmed: boolean;
}

export interface QueuedChoice {
  seq: number;
  event: string;
}

export interface PlayerState {
  position: Position;
  /** Sequence number of the next choice. */
  step: number;
  finished: boolean;
  /** Null when the scenario has no timed decision. */
  timeMode: TimeMode | null;
  steps: ShownStep[];
  /** Choices made here and not yet acknowledged by the server, oldest first. */
  queue: QueuedChoice[];
  /** Local clock time when the current decision runs out, or null. */
  deadline: number | null;
  result: AttemptResult | null;
  /** The server disagreed with what we showed: fetch its view, then show this notice. */
  needsResync: string | null;
  /** Whether sending is being retried, and why: the server unreachable, or its database. */
  connection: { status: 'ok' } | { status: 'retrying'; retryAt: number; cause: RetryCause };
  notice: string | null;
}


export interface ServerView {
  state: AttemptState;
  transcript: TranscriptStep[];
  result: AttemptResult | null;
}

export type PlayerAction =
  | { type: 'choose'; event: string; now: number }
  | { type: 'ack'; reply: Extract<ChoiceReply, { status: 'applied' | 'duplicate' }>; now: number }
  | { type: 'resync'; view: ServerView; now: number; notice: string | null }
  | { type: 'retrying'; retryAt: number; cause: RetryCause }
  | { type: 'time-mode'; state: AttemptState; now: number };

export const MOVED_ON = 'This attempt moved on in another window. Showing where it stands now.';
export const TIME_RAN_OUT = 'Time had already run out on that reply, so it counts as no reply. The new time limits apply from here on.';
const COUNTED_DIFFERENTLY = 'The server counted your reply differently. Showing its record.';

/** The server's deadline on our clock: the time left by the server's clock, counted from now. */
export const localDeadline = (state: Pick<AttemptState, 'deadlineAt' | 'serverNow'>, now: number): number | null =>
  state.deadlineAt === null ? null : now + (Date.parse(state.deadlineAt) - Date.parse(state.serverNow));

export function initialPlayerState(view: ServerView, now: number): PlayerState {
  return {
    position: view.state.position,
    step: view.state.step,
    finished: view.state.finished,
    timeMode: view.state.timeMode,
    steps: view.transcript.map((s) => ({ ...s, confirmed: true })),
    queue: [],
    deadline: localDeadline(view.state, now),
    result: view.result,
    needsResync: null,
    connection: { status: 'ok' },
    notice: null,
  };
}

const samePosition = (a: Position, b: Position) => a.state === b.state && a.mood === b.mood && a.flags.join() === b.flags.join();

export function reducePlayer(scenario: CompiledScenario, state: PlayerState, action: PlayerAction): PlayerState {
  switch (action.type) {
    case 'choose': {
      if (state.finished || state.needsResync) return state;
      if (action.event === TIMEOUT_EVENT && state.timeMode === 'off') return state;
      const result = step(scenario, snapshotAt(scenario, state.position), action.event);
      if (!result.ok) return state;
      const next = positionOf(result.next);
      const limit = state.timeMode === null || state.timeMode === 'off' ? null : decisionTimeLimitMs(scenario, result.next, state.timeMode);
      return {
        ...state,
        position: next,
        step: state.step + 1,
        finished: isFinished(result.next),
        steps: [
          ...state.steps,
          {
            seq: state.step,
            fromState: state.position.state,
            event: action.event,
            requestedEvent: action.event,
            toState: next.state,
            timedOut: action.event === TIMEOUT_EVENT,
            feedback: null,
            confirmed: false,
          },
        ],
        queue: [...state.queue, { seq: state.step, event: action.event }],
        deadline: limit === null ? null : action.now + limit,
        notice: null,
      };
    }
    case 'ack': {
      const { reply } = action;
      const seq = reply.step.seq;
      const queue = state.queue.filter((q) => q.seq !== seq);
      const shown = state.steps.find((s) => s.seq === seq);
      // The server applied something else (a late reply counted as silence): take its view.
      if (!shown || shown.event !== reply.step.event) return { ...state, queue, needsResync: COUNTED_DIFFERENTLY };
      // The server is past everything we showed: another tab moved on. Take its view.
      if (reply.state.step > state.step) return { ...state, queue, needsResync: MOVED_ON };
      const steps = state.steps.map((s) => (s.seq === seq ? { ...reply.step, confirmed: true } : s));
      const latest = reply.state.step === state.step;
      if (latest && !samePosition(reply.state.position, state.position)) return { ...state, queue, steps, needsResync: COUNTED_DIFFERENTLY };
      return {
        ...state,
        queue,
        steps,
        deadline: latest ? localDeadline(reply.state, action.now) : state.deadline,
        result: reply.result ?? state.result,
        connection: { status: 'ok' },
        notice: state.connection.status === 'retrying' ? 'Connected again. Your reply was saved.' : state.notice,
      };
    }
    case 'resync':
      return { ...initialPlayerState(action.view, action.now), notice: action.notice };
    case 'retrying':
      return { ...state, connection: { status: 'retrying', retryAt: action.retryAt, cause: action.cause } };
    case 'time-mode':
      // Time had already run out: the server recorded the silence before changing the limits.
      if (action.state.step > state.step) return { ...state, timeMode: action.state.timeMode, needsResync: TIME_RAN_OUT };
      return state.step === action.state.step
        ? { ...state, timeMode: action.state.timeMode, deadline: localDeadline(action.state, action.now) }
        : { ...state, timeMode: action.state.timeMode };
  }
}
