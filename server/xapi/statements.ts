import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { asList, isDecision, openOptions, sayLines, shownReplies, snapshotAt, TIMEOUT_EVENT, visibleChoices, type CompiledScenario } from '@/machines';
import { isSealed, readableAttempt, retriedDecisionsOf } from '../training/attempts';
import type { Database } from '../db';
import {
  attemptEvents,
  attempts,
  attemptTimeModeChanges,
  type Attempt,
  type AttemptEvent,
  type AttemptRetriedDecision,
  type AttemptTimeModeChange,
  type TimeMode,
  type User,
} from '../db/schema';
import { HttpError } from '../platform/errors';
import { publicOrigin } from '../platform/site-origin';
import { endOfDate, isRealDate, startOfDate } from '../../lib/dates';
import { compiledVersion } from '../training/library';
import { isUuid } from '@/lib/uuid';

/**
 * xAPI 1.0.3 statements of an attempt (docs/xapi.md): `attempted`, one `answered` per decision,
 * then `completed` and `passed` or `failed`. Built from the records alone, so the same attempt
 * always gives the same statements, ids included: a resend is recognised by the LRS.
 *
 * An assessment still in progress is sealed, as its player is: its `answered` statements carry
 * the replies as shown and nothing that tells a better reply from a worse one (no points, no
 * choice keys, no state names, no critical errors), under ids of their own.
 */

export const XAPI_VERSION = '1.0.3';

export const VERBS = {
  attempted: 'http://adlnet.gov/expapi/verbs/attempted',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
} as const;
export type VerbName = keyof typeof VERBS;

export const ACTIVITY_TYPES = {
  simulation: 'http://adlnet.gov/expapi/activities/simulation',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
} as const;

export const EXTENSION_NAMES = [
  'principle-scores',
  'outcome',
  'points',
  'timed-out',
  'late-choice',
  'critical-error',
  'critical-errors',
  'failed-because',
  'time-limits',
  'understood-as',
  'reading-pace',
  'retried',
] as const;
export type ExtensionName = (typeof EXTENSION_NAMES)[number];

/** Extension keys, under the site so the organisation running Frontline controls them. */
export const extensionIri = (site: string, name: ExtensionName) => `${site}/xapi/extensions/${name}`;

/** Why an attempt failed, as the `failed-because` extension lists it; any one of them fails it. */
export type FailureReason = 'critical-error' | 'below-pass-mark' | 'failure-ending';

/** The `time-limits` extension: how a timed scenario's limits ran, and every change made during the attempt. */
export interface TimeLimitsExtension {
  startedWith: TimeMode;
  endedWith: TimeMode;
  changes: { atDecision: number | null; from: TimeMode; to: TimeMode; timestamp: string }[];
}

// Verb displays are the ADL vocabulary's own (en-US). Scenario text carries no regional variant,
// so it is tagged `en`, as the spec asks when only the language is known.
const VERB_LANGUAGE = 'en-US';
const CONTENT_LANGUAGE = 'en';

type LanguageMap = Record<string, string>;

export interface XapiActivity {
  objectType: 'Activity';
  id: string;
  definition?: {
    name?: LanguageMap;
    description?: LanguageMap;
    type?: string;
    interactionType?: 'choice' | 'long-fill-in';
    choices?: { id: string; description: LanguageMap }[];
  };
}

export interface XapiStatement {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: LanguageMap };
  object: XapiActivity;
  result?: {
    score?: { scaled: number; raw: number; min: number; max: number };
    success?: boolean;
    completion?: boolean;
    response?: string;
    duration?: string;
    extensions?: Record<string, unknown>;
  };
  context: {
    registration: string;
    revision: string;
    platform: string;
    contextActivities?: { parent: XapiActivity[] };
  };
  timestamp: string;
}

export interface XapiOptions {
  /** The site's base URL (no trailing slash): the account home page and the root of every IRI. */
  site?: string;
}

// ---- Identifiers ----

/** Frontline's namespace for name-based statement ids. Fixed for good: changing it would change every id. */
const STATEMENT_NAMESPACE = '68d244ea-c0e4-4f4b-80b6-7497ed400214';

