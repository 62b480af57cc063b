import 'server-only';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import {
  asList,
  compileScenario,
  isDecision,
  isJunction,
  openOptions,
  OUTCOMES,
  principleName,
  shownOrder,
  snapshotAt,
  TIMEOUT_EVENT,
  visibleChoices,
  type CompiledScenario,
  type Outcome,
  type ScenarioDocument,
} from '@/machines';
import { assertAuthors } from './authoring';
import { settings } from '../platform/settings';
import type { Database } from '../db';
import { scenarios, scenarioVersions, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { endOfDate, isRealDate, startOfDate } from '../../lib/dates';

/**
 * Where trainees struggle: how attempts on one published version of a scenario went, for the
 * studio's map (docs/decisions/019-scenario-map.md). Only trainees' attempts count (an author's
 * own test plays would skew the figures), started within the date range in the organisation's
 * time zone, by the members of a team when one is given. Everything is counted in the database
 * with GROUP BY; the few grouped rows are then matched to the version's document.
 */

/** An attempt still in progress whose last step is older than this is counted as abandoned. */
export const ABANDONED_AFTER_HOURS = 24;

export interface StateUsage {
  /**
   * Attempts that stood at this state at some point. For a junction, where no attempt ever
   * rests, the number of times it was passed through.
   */
  reached: number;
  /** Decisions taken here (a choice or the timer running out). */
  decisions: number;
  /** Completed attempts that ended here (endings only). */
  ended: number;
  /** Attempts left unfinished here for longer than ABANDONED_AFTER_HOURS. */
  abandoned: number;
  /** Attempts standing here now, more recently active. */
  inProgress: number;
}

export interface ChoiceUsage {
  state: string;
  /** The choice's key, or TIMEOUT. */
  event: string;
  taken: number;
  /** taken ÷ decisions at the state, 0–1; null when none were taken there. */
  share: number | null;
  /**
   * For a choice written as guarded alternatives, how often each alternative was the one that
   * applied (by the state the attempt arrived at); one entry for a plain choice.
   */
  alternatives: number[];
}

export interface BranchUsage {
  /** The junction. */
  state: string;
  /** The index of the entry in its `always` list. */
  index: number;
  taken: number;
}

export interface PrincipleUsage {
  principleId: string;
  name: string;
  /** Mean of the principle's percent over the completed attempts that scored it. */
  averagePercent: number;
  attempts: number;
}

/**
 * Picked because it was first, or because it was right? Each attempt sees a decision's replies in
 * its own shuffled order (unless the decision keeps the written order), so a reply is shown first in
 * some decisions and elsewhere in others. A reply picked about as often wherever it stood was picked
 * for its words; one picked far more often when it happened to be first was picked for its place.
 * Counted over decisions where a reply was picked: time-outs, and choices recorded before the order
 * shown was recorded, are left out.
 */
export interface PositionUsage {
  state: string;
  /** The reply's key. */
  event: string;
  /** The reply's words, as trainees read them. */
  words: string;
  /** Decisions at which this reply was shown first, and how many of them picked it. */
  shownFirst: number;
  pickedWhenFirst: number;
  /** Decisions at which it was shown in another place, and how many of them picked it. */
  shownElsewhere: number;
  pickedWhenElsewhere: number;
  /** Share of its picks made when it was shown first, 0–1; null when it was never picked. */
  firstShareOfPicks: number | null;
  /**
   * Share of the decisions it was shown at where it was shown first, 0–1; null when never shown.
   * If its place made no difference, its picks would come from first place in about this share.
   */
  firstShareOfShowings: number | null;
  reading: PositionReading;
}

/**
 * What the figures say, carefully:
 * - `written-order`: the decision keeps the written order, so every trainee saw the same reply first and place cannot be told from words;
 * - `too-few`: fewer than MIN_DECISIONS_TO_COMPARE decisions with it first, or with it elsewhere;
 * - `first-favoured`: picked clearly more often when first (a difference of at least 10 points that chance alone rarely makes);
 * - `first-avoided`: picked clearly less often when first;
 * - `no-clear-difference`: picked about as often wherever it stood.
 */
export type PositionReading = 'written-order' | 'too-few' | 'first-favoured' | 'first-avoided' | 'no-clear-difference';

/** Below this many decisions either way, a reply's rates are not compared: a handful of picks says nothing about place. */
export const MIN_DECISIONS_TO_COMPARE = 10;
/** A difference in pick rates smaller than this is not called one, however many decisions there are. */
const MIN_RATE_DIFFERENCE = 0.1;
/** Two-sided 95%: a difference chance alone makes once in twenty. */
const Z_95 = 1.96;

/** Plain JSON: it goes to the browser as it is. */
export interface ScenarioUsage {
  scenarioId: string;
  version: number;
  filters: { from: string | null; to: string | null; team: string | null; timeZone: string };
  abandonedAfterHours: number;
  attempts: number;
  completed: number;
  passed: number;
  /** passed ÷ completed, 0–1; null with none completed. */
  passRate: number | null;
  /** Mean overall percent of completed attempts; null with none completed. */
  averagePercent: number | null;
  inProgress: number;
  abandoned: number;
  outcomes: Record<Outcome, number>;
  principles: PrincipleUsage[];
  /** Only states some attempt reached. */
  states: Record<string, StateUsage>;
  choices: ChoiceUsage[];
  branches: BranchUsage[];
  /** Per reply at each decision, in the file's order: picked when shown first versus elsewhere. */
  positions: PositionUsage[];
  /** The decisions the position figures count: choices with the order shown recorded. */
  positionDecisions: number;
  /** The teams trainees belong to, for the filter. */
  teams: string[];
  /**
   * Set when a team filter narrows the attempts to fewer people than the organisation's minimum
   * group size: every figure is then withheld (zero and empty), so nobody's choices can be read
   * one person at a time.
   */
  withheld: { people: number; minimum: number } | null;
}

export interface UsageQuery {
  /** The published version; the newest when absent. */
  version?: number | null;
  /** Inclusive range of calendar days (YYYY-MM-DD) on which attempts started. */
  from?: string | null;
  to?: string | null;
  team?: string | null;
  timeZone: string;
  now?: Date;
  /** The smallest team whose figures are shown; the FRONTLINE_MIN_GROUP_SIZE setting unless given. */
  minGroupSize?: number;
}

// ---- The query string ----

/** The usage route's parameters; an empty one is as good as absent, a bad one is a 400 naming it. */
export function readUsageQuery(params: URLSearchParams): { version: number | null; from: string | null; to: string | null; team: string | null } {
  const value = (name: string) => params.get(name)?.trim() || null;
  const bad = (field: string, message: string) => new HttpError(400, 'invalid-query', message, { field });
  const version = value('version');
  if (version !== null && !/^[1-9]\d{0,8}$/.test(version)) throw bad('version', 'version must be a published version number (1, 2, …).');
  const from = value('from');
  const to = value('to');
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (day !== null && !isRealDate(day)) throw bad(name, `${name} must be a date written YYYY-MM-DD.`);
  }
  if (from && to && from > to) throw bad('to', 'to is before from.');
  const team = value('team');
  if (team !== null && team.length > 100) throw bad('team', 'team is longer than 100 characters.');
  return { version: version === null ? null : Number(version), from, to, team };
}

