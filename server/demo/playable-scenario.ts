import 'server-only';
import path from 'node:path';
import {
  initialSnapshot,
  isDecision,
  isFinished,
  openOptions,
  outcomeOf,
  positionOf,
  readingSeconds,
  step,
  textsShown,
  timeLimitOf,
  timeLimitsOf,
  TIMEOUT_EVENT,
  visibleChoices,
  type CompiledScenario,
  type Decision,
  type Option,
  type Outcome,
  type Points,
  type ScenarioSnapshot,
} from '@/machines';
import type { Database } from '../db';
import { parseStep, poolStep } from '../onboarding/module-steps';
import { compiledVersion, newestVersion, publishBuiltinScenarios } from '../training/library';
import { libraryPools } from '../training/pools';
import type { ModulePlan } from './programme';

/** A position in a scenario, with what can be done there, worked out once and shared by every attempt. */
export interface Node {
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
export class PlayableScenario {
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
      fixedOrder:
        !finished &&
        isDecision(this.compiled.doc.states[position.state]!) &&
        (this.compiled.doc.states[position.state] as { meta: { fixedOrder?: boolean } }).meta.fixedOrder === true,
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

const BUILTIN_SCENARIOS = path.join(process.cwd(), 'scenarios');

export interface PlayableLibrary {
  playable: Map<string, PlayableScenario>;
  /** The playable scenarios a module step can be: itself, or a pool's variants. */
  candidatesOf: (step: string) => string[];
  /** Every scenario the plans need, playable or not, to say which when none can be played. */
  neededIds: string[];
}

/**
 * The scenarios the module plans use, compiled once; a pool step is played as one of its variants.
 * The built-in scenarios are published first where one is missing.
 */
export async function loadPlayableScenarios(db: Database, plans: readonly ModulePlan[]): Promise<PlayableLibrary> {
  const scenarioSteps = [...new Set(plans.flatMap((m) => m.steps))].filter((step) => parseStep(step).kind === 'scenario');
  if ((await Promise.all(scenarioSteps.map((id) => newestVersion(db, id)))).some((v) => v === null)) {
    await publishBuiltinScenarios(db, BUILTIN_SCENARIOS);
  }
  const variantsOf = new Map((await libraryPools(db)).map((pool) => [poolStep(pool.id), pool.variants.map((v) => v.scenarioId)]));
  const stepScenarios = (step: string) => variantsOf.get(step) ?? (parseStep(step).kind === 'scenario' ? [step] : []);
  const neededIds = [...new Set(plans.flatMap((m) => m.steps.flatMap(stepScenarios)))];
  const playable = new Map<string, PlayableScenario>();
  for (const id of neededIds) {
    const version = await newestVersion(db, id);
    if (version) playable.set(id, new PlayableScenario(id, version.id, await compiledVersion(db, version.id)));
  }
  const candidatesOf = (step: string) => stepScenarios(step).filter((id) => playable.has(id));
  return { playable, candidatesOf, neededIds };
}