/** A name-based UUID, version 5 (RFC 4122 §4.3: SHA-1 of the namespace and the name). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of one of an attempt's statements, named by what it says rather than by its position. A
 * sealed answer (an assessment in progress) is another statement than the full one the attempt
 * gives once it ends, so it has an id of its own: an LRS refuses an id it holds with other content.
 */
export const statementId = (attemptId: string, part: 'attempted' | `answered/${number}` | `retried/answered/${number}` | `sealed/answered/${number}` | 'completed' | 'result') =>
  uuidV5(`${attemptId.toLowerCase()}/${part}`, STATEMENT_NAMESPACE);

const segment = (value: string) => encodeURIComponent(value);

export const scenarioIri = (site: string, scenarioId: string) => `${site}/scenarios/${segment(scenarioId)}`;

/**
 * A decision of one version of a scenario. Where guards make what is offered there depend on
 * mood or flags, each distinct set of choices is an activity of its own, so one activity id never
 * stands for two different questions.
 */
export function decisionIri(site: string, scenario: CompiledScenario & { version: number }, state: string, offered: { event: string; text: string | null }[]): string {
  const base = `${scenarioIri(site, scenario.doc.id)}/versions/${scenario.version}/states/${segment(state)}`;
  const definition = scenario.doc.states[state];
  const guarded = definition && isDecision(definition) && Object.values(definition.on).some((t) => asList(t).some((alt) => 'guard' in alt && alt.guard));
  if (!guarded) return base;
  const signature = createHash('sha256')
    .update(JSON.stringify(offered.map((o) => [o.event, o.text])))
    .digest('hex')
    .slice(0, 12);
  return `${base}/choices/${signature}`;
}

// ---- Values ----

/** An ISO 8601 duration (PTnHnMnS) to the hundredth of a second, the precision the spec asks for. */
export function isoDuration(ms: number): string {
  let hundredths = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(hundredths / 360_000);
  hundredths -= hours * 360_000;
  const minutes = Math.floor(hundredths / 6_000);
  hundredths -= minutes * 6_000;
  const seconds = hundredths / 100;
  let text = 'PT';
  if (hours) text += `${hours}H`;
  if (minutes) text += `${minutes}M`;
  if (seconds || (!hours && !minutes)) text += `${Number(seconds.toFixed(2))}S`;
  return text;
}

/** Rounded so the value an LRS stores compares equal when the same statement is sent again. */
const round = (value: number, places: number) => Number(value.toFixed(places));

const verb = (name: VerbName) => ({ id: VERBS[name], display: { [VERB_LANGUAGE]: name } });

const text = (value: string) => ({ [CONTENT_LANGUAGE]: value });

// ---- Statements ----

type PinnedScenario = CompiledScenario & { version: number };

/** An assessment in progress: its statements must not grade the answers given so far. */
export const isSealedInProgress = (attempt: Pick<Attempt, 'status'>, scenario: CompiledScenario) => attempt.status !== 'completed' && isSealed(scenario);

/** Why a finished attempt failed; empty when it passed. */
export function failureReasons(attempt: Pick<Attempt, 'passed' | 'overallPercent' | 'outcome' | 'criticalErrors'>, passPercent: number): FailureReason[] {
  if (attempt.passed !== false) return [];
  const reasons: FailureReason[] = [];
  if (attempt.criticalErrors > 0) reasons.push('critical-error');
  if (attempt.overallPercent !== null && attempt.overallPercent < passPercent) reasons.push('below-pass-mark');
  if (attempt.outcome === 'failure') reasons.push('failure-ending');
  return reasons;
}

/**
 * The time limits of a finished timed attempt: the mode it started with, the one it ended with, and
 * every change with the decision open when it was made (1 = the first; that decision was answered
 * under the new limits), or null when the change came after the last decision (its time had run
 * out, which ended the attempt). Null for an untimed scenario, whose attempts record no time mode.
 */