// ---- Counting ----

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const count = (value: unknown) => Number(value ?? 0);

export async function scenarioUsage(db: Database, actor: User, scenarioId: string, query: UsageQuery): Promise<ScenarioUsage> {
  assertAuthors(actor);
  if (typeof scenarioId !== 'string' || scenarioId.length > 64) throw new RecordNotFoundError('scenario');
  const [scenario] = await db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.id, scenarioId));
  if (!scenario) throw new RecordNotFoundError('scenario');
  const conditions = [eq(scenarioVersions.scenarioId, scenarioId)];
  if (query.version != null) conditions.push(eq(scenarioVersions.version, query.version));
  const [version] = await db
    .select({ id: scenarioVersions.id, version: scenarioVersions.version, source: scenarioVersions.source })
    .from(scenarioVersions)
    .where(and(...conditions))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  if (!version) throw new RecordNotFoundError(query.version == null ? 'published version of that scenario' : 'version of that scenario');

  const now = query.now ?? new Date();
  const from = query.from ?? null;
  const to = query.to ?? null;
  const team = query.team ?? null;
  const abandonedBefore = new Date(now.getTime() - ABANDONED_AFTER_HOURS * 3_600_000).toISOString();

  // The attempts counted: trainees' attempts on this version, started in the range, of the team.
  const chosen = sql`chosen AS (
    SELECT a.id, a.status, a.state_name, a.state_entered_at, a.passed, a.outcome, a.overall_percent, a.principle_scores
    FROM attempts a JOIN users u ON u.id = a.user_id
    WHERE a.scenario_version_id = ${version.id} AND u.role = 'trainee'
    ${from ? sql`AND a.started_at >= ${startOfDate(from, query.timeZone).toISOString()}::timestamptz` : sql``}
    ${to ? sql`AND a.started_at < ${endOfDate(to, query.timeZone).toISOString()}::timestamptz` : sql``}
    ${team ? sql`AND u.team = ${team}` : sql``}
  )`;

  const standing = await rows<{ state_name: string; status: string; abandoned: boolean; outcome: Outcome | null; n: number; passed: number; percent_sum: number | null }>(
    db,
    sql`WITH ${chosen}
      SELECT state_name, status, (status = 'in-progress' AND state_entered_at < ${abandonedBefore}::timestamptz) AS abandoned, outcome,
        count(*)::integer AS n, count(*) FILTER (WHERE passed)::integer AS passed, sum(overall_percent) AS percent_sum
      FROM chosen GROUP BY state_name, status, abandoned, outcome`,
  );
  const principleRows = await rows<{ principle_id: string; average: number; n: number }>(
    db,
    sql`WITH ${chosen}
      SELECT p.key AS principle_id, avg(p.value::double precision) AS average, count(*)::integer AS n
      FROM chosen c CROSS JOIN LATERAL jsonb_each_text(c.principle_scores) p
      WHERE c.status = 'completed' GROUP BY p.key`,
  );
  const stepRows = await rows<{ from_state: string; event: string; to_state: string; n: number }>(
    db,
    sql`WITH ${chosen}
      SELECT e.from_state, e.event, e.to_state, count(*)::integer AS n
      FROM chosen c JOIN attempt_events e ON e.attempt_id = c.id
      GROUP BY e.from_state, e.event, e.to_state`,
  );
  // Every state an attempt stood at was either left by a decision or is where it stands now.
  const reachedRows = await rows<{ state: string; n: number }>(
    db,
    sql`WITH ${chosen}
      SELECT state, count(*)::integer AS n FROM (
        SELECT e.attempt_id, e.from_state AS state FROM chosen c JOIN attempt_events e ON e.attempt_id = c.id
        UNION SELECT id, state_name FROM chosen
      ) visits GROUP BY state`,
  );
  // One row per choice with its place recorded: the order it was picked from depends on the
  // attempt's id, so it is rebuilt here rather than grouped in the database.
  const pickRows = await rows<{ attempt_id: string; from_state: string; mood: number; flags: string[]; event: string; shown_position: number }>(
    db,
    sql`WITH ${chosen}
      SELECT e.attempt_id, e.from_state, e.mood, e.flags, e.event, e.shown_position
      FROM chosen c JOIN attempt_events e ON e.attempt_id = c.id
      WHERE e.shown_position IS NOT NULL AND e.event <> ${TIMEOUT_EVENT}`,
  );
  const teamRows = await rows<{ team: string }>(db, sql`SELECT DISTINCT team FROM users WHERE role = 'trainee' AND team IS NOT NULL ORDER BY team`);
  const teams = teamRows.map((r) => r.team);
  if (team) {
    // As HR reporting tools do: a small group's figures would be its members' own choices.
    const minimum = query.minGroupSize ?? settings().minGroupSize;
    const [people] = await rows<{ n: number }>(db, sql`WITH ${chosen} SELECT count(DISTINCT a.user_id)::integer AS n FROM chosen c JOIN attempts a ON a.id = c.id`);
    const n = count(people?.n ?? 0);
    if (n > 0 && n < minimum) return withheldUsage(scenarioId, version.version, { from, to, team, timeZone: query.timeZone }, teams, { people: n, minimum });
  }

  const states: Record<string, StateUsage> = {};
  const stateOf = (name: string) => (states[name] ??= { reached: 0, decisions: 0, ended: 0, abandoned: 0, inProgress: 0 });
  for (const r of reachedRows) stateOf(r.state).reached = count(r.n);

  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  let attemptCount = 0;
  let completed = 0;
  let passed = 0;
  let percentSum = 0;
  let abandoned = 0;
  let inProgress = 0;
  for (const r of standing) {
    const n = count(r.n);
    attemptCount += n;
    if (r.status === 'completed') {
      completed += n;
      passed += count(r.passed);
      percentSum += Number(r.percent_sum ?? 0);
      if (r.outcome) outcomes[r.outcome] += n;
      stateOf(r.state_name).ended += n;
    } else if (r.abandoned) {
      abandoned += n;
      stateOf(r.state_name).abandoned += n;
    } else {
      inProgress += n;
      stateOf(r.state_name).inProgress += n;
    }
  }

  const doc = JSON.parse(version.source) as ScenarioDocument;
  const { choices, branches } = attributeSteps(
    doc,
    stepRows.map((r) => ({ fromState: r.from_state, event: r.event, toState: r.to_state, count: count(r.n) })),
  );
  for (const c of choices) if (c.taken) stateOf(c.state).decisions += c.taken;
  for (const c of choices) c.share = states[c.state]?.decisions ? c.taken / states[c.state]!.decisions : null;
  for (const b of branches) if (b.taken) stateOf(b.state).reached += b.taken;
  const picks = shownDecisions(
    compileScenario(doc),
    pickRows.map((r) => ({
      attemptId: String(r.attempt_id),
      state: r.from_state,
      mood: count(r.mood),
      flags: parseFlags(r.flags),
      event: r.event,
      shownPosition: count(r.shown_position),
    })),
  );

  return {
    scenarioId,
    version: version.version,
    filters: { from, to, team, timeZone: query.timeZone },
    abandonedAfterHours: ABANDONED_AFTER_HOURS,
    attempts: attemptCount,
    completed,
    passed,
    passRate: completed ? passed / completed : null,
    averagePercent: completed ? percentSum / completed : null,
    inProgress,
    abandoned,
    outcomes,
    principles: principleRows
      .map((r) => ({ principleId: r.principle_id, name: principleName(r.principle_id), averagePercent: Number(r.average), attempts: count(r.n) }))
      .sort((a, b) => orderOf(doc, a.principleId) - orderOf(doc, b.principleId)),
    states,
    choices,
    branches,
    positions: positionFigures(doc, picks),
    positionDecisions: picks.length,
    teams,
    withheld: null,
  };
}

