'use client';

import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { MAX_RETRY_DELAY_MS, sleep } from './delivery';

/** Fetches the server's view again and again, with growing pauses, until it comes (or `cancelled()` says to stop). */
export async function fetchUntilAnswered<View>(fetchView: () => Promise<View>, cancelled: () => boolean = () => false): Promise<View | null> {
  for (let delay = 1000; !cancelled(); delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
    try {
      return await fetchView();
    } catch {
      await sleep(delay);
    }
  }
  return null;
}

/** When the player is out of step with the server (`notice` set), takes the server's view and shows the notice. */
export function useResync<View>(notice: string | null, fetchView: () => Promise<View>, apply: (view: View, notice: string) => void): void {
  const applyRef = useRef(apply);
  applyRef.current = apply;
  useEffect(() => {
    if (!notice) return;
    let cancelled = false;
    void fetchUntilAnswered(fetchView, () => cancelled).then((view) => {
      if (view !== null && !cancelled) applyRef.current(view, notice);
    });
    return () => {
      cancelled = true;
    };
  }, [notice, fetchView]);
}

/**
 * Keyboard focus on the replies: when the player opens, so the first reply is one key away, and
 * after each answer, so it stays there (and a key pressed twice answers one decision, not two).
 */
export function useFocusOnReplies(replies: RefObject<HTMLElement | null>, step: number): void {
  const previousStep = useRef(step);
  useEffect(() => {
    replies.current?.focus({ preventScroll: true });
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
