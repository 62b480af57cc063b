import { isDecision, isEnding, sayLines, type ScenarioDocument } from '@/machines/document';
import { Conversation, type ConversationEntry } from './Conversation';
import { missedEntries, type MissedTurn } from './missed-turns';
import type { ShownStep } from './player-state';
import type { TranscriptStep } from '@/server/training/attempts';

/** What a state shows: a decision's narration and lines, an ending's last words. */
function customerEntry(scenario: ScenarioDocument, stateName: string, key: string): ConversationEntry {
  const state = scenario.states[stateName];
  const narration = state && isDecision(state) ? (state.meta.narration ?? null) : null;
  const say = state && (isDecision(state) || isEnding(state)) ? sayLines(state.meta.say) : [];
  return { kind: 'customer', key, narration, say };
}

/** The trainee's words for a step: the same in every alternative of a choice. */
function wordsOf(scenario: ScenarioDocument, step: TranscriptStep): string | null {
  const state = scenario.states[step.fromState];
  if (step.timedOut || !state || !isDecision(state)) return null;
  const value = state.on[step.event];
  const first = Array.isArray(value) ? value[0] : value;
  const meta = first?.meta as { choice?: string } | undefined;
  return meta?.choice ?? null;
}

/**
 * A coaching conversation, told from the scenario the browser steps and the steps taken; with the
 * typed replies that were not understood (`missed`) where trainees type their replies.
 */
export function Transcript({
  scenario,
  steps,
  initialState,
  missed = [],
  retried = [],
  currentStep,
  readAloud = false,
}: {
  scenario: ScenarioDocument;
  steps: ShownStep[];
  /** Replies taken back (coaching): each shown before the answer that replaced it. */
  retried?: readonly TranscriptStep[];
  initialState: string;
  missed?: readonly MissedTurn[];
  currentStep?: number;
  readAloud?: boolean;
}) {
  const takenBack = (seq: number): ConversationEntry[] =>
    retried
      .filter((r) => r.seq === seq)
      .map((r) => ({ kind: 'trainee', key: `retried-${r.seq}`, words: wordsOf(scenario, r), typed: r.typed, saving: false, feedback: r.feedback, retried: true }));
  const entries: ConversationEntry[] = [customerEntry(scenario, initialState, 'opening')];
  for (const step of steps) {
    entries.push(...missedEntries(missed, step.seq));
    entries.push(...takenBack(step.seq));
    entries.push({ kind: 'trainee', key: `you-${step.seq}`, words: wordsOf(scenario, step), typed: step.typed, saving: !step.confirmed, feedback: step.feedback });
    entries.push(customerEntry(scenario, step.toState, `customer-${step.seq}`));
  }
  if (currentStep !== undefined) {
    // A reply just taken back shows while its decision is answered again.
    if (!steps.some((s) => s.seq === currentStep)) entries.push(...takenBack(currentStep));
    entries.push(...missedEntries(missed, currentStep));
  }
  return <Conversation name={scenario.meta.persona.name} channel={scenario.meta.channel} entries={entries} readAloud={readAloud} />;
}
