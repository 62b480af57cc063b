import { startTransition, useEffect, useState } from 'react';

/** `value` once it has stayed the same for `delayMs` (the first value at once), rendered as a non-urgent update. */
export function useSettledValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => startTransition(() => setSettled(value)), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * `value`, or the value returned before while `same` holds between them. A new value is kept by
 * setting state while rendering (React renders again at once, before the children), so what is
 * kept is never a ref read during render.
 */
export function useSameWhileEqual<T>(value: T, same: (a: T, b: T) => boolean): T {
  const [kept, setKept] = useState(value);
  if (kept === value || same(kept, value)) return kept;
  setKept(value);
  return value;
}
