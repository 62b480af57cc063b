import { useCallback, useLayoutEffect, useRef } from 'react';
import { fieldForPath } from './problem-paths';

/**
 * Puts the keyboard on the field that edits a JSON path, once it is shown: after a problem is
 * activated, the editor first switches to the tab, state or settings where it is. Where no field
 * edits the path, the form's heading takes focus. `shown` says whether the work area is rendered.
 */
export function useFocusOnField(shown: boolean) {
  const workArea = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<string | null>(null);

  useLayoutEffect(() => {
    const path = pendingFocus.current;
    if (!path || !shown || !workArea.current) return;
    pendingFocus.current = null;
    const field = fieldForPath(workArea.current, path) ?? workArea.current.querySelector<HTMLElement>('h2');
    if (field) {
      if (field.tagName === 'H2') field.tabIndex = -1;
      field.focus();
      field.scrollIntoView({ block: 'center' });
    }
  });

  /** Focus the field for `path` after the next render. */
  const focusLater = useCallback((path: string) => {
    pendingFocus.current = path;
  }, []);
  return { workArea, focusLater };
}
