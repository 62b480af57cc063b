'use client';

import { useEffect } from 'react';

/** While `unsaved` is true, leaving or reloading the page asks first. */
/** Asks before the page is left or reloaded. */
export function warn(event: BeforeUnloadEvent): void {
  event.preventDefault();
  // Older browsers show the prompt only when a value is returned.
  event.returnValue = '';
}

export function useLeaveWarning(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved) return;
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);
}
