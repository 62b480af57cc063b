import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  clientScenario,
  criticalErrors,
  decisionTimeLimitMs,
  hasPassed,
  initialSnapshot,
  isDecision,
  isEnding,
  isFinished,
  openOptions,
  outcomeOf,
  passedFasterThanReading,
  positionOf,
  readingPace,
  sayLines,
  scoreAttempt,
  shownReplies,
  snapshotAt,
  step,
  timeLimitsOf,
  TIMEOUT_EVENT,
  visibleChoices,
  type CompiledScenario,
  type Outcome,
  type Position,
  type ScenarioDocument,
} from '@/machines';
import { EARLY_TIMEOUT_TOLERANCE_MS, LATENCY_ALLOWANCE_MS } from '@/machines/timing';
import { addPrincipleTotals, heldModuleAsksOwnWords, recordProgress, refreshAssignmentProgress } from '../onboarding/assignments';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import type { Database } from '../db';
import {
  attemptEvents,
  attemptRetriedDecisions,
  attempts,
  attemptTimeModeChanges,
  type Attempt,
  type AttemptEvent,
  type AttemptRetriedDecision,
  type TimeMode,
  type User,
} from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { compiledVersion, newestVersion } from './library';
import { takesTypedReplies, typedMissesAt, understand } from './own-words';
import { MISSES_BEFORE_LIST } from '@/lib/own-words-clarifications';
import { isUuid } from '@/lib/uuid';

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

/** The clock and step of an attempt, in both kinds of view. */
export interface AttemptClock {
  attemptId: string;
  /** The sequence number the next choice must carry. */
  step: number;
  finished: boolean;
  /** How timed decisions run; null when the scenario has no timed decision. */
  timeMode: TimeMode | null;
  /** When the current decision's time runs out (server clock), or null. */
  deadlineAt: string | null;
  serverNow: string;
}

/** Where a coaching attempt stands, as the player needs it to continue or resynchronise. */
export interface AttemptState extends AttemptClock {
  position: Position;
}

export interface ChoiceFeedback {
  text: string | null;
  earned: Record<string, number>;
  /** Why the reply is a critical error, when it is one. */
  critical: string | null;
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
  /** The trainee's own words, when they typed the reply. */
  typed: string | null;
}

export interface AttemptResult {
  outcome: Outcome;
  passed: boolean;
  overallPercent: number;
  criticalErrors: number;
}

export type ConflictReason = 'stale' | 'ahead' | 'finished' | 'not-open' | 'too-early' | 'no-time-limit' | 'not-understood';

export type ChoiceReply =
  | { status: 'applied' | 'duplicate'; step: TranscriptStep; state: AttemptState; result: AttemptResult | null }
  | { status: 'conflict'; reason: ConflictReason; message: string; state: AttemptState; open?: string[]; remainingMs?: number };

/* ---- Sealed assessments: the browser learns nothing that tells a better reply from a worse one ---- */

/** What the trainee reads when a decision is put to them, or an ending is reached: words only. */
export interface SpokenLines {
  narration: string | null;
  say: string[];
}

/** A reply as an assessment shows it: its words and the position it is shown at, which is what the trainee sends back. */
export interface SealedReply {
  option: number;
  text: string;
}

/** Where an assessment stands: the clock and the replies open now, in the order shown. No state, mood or flags. */
export interface SealedState extends AttemptClock {
  replies: SealedReply[];
}

/** One decision of an assessment as the player shows it: what the trainee said and what the customer said next. */
export interface SealedStep {
  seq: number;
  /** The trainee's words; null when time ran out. */
  words: string | null;
  /** The trainee's own words, when they typed the reply (`words` are then the reply they were understood as). */
  typed: string | null;
  timedOut: boolean;
  customer: SpokenLines;
}

/** The end of a finished attempt, for the player's last panel. */
export interface EndingView {
  summary: string;
}

export type SealedChoiceReply =
  | { status: 'applied' | 'duplicate'; step: SealedStep; state: SealedState; result: AttemptResult | null; ending: EndingView | null }
  | { status: 'conflict'; reason: ConflictReason; message: string; state: SealedState; remainingMs?: number };

export const positionOfAttempt = (a: Attempt): Position => ({ state: a.stateName, mood: a.mood, flags: a.flags });

/** Assessments are sealed: the server steps them and sends words only. */
export const isSealed = (scenario: CompiledScenario) => scenario.doc.meta.feedback === 'debrief';

