/**
 * Simulated trainees for benchmarks and drills: each signs in with its own account and plays the
 * built-in scenarios through the same HTTP endpoints the player uses (POST /api/attempts, POST
 * /api/attempts/<id>/choices), choosing among the options the runtime says are open. Like the
 * player, a trainee keeps a choice the server has not answered and sends it again until it is
 * answered, so every choice ends either acknowledged or refused; the ledger records each
 * acknowledgement so a drill can compare it with the database afterwards.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkScenario, compileScenario, PRINCIPLE_IDS, type CompiledScenario } from '@/machines';
import { TIMEOUT_EVENT } from '@/machines/format';
import { initialSnapshot, openOptions, positionOf, shownReplies, snapshotAt, step, type Position } from '@/machines/runtime';
import { SeededRandom } from '@/lib/seeded-random';
import { cookieHeader, signIn } from '../bench/lib';

export const LOAD_PASSWORD = 'frontline-load-trainee';
export const loadEmail = (index: number) => `load-${String(index + 1).padStart(4, '0')}@frontline-load.test`;

/** The built-in scenarios as the runtime sees them; the server publishes the same files at start-up. */
export function builtinScenarios(directory = 'scenarios'): CompiledScenario[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json') && file !== 'principles.json')
    .sort()
    .map((file) => {
      const result = checkScenario(readFileSync(path.join(directory, file), 'utf8'), { file, principles: PRINCIPLE_IDS });
      if (!result.document) throw new Error(`scenarios/${file} is not valid`);
      return compileScenario(result.document);
    });
}

/** What the server acknowledged: attempts it started and, per attempt, the event applied at each step. */
export class Ledger {
  readonly attempts = new Map<string, { scenarioId: string; events: string[] }>();

  started(attemptId: string, scenarioId: string): void {
    if (!this.attempts.has(attemptId)) this.attempts.set(attemptId, { scenarioId, events: [] });
  }

  /** Records the event the server says it applied at `seq`; an answer that contradicts an earlier one throws. */
  acknowledged(attemptId: string, seq: number, event: string): void {
    const attempt = this.attempts.get(attemptId);
    if (!attempt) throw new Error(`choice acknowledged for attempt ${attemptId}, which was never started`);
    const known = attempt.events[seq];
    if (known !== undefined && known !== event) throw new Error(`attempt ${attemptId} step ${seq}: acknowledged as ${known} and then as ${event}`);
    if (known === undefined && seq !== attempt.events.length) throw new Error(`attempt ${attemptId}: step ${seq} acknowledged after ${attempt.events.length} steps`);
    attempt.events[seq] = event;
  }

  get choices(): number {
    let count = 0;
    for (const attempt of this.attempts.values()) count += attempt.events.length;
    return count;
  }
}

/** Counts and latencies of what the trainees sent, by kind of request. */
export class LoadStats {
  /** Milliseconds of each answered choice request (applied, duplicate or conflict), unsorted. */
  readonly choiceLatencies: number[] = [];
  applied = 0;
  duplicates = 0;
  conflicts = 0;
  starts = 0;
  /** Answers with a 5xx status, by status. */
  readonly serverErrors = new Map<number, number>();
  /** Other unexpected answers (4xx other than a conflict), with the first few bodies. */
  unexpected = 0;
  readonly unexpectedSamples: string[] = [];
  /** Requests that got no answer at all (connection refused or reset). */
  networkErrors = 0;

  get serverErrorCount(): number {
    let count = 0;
    for (const n of this.serverErrors.values()) count += n;
    return count;
  }

  noteUnexpected(what: string): void {
    this.unexpected++;
    if (this.unexpectedSamples.length < 5) this.unexpectedSamples.push(what.slice(0, 500));
  }
}

interface Attempt {
  id: string;
  scenario: CompiledScenario;
  step: number;
  position: Position;
  finished: boolean;
}

interface AttemptStateReply {
  step: number;
  /** Absent in an assessment's answers. */
  position?: Position;
  finished: boolean;
}

/** An answer to a choice: a coaching scenario's names the event and position, an assessment's gives words only. */
type ChoiceAnswer =
  { status: 'applied' | 'duplicate'; step: { seq: number; event?: string }; state: AttemptStateReply } | { status: 'conflict'; reason: string; state: AttemptStateReply };