function withheldUsage(scenarioId: string, version: number, filters: ScenarioUsage['filters'], teams: string[], withheld: NonNullable<ScenarioUsage['withheld']>): ScenarioUsage {
  return {
    scenarioId,
    version,
    filters,
    abandonedAfterHours: ABANDONED_AFTER_HOURS,
    attempts: 0,
    completed: 0,
    passed: 0,
    passRate: null,
    averagePercent: null,
    inProgress: 0,
    abandoned: 0,
    outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>,
    principles: [],
    states: {},
    choices: [],
    branches: [],
    positions: [],
    positionDecisions: 0,
    teams,
    withheld,
  };
}

/** jsonb arrives parsed from both drivers; text is parsed to be safe. */
const parseFlags = (flags: unknown): string[] => {
  const value = typeof flags === 'string' ? (JSON.parse(flags) as unknown) : flags;
  return Array.isArray(value) ? value.map(String) : [];
};

/** Principles in the order the scenario lists them. */
const orderOf = (doc: ScenarioDocument, principleId: string) => {
  const index = doc.meta.principles.indexOf(principleId);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
};

export interface StepCount {
  fromState: string;
  event: string;
  /** Where the attempt came to rest: after the choice and any junctions that followed. */
  toState: string;
  count: number;
}

/**
 * Credits grouped steps to the map's edges: the choice taken, which of its guarded alternatives
 * applied, and the junction branches passed on the way to where the attempt came to rest. The
 * route is found from the document by the resting state; where two routes lead to the same
 * state, the first in the file's order is credited (docs/decisions/019-scenario-map.md).
 */
