import { initialTransition, transition } from 'xstate';
import type { CompiledScenario, ScenarioSnapshot } from './compile';
import { TIMEOUT_EVENT, type Outcome } from './format';
import { asList, isDecision, isEnding, isJunction, sayLines, type ScenarioAction, type ScenarioState } from './document';
import { bestPoints, type Points } from './scoring';
import { shownOrder } from './shuffle';
import { readingSeconds, timeLimitMs, type TimeMode } from './timing';

/** Where an attempt stands: the state and the context that guards read. Flags are sorted. */
export interface Position {
  state: string;
  mood: number;
  flags: string[];
}

/** One option open at a decision: a choice the trainee can say, or the timer running out. */
export interface Option {
  event: string;
  /** The words the trainee says; null for TIMEOUT. */
  text: string | null;
  feedback: string | null;
  /** Why taking this option is a critical error, or null when it is not one. */
  critical: string | null;
  target: string;
  /** Points per principle named by the option's `score` actions (absent in a client view). */
  points: Points;
}

/** One decision as scored: where it was taken, what was taken, what it earned and could have. */
export interface Decision {
  state: string;
  mood: number;
  flags: string[];
  event: string;
  earned: Points;
  best: Points;
  /** Why the option taken is a critical error, or null. */
  critical: string | null;
}

export type StepResult =
  { ok: true; decision: Decision; option: Option; next: ScenarioSnapshot } | { ok: false; reason: 'not-open'; open: string[] } | { ok: false; reason: 'finished' };

export function initialSnapshot(scenario: CompiledScenario): ScenarioSnapshot {
  return initialTransition(scenario.machine)[0];
}

export function snapshotAt(scenario: CompiledScenario, position: Position): ScenarioSnapshot {
  const flags: Record<string, true> = {};
  for (const flag of position.flags) flags[flag] = true;
  return scenario.machine.resolveState({ value: position.state, context: { mood: position.mood, flags } });
}

export function positionOf(snapshot: ScenarioSnapshot): Position {
  return {
    state: String(snapshot.value),
    mood: snapshot.context.mood,
    flags: Object.keys(snapshot.context.flags).sort(),
  };
}

export function stateOf(scenario: CompiledScenario, snapshot: ScenarioSnapshot): ScenarioState {
  const state = scenario.doc.states[String(snapshot.value)];
  if (!state) throw new Error(`no state "${String(snapshot.value)}" in scenario "${scenario.doc.id}"`);
  return state;
}

export function isFinished(snapshot: ScenarioSnapshot): boolean {
  return snapshot.status === 'done';
}

/** The ending's outcome once the attempt is over, otherwise null. */
export function outcomeOf(scenario: CompiledScenario, snapshot: ScenarioSnapshot): Outcome | null {
  const state = stateOf(scenario, snapshot);
  return isEnding(state) ? state.meta.outcome : null;
}

function pointsOf(actions: readonly unknown[] | undefined): Points {
  const points: Points = {};
  for (const action of (actions ?? []) as ScenarioAction[]) {
    if (action.type !== 'score') continue;
    for (const [principle, value] of Object.entries(action.params)) {
      points[principle] = (points[principle] ?? 0) + value;
    }
  }
  return points;
}

/**
 * The options open at a decision, in the order the file lists them: for each event the first
 * alternative whose guard passes (an event with none is not offered), TIMEOUT included.
 */
export function openOptions(scenario: CompiledScenario, snapshot: ScenarioSnapshot): Option[] {
  if (isFinished(snapshot)) return [];
  const state = stateOf(scenario, snapshot);
  if (!isDecision(state)) return [];
  const options: Option[] = [];
  for (const event of Object.keys(state.on)) {
    const [taken] = scenario.machine.getTransitionData(snapshot, { type: event });
    if (!taken) continue;
    const meta = (taken.meta ?? {}) as { choice?: string; feedback?: string; critical?: string };
    options.push({
      event,
      text: event === TIMEOUT_EVENT ? null : (meta.choice ?? null),
      feedback: meta.feedback ?? null,
      critical: meta.critical ?? null,
      target: taken.target?.[0]?.key ?? String(snapshot.value),
      points: pointsOf(taken.actions),
    });
  }
  return options;
}

