import 'server-only';
import path from 'node:path';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import {
  criticalErrors,
  hasPassed,
  isDecision,
  readingSeconds,
  shownOrder,
  textsShown,
  timeLimitsOf,
  initialSnapshot,
  isFinished,
  openOptions,
  outcomeOf,
  positionOf,
  PRINCIPLE_IDS,
  scoreAttempt,
  step,
  timeLimitOf,
  TIMEOUT_EVENT,
  visibleChoices,
  type CompiledScenario,
  type Decision,
  type Option,
  type Outcome,
  type Points,
  type ScenarioSnapshot,
} from '@/machines';
import { LATENCY_ALLOWANCE_MS, timeLimitMs } from '@/machines/timing';
import { applyAssignmentRules, assignmentStatus, refreshAssignmentProgress, type AssignmentStatus } from '../onboarding/assignments';
import { settings } from '../platform/config';
import type { Database } from '../db';
import { assignmentRules, assignments, auditLog, moduleVersions, users, type Assignment, type TimeMode, type User } from '../db/schema';
import { parseStep, poolStep } from '../onboarding/module-steps';
import { createModule } from '../onboarding/modules';
import { libraryPools } from '../training/pools';
import { addDays, dateIn, startOfDate } from '../platform/org-dates';
import { compiledVersion, newestVersion, publishBuiltinScenarios } from '../training/library';
import type { Settings } from '../platform/settings';
import { SeededRandom } from '@/lib/seeded-random';

/**
 * Synthetic people, teams, assignments and attempts, so that HR's dashboards can be seen and
 * measured at scale (docs/demo-data.md). Attempts are made by playing the real scenarios through
 * the same stepping and scoring functions the server uses, so every path, event and score is one
 * a trainee could have produced. Everything follows from a seed: the same seed, count and `now`
 * give the same data.
 */

/** Every synthetic account's email is under this domain, which can never be a real address. */
export const DEMO_EMAIL_DOMAIN = 'demo.frontline.test';
const DEMO_EMAIL_PATTERN = `%@${DEMO_EMAIL_DOMAIN}`;
const BUILTIN_SCENARIOS = path.join(process.cwd(), 'scenarios');

export const MAX_DEMO_TRAINEES = 100_000;

export interface DemoDataOptions {
  trainees: number;
  /** Anything printable; the same seed gives the same data. */
  seed?: string | number;
  /** The moment the data leads up to; nothing happens after it. */
  now?: Date;
  /** The organisation's zone: working hours, start days and due dates are read there. */
  timeZone?: string;
  /** The mean number of attempts per trainee (default 20); a trainee makes from none to about twice as many. */
  attemptsPerTrainee?: number;
  /** Removes demo data already present first, instead of refusing. */
  force?: boolean;
  onProgress?: (message: string) => void;
}

export interface DemoDataSummary {
  trainees: number;
  deactivated: number;
  teams: string[];
  modules: number;
  rules: number;
  assignments: number;
  attempts: number;
  /** Attempts left unfinished: abandoned, or still being played at `now`. */
  attemptsInProgress: number;
  events: number;
  statuses: Record<AssignmentStatus, number>;
  /** Demo data removed first (with force). */
  removedTrainees: number;
  seconds: number;
}

/** The database already holds demo data; seeding again needs `force`. */
export class DemoDataPresentError extends Error {}
/** Seeding would reach people who are not demo data. */
export class DemoDataRefusedError extends Error {}

// ---------------------------------------------------------------- people

// Common given and family names from many places, combined at random: nobody in particular.
const FIRST_NAMES = [
  'Amara', 'Mateo', 'Aiko', 'Oluwaseun', 'Priya', 'Lukas', 'Sofia', 'Mohammed', 'Ingrid', 'Kwame', 'Mei', 'Santiago',
  'Fatima', 'Noah', 'Zanele', 'Hiroshi', 'Leilani', 'Dmitri', 'Chiara', 'Tariq', 'Ana', 'Jonas', 'Nia', 'Ravi', 'Elif',
  'Thanh', 'Marisol', 'Kofi', 'Saoirse', 'Yusuf', 'Hana', 'Pedro', 'Aroha', 'Bogdan', 'Camille', 'Emeka', 'Freya',
  'Guadalupe', 'Ibrahim', 'Jae-won', 'Kalani', 'Lena', 'Malik', 'Nadia', 'Olumide', 'Paulo', 'Quynh', 'Rania', 'Sven',
  'Tamar', 'Uzma', 'Valentina', 'Wei', 'Ximena', 'Yara', 'Zoltán', 'Ayesha', 'Björn', 'Chidi', 'Dalia', 'Esi', 'Farhan',
  'Gwen', 'Haruto', 'Imani', 'Jakub', 'Keanu', 'Laila', 'Mirela', 'Nikhil', 'Oksana', 'Rafael', 'Siobhan', 'Tomás',
];
const LAST_NAMES = [
  'Okafor', 'García', 'Tanaka', 'Nguyen', 'Kowalski', 'Haddad', 'Johansson', 'Mensah', 'Patel', 'Rossi', 'Fernández',
  'Kim', 'Müller', 'Abubakar', "O'Brien", 'Silva', 'Novak', 'Dubois', 'Chen', 'Adeyemi', 'Hernández', 'Nakamura',
  'Ivanova', 'Kaur', 'Schmidt', 'Mwangi', 'Lindqvist', 'Popescu', 'Yılmaz', 'Rahman', 'Costa', 'Horvat', 'Bianchi',
  'Osei', 'Moreau', 'Takahashi', 'Jovanović', 'Ali', 'Andersen', 'Reyes', 'Sato', 'Kariuki', 'Walsh', 'Ionescu',
  'Petrov', 'Das', 'Bakker', 'Cohen', 'Afolabi', 'López', 'Park', 'Hughes', 'Suzuki', 'Eriksen', 'Mahlangu', 'Vargas',
  'Farouk', 'Kealoha', 'Tremblay', 'Zhang', 'Nowak', 'Begum', 'Ferreira', 'Dlamini',
];
// Departments of a contact centre. "Support" is left out: the demo trainee account is in it.
const TEAM_NAMES = [
  'Billing', 'Returns', 'Night shift', 'Escalations', 'Broadband helpdesk', 'Retention', 'Payments', 'Mobile',
  'Priority accounts', 'Complaints', 'Live chat', 'Small business', 'Weekend cover', 'Collections', 'Moving home',
  'Technical support', 'Social media', 'Faults', 'Welcome calls', 'Onboarding desk',
];
/** Teams whose work is about money get the money module; the rest get the difficult calls. */
const MONEY_TEAMS = new Set(['Billing', 'Returns', 'Payments', 'Retention', 'Collections', 'Small business', 'Priority accounts']);

