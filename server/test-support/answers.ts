import { shownReplies, TIMEOUT_EVENT, type CompiledScenario, type ScenarioSnapshot } from '@/machines';

/**
 * How a test answers a decision with a known choice key: by the key in a coaching scenario, by the
 * position the reply is shown at in an assessment (which refuses keys), TIMEOUT in both.
 */
export function answerFor(scenario: CompiledScenario, snapshot: ScenarioSnapshot, attemptId: string, event: string): { event: string } | { option: number } {
  if (scenario.doc.meta.feedback !== 'debrief' || event === TIMEOUT_EVENT) return { event };
  const position = shownReplies(scenario, snapshot, attemptId).findIndex((o) => o.event === event);
  if (position === -1) throw new Error(`"${event}" is not shown at ${String(snapshot.value)}`);
  return { option: position + 1 };
}
