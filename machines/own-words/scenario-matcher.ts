import { z } from 'zod';
import { OWN_WORDS_MAX_CHARS } from '@/lib/own-words-limits';
import { isDecision, type ScenarioDocument } from '../document';
import { TIMEOUT_EVENT } from '../format';
import { buildCorpus, createStateMatcher, DEFAULT_TUNING, type MatcherTuning, type MatchResult, type ReplyToMatch, type StateMatcher } from './matcher';
import type { WordVectors } from './word-vectors';

/** A typed reply as the matcher takes it: text, not empty once trimmed, at most OWN_WORDS_MAX_CHARS. */
export const typedReplySchema = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, { error: 'is empty: type what you would say' })
  .max(OWN_WORDS_MAX_CHARS, { error: `is longer than ${OWN_WORDS_MAX_CHARS} characters` });

/** The authored replies of a decision, as the matcher knows them; null when the state is not a decision. */
export function repliesToMatch(doc: ScenarioDocument, stateName: string): ReplyToMatch[] | null {
  const state = doc.states[stateName];
  if (!state || !isDecision(state)) return null;
  return Object.entries(state.on).flatMap(([event, value]) => {
    if (event === TIMEOUT_EVENT) return [];
    // Guarded alternatives of one choice share its words: the first carries them.
    const first = Array.isArray(value) ? value[0] : value;
    const meta = first?.meta as { choice?: string; intent?: string; examples?: string[] } | undefined;
    return meta?.choice ? [{ event, text: meta.choice, intent: meta.intent, examples: meta.examples }] : [];
  });
}

/** Matching for one scenario: its corpus learnt once, each decision's replies read on first use. */
export interface ScenarioMatcher {
  /**
   * The reply of `state` that `text` means. `open` limits the candidates to the replies open at
   * that moment (a guard may hide some); null when the state is not a decision.
   */
  match(state: string, text: string, open?: readonly string[]): MatchResult | null;
}

export function createScenarioMatcher(doc: ScenarioDocument, vectors: WordVectors | null, tuning: MatcherTuning = DEFAULT_TUNING): ScenarioMatcher {
  const decisions = new Map<string, ReplyToMatch[]>();
  for (const name of Object.keys(doc.states)) {
    const replies = repliesToMatch(doc, name);
    if (replies?.length) decisions.set(name, replies);
  }
  const texts = [...decisions.values()].flat().flatMap((r) => [r.text, ...(r.intent ? [r.intent] : []), ...(r.examples ?? [])]);
  const corpus = buildCorpus(texts, vectors);
  const matchers = new Map<string, StateMatcher>();
  return {
    match(state, text, open) {
      const replies = decisions.get(state);
      if (!replies) return null;
      const candidates = open ? replies.filter((r) => open.includes(r.event)) : replies;
      const key = `${state}\n${candidates.map((r) => r.event).join('\n')}`;
      let matcher = matchers.get(key);
      if (!matcher) {
        matcher = createStateMatcher(candidates, corpus, tuning);
        matchers.set(key, matcher);
      }
      return matcher.match(text);
    },
  };
}

/** A runner-up at least this close is offered beside the match in coaching ("or did you mean …?"). */
export const RUNNER_UP_MIN_SCORE = 0.25;

/**
 * The replies a match lets the trainee confirm: the reply understood and, in coaching, a close
 * runner-up. An assessment offers only the reply understood. None when nothing was understood.
 */
export function offeredEvents(result: MatchResult, coaching: boolean): { understood: string | null; alternative: string | null } {
  if (result.match === null) return { understood: null, alternative: null };
  const runnerUp = result.candidates.find((c) => c.event !== result.match);
  return { understood: result.match, alternative: coaching && runnerUp && runnerUp.score >= RUNNER_UP_MIN_SCORE ? runnerUp.event : null };
}
