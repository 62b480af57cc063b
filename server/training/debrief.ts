import 'server-only';
import { asc, eq } from 'drizzle-orm';
import {
  decisionTotals,
  isDecision,
  isEnding,
  openOptions,
  principleName,
  sayLines,
  scoreAttempt,
  snapshotAt,
  type Channel,
  type FeedbackMode,
  type Outcome,
  type Points,
  type ScoredDecision,
} from '@/machines';
import { readableAttempt, resultOf, retriedDecisionsOf } from './attempts';
import type { Database } from '../db';
import { attemptEvents, attemptTimeModeChanges, scenarios, users, type TimeMode, type User } from '../db/schema';
import { compiledVersion } from './library';

export interface DebriefOption {
  event: string;
  /** The trainee's words; null when time ran out. */
  text: string | null;
  feedback: string | null;
  points: Points;
  total: number;
}

export interface DebriefDecision {
  seq: number;
  /** Its place in the conversation, counting from 1: "reply 2 of 5". */
  number: number;
  state: string;
  say: string[];
  narration: string | null;
  taken: DebriefOption;
  /** The trainee's own words, when they typed the reply (`taken` is then the reply they were understood as). */
  typed: string | null;
  /** Why the reply taken was a critical error, as the attempt's version of the scenario says; null when it was not one. */
  critical: string | null;
  /** The option that would have scored most here, when it beats the one taken. Never a critical error. */
  better: DebriefOption | null;
  /** Points left on the table: Σbest − Σearned at this decision. */
  cost: number;
  mood: number;
  /**
   * The first answer here, when the trainee took it back and tried again (coaching only, decision
   * 042): shown with the decision, never scored; `taken` is the answer that counts.
   */
  retried: RetriedAnswer | null;
}

/** An answer taken back to try the decision again. */
export interface RetriedAnswer {
  taken: DebriefOption;
  typed: string | null;
  critical: string | null;
  retriedAt: Date;
}

/**
 * How a principle stands on the path the trainee took:
 * - `scored`: some reply on the path could win points on it;
 * - `lost-only`: none could, but replies taken lost points on it;
 * - `not-tested`: none could, and none were lost (nothing on the path put it to the test).
 */
export type PrincipleStatus = 'scored' | 'lost-only' | 'not-tested';

/**
 * One principle's figures. The figure shown is `counted` of `best`: the points earned, never below
 * zero, of the most the decisions on the path could have earned. Points lost to replies that
 * worked against the principle are in `lost`, shown as a statement of their own.
 */
export interface DebriefPrinciple {
  id: string;
  name: string;
  status: PrincipleStatus;
  /** 0–100, the same as the attempt's score for it; null when not tested. */
  percent: number | null;
  /** Points won by replies that worked for it. */
  won: number;
  /** Points lost to replies that worked against it, as a positive number. */
  lost: number;
  /** won − lost, which may be below zero. */
  net: number;
  /** The net points, but never below zero: what the score counts. */
  counted: number;
  /** The most the decisions on the path could have earned on it. */
  best: number;
}

/** One change of time limits during the attempt. */
export interface DebriefTimeModeChange {
  /** The reply that was open when the limits changed (from 1); null when it came after the last reply. */
  atReply: number | null;
  from: TimeMode;
  to: TimeMode;
  changedAt: Date;
}

/** The time limits of an attempt on a timed scenario. */
export interface DebriefTimeLimits {
  startedWith: TimeMode;
  endedWith: TimeMode;
  changes: DebriefTimeModeChange[];
}

/** Why an attempt was not passed; a pass needs all three. */
export type NotPassedReason = 'critical-error' | 'below-pass-mark' | 'failure-ending';

