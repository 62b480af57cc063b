import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  clientScenario,
  hasPassed,
  initialSnapshot,
  isFinished,
  openOptions,
  outcomeOf,
  positionOf,
  scoreAttempt,
  snapshotAt,
  step,
  timeLimitOf,
  TIMEOUT_EVENT,
  visibleChoices,
  type CompiledScenario,
  type Outcome,
  type Position,
  type ScenarioDocument,
} from '@/machines';
import { EARLY_TIMEOUT_TOLERANCE_MS, LATENCY_ALLOWANCE_MS, timeLimitMs } from '@/machines/timing';
import { addPrincipleTotals, recordProgress, refreshAssignmentProgress } from './assignments';
import { hasRole, ROLES_THAT } from './auth/roles';
import type { Database } from './db';
import { attemptEvents, attempts, type Attempt, type AttemptEvent, type TimeMode, type User } from './db/schema';
import { RecordNotFoundError } from './errors';
import { compiledVersion, newestVersion } from './scenario-library';

export { EARLY_TIMEOUT_TOLERANCE_MS, LATENCY_ALLOWANCE_MS } from '@/machines/timing';

export class AttemptNotFoundError extends RecordNotFoundError {
  constructor() {
    super('attempt');
  }
}
export class ScenarioNotFoundError extends Error {
  constructor(id: string) {
    super(`No playable scenario "${id}".`);
  }
}

/** Where an attempt stands, as the player needs it to continue or resynchronise. */
export interface AttemptState {
  attemptId: string;
  /** The sequence number the next choice must carry. */
  step: number;
  position: Position;
  finished: boolean;
  timeMode: TimeMode;
  /** When the current decision's time runs out (server clock), or null. */
  deadlineAt: string | null;
  serverNow: string;
}

export interface ChoiceFeedback {
  text: string | null;
  earned: Record<string, number>;
}

/** One decision as the player shows it. Feedback only in coaching mode. */
export interface TranscriptStep {
  seq: number;
  fromState: string;
  event: string;
  requestedEvent: string;
  toState: string;
  timedOut: boolean;
  feedback: ChoiceFeedback | null;
}

export interface AttemptResult {
  outcome: Outcome;
  passed: boolean;
  overallPercent: number;
}

export type ChoiceReply =
  | { status: 'applied' | 'duplicate'; step: TranscriptStep; state: AttemptState; result: AttemptResult | null }
  | {
      status: 'conflict';
      reason: 'stale' | 'ahead' | 'finished' | 'not-open' | 'too-early' | 'no-time-limit';
      message: string;
      state: AttemptState;
      open?: string[];
      remainingMs?: number;
    };

const positionOfAttempt = (a: Attempt): Position => ({ state: a.stateName, mood: a.mood, flags: a.flags });

function stateOf(attempt: Attempt, scenario: CompiledScenario, now: Date): AttemptState {
  const snapshot = snapshotAt(scenario, positionOfAttempt(attempt));
  const finished = attempt.status === 'completed';
  const limit = finished ? null : timeLimitMs(timeLimitOf(scenario, snapshot), attempt.timeMode);
  return {
    attemptId: attempt.id,
    step: attempt.step,
    position: positionOfAttempt(attempt),
    finished,
    timeMode: attempt.timeMode,
    deadlineAt: limit === null ? null : new Date(attempt.stateEnteredAt.getTime() + limit).toISOString(),
    serverNow: now.toISOString(),
  };
}

/**
 * A recorded decision as the player shows it. The feedback of a step just taken is passed in;
 * for older steps it is looked up again at the position they were taken in.
 */
function transcriptStep(event: AttemptEvent, scenario: CompiledScenario, withFeedback: boolean, takenFeedback?: string | null): TranscriptStep {
  let feedback: ChoiceFeedback | null = null;
  if (withFeedback) {
    const text =
      takenFeedback !== undefined
        ? takenFeedback
        : (openOptions(scenario, snapshotAt(scenario, { state: event.fromState, mood: event.mood, flags: event.flags })).find(
            (o) => o.event === event.event,
          )?.feedback ?? null);
    feedback = { text, earned: event.earned };
  }
  return {
    seq: event.seq,
    fromState: event.fromState,
    event: event.event,
    requestedEvent: event.requestedEvent,
    toState: event.toState,
    timedOut: event.event === TIMEOUT_EVENT,
    feedback,
  };
}

