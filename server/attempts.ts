import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
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
}

/**
 * Applies one choice, the server being the authority: it replays the choice on the pinned version
 * from the stored position, applies a retried choice once, enforces time limits by its own clock,
 * and scores the attempt when it ends.
 */
export async function submitChoice(db: Database, request: ChoiceRequest): Promise<ChoiceReply> {
  const now = request.now ?? new Date();
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

    const snapshot = snapshotAt(scenario, positionOfAttempt(attempt));
    const limit = timeLimitMs(timeLimitOf(scenario, snapshot), attempt.timeMode);
    const elapsed = now.getTime() - attempt.stateEnteredAt.getTime();
    let event = request.event;
    if (event === TIMEOUT_EVENT) {
      if (limit === null) return conflict('no-time-limit', 'This decision has no time limit.');
      if (elapsed < limit - EARLY_TIMEOUT_TOLERANCE_MS) {
        return conflict('too-early', 'Time has not run out yet.', { remainingMs: limit - elapsed });
      }
    } else if (limit !== null && elapsed > limit + LATENCY_ALLOWANCE_MS) {
      event = TIMEOUT_EVENT;
    }

    const outcome = step(scenario, snapshot, event);
    if (!outcome.ok) {
      const open = visibleChoices(openOptions(scenario, snapshot)).map((o) => o.event);
      return conflict('not-open', `"${request.event}" is not open in "${attempt.stateName}".`, { open });
    }
    const next = positionOf(outcome.next);
    const [inserted] = await tx
      .insert(attemptEvents)
      .values({
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
      })
      .returning();

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
