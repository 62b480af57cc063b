import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asList,
  criticalErrors,
  decisionTimeLimitMs,
  hasPassed,
  isDecision,
  openOptions,
  initialSnapshot,
  shownReplies,
  scoreAttempt,
  snapshotAt,
  step,
  timeLimitsOf,
  TIMEOUT_EVENT,
  visibleChoices,
  type ScenarioDocument,
} from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { AttemptNotFoundError, setAttemptTimeMode, startAttempt, submitChoice } from '../training/attempts';
import { HttpError } from '../platform/errors';
import { attemptEvents, attempts, users, type User } from '../db/schema';
import { compiledVersion, newestVersion, publishBuiltinScenarios } from '../training/library';
import { answerFor } from '../test-support/answers';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { isIsoDuration, validateStatement } from '../test-support/xapi-rules';
import {
  ACTIVITY_TYPES,
  attemptStatements,
  extensionIri,
  isoDuration,
  readableAttemptStatements,
  exportFilterFrom,
  statementBatches,
  statementId,
  statementStream,
  uuidV5,
  VERBS,
  type XapiStatement,
} from './statements';

const SITE = 'https://training.example.com';
const T0 = new Date('2025-03-10T09:00:00.000Z');
const STEP_MS = 7_250;
const BUILTIN_IDS = ['bounced-between-departments', 'closing-well', 'competitor-is-cheaper', 'forty-minutes-on-hold', 'i-dont-know-but-ill-find-out', 'promise-you-cannot-keep'];
const documentOf = (id: string) => JSON.parse(readFileSync(path.join('scenarios', `${id}.json`), 'utf8')) as ScenarioDocument;

describe('identifiers and values', () => {
  it('makes name-based UUIDs (version 5) exactly as RFC 4122 does', () => {
    // The RFC's DNS namespace and the example every implementation agrees on.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('writes durations as ISO 8601 PnHnMnS to the hundredth of a second', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(252_500)).toBe('PT4M12.5S');
    expect(isoDuration(3_723_456)).toBe('PT1H2M3.46S');
    expect(isoDuration(7_200_000)).toBe('PT2H');
    expect(isoDuration(60_004)).toBe('PT1M');
    expect(isoDuration(999)).toBe('PT1S');
    expect(isoDuration(90_000_000)).toBe('PT25H');
    for (const ms of [0, 5, 999, 252_500, 3_723_456, 90_000_000]) expect(isIsoDuration(isoDuration(ms))).toBe(true);
  });
});

describe('the query of the HR export', () => {
  const parse = (query: string, zone = 'Europe/London') => exportFilterFrom(new URLSearchParams(query), zone);
  const refusal = (query: string) => {
    try {
      parse(query);
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(400);
      return (error as HttpError).message;
    }
    throw new Error(`"${query}" was accepted`);
  };

  it('reads from and to as whole days in the organisation’s zone, both included', () => {
    // 30 March 2025: the clocks go forward in London, so the day after starts at 23:00 UTC.
    expect(parse('from=2025-03-30&to=2025-03-30')).toMatchObject({
      from: '2025-03-30',
      to: '2025-03-30',
      startedFrom: new Date('2025-03-30T00:00:00Z'),
      startedBefore: new Date('2025-03-30T23:00:00Z'),
    });
    expect(parse('to=2025-01-31', 'America/New_York')).toMatchObject({ from: null, startedFrom: undefined, startedBefore: new Date('2025-02-01T05:00:00Z') });
    expect(parse('')).toMatchObject({ from: null, to: null, startedFrom: undefined, startedBefore: undefined, userId: undefined });
    expect(parse('userId=68D244EA-C0E4-4F4B-80B6-7497ED400214').userId).toBe('68d244ea-c0e4-4f4b-80b6-7497ed400214');
  });

  it('refuses bad values with a message naming the parameter', () => {
    expect(refusal('from=2025-02-30')).toBe('The parameter "from" must be a date written YYYY-MM-DD, not "2025-02-30".');
    expect(refusal('to=31/01/2025')).toBe('The parameter "to" must be a date written YYYY-MM-DD, not "31/01/2025".');
    expect(refusal('from=2025-03-02&to=2025-03-01')).toBe('The parameter "from" (2025-03-02) is after "to" (2025-03-01).');
    expect(refusal('userId=42')).toBe('The parameter "userId" must be a person\'s id (a UUID), not "42".');
    expect(refusal('since=2025-01-01')).toBe('Unknown parameter "since": the export takes from, to and userId.');
    expect(refusal('from=2025-01-01&from=2025-01-02')).toBe('The parameter "from" is given more than once.');
  });
});

