'use client';

import { useEffect, useEffectEvent, useMemo, useReducer, useRef, useState, type Dispatch, type KeyboardEvent } from 'react';
import { fromPromise } from 'xstate';
import { useSelector } from '@xstate/react';
import { compileScenario } from '@/machines/compile';
import { isEnding, type ScenarioDocument } from '@/machines/document';
import { TIMEOUT_EVENT } from '@/machines/format';
import { shownReplies, snapshotAt } from '@/machines/runtime';
import type { TimeMode } from '@/machines/timing';
import type { ChoiceReply } from '@/server/training/attempts';
import { Choices } from './Choices';
import { replyHeading } from './Conversation';
import { Countdown } from './Countdown';
import { deliveryMachine, MOVED_ON, postReply, type PostInput, type PostOutcome } from './delivery-machine';
import { EndPanel } from './EndPanel';
import { CompactMood, PersonaPanel } from './PersonaPanel';
import { ChooseHint, ConnectionNotice, changeTimeMode, numberKeyChoice } from './player-parts';
import { isSaving, useDelivery, useFocusOnListShown, useFocusOnReplies } from './player-hooks';
import { initialPlayerState, reducePlayer, retriableStep, type PlayerAction, type PlayerState, type ServerView } from './player-state';
import { REPLY_TAKEN_BACK, RETRY_NOT_REACHED, requestReplyRetry, RetryReply } from './RetryReply';
import { Transcript } from './Transcript';
import { TypedReply } from './TypedReply';
import { useReadAloud } from '@/components/speech/ReadAloudToggle';
import { MISSES_BEFORE_LIST } from '@/lib/own-words-clarifications';
import type { MissedTurn } from './missed-turns';

/**
 * Runs `work` once the frame showing the reply is painted: starting a request costs several
 * milliseconds, and the trainee should see the customer's answer first. A hidden page paints no
 * frames, so there it runs at once.
 */
function afterPaint(work: () => void): void {
  if (document.visibilityState !== 'visible') work();
  else requestAnimationFrame(() => setTimeout(work, 0));
}

/** Resolves once the frame showing the reply is painted (see `afterPaint`). */
const painted = () => new Promise<void>((resolve) => afterPaint(resolve));

type AppliedReply = Extract<ChoiceReply, { status: 'applied' | 'duplicate' }>;

/** The delivery machine, with what the coaching player does with an answer, a kept reply and the server's view. */
function coachingDelivery(dispatch: Dispatch<PlayerAction>) {
  return deliveryMachine.provide({
    actors: {
      // The reply shows first: starting a request costs several milliseconds.
      post: fromPromise<PostOutcome, PostInput>(async ({ input }) => {
        await painted();
        return postReply(input);
      }),
    },
    actions: {
      answered: (_, { answer, reconnected }) => dispatch({ type: 'ack', reply: answer as AppliedReply, reconnected, now: Date.now() }),
      // Choices a previous page made but never got acknowledged: stepped again, then sent.
      replay: (_, { replies }) => {
        for (const reply of replies) if ('event' in reply) dispatch({ type: 'choose', seq: reply.seq, event: reply.event, typed: reply.typed, now: Date.now() });
      },
      showServerView: (_, { view, notice }) => dispatch({ type: 'resync', view: view as ServerView, now: Date.now(), notice }),
    },
  });
}