function clockOf(attempt: Attempt, scenario: CompiledScenario, now: Date): AttemptClock {
  const snapshot = snapshotAt(scenario, positionOfAttempt(attempt));
  const finished = attempt.status === 'completed';
  const limit = finished || attempt.timeMode === null ? null : decisionTimeLimitMs(scenario, snapshot, attempt.timeMode);
  return {
    attemptId: attempt.id,
    step: attempt.step,
    finished,
    timeMode: attempt.timeMode,
    deadlineAt: limit === null ? null : new Date(attempt.stateEnteredAt.getTime() + limit).toISOString(),
    serverNow: now.toISOString(),
  };
}

const stateOf = (attempt: Attempt, scenario: CompiledScenario, now: Date): AttemptState => ({
  ...clockOf(attempt, scenario, now),
  position: positionOfAttempt(attempt),
});

/**
 * Where an assessment stands. Where trainees type their replies, the list is sent only once it is
 * shown (`listShown`: after two typed replies that matched nothing at this decision).
 */
export function sealedStateOf(attempt: Attempt, scenario: CompiledScenario, now: Date, listShown = false): SealedState {
  const clock = clockOf(attempt, scenario, now);
  const hidden = clock.finished || (takesTypedReplies(attempt) && !listShown);
  const replies = hidden ? [] : shownReplies(scenario, snapshotAt(scenario, positionOfAttempt(attempt)), attempt.id).map((o, i) => ({ option: i + 1, text: o.text ?? '' }));
  return { ...clock, replies };
}

/** What a state shows the trainee: a decision's narration and lines, an ending's last words. */
function linesOf(scenario: CompiledScenario, stateName: string): SpokenLines {
  const state = scenario.doc.states[stateName];
  if (!state || (!isDecision(state) && !isEnding(state))) return { narration: null, say: [] };
  return { narration: isDecision(state) ? (state.meta.narration ?? null) : null, say: sayLines(state.meta.say) };
}

/** The words of a choice, the same in every alternative. */
function wordsOf(scenario: CompiledScenario, stateName: string, event: string): string | null {
  const state = scenario.doc.states[stateName];
  if (!state || !isDecision(state) || event === TIMEOUT_EVENT) return null;
  const value = state.on[event];
  const first = Array.isArray(value) ? value[0] : value;
  return (first?.meta as { choice?: string } | undefined)?.choice ?? null;
}

const sealedStep = (event: AttemptEvent, scenario: CompiledScenario): SealedStep => ({
  seq: event.seq,
  words: wordsOf(scenario, event.fromState, event.event),
  typed: event.typedText,
  timedOut: event.event === TIMEOUT_EVENT,
  customer: linesOf(scenario, event.toState),
});

function endingOf(attempt: Attempt, scenario: CompiledScenario): EndingView | null {
  if (attempt.status !== 'completed') return null;
  const state = scenario.doc.states[attempt.stateName];
  return state && isEnding(state) ? { summary: state.meta.summary } : null;
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
        : (openOptions(scenario, snapshotAt(scenario, { state: event.fromState, mood: event.mood, flags: event.flags })).find((o) => o.event === event.event)?.feedback ?? null);
    feedback = { text, earned: event.earned, critical: event.critical };
  }
  return {
    seq: event.seq,
    fromState: event.fromState,
    event: event.event,
    requestedEvent: event.requestedEvent,
    toState: event.toState,
    timedOut: event.event === TIMEOUT_EVENT,
    feedback,
    typed: event.typedText,
  };
}

/** Coaching shows feedback after each reply; an assessment keeps all of it for the debrief. */
const showsFeedback = (scenario: CompiledScenario) => scenario.doc.meta.feedback === 'immediate';

export const resultOf = (a: Attempt): AttemptResult | null =>
  a.status === 'completed' && a.outcome && a.passed !== null && a.overallPercent !== null
    ? { outcome: a.outcome, passed: a.passed, overallPercent: a.overallPercent, criticalErrors: a.criticalErrors }
    : null;

/**
 * Starts an attempt on the newest version of a scenario. The time mode is recorded only where the
 * scenario has a timed decision. The trainee types their replies where the scenario asks for it, or
 * where a module they hold, not yet completed, asks for it and counts this scenario.
 */
