import type { CompiledScenario } from '@/machines/compile';
import { TIMEOUT_EVENT } from '@/machines/format';
import { decisionTimeLimitMs, isFinished, positionOf, snapshotAt, step, type Position } from '@/machines/runtime';
import type { TimeMode } from '@/machines/timing';
import type { AttemptResult, AttemptState, ChoiceReply, TranscriptStep } from '@/server/training/attempts';
import { MOVED_ON } from './delivery-machine';

/**
 * The player's state. The browser steps the scenario itself so a reply shows at once; the server
 * answers each choice and is the authority: where they disagree, the server's view replaces ours.
 */
export interface ShownStep extends TranscriptStep {
  confirmed: boolean;
}

export interface PlayerState {
  position: Position;
  /** Sequence number of the next choice. */
  step: number;
  finished: boolean;
  /** Null when the scenario has no timed decision. */
  timeMode: TimeMode | null;
  /** The conversation so far; steps made here and not yet acknowledged by the server are unconfirmed. */
  steps: ShownStep[];
  /** Replies taken back to answer their decision again (decision 042): shown, not counted; once per decision. */
  retried: TranscriptStep[];
  /** Local clock time when the current decision runs out, or null. */
  deadline: number | null;
  result: AttemptResult | null;
  /** The server disagreed with what we showed: fetch its view, then show this notice. */
  needsResync: string | null;
  notice: string | null;
}

export interface ServerView {
  state: AttemptState;
  transcript: TranscriptStep[];
  retried?: TranscriptStep[];
  result: AttemptResult | null;
}

export type PlayerAction =
  /** A reply (or TIMEOUT) at decision `seq`, with the trainee's own words when they typed it; ignored when the player is no longer there. */
  | { type: 'choose'; seq: number; event: string; typed?: string; now: number }
  /** The server's answer; `reconnected` when sending it had to be retried. */
  | { type: 'ack'; reply: Extract<ChoiceReply, { status: 'applied' | 'duplicate' }>; reconnected: boolean; now: number }
  | { type: 'resync'; view: ServerView; now: number; notice: string | null }
  | { type: 'time-mode'; state: AttemptState; now: number }
  /** Something to tell the trainee that changes nothing else (a reply that could not be tried again). */
  | { type: 'notice'; notice: string };

export { MOVED_ON };
export const CONNECTED_AGAIN = 'Connected again. Your reply was saved.';
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
    retried: view.retried ?? [],
    deadline: localDeadline(view.state, now),
    result: view.result,
    needsResync: null,
    notice: null,
  };
}

const samePosition = (a: Position, b: Position) => a.state === b.state && a.mood === b.mood && a.flags.join() === b.flags.join();

export function reducePlayer(scenario: CompiledScenario, state: PlayerState, action: PlayerAction): PlayerState {
  switch (action.type) {
    case 'choose': {
      if (action.seq !== state.step || state.finished || state.needsResync) return state;
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
            typed: action.event === TIMEOUT_EVENT ? null : (action.typed ?? null),
            confirmed: false,
          },
        ],
        deadline: limit === null ? null : action.now + limit,
        notice: null,
      };
    }
    case 'ack': {
      const { reply } = action;
      const seq = reply.step.seq;
      const shown = state.steps.find((s) => s.seq === seq);
      // The server applied something else (a late reply counted as silence): take its view.
      if (!shown || shown.event !== reply.step.event) return { ...state, needsResync: COUNTED_DIFFERENTLY };
      // The server is past everything we showed: another tab moved on. Take its view.
      if (reply.state.step > state.step) return { ...state, needsResync: MOVED_ON };
      const steps = state.steps.map((s) => (s.seq === seq ? { ...reply.step, confirmed: true } : s));
      const latest = reply.state.step === state.step;
      if (latest && !samePosition(reply.state.position, state.position)) return { ...state, steps, needsResync: COUNTED_DIFFERENTLY };
      return {
        ...state,
        steps,
        deadline: latest ? localDeadline(reply.state, action.now) : state.deadline,
        result: reply.result ?? state.result,
        notice: action.reconnected ? CONNECTED_AGAIN : state.notice,
      };
    }
    case 'resync':
      return { ...initialPlayerState(action.view, action.now), notice: action.notice };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'time-mode':
      // Time had already run out: the server recorded the silence before changing the limits.
      if (action.state.step > state.step) return { ...state, timeMode: action.state.timeMode, needsResync: TIME_RAN_OUT };
      return state.step === action.state.step
        ? { ...state, timeMode: action.state.timeMode, deadline: localDeadline(action.state, action.now) }
        : { ...state, timeMode: action.state.timeMode };
  }
}

/**
 * The reply that may be taken back and answered again now (decision 042): the last one, once the
 * server has answered it and while the conversation goes on, unless it was already tried again.
 * Null when none may.
 */
export function retriableStep(state: PlayerState): ShownStep | null {
  const last = state.steps.at(-1);
  if (!last || state.finished || state.needsResync || !last.confirmed || last.seq !== state.step - 1) return null;
  // Once per decision; and not further back while a reply taken back waits to be answered again.
  return state.retried.some((r) => r.seq === last.seq || r.seq === state.step) ? null : last;
}