export function attributeSteps(doc: ScenarioDocument, steps: StepCount[]): { choices: ChoiceUsage[]; branches: BranchUsage[] } {
  const choices = new Map<string, ChoiceUsage>();
  const branches = new Map<string, BranchUsage>();

  /** The junction branches (state, index) from `target` to the resting state, or null if it cannot get there. */
  const routeTo = (target: string, resting: string, seen: Set<string>): [string, number][] | null => {
    const state = doc.states[target];
    if (!state || !isJunction(state)) return target === resting ? [] : null;
    if (seen.has(target)) return null;
    seen.add(target);
    for (const [index, branch] of state.always.entries()) {
      const rest = routeTo(branch.target, resting, seen);
      if (rest) return [[target, index], ...rest];
    }
    seen.delete(target);
    return null;
  };

  // Choices in the file's order, so the map and the list read alike.
  for (const [name, state] of Object.entries(doc.states)) {
    if (isDecision(state))
      for (const [event, value] of Object.entries(state.on))
        choices.set(`${name}\u0000${event}`, { state: name, event, taken: 0, share: null, alternatives: asList(value).map(() => 0) });
    if (isJunction(state)) state.always.forEach((_, index) => branches.set(`${name}\u0000${index}`, { state: name, index, taken: 0 }));
  }

  for (const s of steps) {
    const choice = choices.get(`${s.fromState}\u0000${s.event}`);
    if (!choice) continue;
    choice.taken += s.count;
    const state = doc.states[s.fromState];
    if (!state || !isDecision(state)) continue;
    const alternatives = asList(state.on[s.event]!);
    for (const [index, alternative] of alternatives.entries()) {
      const route = routeTo(alternative.target, s.toState, new Set());
      if (!route) continue;
      choice.alternatives[index]! += s.count;
      for (const [junction, branch] of route) branches.get(`${junction}\u0000${branch}`)!.taken += s.count;
      break;
    }
  }
  return { choices: [...choices.values()], branches: [...branches.values()] };
}

