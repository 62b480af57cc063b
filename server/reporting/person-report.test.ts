import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { setAttemptTimeMode, startAttempt, submitChoice } from '../training/attempts';
import { createAssignmentRule, removeAssignmentRule } from '../onboarding/assignments';
import { attempts, scenarioVersions, users, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { createModule } from '../onboarding/modules';
import { ATTEMPTS_PAGE_SIZE, personReport, personReportHref, principleTrend, readPersonReportQuery, TREND_STEADY_WITHIN } from './person-report';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

describe('a principle’s trend', () => {
  it('compares the average of the first scores with the latest, in windows of up to three that never overlap', () => {
    expect(principleTrend([])).toBeNull();
    expect(principleTrend([50])).toBeNull();
    expect(principleTrend([40, 90])).toEqual({ window: 1, firstAverage: 40, recentAverage: 90, change: 50, direction: 'improving' });
    // Three scores: the middle one is in neither window.
    expect(principleTrend([80, 0, 60])).toMatchObject({ window: 1, firstAverage: 80, recentAverage: 60, direction: 'declining' });
    expect(principleTrend([10, 20, 30, 40])).toMatchObject({ window: 2, firstAverage: 15, recentAverage: 35, change: 20 });
    expect(principleTrend([0, 30, 60, 100, 100, 100, 70, 70, 100])).toMatchObject({ window: 3, firstAverage: 30, recentAverage: 80, change: 50 });
  });

  it('calls a change under the steady band steady, in either direction', () => {
    expect(principleTrend([60, 60 + TREND_STEADY_WITHIN - 0.1])?.direction).toBe('steady');
    expect(principleTrend([60, 60 - TREND_STEADY_WITHIN + 0.1])?.direction).toBe('steady');
    expect(principleTrend([60, 60 + TREND_STEADY_WITHIN])?.direction).toBe('improving');
    expect(principleTrend([60, 60 - TREND_STEADY_WITHIN])?.direction).toBe('declining');
  });
});

describe('reading the person page’s query string', () => {
  const refusal = (query: string) => {
    try {
      readPersonReportQuery(new URLSearchParams(query));
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      return { status: (error as HttpError).status, message: (error as HttpError).message, field: ((error as HttpError).details as { field?: string }).field };
    }
    throw new Error(`accepted ${query}`);
  };

  it('takes the page and the filter, treating empty values as absent', () => {
    expect(readPersonReportQuery({})).toEqual({ attemptPage: 1, show: 'all' });
    expect(readPersonReportQuery(new URLSearchParams('page=3&criticalFailure=yes&other=x'))).toEqual({ attemptPage: 3, show: 'failed-by-critical-error' });
    expect(readPersonReportQuery({ page: ['2', '9'], criticalFailure: '' })).toEqual({ attemptPage: 2, show: 'all' });
  });

  it('refuses a bad value with a 400 naming the parameter', () => {
    expect(refusal('criticalFailure=no')).toEqual({
      status: 400,
      field: 'criticalFailure',
      message: 'criticalFailure must be "yes" (only attempts failed by a critical error), or left out',
    });
    expect(refusal('criticalFailure=true')).toMatchObject({ status: 400, field: 'criticalFailure' });
    expect(refusal('page=0')).toEqual({ status: 400, field: 'page', message: 'page must be a whole number from 1' });
    expect(refusal('page=two')).toMatchObject({ field: 'page' });
  });

  it('writes the address back, leaving defaults out', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(personReportHref(id)).toBe(`/hr/people/${id}`);
    expect(personReportHref(id, { show: 'failed-by-critical-error', attemptPage: 2 })).toBe(`/hr/people/${id}?criticalFailure=yes&page=2`);
    expect(readPersonReportQuery(new URL(`http://x${personReportHref(id, { show: 'failed-by-critical-error', attemptPage: 4 })}`).searchParams)).toEqual({
      attemptPage: 4,
      show: 'failed-by-critical-error',
    });
  });
});