/** Coaching shows feedback after each reply; an assessment keeps all of it for the debrief. */
const showsFeedback = (scenario: CompiledScenario) => scenario.doc.meta.feedback === 'immediate';

export const resultOf = (a: Attempt): AttemptResult | null =>
  a.status === 'completed' && a.outcome && a.passed !== null && a.overallPercent !== null
    ? { outcome: a.outcome, passed: a.passed, overallPercent: a.overallPercent }
    : null;

/** Starts an attempt on the newest version of a scenario. */
export async function startAttempt(db: Database, userId: string, scenarioId: string, timeMode: TimeMode, now = new Date()): Promise<string> {
  const version = await newestVersion(db, scenarioId);
  if (!version) throw new ScenarioNotFoundError(scenarioId);
  const scenario = await compiledVersion(db, version.id);
  const position = positionOf(initialSnapshot(scenario));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(attempts)
      .values({
        userId,
        scenarioVersionId: version.id,
        timeMode,
        stateName: position.state,
        mood: position.mood,
        flags: position.flags,
        stateEnteredAt: now,
        startedAt: now,
      })
      .returning({ id: attempts.id });
    // Starting one of a module's scenarios puts the module in progress.
    await refreshAssignmentProgress(tx, { userId });
    return row!.id;
  });
}

/** The user's own attempt; another user's, or a malformed id, is not found. */
export async function ownAttempt(db: Database, attemptId: string, userId: string, forUpdate = false): Promise<Attempt> {
  if (!UUID.test(attemptId)) throw new AttemptNotFoundError();
  const query = db.select().from(attempts).where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
  const [attempt] = forUpdate ? await query.for('update') : await query;
  if (!attempt) throw new AttemptNotFoundError();
  return attempt;
}

/**
 * An attempt for reading: its owner's, or anyone's for the roles that see results. To anyone else
 * it does not exist.
 */
export async function readableAttempt(db: Database, attemptId: string, reader: Pick<User, 'id' | 'role'>): Promise<Attempt> {
  if (!UUID.test(attemptId)) throw new AttemptNotFoundError();
  const [attempt] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  if (!attempt || (attempt.userId !== reader.id && !hasRole(reader, ROLES_THAT.seeResults))) throw new AttemptNotFoundError();
  return attempt;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AttemptView {
  attempt: Attempt;
  /** The pinned version without points or feedback, for the browser to step. */
  scenario: ScenarioDocument;
  version: number;
  state: AttemptState;
  transcript: TranscriptStep[];
  result: AttemptResult | null;
}

/** Everything the player needs to show an attempt where it stands. Another user's attempt is not found. */
export async function attemptView(db: Database, attemptId: string, userId: string, now = new Date()): Promise<AttemptView> {
  const attempt = await ownAttempt(db, attemptId, userId);
  const scenario = await compiledVersion(db, attempt.scenarioVersionId);
  const events = await db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, attempt.id)).orderBy(asc(attemptEvents.seq));
  const withFeedback = showsFeedback(scenario);
  return {
    attempt,
    scenario: clientScenario(scenario.doc),
    version: scenario.version,
    state: stateOf(attempt, scenario, now),
    transcript: events.map((e) => transcriptStep(e, scenario, withFeedback)),
    result: resultOf(attempt),
  };
}

export interface ChoiceRequest {
  attemptId: string;
  userId: string;
  /** The attempt's step the choice was made at; a retry carries the same number. */
  seq: number;
  event: string;
  now?: Date;
  /** The attempt as the caller has just read it (the route reads it to check ownership), to save reading it again. */
  seen?: Attempt;
}

/**
 * Applies one choice, the server being the authority: it replays the choice on the pinned version
 * from the stored position, applies a retried choice once, enforces time limits by its own clock,
 * and scores the attempt when it ends.
 */
export async function submitChoice(db: Database, request: ChoiceRequest): Promise<ChoiceReply> {
  const now = request.now ?? new Date();
  const seen = request.seen ?? (await ownAttempt(db, request.attemptId, request.userId));
  return (await stepInOneStatement(db, seen, request, now)) ?? (await submitChoiceLocked(db, request, now));
}

