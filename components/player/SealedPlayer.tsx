'use client';

import { useEffect, useEffectEvent, useLayoutEffect, useMemo, useReducer, useRef, useState, type Dispatch, type KeyboardEvent } from 'react';
import { TIMEOUT_EVENT } from '@/machines/format';
import type { TimeMode } from '@/machines/timing';
import type { SealedChoiceReply, SealedMeta, SealedState } from '@/server/training/attempts';
import { Choices } from './Choices';
import { Conversation, replyHeading, type ConversationEntry } from './Conversation';
import { Countdown } from './Countdown';
import { deliveryMachine, MOVED_ON } from './delivery-machine';
import { EndPanel } from './EndPanel';
import { PersonaPanel } from './PersonaPanel';
import { ChooseHint, ConnectionNotice, changeTimeMode, numberKeyChoice } from './player-parts';
import { useDelivery, useFocusOnListShown, useFocusOnReplies } from './player-hooks';
import { initialSealedState, reduceSealed, type SealedPlayerAction, type SealedServerView } from './sealed-state';
import { missedEntries, type MissedTurn } from './missed-turns';
import { TypedReply } from './TypedReply';
import { useReadAloud } from '@/components/speech/ReadAloudToggle';

/**
 * The player of an assessment. The server steps the conversation: the browser shows the trainee's
 * words at once and the customer's answer when the server sends it, and never holds anything that
 * tells a better reply from a worse one (no states, moods, points or outcomes).
 */
/**
 * How long an answer may take before the reply is drawn as waiting for it. Until then the reply
 * pressed is marked on the button itself (no render), and a quick answer is drawn with the reply
 * in one render, so the browser is not busy drawing "…" just as the answer arrives.
 */
const SHOW_WAITING_AFTER_MS = 250;

type AppliedReply = Extract<SealedChoiceReply, { status: 'applied' | 'duplicate' }>;

/** The delivery machine, with what the assessment player does with an answer, a kept reply and the server's view. */
function sealedDelivery(dispatch: Dispatch<SealedPlayerAction>) {
  return deliveryMachine.provide({
    actions: {
      answered: (_, { answer, reconnected }) => dispatch({ type: 'ack', reply: answer as AppliedReply, reconnected, now: Date.now() }),
      // A reply a previous page made but never got answered: drawn as waiting, and sent again.
      replay: (_, { replies }) => {
        for (const reply of replies) {
          // A typed reply kept from an earlier page is drawn by the trainee's words (the reply understood is not listed).
          if ('option' in reply && reply.typed !== undefined) dispatch({ type: 'choose', seq: reply.seq, option: reply.option, typed: reply.typed, now: Date.now() });
          else dispatch({ type: 'choose', seq: reply.seq, option: 'option' in reply ? reply.option : null, now: Date.now() });
        }
      },
      showServerView: (_, { view, notice }) => dispatch({ type: 'resync', view: view as SealedServerView, now: Date.now(), notice }),
    },
  });
}

/**
 * The reply pressed, shown at once without a render: the other replies fade and no reply takes a
 * press until the next render clears the mark (`data-sent` on the replies, `data-chosen` on the button).
 */
function markSent(replies: HTMLElement | null, option: number): void {
  if (!replies) return;
  replies.dataset.sent = '';
  replies.querySelector(`button[aria-keyshortcuts="${option}"]`)?.setAttribute('data-chosen', '');
}

function clearSentMark(replies: HTMLElement | null): void {
  if (replies?.dataset.sent === undefined) return;
  delete replies.dataset.sent;
  replies.querySelector('[data-chosen]')?.removeAttribute('data-chosen');
}

