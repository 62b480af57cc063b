'use client';

import { useCallback, useEffect, useReducer, useRef, type KeyboardEvent } from 'react';
import { TIMEOUT_EVENT } from '@/machines/format';
import type { TimeMode } from '@/machines/timing';
import type { SealedChoiceReply, SealedMeta, SealedState } from '@/server/training/attempts';
import { Choices } from './Choices';
import { Conversation, replyHeading, type ConversationEntry } from './Conversation';
import { Countdown } from './Countdown';
import { useLeaveWarning } from '@/components/ui/use-leave-warning';
import { deliverUntilAnswered, pendingKey } from './delivery';
import { EndPanel } from './EndPanel';
import { PersonaPanel } from './PersonaPanel';
import { ConnectionNotice, changeTimeMode, numberKeyChoice } from './player-parts';
import { fetchUntilAnswered, useFocusOnReplies, useResync } from './player-hooks';
import { initialSealedState, MOVED_ON_SEALED as MOVED_ON, reduceSealed, type SealedChoice, type SealedServerView } from './sealed-state';

/**
 * The player of an assessment. The server steps the conversation: the browser shows the trainee's
 * words at once and the customer's answer when the server sends it, and never holds anything that
 * tells a better reply from a worse one (no states, moods, points or outcomes).
 */
/** How long an answer may take before the reply is drawn as waiting for it (well under what reads as a delay). */
const SHOW_WAITING_AFTER_MS = 60;

