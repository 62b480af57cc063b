import 'server-only';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { shownReplies, snapshotAt } from '@/machines';
import { clarificationLine, MISSES_BEFORE_LIST } from '@/lib/own-words-clarifications';
import type { Database } from '../db';
import { typedReplies } from '../db/schema';
import { HttpError } from '../platform/errors';
import { isSealed, ownAttempt, positionOfAttempt, type SealedReply } from './attempts';
import { compiledVersion } from './library';
import { takesTypedReplies, understand } from './own-words';

/** A reply the trainee may confirm: by its key in coaching, by the position it is shown at in an assessment; and its words. */
export type OfferedReply = { event: string; words: string } | { option: number; words: string };

/** What became of a typed reply: understood (to confirm), not understood (the customer asks again), or out of step. */
export type TypedReplyAnswer =
  | { status: 'understood'; seq: number; confidence: number; understood: OfferedReply; alternative: OfferedReply | null }
  /** `replies`: in an assessment, the list once it is shown (from the second miss); coaching lists them from the scenario it holds. */
  | { status: 'missed'; seq: number; confidence: number; misses: number; clarification: string; replies: SealedReply[] | null }
  | { status: 'conflict'; reason: 'stale' | 'ahead' | 'finished'; message: string };

/** More typed replies than anyone types at one decision: the rest are refused, so the table cannot be flooded. */
export const MAX_TYPED_REPLIES_PER_DECISION = 30;

export interface TypedReplyRequest {
  attemptId: string;
  userId: string;
  seq: number;
  text: string;
  now?: Date;
}

/**
 * Understands a reply typed at the attempt's current decision (decision 033), records it, and
 * answers what the trainee may confirm. An assessment answers with the reply understood only,
 * never the list, until two typed replies at this decision have matched nothing.
 */
export async function understandTypedReply(db: Database, request: TypedReplyRequest): Promise<TypedReplyAnswer> {
  const attempt = await ownAttempt(db, request.attemptId, request.userId);
  const scenario = await compiledVersion(db, attempt.scenarioVersionId);
  if (!takesTypedReplies(attempt)) throw new HttpError(409, 'not-typed', 'This attempt takes replies chosen from the list, not typed ones.');
  if (attempt.status === 'completed') return { status: 'conflict', reason: 'finished', message: 'This attempt has already ended.' };
  if (request.seq < attempt.step) return { status: 'conflict', reason: 'stale', message: `Decision ${request.seq} was already answered; the attempt has moved on.` };
  if (request.seq > attempt.step) return { status: 'conflict', reason: 'ahead', message: `Expected decision ${attempt.step}, got ${request.seq}.` };

  const [typedSoFar] = await db
    .select({ all: count(), misses: sql<number>`count(*) filter (where ${isNull(typedReplies.understoodEvent)})`.mapWith(Number) })
    .from(typedReplies)
    .where(and(eq(typedReplies.attemptId, attempt.id), eq(typedReplies.seq, attempt.step)));
  if ((typedSoFar?.all ?? 0) >= MAX_TYPED_REPLIES_PER_DECISION) {
    throw new HttpError(429, 'too-many-typed-replies', `At most ${MAX_TYPED_REPLIES_PER_DECISION} typed replies at one decision; choose from the list.`);
  }

  const sealed = isSealed(scenario);
  const snapshot = snapshotAt(scenario, positionOfAttempt(attempt));
  const { result, offered } = understand(attempt.scenarioVersionId, scenario, snapshot, request.text, !sealed);
  await db.insert(typedReplies).values({
    attemptId: attempt.id,
    seq: attempt.step,
    stateName: attempt.stateName,
    text: request.text,
    understoodEvent: offered.understood,
    confidence: result.confidence,
    createdAt: request.now ?? new Date(),
  });

  const shown = shownReplies(scenario, snapshot, attempt.id);
  const offer = (event: string): OfferedReply => {
    const index = shown.findIndex((o) => o.event === event);
    const words = shown[index]?.text ?? '';
    return sealed ? { option: index + 1, words } : { event, words };
  };
  if (offered.understood !== null) {
    return {
      status: 'understood',
      seq: attempt.step,
      confidence: result.confidence,
      understood: offer(offered.understood),
      alternative: offered.alternative === null ? null : offer(offered.alternative),
    };
  }
  const misses = (typedSoFar?.misses ?? 0) + 1;
  return {
    status: 'missed',
    seq: attempt.step,
    confidence: result.confidence,
    misses,
    clarification: clarificationLine(scenario.doc.meta.channel, misses),
    replies: sealed && misses >= MISSES_BEFORE_LIST ? shown.map((o, i) => ({ option: i + 1, text: o.text ?? '' })) : null,
  };
}