export async function startAttempt(db: Database, userId: string, scenarioId: string, timeMode: TimeMode, now = new Date()): Promise<string> {
  const version = await newestVersion(db, scenarioId);
  if (!version) throw new ScenarioNotFoundError(scenarioId);
  const scenario = await compiledVersion(db, version.id);
  const position = positionOf(initialSnapshot(scenario));
  return db.transaction(async (tx) => {
    const ownWords = scenario.doc.meta.ownWords === true || (await heldModuleAsksOwnWords(tx, userId, { scenarioId, poolId: version.poolId }));
    const [row] = await tx
      .insert(attempts)
      .values({
        userId,
        scenarioVersionId: version.id,
        ownWords,
        timeMode: timeLimitsOf(scenario.doc).length > 0 ? timeMode : null,
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
  if (!isUuid(attemptId)) throw new AttemptNotFoundError();
  const query = db
    .select()
    .from(attempts)
    .where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
  const [attempt] = forUpdate ? await query.for('update') : await query;
  if (!attempt) throw new AttemptNotFoundError();
  return attempt;
}

/**
 * An attempt for reading: its owner's, or anyone's for the roles that see results. To anyone else
 * it does not exist.
 */
export async function readableAttempt(db: Database, attemptId: string, reader: Pick<User, 'id' | 'role'>): Promise<Attempt> {
  if (!isUuid(attemptId)) throw new AttemptNotFoundError();
  const [attempt] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  if (!attempt || (attempt.userId !== reader.id && !hasRole(reader, ROLES_THAT.seeResults))) throw new AttemptNotFoundError();
  return attempt;
}

/** A coaching attempt as the player needs it: the browser steps the scenario itself, and the server checks every step. */
export interface CoachingView {
  kind: 'coaching';
  attempt: Attempt;
  /** The pinned version without points or feedback, for the browser to step. */
  scenario: ScenarioDocument;
  version: number;
  state: AttemptState;
  transcript: TranscriptStep[];
  /** Replies taken back to answer the decision again (decision 042), each shown before the answer that replaced it. */
  retried: TranscriptStep[];
  result: AttemptResult | null;
  /** Typed replies at the current decision that matched nothing (where trainees type their replies). */
  typedMisses: number;
}

/** What an assessment's player shows: the scenario's cover, and words only. */
export interface SealedMeta {
  title: string;
  persona: { name: string; role: string };
  channel: ScenarioDocument['meta']['channel'];
  passPercent: number;
  /** Whether any decision is timed, so the player offers the time-limit setting. */
  timed: boolean;
  /** Whether trainees type their replies (meta.ownWords). */
  ownWords: boolean;
}

/** An assessment as the player needs it: the server steps it, and sends nothing that tells a better reply from a worse one. */
export interface SealedView {
  kind: 'sealed';
  attempt: Attempt;
  meta: SealedMeta;
  version: number;
  /** What the customer says before the first reply. */
  opening: SpokenLines;
  steps: SealedStep[];
  state: SealedState;
  result: AttemptResult | null;
  ending: EndingView | null;
  /** Typed replies at the current decision that matched nothing (where trainees type their replies). */
  typedMisses: number;
}

export type AttemptView = CoachingView | SealedView;

/** Everything the player needs to show an attempt where it stands. Another user's attempt is not found. */
export async function attemptView(db: Database, attemptId: string, userId: string, now = new Date()): Promise<AttemptView> {
  const attempt = await ownAttempt(db, attemptId, userId);
  const scenario = await compiledVersion(db, attempt.scenarioVersionId);
  const events = await db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, attempt.id)).orderBy(asc(attemptEvents.seq));
  const typedMisses = takesTypedReplies(attempt) && attempt.status === 'in-progress' ? await typedMissesAt(db, attempt.id, attempt.step) : 0;
  if (isSealed(scenario)) {
    const { meta } = scenario.doc;
    return {
      kind: 'sealed',
      attempt,
      meta: {
        title: meta.title,
        persona: meta.persona,
        channel: meta.channel,
        passPercent: meta.passPercent,
        timed: timeLimitsOf(scenario.doc).length > 0,
        ownWords: takesTypedReplies(attempt),
      },
      version: scenario.version,
      opening: linesOf(scenario, scenario.doc.initial),
      steps: events.map((e) => sealedStep(e, scenario)),
      state: sealedStateOf(attempt, scenario, now, typedMisses >= MISSES_BEFORE_LIST),
      result: resultOf(attempt),
      ending: endingOf(attempt, scenario),
      typedMisses,
    };
  }
  const withFeedback = showsFeedback(scenario);
  return {
    kind: 'coaching',
    attempt,
    scenario: clientScenario(scenario.doc, { ownWords: takesTypedReplies(attempt) }),
    version: scenario.version,
    state: stateOf(attempt, scenario, now),
    transcript: events.map((e) => transcriptStep(e, scenario, withFeedback)),
    retried: ((await retriedDecisionsOf(db, [attempt.id])).get(attempt.id) ?? []).map((e) => transcriptStep(e, scenario, withFeedback)),
    result: resultOf(attempt),
    typedMisses,
  };
}

export interface ChoiceRequest {
  attemptId: string;
  userId: string;
  /** The attempt's step the choice was made at; a retry carries the same number. */
  seq: number;
  /** A coaching attempt names the choice; either kind may send TIMEOUT. */
  event?: string;
  /** An assessment names the position of the reply as shown (1 = first). */
  option?: number;
  /** The trainee's own words, where the scenario takes typed replies: the choice must be what they were understood as. */
  typed?: string;
  now?: Date;
  /** The attempt as the caller has just read it (the route reads it to check ownership), to save reading it again. */
  seen?: Attempt;
}

/**
 * Applies one choice, the server being the authority: it replays the choice on the pinned version
 * from the stored position, applies a retried choice once, enforces time limits by its own clock,
 * and scores the attempt when it ends. A coaching attempt gets a coaching reply, an assessment a
 * sealed one.
 */
export async function submitChoice(db: Database, request: ChoiceRequest): Promise<ChoiceReply | SealedChoiceReply> {
  const now = request.now ?? new Date();
  const seen = request.seen ?? (await ownAttempt(db, request.attemptId, request.userId));
  const scenario = await compiledVersion(db, seen.scenarioVersionId);
  checkRequestKind(scenario, request);
  await checkTypedOrListed(db, seen, scenario, request);
  return (await stepInOneStatement(db, seen, scenario, request, now)) ?? (await submitChoiceLocked(db, request, now));
}

/**
 * Where trainees type their replies, a reply comes with the words it was understood from; one
 * without them only once the list is shown (after two typed replies that matched nothing). Elsewhere
 * there are no typed words to send.
 */
async function checkTypedOrListed(db: Database, attempt: Attempt, scenario: CompiledScenario, request: ChoiceRequest): Promise<void> {
  if (!takesTypedReplies(attempt)) {
    if (request.typed !== undefined) throw new HttpError(400, 'invalid', 'Invalid request: typed: this attempt takes replies chosen from the list, not typed ones.');
    return;
  }
  if (request.typed !== undefined || request.event === TIMEOUT_EVENT || request.seq !== attempt.step || attempt.status !== 'in-progress') return;
  if ((await typedMissesAt(db, attempt.id, attempt.step)) < MISSES_BEFORE_LIST) {
    throw new HttpError(409, 'not-listed', 'Type your reply: in this scenario the replies are listed only after two typed replies that were not understood.');
  }
}

/** An assessment is answered by position and a coaching attempt by choice key; a time-out by TIMEOUT in both. */
function checkRequestKind(scenario: CompiledScenario, request: ChoiceRequest): void {
  if ((request.event === undefined) === (request.option === undefined)) {
    throw new HttpError(400, 'invalid', 'Invalid request: give either "event" or "option".');
  }
  if (isSealed(scenario) && request.event !== undefined && request.event !== TIMEOUT_EVENT) {
    throw new HttpError(400, 'invalid', 'Invalid request: event: an assessment is answered with "option", the position of the reply as shown.');
  }
  if (!isSealed(scenario) && request.option !== undefined) {
    throw new HttpError(400, 'invalid', 'Invalid request: option: this scenario is answered with "event", the choice key.');
  }
}

/** The event a request names at a position: its choice key, or the reply shown at its option. Null when there is none. */
function requestedEventAt(scenario: CompiledScenario, attemptId: string, position: Position, request: ChoiceRequest): string | null {
  if (request.event !== undefined) return request.event;
  return shownReplies(scenario, snapshotAt(scenario, position), attemptId)[request.option! - 1]?.event ?? null;
}

/** What a choice does at the attempt's stored position, by the server's clock: the event applied, or why not. */
function decideChoice(attempt: Attempt, scenario: CompiledScenario, request: ChoiceRequest, now: Date) {
  const snapshot = snapshotAt(scenario, positionOfAttempt(attempt));
  const limit = attempt.timeMode === null ? null : decisionTimeLimitMs(scenario, snapshot, attempt.timeMode);
  const elapsed = now.getTime() - attempt.stateEnteredAt.getTime();
  const shown = shownReplies(scenario, snapshot, attempt.id);
  const openKeys = () => (isSealed(scenario) ? undefined : visibleChoices(openOptions(scenario, snapshot)).map((o) => o.event));
  const requested = requestedEventAt(scenario, attempt.id, positionOfAttempt(attempt), request);
  if (requested === null) {
    return { refused: 'not-open' as const, message: `There is no reply ${request.option} here; ${shown.length} are shown.`, open: openKeys() };
  }
  let event = requested;
  if (event === TIMEOUT_EVENT) {
    if (limit === null) return { refused: 'no-time-limit' as const, message: 'This decision has no time limit.' };
    if (elapsed < limit - EARLY_TIMEOUT_TOLERANCE_MS) return { refused: 'too-early' as const, message: 'Time has not run out yet.', remainingMs: limit - elapsed };
  } else if (limit !== null && elapsed > limit + LATENCY_ALLOWANCE_MS) {
    event = TIMEOUT_EVENT;
  }
  if (request.typed !== undefined && event !== TIMEOUT_EVENT) {
    const { offered } = understand(attempt.scenarioVersionId, scenario, snapshot, request.typed, !isSealed(scenario));
    if (event !== offered.understood && event !== offered.alternative) {
      return { refused: 'not-understood' as const, message: 'Your words were not understood as that reply; type it again.' };
    }
  }
  const outcome = step(scenario, snapshot, event);
  if (!outcome.ok) {
    const what = isSealed(scenario) ? `That reply is not open here.` : `"${requested}" is not open in "${attempt.stateName}".`;
    return { refused: 'not-open' as const, message: what, open: openKeys() };
  }
  const next = positionOf(outcome.next);
  const position = shown.findIndex((o) => o.event === event);
  /** The decision as it is stored. */
  const record: AttemptEvent = {
    attemptId: attempt.id,
    seq: request.seq,
    event,
    requestedEvent: requested,
    fromState: attempt.stateName,
    mood: attempt.mood,
    flags: attempt.flags,
    toState: next.state,
    earned: outcome.decision.earned,
    best: outcome.decision.best,
    elapsedMs: Math.max(0, Math.round(elapsed)),
    shownPosition: position === -1 ? null : position + 1,
    critical: outcome.decision.critical,
    typedText: event === TIMEOUT_EVENT ? null : (request.typed ?? null),
    createdAt: now,
  };
  return { refused: null, outcome, next, record };
}

/** The reply to an applied choice, in the attempt's kind. */
function appliedReply(
  status: 'applied' | 'duplicate',
  scenario: CompiledScenario,
  event: AttemptEvent,
  attempt: Attempt,
  now: Date,
  takenFeedback?: string | null,
): ChoiceReply | SealedChoiceReply {
  if (isSealed(scenario)) {
    return { status, step: sealedStep(event, scenario), state: sealedStateOf(attempt, scenario, now), result: resultOf(attempt), ending: endingOf(attempt, scenario) };
  }
  return { status, step: transcriptStep(event, scenario, showsFeedback(scenario), takenFeedback), state: stateOf(attempt, scenario, now), result: resultOf(attempt) };
}

/**
 * The common case, a choice that neither ends the attempt nor is refused, as one statement: the
 * attempt moves on only if it still stands exactly as it was read (step, clock, time mode), and
 * the event is inserted in the same statement. One round trip and no lock held across the
 * server's other work: with the embedded database every transaction waits for the one before it,
 * and a transaction of five round trips made choices queue behind each other under load. Null
 * when it does not apply or the attempt moved meanwhile: the locked path then answers.
 */
async function stepInOneStatement(db: Database, attempt: Attempt, scenario: CompiledScenario, request: ChoiceRequest, now: Date): Promise<ChoiceReply | SealedChoiceReply | null> {
  if (attempt.status !== 'in-progress' || request.seq !== attempt.step || attempt.userId !== request.userId) return null;
  const decision = decideChoice(attempt, scenario, request, now);
  if (decision.refused !== null || isFinished(decision.outcome.next)) return null;
  const { outcome, next, record } = decision;
  const json = (value: unknown) => JSON.stringify(value);
  const result = await db.execute(sql`
    WITH moved AS (
      UPDATE ${attempts}
      SET state_name = ${next.state}, mood = ${next.mood}, flags = ${json(next.flags)}::jsonb, step = step + 1, state_entered_at = ${now.toISOString()}::timestamptz
      WHERE id = ${attempt.id} AND user_id = ${attempt.userId} AND status = 'in-progress' AND step = ${request.seq}
        AND time_mode IS NOT DISTINCT FROM ${attempt.timeMode} AND date_trunc('milliseconds', state_entered_at) = ${attempt.stateEnteredAt.toISOString()}::timestamptz
      RETURNING id
    )
    INSERT INTO ${attemptEvents} (attempt_id, seq, event, requested_event, from_state, mood, flags, to_state, earned, best, elapsed_ms, shown_position, critical, typed_text, created_at)
    SELECT id, ${record.seq}, ${record.event}, ${record.requestedEvent}, ${record.fromState}, ${record.mood}, ${json(record.flags)}::jsonb, ${record.toState},
      ${json(record.earned)}::jsonb, ${json(record.best)}::jsonb, ${record.elapsedMs}, ${record.shownPosition}::integer, ${record.critical}::text, ${record.typedText}::text,
      ${record.createdAt.toISOString()}::timestamptz
    FROM moved
    RETURNING seq`);
  if (!(result as unknown as { rows: unknown[] }).rows.length) return null;
  const updated: Attempt = { ...attempt, stateName: next.state, mood: next.mood, flags: next.flags, step: attempt.step + 1, stateEnteredAt: now };
  return appliedReply('applied', scenario, record, updated, now, outcome.option.feedback);
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Records a decided choice under the attempt's lock: the event, the new position, and, when it
 * reaches an ending, the score, the result and what follows from it for the person's modules.
 */
async function applyDecision(tx: Transaction, attempt: Attempt, scenario: CompiledScenario, decision: Extract<ReturnType<typeof decideChoice>, { refused: null }>, now: Date) {
  const { outcome, next, record } = decision;
  const [inserted] = await tx.insert(attemptEvents).values(record).returning();
  const update: Partial<Attempt> = { stateName: next.state, mood: next.mood, flags: next.flags, step: attempt.step + 1, stateEnteredAt: now };
  if (isFinished(outcome.next)) {
    const decisions = await tx.select().from(attemptEvents).where(eq(attemptEvents.attemptId, attempt.id)).orderBy(asc(attemptEvents.seq));
    const score = scoreAttempt(decisions);
    const ending = outcomeOf(scenario, outcome.next)!;
    const critical = criticalErrors(decisions);
    const passed = hasPassed(score.overallPercent, scenario.doc.meta.passPercent, ending, critical);
    const pace = readingPace(
      scenario,
      decisions.map((d) => ({ position: { state: d.fromState, mood: d.mood, flags: d.flags }, event: d.event, elapsedMs: d.elapsedMs, typed: d.typedText !== null })),
    );
    Object.assign(update, {
      status: 'completed',
      completedAt: now,
      outcome: ending,
      passed,
      overallPercent: score.overallPercent,
      principleScores: score.principles,
      criticalErrors: critical,
      readingMs: pace.readingMs,
      answeringMs: pace.answeringMs,
      fasterThanReading: passedFasterThanReading(passed, pace),
    } satisfies Partial<Attempt>);
  }
  const [updated] = await tx.update(attempts).set(update).where(eq(attempts.id, attempt.id)).returning();
  if (updated!.status === 'completed') {
    // A finished attempt may complete one of the person's modules, and moves their reports: all in this transaction.
    if (updated!.passed) await recordProgress(tx, attempt.userId, now);
    await refreshAssignmentProgress(tx, { userId: attempt.userId });
    await addPrincipleTotals(tx, attempt.userId, updated!.principleScores ?? {});
  }
  return { inserted: inserted!, updated: updated! };
}

/** Every other case, under a lock on the attempt: retries, refusals, time limits, and the choice that ends it and scores it. */
async function submitChoiceLocked(db: Database, request: ChoiceRequest, now: Date): Promise<ChoiceReply | SealedChoiceReply> {
  return db.transaction(async (tx) => {
    const attempt = await ownAttempt(tx, request.attemptId, request.userId, true);
    const scenario = await compiledVersion(tx, attempt.scenarioVersionId);
    const conflict = (reason: ConflictReason, message: string, extra: { open?: string[]; remainingMs?: number } = {}): ChoiceReply | SealedChoiceReply =>
      isSealed(scenario)
        ? { status: 'conflict', reason, message, state: sealedStateOf(attempt, scenario, now), ...(extra.remainingMs === undefined ? {} : { remainingMs: extra.remainingMs }) }
        : { status: 'conflict', reason, message, state: stateOf(attempt, scenario, now), ...extra };

    if (request.seq < attempt.step) {
      const [earlier] = await tx
        .select()
        .from(attemptEvents)
        .where(and(eq(attemptEvents.attemptId, attempt.id), eq(attemptEvents.seq, request.seq)));
      const asked = earlier && requestedEventAt(scenario, attempt.id, { state: earlier.fromState, mood: earlier.mood, flags: earlier.flags }, request);
      if (earlier && earlier.requestedEvent === asked) return appliedReply('duplicate', scenario, earlier, attempt, now);
      return conflict('stale', `Choice ${request.seq} was already made differently; the attempt has moved on.`);
    }
    if (request.seq > attempt.step) return conflict('ahead', `Expected choice ${attempt.step}, got ${request.seq}.`);
    if (attempt.status === 'completed') return conflict('finished', 'This attempt has already ended.');

    const decision = decideChoice(attempt, scenario, request, now);
    if (decision.refused === 'not-open') return conflict('not-open', decision.message, decision.open ? { open: decision.open } : {});
    if (decision.refused === 'too-early') return conflict('too-early', decision.message, { remainingMs: decision.remainingMs });
    if (decision.refused !== null) return conflict(decision.refused, decision.message);
    const { inserted, updated } = await applyDecision(tx, attempt, scenario, decision, now);
    return appliedReply('applied', scenario, inserted, updated, now, decision.outcome.option.feedback);
  });
}

/**
 * Changes how this attempt's timed decisions run, from now on. A deadline that has already passed
 * is applied first, as a time-out: changing the setting never turns a late reply into one in time.
 * The current decision's clock then restarts, so a longer limit is not cut short by time already
 * spent, and the change is recorded on the attempt. An untimed scenario has nothing to change (409).
 */
export async function setAttemptTimeMode(db: Database, attemptId: string, userId: string, timeMode: TimeMode, now = new Date()): Promise<AttemptState | SealedState> {
  return db.transaction(async (tx) => {
    let attempt = await ownAttempt(tx, attemptId, userId, true);
    const scenario = await compiledVersion(tx, attempt.scenarioVersionId);
    const viewOf = (a: Attempt) => (isSealed(scenario) ? sealedStateOf(a, scenario, now) : stateOf(a, scenario, now));
    if (attempt.timeMode === null) throw new HttpError(409, 'no-time-limits', 'This scenario has no time limits to change.');
    if (attempt.status === 'completed' || attempt.timeMode === timeMode) return viewOf(attempt);
    const overdue = decideChoice(attempt, scenario, { attemptId, userId, seq: attempt.step, event: TIMEOUT_EVENT }, now);
    const limit = decisionTimeLimitMs(scenario, snapshotAt(scenario, positionOfAttempt(attempt)), attempt.timeMode);
    if (overdue.refused === null && limit !== null && now.getTime() - attempt.stateEnteredAt.getTime() > limit + LATENCY_ALLOWANCE_MS) {
      attempt = (await applyDecision(tx, attempt, scenario, overdue, now)).updated;
    }
    await tx.insert(attemptTimeModeChanges).values({ attemptId, atStep: attempt.step, fromMode: attempt.timeMode!, toMode: timeMode, changedAt: now });
    if (attempt.status === 'completed') {
      const [updated] = await tx.update(attempts).set({ timeMode }).where(eq(attempts.id, attempt.id)).returning();
      return viewOf(updated!);
    }
    const [updated] = await tx.update(attempts).set({ timeMode, stateEnteredAt: now }).where(eq(attempts.id, attempt.id)).returning();
    return viewOf(updated!);
  });
}

/* ---- Trying a reply again, in coaching (decision 042) ---- */

export interface ReplyRetryRequest {
  attemptId: string;
  userId: string;
  /** The decision to answer again: it must be the one just answered (the attempt's step less one). */
  seq: number;
  now?: Date;
}

/** A coaching attempt after a reply was taken back: where it stands now, at the decision answered again. */
export interface ReplyRetried {
  state: AttemptState;
  /** The decision taken back, as the transcript showed it. */
  retried: TranscriptStep;
}

/**
 * Takes back the reply just given in a coaching attempt so the trainee can answer that decision
 * again. The decision moves to attempt_retried_decisions (kept for the debrief, HR and xAPI), and
 * the attempt is replayed on the pinned version from its start through the decisions that stand,
 * which puts it back where that decision was put; the decision's clock starts again. Refused (409):
 * in an assessment, once the attempt has ended (the ending's score, module progress and reports
 * are recorded by then), for any decision but the one just answered, and for a decision already
 * tried again once.
 */
export async function retryLastReply(db: Database, request: ReplyRetryRequest): Promise<ReplyRetried> {
  const now = request.now ?? new Date();
  return db.transaction(async (tx) => {
    const attempt = await ownAttempt(tx, request.attemptId, request.userId, true);
    const scenario = await compiledVersion(tx, attempt.scenarioVersionId);
    if (!showsFeedback(scenario)) {
      throw new HttpError(409, 'assessment', 'This is an assessment: each reply counts as given, and none can be tried again.');
    }
    if (attempt.status === 'completed') throw new HttpError(409, 'finished', 'This conversation has ended: its replies can no longer be tried again.');
    if (attempt.step === 0) throw new HttpError(409, 'not-last', 'There is no reply to try again yet.');
    if (request.seq !== attempt.step - 1) {
      throw new HttpError(409, 'not-last', `Only the reply just given (decision ${attempt.step - 1}) can be tried again, not decision ${request.seq}.`);
    }
    const earlier = await tx
      .select({ seq: attemptRetriedDecisions.seq })
      .from(attemptRetriedDecisions)
      .where(and(eq(attemptRetriedDecisions.attemptId, attempt.id), inArray(attemptRetriedDecisions.seq, [request.seq, attempt.step])));
    if (earlier.some((r) => r.seq === request.seq)) throw new HttpError(409, 'already-retried', 'This reply has already been tried again once; carry on from here.');
    // The decision open now was taken back and not yet answered again: going back further is not "the reply just given".
    if (earlier.some((r) => r.seq === attempt.step)) throw new HttpError(409, 'not-last', 'Answer the reply you took back first; an earlier reply cannot be tried again.');

    const [taken] = await tx
      .delete(attemptEvents)
      .where(and(eq(attemptEvents.attemptId, attempt.id), eq(attemptEvents.seq, request.seq)))
      .returning();
    await tx.insert(attemptRetriedDecisions).values({ ...taken!, retriedAt: now });
    const standing = await tx.select().from(attemptEvents).where(eq(attemptEvents.attemptId, attempt.id)).orderBy(asc(attemptEvents.seq));
    const position = replayed(scenario, standing);
    const [updated] = await tx
      .update(attempts)
      .set({ stateName: position.state, mood: position.mood, flags: position.flags, step: request.seq, stateEnteredAt: now })
      .where(eq(attempts.id, attempt.id))
      .returning();
    return { state: stateOf(updated!, scenario, now), retried: transcriptStep(taken!, scenario, true) };
  });
}

/** Where the decisions that stand lead, stepped on the pinned version from its start, as each was recorded. */
function replayed(scenario: CompiledScenario, events: readonly AttemptEvent[]): Position {
  let snapshot = initialSnapshot(scenario);
  for (const event of events) {
    const outcome = step(scenario, snapshot, event.event);
    // Every recorded decision was stepped on this version when it was made.
    if (!outcome.ok) throw new Error(`Decision ${event.seq} of attempt ${event.attemptId} does not replay: "${event.event}" in "${event.fromState}".`);
    snapshot = outcome.next;
  }
  return positionOf(snapshot);
}

/** The replies taken back in these attempts, by attempt, in order. */
export async function retriedDecisionsOf(db: Database, attemptIds: readonly string[]): Promise<Map<string, AttemptRetriedDecision[]>> {
  const byAttempt = new Map<string, AttemptRetriedDecision[]>();
  if (!attemptIds.length) return byAttempt;
  const rows = await db
    .select()
    .from(attemptRetriedDecisions)
    .where(inArray(attemptRetriedDecisions.attemptId, [...attemptIds]))
    .orderBy(asc(attemptRetriedDecisions.attemptId), asc(attemptRetriedDecisions.seq));
  for (const row of rows) byAttempt.set(row.attemptId, [...(byAttempt.get(row.attemptId) ?? []), row]);
  return byAttempt;
}
