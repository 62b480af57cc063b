import type { AttemptResult, EndingView, SealedChoiceReply, SealedState, SealedStep, SpokenLines } from '@/server/training/attempts';
import { MOVED_ON } from './delivery-machine';
import { CONNECTED_AGAIN, localDeadline } from './player-state';

/**
 * The state of an assessment's player. The browser knows only the words: it shows the trainee's
 * reply at once, and the customer's answer when the server sends it. One reply is sent at a time,
 * since the next replies are known only once the server has answered.
 */
export interface SealedPlayerState {
  opening: SpokenLines;
  steps: SealedStep[];
  server: SealedState;
  /** The reply shown and not yet answered by the server: its position shown (or TIMEOUT) and its words. */
  pending: SealedChoice | null;
  deadline: number | null;
  result: AttemptResult | null;
  ending: EndingView | null;
  /** The server disagreed with what we showed: fetch its view, then show this notice. */
  needsResync: string | null;
  notice: string | null;
}

export interface SealedChoice {
  seq: number;
  /** The position the reply was shown at, or null for a time-out. */
  option: number | null;
  words: string | null;
  /** The trainee's own words, when they typed the reply. */
  typed: string | null;
}

/** What the server sends about an assessment: the whole conversation so far and where it stands. */
export interface SealedServerView {
  opening: SpokenLines;
  steps: SealedStep[];
  state: SealedState;
  result: AttemptResult | null;
  ending: EndingView | null;
}

export type SealedPlayerAction =
  /**
   * A reply (or, with option null, a time-out) at decision `seq`; ignored when the attempt is no longer there.
   * A typed reply carries the trainee's words and the words of the reply it was understood as.
   */
  | { type: 'choose'; seq: number; option: number | null; typed?: string; words?: string; now: number }
  /** Where trainees type their replies: the replies of decision `seq`, listed after two typed replies were not understood. */
  | { type: 'listed'; seq: number; replies: SealedState['replies'] }
  /** The server's answer; `reconnected` when sending it had to be retried. */
  | { type: 'ack'; reply: Extract<SealedChoiceReply, { status: 'applied' | 'duplicate' }>; reconnected: boolean; now: number }
  | { type: 'resync'; view: SealedServerView; now: number; notice: string | null }
  | { type: 'time-mode'; state: SealedState; now: number };

export const MOVED_ON_SEALED = MOVED_ON;
export const TIME_RAN_OUT_SEALED = 'Time had already run out on that reply, so it counts as no reply. The new time limits apply from here on.';

export function initialSealedState(view: SealedServerView, now: number): SealedPlayerState {
  return {
    opening: view.opening,
    steps: view.steps,
    server: view.state,
    pending: null,
    deadline: localDeadline(view.state, now),
    result: view.result,
    ending: view.ending,
    needsResync: null,
    notice: null,
  };
}

export function reduceSealed(state: SealedPlayerState, action: SealedPlayerAction): SealedPlayerState {
  switch (action.type) {
    case 'choose': {
      if (action.seq !== state.server.step || state.server.finished || state.pending || state.needsResync) return state;
      if (action.option === null) {
        if (state.server.timeMode === null || state.server.timeMode === 'off') return state;
        return { ...state, pending: { seq: state.server.step, option: null, words: null, typed: null }, deadline: null, notice: null };
      }
      // A typed reply is confirmed as the reply it was understood as, which the list need not show.
      const words = action.typed !== undefined ? (action.words ?? null) : (state.server.replies.find((r) => r.option === action.option)?.text ?? null);
      if (words === null && action.typed === undefined) return state;
      return { ...state, pending: { seq: state.server.step, option: action.option, words, typed: action.typed ?? null }, deadline: null, notice: null };
    }
    case 'ack': {
      const { reply } = action;
      // The answer may come before the reply was drawn as waiting; then both show at once. An answer
      // to something else, or a server past the reply sent (another tab moved on): take its whole view.
      const seq = state.server.step;
      if (reply.step.seq !== seq || (state.pending && state.pending.seq !== seq) || reply.state.step > seq + 1) {
        return { ...state, pending: null, needsResync: MOVED_ON_SEALED };
      }
      return {
        ...state,
        steps: [...state.steps, reply.step],
        server: reply.state,
        pending: null,
        deadline: localDeadline(reply.state, action.now),
        result: reply.result ?? state.result,
        ending: reply.ending ?? state.ending,
        notice: action.reconnected ? CONNECTED_AGAIN : state.notice,
      };
    }
    case 'listed':
      return action.seq === state.server.step && !state.server.finished ? { ...state, server: { ...state.server, replies: action.replies } } : state;
    case 'resync':
      return { ...initialSealedState(action.view, action.now), notice: action.notice };
    case 'time-mode':
      if (action.state.step > state.server.step) return { ...state, needsResync: TIME_RAN_OUT_SEALED };
      return { ...state, server: action.state, deadline: state.pending ? null : localDeadline(action.state, action.now) };
  }
}