export function SealedPlayer({ attemptId, meta, initial }: { attemptId: string; meta: SealedMeta; initial: SealedServerView }) {
  const [state, dispatch] = useReducer(reduceSealed, initial, (view) => initialSealedState(view, Date.now()));
  const choicesRef = useRef<HTMLDivElement>(null);
  /** The newest decision a reply was sent for: a reply is sent once, whatever draws it as waiting later. */
  const sent = useRef(-1);

  // A full load: nothing of the signed-in pages stays in the router's cache.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  const goToSignIn = useCallback(() => window.location.assign(`/login?from=${encodeURIComponent(`/play/${attemptId}`)}`), [attemptId]);

  const fetchView = useCallback(async (): Promise<SealedServerView> => {
    const response = await fetch(`/api/attempts/${attemptId}`, { cache: 'no-store' });
    if (response.status === 401) {
      goToSignIn();
      throw new Error('signed out');
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as SealedServerView;
  }, [attemptId, goToSignIn]);

  /** Sends a reply until the server answers it, then shows the customer's answer (or the server's record). */
  const send = useCallback(
    (pending: SealedChoice) => {
      if (pending.seq <= sent.current) return;
      sent.current = pending.seq;
      let answered = false;
      // Kept over a reload, written just after the request leaves: storage is slow on a slow device.
      setTimeout(() => {
        if (!answered) sessionStorage.setItem(pendingKey(attemptId), JSON.stringify(pending));
      }, 0);
      const body = pending.option === null ? { seq: pending.seq, event: TIMEOUT_EVENT } : { seq: pending.seq, option: pending.option };
      void deliverUntilAnswered<SealedChoiceReply>(`/api/attempts/${attemptId}/choices`, body, (retryAt, cause) => dispatch({ type: 'retrying', retryAt, cause })).then(
        async (delivery) => {
          answered = true;
          if (delivery.kind === 'signed-out') return goToSignIn();
          sessionStorage.removeItem(pendingKey(attemptId));
          // Refused: the attempt still waits at this decision (or the server's view will say where), so a reply may go again.
          if (delivery.kind === 'refused') sent.current = Math.min(sent.current, pending.seq - 1);
          if (delivery.kind === 'answered' && delivery.reply.status !== 'conflict') {
            dispatch({ type: 'ack', reply: delivery.reply, now: Date.now() });
            return;
          }
          const conflict = delivery.kind === 'refused' ? (delivery.conflict as SealedChoiceReply | null) : null;
          const notice = conflict?.status === 'conflict' && conflict.reason === 'stale' ? MOVED_ON : 'Your reply could not be used here. Showing where the conversation stands now.';
          const view = await fetchUntilAnswered(fetchView);
          if (view) dispatch({ type: 'resync', view, now: Date.now(), notice });
        },
      );
    },
    [attemptId, fetchView, goToSignIn],
  );

  // A reply waiting to be answered that is not on its way yet (one restored after a reload, or time
  // running out) is sent once it is shown.
  useEffect(() => {
    if (state.pending) send(state.pending);
  }, [state.pending, send]);

  // A reply a previous page made but never got answered is sent again, once, if it still fits.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    try {
      const stored = JSON.parse(sessionStorage.getItem(pendingKey(attemptId)) ?? 'null') as SealedChoice | null;
      if (stored && stored.seq === initial.state.step) dispatch({ type: 'choose', seq: stored.seq, option: stored.option, now: Date.now() });
      else sessionStorage.removeItem(pendingKey(attemptId));
    } catch {
      sessionStorage.removeItem(pendingKey(attemptId));
    }
    // Only on first load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The server said we were out of step: show its view.
  useResync(state.needsResync, fetchView, (view, notice) => dispatch({ type: 'resync', view, now: Date.now(), notice }));

  // Time runs out: the silence is sent as TIMEOUT.
  const timeMode = state.server.timeMode;
  useEffect(() => {
    if (state.server.finished || state.pending || state.deadline === null || timeMode === null || timeMode === 'off') return;
    const seq = state.server.step;
    const timer = setTimeout(() => dispatch({ type: 'choose', seq, option: null, now: Date.now() }), Math.max(0, state.deadline - Date.now()));
    return () => clearTimeout(timer);
  }, [state.deadline, state.server.finished, state.server.step, state.pending, timeMode]);

  // Warn before leaving while a reply is still on its way.
  useLeaveWarning(state.pending !== null);
  useFocusOnReplies(choicesRef, state.server.step);

  // While the customer answers there is nothing to choose: the next replies come with the answer.
  const options = state.pending ? [] : state.server.replies.map((r) => ({ event: String(r.option), text: r.text }));
  /**
   * A reply is sent at once, in the same task as the press: the customer's answer comes from the
   * server, so the request does not wait for the trainee's words to be drawn first.
   */
  const choose = (key: string) => {
    const option = Number(key);
    const reply = state.server.replies.find((r) => r.option === option);
    if (!reply || state.server.finished || state.pending || state.needsResync) return;
    const seq = state.server.step;
    send({ seq, option, words: reply.text });
    // Drawn as waiting only if the answer takes a moment: a quick answer shows with the reply, in one frame.
    setTimeout(() => dispatch({ type: 'choose', seq, option, now: Date.now() }), SHOW_WAITING_AFTER_MS);
  };

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const option = numberKeyChoice(event, options);
    if (option) choose(option.event);
  }

  async function onTimeModeChange(mode: TimeMode) {
    const changed = await changeTimeMode<SealedState>(attemptId, mode);
    if (changed) dispatch({ type: 'time-mode', state: changed, now: Date.now() });
  }

  const entries: ConversationEntry[] = [{ kind: 'customer', key: 'opening', ...state.opening }];
  for (const step of state.steps) {
    entries.push({ kind: 'trainee', key: `you-${step.seq}`, words: step.words, saving: false, feedback: null });
    entries.push({ kind: 'customer', key: `customer-${step.seq}`, ...step.customer });
  }
  if (state.pending) entries.push({ kind: 'trainee', key: `you-${state.pending.seq}`, words: state.pending.words, saving: true, feedback: null });

  const finished = state.server.finished;
  return (
    // The number keys work while focus is inside the player (WCAG 2.1.4: shortcuts scoped to a component).
    <div onKeyDown={onKeyDown} className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight">{meta.title}</h1>
        <ConnectionNotice notice={state.notice} connection={state.connection} />
        <Conversation name={meta.persona.name} channel={meta.channel} entries={entries} waiting={state.pending !== null} />
        {finished ? (
          <EndPanel attemptId={attemptId} passPercent={meta.passPercent} summary={state.ending?.summary ?? null} result={state.result} saving={false} />
        ) : (
          <div ref={choicesRef} tabIndex={-1} aria-labelledby="choices-heading" aria-busy={state.pending !== null} className="mt-6 rounded-lg focus:outline-none">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="choices-heading" className="text-lg font-semibold">
                {replyHeading(meta.channel)}
              </h2>
              {state.deadline !== null && timeMode !== null && timeMode !== 'off' && !state.pending && <Countdown deadline={state.deadline} key={state.server.step} />}
            </div>
            <p className="mt-1 text-sm text-slate-700">{state.pending ? `${meta.persona.name} is answering…` : 'Choose a reply, or press its number.'}</p>
            <Choices options={options} onChoose={choose} disabled={state.needsResync !== null} />
          </div>
        )}
      </div>
      <PersonaPanel
        persona={meta.persona}
        channel={meta.channel}
        mood={null}
        feedbackMode="debrief"
        timeMode={meta.timed ? timeMode : null}
        finished={finished}
        onTimeModeChange={onTimeModeChange}
      />
    </div>
  );
}