const T0 = new Date('2026-11-02T09:00:00Z');
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const PASS = ['listen', 'promise', 'close'];
const FAIL = ['rush', 'bluff', 'argue'];

describe.each(testBackends())('the HR report on one person on %s', (kind) => {
  let database: TestDatabase;
  let hr: User;
  let admin: User;
  let trainer: User;
  let trainee: User;
  let other: User;
  let seq = 0;
  const db = () => database.db;
  const context = { now: T0, timeZone: 'UTC' };

  const addUser = async (values: Partial<typeof users.$inferInsert> = {}) =>
    (
      await db()
        .insert(users)
        .values({ name: `Person ${++seq}`, email: `report${seq}-${kind}@example.test`, role: 'trainee', ...values })
        .returning()
    )[0]!;

  /** Plays a fixture scenario through the real attempt service; returns the attempt's id. */
  async function play(userId: string, scenarioId: string, path: string[], at: Date) {
    const attemptId = await startAttempt(db(), userId, scenarioId, 'off', at);
    for (const [i, event] of path.entries()) {
      const reply = await submitChoice(db(), { attemptId, userId, seq: i, event, now: new Date(at.getTime() + (i + 1) * 1000) });
      if (reply.status !== 'applied') throw new Error(`choice refused: ${JSON.stringify(reply)}`);
    }
    return attemptId;
  }

  let completedModule: string;
  let openModule: string;
  let droppedModule: string;
  const played: Record<string, string> = {};

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-report-scenarios-'));
    for (const id of ['fx-a', 'fx-b', 'fx-c']) {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title: `Call ${id.slice(3).toUpperCase()}` };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    hr = await addUser({ role: 'hr', name: 'Hana HR' });
    admin = await addUser({ role: 'admin', name: 'Ari Admin' });
    trainer = await addUser({ role: 'trainer', name: 'Tom Trainer' });
    trainee = await addUser({ name: 'Zoë Ångström-Łukasz', team: 'Returns', startDate: '2026-10-01' });
    other = await addUser({ name: 'Olu Other' });

    completedModule = (await createModule(db(), trainer, { title: 'Welcome calls', steps: ['fx-a', 'fx-b'], defaultDueDays: 14 }, T0)).id;
    openModule = (await createModule(db(), trainer, { title: 'Harder calls', steps: ['fx-c'], defaultDueDays: 3 }, T0)).id;
    droppedModule = (await createModule(db(), trainer, { title: 'Dropped', steps: ['fx-c'], defaultDueDays: 30 }, T0)).id;
    await createAssignmentRule(db(), hr, { moduleId: completedModule, kind: 'team', team: 'Returns' }, context);
    await createAssignmentRule(db(), hr, { moduleId: openModule, kind: 'person', userId: trainee.id }, context);
    const dropped = await createAssignmentRule(db(), hr, { moduleId: droppedModule, kind: 'person', userId: trainee.id }, context);
    await removeAssignmentRule(db(), hr, dropped.rule.id, { now: days(1) });

    // A failed try, then both scenarios of the welcome module passed; one attempt left unfinished.
    played.failedA = await play(trainee.id, 'fx-a', FAIL, days(1));
    played.passedA = await play(trainee.id, 'fx-a', PASS, days(2));
    played.passedB = await play(trainee.id, 'fx-b', PASS, days(3));
    played.failedC = await play(trainee.id, 'fx-c', FAIL, days(4));
    played.unfinished = await startAttempt(db(), trainee.id, 'fx-c', 'standard', days(5));
    await submitChoice(db(), { attemptId: played.unfinished, userId: trainee.id, seq: 0, event: 'listen', now: new Date(days(5).getTime() + 1000) });
  });
  afterAll(() => database?.dispose());

  it('describes the person', async () => {
    const report = await personReport(db(), hr, trainee.id, days(10), 'UTC');
    expect(report.person).toEqual({
      id: trainee.id,
      name: 'Zoë Ångström-Łukasz',
      email: trainee.email,
      team: 'Returns',
      startDate: '2026-10-01',
      role: 'trainee',
      active: true,
      anonymised: false,
    });
    expect(report.today).toBe('2026-11-12');
  });

  it('lists every assignment, overdue first and unassigned last, with progress, score and whether a certificate can be had', async () => {
    const report = await personReport(db(), hr, trainee.id, days(10), 'UTC');
    expect(report.assignments.map((a) => [a.title, a.status])).toEqual([
      ['Harder calls', 'overdue'],
      ['Welcome calls', 'completed'],
      ['Dropped', 'unassigned'],
    ]);
    const [harder, welcome, dropped] = report.assignments;
    expect(harder).toMatchObject({
      moduleId: openModule,
      via: 'person',
      dueDate: '2026-11-05',
      passedCount: 0,
      total: 1,
      attemptCount: 2,
      scorePercent: 0,
      completedAt: null,
      certificateAvailable: false,
    });
    expect(welcome).toMatchObject({
      moduleId: completedModule,
      version: 1,
      via: 'team',
      team: 'Returns',
      dueDate: '2026-11-16',
      passedCount: 2,
      total: 2,
      attemptCount: 3,
      scorePercent: 100,
      completedAt: new Date(days(3).getTime() + 3000),
      completedOn: '2026-11-05',
      certificateAvailable: true,
    });
    expect(dropped).toMatchObject({ moduleId: droppedModule, unassignedAt: days(1), certificateAvailable: false });

    // Before the due day has ended the open module is only in progress.
    const earlier = await personReport(db(), hr, trainee.id, days(3.5), 'UTC');
    expect(earlier.assignments.find((a) => a.moduleId === openModule)?.status).toBe('in-progress');
  });

  it('lists every attempt newest first, each finished one with its transcript, choices and feedback', async () => {
    const report = await personReport(db(), admin, trainee.id, days(10), 'UTC');
    expect(report.attempts).toMatchObject({ page: 1, pageCount: 1, total: 5, pageSize: ATTEMPTS_PAGE_SIZE, show: 'all', all: 5, failedByCriticalError: 0 });
    expect(report.attempts.items.map((a) => a.attemptId)).toEqual([played.unfinished, played.failedC, played.passedB, played.passedA, played.failedA]);

    const [unfinished, failedC, , passedA] = report.attempts.items;
    expect(unfinished).toMatchObject({
      status: 'in-progress',
      title: 'Call C',
      version: 1,
      timeLimits: { startedWith: 'standard', endedWith: 'standard', changes: [] },
      choicesMade: 1,
      completedAt: null,
      debrief: null,
      outcome: null,
    });
    expect(failedC).toMatchObject({
      scenarioId: 'fx-c',
      status: 'completed',
      outcome: 'failure',
      passed: false,
      timeLimits: { startedWith: 'off', endedWith: 'off', changes: [] },
      choicesMade: 3,
      startedAt: days(4),
      criticalErrors: 0,
      criticalReplies: [],
      failedByCriticalError: false,
    });
    expect(passedA).toMatchObject({ outcome: 'success', passed: true, overallPercent: 100, completedAt: new Date(days(2).getTime() + 3000) });

    const transcript = failedC!.debrief!;
    expect(transcript.owner).toEqual({ id: trainee.id, name: 'Zoë Ångström-Łukasz' });
    expect(transcript.decisions.map((d) => ({ say: d.say, said: d.taken.text, feedback: d.taken.feedback, better: d.better?.event ?? null }))).toEqual([
      { say: ['Hello? Anyone there?'], said: 'Account number, please.', feedback: 'Cold.', better: 'listen' },
      {
        say: ['My order never came.', 'When will it arrive?'],
        said: 'It will be there tomorrow, it is out with the courier now.',
        feedback: 'A guess dressed as a fact.',
        better: 'promise',
      },
      { say: ['This is ridiculous.'], said: 'That is not my fault, the courier lost it.', feedback: 'Defensive.', better: 'apologise' },
    ]);
  });

  it('gives each principle’s scores over time, earliest first, with its trend', async () => {
    const report = await personReport(db(), hr, trainee.id, days(10), 'UTC');
    expect(report.finishedAttempts).toBe(4);
    expect(report.principles.map((p) => p.principleId)).toEqual(['responsiveness', 'integrity', 'follow-through']);
    const [responsiveness] = report.principles;
    expect(responsiveness!.name).toBe('Responsiveness');
    expect(responsiveness!.points.map((p) => [p.attemptId, p.scenarioTitle, p.percent])).toEqual([
      [played.failedA, 'Call A', 0],
      [played.passedA, 'Call A', 100],
      [played.passedB, 'Call B', 100],
      [played.failedC, 'Call C', 0],
    ]);
    expect(responsiveness!.average).toBe(50);
    expect(responsiveness!.trend).toMatchObject({ window: 2, firstAverage: 50, recentAverage: 50, direction: 'steady' });
  });

  it('pages a long list of attempts and keeps a page past the end on the last one', async () => {
    const busy = await addUser({ name: 'Busy Bee' });
    const [version] = await db().select({ id: scenarioVersions.id }).from(scenarioVersions).limit(1);
    const total = ATTEMPTS_PAGE_SIZE * 2 + 5;
    await db()
      .insert(attempts)
      .values(
        Array.from({ length: total }, (_, i) => ({
          userId: busy.id,
          scenarioVersionId: version!.id,
          timeMode: 'off' as const,
          stateName: 'won',
          mood: 0,
          flags: [],
          step: 3,
          stateEnteredAt: days(i / 10),
          startedAt: days(i / 10),
          status: 'completed' as const,
          completedAt: new Date(days(i / 10).getTime() + 60_000),
          outcome: 'success' as const,
          passed: true,
          overallPercent: i,
          principleScores: { responsiveness: i },
        })),
      );
    const first = await personReport(db(), hr, busy.id, days(10), 'UTC');
    expect(first.attempts).toMatchObject({ page: 1, pageCount: 3, total });
    expect(first.attempts.items.map((a) => a.overallPercent)).toEqual(Array.from({ length: ATTEMPTS_PAGE_SIZE }, (_, i) => total - 1 - i));
    const last = await personReport(db(), hr, busy.id, days(10), 'UTC', { attemptPage: 3 });
    expect(last.attempts.items.map((a) => a.overallPercent)).toEqual([4, 3, 2, 1, 0]);
    expect((await personReport(db(), hr, busy.id, days(10), 'UTC', { attemptPage: 99 })).attempts.page).toBe(3);
    expect((await personReport(db(), hr, busy.id, days(10), 'UTC', { attemptPage: -1 })).attempts.page).toBe(1);
    // The principle history covers every attempt, not only the page shown.
    expect(first.principles[0]!.points).toHaveLength(total);
    expect(first.principles[0]!.trend).toMatchObject({ firstAverage: 1, recentAverage: total - 2, direction: 'improving' });
  });

  it('shows a person with nothing assigned or played as empty', async () => {
    const report = await personReport(db(), hr, other.id, days(10), 'UTC');
    expect(report).toMatchObject({
      assignments: [],
      attempts: { items: [], page: 1, pageCount: 1, total: 0, all: 0, failedByCriticalError: 0 },
      principles: [],
      finishedAttempts: 0,
    });
  });

  it('is for HR and admins only; an unknown or malformed id is not found', async () => {
    for (const reader of [trainee, trainer, other]) {
      await expect(personReport(db(), reader, trainee.id, days(10), 'UTC')).rejects.toMatchObject({ status: 403 });
    }
    await expect(personReport(db(), trainee, trainee.id, days(10), 'UTC')).rejects.toBeInstanceOf(HttpError);
    await expect(personReport(db(), hr, '00000000-0000-4000-8000-000000000000', days(10), 'UTC')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(personReport(db(), hr, 'not-an-id', days(10), 'UTC')).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});

describe.each(testBackends())('critical errors and time limits in the HR report on %s', (kind) => {
  let database: TestDatabase;
  let hr: User;
  let trainee: User;
  const db = () => database.db;
  const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
  const PROMISE_REASON = 'Promised a call-back time nobody had agreed to';
  const ARGUE_REASON = 'Blamed the courier to the customer';
  const played: Record<string, string> = {};

  async function play(scenarioId: string, path: string[], start: number, mode: 'off' | 'standard' = 'off') {
    const attemptId = await startAttempt(db(), trainee.id, scenarioId, mode, at(start));
    for (const [i, event] of path.entries()) {
      const reply = await submitChoice(db(), { attemptId, userId: trainee.id, seq: i, event, now: at(start + i + 1) });
      if (reply.status !== 'applied') throw new Error(`choice refused: ${JSON.stringify(reply)}`);
    }
    return attemptId;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-report-critical-'));
    const critical = fixtureScenario();
    critical.id = 'fx-critical';
    const states = critical.states as Record<string, { on: Record<string, { meta: Record<string, string> }> }>;
    states.ask!.on.promise!.meta.critical = PROMISE_REASON;
    states.upset!.on.argue!.meta.critical = ARGUE_REASON;
    const untimed = fixtureScenario();
    untimed.id = 'fx-untimed';
    const greet = untimed.states.greet as { meta: Record<string, unknown>; on: Record<string, unknown> };
    delete greet.meta.timeLimitSeconds;
    delete greet.on.TIMEOUT;
    for (const doc of [critical, untimed]) await writeFile(path.join(dir, `${doc.id}.json`), asText(doc));
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    hr = (
      await db()
        .insert(users)
        .values({ name: 'Hana HR', email: `crit-hr-${kind}@example.test`, role: 'hr' })
        .returning()
    )[0]!;
    trainee = (
      await db()
        .insert(users)
        .values({ name: 'Cat Critical', email: `crit-${kind}@example.test`, role: 'trainee' })
        .returning()
    )[0]!;

    // Full marks and a success ending, lost to one critical error.
    played.lostToOne = await play('fx-critical', ['listen', 'promise', 'close'], 0);
    // A failure that had a critical error among its reasons.
    played.lostToMore = await play('fx-critical', ['rush', 'bluff', 'argue'], 100);
    // A failure with no critical error, and a pass.
    played.plainFail = await play('fx-untimed', ['rush', 'bluff', 'argue'], 200);
    played.passed = await play('fx-untimed', ['listen', 'promise', 'close'], 300);
    // Limits changed twice, and a critical error taken, in an attempt still going: nothing counted yet.
    played.changing = await startAttempt(db(), trainee.id, 'fx-critical', 'standard', at(400));
    await setAttemptTimeMode(db(), played.changing, trainee.id, 'extended', at(401));
    await submitChoice(db(), { attemptId: played.changing, userId: trainee.id, seq: 0, event: 'listen', now: at(402) });
    await setAttemptTimeMode(db(), played.changing, trainee.id, 'off', at(403));
    await submitChoice(db(), { attemptId: played.changing, userId: trainee.id, seq: 1, event: 'promise', now: at(404) });
  });
  afterAll(() => database?.dispose());

  const report = (options: Parameters<typeof personReport>[5] = {}) => personReport(db(), hr, trainee.id, at(1000), 'UTC', options);
  const item = async (attemptId: string) => (await report()).attempts.items.find((a) => a.attemptId === attemptId)!;

  it('gives each finished attempt its critical errors: how many, which reply and why', async () => {
    expect(await item(played.lostToOne!)).toMatchObject({
      passed: false,
      overallPercent: 100,
      outcome: 'success',
      criticalErrors: 1,
      failedByCriticalError: true,
      criticalReplies: [{ reply: 2, seq: 1, reason: PROMISE_REASON }],
    });
    expect(await item(played.lostToMore!)).toMatchObject({ criticalErrors: 1, failedByCriticalError: true, criticalReplies: [{ reply: 3, seq: 2, reason: ARGUE_REASON }] });
    for (const id of [played.plainFail!, played.passed!]) expect(await item(id)).toMatchObject({ criticalErrors: 0, failedByCriticalError: false, criticalReplies: [] });
    // The transcript marks the same reply.
    const transcript = (await item(played.lostToOne!)).debrief!;
    expect(transcript.decisions[1]!.seq).toBe(1);
    expect(transcript.decisions[1]!.taken.event).toBe('promise');
  });

  it('counts nothing for an attempt still in progress, though a critical error was taken', async () => {
    expect(await item(played.changing!)).toMatchObject({ status: 'in-progress', criticalErrors: 0, failedByCriticalError: false, criticalReplies: [], debrief: null });
  });

  it('gives a timed scenario’s limits and every change, and nothing for an untimed one', async () => {
    expect((await item(played.changing!)).timeLimits).toEqual({
      startedWith: 'standard',
      endedWith: 'off',
      changes: [
        { atReply: 1, from: 'standard', to: 'extended', changedAt: at(401) },
        { atReply: 2, from: 'extended', to: 'off', changedAt: at(403) },
      ],
    });
    expect((await item(played.lostToOne!)).timeLimits).toEqual({ startedWith: 'off', endedWith: 'off', changes: [] });
    expect((await item(played.passed!)).timeLimits).toBeNull();
    expect((await item(played.plainFail!)).timeLimits).toBeNull();
  });

  it('narrows the attempts to those failed by a critical error, with both counts, and pages within them', async () => {
    const all = await report();
    expect(all.attempts).toMatchObject({ show: 'all', total: 5, all: 5, failedByCriticalError: 2 });
    const failed = await report({ show: 'failed-by-critical-error' });
    expect(failed.attempts).toMatchObject({ show: 'failed-by-critical-error', total: 2, all: 5, failedByCriticalError: 2, page: 1, pageCount: 1 });
    expect(failed.attempts.items.map((a) => a.attemptId)).toEqual([played.lostToMore, played.lostToOne]);
    // The principle history still covers every finished attempt.
    expect(failed.finishedAttempts).toBe(4);

    const [version] = await db().select({ id: scenarioVersions.id }).from(scenarioVersions).limit(1);
    const many = 2 * ATTEMPTS_PAGE_SIZE + 3;
    await db()
      .insert(attempts)
      .values(
        Array.from({ length: many }, (_, i) => ({
          userId: trainee.id,
          scenarioVersionId: version!.id,
          timeMode: 'off' as const,
          stateName: 'lost',
          mood: 0,
          flags: [],
          step: 3,
          stateEnteredAt: at(2000 + i),
          startedAt: at(2000 + i),
          status: 'completed' as const,
          completedAt: at(2000 + i),
          outcome: 'failure' as const,
          passed: false,
          overallPercent: i,
          principleScores: {},
          criticalErrors: i % 2 === 0 ? 1 : 0,
        })),
      );
    const withCritical = Math.ceil(many / 2) + 2;
    const second = await report({ show: 'failed-by-critical-error', attemptPage: 2 });
    expect(second.attempts).toMatchObject({ page: 2, pageCount: 2, total: withCritical, failedByCriticalError: withCritical, all: 5 + many });
    expect(second.attempts.items.every((a) => a.failedByCriticalError)).toBe(true);
    expect(second.attempts.items).toHaveLength(withCritical - ATTEMPTS_PAGE_SIZE);
  });
});
