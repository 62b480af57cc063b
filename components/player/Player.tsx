'use client';

import { useCallback, useEffect, useMemo, useReducer, useRef, type KeyboardEvent } from 'react';
import { compileScenario } from '@/machines/compile';
import { isEnding, type ScenarioDocument } from '@/machines/document';
import { shownReplies, snapshotAt } from '@/machines/runtime';
import type { TimeMode } from '@/machines/timing';
import type { ChoiceReply } from '@/server/training/attempts';
import { Choices } from './Choices';
import { replyHeading } from './Conversation';
import { Countdown } from './Countdown';
import { useLeaveWarning } from '@/components/ui/use-leave-warning';
import { deliverUntilAnswered, pendingKey } from './delivery';
import { EndPanel } from './EndPanel';
import { CompactMood, PersonaPanel } from './PersonaPanel';
import { ConnectionNotice, changeTimeMode, numberKeyChoice } from './player-parts';
import { useFocusOnReplies, useResync } from './player-hooks';
import { initialPlayerState, MOVED_ON, reducePlayer, type QueuedChoice, type ServerView } from './player-state';
import { Transcript } from './Transcript';

/**
 * Runs `work` once the frame showing the reply is painted: starting a request costs several
 * milliseconds, and the trainee should see the customer's answer first. A hidden page paints no
 * frames, so there it runs at once.
 */
function afterPaint(work: () => void): void {
  if (document.visibilityState !== 'visible') work();
  else requestAnimationFrame(() => setTimeout(work, 0));
}

