import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { and, count, eq, isNull } from 'drizzle-orm';
import { openOptions, visibleChoices, type CompiledScenario, type ScenarioDocument, type ScenarioSnapshot } from '@/machines';
import { createScenarioMatcher, decodeWordVectors, offeredEvents, type ScenarioMatcher, type WordVectors } from '@/machines/own-words';
import type { Database } from '../db';
import { typedReplies, type Attempt } from '../db/schema';

/** Where the committed word-vector table is: read at run time from the project, not bundled. */
const WORD_VECTORS_FILE = path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'machines', 'own-words', 'word-vectors.bin');

/** The word-vector table, read once per process (about 2 MB). */
export function wordVectors(): WordVectors {
  const cache = globalThis as { __frontlineWordVectors?: WordVectors };
  cache.__frontlineWordVectors ??= decodeWordVectors(new Uint8Array(readFileSync(WORD_VECTORS_FILE)));
  return cache.__frontlineWordVectors;
}

/** How many scenario versions keep their matcher in memory; the least recently used goes first. */
const KEPT_MATCHERS = 64;
const matchers = new Map<string, ScenarioMatcher>();

/** The matcher of a scenario version (a version never changes, so its matcher is kept). */
function matcherForVersion(versionId: string, doc: ScenarioDocument): ScenarioMatcher {
  let matcher = matchers.get(versionId);
  if (matcher) matchers.delete(versionId);
  else matcher = createScenarioMatcher(doc, wordVectors());
  matchers.set(versionId, matcher);
  if (matchers.size > KEPT_MATCHERS) matchers.delete(matchers.keys().next().value!);
  return matcher;
}

/** Whether the trainee types their replies in this attempt (fixed when it starts: see `startAttempt`). */
export const takesTypedReplies = (attempt: Pick<Attempt, 'ownWords'>) => attempt.ownWords;

/**
 * What a typed reply means at a decision: the match among the replies open there, and what the
 * trainee may confirm (in coaching, a close runner-up too).
 */
export function understand(versionId: string, scenario: CompiledScenario, snapshot: ScenarioSnapshot, text: string, coaching: boolean) {
  const open = visibleChoices(openOptions(scenario, snapshot)).map((o) => o.event);
  const result = matcherForVersion(versionId, scenario.doc).match(String(snapshot.value), text, open);
  if (!result) throw new Error(`"${String(snapshot.value)}" is not a decision`);
  return { result, offered: offeredEvents(result, coaching) };
}

/** Typed replies at a decision that matched nothing: from the second, the replies are listed. */
export async function typedMissesAt(db: Database, attemptId: string, seq: number): Promise<number> {
  const [row] = await db
    .select({ misses: count() })
    .from(typedReplies)
    .where(and(eq(typedReplies.attemptId, attemptId), eq(typedReplies.seq, seq), isNull(typedReplies.understoodEvent)));
  return row?.misses ?? 0;
}