// ---- Picked because first, or because right ----

/** A choice as recorded: where the attempt stood, what it picked and the place it was shown at (1 = first). */
export interface RecordedPick {
  attemptId: string;
  state: string;
  mood: number;
  flags: string[];
  event: string;
  shownPosition: number;
}

/** A decision with the replies in the order that attempt was shown them, and the one picked. */
export interface ShownDecision {
  state: string;
  shown: readonly string[];
  picked: string;
}

/**
 * Rebuilds the order each recorded pick was made from, as the player showed it (shownReplies in
 * machines/runtime.ts): the replies open at that position, in the attempt's order for the state.
 * The open replies are worked out once per (state, mood, flags), which few attempts differ in. A
 * pick whose recorded place disagrees with the rebuilt order (a state no longer in the version) is
 * left out rather than guessed.
 */
export function shownDecisions(scenario: CompiledScenario, picks: Iterable<RecordedPick>): ShownDecision[] {
  const openAt = new Map<string, { events: { event: string }[]; fixed: boolean } | null>();
  const out: ShownDecision[] = [];
  for (const pick of picks) {
    const key = JSON.stringify([pick.state, pick.mood, pick.flags]);
    let open = openAt.get(key);
    if (open === undefined) {
      const state = scenario.doc.states[pick.state];
      if (!state || !isDecision(state)) open = null;
      else {
        try {
          const snapshot = snapshotAt(scenario, { state: pick.state, mood: pick.mood, flags: [...pick.flags].sort() });
          open = { events: visibleChoices(openOptions(scenario, snapshot)).map((o) => ({ event: o.event })), fixed: state.meta.fixedOrder === true };
        } catch {
          open = null;
        }
      }
      openAt.set(key, open);
    }
    if (!open) continue;
    const shown = shownOrder(open.events, pick.attemptId, pick.state, open.fixed).map((o) => o.event);
    if (shown.indexOf(pick.event) + 1 !== pick.shownPosition) continue;
    out.push({ state: pick.state, shown, picked: pick.event });
  }
  return out;
}

/** For each reply at each decision of the version, in the file's order: picked when shown first versus elsewhere. */
export function positionFigures(doc: ScenarioDocument, decisions: Iterable<ShownDecision>): PositionUsage[] {
  const figures = new Map<string, PositionUsage>();
  const fixed = new Set<string>();
  for (const [name, state] of Object.entries(doc.states)) {
    if (!isDecision(state)) continue;
    if (state.meta.fixedOrder === true) fixed.add(name);
    for (const [event, value] of Object.entries(state.on)) {
      if (event === TIMEOUT_EVENT) continue;
      const meta = asList(value)[0]?.meta as { choice?: string } | undefined;
      figures.set(`${name}\u0000${event}`, {
        state: name,
        event,
        words: meta?.choice ?? event,
        shownFirst: 0,
        pickedWhenFirst: 0,
        shownElsewhere: 0,
        pickedWhenElsewhere: 0,
        firstShareOfPicks: null,
        firstShareOfShowings: null,
        reading: 'too-few',
      });
    }
  }
  for (const decision of decisions) {
    decision.shown.forEach((event, index) => {
      const figure = figures.get(`${decision.state}\u0000${event}`);
      if (!figure) return;
      const picked = event === decision.picked ? 1 : 0;
      if (index === 0) {
        figure.shownFirst++;
        figure.pickedWhenFirst += picked;
      } else {
        figure.shownElsewhere++;
        figure.pickedWhenElsewhere += picked;
      }
    });
  }
  for (const figure of figures.values()) {
    const picks = figure.pickedWhenFirst + figure.pickedWhenElsewhere;
    const shown = figure.shownFirst + figure.shownElsewhere;
    figure.firstShareOfPicks = picks ? figure.pickedWhenFirst / picks : null;
    figure.firstShareOfShowings = shown ? figure.shownFirst / shown : null;
    figure.reading = fixed.has(figure.state) ? 'written-order' : readPosition(figure);
  }
  return [...figures.values()];
}