describe('the statement checker', () => {
  const good = (): Record<string, unknown> => ({
    id: '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    actor: { objectType: 'Agent', account: { homePage: SITE, name: 'u-1' } },
    verb: { id: VERBS.answered, display: { 'en-US': 'answered' } },
    object: {
      objectType: 'Activity',
      id: `${SITE}/scenarios/x/versions/1/states/a`,
      definition: { type: ACTIVITY_TYPES.interaction, interactionType: 'choice', choices: [{ id: 'one', description: { en: 'One' } }] },
    },
    result: { response: 'one', duration: 'PT3.5S', score: { scaled: 0.5, raw: 50, min: 0, max: 100 } },
    context: { registration: '68d244ea-c0e4-4f4b-80b6-7497ed400214', contextActivities: { parent: [{ id: `${SITE}/scenarios/x` }] } },
    timestamp: '2025-03-10T09:00:00.000Z',
  });

  it('accepts a statement that keeps the rules', () => {
    expect(validateStatement(good(), { now: new Date() })).toEqual([]);
  });

  it.each([
    ['a statement id that is not a UUID', (s: any) => (s.id = 'statement-1'), 'id: must be a UUID in standard form'],
    ['an actor with two identifiers', (s: any) => (s.actor.mbox = 'mailto:a@example.com'), 'actor: must have exactly one inverse functional identifier, has 2'],
    ['a relative verb id', (s: any) => (s.verb.id = 'answered'), 'verb.id: must be an IRI'],
    ['a display that is not a language map', (s: any) => (s.verb.display = 'answered'), 'verb.display: must be a language map'],
    ['a bad language tag', (s: any) => (s.verb.display = { 'english!': 'answered' }), 'verb.display.english!: is not an RFC 5646 language tag'],
    ['an unknown interaction type', (s: any) => (s.object.definition.interactionType = 'multiple-choice'), 'object.definition.interactionType: must be one of'],
    ['repeated choice ids', (s: any) => s.object.definition.choices.push({ id: 'one' }), 'object.definition.choices[1].id: "one" is not distinct'],
    ['a choice id with spaces', (s: any) => (s.object.definition.choices[0].id = 'the one'), 'object.definition.choices[0].id: SHOULD NOT contain whitespace'],
    ['choices on a likert interaction', (s: any) => (s.object.definition.interactionType = 'likert'), 'object.definition.choices: is not a component list of a likert interaction'],
    ['scaled above 1', (s: any) => (s.result.score.scaled = 1.2), 'result.score.scaled: must be between -1 and 1'],
    ['raw above max', (s: any) => (s.result.score.raw = 101), 'result.score.raw: must not be above max'],
    ['a duration in the alternative format', (s: any) => (s.result.duration = 'PT00:00:03.5'), 'result.duration: must be an ISO 8601 duration'],
    ['a duration in seconds', (s: any) => (s.result.duration = 3.5), 'result.duration: must be an ISO 8601 duration'],
    ['a registration that is not a UUID', (s: any) => (s.context.registration = 'attempt-1'), 'context.registration: must be a UUID'],
    ['an unknown context type', (s: any) => (s.context.contextActivities.course = []), 'context.contextActivities.course: must be one of'],
    ['a timestamp without a zone', (s: any) => (s.timestamp = '2025-03-10T09:00:00.000'), 'timestamp: must be an ISO 8601 timestamp'],
    ['a timestamp in the future', (s: any) => (s.timestamp = '2999-01-01T00:00:00.000Z'), 'timestamp: must not be in the future'],
    ['an extension key that is not an IRI', (s: any) => (s.result.extensions = { score: 1 }), 'result.extensions["score"]: extension keys must be IRIs'],
    ['a version other than 1.0.0', (s: any) => (s.version = '1.0.3'), 'version: a provider that sets it MUST set 1.0.0'],
    ['a stored time', (s: any) => (s.stored = '2025-03-10T09:00:00.000Z'), 'stored: is set by the LRS'],
  ])('refuses %s', (_, change, message) => {
    const statement = good();
    change(statement);
    const errors = validateStatement(statement, { now: new Date() });
    expect(
      errors.some((e) => e.startsWith(message)),
      errors.join('\n'),
    ).toBe(true);
  });
});