const STAFF = [
  { key: 'trainer', email: `training.lead@${DEMO_EMAIL_DOMAIN}`, name: 'Noor Lindqvist', role: 'trainer' as const },
  { key: 'hr', email: `people.partner@${DEMO_EMAIL_DOMAIN}`, name: 'Elena Mwangi', role: 'hr' as const },
];

const emailPart = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** How many teams N trainees work in: from 6 for a small company to 20 for a large one. */
export const teamCountFor = (trainees: number) => Math.max(6, Math.min(TEAM_NAMES.length, 6 + Math.round(Math.sqrt(trainees) / 8)));

// ---------------------------------------------------------------- time

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Working hours in the organisation's zone, weekdays 08:00–18:00. */
class WorkingClock {
  private starts = new Map<string, number>();
  constructor(
    private readonly timeZone: string,
    private readonly random: SeededRandom,
  ) {}

  dayStart(date: string): number {
    let start = this.starts.get(date);
    if (start === undefined) {
      start = startOfDate(date, this.timeZone).getTime();
      this.starts.set(date, start);
    }
    return start;
  }

  /** The instant, or the start of the next working period after it (with a little scatter). */
  atWork(instant: number): number {
    let date = dateIn(this.timeZone, new Date(instant));
    for (let guard = 0; guard < 10; guard++) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      const start = this.dayStart(date);
      const hour = (instant - start) / HOUR;
      if (weekday !== 0 && weekday !== 6 && hour >= 8 && hour < 18) return instant;
      if (weekday !== 0 && weekday !== 6 && hour < 8) return start + 8 * HOUR + this.random.between(0, 2 * HOUR);
      date = addDays(date, 1);
      instant = this.dayStart(date);
    }
    return instant;
  }
}

// ---------------------------------------------------------------- playing scenarios

/** A position in a scenario, with what can be done there, worked out once and shared by every attempt. */
interface Node {
  snapshot: ScenarioSnapshot;
  state: string;
  mood: number;
  flags: string[];
  finished: boolean;
  outcome: Outcome | null;
  visible: Option[];
  /** The choice scoring the most points, which a skilled trainee tends to pick. */
  best: Option | null;
  timeoutOpen: boolean;
  limitSeconds: number | null;
  /** Seconds to read what the decision shows, added to its limit. */
  readSeconds: number;
  /** The decision shows its replies in the written order, not shuffled. */
  fixedOrder: boolean;
  moves: Map<string, { decision: Decision; next: Node }>;
}

/** A compiled scenario with its positions memoised: the machine is stepped once per position and event. */
class PlayableScenario {
  private nodes = new Map<string, Node>();
  readonly start: Node;

  constructor(
    readonly scenarioId: string,
    readonly versionId: string,
    readonly compiled: CompiledScenario,
  ) {
    this.start = this.node(initialSnapshot(compiled));
  }

  private node(snapshot: ScenarioSnapshot): Node {
    const position = positionOf(snapshot);
    const key = `${position.state}\u0000${position.mood}\u0000${position.flags.join(',')}`;
    const known = this.nodes.get(key);
    if (known) return known;
    const options = openOptions(this.compiled, snapshot);
    const visible = visibleChoices(options);
    const total = (points: Points) => Object.values(points).reduce((a, b) => a + b, 0);
    const best = visible.reduce<Option | null>((top, o) => (top === null || total(o.points) > total(top.points) ? o : top), null);
    const finished = isFinished(snapshot);
    const node: Node = {
      snapshot,
      ...position,
      finished,
      outcome: finished ? outcomeOf(this.compiled, snapshot) : null,
      visible,
      best,
      timeoutOpen: options.some((o) => o.event === TIMEOUT_EVENT),
      limitSeconds: timeLimitOf(this.compiled, snapshot),
      readSeconds: readingSeconds(textsShown(this.compiled, snapshot)),
      fixedOrder: !finished && isDecision(this.compiled.doc.states[position.state]!) && (this.compiled.doc.states[position.state] as { meta: { fixedOrder?: boolean } }).meta.fixedOrder === true,
      moves: new Map(),
    };
    this.nodes.set(key, node);
    return node;
  }

  move(from: Node, event: string): { decision: Decision; next: Node } {
    let move = from.moves.get(event);
    if (!move) {
      const result = step(this.compiled, from.snapshot, event);
      if (!result.ok) throw new Error(`demo data: "${event}" is not open in ${this.scenarioId} at ${from.state}`);
      move = { decision: result.decision, next: this.node(result.next) };
      from.moves.set(event, move);
    }
    return move;
  }

  get passPercent(): number {
    return this.compiled.doc.meta.passPercent;
  }

  /** Attempts record a time mode only where the scenario has a timed decision. */
  get timed(): boolean {
    return timeLimitsOf(this.compiled.doc).length > 0;
  }
}

interface AttemptRow {
  id: string;
  userId: string;
  scenarioVersionId: string;
  scenarioId: string;
  timeMode: TimeMode | null;
  state: string;
  mood: number;
  flags: string[];
  step: number;
  stateEnteredAt: number;
  startedAt: number;
  completedAt: number | null;
  outcome: Outcome | null;
  passed: boolean | null;
  overallPercent: number | null;
  principleScores: Record<string, number> | null;
  criticalErrors: number;
}

interface EventRow {
  attemptId: string;
  seq: number;
  event: string;
  requestedEvent: string;
  fromState: string;
  mood: number;
  flags: string[];
  toState: string;
  earned: Points;
  best: Points;
  elapsedMs: number;
  shownPosition: number | null;
  critical: string | null;
  createdAt: number;
}

interface Player {
  userId: string;
  timeMode: TimeMode;
  /** Probability of taking the best choice, before practice. */
  skill: number;
  weakPrinciple: string;
  /** How quickly this person decides: a factor on think times. */
  pace: number;
}

/**
 * Plays one attempt from `startedAt` as a trainee of the given skill would, deciding by the
 * server's rules (a choice after the time limit plus the latency allowance becomes TIMEOUT), and
 * scores it exactly as submitChoice does when it ends. Stops unfinished when abandoned or at `until`.
 */
