import {
  criticalErrors,
  hasPassed,
  paceOf,
  passedFasterThanReading,
  scoreAttempt,
  shownOrder,
  TIMEOUT_EVENT,
  type Decision,
  type DecisionPace,
  type Outcome,
  type Points,
} from '@/machines';
import { LATENCY_ALLOWANCE_MS, timeLimitMs } from '@/machines/timing';
import { SeededRandom } from '@/lib/seeded-random';
import type { Assignment, TimeMode } from '../db/schema';
import { DAY, type WorkingClock } from './clock';
import type { Player, Trainee } from './people';
import type { PlayableScenario } from './playable-scenario';

/**
 * Trainees playing: which scenarios each one takes up and when, and every choice of every attempt,
 * made in memory as rows for the attempts and attempt_events tables.
 */

export interface AttemptRow {
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
  readingMs: number | null;
  answeringMs: number | null;
  fasterThanReading: boolean;
}

export interface EventRow {
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

/**
 * Plays one attempt from `startedAt` as a trainee of the given skill would, deciding by the
 * server's rules (a choice after the time limit plus the latency allowance becomes TIMEOUT), and
 * scores it exactly as submitChoice does when it ends. Stops unfinished when abandoned or at `until`.
 */
function playAttempt(random: SeededRandom, scenario: PlayableScenario, player: Player, practice: number, startedAt: number, until: number, events: EventRow[]): AttemptRow {
  const id = random.uuid();
  const skill = Math.min(0.97, player.skill + 0.035 * Math.min(practice, 8));
  const abandonAt = random.chance(0.045) ? random.int(1, 5) : Infinity;
  // Now and then someone clicks through without reading, for HR's "passed faster than it could be read".
  const rushed = random.chance(0.03);
  const decisions: Decision[] = [];
  const paces: DecisionPace[] = [];
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
    } else if (rushed) {
      elapsed = random.int(1_200, 3_500);
    } else if (limit !== null) {
      elapsed = Math.round(limit * random.between(0.25, 0.92));
    } else {
      // Reading what the decision shows, then choosing: slower or quicker by the trainee's pace.
      const usual = node.readSeconds * 900 + 4_000;
      elapsed = Math.round(Math.min(75_000, Math.max(2_500, usual * player.pace * Math.exp(0.4 * random.normal()))));
    }
    if (clock + elapsed > until) break;
    clock += elapsed;
    const { decision, next } = scenario.move(node, event);
    decisions.push(decision);
    paces.push({ readMs: node.readSeconds * 1000, event, elapsedMs: elapsed });
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
    readingMs: null,
    answeringMs: null,
    fasterThanReading: false,
  };
  if (node.finished) {
    const score = scoreAttempt(decisions);
    row.completedAt = clock;
    row.outcome = node.outcome!;
    row.criticalErrors = criticalErrors(decisions);
    row.passed = hasPassed(score.overallPercent, scenario.passPercent, node.outcome!, row.criticalErrors);
    row.overallPercent = score.overallPercent;
    row.principleScores = score.principles;
    const pace = paceOf(paces);
    row.readingMs = pace.readingMs;
    row.answeringMs = pace.answeringMs;
    row.fasterThanReading = passedFasterThanReading(row.passed, pace);
  }
  return row;
}

/**
 * One trainee's attempts. Each module they hold is taken up some time after it is assigned (soon,
 * or late for the slow), scenario by scenario in the module's order, retried until passed or given
 * up; between and after, practice sessions on any scenario spread over their time here, until their
 * budget of attempts is spent. Attempts start in working hours, before they left and before `now`.
 */
export function simulateTrainee(
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

/**
 * When an assignment was completed, as recordProgress would store it: the last of each step's first
 * pass since the assignment; null while a step has no pass before `now`.
 */
export function completionOf(assignment: Assignment, steps: readonly string[], made: readonly AttemptRow[], candidatesOf: (step: string) => string[], now: number): number | null {
  const firsts = steps.map((step) => {
    const candidates = candidatesOf(step);
    let first: number | null = null;
    for (const a of made) {
      if (candidates.includes(a.scenarioId) && a.passed && a.completedAt !== null && a.completedAt >= assignment.assignedAt.getTime() && a.completedAt <= now) {
        if (first === null || a.completedAt < first) first = a.completedAt;
      }
    }
    return first;
  });
  return firsts.length && firsts.every((t) => t !== null) ? Math.max(...(firsts as number[])) : null;
}
