'use client';

import { useSyncExternalStore } from 'react';

/** Nothing to subscribe to: the value is read once the page is live and does not change while it is open. */
const subscribeToNothing = () => () => {};

/**
 * A value only the browser knows (its time zone, a time in that zone), and `serverValue` while the
 * server renders the page and during hydration, so both render the same; React then renders again
 * with the browser's value. `read` must return the same value each time it is called (a string, a
 * number, a boolean).
 */
export function useBrowserValue<T>(read: () => T, serverValue: T): T {
  return useSyncExternalStore(subscribeToNothing, read, () => serverValue);
}

/** Whether the page is live in the browser: false on the server and while hydrating. */
export function useIsLive(): boolean {
  return useBrowserValue(() => true, false);
}