export function timeLimitsExtension(
  attempt: Pick<Attempt, 'timeMode' | 'step'>,
  changes: readonly Pick<AttemptTimeModeChange, 'atStep' | 'fromMode' | 'toMode' | 'changedAt'>[],
): TimeLimitsExtension | null {
  if (attempt.timeMode === null) return null;
  const ordered = [...changes].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime() || a.atStep - b.atStep);
  return {
    startedWith: ordered[0]?.fromMode ?? attempt.timeMode,
    endedWith: attempt.timeMode,
    changes: ordered.map((c) => ({ atDecision: c.atStep < attempt.step ? c.atStep + 1 : null, from: c.fromMode, to: c.toMode, timestamp: c.changedAt.toISOString() })),
  };
}

/** The statements of one attempt, from its records. Pure: the same records give the same statements. */
export function statementsOf(
  attempt: Attempt,
  events: readonly AttemptEvent[],
  scenario: PinnedScenario,
  site: string,
  timeModeChanges: readonly AttemptTimeModeChange[] = [],
  retried: readonly AttemptRetriedDecision[] = [],
): XapiStatement[] {
  const { doc } = scenario;
  const scenarioActivity: XapiActivity = {
    objectType: 'Activity',
    id: scenarioIri(site, doc.id),
    definition: { name: text(doc.meta.title), description: text(doc.meta.summary), type: ACTIVITY_TYPES.simulation },
  };
  const base = {
    actor: { objectType: 'Agent' as const, account: { homePage: site, name: attempt.userId } },
    context: { registration: attempt.id, revision: String(scenario.version), platform: 'Frontline' },
  };
  const answeredContext = { ...base.context, contextActivities: { parent: [{ objectType: 'Activity' as const, id: scenarioActivity.id }] } };
  const sealed = isSealedInProgress(attempt, scenario);

  const statements: XapiStatement[] = [
    {
      id: statementId(attempt.id, 'attempted'),
      ...base,
      verb: verb('attempted'),
      object: scenarioActivity,
      timestamp: attempt.startedAt.toISOString(),
    },
  ];

  // An answer taken back in coaching (decision 042) is a statement of its own, just before the one that replaced it.
  const decisions: (AttemptEvent & { retriedAt?: Date })[] = [...events, ...retried].sort((a, b) => a.seq - b.seq || Number(!('retriedAt' in a)) - Number(!('retriedAt' in b)));
  for (const event of decisions) {
    const snapshot = snapshotAt(scenario, { state: event.fromState, mood: event.mood, flags: event.flags });
    const state = doc.states[event.fromState];
    const say = state && isDecision(state) ? sayLines(state.meta.say).join(' ') : '';
    const timedOut = event.event === TIMEOUT_EVENT;
    const common = { ...base, verb: verb('answered'), context: answeredContext, timestamp: event.createdAt.toISOString() };

    if (sealed) {
      // Words and positions only, as the player shows them: the keys and state names of a
      // scenario say which reply is which ("blame-the-desk", "still-angry"), so they stay out.
      const shown = shownReplies(scenario, snapshot, attempt.id);
      const positionOf = (key: string) => shown.findIndex((o) => o.event === key) + 1;
      const taken = event.shownPosition ?? positionOf(event.event);
      const extensions: Record<string, unknown> = {};
      if (timedOut) extensions[extensionIri(site, 'timed-out')] = true;
      if (timedOut && event.requestedEvent !== TIMEOUT_EVENT && positionOf(event.requestedEvent) > 0) {
        extensions[extensionIri(site, 'late-choice')] = replyId(positionOf(event.requestedEvent));
      }
      // A reply typed in the trainee's own words is a fill-in: the words are the response, and the reply they were understood as an extension.
      const typed = timedOut ? null : event.typedText;
      if (typed !== null && taken > 0) extensions[extensionIri(site, 'understood-as')] = replyId(taken);
      statements.push({
        id: statementId(attempt.id, `sealed/answered/${event.seq}`),
        ...common,
        object: {
          objectType: 'Activity',
          id: `${scenarioActivity.id}/attempts/${segment(attempt.id)}/decisions/${event.seq + 1}`,
          definition: {
            name: text(`${doc.meta.title}: reply ${event.seq + 1}`),
            ...(say ? { description: text(say) } : {}),
            type: ACTIVITY_TYPES.interaction,
            ...(typed !== null
              ? { interactionType: 'long-fill-in' as const }
              : { interactionType: 'choice' as const, choices: shown.map((o, i) => ({ id: replyId(i + 1), description: text(o.text ?? '') })) }),
          },
        },
        result: {
          response: typed ?? (timedOut || taken < 1 ? '' : replyId(taken)),
          duration: isoDuration(event.elapsedMs),
          ...(Object.keys(extensions).length ? { extensions } : {}),
        },
      });
      continue;
    }

    const offered = visibleChoices(openOptions(scenario, snapshot));
    const extensions: Record<string, unknown> = { [extensionIri(site, 'points')]: { earned: event.earned, best: event.best } };
    if (timedOut) extensions[extensionIri(site, 'timed-out')] = true;
    if (timedOut && event.requestedEvent !== TIMEOUT_EVENT) extensions[extensionIri(site, 'late-choice')] = event.requestedEvent;
    if (event.critical !== null) extensions[extensionIri(site, 'critical-error')] = event.critical;
    const typed = timedOut ? null : event.typedText;
    if (typed !== null) extensions[extensionIri(site, 'understood-as')] = event.event;
    if (event.retriedAt) extensions[extensionIri(site, 'retried')] = { retriedAt: event.retriedAt.toISOString(), counted: false };
    statements.push({
      id: statementId(attempt.id, event.retriedAt ? `retried/answered/${event.seq}` : `answered/${event.seq}`),
      ...common,
      object: {
        objectType: 'Activity',
        id: decisionIri(site, scenario, event.fromState, offered),
        definition: {
          name: text(`${doc.meta.title}: ${event.fromState}`),
          ...(say ? { description: text(say) } : {}),
          type: ACTIVITY_TYPES.interaction,
          ...(typed !== null
            ? { interactionType: 'long-fill-in' as const }
            : { interactionType: 'choice' as const, choices: offered.map((o) => ({ id: o.event, description: text(o.text ?? '') })) }),
        },
      },
      // A choice response is the ids chosen; when time ran out nothing was chosen. A typed reply's response is its words.
      result: { response: typed ?? (timedOut ? '' : event.event), duration: isoDuration(event.elapsedMs), extensions },
    });
  }

  if (attempt.status === 'completed' && attempt.completedAt && attempt.overallPercent !== null && attempt.passed !== null) {
    const percent = Math.max(0, Math.min(100, attempt.overallPercent));
    const principleScores = Object.fromEntries(Object.entries(attempt.principleScores ?? {}).map(([id, value]) => [id, round(value, 2)]));
    const timeLimits = timeLimitsExtension(attempt, timeModeChanges);
    const extensions: Record<string, unknown> = {
      [extensionIri(site, 'principle-scores')]: principleScores,
      [extensionIri(site, 'outcome')]: attempt.outcome,
      [extensionIri(site, 'critical-errors')]: attempt.criticalErrors,
      ...(timeLimits ? { [extensionIri(site, 'time-limits')]: timeLimits } : {}),
      // Older attempts were finished before the pace was recorded and say nothing of it.
      ...(attempt.readingMs !== null && attempt.answeringMs !== null
        ? {
            [extensionIri(site, 'reading-pace')]: {
              readingMs: attempt.readingMs,
              answeringMs: attempt.answeringMs,
              passedFasterThanReading: attempt.fasterThanReading,
            },
          }
        : {}),
    };
    const result = {
      score: { scaled: round(percent / 100, 4), raw: round(percent, 2), min: 0, max: 100 },
      completion: true,
      duration: isoDuration(attempt.completedAt.getTime() - attempt.startedAt.getTime()),
      extensions,
    };
    const failedBecause = failureReasons(attempt, doc.meta.passPercent);
    const timestamp = attempt.completedAt.toISOString();
    statements.push(
      { id: statementId(attempt.id, 'completed'), ...base, verb: verb('completed'), object: scenarioActivity, result, timestamp },
      {
        id: statementId(attempt.id, 'result'),
        ...base,
        verb: verb(attempt.passed ? 'passed' : 'failed'),
        object: scenarioActivity,
        result: {
          score: result.score,
          success: attempt.passed,
          completion: true,
          duration: result.duration,
          extensions: failedBecause.length ? { ...extensions, [extensionIri(site, 'failed-because')]: failedBecause } : extensions,
        },
        timestamp,
      },
    );
  }
  return statements.map(inSpecOrder);
}

