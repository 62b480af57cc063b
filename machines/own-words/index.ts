/** Own-words replies (decision 033): typed replies matched offline to the authored ones. */
export type { MatchResult } from './matcher';
export { createScenarioMatcher, offeredEvents, typedReplySchema, type ScenarioMatcher } from './scenario-matcher';
export { decodeWordVectors, type WordVectors } from './word-vectors';
