'use client';

import { useEffect, useRef } from 'react';

/**
 * For a button that asks "are you sure?" in place: keyboard focus moves to the confirming button
 * when the question appears, and back to the button that asked when it is dismissed.
 */
export function useConfirmFocus(confirming: boolean) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (wasConfirming.current) startButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  return { confirmButton, startButton };
}
