'use client';

import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { useActorRef, useSelector } from '@xstate/react';
import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import { warn } from '@/components/ui/use-leave-warning';
import type { DeliveryInput, DeliveryMachine } from './delivery-machine';

/** A reply is on its way or waiting to be sent again. */
export const isSaving = (snapshot: SnapshotFrom<DeliveryMachine>) => snapshot.context.queue.length > 0;

/**
 * Runs the delivery machine for a player (`logic`: the machine with the player's actions provided):
 * the actor to send replies to, and what the player shows of it.
 */
export function useDelivery(logic: DeliveryMachine, input: DeliveryInput, needsResync: string | null) {
  const delivery = useActorRef(logic, { input });
  const retry = useSelector(delivery, (snapshot) => snapshot.context.retry);
  const outOfStep = useSelector(delivery, (snapshot) => snapshot.matches('resyncing'));
  // The player's view and the server's disagree: the machine fetches the server's.
  useEffect(() => {
    if (needsResync) delivery.send({ type: 'resync', notice: needsResync });
  }, [needsResync, delivery]);
  useLeaveWarningWhileSaving(delivery);
  return { delivery, retry, outOfStep };
}

/**
 * Warns before leaving while a reply is still on its way. It follows the machine directly rather
 * than through a render: a reply sent and answered re-renders the player only for what it shows.
 */
function useLeaveWarningWhileSaving(delivery: ActorRefFrom<DeliveryMachine>): void {
  useEffect(() => {
    let warning = false;
    const subscription = delivery.subscribe((snapshot) => {
      const saving = isSaving(snapshot);
      if (saving === warning) return;
      warning = saving;
      if (saving) window.addEventListener('beforeunload', warn);
      else window.removeEventListener('beforeunload', warn);
    });
    return () => {
      subscription.unsubscribe();
      window.removeEventListener('beforeunload', warn);
    };
  }, [delivery]);
}

/**
 * Keyboard focus on the replies: when the player opens, so the first reply is one key away, and
 * after each answer, so it stays there (and a key pressed twice answers one decision, not two).
 */
export function useFocusOnReplies(replies: RefObject<HTMLElement | null>, step: number): void {
  const previousStep = useRef(step);
  useEffect(() => {
    // Unless something in it has taken focus already (the box for a typed reply).
    if (!replies.current?.contains(document.activeElement)) replies.current?.focus({ preventScroll: true });
    // Only when the player opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Before the browser handles another event: the buttons are reused for the next decision's replies,
  // so a second Enter still aimed at the button just pressed must find focus already moved off it.
  useLayoutEffect(() => {
    if (step !== previousStep.current) {
      previousStep.current = step;
      replies.current?.focus();
    }
  }, [step, replies]);
}

/**
 * Where trainees type their replies: when the box gives way to the list (after two replies that
 * were not understood), focus moves to the list, so the number keys and Tab work from there.
 */
export function useFocusOnListShown(replies: RefObject<HTMLElement | null>, typing: boolean): void {
  const wasTyping = useRef(typing);
  useEffect(() => {
    if (wasTyping.current && !typing) replies.current?.focus();
    wasTyping.current = typing;
  }, [typing, replies]);
}