export interface DebriefView {
  status: 'completed';
  attemptId: string;
  /** Whose attempt it is: the reader may be HR or an admin looking at someone else's. */
  owner: { id: string; name: string };
  scenarioId: string;
  /** The scenario can be played again: it is not archived. */
  playable: boolean;
  title: string;
  persona: { name: string; role: string };
  channel: Channel;
  feedbackMode: FeedbackMode;
  passPercent: number;
  version: number;
  /** The time limits at the end; null when the scenario has no timed decision. */
  timeMode: TimeMode | null;
  /** Null when the scenario has no timed decision, so there were no limits to speak of. */
  timeLimits: DebriefTimeLimits | null;
  outcome: Outcome;
  passed: boolean;
  /** Every reason the attempt was not passed, a critical error first; empty when passed. */
  notPassedBecause: NotPassedReason[];
  overallPercent: number;
  /** The replies that were critical errors, in the order taken. */
  criticalErrors: DebriefDecision[];
  ending: { state: string; say: string[]; summary: string };
  principles: DebriefPrinciple[];
  costliest: DebriefDecision[];
  decisions: DebriefDecision[];
  startedAt: Date;
  completedAt: Date;
}

const optionFrom = (o: { event: string; text: string | null; feedback: string | null; points: Points }): DebriefOption => ({
  event: o.event,
  text: o.text,
  feedback: o.feedback,
  points: o.points,
  total: Object.values(o.points).reduce((a, b) => a + b, 0),
});

/**
 * Each principle's figures over the decisions of one path: every principle the scenario lists,
 * in its order, then any other the path scored. The percentages are the attempt's own scores
 * (scoreAttempt), so the figures and the bars never disagree.
 */
export function principleFigures(listed: readonly string[], decisions: readonly ScoredDecision[]): DebriefPrinciple[] {
  const totals = new Map<string, { won: number; lost: number; best: number }>();
  const totalsOf = (id: string) => {
    let t = totals.get(id);
    if (!t) totals.set(id, (t = { won: 0, lost: 0, best: 0 }));
    return t;
  };
  for (const decision of decisions) {
    for (const [id, value] of Object.entries(decision.best)) totalsOf(id).best += value;
    for (const [id, value] of Object.entries(decision.earned)) {
      if (value > 0) totalsOf(id).won += value;
      else if (value < 0) totalsOf(id).lost -= value;
    }
  }
  const percents = scoreAttempt(decisions).principles;
  const ids = [...listed, ...[...totals.keys()].filter((id) => !listed.includes(id))];
  return ids.map((id) => {
    const { won, lost, best } = totals.get(id) ?? { won: 0, lost: 0, best: 0 };
    const net = won - lost;
    const status: PrincipleStatus = best > 0 ? 'scored' : lost > 0 ? 'lost-only' : 'not-tested';
    return { id, name: principleName(id), status, percent: status === 'not-tested' ? null : (percents[id] ?? 0), won, lost, net, counted: Math.max(0, net), best };
  });
}

/** An attempt that has not reached an ending: whose it is and how far it got. */
export interface UnfinishedAttempt {
  status: 'in-progress';
  owner: { id: string; name: string };
  choicesMade: number;
}

/**
 * The debrief of a finished attempt, or where an unfinished one stands. Readable by its owner and
 * by the roles that see results; to anyone else it is not found.
 */
