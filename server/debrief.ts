import 'server-only';
import { asc, eq } from 'drizzle-orm';
import {
  decisionTotals,
  isDecision,
  isEnding,
  openOptions,
  principleName,
  sayLines,
  snapshotAt,
  type Channel,
  type FeedbackMode,
  type Outcome,
  type Points,
} from '@/machines';
import { readableAttempt, resultOf } from './attempts';
import type { Database } from './db';
import { attemptEvents, users, type TimeMode, type User } from './db/schema';
import { compiledVersion } from './scenario-library';

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
  state: string;
  say: string[];
  narration: string | null;
  taken: DebriefOption;
  /** The option that would have scored most here, when it beats the one taken. */
  better: DebriefOption | null;
  /** Points left on the table: Σbest − Σearned at this decision. */
  cost: number;
  mood: number;
}

export interface DebriefPrinciple {
  id: string;
  name: string;
  /** 0–100, or null when the attempt gave nothing to win or lose on it. */
  percent: number | null;
  earned: number;
  best: number;
}

export interface DebriefView {
  status: 'completed';
  attemptId: string;
  /** Whose attempt it is: the reader may be HR or an admin looking at someone else's. */
  owner: { id: string; name: string };
  scenarioId: string;
  title: string;
  persona: { name: string; role: string };
  channel: Channel;
  feedbackMode: FeedbackMode;
  passPercent: number;
  version: number;
  timeMode: TimeMode;
  outcome: Outcome;
  passed: boolean;
  overallPercent: number;
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

  const decisions: DebriefDecision[] = events.map((event) => {
    const state = doc.states[event.fromState]!;
    const options = openOptions(scenario, snapshotAt(scenario, { state: event.fromState, mood: event.mood, flags: event.flags })).map(optionFrom);
    const taken = options.find((o) => o.event === event.event) ?? optionFrom({ event: event.event, text: null, feedback: null, points: event.earned });
    const top = options.reduce<DebriefOption | null>((best, o) => (best === null || o.total > best.total ? o : best), null);
    return {
      seq: event.seq,
      state: event.fromState,
      say: isDecision(state) ? sayLines(state.meta.say) : [],
      narration: isDecision(state) ? (state.meta.narration ?? null) : null,
      taken,
      better: top && top.total > taken.total ? top : null,
      cost: decisionTotals(event).best - decisionTotals(event).earned,
      mood: event.mood,
    };
  });

  const totals = new Map<string, { earned: number; best: number }>();
  for (const event of events) {
    for (const id of Object.keys(event.best)) {
      const t = totals.get(id) ?? { earned: 0, best: 0 };
      t.best += event.best[id] ?? 0;
      t.earned += event.earned[id] ?? 0;
      totals.set(id, t);
    }
  }
  const scores = attempt.principleScores ?? {};
  const principles = doc.meta.principles
    .filter((id) => totals.has(id))
    .map((id) => ({ id, name: principleName(id), percent: scores[id] ?? null, ...totals.get(id)! }));

  const endingState = doc.states[attempt.stateName]!;
  return {
    status: 'completed',
    attemptId: attempt.id,
    owner: owner!,
    scenarioId: doc.id,
    title: doc.meta.title,
    persona: doc.meta.persona,
    channel: doc.meta.channel,
    feedbackMode: doc.meta.feedback,
    passPercent: doc.meta.passPercent,
    version: scenario.version,
    timeMode: attempt.timeMode,
    outcome: result.outcome,
    passed: result.passed,
    overallPercent: result.overallPercent,
    ending: {
      state: attempt.stateName,
      say: isEnding(endingState) ? sayLines(endingState.meta.say) : [],
      summary: isEnding(endingState) ? endingState.meta.summary : '',
    },
    principles,
    costliest: [...decisions]
      .filter((d) => d.cost > 0)
      .sort((a, b) => b.cost - a.cost || a.seq - b.seq)
      .slice(0, 3),
    decisions,
    startedAt: attempt.startedAt,
    completedAt: attempt.completedAt,
  };
}