function playAttempt(
  random: SeededRandom,
  scenario: PlayableScenario,
  player: Player,
  practice: number,
  startedAt: number,
  until: number,
  events: EventRow[],
): AttemptRow {
  const id = random.uuid();
  const skill = Math.min(0.97, player.skill + 0.035 * Math.min(practice, 8));
  const abandonAt = random.chance(0.045) ? random.int(1, 5) : Infinity;
  const decisions: Decision[] = [];
  let node = scenario.start;
  let clock = startedAt;
  let seq = 0;
  while (!node.finished && seq < abandonAt) {
    const weak = node.best && (node.best.points[player.weakPrinciple] ?? 0) > 0 ? 0.25 : 0;
    const choice = node.best && random.chance(skill - weak) ? node.best : random.pick(node.visible);
    const limit = scenario.timed ? timeLimitMs(node.limitSeconds, node.readSeconds, player.timeMode) : null;
    let requested = choice.event;
    let event = choice.event;
    let elapsed: number;
    if (limit !== null && node.timeoutOpen && random.chance(0.1 - skill * 0.07)) {
      // The timer ran out: the browser sends TIMEOUT at the deadline.
      elapsed = limit + random.int(0, 800);
      requested = event = TIMEOUT_EVENT;
    } else if (limit !== null && node.timeoutOpen && random.chance(0.015)) {
      // A choice that arrived too late: the server applies TIMEOUT instead.
      elapsed = limit + LATENCY_ALLOWANCE_MS + random.int(100, 4_000);
      event = TIMEOUT_EVENT;
    } else if (limit !== null) {
      elapsed = Math.round(limit * random.between(0.25, 0.92));
    } else {
      elapsed = Math.round(Math.min(75_000, Math.max(2_500, 14_000 * player.pace * Math.exp(0.55 * random.normal()))));
    }
    if (clock + elapsed > until) break;
    clock += elapsed;
    const { decision, next } = scenario.move(node, event);
    decisions.push(decision);
    const shown = event === TIMEOUT_EVENT ? -1 : shownOrder(node.visible, id, node.state, node.fixedOrder).findIndex((o) => o.event === event);
    events.push({
      attemptId: id,
      seq,
      event,
      requestedEvent: requested,
      fromState: node.state,
      mood: node.mood,
      flags: node.flags,
      toState: next.state,
      earned: decision.earned,
      best: decision.best,
      elapsedMs: elapsed,
      shownPosition: shown === -1 ? null : shown + 1,
      critical: decision.critical,
      createdAt: clock,
    });
    node = next;
    seq++;
  }
  const row: AttemptRow = {
    id,
    userId: player.userId,
    scenarioVersionId: scenario.versionId,
    scenarioId: scenario.scenarioId,
    timeMode: scenario.timed ? player.timeMode : null,
    state: node.state,
    mood: node.mood,
    flags: node.flags,
    step: seq,
    stateEnteredAt: clock,
    startedAt,
    completedAt: null,
    outcome: null,
    passed: null,
    overallPercent: null,
    principleScores: null,
    criticalErrors: 0,
  };
  if (node.finished) {
    const score = scoreAttempt(decisions);
    row.completedAt = clock;
    row.outcome = node.outcome!;
    row.criticalErrors = criticalErrors(decisions);
    row.passed = hasPassed(score.overallPercent, scenario.passPercent, node.outcome!, row.criticalErrors);
    row.overallPercent = score.overallPercent;
    row.principleScores = score.principles;
  }
  return row;
}

// ---------------------------------------------------------------- the plan

interface ModulePlan {
  key: 'week-1' | 'week-2' | 'week-3' | 'money' | 'refresher';
  title: string;
  description: string;
  /** Scenario ids and `pool:<id>` steps (module-steps.ts). */
  steps: string[];
  defaultDueDays: number;
}

/** An onboarding programme as a contact centre would run it: practice first, then an assessment drawn from pools. */
const MODULE_PLANS: ModulePlan[] = [
  {
    key: 'week-1',
    title: 'Week 1: the basics',
    description: 'Coaching scenarios with feedback after every reply: listening, plain words, honest answers and a good close, on every channel.',
    steps: ['closing-well', 'the-router-light', 'a-little-english', 'through-a-relay-service', 'the-honest-recommendation', 'i-dont-know-but-ill-find-out'],
    defaultDueDays: 7,
  },
  {
    key: 'week-2',
    title: 'Week 2: difficult conversations',
    description: 'Angry, upset and vulnerable customers, answers that stay no, and knowing when to hand over. Still coaching: feedback as you go.',
    steps: ['forty-minutes-on-hold', 'i-read-the-terms', 'the-answer-is-no', 'let-me-speak-to-your-manager', 'after-the-funeral', 'line-crossed', 'six-chats-waiting'],
    defaultDueDays: 14,
  },
  {
    key: 'week-3',
    title: 'Week 3: assessment',
    description: 'Three assessments, feedback at the end. Each draws one of several versions of the situation, so a retake is a new conversation.',
    steps: ['pool:who-is-asking', 'pool:delivery-on-the-phone', 'pool:putting-it-right'],
    defaultDueDays: 21,
  },
  {
    key: 'money',
    title: 'Money conversations',
    description: 'Price challenges, refunds just outside the rules and promises a colleague made, for the teams that handle bills and payments.',
    steps: ['competitor-is-cheaper', 'just-this-once', 'my-colleague-said-so'],
    defaultDueDays: 30,
  },
  {
    key: 'refresher',
    title: 'Refresher: bad news and promises',
    description: 'A refresher for everyone who has been with us a while.',
    steps: ['before-they-hear-it-elsewhere', 'closing-well'],
    defaultDueDays: 30,
  },
];

/** The cohort modules, in the order a starter takes them. */
const ONBOARDING: ModulePlan['key'][] = ['week-1', 'week-2', 'week-3'];

interface Trainee {
  index: number;
  id: string;
  name: string;
  email: string;
  team: string;
  startDate: string;
  /** 09:00 on the start day: when they are created and assigned. */
  startAt: number;
  timeMode: TimeMode;
  deactivateAt: number | null;
  budget: number;
  profile: 'prompt' | 'slow' | 'stalls' | 'never';
  player: Player;
}

const PLANNED_PER_MADE = 1.19;