export function SealedPlayer({ attemptId, meta, initial }: { attemptId: string; meta: SealedMeta; initial: SealedServerView }) {
  const [state, dispatch] = useReducer(reduceSealed, initial, (view) => initialSealedState(view, Date.now()));
  const choicesRef = useRef<HTMLDivElement>(null);
  const readAloud = useReadAloud();
  /** Typed replies that matched nothing, and the customer asking again, by decision. */
  const [missed, setMissed] = useState<MissedTurn[]>([]);

  const logic = useMemo(() => sealedDelivery(dispatch), []);
  const { delivery, retry, outOfStep } = useDelivery(logic, { attemptId, serverStep: initial.state.step }, state.needsResync);

  // Time runs out: the silence is sent as TIMEOUT.
  const timeMode = state.server.timeMode;
  const timeUp = useEffectEvent((seq: number) => {
    if (state.needsResync || outOfStep) return;
    dispatch({ type: 'choose', seq, option: null, now: Date.now() });
    delivery.send({ type: 'send', reply: { seq, event: TIMEOUT_EVENT } });
  });
  useEffect(() => {
    if (state.server.finished || state.pending || state.deadline === null || timeMode === null || timeMode === 'off') return;
    const seq = state.server.step;
    const timer = setTimeout(() => timeUp(seq), Math.max(0, state.deadline - Date.now()));
    return () => clearTimeout(timer);
  }, [state.deadline, state.server.finished, state.server.step, state.pending, timeMode]);

  // Where trainees type their replies, the list comes only after two typed replies were not understood.
  const typing = meta.ownWords && state.server.replies.length === 0 && !state.pending;
  useFocusOnReplies(choicesRef, state.server.step);
  useFocusOnListShown(choicesRef, typing);

  // While the customer answers there is nothing to choose: the next replies come with the answer.
  const options = state.pending ? [] : state.server.replies.map((r) => ({ event: String(r.option), text: r.text }));
  /**
   * A reply is sent at once, in the same task as the press: the customer's answer comes from the
   * server, so the request does not wait for the trainee's words to be drawn first.
   */
  const choose = (key: string) => {
    const option = Number(key);
    const reply = state.server.replies.find((r) => r.option === option);
    if (!reply) return;
    send(option);
  };

  /** Sends a reply by the position shown: chosen from the list, or typed and confirmed as the reply understood. */
  function send(option: number, typed?: { words: string; understoodAs: string }) {
    const replies = choicesRef.current;
    if (state.server.finished || state.pending || state.needsResync || outOfStep || replies?.dataset.sent !== undefined) return;
    const seq = state.server.step;
    delivery.send({ type: 'send', reply: typed ? { seq, option, typed: typed.words } : { seq, option } });
    markSent(replies, option);
    // Drawn as waiting only if the answer takes a moment: a quick answer shows with the reply, in one frame.
    setTimeout(
      () => dispatch(typed ? { type: 'choose', seq, option, typed: typed.words, words: typed.understoodAs, now: Date.now() } : { type: 'choose', seq, option, now: Date.now() }),
      SHOW_WAITING_AFTER_MS,
    );
  }

  // The next render (the answer, "…", or the server's view) draws what the mark stood for.
  useLayoutEffect(() => clearSentMark(choicesRef.current), [state]);

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
    entries.push(...missedEntries(missed, step.seq));
    entries.push({ kind: 'trainee', key: `you-${step.seq}`, words: step.words, typed: step.typed, saving: false, feedback: null });
    entries.push({ kind: 'customer', key: `customer-${step.seq}`, ...step.customer });
  }
  entries.push(...missedEntries(missed, state.server.step));
  if (state.pending) entries.push({ kind: 'trainee', key: `you-${state.pending.seq}`, words: state.pending.words, typed: state.pending.typed, saving: true, feedback: null });

  const finished = state.server.finished;
  return (
    // The number keys work while focus is inside the player (WCAG 2.1.4: shortcuts scoped to a component).
    <div onKeyDown={onKeyDown} className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0">
        <h1 className="text-2xl font-bold tracking-tight">{meta.title}</h1>
        <ConnectionNotice notice={state.notice} retry={retry} />
        <Conversation name={meta.persona.name} channel={meta.channel} entries={entries} waiting={state.pending !== null} readAloud={readAloud} />
        {finished ? (
          <EndPanel attemptId={attemptId} passPercent={meta.passPercent} summary={state.ending?.summary ?? null} result={state.result} saving={false} />
        ) : (
          <div ref={choicesRef} tabIndex={-1} aria-labelledby="choices-heading" aria-busy={state.pending !== null} className="group mt-6 rounded-lg focus:outline-none">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="choices-heading" className="text-lg font-semibold">
                {replyHeading(meta.channel)}
              </h2>
              {state.deadline !== null && timeMode !== null && timeMode !== 'off' && !state.pending && <Countdown deadline={state.deadline} key={state.server.step} />}
            </div>
            {state.pending ? (
              <p className="mt-1 text-sm text-slate-700">{meta.persona.name} is answering…</p>
            ) : typing ? (
              <TypedReply
                key={state.server.step}
                attemptId={attemptId}
                seq={state.server.step}
                disabled={state.needsResync !== null || outOfStep}
                onMissed={(typed, answer) => {
                  setMissed((turns) => [...turns, { seq: answer.seq, typed, clarification: answer.clarification }]);
                  if (answer.replies) dispatch({ type: 'listed', seq: answer.seq, replies: answer.replies });
                }}
                onConfirmed={(reply, typed) => 'option' in reply && send(reply.option, { words: typed, understoodAs: reply.words })}
                onOutOfStep={() => delivery.send({ type: 'resync', notice: MOVED_ON })}
              />
            ) : (
              <>
                <ChooseHint ownWords={meta.ownWords === true} />
                <Choices options={options} onChoose={choose} disabled={state.needsResync !== null || outOfStep} />
              </>
            )}
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
        ownWords={meta.ownWords}
      />
    </div>
  );
}
