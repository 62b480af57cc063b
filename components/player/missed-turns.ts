import type { ConversationEntry } from './Conversation';

/** A typed reply that matched no reply at decision `seq`, and what the customer said to it. */
export interface MissedTurn {
  seq: number;
  typed: string;
  clarification: string;
}

/** The conversation turns of the misses at one decision, in the order they happened. */
export function missedEntries(missed: readonly MissedTurn[], seq: number): ConversationEntry[] {
  return missed
    .filter((turn) => turn.seq === seq)
    .flatMap((turn, i): ConversationEntry[] => [
      { kind: 'trainee', key: `missed-${seq}-${i}`, words: null, typed: turn.typed, unclear: true, saving: false, feedback: null },
      { kind: 'customer', key: `clarify-${seq}-${i}`, narration: null, say: [turn.clarification] },
    ]);
}