function planTrainees(seed: string, count: number, teams: string[], today: string, clock: WorkingClock, meanAttempts: number): Trainee[] {
  const random = new SeededRandom(seed, 'people');
  const teamWeights = teams.map((_, i) => 1 / Math.pow(i + 1.5, 0.8));
  const teamTotal = teamWeights.reduce((a, b) => a + b, 0);
  const teamSkill = new Map(teams.map((t) => [t, random.between(-0.1, 0.1)]));
  const used = new Map<string, number>();
  const out: Trainee[] = [];
  for (let index = 0; index < count; index++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const base = `${emailPart(first)}.${emailPart(last)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const email = `${base}${n > 1 ? n : ''}@${DEMO_EMAIL_DOMAIN}`;
    let pickTeam = random.next() * teamTotal;
    const team = teams[teamWeights.findIndex((w) => (pickTeam -= w) < 0)] ?? teams[0]!;
    // A growing company, where more people started recently, and new people start on a Monday.
    const daysAgo = Math.min(365, Math.floor((365 * (1 - Math.sqrt(random.next() * 0.84 + 0.16))) / 0.6) + 1);
    const drawn = addDays(today, -daysAgo);
    const sinceMonday = (new Date(`${drawn}T00:00:00Z`).getUTCDay() + 6) % 7;
    const startDate = addDays(drawn, daysAgo + sinceMonday > 365 ? 7 - sinceMonday : -sinceMonday);
    const startAt = clock.dayStart(startDate) + 9 * HOUR;
    const r = random.next();
    const profile = r < 0.07 ? 'never' : r < 0.55 ? 'prompt' : r < 0.87 ? 'slow' : 'stalls';
    const modes = random.next();
    const timeMode: TimeMode = modes < 0.06 ? 'extended' : modes < 0.075 ? 'off' : 'standard';
    const tenureDays = Math.max(1, Math.round((clock.dayStart(today) - startAt) / DAY));
    const activity = random.between(0.3, 1.7) * Math.min(1, (tenureDays + 10) / 100);
    out.push({
      index,
      id: random.uuid(),
      name: `${first} ${last}`,
      email,
      team,
      startDate,
      startAt,
      timeMode,
      deactivateAt: null,
      budget: profile === 'never' ? 0 : profile === 'stalls' ? random.int(1, 3) : activity,
      profile,
      player: {
        userId: '',
        timeMode,
        skill: Math.max(0.1, Math.min(0.92, 0.62 + teamSkill.get(team)! + 0.16 * random.normal())),
        weakPrinciple: random.pick(PRINCIPLE_IDS),
        pace: random.between(0.6, 1.6),
      },
    });
  }
  // Scale the active people's budgets so the total is the requested mean.
  const active = out.filter((t) => t.profile === 'prompt' || t.profile === 'slow');
  const fixed = out.reduce((sum, t) => sum + (t.profile === 'stalls' ? t.budget : 0), 0);
  const weight = active.reduce((sum, t) => sum + t.budget, 0);
  // About a sixth of what is planned never happens (time runs out before `now`, people leave), so plan that much more.
  const factor = weight > 0 ? (PLANNED_PER_MADE * Math.max(0, meanAttempts * count - fixed)) / weight : 0;
  for (const t of active) t.budget = Math.max(1, Math.round(t.budget * factor));
  // A few have left: their accounts are deactivated some time after they started.
  const leavers = count >= 10 ? Math.max(1, Math.round(count * 0.03)) : 0;
  const now = clock.dayStart(today);
  for (let i = 0; i < leavers; i++) {
    const t = out[random.int(0, count - 1)]!;
    if (now - t.startAt < 40 * DAY) continue;
    t.deactivateAt = t.startAt + random.between(30 * DAY, now - t.startAt - 2 * DAY);
  }
  for (const t of out) t.player.userId = t.id;
  return out;
}

// ---------------------------------------------------------------- writing in bulk

/**
 * Rows go in as one JSON document per statement, unpacked by json_to_recordset: one bind
 * parameter however many rows, and far less work than thousands of placeholders.
 */
async function insertJson(db: Database, into: string, columns: [string, string][], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const names = columns.map(([name]) => name).join(', ');
  const keys = columns.map((_, i) => `c${i}`);
  const typed = columns.map(([, type], i) => `${keys[i]} ${type}`).join(', ');
  const objects = rows.map((row) => Object.fromEntries(row.map((value, i) => [keys[i], value])));
  await db.execute(sql`INSERT INTO ${sql.raw(into)} (${sql.raw(names)}) SELECT ${sql.raw(keys.join(', '))} FROM json_to_recordset(${JSON.stringify(objects)}::json) AS r(${sql.raw(typed)})`);
}

const ATTEMPT_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['user_id', 'uuid'],
  ['scenario_version_id', 'uuid'],
  ['status', 'text'],
  ['time_mode', 'text'],
  ['state_name', 'text'],
  ['mood', 'integer'],
  ['flags', 'jsonb'],
  ['step', 'integer'],
  ['state_entered_at', 'timestamptz'],
  ['started_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['outcome', 'text'],
  ['passed', 'boolean'],
  ['overall_percent', 'double precision'],
  ['principle_scores', 'jsonb'],
  ['critical_errors', 'integer'],
];
const EVENT_COLUMNS: [string, string][] = [
  ['attempt_id', 'uuid'],
  ['seq', 'integer'],
  ['event', 'text'],
  ['requested_event', 'text'],
  ['from_state', 'text'],
  ['mood', 'integer'],
  ['flags', 'jsonb'],
  ['to_state', 'text'],
  ['earned', 'jsonb'],
  ['best', 'jsonb'],
  ['elapsed_ms', 'integer'],
  ['shown_position', 'integer'],
  ['critical', 'text'],
  ['created_at', 'timestamptz'],
];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const attemptValues = (a: AttemptRow): unknown[] => [
  a.id,
  a.userId,
  a.scenarioVersionId,
  a.completedAt === null ? 'in-progress' : 'completed',
  a.timeMode,
  a.state,
  a.mood,
  a.flags,
  a.step,
  iso(a.stateEnteredAt),
  iso(a.startedAt),
  iso(a.completedAt),
  a.outcome,
  a.passed,
  a.overallPercent,
  a.principleScores,
  a.criticalErrors,
];
const eventValues = (e: EventRow): unknown[] => [
  e.attemptId,
  e.seq,
  e.event,
  e.requestedEvent,
  e.fromState,
  e.mood,
  e.flags,
  e.toState,
  e.earned,
  e.best,
  e.elapsedMs,
  e.shownPosition,
  e.critical,
  iso(e.createdAt),
];

const EVENTS_PER_STATEMENT = 20_000;
const ATTEMPTS_PER_STATEMENT = 5_000;
const TRAINEES_PER_TRANSACTION = 500;

// ---------------------------------------------------------------- presence and removal

const demoUserIds = sql`(SELECT id FROM users WHERE email LIKE ${DEMO_EMAIL_PATTERN})`;

/** How many demo accounts the database holds. */
export async function demoDataCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(users).where(like(users.email, DEMO_EMAIL_PATTERN));
  return row?.n ?? 0;
}

/** Removes every demo account and what hangs off it: their attempts, assignments, totals, and the demo modules. */
export async function removeDemoData(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    const demoModules = sql`(SELECT id FROM modules WHERE created_by IN ${demoUserIds})`;
    const [held] = await tx.execute<{ n: number }>(sql`
      SELECT count(*)::integer AS n FROM assignments a JOIN assignment_rules r ON r.id = a.rule_id
      WHERE r.module_id IN ${demoModules} AND a.user_id NOT IN ${demoUserIds}`).then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    if (held && held.n > 0) {
      throw new DemoDataRefusedError(`The demo modules are held by ${held.n} assignment(s) of people who are not demo data; unassign them before removing the demo data.`);
    }
    const demoAttempts = sql`(SELECT id FROM attempts WHERE user_id IN ${demoUserIds})`;
    await tx.execute(sql`DELETE FROM lrs_deliveries WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM attempt_events WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM attempt_time_mode_changes WHERE attempt_id IN ${demoAttempts}`);
    await tx.execute(sql`DELETE FROM attempts WHERE user_id IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM principle_totals WHERE user_id IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM assignments WHERE user_id IN ${demoUserIds} OR rule_id IN (SELECT id FROM assignment_rules WHERE module_id IN ${demoModules} OR user_id IN ${demoUserIds})`);
    await tx.execute(sql`DELETE FROM assignment_rules WHERE module_id IN ${demoModules} OR user_id IN ${demoUserIds}`);
    await tx.execute(sql`UPDATE assignment_rules SET removed_by = NULL WHERE removed_by IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM module_versions WHERE module_id IN ${demoModules}`);
    await tx.execute(sql`DELETE FROM modules WHERE id IN ${demoModules}`);
    await tx.execute(sql`DELETE FROM password_links WHERE user_id IN ${demoUserIds} OR created_by IN ${demoUserIds}`);
    await tx.execute(sql`DELETE FROM audit_log WHERE actor_id IN ${demoUserIds} OR target_user_id IN ${demoUserIds}`);
    await tx.execute(sql`UPDATE scenario_versions SET published_by = NULL WHERE published_by IN ${demoUserIds}`);
    const removed = await tx.delete(users).where(like(users.email, DEMO_EMAIL_PATTERN)).returning({ id: users.id });
    return removed.length;
  });
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

// ---------------------------------------------------------------- seeding

/**
 * Fills the database with `trainees` synthetic trainees in teams, the modules they are assigned by
 * team and cohort rules, and their attempts. Refuses when demo data is present (unless `force`)
 * and when active trainees who are not demo data exist, whom the demo rules would reach.
 */
export async function seedDemoData(db: Database, options: DemoDataOptions): Promise<DemoDataSummary> {
  const began = performance.now();
  const count = options.trainees;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_TRAINEES) {
    throw new RangeError(`The number of demo trainees must be a whole number from 1 to ${MAX_DEMO_TRAINEES}, not ${count}.`);
  }
  const meanAttempts = options.attemptsPerTrainee ?? 20;
  if (!Number.isFinite(meanAttempts) || meanAttempts < 0 || meanAttempts > 200) {
    throw new RangeError(`Attempts per trainee must be a number from 0 to 200, not ${meanAttempts}.`);
  }
  const seed = String(options.seed ?? 'frontline');
  const now = (options.now ?? new Date()).getTime();
  const timeZone = options.timeZone ?? settings().timeZone;
  const report = options.onProgress ?? (() => {});
  const today = dateIn(timeZone, new Date(now));

  let removedTrainees = 0;
  if ((await demoDataCount(db)) > 0) {
    if (!options.force) throw new DemoDataPresentError('The database already holds demo data. Seed again with force (--force) to replace it.');
    report('Removing the demo data already present…');
    removedTrainees = await removeDemoData(db);
  }
  const real = rowsOf<{ email: string; n: number }>(
    await db.execute(sql`
      SELECT email, count(*) OVER ()::integer AS n FROM users
      WHERE role = 'trainee' AND active AND anonymised_at IS NULL AND NOT demo AND email NOT LIKE ${DEMO_EMAIL_PATTERN}
      ORDER BY email LIMIT 3`),
  );
  if (real.length) {
    throw new DemoDataRefusedError(
      `This database has ${real[0]!.n} trainee account(s) that are not demo data (${real.map((r) => r.email).join(', ')}${real[0]!.n > 3 ? ', …' : ''}); ` +
        'the demo team and cohort rules would assign them modules. Seed demo data into a database of its own (another FRONTLINE_DATA_DIR or DATABASE_URL).',
    );
  }

  // The scenarios, compiled once; a pool step is played as one of its variants.
  const scenarioSteps = [...new Set(MODULE_PLANS.flatMap((m) => m.steps))].filter((step) => parseStep(step).kind === 'scenario');
  if ((await Promise.all(scenarioSteps.map((id) => newestVersion(db, id)))).some((v) => v === null)) {
    await publishBuiltinScenarios(db, BUILTIN_SCENARIOS);
  }
  const variantsOf = new Map((await libraryPools(db)).map((pool) => [poolStep(pool.id), pool.variants.map((v) => v.scenarioId)]));
  const stepScenarios = (step: string) => variantsOf.get(step) ?? (parseStep(step).kind === 'scenario' ? [step] : []);
  const neededIds = [...new Set(MODULE_PLANS.flatMap((m) => m.steps.flatMap(stepScenarios)))];
  const playable = new Map<string, PlayableScenario>();
  for (const id of neededIds) {
    const version = await newestVersion(db, id);
    if (version) playable.set(id, new PlayableScenario(id, version.id, await compiledVersion(db, version.id)));
  }
  const candidatesOf = (step: string) => stepScenarios(step).filter((id) => playable.has(id));
  const plans = MODULE_PLANS.map((m) => ({ ...m, steps: m.steps.filter((step) => candidatesOf(step).length) })).filter((m) => m.steps.length);
  if (!plans.length) throw new Error(`None of the built-in scenarios the demo modules use (${neededIds.join(', ')}) can be played.`);
  const scenarioList = [...playable.values()];

  // A year of history: the modules and rules were set up before the first of these people started.
  const clock = new WorkingClock(timeZone, new SeededRandom(seed, 'clock'));
  const setupDay = addDays(today, -380);
  const setupAt = clock.dayStart(setupDay) + 10 * HOUR;
  const teams = TEAM_NAMES.slice(0, teamCountFor(count));
  const trainees = planTrainees(seed, count, teams, today, clock, meanAttempts);

  // The staff who own the modules; inserted first and under a lock, so a second seeder finds them and stops.
  const staffIds = new SeededRandom(seed, 'staff');
  const staff = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('frontline:demo-data'))`);
    if ((await demoDataCount(tx)) > 0) throw new DemoDataPresentError('Demo data is being added by another process.');
    return tx
      .insert(users)
      .values(STAFF.map((s) => ({ id: staffIds.uuid(), email: s.email, name: s.name, role: s.role, createdAt: new Date(setupAt - 30 * DAY), startDate: addDays(setupDay, -400) })))
      .returning();
  });
  const trainer = staff.find((s) => s.role === 'trainer')!;
  const hr = staff.find((s) => s.role === 'hr')!;

  report(`Creating ${count.toLocaleString('en')} trainees in ${teams.length} teams…`);
  for (let i = 0; i < trainees.length; i += 2_000) {
    await insertJson(
      db,
      'users',
      [
        ['id', 'uuid'],
        ['email', 'text'],
        ['name', 'text'],
        ['role', 'text'],
        ['team', 'text'],
        ['start_date', 'date'],
        ['time_mode', 'text'],
        ['created_at', 'timestamptz'],
      ],
      trainees.slice(i, i + 2_000).map((t) => [t.id, t.email, t.name, 'trainee', t.team, t.startDate, t.timeMode, iso(t.startAt - 7 * DAY)]),
    );
  }

  // Modules and rules, as the trainer and HR made them.
  const moduleIds = new Map<ModulePlan['key'], string>();
  for (const plan of plans) {
    const created = await createModule(db, trainer as User, { title: plan.title, description: plan.description, steps: plan.steps, defaultDueDays: plan.defaultDueDays }, new Date(setupAt));
    moduleIds.set(plan.key, created.id);
  }
  type RuleValues = typeof assignmentRules.$inferInsert;
  const ruleValues: RuleValues[] = [];
  const laterRules: RuleValues[] = [];
  for (const key of ONBOARDING) {
    const moduleId = moduleIds.get(key);
    const plan = plans.find((p) => p.key === key);
    if (!moduleId || !plan) continue;
    // One cohort rule per quarter of starters; the second-to-last quarter was given fixed due dates.
    for (let q = 0; q < 5; q++) {
      const from = addDays(today, -372 + q * 91);
      const to = q === 4 ? addDays(today, 120) : addDays(from, 90);
      ruleValues.push({ moduleId, kind: 'cohort', cohortFrom: from, cohortTo: to, dueDate: q === 3 ? addDays(to, plan.defaultDueDays) : null, createdBy: hr.id, createdAt: new Date(setupAt) });
    }
  }
  const money = moduleIds.get('money');
  for (const team of teams) {
    if (money && MONEY_TEAMS.has(team)) ruleValues.push({ moduleId: money, kind: 'team', team, createdBy: hr.id, createdAt: new Date(setupAt) });
  }
  // Eighteen days ago, everyone who started more than four months ago got a refresher with a fixed due date.
  const refresher = moduleIds.get('refresher');
  const refresherAt = clock.atWork(now - 18 * DAY);
  if (refresher) {
    laterRules.push({
      moduleId: refresher,
      kind: 'cohort',
      cohortFrom: addDays(today, -400),
      cohortTo: addDays(today, -120),
      dueDate: addDays(today, 12),
      createdBy: hr.id,
      createdAt: new Date(refresherAt),
    });
  }

  const heldBy = new Map<string, Assignment[]>();
  const hold = (created: Assignment[]) => {
    for (const a of created) heldBy.set(a.userId, [...(heldBy.get(a.userId) ?? []), a]);
  };
  // Logged as createAssignmentRule logs a rule, at the time it was made.
  await db.transaction(async (tx) => {
    const recordRule = async (rule: typeof assignmentRules.$inferSelect, assigned: number) =>
      tx.insert(auditLog).values({
        action: 'module-assigned',
        actorId: hr.id,
        subject: rule.moduleId,
        details: { ruleId: rule.id, kind: rule.kind, team: rule.team, cohortFrom: rule.cohortFrom, cohortTo: rule.cohortTo, dueDate: rule.dueDate, assigned },
        at: rule.createdAt,
      });
    const setupRules = await tx.insert(assignmentRules).values(ruleValues).returning();
    for (const rule of setupRules) await recordRule(rule, 0);

    // Each person gets the rules' modules on their first day, as when HR adds them; the refresher comes later.
    report('Assigning modules…');
    const byStart = new Map<string, Trainee[]>();
    for (const t of trainees) byStart.set(t.startDate, [...(byStart.get(t.startDate) ?? []), t]);
    const startDays = [...byStart.keys()].sort();
    let laterApplied = laterRules.length === 0;
    const applyLater = async () => {
      laterApplied = true;
      const inserted = await tx.insert(assignmentRules).values(laterRules).returning();
      for (const rule of inserted) {
        const reached = trainees.filter((t) => t.startAt < refresherAt && (t.deactivateAt === null || t.deactivateAt > refresherAt)).map((t) => t.id);
        let assigned = 0;
        for (let i = 0; i < reached.length; i += 2_000) {
          const created = await applyAssignmentRules(tx, { ruleId: rule.id, userIds: reached.slice(i, i + 2_000) }, new Date(refresherAt), timeZone);
          hold(created);
          assigned += created.length;
        }
        await recordRule(rule, assigned);
      }
    };
    for (const day of startDays) {
      const group = byStart.get(day)!;
      if (!laterApplied && group[0]!.startAt >= refresherAt) await applyLater();
      hold(await applyAssignmentRules(tx, { userIds: group.map((t) => t.id) }, new Date(group[0]!.startAt), timeZone));
    }
    if (!laterApplied) await applyLater();
  });
  const assignmentCount = [...heldBy.values()].reduce((n, list) => n + list.length, 0);
  report(`Made ${assignmentCount.toLocaleString('en')} assignments; playing the scenarios…`);

  // Attempts, in chunks of people: played in memory, written in large statements, one transaction per chunk.
  const modulesByVersion = new Map(
    (await db.select({ id: moduleVersions.id, steps: moduleVersions.steps, moduleId: moduleVersions.moduleId }).from(moduleVersions).where(inArray(moduleVersions.moduleId, [...moduleIds.values()]))).map((v) => [v.id, v]),
  );
  const completions: [string, string][] = [];
  let attemptTotal = 0;
  let unfinished = 0;
  let eventTotal = 0;
  for (let i = 0; i < trainees.length; i += TRAINEES_PER_TRANSACTION) {
    const chunk = trainees.slice(i, i + TRAINEES_PER_TRANSACTION);
    const attemptRows: AttemptRow[] = [];
    const eventRows: EventRow[] = [];
    for (const trainee of chunk) {
      const held = heldBy.get(trainee.id) ?? [];
      const made = simulateTrainee(seed, trainee, held, modulesByVersion, candidatesOf, playable, scenarioList, clock, now, eventRows);
      attemptRows.push(...made);
      // What recordProgress would store: each scenario's first pass since the assignment, the last of them.
      for (const assignment of held) {
        const version = modulesByVersion.get(assignment.moduleVersionId)!;
        const firsts = version.steps.map((step) => {
          const candidates = candidatesOf(step);
          let first: number | null = null;
          for (const a of made) {
            if (candidates.includes(a.scenarioId) && a.passed && a.completedAt !== null && a.completedAt >= assignment.assignedAt.getTime() && a.completedAt <= now) {
              if (first === null || a.completedAt < first) first = a.completedAt;
            }
          }
          return first;
        });
        if (firsts.length && firsts.every((t) => t !== null)) completions.push([assignment.id, iso(Math.max(...(firsts as number[])))!]);
      }
    }
    await db.transaction(async (tx) => {
      for (let k = 0; k < attemptRows.length; k += ATTEMPTS_PER_STATEMENT) await insertJson(tx, 'attempts', ATTEMPT_COLUMNS, attemptRows.slice(k, k + ATTEMPTS_PER_STATEMENT).map(attemptValues));
      for (let k = 0; k < eventRows.length; k += EVENTS_PER_STATEMENT) await insertJson(tx, 'attempt_events', EVENT_COLUMNS, eventRows.slice(k, k + EVENTS_PER_STATEMENT).map(eventValues));
    });
    attemptTotal += attemptRows.length;
    unfinished += attemptRows.filter((a) => a.completedAt === null).length;
    eventTotal += eventRows.length;
    report(`Attempts: ${Math.min(i + chunk.length, count).toLocaleString('en')} of ${count.toLocaleString('en')} trainees, ${attemptTotal.toLocaleString('en')} attempts, ${eventTotal.toLocaleString('en')} choices`);
  }

  // PGlite has no autovacuum: without fresh statistics the planner would take these tables for empty.
  await db.execute(sql`ANALYZE users, attempts, attempt_events, assignments, assignment_rules`);
  report('Completions, progress and principle totals…');
  await db.transaction(async (tx) => {
    for (let k = 0; k < completions.length; k += 10_000) {
      await tx.execute(sql`
        UPDATE assignments a SET completed_at = c.completed_at
        FROM json_to_recordset(${JSON.stringify(completions.slice(k, k + 10_000).map(([id, at]) => ({ id, completed_at: at })))}::json) AS c(id uuid, completed_at timestamptz)
        WHERE a.id = c.id AND a.completed_at IS NULL`);
    }
    await refreshAssignmentProgress(tx);
    await rebuildPrincipleTotals(tx, demoUserIds);
    // Leavers' accounts are closed as an administrator would: deactivated and signed out.
    const leavers = trainees.filter((t) => t.deactivateAt !== null).map((t) => t.id);
    if (leavers.length) await tx.update(users).set({ active: false, tokenVersion: sql`${users.tokenVersion} + 1` }).where(inArray(users.id, leavers));
    await tx.execute(sql`
      UPDATE users u SET last_sign_in_at = x.last FROM (SELECT user_id, max(started_at) AS last FROM attempts WHERE user_id IN ${demoUserIds} GROUP BY user_id) x
      WHERE u.id = x.user_id`);
  });
  await db.execute(sql`ANALYZE assignments, principle_totals, users`);

  const statuses = await demoAssignmentStatuses(db, new Date(now), timeZone);
  return {
    trainees: count,
    deactivated: trainees.filter((t) => t.deactivateAt !== null).length,
    teams,
    modules: moduleIds.size,
    rules: ruleValues.length + laterRules.length,
    assignments: assignmentCount,
    attempts: attemptTotal,
    attemptsInProgress: unfinished,
    events: eventTotal,
    statuses,
    removedTrainees,
    seconds: (performance.now() - began) / 1000,
  };
}