/** Assessments are answered by the position a reply is shown at, and say nothing of states. */
const isSealed = (scenario: CompiledScenario) => scenario.doc.meta.feedback === 'debrief';

export interface TraineeOptions {
  email: string;
  password?: string;
  scenarios: readonly CompiledScenario[];
  ledger: Ledger;
  stats: LoadStats;
  /** Which server to send each request to: one base URL, or a function that picks one (two instances). */
  base: string | (() => string);
  seed: number;
  /** Pause between a reply and the next choice, as a reader would take; 0 for a saturating load. */
  thinkMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SimulatedTrainee {
  private cookie = '';
  private readonly random: () => number;
  /** The attempt being played, as this trainee last heard from the server. */
  current: Attempt | null = null;

  constructor(readonly options: TraineeOptions) {
    const random = new SeededRandom(options.seed);
    this.random = () => random.next();
  }

  private base(): string {
    return typeof this.options.base === 'string' ? this.options.base : this.options.base();
  }

  async signIn(): Promise<void> {
    const base = this.base();
    this.cookie = cookieHeader(await signIn(base, this.options.email, this.options.password ?? LOAD_PASSWORD, '/scenarios'));
  }

  /**
   * Sends a request until the server answers with something other than a 5xx, as the player
   * retries an unanswered choice: network errors and 5xx answers are counted and retried with
   * backoff. `giveUpAt` bounds the retrying (a drill's end).
   */
  private async send(pathname: string, body: unknown, giveUpAt: number): Promise<{ status: number; json: unknown; ms: number } | null> {
    let delay = 100;
    for (;;) {
      const base = this.base();
      const began = performance.now();
      try {
        const response = await fetch(`${base}${pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base, cookie: this.cookie },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        const ms = performance.now() - began;
        if (response.status < 500) {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            this.options.stats.noteUnexpected(`POST ${pathname}: HTTP ${response.status}, not JSON: ${text}`);
            return null;
          }
          return { status: response.status, json, ms };
        }
        this.options.stats.serverErrors.set(response.status, (this.options.stats.serverErrors.get(response.status) ?? 0) + 1);
        if (this.options.stats.unexpectedSamples.length < 5) this.options.stats.unexpectedSamples.push(`POST ${pathname}: HTTP ${response.status}: ${text.slice(0, 300)}`);
      } catch {
        this.options.stats.networkErrors++;
      }
      if (Date.now() + delay > giveUpAt) return null;
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }

  private async startAttempt(giveUpAt: number): Promise<boolean> {
    const scenario = this.options.scenarios[Math.floor(this.random() * this.options.scenarios.length)]!;
    const answer = await this.send('/api/attempts', { scenarioId: scenario.doc.id, timeMode: 'off' }, giveUpAt);
    if (!answer) return false;
    const { attemptId } = answer.json as { attemptId?: string };
    if (answer.status !== 201 || !attemptId) {
      this.options.stats.noteUnexpected(`start ${scenario.doc.id}: HTTP ${answer.status} ${JSON.stringify(answer.json)}`);
      return false;
    }
    this.options.stats.starts++;
    this.options.ledger.started(attemptId, scenario.doc.id);
    this.current = { id: attemptId, scenario, step: 0, position: positionOf(initialSnapshot(scenario)), finished: false };
    return true;
  }

  /** Makes one choice in the current attempt; false when the request was given up. */
  private async choose(attempt: Attempt, giveUpAt: number): Promise<boolean> {
    const open = openOptions(attempt.scenario, snapshotAt(attempt.scenario, attempt.position)).filter((o) => o.event !== TIMEOUT_EVENT);
    if (!open.length) throw new Error(`${attempt.scenario.doc.id}: no choice open at ${attempt.position.state}`);
    const event = open[Math.floor(this.random() * open.length)]!.event;
    const seq = attempt.step;
    const sealed = isSealed(attempt.scenario);
    const snapshot = snapshotAt(attempt.scenario, attempt.position);
    const choice = sealed ? { seq, option: shownReplies(attempt.scenario, snapshot, attempt.id).findIndex((o) => o.event === event) + 1 } : { seq, event };
    // Where trainees type their replies, this one types the reply's own words, which the server understands as that reply.
    const body = attempt.scenario.doc.meta.ownWords ? { ...choice, typed: open.find((o) => o.event === event)!.text! } : choice;
    const answer = await this.send(`/api/attempts/${attempt.id}/choices`, body, giveUpAt);
    if (!answer) return false;
    const reply = answer.json as ChoiceAnswer;
    const { stats, ledger } = this.options;
    if (answer.status === 200 && (reply.status === 'applied' || reply.status === 'duplicate')) {
      stats.choiceLatencies.push(answer.ms);
      if (reply.status === 'applied') stats.applied++;
      else stats.duplicates++;
      // An assessment's answer does not name the event: it is the one this trainee sent, by position.
      const acknowledgedEvent = sealed ? event : reply.step.event!;
      ledger.acknowledged(attempt.id, reply.step.seq, acknowledgedEvent);
      if (reply.step.seq !== seq || acknowledgedEvent !== event)
        stats.noteUnexpected(`attempt ${attempt.id}: sent ${seq} ${event}, acknowledged ${reply.step.seq} ${acknowledgedEvent}`);
    } else if (answer.status === 409 && reply.status === 'conflict') {
      stats.choiceLatencies.push(answer.ms);
      stats.conflicts++;
    } else {
      stats.noteUnexpected(`choice ${seq} ${event}: HTTP ${answer.status} ${JSON.stringify(answer.json)}`);
      return false;
    }
    attempt.step = reply.state.step;
    attempt.finished = reply.state.finished;
    if (!sealed) attempt.position = reply.state.position!;
    else if (reply.status !== 'conflict') {
      const stepped = step(attempt.scenario, snapshot, event);
      if (stepped.ok) attempt.position = positionOf(stepped.next);
    }
    return true;
  }

  /**
   * Plays attempt after attempt until `stopAt` (epoch ms). A request under way at `stopAt` is
   * still seen through, retried until `giveUpAt`, so no choice is left unanswered.
   */
  async play(stopAt: number, giveUpAt = stopAt + 60_000): Promise<void> {
    while (Date.now() < stopAt) {
      if (!this.current || this.current.finished) {
        if (!(await this.startAttempt(giveUpAt))) return;
        continue;
      }
      if (!(await this.choose(this.current, giveUpAt))) return;
      if (this.options.thinkMs) await sleep(this.options.thinkMs * (0.5 + this.random()));
    }
  }

  /**
   * Asks the server where the current attempt stands (as the player does when it opens or
   * reloads) and says how that differs from what this trainee last heard; null when it agrees.
   */
  async resumeMismatch(): Promise<string | null> {
    const attempt = this.current;
    if (!attempt) return null;
    const response = await fetch(`${this.base()}/api/attempts/${attempt.id}`, { headers: { cookie: this.cookie } });
    if (!response.ok) return `GET /api/attempts/${attempt.id}: HTTP ${response.status}`;
    const view = (await response.json()) as { state: AttemptStateReply; transcript?: { seq: number; event: string }[]; steps?: { seq: number }[] };
    const acknowledged = this.options.ledger.attempts.get(attempt.id)?.events ?? [];
    const problems: string[] = [];
    if (view.state.step !== attempt.step) problems.push(`step ${view.state.step}, expected ${attempt.step}`);
    if (view.transcript) {
      if (JSON.stringify(view.state.position) !== JSON.stringify(attempt.position))
        problems.push(`position ${JSON.stringify(view.state.position)}, expected ${JSON.stringify(attempt.position)}`);
      const events = view.transcript.map((t) => t.event);
      if (JSON.stringify(events) !== JSON.stringify(acknowledged)) problems.push(`transcript ${events.join(',')}, acknowledged ${acknowledged.join(',')}`);
    } else if ((view.steps ?? []).length !== acknowledged.length) {
      // An assessment's view holds words only: the count of steps must match; checkRecords checks the events themselves.
      problems.push(`${view.steps?.length ?? 0} steps, acknowledged ${acknowledged.length}`);
    }
    return problems.length ? `attempt ${attempt.id}: ${problems.join('; ')}` : null;
  }
}

/** Signs in `count` load trainees (a few at a time: each sign-in hashes a password). */
export async function signInAll(trainees: readonly SimulatedTrainee[], concurrency = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, trainees.length) }, async () => {
      while (next < trainees.length) await trainees[next++]!.signIn();
    }),
  );
}
