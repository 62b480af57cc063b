import { assign, setup, type SnapshotFrom } from 'xstate';
import { clampMood } from './format';
import type { ScenarioDocument } from './document';

/** What the runtime adds to a scenario's context: flags set by `remember`. */
export interface ScenarioContext {
  mood: number;
  flags: Record<string, true>;
}

export interface ScenarioEvent {
  type: string;
}

/**
 * The format's actions and guards. `score` changes nothing in the machine: points are read from
 * the transition taken and totalled by the scoring module, so the machine's state stays small.
 */
export const scenarioSetup = setup({
  types: {} as { context: ScenarioContext; events: ScenarioEvent },
  actions: {
    score: () => {},
    mood: assign({ mood: ({ context }, params: { by: number }) => clampMood(context.mood + params.by) }),
    remember: assign({ flags: ({ context }, params: { flag: string }) => ({ ...context.flags, [params.flag]: true as const }) }),
  },
  guards: {
    moodAtLeast: ({ context }, params: { value: number }) => context.mood >= params.value,
    moodBelow: ({ context }, params: { value: number }) => context.mood < params.value,
    remembered: ({ context }, params: { flag: string }) => context.flags[params.flag] === true,
    notRemembered: ({ context }, params: { flag: string }) => context.flags[params.flag] !== true,
  },
});

function createScenarioMachine(doc: ScenarioDocument) {
  return scenarioSetup.createMachine({
    id: doc.id,
    initial: doc.initial,
    context: { mood: clampMood(doc.context?.mood ?? 0), flags: {} },
    // The file is an xstate config; its meta and actions are understood as they stand.
    states: doc.states as never,
  });
}

export type ScenarioMachine = ReturnType<typeof createScenarioMachine>;
export type ScenarioSnapshot = SnapshotFrom<ScenarioMachine>;

export interface CompiledScenario {
  doc: ScenarioDocument;
  machine: ScenarioMachine;
}

/**
 * Turns a document that passed the schema into a machine. Call only on checked documents:
 * the checker rejects what would make xstate throw or loop (bad targets, junction cycles).
 */
export function compileScenario(doc: ScenarioDocument): CompiledScenario {
  return { doc, machine: createScenarioMachine(doc) };
}
