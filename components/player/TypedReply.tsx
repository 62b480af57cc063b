'use client';

import { useEffect, useId, useMemo, useRef, type KeyboardEvent } from 'react';
import { shallowEqual, useActorRef, useSelector } from '@xstate/react';
import { OWN_WORDS_MAX_CHARS } from '@/lib/own-words-limits';
import type { OfferedReply, TypedReplyAnswer } from '@/server/training/typed-replies';
import { typedReplyMachine } from './typed-reply-machine';
import { VoiceInputButton } from '@/components/speech/VoiceInputButton';

export interface TypedReplyProps {
  attemptId: string;
  /** The decision the words answer; a new decision starts a new box (give the component this as its key). */
  seq: number;
  disabled: boolean;
  /** The words matched no reply: the customer asks again. */
  onMissed: (typed: string, answer: Extract<TypedReplyAnswer, { status: 'missed' }>) => void;
  /** The trainee confirmed a reply, with their words. */
  onConfirmed: (reply: OfferedReply, typed: string) => void;
  onOutOfStep: () => void;
}

/** Characters left from which the count is shown. */
const SHOW_COUNT_FROM = 200;

/**
 * The trainee says it in their own words (decision 033): the words are understood on the server,
 * and the trainee confirms the reply understood or puts it another way. An assessment offers only
 * the reply understood; coaching may offer a close runner-up too.
 */
export function TypedReply({ attemptId, seq, disabled, onMissed, onConfirmed, onOutOfStep }: TypedReplyProps) {
  const logic = useMemo(
    () =>
      typedReplyMachine.provide({
        actions: {
          missed: (_, { typed, answer }) => onMissed(typed, answer),
          confirmed: (_, { reply, typed }) => onConfirmed(reply, typed),
          outOfStep: () => onOutOfStep(),
        },
      }),
    // The actions are read once, when the box for this decision starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const actor = useActorRef(logic, { input: { attemptId, seq } });
  const view = useSelector(
    actor,
    (snapshot) => ({ state: snapshot.value, text: snapshot.context.text, offer: snapshot.context.offer, error: snapshot.context.error }),
    shallowEqual,
  );
  const ids = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);

  // Focus follows the step: to the reply understood when it is offered, back to the words after.
  useEffect(() => {
    if (view.state === 'understood') confirm.current?.focus();
    else if (view.state === 'typing') box.current?.focus({ preventScroll: true });
  }, [view.state]);

  const waiting = view.state === 'understanding';
  const left = OWN_WORDS_MAX_CHARS - view.text.length;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends, as in a chat; Shift+Enter starts a new line.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      actor.send({ type: 'submit' });
    }
  }

  // Chosen (or out of step): the player shows the reply, then the next decision's box.
  if (view.state === 'confirmed' || view.state === 'outOfStep') return null;

  if (view.state === 'understood' && view.offer) {
    const { understood, alternative } = view.offer;
    // The words typed and the reply understood, side by side, so the trainee can judge the match.
    return (
      <section aria-labelledby={`${ids}-understood`} className="mt-3 rounded-lg border border-brand-700 bg-white p-4 shadow-sm">
        <p className="text-sm text-slate-700">
          You typed: <q className="italic">{view.offer.typed}</q>
        </p>
        <h3 id={`${ids}-understood`} className="mt-2 text-sm font-semibold text-slate-900">
          Closest to what you typed:
        </h3>
        <blockquote className="mt-2 border-l-4 border-brand-700 pl-3 text-slate-900">{understood.words}</blockquote>
        <div className="mt-3 flex flex-wrap gap-2">
          <button
            ref={confirm}
            type="button"
            disabled={disabled}
            onClick={() => actor.send({ type: 'confirm', which: 'understood' })}
            className="rounded-md bg-brand-800 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
          >
            Yes, say that
          </button>
          <button
            type="button"
            onClick={() => actor.send({ type: 'rephrase' })}
            className="rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50"
          >
            Let me put it another way
          </button>
        </div>
        {alternative && (
          <div className="mt-4 border-t border-slate-200 pt-3">
            <p className="text-sm text-slate-700">Or did you mean:</p>
            <blockquote className="mt-1 border-l-4 border-slate-300 pl-3 text-slate-900">{alternative.words}</blockquote>
            <button
              type="button"
              disabled={disabled}
              onClick={() => actor.send({ type: 'confirm', which: 'alternative' })}
              className="mt-2 rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-50 disabled:opacity-60"
            >
              Say this one instead
            </button>
          </div>
        )}
      </section>
    );
  }

  return (
    <form
      className="mt-3"
      onSubmit={(event) => {
        event.preventDefault();
        actor.send({ type: 'submit' });
      }}
    >
      <label htmlFor={`${ids}-words`} className="block text-sm font-medium text-slate-900">
        What do you say?
      </label>
      <p id={`${ids}-hint`} className="text-sm text-slate-700">
        Type it in your own words, then press Enter (Shift+Enter for a new line).
      </p>
      <textarea
        ref={box}
        id={`${ids}-words`}
        value={view.text}
        rows={3}
        maxLength={OWN_WORDS_MAX_CHARS}
        disabled={disabled}
        readOnly={waiting}
        aria-describedby={`${ids}-hint${view.error ? ` ${ids}-error` : ''}`}
        onChange={(event) => actor.send({ type: 'change', text: event.target.value })}
        onKeyDown={onKeyDown}
        className="mt-1 block w-full rounded-md border border-slate-400 bg-white p-3 text-slate-900 shadow-sm focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700"
      />
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-700" aria-live="polite">
          {left <= SHOW_COUNT_FROM ? `${left} characters left` : ''}
        </p>
        <div className="flex flex-wrap gap-2">
          <VoiceInputButton disabled={disabled || waiting} onHeard={(words) => actor.send({ type: 'change', text: view.text.trim() ? `${view.text.trim()} ${words}` : words })} />
          <button
            type="submit"
            disabled={disabled || waiting || view.text.trim() === ''}
            className="rounded-md bg-brand-800 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
          >
            {waiting ? 'Reading your reply…' : 'Say it'}
          </button>
        </div>
      </div>
      {view.error && (
        <p id={`${ids}-error`} role="alert" className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {view.error}
        </p>
      )}
    </form>
  );
}