export async function debriefView(db: Database, attemptId: string, reader: Pick<User, 'id' | 'role'>): Promise<DebriefView | UnfinishedAttempt> {
  const attempt = await readableAttempt(db, attemptId, reader);
  const result = resultOf(attempt);
  const [owner] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, attempt.userId));
  if (!result || !attempt.completedAt) return { status: 'in-progress', owner: owner!, choicesMade: attempt.step };
  const scenario = await compiledVersion(db, attempt.scenarioVersionId);
  const { doc } = scenario;
  const events = await db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, attempt.id)).orderBy(asc(attemptEvents.seq));
  const retried = (await retriedDecisionsOf(db, [attempt.id])).get(attempt.id) ?? [];

  const decisions: DebriefDecision[] = events.map((event, i) => {
    const state = doc.states[event.fromState]!;
    const open = openOptions(scenario, snapshotAt(scenario, { state: event.fromState, mood: event.mood, flags: event.flags }));
    const options = open.map(optionFrom);
    const optionOf = (e: { event: string; earned: Points }) =>
      options.find((o) => o.event === e.event) ?? optionFrom({ event: e.event, text: null, feedback: null, points: e.earned });
    const taken = optionOf(event);
    const first = retried.find((r) => r.seq === event.seq);
    // A reply that would fail the attempt is never held up as the better one, whatever it scores.
    const top = open
      .filter((o) => o.critical === null)
      .map(optionFrom)
      .reduce<DebriefOption | null>((best, o) => (best === null || o.total > best.total ? o : best), null);
    return {
      seq: event.seq,
      number: i + 1,
      state: event.fromState,
      say: isDecision(state) ? sayLines(state.meta.say) : [],
      narration: isDecision(state) ? (state.meta.narration ?? null) : null,
      taken,
      typed: event.typedText,
      critical: event.critical,
      better: top && top.total > taken.total ? top : null,
      cost: decisionTotals(event).best - decisionTotals(event).earned,
      mood: event.mood,
      retried: first ? { taken: optionOf(first), typed: first.typedText, critical: first.critical, retriedAt: first.retriedAt } : null,
    };
  });

  const criticalErrors = decisions.filter((d) => d.critical !== null);
  const notPassedBecause: NotPassedReason[] = [];
  if (!result.passed) {
    if (criticalErrors.length > 0 || result.criticalErrors > 0) notPassedBecause.push('critical-error');
    if (result.overallPercent < doc.meta.passPercent) notPassedBecause.push('below-pass-mark');
    if (result.outcome === 'failure') notPassedBecause.push('failure-ending');
  }

  const endingState = doc.states[attempt.stateName]!;
  const [scenarioRow] = await db.select({ archivedAt: scenarios.archivedAt }).from(scenarios).where(eq(scenarios.id, doc.id));
  return {
    status: 'completed',
    attemptId: attempt.id,
    owner: owner!,
    scenarioId: doc.id,
    playable: scenarioRow?.archivedAt === null,
    title: doc.meta.title,
    persona: doc.meta.persona,
    channel: doc.meta.channel,
    feedbackMode: doc.meta.feedback,
    passPercent: doc.meta.passPercent,
    version: scenario.version,
    timeMode: attempt.timeMode,
    timeLimits: attempt.timeMode === null ? null : await timeLimitsOf(db, attempt.id, attempt.timeMode, decisions.length),
    outcome: result.outcome,
    passed: result.passed,
    notPassedBecause,
    overallPercent: result.overallPercent,
    criticalErrors,
    ending: {
      state: attempt.stateName,
      say: isEnding(endingState) ? sayLines(endingState.meta.say) : [],
      summary: isEnding(endingState) ? endingState.meta.summary : '',
    },
    principles: principleFigures(doc.meta.principles, events),
    costliest: [...decisions]
      .filter((d) => d.cost > 0)
      .sort((a, b) => b.cost - a.cost || a.seq - b.seq)
      .slice(0, 3),
    decisions,
    startedAt: attempt.startedAt,
    completedAt: attempt.completedAt,
  };
}

/** The time limits an attempt started with, ended with, and every change between, in order. */
async function timeLimitsOf(db: Database, attemptId: string, endedWith: TimeMode, replies: number): Promise<DebriefTimeLimits> {
  const rows = await db
    .select()
    .from(attemptTimeModeChanges)
    .where(eq(attemptTimeModeChanges.attemptId, attemptId))
    .orderBy(asc(attemptTimeModeChanges.changedAt), asc(attemptTimeModeChanges.atStep));
  return {
    startedWith: rows[0]?.fromMode ?? endedWith,
    endedWith,
    // at_step is how many replies had been made, so the one open then is the next.
    changes: rows.map((row) => ({ atReply: row.atStep < replies ? row.atStep + 1 : null, from: row.fromMode, to: row.toMode, changedAt: row.changedAt })),
  };
}
