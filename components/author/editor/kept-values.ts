import { startTransition, useEffect, useRef, useState } from 'react';

/** `value` once it has stayed the same for `delayMs` (the first value at once), rendered as a non-urgent update. */
export function useSettledValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => startTransition(() => setSettled(value)), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** `value`, or the value returned before while `same` holds between them. */
export function useSameWhileEqual<T>(value: T, same: (a: T, b: T) => boolean): T {
  const kept = useRef(value);
  if (kept.current !== value && !same(kept.current, value)) kept.current = value;
  return kept.current;
}
