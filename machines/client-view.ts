import { asList, isDecision, type DecisionTransition, type ScenarioDocument, type ScenarioState } from './document';

/**
 * The scenario as the trainee's browser gets it: everything needed to step the machine and show
 * the conversation, without points or feedback. Scores and feedback come from the server, so an
 * assessment cannot be read out of the page.
 */
export function clientScenario(doc: ScenarioDocument): ScenarioDocument {
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
  return { ...doc, states };
}

function stripTransition(transition: DecisionTransition): DecisionTransition {
  const actions = transition.actions?.filter((a) => a.type !== 'score');
  const { feedback: _feedback, ...meta } = (transition.meta ?? {}) as { feedback?: string; choice?: string };
  return {
    ...transition,
    ...(actions ? { actions } : {}),
    ...(transition.meta ? { meta: meta as DecisionTransition['meta'] } : {}),
  } as DecisionTransition;
}
