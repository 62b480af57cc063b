import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { createUser, updateUser } from '../people/accounts';
import { importUsersFromCsv } from '../people/new-hire-import';
import {
  applyAssignmentRules,
  assignmentStatus,
  createAssignmentRule,
  markCurrentAssignments,
  myModules,
  personModules,
  recordProgress,
  refreshAssignmentProgress,
  removeAssignmentRule,
} from './assignments';
import { startAttempt, submitChoice } from '../training/attempts';
import { assignmentRules, assignments, attempts, auditLog, principleTotals, scenarioVersions, users, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { createModule } from './modules';
import { assignmentRuleBody, type AssignmentRuleBody } from './schemas';
import { addDays, dateIn, endOfDate, startOfDate } from '../../lib/dates';
import { publishBuiltinScenarios, publishVersion } from '../training/library';
import { settingsFromEnv } from '../platform/settings';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

describe('calendar dates in the organisation’s time zone', () => {
  it('start and end a day at local midnight, also on the days clocks change', () => {
    // New York: clocks go forward on 8 March 2026 (a 23-hour day) and back on 1 November (25 hours).
    expect(startOfDate('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfDate('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(endOfDate('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    // Auckland, far east: the day starts on the previous UTC day; clocks go back on 5 April 2026.
    expect(startOfDate('2026-04-05', 'Pacific/Auckland').toISOString()).toBe('2026-04-04T11:00:00.000Z');
    expect(endOfDate('2026-04-05', 'Pacific/Auckland').toISOString()).toBe('2026-04-05T12:00:00.000Z');
    expect(endOfDate('2026-09-27', 'Pacific/Auckland').toISOString()).toBe('2026-09-27T11:00:00.000Z');
    // Santiago moves its clocks at midnight: 6 September 2026 begins at 01:00 local.
    expect(startOfDate('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(endOfDate('2026-02-28', 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('read the date at an instant in the zone, and add days across month and year ends', () => {
    const instant = new Date('2026-11-23T12:30:00Z');
    expect(dateIn('UTC', instant)).toBe('2026-11-23');
    expect(dateIn('Pacific/Auckland', instant)).toBe('2026-11-24');
    expect(dateIn('America/New_York', new Date('2026-11-24T04:59:59Z'))).toBe('2026-11-23');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});

describe('the organisation’s time zone setting', () => {
  it('is UTC unless FRONTLINE_TIME_ZONE names a zone, and a wrong name is refused with the setting named', () => {
    expect(settingsFromEnv({}).timeZone).toBe('UTC');
    expect(settingsFromEnv({ FRONTLINE_TIME_ZONE: ' america/new_york ' }).timeZone).toBe('America/New_York');
    expect(settingsFromEnv({ FRONTLINE_TIME_ZONE: 'Pacific/Auckland' }).timeZone).toBe('Pacific/Auckland');
    expect(() => settingsFromEnv({ FRONTLINE_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(
      'FRONTLINE_TIME_ZONE must be an IANA time zone name such as Europe/London or America/New_York, not "Mars/Olympus_Mons"',
    );
  });
});

describe('assignment status', () => {
  const open = (dueDate: string) => ({ dueDate, completedAt: null });
  const none = { passed: 0, attempts: 0 };
  const some = { passed: 1, attempts: 1 };
  const all = { passed: 2, attempts: 2 };

  it('is not overdue on the due day, and overdue once the day has ended in the zone', () => {
    expect(assignmentStatus(open('2026-11-23'), none, new Date('2026-11-23T23:59:59.999Z'), 'UTC')).toBe('not-started');
    expect(assignmentStatus(open('2026-11-23'), some, new Date('2026-11-23T12:00:00Z'), 'UTC')).toBe('in-progress');
    expect(assignmentStatus(open('2026-11-23'), some, new Date('2026-11-24T00:00:00Z'), 'UTC')).toBe('overdue');
    // 03:00 UTC on the 24th is still the 23rd in New York.
    expect(assignmentStatus(open('2026-11-23'), none, new Date('2026-11-24T03:00:00Z'), 'America/New_York')).toBe('not-started');
    // …and already the 24th in Auckland, so there it is overdue.
    expect(assignmentStatus(open('2026-11-23'), none, new Date('2026-11-23T11:00:00Z'), 'Pacific/Auckland')).toBe('overdue');
    expect(assignmentStatus(open('2026-11-23'), none, new Date('2026-11-23T10:59:59Z'), 'Pacific/Auckland')).toBe('not-started');
  });

  it('counts an attempt begun, even one not passed yet, as in progress', () => {
    expect(assignmentStatus(open('2026-11-23'), { passed: 0, attempts: 1 }, new Date('2026-11-23T12:00:00Z'), 'UTC')).toBe('in-progress');
  });

  it('follows the clock change: the end of a due day moves with daylight saving time', () => {
    // Due the day New York springs forward: the day ends at 04:00 UTC, not 05:00.
    expect(assignmentStatus(open('2026-03-08'), some, new Date('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('in-progress');
    expect(assignmentStatus(open('2026-03-08'), some, new Date('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('overdue');
    // Due the day it falls back: the day has 25 hours and ends at 05:00 UTC.
    expect(assignmentStatus(open('2026-11-01'), some, new Date('2026-11-02T04:30:00Z'), 'America/New_York')).toBe('in-progress');
    expect(assignmentStatus(open('2026-11-01'), some, new Date('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('overdue');
  });

  it('tells completion on time from late completion, whatever the time now', () => {
    const later = new Date('2027-06-01T00:00:00Z');
    const onTime = { dueDate: '2026-03-08', completedAt: new Date('2026-03-09T03:59:59Z') };
    const late = { dueDate: '2026-03-08', completedAt: new Date('2026-03-09T04:00:00Z') };
    expect(assignmentStatus(onTime, all, later, 'America/New_York')).toBe('completed');
    expect(assignmentStatus(late, all, later, 'America/New_York')).toBe('completed-late');
    // The same instant is on time in UTC terms of the 9th, late in Auckland.
    expect(assignmentStatus({ dueDate: '2026-03-09', completedAt: new Date('2026-03-09T12:00:00Z') }, all, later, 'UTC')).toBe('completed');
    expect(assignmentStatus({ dueDate: '2026-03-09', completedAt: new Date('2026-03-09T12:00:00Z') }, all, later, 'Pacific/Auckland')).toBe('completed-late');
  });
});

const T0 = new Date('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(testBackends())('assignments on %s', (kind) => {
  let database: TestDatabase;
  let hr: User;
  let admin: User;
  let trainer: User;
  let moduleId: string;
  let seq = 0;

  const db = () => database.db;
  const addUser = async (values: Partial<typeof users.$inferInsert> = {}) =>
    (
      await db()
        .insert(users)
        .values({ name: `Person ${++seq}`, email: `p${seq}-${kind}@example.test`, role: 'trainee', ...values })
        .returning()
    )[0]!;
  const heldBy = async (userId: string) => db().select().from(assignments).where(eq(assignments.userId, userId));
  const rule = (input: AssignmentRuleBody & { moduleId?: string }, now = T0, timeZone = 'UTC') => createAssignmentRule(db(), hr, { moduleId, ...input }, { now, timeZone });
  const newModule = async (steps = ['fx-a', 'fx-b'], defaultDueDays = 14) => (await createModule(db(), trainer, { title: `Module ${++seq}`, steps, defaultDueDays }, T0)).id;

  /** Plays a fixture scenario to an ending: passed (won) or failed (lost). */
  async function play(userId: string, scenarioId: string, pass: boolean, at: Date) {
    const attemptId = await startAttempt(db(), userId, scenarioId, 'off', at);
    const path = pass ? ['listen', 'promise', 'close'] : ['rush', 'bluff', 'argue'];
    let last;
    for (const [i, event] of path.entries()) last = await submitChoice(db(), { attemptId, userId, seq: i, event, now: new Date(at.getTime() + (i + 1) * 1000) });
    if (last?.status !== 'applied' || last.result?.passed !== pass) throw new Error(`unexpected ending: ${JSON.stringify(last)}`);
    return new Date(at.getTime() + path.length * 1000);
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-module-scenarios-'));
    for (const id of ['fx-a', 'fx-b', 'fx-c']) {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title: `Call ${id.slice(3).toUpperCase()}` };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    const report = await publishBuiltinScenarios(db(), dir);
    expect(report.skipped).toEqual([]);
    hr = await addUser({ role: 'hr', name: 'Hana HR' });
    admin = await addUser({ role: 'admin', name: 'Ari Admin' });
    trainer = await addUser({ role: 'trainer', name: 'Tom Trainer' });
    moduleId = await newModule();
  });
  afterAll(() => database?.dispose());

  it('assigns a team’s active trainees, and anyone who joins the team later', async () => {
    const inTeam = await addUser({ team: 'Returns' });
    const staffInTeam = await addUser({ team: 'Returns', role: 'trainer' });
    const inactive = await addUser({ team: 'Returns', active: false });
    const elsewhere = await addUser({ team: 'Billing' });
    const { rule: created, assigned } = await rule({ kind: 'team', team: ' Returns ' });
    expect(created).toMatchObject({ kind: 'team', team: 'Returns', createdBy: hr.id, removedAt: null });
    expect(assigned).toBe(1);
    expect(await heldBy(inTeam.id)).toEqual([expect.objectContaining({ ruleId: created.id, dueDate: addDays('2026-11-23', 14), assignedAt: T0, completedAt: null })]);
    for (const person of [staffInTeam, inactive, elsewhere]) expect(await heldBy(person.id)).toEqual([]);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'module-assigned'), eq(auditLog.subject, moduleId)));
    expect(audit).toMatchObject({ actorId: hr.id, details: { ruleId: created.id, kind: 'team', team: 'Returns', assigned: 1 } });

    // Moved into the team later: their due date counts from the day they were assigned.
    const later = new Date('2026-12-01T09:00:00Z');
    await updateUser(db(), hr, elsewhere.id, { team: 'Returns' }, { now: later });
    expect(await heldBy(elsewhere.id)).toEqual([expect.objectContaining({ ruleId: created.id, assignedAt: later, dueDate: '2026-12-15' })]);
    // Created straight into the team.
    const { user: newcomer } = await createUser(db(), hr, { name: 'New Comer', email: `newcomer-${kind}@example.test`, role: 'trainee', team: 'Returns', startDate: null });
    expect(await heldBy(newcomer.id)).toHaveLength(1);
    // Reactivated: reached now.
    await updateUser(db(), admin, inactive.id, { active: true });
    expect(await heldBy(inactive.id)).toHaveLength(1);

    // Moving out of the team keeps what they were given; applying again adds nothing twice.
    await updateUser(db(), hr, elsewhere.id, { team: 'Billing' });
    expect(await heldBy(elsewhere.id)).toEqual([expect.objectContaining({ unassignedAt: null })]);
    expect(await applyAssignmentRules(db(), {}, later, 'UTC')).toEqual([]);
  });

  it('assigns the trainees who started within a cohort’s dates, inclusive, also when imported', async () => {
    const cohortModule = await newModule(['fx-c'], 30);
    const before = await addUser({ startDate: '2026-08-31' });
    const first = await addUser({ startDate: '2026-09-01' });
    const last = await addUser({ startDate: '2026-09-30' });
    const after = await addUser({ startDate: '2026-10-01' });
    const undated = await addUser();
    const { assigned } = await rule({ moduleId: cohortModule, kind: 'cohort', cohortFrom: '2026-09-01', cohortTo: '2026-09-30', dueDate: '2026-12-31' });
    expect(assigned).toBe(2);
    for (const person of [first, last]) expect(await heldBy(person.id)).toEqual([expect.objectContaining({ dueDate: '2026-12-31' })]);
    for (const person of [before, after, undated]) expect(await heldBy(person.id)).toEqual([]);

    const csv = `name,email,start date\nIn Cohort,cohort-in-${kind}@example.test,2026-09-15\nOut Of Cohort,cohort-out-${kind}@example.test,2026-10-15\n`;
    const result = await importUsersFromCsv(db(), hr, csv, { commit: true });
    const [inCohort, outOfCohort] = result.created.map((c) => c.user);
    expect(await heldBy(inCohort!.id)).toEqual([expect.objectContaining({ dueDate: '2026-12-31' })]);
    expect(await heldBy(outOfCohort!.id)).toEqual([]);
    // A corrected start date brings someone in.
    await updateUser(db(), hr, after.id, { startDate: '2026-09-10' });
    expect(await heldBy(after.id)).toHaveLength(1);
  });

  it('assigns one named person, staff too, due after the module’s default days counted in the organisation’s zone', async () => {
    // 20:00 UTC on 23 November is already 24 November in Auckland.
    const now = new Date('2026-11-23T20:00:00Z');
    const personModule = await newModule(['fx-a'], 10);
    const { rule: created, assigned } = await rule({ moduleId: personModule, kind: 'person', userId: trainer.id }, now, 'Pacific/Auckland');
    expect(assigned).toBe(1);
    expect(await heldBy(trainer.id)).toEqual([expect.objectContaining({ ruleId: created.id, dueDate: '2026-12-04' })]);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'module-assigned'), eq(auditLog.targetUserId, trainer.id)));
    expect(audit).toMatchObject({ actorId: hr.id, subject: personModule });
  });

  it('shows each module once, through the assignment due first', async () => {
    const person = await addUser({ team: 'Twice', startDate: '2026-10-05' });
    const twice = await newModule(['fx-a'], 30);
    await rule({ moduleId: twice, kind: 'team', team: 'Twice', dueDate: '2026-12-20' });
    const cohort = await rule({ moduleId: twice, kind: 'cohort', cohortFrom: '2026-10-01', cohortTo: '2026-10-31', dueDate: '2026-12-10' });
    expect(await heldBy(person.id)).toHaveLength(2);
    const held = await personModules(db(), person.id);
    expect(held.map((a) => a.dueDate)).toEqual(['2026-12-10']);
    expect((await myModules(db(), person.id, T0, 'UTC')).map((m) => [m.moduleId, m.dueDate])).toEqual([[twice, '2026-12-10']]);
    expect((await heldBy(person.id)).filter((a) => a.isCurrent).map((a) => a.dueDate)).toEqual(['2026-12-10']);

    // Unassigning the one that counts makes the other count.
    await removeAssignmentRule(db(), hr, cohort.rule.id, { now: T0 });
    expect((await personModules(db(), person.id)).map((a) => a.dueDate)).toEqual(['2026-12-20']);
    expect((await heldBy(person.id)).filter((a) => a.isCurrent).map((a) => a.dueDate)).toEqual(['2026-12-20']);
    // Marking everyone again changes nothing.
    await markCurrentAssignments(db(), 'everyone');
    expect((await heldBy(person.id)).filter((a) => a.isCurrent).map((a) => a.dueDate)).toEqual(['2026-12-20']);
  });

  it('records completion when the last scenario is passed, in the attempt’s transaction, once', async () => {
    const person = await addUser();
    // Passed before the assignment was made: does not count towards it.
    await play(person.id, 'fx-a', true, minutes(-60));
    await rule({ kind: 'person', userId: person.id, dueDate: '2026-11-30' });

    let [mine] = await myModules(db(), person.id, minutes(1), 'UTC');
    expect(mine).toMatchObject({ passedCount: 0, total: 2, status: 'not-started', nextScenarioId: 'fx-a', dueDate: '2026-11-30', started: false, assignedOn: '2026-11-23' });
    // The earlier pass is named, so the trainee knows why it does not count.
    expect(mine!.scenarios).toEqual([
      { id: 'fx-a', title: 'Call A', href: '/scenarios/fx-a', pool: false, assessment: false, passed: false, retired: false, passedBeforeAssignment: '2026-11-23' },
      { id: 'fx-b', title: 'Call B', href: '/scenarios/fx-b', pool: false, assessment: false, passed: false, retired: false, passedBeforeAssignment: null },
    ]);

    await play(person.id, 'fx-a', true, minutes(10));
    await play(person.id, 'fx-b', false, minutes(20));
    [mine] = await myModules(db(), person.id, minutes(30), 'UTC');
    expect(mine).toMatchObject({ passedCount: 1, status: 'in-progress', nextScenarioId: 'fx-b', completedAt: null });

    const passedAt = await play(person.id, 'fx-b', true, minutes(40));
    [mine] = await myModules(db(), person.id, minutes(50), 'UTC');
    expect(mine).toMatchObject({ passedCount: 2, total: 2, status: 'completed', nextScenarioId: null, completedAt: passedAt });

    // Playing again later does not move the completion time.
    await play(person.id, 'fx-a', true, minutes(60));
    expect((await heldBy(person.id))[0]!.completedAt).toEqual(passedAt);
  });

  it('keeps each assignment’s attempts, first start, scenarios passed and score as attempts start and finish', async () => {
    const person = await addUser();
    const percentOf = async (at: Date) =>
      (
        await db()
          .select({ percent: attempts.overallPercent })
          .from(attempts)
          .where(and(eq(attempts.userId, person.id), eq(attempts.startedAt, at)))
      )[0]!.percent!;
    // Before the assignment: not counted.
    await play(person.id, 'fx-a', true, minutes(-30));
    await rule({ kind: 'person', userId: person.id, dueDate: '2026-11-30' });
    const figures = async () => {
      const [held] = await heldBy(person.id);
      return { attempts: held!.attemptCount, startedAt: held!.startedAt, passed: held!.passedCount, score: held!.scorePercent, completedAt: held!.completedAt };
    };
    expect(await figures()).toEqual({ attempts: 0, startedAt: null, passed: 0, score: null, completedAt: null });

    // Started, not finished: in progress with one attempt and no score yet.
    const open = await startAttempt(db(), person.id, 'fx-a', 'off', minutes(5));
    expect(await figures()).toEqual({ attempts: 1, startedAt: minutes(5), passed: 0, score: null, completedAt: null });
    expect(open).toBeTruthy();
    // A failed attempt on fx-b scores; a pass of fx-a counts with the best of fx-a.
    await play(person.id, 'fx-b', false, minutes(10));
    const failedPercent = await percentOf(minutes(10));
    expect(await figures()).toMatchObject({ attempts: 2, passed: 0, score: failedPercent });
    await play(person.id, 'fx-a', true, minutes(20));
    const passedA = await percentOf(minutes(20));
    expect(await figures()).toMatchObject({ attempts: 3, passed: 1, score: (passedA + failedPercent) / 2 });
    const done = await play(person.id, 'fx-b', true, minutes(30));
    const passedB = await percentOf(minutes(30));
    expect(await figures()).toEqual({ attempts: 4, startedAt: minutes(5), passed: 2, score: (passedA + Math.max(passedB, failedPercent)) / 2, completedAt: done });

    // After completion the figures are frozen: practice does not move them.
    await play(person.id, 'fx-b', false, minutes(40));
    expect(await figures()).toEqual({ attempts: 4, startedAt: minutes(5), passed: 2, score: (passedA + Math.max(passedB, failedPercent)) / 2, completedAt: done });
    // Recomputing everyone's from scratch gives the same.
    await refreshAssignmentProgress(db());
    expect((await figures()).attempts).toBe(4);

    // Principle totals add up every finished attempt, before and after the assignment alike.
    const finished = await db()
      .select({ scores: attempts.principleScores })
      .from(attempts)
      .where(and(eq(attempts.userId, person.id), eq(attempts.status, 'completed')));
    const totals = await db().select().from(principleTotals).where(eq(principleTotals.userId, person.id));
    expect(totals.length).toBeGreaterThan(0);
    for (const total of totals) {
      const scored = finished.map((f) => f.scores?.[total.principleId]).filter((v): v is number => typeof v === 'number');
      expect(total.attemptCount).toBe(scored.length);
      expect(total.percentSum).toBeCloseTo(
        scored.reduce((a, b) => a + b, 0),
        6,
      );
    }
  });

  it('counts a pass of any version of a scenario, and marks completion after the due day as late', async () => {
    const person = await addUser();
    await rule({ kind: 'person', userId: person.id, dueDate: '2026-11-23' }, T0, 'America/New_York');
    const [held] = await heldBy(person.id);
    // Attempts on an older version of fx-a and of fx-b, inserted directly: playing is not the point here.
    // fx-a has a newer version since; a pass of its first version still counts.
    const revised = { ...fixtureScenario(), id: 'fx-a' };
    revised.meta = { ...revised.meta, title: 'Call A, revised' };
    expect(await publishVersion(db(), revised, asText(revised), 'authored', { userId: trainer.id })).toMatchObject({ version: 2, created: true });
    const versions = await db().select().from(scenarioVersions).where(eq(scenarioVersions.version, 1));
    const versionOf = (id: string) => versions.find((v) => v.scenarioId === id)!.id;
    const passed = (scenarioId: string, completedAt: Date) => ({
      userId: person.id,
      scenarioVersionId: versionOf(scenarioId),
      timeMode: 'off' as const,
      stateName: 'won',
      mood: 0,
      flags: [],
      stateEnteredAt: completedAt,
      startedAt: completedAt,
      status: 'completed' as const,
      completedAt,
      outcome: 'success' as const,
      passed: true,
      overallPercent: 90,
    });
    await db()
      .insert(attempts)
      .values(passed('fx-a', new Date('2026-11-23T20:00:00Z')));
    expect(await recordProgress(db(), person.id, new Date('2026-11-23T20:00:00Z'))).toBe(0);
    // 04:30 UTC on the 24th is still the 23rd in New York: not overdue yet there.
    expect((await myModules(db(), person.id, new Date('2026-11-24T04:30:00Z'), 'America/New_York'))[0]!.status).toBe('in-progress');
    expect((await myModules(db(), person.id, new Date('2026-11-24T05:00:00Z'), 'America/New_York'))[0]!.status).toBe('overdue');

    const lateAt = new Date('2026-11-24T06:00:00Z');
    await db().insert(attempts).values(passed('fx-b', lateAt));
    expect(await recordProgress(db(), person.id, lateAt)).toBe(1);
    const [done] = await db().select().from(assignments).where(eq(assignments.id, held!.id));
    expect(done!.completedAt).toEqual(lateAt);
    expect((await myModules(db(), person.id, lateAt, 'America/New_York'))[0]!.status).toBe('completed-late');
  });

  it('unassigns by removing a rule, keeping completed assignments as history', async () => {
    const team = `Unassign-${kind}`;
    const done = await addUser({ team });
    const pending = await addUser({ team });
    const unassignModule = await newModule(['fx-c'], 7);
    const { rule: created } = await rule({ moduleId: unassignModule, kind: 'team', team });
    await play(done.id, 'fx-c', true, minutes(5));
    await play(pending.id, 'fx-c', false, minutes(5));

    const removedAt = minutes(10);
    const result = await removeAssignmentRule(db(), hr, created.id, { now: removedAt });
    expect(result.unassigned).toBe(1);
    expect(result.rule).toMatchObject({ removedAt, removedBy: hr.id });
    expect(await heldBy(done.id)).toEqual([expect.objectContaining({ unassignedAt: null, completedAt: expect.any(Date) })]);
    expect(await heldBy(pending.id)).toEqual([expect.objectContaining({ unassignedAt: removedAt, completedAt: null })]);
    expect((await myModules(db(), pending.id, removedAt, 'UTC')).map((m) => m.moduleId)).not.toContain(unassignModule);
    expect((await myModules(db(), done.id, removedAt, 'UTC')).find((m) => m.moduleId === unassignModule)?.status).toBe('completed');
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'module-unassigned'), eq(auditLog.subject, unassignModule)));
    expect(audit).toMatchObject({ actorId: hr.id, details: { ruleId: created.id, unassigned: 1 } });

    // Nobody new joins through a removed rule; a pass afterwards does not complete an unassigned module.
    const joiner = await addUser();
    await updateUser(db(), hr, joiner.id, { team });
    expect(await heldBy(joiner.id)).toEqual([]);
    await play(pending.id, 'fx-c', true, minutes(20));
    expect((await heldBy(pending.id))[0]!.completedAt).toBeNull();
    // Removing again changes nothing.
    expect((await removeAssignmentRule(db(), hr, created.id)).unassigned).toBe(0);
  });

  it('lets only HR and admins assign and unassign', async () => {
    const trainee = await addUser();
    const [existing] = await db().select().from(assignmentRules).limit(1);
    const count = async () => (await db().select().from(assignmentRules)).length;
    const before = await count();
    for (const actor of [trainer, trainee]) {
      await expect(createAssignmentRule(db(), actor, { moduleId, kind: 'team', team: 'Returns' })).rejects.toMatchObject({ status: 403 });
      await expect(removeAssignmentRule(db(), actor, existing!.id)).rejects.toMatchObject({ status: 403 });
    }
    expect(await count()).toBe(before);
    await expect(createAssignmentRule(db(), admin, { moduleId, kind: 'person', userId: trainee.id }, { now: T0, timeZone: 'UTC' })).resolves.toMatchObject({ assigned: 1 });
  });

  it('refuses bad input, saying what and where, and changes nothing', async () => {
    const count = async () => (await db().select().from(assignmentRules)).length;
    const before = await count();
    // The route's schema refuses a kind that does not exist, a field of another kind, a missing one and a date not written YYYY-MM-DD.
    const schemaRefuses = (input: Record<string, unknown>, path: string) =>
      expect(
        assignmentRuleBody.safeParse(input).error?.issues.map((i) => i.path.join('.') || i.code),
        JSON.stringify(input),
      ).toContain(path);
    schemaRefuses({ kind: 'group', team: 'Returns' }, 'kind');
    schemaRefuses({ kind: 'team' }, 'team');
    schemaRefuses({ kind: 'team', team: 'Returns', userId: hr.id }, 'unrecognized_keys');
    schemaRefuses({ kind: 'person', userId: hr.id, cohortFrom: '2026-01-01' }, 'unrecognized_keys');
    schemaRefuses({ kind: 'cohort', cohortFrom: '2026-09-01' }, 'cohortTo');
    schemaRefuses({ kind: 'cohort', cohortFrom: '01/09/2026', cohortTo: '2026-09-30' }, 'cohortFrom');
    // The service takes what the schema parsed, and refuses what needs more than its shape.
    const refused = async (input: AssignmentRuleBody, field: string, message: RegExp, now = T0, timeZone = 'UTC') => {
      const error = await createAssignmentRule(db(), hr, { moduleId, ...assignmentRuleBody.parse(input) }, { now, timeZone }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 400, details: { field } });
      expect((error as Error).message).toMatch(message);
    };
    await refused({ kind: 'team', team: '' }, 'team', /A team assignment needs team/);
    await refused({ kind: 'team', team: '   ' }, 'team', /The team is empty/);
    await refused({ kind: 'person', userId: '' }, 'userId', /A person assignment needs userId/);
    await refused({ kind: 'cohort', cohortFrom: '2026-02-30', cohortTo: '2026-03-31' }, 'cohortFrom', /first start date "2026-02-30" is not a real date/);
    await refused({ kind: 'cohort', cohortFrom: '2026-10-01', cohortTo: '2026-09-30' }, 'cohortTo', /last start date \(2026-09-30\) is before the first \(2026-10-01\)/);
    await refused({ kind: 'team', team: 'x'.repeat(101) }, 'team', /longer than 100/);
    await refused({ kind: 'team', team: 'Returns', dueDate: '2026-11-22' }, 'dueDate', /due date 2026-11-22 is in the past \(today is 2026-11-23 in UTC\)/);
    // Today in Auckland is already the 24th.
    await refused(
      { kind: 'team', team: 'Returns', dueDate: '2026-11-23' },
      'dueDate',
      /today is 2026-11-24 in Pacific\/Auckland/,
      new Date('2026-11-23T20:00:00Z'),
      'Pacific/Auckland',
    );
    const deactivated = await addUser({ active: false, name: 'Dee Activated' });
    await refused({ kind: 'person', userId: deactivated.id }, 'userId', /Dee Activated's account is deactivated/);
    await expect(createAssignmentRule(db(), hr, { moduleId: '00000000-0000-4000-8000-000000000000', kind: 'team', team: 'Returns' })).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(createAssignmentRule(db(), hr, { moduleId, kind: 'person', userId: 'nobody' })).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(removeAssignmentRule(db(), hr, 'not-a-rule')).rejects.toBeInstanceOf(RecordNotFoundError);
    // Due today is allowed.
    await expect(rule({ kind: 'team', team: 'Nobody yet', dueDate: '2026-11-23' })).resolves.toMatchObject({ assigned: 0 });
    expect(await count()).toBe(before + 1);
  });
});
