'use client';

import { createContext, useContext } from 'react';
import { parsePath } from './problem-paths';

/** What the checker found, as the form's fields show it beside them, and where the editor is going. */
export interface FieldProblems {
  /** Each field's error messages, by the field's `data-path` (see errorsByField). */
  errors: ReadonlyMap<string, readonly string[]>;
  /** The path a problem in the panel was activated for: a closed reply holding it opens. A new object each time. */
  goingTo: { path: string } | null;
}

const NONE: readonly string[] = [];

export const FieldProblemsContext = createContext<FieldProblems>({ errors: new Map(), goingTo: null });

/** The checker's error messages for the field that edits `path`. */
export function useFieldErrors(path: string | undefined): readonly string[] {
  const { errors } = useContext(FieldProblemsContext);
  return (path !== undefined && errors.get(path)) || NONE;
}

/** How many fields under a path (a reply, say) the checker found errors in. */
export function useErrorsUnder(prefix: string): number {
  const { errors } = useContext(FieldProblemsContext);
  let count = 0;
  for (const [path, messages] of errors) if (path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)) count += messages.length;
  return count;
}

/** The path being gone to, when it lies in the given reply of the given step. */
export function useGoingToReply(state: string, choice: string): { path: string } | null {
  const { goingTo } = useContext(FieldProblemsContext);
  if (!goingTo) return null;
  const segments = parsePath(goingTo.path);
  return segments[0] === 'states' && segments[1] === state && segments[2] === 'on' && segments[3] === choice ? goingTo : null;
}
