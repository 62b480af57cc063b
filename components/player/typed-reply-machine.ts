import { assign, fromPromise, setup } from 'xstate';
import { OWN_WORDS_MAX_CHARS } from '@/lib/own-words-limits';
import type { OfferedReply, TypedReplyAnswer } from '@/server/training/typed-replies';

/**
 * A reply typed in the trainee's own words (decision 033), from typing to a reply confirmed: the
 * words are sent to be understood; the trainee confirms the reply understood (in coaching, or a
 * close runner-up) or puts it another way; words that match nothing are handed to the player,
 * which shows the customer asking what they mean. What the player does with a miss, a confirmed
 * reply or an attempt that moved on is given as actions with `.provide()`.
 */

export interface TypedReplyInput {
  attemptId: string;
  /** The decision the words answer. */
  seq: number;
}

export interface TypedReplyContext extends TypedReplyInput {
  text: string;
  /** What the server understood, to confirm; null until it has. */
  offer: { understood: OfferedReply; alternative: OfferedReply | null; typed: string } | null;
  /** Why the last try did not get an answer, to show beside the box. */
  error: string | null;
}

export type TypedReplyEvent = { type: 'change'; text: string } | { type: 'submit' } | { type: 'rephrase' } | { type: 'confirm'; which: 'understood' | 'alternative' };

export const NOT_SENT = 'Your words could not be sent. They are still in the box: try again.';
export const TOO_LONG = `That is more than ${OWN_WORDS_MAX_CHARS} characters: say it in fewer words.`;

/** Asks the server what the words mean at decision `seq`. A failure to get an answer rejects, and the trainee tries again. */
export async function understandTyped({ attemptId, seq, text }: TypedReplyInput & { text: string }): Promise<TypedReplyAnswer> {
  const response = await fetch(`/api/attempts/${attemptId}/typed-replies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seq, text }),
  });
  if (response.status === 409 || response.ok) {
    const answer = (await response.json()) as TypedReplyAnswer | { error?: unknown };
    if ('status' in answer) return answer;
  }
  throw new Error(`HTTP ${response.status}`);
}

export const typedReplyMachine = setup({
  types: {} as { context: TypedReplyContext; events: TypedReplyEvent; input: TypedReplyInput },
  actors: {
    understand: fromPromise<TypedReplyAnswer, TypedReplyInput & { text: string }>(({ input }) => understandTyped(input)),
  },
  actions: {
    /** The words matched no reply: the customer asks again (and, from the second miss, the replies are listed). */
    missed: (_, _params: { typed: string; answer: Extract<TypedReplyAnswer, { status: 'missed' }> }) => {},
    /** The trainee confirmed a reply: choose it, with their words. */
    confirmed: (_, _params: { reply: OfferedReply; typed: string }) => {},
    /** The attempt is no longer at this decision (another tab, or it ended): show the server's view. */
    outOfStep: () => {},
  },
  guards: {
    sayable: ({ context }) => context.text.trim().length > 0 && context.text.trim().length <= OWN_WORDS_MAX_CHARS,
  },
}).createMachine({
  id: 'typed-reply',
  context: ({ input }) => ({ ...input, text: '', offer: null, error: null }),
  initial: 'typing',
  states: {
    typing: {
      on: {
        change: { actions: assign({ text: ({ event }) => event.text, error: null }) },
        submit: [
          { guard: 'sayable', target: 'understanding' },
          { guard: ({ context }) => context.text.trim().length > OWN_WORDS_MAX_CHARS, actions: assign({ error: TOO_LONG }) },
        ],
      },
    },
    understanding: {
      invoke: {
        src: 'understand',
        input: ({ context }) => ({ attemptId: context.attemptId, seq: context.seq, text: context.text.trim() }),
        onDone: [
          {
            guard: ({ event }) => event.output.status === 'understood',
            target: 'understood',
            actions: assign({
              offer: ({ context, event }) => {
                const answer = event.output as Extract<TypedReplyAnswer, { status: 'understood' }>;
                return { understood: answer.understood, alternative: answer.alternative, typed: context.text.trim() };
              },
            }),
          },
          {
            guard: ({ event }) => event.output.status === 'missed',
            target: 'typing',
            actions: [
              {
                type: 'missed',
                params: ({ context, event }) => ({ typed: context.text.trim(), answer: event.output as Extract<TypedReplyAnswer, { status: 'missed' }> }),
              },
              assign({ text: '' }),
            ],
          },
          { target: 'outOfStep' },
        ],
        onError: { target: 'typing', actions: assign({ error: NOT_SENT }) },
      },
    },
    understood: {
      on: {
        rephrase: { target: 'typing', actions: assign({ offer: null }) },
        confirm: [
          {
            guard: ({ context, event }) => context.offer !== null && (event.which === 'understood' || context.offer.alternative !== null),
            target: 'confirmed',
            actions: {
              type: 'confirmed',
              params: ({ context, event }) => ({ reply: event.which === 'understood' ? context.offer!.understood : context.offer!.alternative!, typed: context.offer!.typed }),
            },
          },
        ],
      },
    },
    /** Chosen: the player moves to the next decision, which starts a new typed reply. */
    confirmed: { type: 'final' },
    outOfStep: { type: 'final', entry: 'outOfStep' },
  },
});