export function Player({ attemptId, scenario, initial }: { attemptId: string; scenario: ScenarioDocument; initial: ServerView & { typedMisses?: number } }) {
  const compiled = useMemo(() => compileScenario(scenario), [scenario]);
  const [state, dispatch] = useReducer(
    (s: PlayerState, a: PlayerAction) => reducePlayer(compiled, s, a),
    initial,
    (view) => initialPlayerState(view, Date.now()),
  );
  const choicesRef = useRef<HTMLDivElement>(null);
  const readAloud = useReadAloud();
  /** Typed replies that matched nothing, and the customer asking again, by decision. */
  const [missed, setMissed] = useState<MissedTurn[]>([]);
  /** Misses at the decision the page opened at, counted before it opened. */
  const [missesBefore] = useState({ seq: initial.state.step, count: initial.typedMisses ?? 0 });

  const logic = useMemo(() => coachingDelivery(dispatch), []);
  const { delivery, retry, outOfStep } = useDelivery(logic, { attemptId, serverStep: initial.state.step }, state.needsResync);
  const saving = useSelector(delivery, isSaving);

  /** A reply (or the silence, TIMEOUT) at the decision shown: stepped here at once, and sent. */
  const choose = (event: string, typed?: string) => {
    if (state.finished || state.needsResync || outOfStep) return;
    dispatch({ type: 'choose', seq: state.step, event, typed, now: Date.now() });
    delivery.send({ type: 'send', reply: typed === undefined ? { seq: state.step, event } : { seq: state.step, event, typed } });
  };
  // Where trainees type their replies, the list comes only after two typed replies were not understood.
  const missesHere = missed.filter((turn) => turn.seq === state.step).length + (missesBefore.seq === state.step ? missesBefore.count : 0);
  const typing = scenario.meta.ownWords === true && missesHere < MISSES_BEFORE_LIST;

  // Time runs out: the silence is sent as TIMEOUT.
  const timeUp = useEffectEvent(() => choose(TIMEOUT_EVENT));
  useEffect(() => {
    if (state.finished || state.deadline === null || state.timeMode === null || state.timeMode === 'off') return;
    const timer = setTimeout(timeUp, Math.max(0, state.deadline - Date.now()));
    return () => clearTimeout(timer);
  }, [state.deadline, state.finished, state.timeMode, state.step]);

  useFocusOnReplies(choicesRef, state.step);
  useFocusOnListShown(choicesRef, typing);

  // The replies in the order this attempt shows them, the same order the server records positions by.
  const options = useMemo(
    () => (state.finished ? [] : shownReplies(compiled, snapshotAt(compiled, state.position), attemptId)),
    [compiled, state.position, state.finished, attemptId],
  );
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const option = numberKeyChoice(event, options);
    if (option) choose(option.event);
  }

  // "Try that reply again" (decision 042): the server takes the reply back, then its view is shown, with a notice read out.
  const retriable = retriableStep(state);
  async function retryReply(seq: number) {
    const outcome = await requestReplyRetry(attemptId, seq);
    if (outcome.kind === 'taken-back') delivery.send({ type: 'resync', notice: REPLY_TAKEN_BACK });
    // Refused: the server's view is the one to show, with its reason.
    else if (outcome.kind === 'refused') delivery.send({ type: 'resync', notice: outcome.message });
    // Signed out: fetching the server's view finds that out and goes to sign in.
    else if (outcome.kind === 'signed-out') delivery.send({ type: 'resync', notice: '' });
    else dispatch({ type: 'notice', notice: RETRY_NOT_REACHED });
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
        <ConnectionNotice notice={state.notice} retry={retry} />
        <Transcript
          scenario={scenario}
          steps={state.steps}
          missed={missed}
          retried={state.retried}
          currentStep={state.step}
          readAloud={readAloud}
          initialState={state.steps[0]?.fromState ?? state.position.state}
        />
        {state.finished ? (
          <EndPanel attemptId={attemptId} passPercent={scenario.meta.passPercent} summary={endingSummary(scenario, state.position.state)} result={state.result} saving={saving} />
        ) : (
          <>
            {retriable && <RetryReply key={retriable.seq} disabled={saving || outOfStep} onRetry={() => retryReply(retriable.seq)} />}
            <div ref={choicesRef} tabIndex={-1} aria-labelledby="choices-heading" className="mt-6 rounded-lg focus:outline-none">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="choices-heading" className="text-lg font-semibold">
                  {replyHeading(scenario.meta.channel)}
                </h2>
                {state.deadline !== null && state.timeMode !== null && state.timeMode !== 'off' && <Countdown deadline={state.deadline} key={state.step} />}
              </div>
              {typing ? (
                <TypedReply
                  key={state.step}
                  attemptId={attemptId}
                  seq={state.step}
                  disabled={state.needsResync !== null || outOfStep}
                  onMissed={(typed, answer) => setMissed((turns) => [...turns, { seq: answer.seq, typed, clarification: answer.clarification }])}
                  onConfirmed={(reply, typed) => 'event' in reply && choose(reply.event, typed)}
                  onOutOfStep={() => delivery.send({ type: 'resync', notice: MOVED_ON })}
                />
              ) : (
                <>
                  <ChooseHint ownWords={scenario.meta.ownWords === true} />
                  <Choices options={options} onChoose={(event) => choose(event)} disabled={state.needsResync !== null || outOfStep} />
                </>
              )}
            </div>
          </>
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
        ownWords={scenario.meta.ownWords === true}
      />
    </div>
  );
}

function endingSummary(scenario: ScenarioDocument, stateName: string): string | null {
  const ending = scenario.states[stateName];
  return ending && isEnding(ending) ? ending.meta.summary : null;
}