/**
 * Rebuilds the principle totals of the given people from their finished attempts, in one statement:
 * the same sums addPrincipleTotals keeps one attempt at a time.
 */
export async function rebuildPrincipleTotals(db: Database, userIds: ReturnType<typeof sql>): Promise<void> {
  await db.execute(sql`DELETE FROM principle_totals WHERE user_id IN ${userIds}`);
  await db.execute(sql`
    INSERT INTO principle_totals (user_id, principle_id, percent_sum, attempt_count)
    SELECT t.user_id, p.key, sum(p.value::double precision), count(*)::integer
    FROM attempts t CROSS JOIN LATERAL jsonb_each_text(t.principle_scores) AS p(key, value)
    WHERE t.status = 'completed' AND t.user_id IN ${userIds} AND p.value IS NOT NULL
    GROUP BY t.user_id, p.key`);
}

/** The demo assignments counted by status at `now`. */
export async function demoAssignmentStatuses(db: Database, now: Date, timeZone: string): Promise<Record<AssignmentStatus, number>> {
  const rows = await db
    .select({ dueDate: assignments.dueDate, completedAt: assignments.completedAt, passed: assignments.passedCount, attempts: assignments.attemptCount })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(and(like(users.email, DEMO_EMAIL_PATTERN), sql`${assignments.unassignedAt} IS NULL`));
  const counts: Record<AssignmentStatus, number> = { 'not-started': 0, 'in-progress': 0, completed: 0, 'completed-late': 0, overdue: 0 };
  for (const row of rows) counts[assignmentStatus(row, row, now, timeZone)]++;
  return counts;
}

