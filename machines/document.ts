import type { z } from 'zod';
import type * as schema from './schema';

/**
 * The document's types and the helpers that read it, without zod: the player's bundle needs
 * these, and the schema only runs where files are checked.
 */
export type ChoiceTransition = z.infer<typeof schema.choiceTransitionSchema>;
export type TimeoutTransition = z.infer<typeof schema.timeoutTransitionSchema>;
export type ScenarioAction = z.infer<typeof schema.actionSchema>;
/** What a key of `on` holds: a choice, or TIMEOUT (no words), alone or as guarded alternatives. */
export type DecisionTransition = ChoiceTransition | TimeoutTransition;
export type DecisionState = Omit<z.infer<typeof schema.decisionStateSchema>, 'on'> & {
  on: Record<string, DecisionTransition | DecisionTransition[]>;
};
export type JunctionState = z.infer<typeof schema.junctionStateSchema>;
export type EndingState = z.infer<typeof schema.endingStateSchema>;
export type ScenarioState = DecisionState | JunctionState | EndingState;
export type ScenarioDocument = Omit<z.infer<typeof schema.scenarioSchema>, 'states'> & { states: Record<string, ScenarioState> };

export const isEnding = (s: ScenarioState): s is EndingState => 'type' in s && s.type === 'final';
export const isJunction = (s: ScenarioState): s is JunctionState => 'always' in s;
export const isDecision = (s: ScenarioState): s is DecisionState => 'on' in s;

/** A transition list in its list form, whichever form the file used. */
export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Say lines in list form. */
export const sayLines = (say: string | string[] | undefined): string[] => (say === undefined ? [] : asList(say));

/** The time limits (seconds) of a scenario's timed decisions; empty when nothing is timed. */
export const timeLimitsOf = (doc: ScenarioDocument): number[] =>
  Object.values(doc.states).flatMap((s) => (isDecision(s) && s.meta.timeLimitSeconds !== undefined ? [s.meta.timeLimitSeconds] : []));