/**
 * Whether a reply was picked differently when shown first: only with at least
 * MIN_DECISIONS_TO_COMPARE decisions each way, and only for a difference of at least 10 points in
 * pick rate that a two-proportion z-test puts beyond what chance makes once in twenty.
 */
export function readPosition(counts: Pick<PositionUsage, 'shownFirst' | 'pickedWhenFirst' | 'shownElsewhere' | 'pickedWhenElsewhere'>): PositionReading {
  const { shownFirst: n1, pickedWhenFirst: x1, shownElsewhere: n2, pickedWhenElsewhere: x2 } = counts;
  if (n1 < MIN_DECISIONS_TO_COMPARE || n2 < MIN_DECISIONS_TO_COMPARE) return 'too-few';
  const first = x1 / n1;
  const elsewhere = x2 / n2;
  const difference = first - elsewhere;
  if (Math.abs(difference) < MIN_RATE_DIFFERENCE) return 'no-clear-difference';
  const pooled = (x1 + x2) / (n1 + n2);
  const spread = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (spread === 0 || Math.abs(difference / spread) < Z_95) return 'no-clear-difference';
  return difference > 0 ? 'first-favoured' : 'first-avoided';
}

// ---- Where trainees struggle most, across scenarios ----

/** An answer earning less than this share of the best reply's points at its decision counts as low-scoring. */
export const LOW_SCORE_SHARE = 0.5;

/** A step where trainees' answers went wrong most often: critical errors, or replies that scored low. */
export interface StruggleCount {
  scenarioId: string;
  /** The step (a decision) the answers were given at. */
  state: string;
  /** Answers given there in the period, by trainees. */
  answers: number;
  /** Of those, answers that were critical errors. */
  critical: number;
  /** Of those, answers that were critical errors or earned under LOW_SCORE_SHARE of the best reply's points. */
  weak: number;
}

/**
 * For each decision of the given scenarios (any published version), trainees' answers given since
 * `since`, and how many were critical errors or scored low. Only trainees count, as in the
 * studio's figures above. Grouped in the database; only steps with a weak answer are returned,
 * the most weak answers first.
 */
export async function struggleCounts(db: Database, scenarioIds: readonly string[], since: Date, limit: number): Promise<StruggleCount[]> {
  if (scenarioIds.length === 0) return [];
  const total = (column: SQL) => sql`(SELECT coalesce(sum(p.value::double precision), 0) FROM jsonb_each_text(${column}) p)`;
  const found = await rows<{ scenario_id: string; from_state: string; answers: number; critical: number; weak: number }>(
    db,
    sql`SELECT v.scenario_id, e.from_state, count(*)::integer AS answers,
        count(*) FILTER (WHERE e.critical IS NOT NULL)::integer AS critical,
        count(*) FILTER (WHERE e.critical IS NOT NULL OR ${total(sql`e.earned`)} < ${total(sql`e.best`)} * ${LOW_SCORE_SHARE})::integer AS weak
      FROM attempt_events e
      JOIN attempts a ON a.id = e.attempt_id
      JOIN users u ON u.id = a.user_id
      JOIN scenario_versions v ON v.id = a.scenario_version_id
      WHERE u.role = 'trainee' AND e.created_at >= ${since.toISOString()}::timestamptz
        AND v.scenario_id IN (${sql.join(
          scenarioIds.map((id) => sql`${id}`),
          sql`, `,
        )})
      GROUP BY v.scenario_id, e.from_state`,
  );
  return found
    .map((r) => ({ scenarioId: r.scenario_id, state: r.from_state, answers: count(r.answers), critical: count(r.critical), weak: count(r.weak) }))
    .filter((r) => r.weak > 0)
    .sort((a, b) => b.weak - a.weak || b.weak / b.answers - a.weak / a.answers || a.scenarioId.localeCompare(b.scenarioId) || a.state.localeCompare(b.state))
    .slice(0, limit);
}