/** A reply of a sealed decision, named by where it was shown (1 = first), as the trainee answers it. */
const replyId = (position: number) => `reply-${position}`;

/** The properties in the order the spec lists them, so a download reads naturally. */
const inSpecOrder = ({ id, actor, verb, object, result, context, timestamp }: XapiStatement): XapiStatement => ({
  id,
  actor,
  verb,
  object,
  ...(result ? { result } : {}),
  context,
  timestamp,
});

/** The statements of one attempt the reader may see (its owner, or the roles that see results). */
export async function readableAttemptStatements(db: Database, attemptId: string, reader: Pick<User, 'id' | 'role'>, options: XapiOptions = {}): Promise<XapiStatement[]> {
  const attempt = await readableAttempt(db, attemptId, reader);
  return statementsFromRecords(db, [attempt], options.site ?? publicOrigin());
}

/** The statements of one attempt, without an access check (the sender's use). Null when there is no such attempt. */
export async function attemptStatements(db: Database, attemptId: string, options: XapiOptions = {}): Promise<XapiStatement[] | null> {
  const [attempt] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  if (!attempt) return null;
  return statementsFromRecords(db, [attempt], options.site ?? publicOrigin());
}

function groupByAttempt<T extends { attemptId: string }>(rows: readonly T[]): Map<string, T[]> {
  const byAttempt = new Map<string, T[]>();
  for (const row of rows) {
    const list = byAttempt.get(row.attemptId);
    if (list) list.push(row);
    else byAttempt.set(row.attemptId, [row]);
  }
  return byAttempt;
}