/** Takes one option at a decision and settles through any junctions that follow. */
export function step(scenario: CompiledScenario, snapshot: ScenarioSnapshot, event: string): StepResult {
  if (isFinished(snapshot)) return { ok: false, reason: 'finished' };
  const options = openOptions(scenario, snapshot);
  const option = options.find((o) => o.event === event);
  if (!option) return { ok: false, reason: 'not-open', open: options.map((o) => o.event) };
  const before = positionOf(snapshot);
  const [next] = transition(scenario.machine, snapshot, { type: event });
  return {
    ok: true,
    option,
    next,
    decision: { ...before, event, earned: option.points, best: bestPoints(options), critical: option.critical },
  };
}

/** The choices a trainee sees: open options without TIMEOUT. */
export const visibleChoices = (options: Option[]): Option[] => options.filter((o) => o.event !== TIMEOUT_EVENT);

/**
 * The replies as this attempt is shown them at the current decision: shuffled per attempt unless
 * the state keeps the written order. The browser and the server both use this, so the position a
 * reply was shown at is known to both.
 */
export function shownReplies(scenario: CompiledScenario, snapshot: ScenarioSnapshot, attemptId: string): Option[] {
  const replies = visibleChoices(openOptions(scenario, snapshot));
  const state = isFinished(snapshot) ? null : stateOf(scenario, snapshot);
  const fixed = state !== null && isDecision(state) && state.meta.fixedOrder === true;
  return shownOrder(replies, attemptId, String(snapshot.value), fixed);
}

/** The time limit the author wrote for the current decision, in seconds, or null. */
export function timeLimitOf(scenario: CompiledScenario, snapshot: ScenarioSnapshot): number | null {
  if (isFinished(snapshot)) return null;
  const state = stateOf(scenario, snapshot);
  return isDecision(state) ? (state.meta.timeLimitSeconds ?? null) : null;
}

/** What the trainee reads at the current decision: narration, the customer's lines and the open replies. */
export function textsShown(scenario: CompiledScenario, snapshot: ScenarioSnapshot): string[] {
  if (isFinished(snapshot)) return [];
  const state = stateOf(scenario, snapshot);
  if (!isDecision(state)) return [];
  const replies = visibleChoices(openOptions(scenario, snapshot)).flatMap((o) => (o.text === null ? [] : [o.text]));
  return [...(state.meta.narration ? [state.meta.narration] : []), ...sayLines(state.meta.say), ...replies];
}

/**
 * How long the trainee has at the current decision under a time mode, in milliseconds, or null:
 * the time to read what it shows at a brisk pace plus the written limit (see timing.ts).
 */
export function decisionTimeLimitMs(scenario: CompiledScenario, snapshot: ScenarioSnapshot, mode: TimeMode): number | null {
  const written = timeLimitOf(scenario, snapshot);
  return written === null ? null : timeLimitMs(written, readingSeconds(textsShown(scenario, snapshot)), mode);
}

/** All target names a state's transitions point at, with their JSON paths. */
export function targetsOf(state: ScenarioState): { target: string; path: (string | number)[] }[] {
  const out: { target: string; path: (string | number)[] }[] = [];
  if (isJunction(state)) {
    state.always.forEach((t, i) => out.push({ target: t.target, path: ['always', i, 'target'] }));
  } else if (isDecision(state)) {
    for (const [event, value] of Object.entries(state.on)) {
      const list = asList(value);
      list.forEach((t, i) => out.push({ target: t.target, path: Array.isArray(value) ? ['on', event, i, 'target'] : ['on', event, 'target'] }));
    }
  }
  return out;
}