/** What a choice does at the attempt's stored position, by the server's clock: the event applied, or why not. */
function decideChoice(attempt: Attempt, scenario: CompiledScenario, request: ChoiceRequest, now: Date) {
  const snapshot = snapshotAt(scenario, positionOfAttempt(attempt));
  const limit = timeLimitMs(timeLimitOf(scenario, snapshot), attempt.timeMode);
  const elapsed = now.getTime() - attempt.stateEnteredAt.getTime();
  let event = request.event;
  if (event === TIMEOUT_EVENT) {
    if (limit === null) return { refused: 'no-time-limit' as const, message: 'This decision has no time limit.' };
    if (elapsed < limit - EARLY_TIMEOUT_TOLERANCE_MS) return { refused: 'too-early' as const, message: 'Time has not run out yet.', remainingMs: limit - elapsed };
  } else if (limit !== null && elapsed > limit + LATENCY_ALLOWANCE_MS) {
    event = TIMEOUT_EVENT;
  }
  const outcome = step(scenario, snapshot, event);
  if (!outcome.ok) return { refused: 'not-open' as const, message: `"${request.event}" is not open in "${attempt.stateName}".`, open: visibleChoices(openOptions(scenario, snapshot)).map((o) => o.event) };
  const next = positionOf(outcome.next);
  /** The decision as it is stored. */
  const record: AttemptEvent = {
    attemptId: attempt.id,
    seq: request.seq,
    event,
    requestedEvent: request.event,
    fromState: attempt.stateName,
    mood: attempt.mood,
    flags: attempt.flags,
    toState: next.state,
    earned: outcome.decision.earned,
    best: outcome.decision.best,
    elapsedMs: Math.max(0, Math.round(elapsed)),
    createdAt: now,
  };
  return { refused: null, outcome, next, record };
}

/**
 * The common case, a choice that neither ends the attempt nor is refused, as one statement: the
 * attempt moves on only if it still stands exactly as it was read (step, clock, time mode), and
 * the event is inserted in the same statement. One round trip and no lock held across the
 * server's other work: with the embedded database every transaction waits for the one before it,
 * and a transaction of five round trips made choices queue behind each other under load. Null
 * when it does not apply or the attempt moved meanwhile: the locked path then answers.
 */
async function stepInOneStatement(db: Database, attempt: Attempt, request: ChoiceRequest, now: Date): Promise<ChoiceReply | null> {
  if (attempt.status !== 'in-progress' || request.seq !== attempt.step || attempt.userId !== request.userId) return null;
  const scenario = await compiledVersion(db, attempt.scenarioVersionId);
  const decision = decideChoice(attempt, scenario, request, now);
  if (decision.refused !== null || isFinished(decision.outcome.next)) return null;
  const { outcome, next, record } = decision;
  const json = (value: unknown) => JSON.stringify(value);
  const result = await db.execute(sql`
    WITH moved AS (
      UPDATE ${attempts}
      SET state_name = ${next.state}, mood = ${next.mood}, flags = ${json(next.flags)}::jsonb, step = step + 1, state_entered_at = ${now.toISOString()}::timestamptz
      WHERE id = ${attempt.id} AND user_id = ${attempt.userId} AND status = 'in-progress' AND step = ${request.seq}
        AND time_mode = ${attempt.timeMode} AND date_trunc('milliseconds', state_entered_at) = ${attempt.stateEnteredAt.toISOString()}::timestamptz
      RETURNING id
    )
    INSERT INTO ${attemptEvents} (attempt_id, seq, event, requested_event, from_state, mood, flags, to_state, earned, best, elapsed_ms, created_at)
    SELECT id, ${record.seq}, ${record.event}, ${record.requestedEvent}, ${record.fromState}, ${record.mood}, ${json(record.flags)}::jsonb, ${record.toState},
      ${json(record.earned)}::jsonb, ${json(record.best)}::jsonb, ${record.elapsedMs}, ${record.createdAt.toISOString()}::timestamptz
    FROM moved
    RETURNING seq`);
  if (!(result as unknown as { rows: unknown[] }).rows.length) return null;
  const updated: Attempt = { ...attempt, stateName: next.state, mood: next.mood, flags: next.flags, step: attempt.step + 1, stateEnteredAt: now };
  return {
    status: 'applied',
    step: transcriptStep(record, scenario, showsFeedback(scenario), outcome.option.feedback),
    state: stateOf(updated, scenario, now),
    result: null,
  };
}