async function statementsFromRecords(db: Database, batch: readonly Attempt[], site: string): Promise<XapiStatement[]> {
  if (!batch.length) return [];
  const ids = batch.map((a) => a.id);
  const events = await db.select().from(attemptEvents).where(inArray(attemptEvents.attemptId, ids)).orderBy(asc(attemptEvents.attemptId), asc(attemptEvents.seq));
  // Only timed attempts have changes of time limits to read.
  const timed = batch.filter((a) => a.timeMode !== null).map((a) => a.id);
  const changes = timed.length
    ? await db
        .select()
        .from(attemptTimeModeChanges)
        .where(inArray(attemptTimeModeChanges.attemptId, timed))
        .orderBy(asc(attemptTimeModeChanges.attemptId), asc(attemptTimeModeChanges.changedAt))
    : [];
  const eventsOf = groupByAttempt(events);
  const changesOf = groupByAttempt(changes);
  const retriedOf = await retriedDecisionsOf(db, ids);
  const statements: XapiStatement[] = [];
  for (const attempt of batch) {
    const scenario = await compiledVersion(db, attempt.scenarioVersionId);
    statements.push(...statementsOf(attempt, eventsOf.get(attempt.id) ?? [], scenario, site, changesOf.get(attempt.id) ?? [], retriedOf.get(attempt.id) ?? []));
  }
  return statements;
}

export interface AttemptFilter {
  /** Attempts started at or after this instant. */
  startedFrom?: Date;
  /** Attempts started before this instant. */
  startedBefore?: Date;
  userId?: string;
}

export interface BatchOptions extends XapiOptions {
  /** Attempts per batch of statements. */
  batchSize?: number;
  /** Attempt ids read per query while walking the filter (a few bytes each). */
  keysPerQuery?: number;
}

/**
 * The statements of every attempt matching the filter, oldest first, a batch of attempts at a
 * time, so an export of thousands of attempts never holds them all in memory. The matching ids are
 * read a few thousand at a time (one scan each), then their attempts and choices a batch at a time.
 */