describe.each(testBackends())('xAPI statements of attempts on %s', (kind) => {
  let database: TestDatabase;
  let trainee: User;
  let other: User;
  let hr: User;
  let trainer: User;
  const db = () => database.db;

  interface Played {
    attemptId: string;
    scenarioId: string;
    userId: string;
    events: string[];
    expectPassed: boolean | null;
    expectPrinciples: Record<string, number> | null;
    start: Date;
  }
  const played: Played[] = [];

  /** Plays the events as the player would: by choice key, or for an assessment by the position the reply is shown at. */
  async function play(user: User, scenarioId: string, events: string[], start: Date, mode: 'off' | 'standard' = 'off', gaps: number[] = []): Promise<string> {
    const attemptId = await startAttempt(db(), user.id, scenarioId, mode, start);
    const [row] = await db().select().from(attempts).where(eq(attempts.id, attemptId));
    const scenario = await compiledVersion(db(), row!.scenarioVersionId);
    let snapshot = initialSnapshot(scenario);
    let now = start.getTime();
    for (const [seq, event] of events.entries()) {
      now += gaps[seq] ?? STEP_MS;
      const reply = await submitChoice(db(), { attemptId, userId: user.id, seq, ...answerFor(scenario, snapshot, attemptId, event), now: new Date(now) });
      expect(reply.status, JSON.stringify(reply)).toBe('applied');
      const stepped = step(scenario, snapshot, event);
      if (!stepped.ok) throw new Error(`${event} is not open`);
      snapshot = stepped.next;
    }
    return attemptId;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await publishBuiltinScenarios(db(), 'scenarios');
    const person = async (name: string, role: User['role']) =>
      (
        await db()
          .insert(users)
          .values({ name, email: `${name.toLowerCase()}-${kind}@example.test`, role })
          .returning()
      )[0]!;
    trainee = await person('Tamsin', 'trainee');
    other = await person('Otto', 'trainee');
    hr = await person('Hana', 'hr');
    trainer = await person('Theo', 'trainer');

    // Every built-in scenario, played once to a pass and once to a fail where the scenario allows both.
    let start = T0.getTime();
    for (const scenarioId of BUILTIN_IDS) {
      const version = await newestVersion(db(), scenarioId);
      const scenario = await compiledVersion(db(), version!.id);
      const paths = allPaths(scenario).map((p) => {
        const score = scoreAttempt(p.decisions);
        return { ...p, score, passed: hasPassed(score.overallPercent, scenario.doc.meta.passPercent, p.outcome, criticalErrors(p.decisions)) };
      });
      const chosen = [paths.find((p) => p.passed), paths.find((p) => !p.passed)].filter((p) => p !== undefined);
      expect(chosen.length).toBeGreaterThan(0);
      for (const path of chosen) {
        start += 3_600_000;
        const attemptId = await play(trainee, scenarioId, path.events, new Date(start));
        played.push({ attemptId, scenarioId, userId: trainee.id, events: path.events, expectPassed: path.passed, expectPrinciples: path.score.principles, start: new Date(start) });
      }
    }
  });

  afterAll(async () => {
    await database?.dispose();
  });

  const statementsOf = async (attemptId: string) => (await attemptStatements(db(), attemptId, { site: SITE }))!;

  it('plays a pass and a fail of the built-in scenarios', () => {
    expect(played.length).toBeGreaterThanOrEqual(BUILTIN_IDS.length + 3);
    expect(played.some((p) => p.expectPassed)).toBe(true);
    expect(played.some((p) => p.expectPassed === false)).toBe(true);
  });

  it('keeps every rule of the spec checked, in every statement of every playthrough', async () => {
    const ids = new Set<string>();
    for (const p of played) {
      for (const [i, statement] of (await statementsOf(p.attemptId)).entries()) {
        expect(validateStatement(statement, { now: new Date() }), `${p.scenarioId} statement ${i}`).toEqual([]);
        expect(ids.has(statement.id)).toBe(false);
        ids.add(statement.id);
        // The LRS sets the version; a provider should not (xAPI-Data §2.4.10).
        expect(statement).not.toHaveProperty('version');
      }
    }
  });

  it('says attempted, answered for each choice, completed, then passed or failed, in that order, all in the attempt’s registration', async () => {
    for (const p of played) {
      const statements = await statementsOf(p.attemptId);
      const [attempt] = await db().select().from(attempts).where(eq(attempts.id, p.attemptId));
      expect(statements.map((s) => s.verb.id)).toEqual([VERBS.attempted, ...p.events.map(() => VERBS.answered), VERBS.completed, p.expectPassed ? VERBS.passed : VERBS.failed]);
      expect(statements.map((s) => s.verb.display)).toEqual(statements.map((s) => ({ 'en-US': s.verb.id.split('/').pop() })));
      for (const s of statements) {
        expect(s.context.registration).toBe(p.attemptId);
        expect(s.actor).toEqual({ objectType: 'Agent', account: { homePage: SITE, name: p.userId } });
      }
      expect(attempt!.passed).toBe(p.expectPassed);
    }
  });

  it('names the person only by account id: no email, no name', async () => {
    const text = JSON.stringify(await statementsOf(played[0]!.attemptId));
    expect(text).not.toContain('@example.test');
    expect(text).not.toContain('Tamsin');
    expect(text).toContain(trainee.id);
  });

  it('gives each choice as an answered choice interaction with the choices the player showed and the one taken', async () => {
    for (const p of played) {
      const doc = documentOf(p.scenarioId);
      const statements = await statementsOf(p.attemptId);
      const events = await db().select().from(attemptEvents).where(eq(attemptEvents.attemptId, p.attemptId));
      const answered = statements.filter((s) => s.verb.id === VERBS.answered);
      expect(answered).toHaveLength(p.events.length);
      expect(answered.map((s) => s.result!.response)).toEqual(p.events);
      for (const [seq, statement] of answered.entries()) {
        const event = events.find((e) => e.seq === seq)!;
        const state = doc.states[event.fromState]!;
        expect(isDecision(state)).toBe(true);
        // The built-in scenarios have no guarded choices, so the player shows every choice of the
        // state, in the file's order, with the words of its (only) transition.
        const shown = Object.entries((state as { on: Record<string, unknown> }).on)
          .filter(([key]) => key !== TIMEOUT_EVENT)
          .map(([key, transition]) => ({ id: key, description: { en: (asList(transition)[0] as { meta: { choice: string } }).meta.choice } }));
        expect(statement.object).toMatchObject({
          objectType: 'Activity',
          id: `${SITE}/scenarios/${p.scenarioId}/versions/1/states/${event.fromState}`,
          definition: { type: ACTIVITY_TYPES.interaction, interactionType: 'choice', choices: shown },
        });
        expect(statement.object.definition).not.toHaveProperty('correctResponsesPattern');
        expect(statement.result!.duration).toBe(isoDuration(STEP_MS));
        expect(statement.result!.extensions).toEqual({
          [extensionIri(SITE, 'points')]: { earned: event.earned, best: event.best },
          ...(event.critical === null ? {} : { [extensionIri(SITE, 'critical-error')]: event.critical }),
        });
        expect(statement.timestamp).toBe(event.createdAt.toISOString());
        expect(statement.context.contextActivities).toEqual({ parent: [{ objectType: 'Activity', id: `${SITE}/scenarios/${p.scenarioId}` }] });
      }
    }
  });

  it('ends with the score, success, completion, duration and each principle’s score', async () => {
    for (const p of played) {
      const statements = await statementsOf(p.attemptId);
      const [attempt] = await db().select().from(attempts).where(eq(attempts.id, p.attemptId));
      const [completed, verdict] = statements.slice(-2) as [XapiStatement, XapiStatement];
      const duration = isoDuration(p.events.length * STEP_MS);
      const timed = timeLimitsOf(documentOf(p.scenarioId)).length > 0;
      const extensions = {
        [extensionIri(SITE, 'principle-scores')]: Object.fromEntries(Object.entries(p.expectPrinciples!).map(([id, v]) => [id, Number(v.toFixed(2))])),
        [extensionIri(SITE, 'outcome')]: attempt!.outcome,
        [extensionIri(SITE, 'critical-errors')]: attempt!.criticalErrors,
        // Played without time limits, never changed; an untimed scenario says nothing about them.
        ...(timed ? { [extensionIri(SITE, 'time-limits')]: { startedWith: 'off', endedWith: 'off', changes: [] } } : {}),
        [extensionIri(SITE, 'reading-pace')]: { readingMs: attempt!.readingMs, answeringMs: p.events.length * STEP_MS, passedFasterThanReading: attempt!.fasterThanReading },
      };
      expect(attempt!.readingMs).toBeGreaterThan(0);
      const score = { scaled: Number((attempt!.overallPercent! / 100).toFixed(4)), raw: Number(attempt!.overallPercent!.toFixed(2)), min: 0, max: 100 };
      expect(completed.result).toEqual({ score, completion: true, duration, extensions });
      const failedBecause = extensionIri(SITE, 'failed-because');
      expect(verdict.result).toEqual({
        score,
        success: p.expectPassed,
        completion: true,
        duration,
        extensions: p.expectPassed ? extensions : { ...extensions, [failedBecause]: expect.any(Array) },
      });
      if (!p.expectPassed) {
        const reasons = verdict.result!.extensions![failedBecause] as string[];
        expect(reasons.length).toBeGreaterThan(0);
        expect(reasons.includes('critical-error')).toBe(attempt!.criticalErrors > 0);
        expect(reasons.includes('failure-ending')).toBe(attempt!.outcome === 'failure');
        expect(reasons.includes('below-pass-mark')).toBe(attempt!.overallPercent! < documentOf(p.scenarioId).meta.passPercent);
      }
      for (const s of [completed, verdict]) {
        expect(s.timestamp).toBe(attempt!.completedAt!.toISOString());
        expect(s.object).toEqual({
          objectType: 'Activity',
          id: `${SITE}/scenarios/${p.scenarioId}`,
          definition: { name: { en: documentOf(p.scenarioId).meta.title }, description: { en: documentOf(p.scenarioId).meta.summary }, type: ACTIVITY_TYPES.simulation },
        });
      }
      expect(statements[0]!.timestamp).toBe(p.start.toISOString());
    }
  });

  it('gives the same statements, ids included, every time', async () => {
    for (const p of played.slice(0, 3)) expect(await statementsOf(p.attemptId)).toEqual(await statementsOf(p.attemptId));
  });

  it('gives an unfinished attempt its attempted and answered statements only, the same ones it keeps once finished', async () => {
    const scenario = await compiledVersion(db(), (await newestVersion(db(), 'closing-well'))!.id);
    const events = allPaths(scenario)[0]!.events;
    const start = new Date(T0.getTime() - 86_400_000);
    const attemptId = await play(trainee, 'closing-well', events.slice(0, 2), start);
    const unfinished = await statementsOf(attemptId);
    expect(unfinished.map((s) => s.verb.id)).toEqual([VERBS.attempted, VERBS.answered, VERBS.answered]);
    for (const s of unfinished) expect(validateStatement(s, { now: new Date() })).toEqual([]);

    let now = start.getTime() + 2 * STEP_MS;
    for (let seq = 2; seq < events.length; seq++) {
      now += STEP_MS;
      expect((await submitChoice(db(), { attemptId, userId: trainee.id, seq, event: events[seq]!, now: new Date(now) })).status).toBe('applied');
    }
    const finished = await statementsOf(attemptId);
    expect(finished).toHaveLength(events.length + 3);
    expect(finished.slice(0, 3)).toEqual(unfinished);
    await db().delete(attemptEvents).where(eq(attemptEvents.attemptId, attemptId));
    await db().delete(attempts).where(eq(attempts.id, attemptId));
  });

  it('marks a decision where time ran out: no response, timed out, and the late choice when there was one', async () => {
    const scenario = await compiledVersion(db(), (await newestVersion(db(), 'forty-minutes-on-hold'))!.id);
    // A choice 5 s past the opening decision's limit is applied as TIMEOUT; then the first choice each time, quickly.
    const late = decisionTimeLimitMs(scenario, initialSnapshot(scenario), 'standard')! + 5_000;
    const start = new Date(T0.getTime() - 3 * 86_400_000);
    const attemptId = await startAttempt(db(), other.id, 'forty-minutes-on-hold', 'standard', start);
    let now = start.getTime() + late;
    let reply = await submitChoice(db(), { attemptId, userId: other.id, seq: 0, event: 'own-the-wait', now: new Date(now) });
    expect(reply.status).toBe('applied');
    for (let seq = 1; reply.status === 'applied' && !reply.state.finished; seq++) {
      now += 1_000;
      const position = (reply.state as { position: Parameters<typeof snapshotAt>[1] }).position;
      const open = visibleChoices(openOptions(scenario, snapshotAt(scenario, position)));
      reply = await submitChoice(db(), { attemptId, userId: other.id, seq, event: open[0]!.event, now: new Date(now) });
    }
    const statements = await statementsOf(attemptId);
    for (const s of statements) expect(validateStatement(s, { now: new Date() })).toEqual([]);
    const first = statements[1]!;
    expect(first.result!.response).toBe('');
    expect(first.result!.extensions).toMatchObject({ [extensionIri(SITE, 'timed-out')]: true, [extensionIri(SITE, 'late-choice')]: 'own-the-wait' });
    expect(first.result!.duration).toBe(isoDuration(late));
    // The choices offered are still the ones on screen, without the timer.
    const opening = visibleChoices(openOptions(scenario, initialSnapshot(scenario)));
    expect(first.object.definition!.choices!.map((c) => c.id)).toEqual(opening.map((o) => o.event));
    expect(statements.slice(2).some((s) => s.result?.extensions?.[extensionIri(SITE, 'timed-out')])).toBe(false);
  });

  it('lets the owner and the roles that see results read an attempt’s statements; to anyone else it does not exist', async () => {
    const attemptId = played[0]!.attemptId;
    expect(await readableAttemptStatements(db(), attemptId, trainee, { site: SITE })).toEqual(await statementsOf(attemptId));
    expect(await readableAttemptStatements(db(), attemptId, hr, { site: SITE })).toHaveLength(played[0]!.events.length + 3);
    await expect(readableAttemptStatements(db(), attemptId, other, { site: SITE })).rejects.toBeInstanceOf(AttemptNotFoundError);
    await expect(readableAttemptStatements(db(), attemptId, trainer, { site: SITE })).rejects.toBeInstanceOf(AttemptNotFoundError);
    await expect(readableAttemptStatements(db(), 'not-a-uuid', hr, { site: SITE })).rejects.toBeInstanceOf(AttemptNotFoundError);
    expect(await attemptStatements(db(), '00000000-0000-4000-8000-000000000000', { site: SITE })).toBeNull();
  });

  it('reads many attempts a batch at a time, oldest first, filtered by start time and person', async () => {
    const collect = async (filter: Parameters<typeof statementBatches>[1], batchSize: number) => {
      const batches: XapiStatement[][] = [];
      for await (const batch of statementBatches(db(), filter, { site: SITE, batchSize })) batches.push(batch);
      return batches;
    };
    const mine = played.filter((p) => p.userId === trainee.id);
    const expected = (await Promise.all(mine.map((p) => statementsOf(p.attemptId)))).flat();
    const all = await collect({ userId: trainee.id }, 3);
    expect(all.length).toBe(Math.ceil(mine.length / 3));
    expect(all.flat()).toEqual(expected);
    // Ids read four at a time, batches of three: the same statements in the same order.
    const chunked: XapiStatement[][] = [];
    for await (const batch of statementBatches(db(), { userId: trainee.id }, { site: SITE, batchSize: 3, keysPerQuery: 4 })) chunked.push(batch);
    expect(chunked.map((b) => b.filter((s) => s.verb.id === VERBS.attempted).length)).toEqual(
      Array.from({ length: Math.ceil(mine.length / 4) }, (_, i) => Math.min(4, mine.length - 4 * i)).flatMap((n) => (n > 3 ? [3, n - 3] : [n])),
    );
    expect(chunked.flat()).toEqual(expected);

    // The third to the fifth attempt by start time; the range's end is exclusive.
    const window = await collect({ startedFrom: mine[2]!.start, startedBefore: mine[5]!.start }, 200);
    expect(
      window
        .flat()
        .filter((s) => s.verb.id === VERBS.attempted)
        .map((s) => s.context.registration),
    ).toEqual(mine.slice(2, 5).map((p) => p.attemptId));
    expect(await collect({ userId: hr.id }, 5)).toEqual([]);
  });

  it('reads attempts started within the same millisecond once each, one id per query', async () => {
    const [version] = await db().select({ id: attempts.scenarioVersionId }).from(attempts).where(eq(attempts.id, played[0]!.attemptId));
    const ids = [];
    for (const at of ['2024-01-01 09:00:00.123789+00', '2024-01-01 09:00:00.123456+00', '2024-01-01 09:00:00.123456+00']) {
      const rows = (await db().execute(
        sql`insert into attempts (user_id, scenario_version_id, time_mode, state_name, mood, flags, state_entered_at, started_at)
            values (${hr.id}, ${version!.id}, 'off', 'handover', 0, '[]'::jsonb, ${at}::timestamptz, ${at}::timestamptz) returning id`,
      )) as unknown as { rows: { id: string }[] };
      ids.push(rows.rows[0]!.id);
    }
    const read: string[] = [];
    for await (const batch of statementBatches(db(), { userId: hr.id }, { site: SITE, batchSize: 1, keysPerQuery: 1 })) read.push(...batch.map((s) => s.context.registration));
    expect(read).toHaveLength(3);
    expect(new Set(read)).toEqual(new Set(ids));
    expect(read[2]).toBe(ids[0]);
    await db().delete(attempts).where(eq(attempts.userId, hr.id));
  });

  it('writes the export as one JSON document while reading it', async () => {
    const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
    const mine = played.filter((p) => p.userId === trainee.id);
    const expected = (await Promise.all(mine.map((p) => statementsOf(p.attemptId)))).flat();
    const text = await read(statementStream(db(), { userId: trainee.id }, { site: SITE, batchSize: 4 }));
    expect(JSON.parse(text)).toEqual({ statements: expected });
    expect(JSON.parse(await read(statementStream(db(), { userId: hr.id }, { site: SITE })))).toEqual({ statements: [] });
  });
});

