import { asList, isDecision, type DecisionTransition, type ScenarioDocument, type ScenarioState } from './document';

/**
 * A coaching scenario as the trainee's browser gets it: everything needed to step the machine and
 * show the conversation, and nothing that judges a reply before it is chosen: no points, feedback,
 * critical errors or intents (the coach's note brings those from the server after each reply), nor
 * the other phrasings, which are for matching and trainers. An assessment's browser gets none of
 * the scenario at all (server/training/attempts.ts). `ownWords` says whether this attempt takes typed
 * replies, which a module may ask for where the scenario does not.
 */
export function clientScenario(doc: ScenarioDocument, { ownWords }: { ownWords: boolean }): ScenarioDocument {
  const states: Record<string, ScenarioState> = {};
  for (const [name, state] of Object.entries(doc.states)) {
    if (!isDecision(state)) {
      states[name] = state;
      continue;
    }
    const on: Record<string, DecisionTransition | DecisionTransition[]> = {};
    for (const [event, value] of Object.entries(state.on)) {
      const stripped = asList(value).map(stripTransition);
      on[event] = Array.isArray(value) ? stripped : stripped[0]!;
    }
    states[name] = { ...state, on };
  }
  const { ownWords: _asWritten, ...meta } = doc.meta;
  return { ...doc, meta: ownWords ? { ...meta, ownWords: true } : meta, states };
}

function stripTransition(transition: DecisionTransition): DecisionTransition {
  const actions = transition.actions?.filter((a) => a.type !== 'score');
  // Only the words the trainee says are kept.
  const { choice } = (transition.meta ?? {}) as { choice?: string };
  const meta = choice === undefined ? {} : { choice };
  return {
    ...transition,
    ...(actions ? { actions } : {}),
    ...(transition.meta ? { meta: meta as DecisionTransition['meta'] } : {}),
  } as DecisionTransition;
}