export async function* statementBatches(db: Database, filter: AttemptFilter, options: BatchOptions = {}): AsyncGenerator<XapiStatement[]> {
  const site = options.site ?? publicOrigin();
  const batchSize = options.batchSize ?? 200;
  const keysPerQuery = options.keysPerQuery ?? 5_000;
  const conditions: SQL[] = [];
  if (filter.startedFrom) conditions.push(gte(attempts.startedAt, filter.startedFrom));
  if (filter.startedBefore) conditions.push(lt(attempts.startedAt, filter.startedBefore));
  if (filter.userId) conditions.push(eq(attempts.userId, filter.userId));
  // The cursor keeps the start time as the database writes it (microseconds), not as a JavaScript
  // Date (milliseconds), so no attempt is skipped or read twice.
  let after: { startedAt: string; id: string } | null = null;
  for (;;) {
    const keys: { id: string; startedAt: string }[] = await db
      .select({ id: attempts.id, startedAt: sql<string>`${attempts.startedAt}::text` })
      .from(attempts)
      .where(and(...conditions, after ? sql`(${attempts.startedAt}, ${attempts.id}) > (${after.startedAt}::timestamptz, ${after.id}::uuid)` : undefined))
      .orderBy(asc(attempts.startedAt), asc(attempts.id))
      .limit(keysPerQuery);
    for (let i = 0; i < keys.length; i += batchSize) {
      const ids = keys.slice(i, i + batchSize).map((k) => k.id);
      const rows = new Map((await db.select().from(attempts).where(inArray(attempts.id, ids))).map((a) => [a.id, a]));
      // An attempt erased since its id was read is left out.
      yield await statementsFromRecords(
        db,
        ids.flatMap((id) => rows.get(id) ?? []),
        site,
      );
    }
    if (keys.length < keysPerQuery) return;
    after = keys[keys.length - 1]!;
  }
}

// ---- The HR export ----

/** The query of the HR export: `from` and `to` are calendar dates in the organisation's zone, both included. */
export function exportFilterFrom(params: URLSearchParams, timeZone: string): AttemptFilter & { from: string | null; to: string | null } {
  for (const key of new Set(params.keys())) {
    if (!['from', 'to', 'userId'].includes(key)) throw new HttpError(400, 'invalid', `Unknown parameter "${key}": the export takes from, to and userId.`);
    if (params.getAll(key).length > 1) throw new HttpError(400, 'invalid', `The parameter "${key}" is given more than once.`);
  }
  const date = (name: 'from' | 'to') => {
    const value = params.get(name)?.trim();
    if (!value) return null;
    if (!isRealDate(value)) throw new HttpError(400, 'invalid', `The parameter "${name}" must be a date written YYYY-MM-DD, not "${value}".`);
    return value;
  };
  const from = date('from');
  const to = date('to');
  if (from && to && from > to) throw new HttpError(400, 'invalid', `The parameter "from" (${from}) is after "to" (${to}).`);
  const userId = params.get('userId')?.trim() || undefined;
  if (userId !== undefined && !isUuid(userId)) throw new HttpError(400, 'invalid', `The parameter "userId" must be a person's id (a UUID), not "${userId}".`);
  return {
    from,
    to,
    startedFrom: from ? startOfDate(from, timeZone) : undefined,
    startedBefore: to ? endOfDate(to, timeZone) : undefined,
    userId: userId?.toLowerCase(),
  };
}

/**
 * The statements of every attempt matching the filter as one JSON document, `{"statements": [...]}`
 * (the shape of the xAPI statement result), written a batch of attempts at a time as it is read.
 */
export function statementStream(db: Database, filter: AttemptFilter, options: BatchOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = statementBatches(db, filter, options);
  let written = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('{"statements":['));
    },
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) {
          controller.enqueue(encoder.encode(`${written ? '\n' : ''}]}\n`));
          controller.close();
          return;
        }
        const text = next.value.map((s) => `${written++ ? ',' : ''}\n${JSON.stringify(s)}`).join('');
        controller.enqueue(encoder.encode(text));
      } catch (error) {
        // The status is already sent: cut the document short, so it does not parse as complete.
        console.error(error);
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