export function Player({ attemptId, scenario, initial }: { attemptId: string; scenario: ScenarioDocument; initial: ServerView }) {
  const compiled = useMemo(() => compileScenario(scenario), [scenario]);
  const [state, dispatch] = useReducer(
    (s: ReturnType<typeof initialPlayerState>, a: Parameters<typeof reducePlayer>[2]) => reducePlayer(compiled, s, a),
    initial,
    (view) => initialPlayerState(view, Date.now()),
  );
  const sending = useRef(false);
  const choicesRef = useRef<HTMLDivElement>(null);

  /** The session ended: sign in again and come back to this attempt. */
  // A full load: nothing of the signed-in pages stays in the router's cache.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  const goToSignIn = useCallback(() => window.location.assign(`/login?from=${encodeURIComponent(`/play/${attemptId}`)}`), [attemptId]);

  const fetchView = useCallback(async (): Promise<ServerView> => {
    const response = await fetch(`/api/attempts/${attemptId}`, { cache: 'no-store' });
    if (response.status === 401) {
      goToSignIn();
      throw new Error('signed out');
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as ServerView;
  }, [attemptId, goToSignIn]);

  /** Sends one choice until the server answers it; network and server errors are retried. */
  const deliver = useCallback(
    async (choice: QueuedChoice) => {
      const delivery = await deliverUntilAnswered<ChoiceReply>(`/api/attempts/${attemptId}/choices`, choice, (retryAt, cause) =>
        dispatch({ type: 'retrying', retryAt, cause }),
      );
      if (delivery.kind === 'signed-out') {
        goToSignIn();
        return;
      }
      if (delivery.kind === 'answered') {
        const reply = delivery.reply as Extract<ChoiceReply, { status: 'applied' | 'duplicate' }>;
        return () => dispatch({ type: 'ack', reply, now: Date.now() });
      }
      // Refused (another tab moved on, or a reply came too late): show what the server holds.
      const view = await fetchView();
      const conflict = delivery.conflict as ChoiceReply | null;
      const notice = conflict?.status === 'conflict' && conflict.reason === 'stale' ? MOVED_ON : 'Your reply could not be used here. Showing where the conversation stands now.';
      return () => dispatch({ type: 'resync', view, now: Date.now(), notice });
    },
    [attemptId, fetchView, goToSignIn],
  );

  // Send queued choices one at a time, in order.
  useEffect(() => {
    const head = state.queue[0];
    if (!head || sending.current) return;
    sending.current = true;
    afterPaint(() =>
      void deliver(head).then((apply) => {
        sending.current = false;
        apply?.();
      }),
    );
  }, [state.queue, deliver]);

  // Replay choices a previous page made but never got acknowledged, once. Declared before the effect
  // that stores the queue, so it reads them before anything is written.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const stored = sessionStorage.getItem(pendingKey(attemptId));
    if (!stored) return;
    try {
      // Choices the server took before the reload are in its record already.
      const pending = (JSON.parse(stored) as QueuedChoice[]).filter((c) => c.seq >= initial.state.step).sort((a, b) => a.seq - b.seq);
      if (!pending.length) sessionStorage.removeItem(pendingKey(attemptId));
      for (const choice of pending) dispatch({ type: 'choose', event: choice.event, now: Date.now() });
    } catch {
      sessionStorage.removeItem(pendingKey(attemptId));
    }
    // Only on first load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keep unsent choices across a reload or a closed tab; drop them once acknowledged. Not the empty
  // queue of the first render: that would drop what a previous page stored before it is replayed.
  const firstQueue = useRef(state.queue);
  useEffect(() => {
    if (state.queue === firstQueue.current) return;
    if (state.queue.length) sessionStorage.setItem(pendingKey(attemptId), JSON.stringify(state.queue));
    else sessionStorage.removeItem(pendingKey(attemptId));
  }, [state.queue, attemptId]);

  useResync(state.needsResync, fetchView, (view, notice) => dispatch({ type: 'resync', view, now: Date.now(), notice }));

  // Time runs out: the silence is sent as TIMEOUT.
  useEffect(() => {
    if (state.finished || state.deadline === null || state.timeMode === null || state.timeMode === 'off') return;
    const timer = setTimeout(() => dispatch({ type: 'choose', event: 'TIMEOUT', now: Date.now() }), Math.max(0, state.deadline - Date.now()));
    return () => clearTimeout(timer);
  }, [state.deadline, state.finished, state.timeMode, state.step]);

  // Warn before leaving while a reply is still on its way.
  useLeaveWarning(state.queue.length > 0);
  useFocusOnReplies(choicesRef, state.step);

  // The replies in the order this attempt shows them, the same order the server records positions by.
  const options = useMemo(
    () => (state.finished ? [] : shownReplies(compiled, snapshotAt(compiled, state.position), attemptId)),
    [compiled, state.position, state.finished, attemptId],
  );
  const choose = (event: string) => dispatch({ type: 'choose', event, now: Date.now() });

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const option = numberKeyChoice(event, options);
    if (option) choose(option.event);
  }

  async function onTimeModeChange(timeMode: TimeMode) {
    const changed = await changeTimeMode<ServerView['state']>(attemptId, timeMode);
    if (changed) dispatch({ type: 'time-mode', state: changed, now: Date.now() });
  }


  return (
    // The number keys work while focus is inside the player (WCAG 2.1.4: shortcuts scoped to a component).
    <div onKeyDown={onKeyDown} className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight">{scenario.meta.title}</h1>
        <CompactMood name={scenario.meta.persona.name} mood={state.position.mood} />
        <ConnectionNotice notice={state.notice} connection={state.connection} />
        <Transcript scenario={scenario} steps={state.steps} initialState={state.steps[0]?.fromState ?? state.position.state} />
        {state.finished ? (
          <EndPanel
            attemptId={attemptId}
            passPercent={scenario.meta.passPercent}
            summary={endingSummary(scenario, state.position.state)}
            result={state.result}
            saving={state.queue.length > 0}
          />
        ) : (
          <div ref={choicesRef} tabIndex={-1} aria-labelledby="choices-heading" className="mt-6 rounded-lg focus:outline-none">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="choices-heading" className="text-lg font-semibold">
                {replyHeading(scenario.meta.channel)}
              </h2>
              {state.deadline !== null && state.timeMode !== null && state.timeMode !== 'off' && <Countdown deadline={state.deadline} key={state.step} />}
            </div>
            <p className="mt-1 text-sm text-slate-700">Choose a reply, or press its number.</p>
            <Choices options={options} onChoose={choose} disabled={state.needsResync !== null} />
          </div>
        )}
      </div>
      <PersonaPanel
        persona={scenario.meta.persona}
        channel={scenario.meta.channel}
        mood={state.position.mood}
        feedbackMode={scenario.meta.feedback}
        timeMode={state.timeMode}
        finished={state.finished}
        onTimeModeChange={onTimeModeChange}
      />
    </div>
  );
}

function endingSummary(scenario: ScenarioDocument, stateName: string): string | null {
  const ending = scenario.states[stateName];
  return ending && isEnding(ending) ? ending.meta.summary : null;
}