/**
 * One trainee's attempts. Each module they hold is taken up some time after it is assigned (soon,
 * or late for the slow), scenario by scenario in the module's order, retried until passed or given
 * up; between and after, practice sessions on any scenario spread over their time here, until their
 * budget of attempts is spent. Attempts start in working hours, before they left and before `now`.
 */
function simulateTrainee(
  seed: string,
  trainee: Trainee,
  held: readonly Assignment[],
  versions: Map<string, { steps: string[] }>,
  candidatesOf: (step: string) => string[],
  playable: Map<string, PlayableScenario>,
  all: readonly PlayableScenario[],
  clock: WorkingClock,
  now: number,
  events: EventRow[],
): AttemptRow[] {
  const random = new SeededRandom(seed, 'trainee', trainee.index);
  const end = Math.min(now, trainee.deactivateAt ?? Infinity);
  const made: AttemptRow[] = [];
  let budget = Math.round(trainee.budget);
  if (budget <= 0) return made;
  const practised = new Map<string, number>();
  let cursor = trainee.startAt;

  const play = (scenario: PlayableScenario, at: number): AttemptRow | null => {
    const startedAt = clock.atWork(Math.max(at, cursor));
    if (startedAt >= end) return null;
    const attempt = playAttempt(random, scenario, trainee.player, practised.get(scenario.scenarioId) ?? 0, startedAt, now, events);
    practised.set(scenario.scenarioId, (practised.get(scenario.scenarioId) ?? 0) + 1);
    budget--;
    made.push(attempt);
    cursor = attempt.stateEnteredAt + 30_000;
    return attempt;
  };
  const pause = (sameSession: number) => (random.chance(sameSession) ? random.between(2 * 60_000, 25 * 60_000) : random.between(0.6 * DAY, 4 * DAY));

  const tasks = [...held]
    .sort((a, b) => a.assignedAt.getTime() - b.assignedAt.getTime() || a.dueDate.localeCompare(b.dueDate))
    .map((assignment) => {
      const assignedAt = assignment.assignedAt.getTime();
      const dueDays = (clock.dayStart(assignment.dueDate) + DAY - assignedAt) / DAY;
      const delay = trainee.profile === 'slow' ? dueDays * random.between(0.6, 1.9) * DAY : random.between(0, 3 * DAY);
      return { assignedAt, notBefore: assignedAt + delay, steps: versions.get(assignment.moduleVersionId)!.steps, index: 0, tries: 0, done: false };
    });
  const moduleScenarios = tasks.reduce((n, t) => n + t.steps.length, 0);
  const practiceSessions = Math.max(0, budget - Math.ceil(moduleScenarios * 2.2));
  const sessions = Array.from({ length: practiceSessions }, () => random.between(trainee.startAt + DAY, end)).sort((a, b) => a - b);
  let nextSession = 0;

  while (budget > 0) {
    const task = tasks.filter((t) => !t.done).sort((a, b) => a.notBefore - b.notBefore)[0];
    const taskAt = task ? Math.max(task.notBefore, cursor) : Infinity;
    const sessionAt = nextSession < sessions.length ? Math.max(sessions[nextSession]!, cursor) : Infinity;
    if (taskAt === Infinity && sessionAt === Infinity) break;
    if (taskAt <= sessionAt) {
      const candidates = candidatesOf(task!.steps[task!.index]!);
      // Passed since the assignment already (in another module, or practice)? Then it counts.
      const passed = made.some((a) => candidates.includes(a.scenarioId) && a.passed && a.completedAt! >= task!.assignedAt);
      // A pool's draw: a variant taken least often (never, where possible), as drawVariant does.
      const fewest = Math.min(...candidates.map((id) => practised.get(id) ?? 0));
      const scenarioId = random.pick(candidates.filter((id) => (practised.get(id) ?? 0) === fewest));
      const attempt = passed ? null : play(playable.get(scenarioId)!, taskAt);
      if (!passed && !attempt) break;
      if (passed || attempt!.passed) {
        task!.index++;
        task!.tries = 0;
        task!.notBefore = cursor + pause(0.6);
      } else {
        task!.tries++;
        task!.notBefore = cursor + pause(0.6);
        const patience = trainee.profile === 'stalls' ? 1 : trainee.profile === 'slow' ? 5 : 8;
        if (task!.tries >= patience) task!.done = true;
      }
      if (task!.index >= task!.steps.length) task!.done = true;
      // Someone who stalls tries once or twice, then stops taking up their modules.
      if (trainee.profile === 'stalls') for (const t of tasks) t.done = true;
    } else {
      nextSession++;
      if (!play(random.pick(all), sessionAt)) break;
    }
  }
  return made;
}