describe.each(testBackends())('critical errors, time limits and sealed assessments in xAPI on %s', (kind) => {
  let database: TestDatabase;
  let trainee: User;
  let hr: User;
  const db = () => database.db;
  const at = (ms: number) => new Date(T0.getTime() + ms);
  const ext = (name: Parameters<typeof extensionIri>[1]) => extensionIri(SITE, name);
  const PROMISE_REASON = 'Promised a call-back time nobody had agreed to';
  const BLUFF_REASON = 'Gave a delivery date nobody had checked';
  const ARGUE_REASON = 'Blamed the courier to the customer';

  /** The fixture call, with critical errors on some replies, as coaching or as an assessment, timed or not. */
  function fixture(id: string, options: { assessment?: boolean; untimed?: boolean; timeoutHangsUp?: boolean; critical: Record<string, string> }): ScenarioDocument {
    const doc = fixtureScenario();
    doc.id = id;
    if (options.assessment) doc.meta.feedback = 'debrief';
    if (options.timeoutHangsUp) (doc.states.greet as { on: Record<string, { target: string }> }).on[TIMEOUT_EVENT]!.target = 'lost';
    for (const state of Object.values(doc.states) as { on?: Record<string, unknown>; meta?: Record<string, unknown> }[]) {
      for (const [key, transition] of Object.entries(state.on ?? {})) {
        const reason = options.critical[key];
        if (reason) for (const alt of asList(transition as never) as { meta: Record<string, unknown> }[]) alt.meta.critical = reason;
      }
      if (options.untimed && state.meta && state.on) {
        delete state.meta.timeLimitSeconds;
        delete state.on[TIMEOUT_EVENT];
      }
    }
    return doc;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-xapi-scenarios-'));
    const docs = [
      fixture('fx-critical', { critical: { promise: PROMISE_REASON, argue: ARGUE_REASON } }),
      fixture('fx-untimed', { untimed: true, critical: {} }),
      fixture('fx-hang-up', { timeoutHangsUp: true, critical: {} }),
      fixture('fx-assessment', { assessment: true, critical: { bluff: BLUFF_REASON } }),
    ];
    for (const doc of docs) await writeFile(path.join(dir, `${doc.id}.json`), asText(doc));
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    const person = async (name: string, role: User['role']) =>
      (
        await db()
          .insert(users)
          .values({ name, email: `${name.toLowerCase()}-crit-${kind}@example.test`, role })
          .returning()
      )[0]!;
    trainee = await person('Tamsin', 'trainee');
    hr = await person('Hana', 'hr');
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const statementsOf = async (attemptId: string) => (await attemptStatements(db(), attemptId, { site: SITE }))!;
  async function choose(attemptId: string, seq: number, event: string, now: Date) {
    const reply = await submitChoice(db(), { attemptId, userId: trainee.id, seq, event, now });
    expect(reply.status, JSON.stringify(reply)).toBe('applied');
  }

  it('says which reply was a critical error and why, counts them at the end, and says a pass was lost to one', async () => {
    const attemptId = await startAttempt(db(), trainee.id, 'fx-critical', 'off', at(0));
    await choose(attemptId, 0, 'listen', at(1_000));
    await choose(attemptId, 1, 'promise', at(2_000));
    await choose(attemptId, 2, 'close', at(3_000));
    const statements = await statementsOf(attemptId);
    for (const s of statements) expect(validateStatement(s, { now: new Date() })).toEqual([]);
    const answered = statements.filter((s) => s.verb.id === VERBS.answered);
    expect(answered.map((s) => s.result!.extensions![ext('critical-error')] ?? null)).toEqual([null, PROMISE_REASON, null]);
    const [completed, verdict] = statements.slice(-2) as [XapiStatement, XapiStatement];
    // Full marks and a success ending: the critical error alone failed it.
    expect(completed.result!.score!.raw).toBe(100);
    expect(completed.result!.extensions).toMatchObject({ [ext('critical-errors')]: 1, [ext('outcome')]: 'success' });
    expect(completed.result!.extensions).not.toHaveProperty(ext('failed-because'));
    expect(verdict.verb.id).toBe(VERBS.failed);
    expect(verdict.result).toMatchObject({ success: false });
    expect(verdict.result!.extensions).toMatchObject({ [ext('critical-errors')]: 1, [ext('failed-because')]: ['critical-error'] });
  });

  it('lists every reason a failed attempt failed, and gives a passed one no reasons and a count of none', async () => {
    const failed = await startAttempt(db(), trainee.id, 'fx-critical', 'off', at(10_000));
    for (const [seq, event] of ['rush', 'bluff', 'argue'].entries()) await choose(failed, seq, event, at(11_000 + seq * 1_000));
    const verdict = (await statementsOf(failed)).at(-1)!;
    expect(verdict.result!.extensions).toMatchObject({ [ext('critical-errors')]: 1, [ext('failed-because')]: ['critical-error', 'below-pass-mark', 'failure-ending'] });

    const passed = await startAttempt(db(), trainee.id, 'fx-untimed', 'standard', at(20_000));
    for (const [seq, event] of ['listen', 'promise', 'close'].entries()) await choose(passed, seq, event, at(21_000 + seq * 1_000));
    const [completed, result] = (await statementsOf(passed)).slice(-2) as [XapiStatement, XapiStatement];
    expect(result.verb.id).toBe(VERBS.passed);
    for (const s of [completed, result]) {
      expect(s.result!.extensions![ext('critical-errors')]).toBe(0);
      expect(s.result!.extensions).not.toHaveProperty(ext('failed-because'));
    }
  });

  it('sends every change of time limits with the decision it was made at, and the modes the attempt started and ended with', async () => {
    const attemptId = await startAttempt(db(), trainee.id, 'fx-critical', 'standard', at(30_000));
    await setAttemptTimeMode(db(), attemptId, trainee.id, 'extended', at(31_000));
    await choose(attemptId, 0, 'listen', at(32_000));
    await setAttemptTimeMode(db(), attemptId, trainee.id, 'off', at(33_000));
    await choose(attemptId, 1, 'bluff', at(34_000));
    await choose(attemptId, 2, 'close', at(35_000));
    const statements = await statementsOf(attemptId);
    for (const s of statements) expect(validateStatement(s, { now: new Date() })).toEqual([]);
    const limits = {
      startedWith: 'standard',
      endedWith: 'off',
      changes: [
        { atDecision: 1, from: 'standard', to: 'extended', timestamp: at(31_000).toISOString() },
        { atDecision: 2, from: 'extended', to: 'off', timestamp: at(33_000).toISOString() },
      ],
    };
    const [completed, verdict] = statements.slice(-2) as [XapiStatement, XapiStatement];
    expect(completed.result!.extensions![ext('time-limits')]).toEqual(limits);
    expect(verdict.result!.extensions![ext('time-limits')]).toEqual(limits);
    // Nothing about time limits before the attempt ends.
    for (const s of statements.slice(0, -2)) expect(JSON.stringify(s)).not.toContain('time-limits');
  });

  it('places a change made after the last decision’s time ran out after every decision', async () => {
    // The time-out is applied first, and it ends the call; the change is still recorded.
    const scenario = await compiledVersion(db(), (await newestVersion(db(), 'fx-hang-up'))!.id);
    const attemptId = await startAttempt(db(), trainee.id, 'fx-hang-up', 'standard', at(60_000));
    const late = at(60_000 + decisionTimeLimitMs(scenario, initialSnapshot(scenario), 'standard')! + 5_000);
    await setAttemptTimeMode(db(), attemptId, trainee.id, 'extended', late);
    const statements = await statementsOf(attemptId);
    expect(statements.map((s) => s.verb.id)).toEqual([VERBS.attempted, VERBS.answered, VERBS.completed, VERBS.failed]);
    expect(statements.at(-1)!.result!.extensions![ext('time-limits')]).toEqual({
      startedWith: 'standard',
      endedWith: 'extended',
      changes: [{ atDecision: null, from: 'standard', to: 'extended', timestamp: late.toISOString() }],
    });
  });

  it('says nothing about time limits for a scenario without any', async () => {
    const attemptId = await startAttempt(db(), trainee.id, 'fx-untimed', 'extended', at(40_000));
    const [row] = await db().select().from(attempts).where(eq(attempts.id, attemptId));
    expect(row!.timeMode).toBeNull();
    for (const [seq, event] of ['listen', 'promise', 'close'].entries()) await choose(attemptId, seq, event, at(41_000 + seq * 1_000));
    const statements = await statementsOf(attemptId);
    const text = JSON.stringify(statements);
    expect(text).not.toMatch(/time-limits|startedWith|extended|standard/);
    // A second a reply through a path that takes 18 s to read: passed faster than it could be read.
    expect(statements.at(-1)!.verb.id).toBe(VERBS.passed);
    expect(statements.at(-1)!.result!.extensions![ext('reading-pace')]).toEqual({ readingMs: 18_000, answeringMs: 3_000, passedFasterThanReading: true });
  });

  describe('an assessment in progress', () => {
    /** Choice keys, state names and anything that scores: what would tell a better reply from a worse one. */
    const grades =
      /\b(greet|listen|rush|promise|bluff|argue|apologise|close|chat|ask|check|upset|wrap|won|partial|lost)\b|extensions\/(points|critical-error|critical-errors|failed-because|outcome|principle-scores)|Gave a delivery date|"(earned|best|score|success)"/;
    let attemptId: string;
    let scenario: Awaited<ReturnType<typeof compiledVersion>>;
    let shownFirst: string[];
    let shownSecond: string[];
    let greetLimit: number;

    beforeAll(async () => {
      scenario = await compiledVersion(db(), (await newestVersion(db(), 'fx-assessment'))!.id);
      attemptId = await startAttempt(db(), trainee.id, 'fx-assessment', 'standard', at(50_000));
      greetLimit = decisionTimeLimitMs(scenario, initialSnapshot(scenario), 'standard')!;
      const first = shownReplies(scenario, initialSnapshot(scenario), attemptId);
      shownFirst = first.map((o) => o.event);
      // Too late for the first decision: applied as a time-out, the reply sent kept as the late choice.
      const late = at(50_000 + greetLimit + 5_000);
      expect((await submitChoice(db(), { attemptId, userId: trainee.id, seq: 0, option: shownFirst.indexOf('listen') + 1, now: late })).status).toBe('applied');
      const second = shownReplies(scenario, snapshotAt(scenario, { state: 'ask', mood: 0, flags: [] }), attemptId);
      shownSecond = second.map((o) => o.event);
      const reply = await submitChoice(db(), { attemptId, userId: trainee.id, seq: 1, option: shownSecond.indexOf('bluff') + 1, now: new Date(late.getTime() + 4_000) });
      expect(reply.status).toBe('applied');
    });

    it('gives the replies as shown and the one taken by position, with no points, keys, state names or critical errors', async () => {
      const statements = await statementsOf(attemptId);
      expect(statements.map((s) => s.verb.id)).toEqual([VERBS.attempted, VERBS.answered, VERBS.answered]);
      for (const s of statements) expect(validateStatement(s, { now: new Date() })).toEqual([]);
      expect(JSON.stringify(statements)).not.toMatch(grades);

      const [, timedOut, bluffed] = statements as [XapiStatement, XapiStatement, XapiStatement];
      const wordsOf = (keys: string[], snapshot: Parameters<typeof shownReplies>[1]) =>
        keys.map((key, i) => ({ id: `reply-${i + 1}`, description: { en: shownReplies(scenario, snapshot, attemptId).find((o) => o.event === key)!.text } }));
      expect(timedOut.object.definition!.choices).toEqual(wordsOf(shownFirst, initialSnapshot(scenario)));
      expect(timedOut.result).toEqual({
        response: '',
        duration: isoDuration(greetLimit + 5_000),
        extensions: { [ext('timed-out')]: true, [ext('late-choice')]: `reply-${shownFirst.indexOf('listen') + 1}` },
      });
      expect(bluffed.object.definition!.choices).toEqual(wordsOf(shownSecond, snapshotAt(scenario, { state: 'ask', mood: 0, flags: [] })));
      expect(bluffed.result).toEqual({ response: `reply-${shownSecond.indexOf('bluff') + 1}`, duration: 'PT4S' });
      expect(bluffed.object.id).toBe(`${SITE}/scenarios/fx-assessment/attempts/${attemptId}/decisions/2`);
      expect(bluffed.object.definition!.name).toEqual({ en: 'Fixture call: reply 2' });
      expect(bluffed.object.definition!.description).toEqual({ en: 'My order never came. When will it arrive?' });
      expect(statements.map((s) => s.id)).toEqual([statementId(attemptId, 'attempted'), statementId(attemptId, 'sealed/answered/0'), statementId(attemptId, 'sealed/answered/1')]);
    });

    it('sends a reply typed in the trainee’s own words as a long fill-in: the words as the response, the reply understood by position', async () => {
      const words = 'it should be with you tomorrow, the courier has it';
      await db()
        .update(attemptEvents)
        .set({ typedText: words })
        .where(and(eq(attemptEvents.attemptId, attemptId), eq(attemptEvents.seq, 1)));
      try {
        const typed = (await statementsOf(attemptId))[2]!;
        expect(validateStatement(typed, { now: new Date() })).toEqual([]);
        expect(typed.object.definition).toMatchObject({ interactionType: 'long-fill-in' });
        expect(typed.object.definition!.choices).toBeUndefined();
        expect(typed.result).toEqual({ response: words, duration: 'PT4S', extensions: { [ext('understood-as')]: `reply-${shownSecond.indexOf('bluff') + 1}` } });
        expect(JSON.stringify(typed)).not.toMatch(grades);
      } finally {
        await db()
          .update(attemptEvents)
          .set({ typedText: null })
          .where(and(eq(attemptEvents.attemptId, attemptId), eq(attemptEvents.seq, 1)));
      }
    });

    it('is sealed for the trainee’s own download, for HR and in the export, and reads the same every time', async () => {
      const sealed = await statementsOf(attemptId);
      expect(await readableAttemptStatements(db(), attemptId, trainee, { site: SITE })).toEqual(sealed);
      expect(await readableAttemptStatements(db(), attemptId, hr, { site: SITE })).toEqual(sealed);
      const exported: XapiStatement[] = [];
      for await (const batch of statementBatches(db(), { userId: trainee.id, startedFrom: at(50_000), startedBefore: at(50_001) }, { site: SITE })) exported.push(...batch);
      expect(exported).toEqual(sealed);
    });

    it('gives everything once it ends, under the ids of full statements', async () => {
      const sealed = await statementsOf(attemptId);
      // The bluff upset the customer: apologise, then close without a promise to keep.
      const mid = await submitChoice(db(), {
        attemptId,
        userId: trainee.id,
        seq: 2,
        option: shownReplies(scenario, snapshotAt(scenario, { state: 'upset', mood: -1, flags: [] }), attemptId).findIndex((o) => o.event === 'apologise') + 1,
        now: at(200_000),
      });
      expect(mid.status).toBe('applied');
      const last = await submitChoice(db(), {
        attemptId,
        userId: trainee.id,
        seq: 3,
        option: shownReplies(scenario, snapshotAt(scenario, { state: 'wrap', mood: 1, flags: [] }), attemptId).findIndex((o) => o.event === 'close') + 1,
        now: at(201_000),
      });
      expect(last.status).toBe('applied');

      const full = await statementsOf(attemptId);
      for (const s of full) expect(validateStatement(s, { now: new Date() })).toEqual([]);
      expect(full.map((s) => s.id)).toEqual([
        statementId(attemptId, 'attempted'),
        ...[0, 1, 2, 3].map((seq) => statementId(attemptId, `answered/${seq}`)),
        statementId(attemptId, 'completed'),
        statementId(attemptId, 'result'),
      ]);
      expect(full.some((s) => sealed.slice(1).some((t) => t.id === s.id))).toBe(false);
      expect(full[0]).toEqual(sealed[0]);
      const answered = full.filter((s) => s.verb.id === VERBS.answered);
      expect(answered.map((s) => s.result!.response)).toEqual(['', 'bluff', 'apologise', 'close']);
      expect(answered[0]!.result!.extensions![ext('late-choice')]).toBe('listen');
      expect(answered.every((s) => s.result!.extensions![ext('points')] !== undefined)).toBe(true);
      expect(answered[1]!.result!.extensions![ext('critical-error')]).toBe(BLUFF_REASON);
      expect(answered[1]!.object.id).toBe(`${SITE}/scenarios/fx-assessment/versions/1/states/ask`);
      const verdict = full.at(-1)!;
      expect(verdict.verb.id).toBe(VERBS.failed);
      expect(verdict.result!.extensions).toMatchObject({ [ext('critical-errors')]: 1, [ext('time-limits')]: { startedWith: 'standard', endedWith: 'standard', changes: [] } });
      expect(verdict.result!.extensions![ext('failed-because')]).toContain('critical-error');
    });
  });
});