/** Every other case, under a lock on the attempt: retries, refusals, time limits, and the choice that ends it and scores it. */
async function submitChoiceLocked(db: Database, request: ChoiceRequest, now: Date): Promise<ChoiceReply> {
  return db.transaction(async (tx) => {
    const attempt = await ownAttempt(tx, request.attemptId, request.userId, true);
    const scenario = await compiledVersion(tx, attempt.scenarioVersionId);
    const conflict = (reason: Extract<ChoiceReply, { status: 'conflict' }>['reason'], message: string, extra: object = {}): ChoiceReply => ({
      status: 'conflict',
      reason,
      message,
      state: stateOf(attempt, scenario, now),
      ...extra,
    });

    if (request.seq < attempt.step) {
      const [earlier] = await tx
        .select()
        .from(attemptEvents)
        .where(and(eq(attemptEvents.attemptId, attempt.id), eq(attemptEvents.seq, request.seq)));
      if (earlier && earlier.requestedEvent === request.event) {
        return {
          status: 'duplicate',
          step: transcriptStep(earlier, scenario, showsFeedback(scenario)),
          state: stateOf(attempt, scenario, now),
          result: resultOf(attempt),
        };
      }
      return conflict('stale', `Choice ${request.seq} was already made differently; the attempt has moved on.`);
    }
    if (request.seq > attempt.step) return conflict('ahead', `Expected choice ${attempt.step}, got ${request.seq}.`);
    if (attempt.status === 'completed') return conflict('finished', 'This attempt has already ended.');

    const decision = decideChoice(attempt, scenario, request, now);
    if (decision.refused === 'not-open') return conflict('not-open', decision.message, { open: decision.open });
    if (decision.refused === 'too-early') return conflict('too-early', decision.message, { remainingMs: decision.remainingMs });
    if (decision.refused !== null) return conflict(decision.refused, decision.message);
    const { outcome, next, record } = decision;
    const [inserted] = await tx.insert(attemptEvents).values(record).returning();

    const update: Partial<Attempt> = {
      stateName: next.state,
      mood: next.mood,
      flags: next.flags,
      step: attempt.step + 1,
      stateEnteredAt: now,
    };
    if (isFinished(outcome.next)) {
      const decisions = await tx
        .select({ earned: attemptEvents.earned, best: attemptEvents.best })
        .from(attemptEvents)
        .where(eq(attemptEvents.attemptId, attempt.id));
      const score = scoreAttempt(decisions);
      const ending = outcomeOf(scenario, outcome.next)!;
      Object.assign(update, {
        status: 'completed',
        completedAt: now,
        outcome: ending,
        passed: hasPassed(score.overallPercent, scenario.doc.meta.passPercent, ending),
        overallPercent: score.overallPercent,
        principleScores: score.principles,
      } satisfies Partial<Attempt>);
    }
    const [updated] = await tx.update(attempts).set(update).where(eq(attempts.id, attempt.id)).returning();
    if (updated!.status === 'completed') {
      // A finished attempt may complete one of the person's modules, and moves their reports: all in this transaction.
      if (updated!.passed) await recordProgress(tx, attempt.userId, now);
      await refreshAssignmentProgress(tx, { userId: attempt.userId });
      await addPrincipleTotals(tx, attempt.userId, updated!.principleScores ?? {});
    }
    return {
      status: 'applied',
      step: transcriptStep(inserted!, scenario, showsFeedback(scenario), outcome.option.feedback),
      state: stateOf(updated!, scenario, now),
      result: resultOf(updated!),
    };
  });
}

/** Changes how this attempt's timed decisions run, from now on; recorded on the attempt. */
export async function setAttemptTimeMode(db: Database, attemptId: string, userId: string, timeMode: TimeMode, now = new Date()): Promise<AttemptState> {
  return db.transaction(async (tx) => {
    const attempt = await ownAttempt(tx, attemptId, userId, true);
    const scenario = await compiledVersion(tx, attempt.scenarioVersionId);
    if (attempt.status === 'completed' || attempt.timeMode === timeMode) return stateOf(attempt, scenario, now);
    // The current decision's clock restarts, so a longer limit is not cut short by time already spent.
    const [updated] = await tx.update(attempts).set({ timeMode, stateEnteredAt: now }).where(eq(attempts.id, attempt.id)).returning();
    return stateOf(updated!, scenario, now);
  });
}