// ---------------------------------------------------------------- demo mode

/**
 * On a demo server's first start, adds `settings.demoTrainees` synthetic trainees unless demo data
 * is already there. Never throws for data reasons: it says why it did nothing.
 */
export async function seedDemoOnFirstStart(
  db: Database,
  config: Pick<Settings, 'demo' | 'demoTrainees' | 'timeZone'>,
  now = new Date(),
): Promise<{ seeded: DemoDataSummary } | { skipped: string }> {
  if (!config.demo) return { skipped: 'not in demo mode' };
  if (config.demoTrainees <= 0) return { skipped: 'FRONTLINE_DEMO_TRAINEES is 0' };
  if ((await demoDataCount(db)) > 0) return { skipped: 'demo data is already present' };
  try {
    return { seeded: await seedDemoData(db, { trainees: config.demoTrainees, now, timeZone: config.timeZone, seed: 'frontline-demo' }) };
  } catch (error) {
    if (error instanceof DemoDataPresentError || error instanceof DemoDataRefusedError) return { skipped: error.message };
    throw error;
  }
}

/** How many demo accounts (trainees and their module owners) exist, for tests and the CLI. */
export async function demoPeople(db: Database): Promise<Pick<User, 'id' | 'email' | 'role' | 'team' | 'active'>[]> {
  return db.select({ id: users.id, email: users.email, role: users.role, team: users.team, active: users.active }).from(users).where(like(users.email, DEMO_EMAIL_PATTERN));
}
