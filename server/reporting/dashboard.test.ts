import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { createAssignmentRule, markCurrentAssignments, myModules } from '../onboarding/assignments';
import { startAttempt, submitChoice } from '../training/attempts';
import { assignments, attempts, users, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import {
  assignmentTable,
  allAssignmentRows,
  dashboardQueryString,
  dashboardSummary,
  DEFAULT_TABLE_QUERY,
  moduleFastPasses,
  NO_FILTERS,
  principleHeatmap,
  readDashboardQuery,
  weekStartOf,
  weeklyCompletions,
  type DashboardFilters,
} from './dashboard';
import { createModule } from '../onboarding/modules';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

describe('reading the dashboard’s query string', () => {
  it('takes filters, order and page, treating empty fields as absent', () => {
    const { filters, table } = readDashboardQuery(
      new URLSearchParams('team=Returns&cohortFrom=2026-01-01&cohortTo=&moduleId=&status=overdue&sort=score&direction=desc&page=3&pageSize=25&other=x'),
    );
    expect(filters).toEqual({
      team: 'Returns',
      cohortFrom: '2026-01-01',
      cohortTo: null,
      moduleId: null,
      status: 'overdue',
      failedByCriticalError: false,
      passedFasterThanReading: false,
    });
    expect(readDashboardQuery(new URLSearchParams('criticalFailure=yes')).filters).toEqual({ ...NO_FILTERS, failedByCriticalError: true });
    expect(readDashboardQuery({ criticalFailure: '' }).filters).toEqual(NO_FILTERS);
    expect(readDashboardQuery(new URLSearchParams('fastPass=yes')).filters).toEqual({ ...NO_FILTERS, passedFasterThanReading: true });
    expect(table).toEqual({ sort: 'score', direction: 'desc', page: 3, pageSize: 25 });
    expect(readDashboardQuery({})).toEqual({ filters: NO_FILTERS, table: DEFAULT_TABLE_QUERY });
  });

  it('refuses a bad value with a 400 naming the parameter', () => {
    const refusal = (query: string) => {
      try {
        readDashboardQuery(new URLSearchParams(query));
      } catch (error) {
        expect(error).toBeInstanceOf(HttpError);
        return { status: (error as HttpError).status, message: (error as HttpError).message, field: ((error as HttpError).details as { field?: string } | undefined)?.field };
      }
      throw new Error(`accepted ${query}`);
    };
    expect(refusal('status=finished')).toMatchObject({ status: 400, field: 'status', message: expect.stringContaining('status must be one of overdue') });
    expect(refusal('cohortFrom=2026-02-30')).toMatchObject({ field: 'cohortFrom', message: 'cohortFrom must be a date written YYYY-MM-DD' });
    expect(refusal('cohortFrom=2026-03-01&cohortTo=2026-02-01')).toMatchObject({ field: 'cohortTo', message: 'cohortTo is before cohortFrom' });
    expect(refusal('page=0')).toMatchObject({ field: 'page' });
    expect(refusal('pageSize=1000')).toMatchObject({ field: 'pageSize' });
    expect(refusal('moduleId=1;drop')).toMatchObject({ field: 'moduleId' });
    expect(refusal('criticalFailure=no')).toEqual({
      status: 400,
      field: 'criticalFailure',
      message: 'criticalFailure must be "yes" (only people who failed one of the module\'s scenarios by a critical error), or left out',
    });
    expect(refusal('criticalFailure=1')).toMatchObject({ status: 400, field: 'criticalFailure' });
    expect(refusal('fastPass=true')).toMatchObject({ status: 400, field: 'fastPass' });
  });

  it('writes a query string back, leaving defaults out', () => {
    const filters: DashboardFilters = { ...NO_FILTERS, team: 'Night shift', status: 'in-progress', failedByCriticalError: true, passedFasterThanReading: true };
    expect(dashboardQueryString(filters, { sort: 'status', direction: 'asc', page: 1 })).toBe('?team=Night+shift&status=in-progress&criticalFailure=yes&fastPass=yes');
    expect(dashboardQueryString(NO_FILTERS, { sort: 'name', direction: 'asc', page: 2 })).toBe('?sort=name&direction=asc&page=2');
    expect(readDashboardQuery(new URLSearchParams(dashboardQueryString(filters, { sort: 'due', direction: 'desc', page: 4 }).slice(1)))).toEqual({
      filters,
      table: { sort: 'due', direction: 'desc', page: 4, pageSize: 50 },
    });
  });

  it('starts weeks on Monday', () => {
    expect(weekStartOf('2026-11-23')).toBe('2026-11-23');
    expect(weekStartOf('2026-11-29')).toBe('2026-11-23');
    expect(weekStartOf('2026-01-01')).toBe('2025-12-29');
  });
});

// Tuesday 24 November 2026, mid-morning in New York.
const NOW = new Date('2026-11-24T15:00:00Z');
const ZONE = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe.each(testBackends())('HR dashboard figures on %s', (kind) => {
  let database: TestDatabase;
  let hr: User;
  let trainer: User;
  let firstWeek: string;
  let seq = 0;
  const people: Record<string, User> = {};
  const db = () => database.db;

  const addUser = async (name: string, values: Partial<typeof users.$inferInsert> = {}) =>
    (
      await db()
        .insert(users)
        .values({ name, email: `p${++seq}-${kind}@example.test`, role: 'trainee', ...values })
        .returning()
    )[0]!;

  /** Plays a fixture scenario to an ending, passed or failed, starting at `start`. */
  async function play(person: User, scenarioId: string, pass: boolean, start: Date) {
    const attemptId = await startAttempt(db(), person.id, scenarioId, 'off', start);
    const choices = pass ? ['listen', 'promise', 'close'] : ['rush', 'bluff', 'argue'];
    for (const [i, event] of choices.entries()) await submitChoice(db(), { attemptId, userId: person.id, seq: i, event, now: new Date(start.getTime() + (i + 1) * 60_000) });
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-dashboard-scenarios-'));
    for (const id of ['fx-a', 'fx-b', 'fx-c']) await writeFile(path.join(dir, `${id}.json`), asText({ ...fixtureScenario(), id }));
    await publishBuiltinScenarios(db(), dir);
    hr = await addUser('Hana HR', { role: 'hr' });
    trainer = await addUser('Tom Trainer', { role: 'trainer' });
    const onboarding = await createModule(db(), trainer, { title: 'Onboarding', steps: ['fx-a', 'fx-b'], defaultDueDays: 14 }, at('2026-10-01T12:00:00Z'));
    const refresher = await createModule(db(), trainer, { title: 'Refresher', steps: ['fx-c'], defaultDueDays: 7 }, at('2026-10-01T12:00:00Z'));

    people.ana = await addUser('Ana Returns', { team: 'Returns', startDate: '2026-09-01' });
    people.ben = await addUser('Ben Returns', { team: 'Returns', startDate: '2026-10-15' });
    people.cy = await addUser('Cy Returns', { team: 'Returns', startDate: '2026-10-20' });
    people.dee = await addUser('Dee Billing', { team: 'Billing', startDate: '2026-09-10' });
    people.eli = await addUser('Eli Billing', { team: 'Billing', startDate: '2026-11-02' });
    people.gone = await addUser('Gil Gone', { team: 'Billing', startDate: '2026-09-10' });

    // Onboarding to both teams, due 20 November (past); the refresher to Returns, due 30 November.
    const assign = (input: Parameters<typeof createAssignmentRule>[2], now: Date) => createAssignmentRule(db(), hr, input, { now, timeZone: ZONE });
    await assign({ moduleId: onboarding.id, kind: 'team', team: 'Returns', dueDate: '2026-11-20' }, at('2026-11-02T14:00:00Z'));
    await assign({ moduleId: onboarding.id, kind: 'team', team: 'Billing', dueDate: '2026-11-20' }, at('2026-11-02T14:00:00Z'));
    await assign({ moduleId: refresher.id, kind: 'team', team: 'Returns', dueDate: '2026-11-30' }, at('2026-11-02T14:00:00Z'));
    // Ana also holds onboarding through a person rule due later: she counts once, through the one due first.
    await assign({ moduleId: onboarding.id, kind: 'person', userId: people.ana.id, dueDate: '2026-12-15' }, at('2026-11-02T14:00:00Z'));

    // Ana completes onboarding on time (10 Nov), after one failure, and the refresher (18 Nov).
    await play(people.ana, 'fx-a', true, at('2026-11-09T15:00:00Z'));
    await play(people.ana, 'fx-b', false, at('2026-11-10T15:00:00Z'));
    await play(people.ana, 'fx-b', true, at('2026-11-10T16:00:00Z'));
    await play(people.ana, 'fx-c', true, at('2026-11-18T15:00:00Z'));
    // Ben's last pass ends at 03:33 UTC on the 21st: 22:33 on the 20th in New York, so on time.
    await play(people.ben, 'fx-a', true, at('2026-11-16T15:00:00Z'));
    await play(people.ben, 'fx-b', true, at('2026-11-21T03:30:00Z'));
    // Cy's ends at 05:33 UTC on the 21st, after the 20th ended in New York (05:00 UTC): late.
    await play(people.cy, 'fx-a', true, at('2026-11-21T04:30:00Z'));
    await play(people.cy, 'fx-b', true, at('2026-11-21T05:30:00Z'));
    // Dee has started and failed, and Eli has not started: both overdue. Gil left the company.
    await play(people.dee, 'fx-a', false, at('2026-11-12T15:00:00Z'));
    await db().update(users).set({ active: false }).where(eq(users.id, people.gone.id));
    // Ben began the refresher without finishing: in progress. Cy has not begun it: not started.
    await startAttempt(db(), people.ben.id, 'fx-c', 'off', at('2026-11-23T15:00:00Z'));
    firstWeek = '2026-09-07';
  });
  afterAll(() => database?.dispose());

  it('sums up the assignments people hold now, each module once per person', async () => {
    const summary = await dashboardSummary(db(), NO_FILTERS, NOW, ZONE);
    expect(summary).toMatchObject({ assigned: 8, completed: 4, completedLate: 1, inProgress: 1, notStarted: 1, overdue: 2 });
    expect(summary.completionRate).toBeCloseTo(4 / 8, 10);
    // From 2 Nov 14:00 UTC to completion: Ana 10 Nov 16:03 and 18 Nov 15:03, Ben 21 Nov 03:33, Cy 21 Nov 05:33.
    const days = (iso: string) => (at(iso).getTime() - at('2026-11-02T14:00:00Z').getTime()) / 86_400_000;
    expect(summary.medianDaysToComplete).toBeCloseTo((days('2026-11-18T15:03:00Z') + days('2026-11-21T03:33:00Z')) / 2, 6);
    expect(await dashboardSummary(db(), { ...NO_FILTERS, team: 'Nobody' }, NOW, ZONE)).toEqual({
      assigned: 0,
      completed: 0,
      completedLate: 0,
      inProgress: 0,
      notStarted: 0,
      overdue: 0,
      completionRate: null,
      medianDaysToComplete: null,
    });
  });

  it('agrees with each person’s own module list on every status', async () => {
    const table = await assignmentTable(db(), NO_FILTERS, { ...DEFAULT_TABLE_QUERY, pageSize: 100 }, NOW, ZONE);
    expect(table.total).toBe(8);
    for (const row of table.rows) {
      const own = (await myModules(db(), row.userId, NOW, ZONE)).find((m) => m.moduleId === row.moduleId)!;
      expect({ person: row.name, module: row.moduleTitle, status: row.status, passed: row.passedCount, due: row.dueDate }).toEqual({
        person: row.name,
        module: row.moduleTitle,
        status: own.status,
        passed: own.passedCount,
        due: own.dueDate,
      });
    }
    const statusOf = (name: string, module: string) => table.rows.find((r) => r.name === name && r.moduleTitle === module)?.status;
    expect(statusOf('Ana Returns', 'Onboarding')).toBe('completed');
    expect(statusOf('Ana Returns', 'Refresher')).toBe('completed');
    expect(statusOf('Ben Returns', 'Onboarding')).toBe('completed');
    expect(statusOf('Cy Returns', 'Onboarding')).toBe('completed-late');
    expect(statusOf('Cy Returns', 'Refresher')).toBe('not-started');
    expect(statusOf('Eli Billing', 'Onboarding')).toBe('overdue');
    expect(statusOf('Dee Billing', 'Onboarding')).toBe('overdue');
    expect(statusOf('Ben Returns', 'Refresher')).toBe('in-progress');
    expect(table.rows.some((r) => r.name === 'Gil Gone')).toBe(false);
    // Ana's onboarding row is the one due first.
    expect(table.rows.find((r) => r.name === 'Ana Returns' && r.moduleTitle === 'Onboarding')!.dueDate).toBe('2026-11-20');
  });

  it('filters by team, cohort, module and status, and sorts and pages on the server without overlap', async () => {
    const names = async (filters: Partial<DashboardFilters>, query = {}) =>
      (await assignmentTable(db(), { ...NO_FILTERS, ...filters }, { ...DEFAULT_TABLE_QUERY, sort: 'name', ...query }, NOW, ZONE)).rows.map((r) => `${r.name}/${r.moduleTitle}`);
    expect(await names({ team: 'Billing' })).toEqual(['Dee Billing/Onboarding', 'Eli Billing/Onboarding']);
    expect(await names({ cohortFrom: '2026-10-01', cohortTo: '2026-10-31' })).toEqual([
      'Ben Returns/Onboarding',
      'Ben Returns/Refresher',
      'Cy Returns/Onboarding',
      'Cy Returns/Refresher',
    ]);
    expect(await names({ status: 'overdue' })).toEqual(['Dee Billing/Onboarding', 'Eli Billing/Onboarding']);
    expect(await names({ status: 'completed-late' })).toEqual(['Cy Returns/Onboarding']);
    const onboarding = (await assignmentTable(db(), NO_FILTERS, { ...DEFAULT_TABLE_QUERY, pageSize: 100 }, NOW, ZONE)).rows.find((r) => r.moduleTitle === 'Onboarding')!.moduleId;
    expect(await names({ moduleId: onboarding, team: 'Returns' })).toEqual(['Ana Returns/Onboarding', 'Ben Returns/Onboarding', 'Cy Returns/Onboarding']);

    // Pages of 25 over 8 rows: one page; asking past the end gives the last page.
    const late = await assignmentTable(db(), NO_FILTERS, { sort: 'name', direction: 'asc', page: 9, pageSize: 25 }, NOW, ZONE);
    expect({ page: late.page, pageCount: late.pageCount, rows: late.rows.length }).toEqual({ page: 1, pageCount: 1, rows: 8 });

    // Sorted by score, highest first, unscored last; by status, most urgent first.
    const byScore = (await assignmentTable(db(), NO_FILTERS, { sort: 'score', direction: 'desc', page: 1, pageSize: 100 }, NOW, ZONE)).rows.map((r) => r.scorePercent);
    const scored = byScore.filter((s) => s !== null);
    expect(scored).toEqual([...scored].sort((a, b) => b! - a!));
    expect(byScore.slice(scored.length).every((s) => s === null)).toBe(true);
    const byStatus = (await assignmentTable(db(), NO_FILTERS, { sort: 'status', direction: 'asc', page: 1, pageSize: 100 }, NOW, ZONE)).rows.map((r) => r.status);
    expect(byStatus[0]).toBe('overdue');
    expect(byStatus.at(-1)).toBe('completed');

    // The whole table in pages of one: every row once, in the same order as one page.
    const seen: string[] = [];
    const whole = await assignmentTable(db(), NO_FILTERS, { sort: 'due', direction: 'asc', page: 1, pageSize: 100 }, NOW, ZONE);
    for (let page = 1; page <= 8; page++) {
      const one = await assignmentTable(db(), NO_FILTERS, { sort: 'due', direction: 'asc', page, pageSize: 1 }, NOW, ZONE);
      seen.push(one.rows[0]!.assignmentId);
    }
    expect(seen).toEqual(whole.rows.map((r) => r.assignmentId));

    const chunks: string[] = [];
    for await (const chunk of allAssignmentRows(db(), NO_FILTERS, { sort: 'due', direction: 'asc' }, NOW, ZONE, 3)) chunks.push(...chunk.map((r) => r.assignmentId));
    expect(chunks).toEqual(seen);
  });

  it('counts completions per week in the organisation’s zone, late ones too', async () => {
    const weeks = await weeklyCompletions(db(), NO_FILTERS, NOW, ZONE, 12);
    expect(weeks).toHaveLength(12);
    expect(weeks.at(-1)!.weekStart).toBe('2026-11-23');
    expect(weeks[0]!.weekStart).toBe('2026-09-07');
    expect(firstWeek).toBe(weeks[0]!.weekStart);
    const week = (start: string) => weeks.find((w) => w.weekStart === start);
    // Ana's onboarding (10 Nov); her refresher (18 Nov), Ben's (22:33 on 20 Nov in New York) and Cy's late one (00:33 on the 21st) the next week.
    expect(week('2026-11-09')).toEqual({ weekStart: '2026-11-09', completed: 1, late: 0 });
    expect(week('2026-11-16')).toEqual({ weekStart: '2026-11-16', completed: 3, late: 1 });
    expect(weeks.reduce((sum, w) => sum + w.completed, 0)).toBe(4);
    expect((await weeklyCompletions(db(), { ...NO_FILTERS, team: 'Billing' }, NOW, ZONE)).every((w) => w.completed === 0)).toBe(true);
  });

  it('averages each principle per team over the team’s finished attempts, with counts', async () => {
    const heatmap = await principleHeatmap(db(), NO_FILTERS);
    expect(heatmap.teams.map((t) => [t.team, t.people])).toEqual([
      ['Billing', 1],
      ['Returns', 3],
    ]);
    const finished = await db().select({ userId: attempts.userId, scores: attempts.principleScores }).from(attempts).where(eq(attempts.status, 'completed'));
    const returns = new Set([people.ana!.id, people.ben!.id, people.cy!.id]);
    for (const [i, principle] of heatmap.principles.entries()) {
      const scored = finished
        .filter((f) => returns.has(f.userId))
        .map((f) => f.scores?.[principle.id])
        .filter((v): v is number => typeof v === 'number');
      const cell = heatmap.teams[1]!.cells[i];
      if (!scored.length) expect(cell).toBeNull();
      else expect(cell).toEqual({ averagePercent: expect.closeTo(scored.reduce((a, b) => a + b, 0) / scored.length, 6), attempts: scored.length });
    }
    expect((await principleHeatmap(db(), { ...NO_FILTERS, cohortFrom: '2026-11-01' })).teams).toEqual([]);
  });

  it('leaves unassigned modules out', async () => {
    const before = (await dashboardSummary(db(), NO_FILTERS, NOW, ZONE)).assigned;
    const [held] = await db().select().from(assignments).where(eq(assignments.userId, people.eli!.id));
    await db().update(assignments).set({ unassignedAt: NOW }).where(eq(assignments.id, held!.id));
    await markCurrentAssignments(db(), [people.eli!.id]);
    expect((await dashboardSummary(db(), NO_FILTERS, NOW, ZONE)).assigned).toBe(before - 1);
    await db().update(assignments).set({ unassignedAt: null }).where(eq(assignments.id, held!.id));
    await markCurrentAssignments(db(), [people.eli!.id]);
    expect((await dashboardSummary(db(), NO_FILTERS, NOW, ZONE)).assigned).toBe(before);
  });
});

describe.each(testBackends())('exporting the whole table on %s', (kind) => {
  let database: TestDatabase;
  afterAll(() => database?.dispose());

  it('lists everyone once, in the order of the moment it began, though people move in that order while it is read', async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    await publishBuiltinScenarios(db, 'scenarios');
    const [admin] = (await db.insert(users).values({ email: 'admin@export.test', name: 'Admin', role: 'admin' }).returning()) as [User];
    await db
      .insert(users)
      .values(Array.from({ length: 6 }, (_, i) => ({ email: `p${i}@export.test`, name: `Person ${i}`, role: 'trainee' as const, team: 'T', startDate: '2026-01-01' })));
    const onboarding = await createModule(db, admin, { title: 'Onboarding', steps: ['closing-well'], defaultDueDays: 30 });
    await createAssignmentRule(db, admin, { moduleId: onboarding.id, kind: 'team', team: 'T' }, { timeZone: 'UTC' });
    const order = { sort: 'status', direction: 'asc' } as const;
    const before = (await assignmentTable(db, NO_FILTERS, { ...order, page: 1, pageSize: 50 }, new Date(), 'UTC')).rows.map((r) => r.email);
    expect(before).toHaveLength(6);

    const exported: { email: string; status: string }[] = [];
    let chunks = 0;
    for await (const chunk of allAssignmentRows(db, NO_FILTERS, order, new Date(), 'UTC', 2)) {
      exported.push(...chunk.map((r) => ({ email: r.email, status: r.status })));
      if (chunks++ === 0) {
        // Someone already exported starts playing: not started → in progress moves them down the order.
        const [first] = await db.select().from(users).where(eq(users.email, exported[0]!.email));
        await db.update(assignments).set({ attemptCount: 1 }).where(eq(assignments.userId, first!.id));
      }
    }
    expect(chunks).toBe(3);
    expect(exported.map((r) => r.email)).toEqual(before);
  });
});

describe.each(testBackends())('the critical-error filter on %s', (kind) => {
  let database: TestDatabase;
  let hr: User;
  let seq = 0;
  const people: Record<string, User> = {};
  const modules: Record<string, string> = {};
  const db = () => database.db;
  const CRITICAL = 'Promised a call-back time nobody had agreed to';

  const addUser = async (name: string, values: Partial<typeof users.$inferInsert> = {}) =>
    (
      await db()
        .insert(users)
        .values({ name, email: `c${++seq}-${kind}@example.test`, role: 'trainee', ...values })
        .returning()
    )[0]!;

  /** Plays a fixture to its end: the promise path (a critical error in fx-crit-*), or the rude one (a plain failure). */
  async function play(person: User, scenarioId: string, path: 'promise' | 'rude', start: Date, msPerChoice = 60_000) {
    const attemptId = await startAttempt(db(), person.id, scenarioId, 'off', start);
    const choices = path === 'promise' ? ['listen', 'promise', 'close'] : ['rush', 'bluff', 'argue'];
    for (const [i, event] of choices.entries()) await submitChoice(db(), { attemptId, userId: person.id, seq: i, event, now: new Date(start.getTime() + (i + 1) * msPerChoice) });
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-dashboard-critical-'));
    for (const id of ['fx-crit-a', 'fx-crit-b', 'fx-plain']) {
      const doc = { ...fixtureScenario(), id };
      if (id !== 'fx-plain') {
        doc.states = structuredClone(doc.states);
        (doc.states.ask as { on: Record<string, { meta: Record<string, string> }> }).on.promise!.meta.critical = CRITICAL;
      }
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    hr = await addUser('Hana HR', { role: 'hr' });
    const made = at('2026-10-01T12:00:00Z');
    modules.sales = (await createModule(db(), hr, { title: 'Sales calls', steps: ['fx-crit-a', 'fx-crit-b'], defaultDueDays: 14 }, made)).id;
    modules.basics = (await createModule(db(), hr, { title: 'Basics', steps: ['fx-plain'], defaultDueDays: 14 }, made)).id;

    people.ava = await addUser('Ava', { team: 'Sales' });
    people.ben = await addUser('Ben', { team: 'Sales' });
    people.cy = await addUser('Cy', { team: 'Sales' });
    people.dee = await addUser('Dee', { team: 'Support' });
    people.eve = await addUser('Eve', { team: 'Sales' });

    // Ben failed a sales scenario by a critical error before the module was his: it does not count for it.
    await play(people.ben, 'fx-crit-a', 'promise', at('2026-11-01T10:00:00Z'));
    const assigned = { now: at('2026-11-02T14:00:00Z'), timeZone: ZONE };
    await createAssignmentRule(db(), hr, { moduleId: modules.sales, kind: 'team', team: 'Sales', dueDate: '2026-11-30' }, assigned);
    await createAssignmentRule(db(), hr, { moduleId: modules.basics, kind: 'team', team: 'Sales', dueDate: '2026-11-30' }, assigned);
    await createAssignmentRule(db(), hr, { moduleId: modules.basics, kind: 'team', team: 'Support', dueDate: '2026-11-30' }, assigned);

    // Ava fails both sales scenarios by a critical error, and passes the basics.
    await play(people.ava, 'fx-crit-a', 'promise', at('2026-11-10T10:00:00Z'));
    await play(people.ava, 'fx-crit-b', 'promise', at('2026-11-10T11:00:00Z'));
    await play(people.ava, 'fx-plain', 'promise', at('2026-11-10T12:00:00Z'));
    // Cy fails the basics without a critical error.
    await play(people.cy, 'fx-plain', 'rude', at('2026-11-11T10:00:00Z'));
    // Dee fails a sales scenario by a critical error, but only holds the basics.
    await play(people.dee, 'fx-crit-a', 'promise', at('2026-11-12T10:00:00Z'));
    // Eve failed by one too, then left.
    await play(people.eve, 'fx-crit-a', 'promise', at('2026-11-12T11:00:00Z'));
    await db().update(users).set({ active: false }).where(eq(users.id, people.eve.id));
  });
  afterAll(() => database?.dispose());

  const critical = (filters: Partial<DashboardFilters> = {}): DashboardFilters => ({ ...NO_FILTERS, failedByCriticalError: true, ...filters });
  const rows = async (filters: DashboardFilters) =>
    (await assignmentTable(db(), filters, { ...DEFAULT_TABLE_QUERY, sort: 'name', pageSize: 100 }, NOW, ZONE)).rows.map((r) => `${r.name}/${r.moduleTitle}/${r.criticalFailures}`);

  it('counts on each row the attempts its Attempts column counts that failed by a critical error', async () => {
    expect(await rows(NO_FILTERS)).toEqual(['Ava/Basics/0', 'Ava/Sales calls/2', 'Ben/Basics/0', 'Ben/Sales calls/0', 'Cy/Basics/0', 'Cy/Sales calls/0', 'Dee/Basics/0']);
    const table = await assignmentTable(db(), NO_FILTERS, { ...DEFAULT_TABLE_QUERY, pageSize: 100 }, NOW, ZONE);
    expect(table.rows.find((r) => r.name === 'Ava' && r.moduleTitle === 'Sales calls')).toMatchObject({ attemptCount: 2, criticalFailures: 2 });
  });

  it('narrows the table, the summary and the weekly completions to people who failed one of the module’s scenarios by a critical error', async () => {
    expect(await rows(critical())).toEqual(['Ava/Sales calls/2']);
    expect(await rows(critical({ moduleId: modules.basics! }))).toEqual([]);
    expect(await rows(critical({ team: 'Support' }))).toEqual([]);
    expect(await rows(critical({ status: 'in-progress' }))).toEqual(['Ava/Sales calls/2']);
    expect(await rows(critical({ status: 'overdue' }))).toEqual([]);
    expect(await dashboardSummary(db(), critical(), NOW, ZONE)).toMatchObject({ assigned: 1, inProgress: 1, completed: 0 });
    expect((await dashboardSummary(db(), NO_FILTERS, NOW, ZONE)).assigned).toBe(7);
    // Ava completed the basics, which the filter leaves out.
    expect((await weeklyCompletions(db(), NO_FILTERS, NOW, ZONE)).reduce((n, w) => n + w.completed, 0)).toBe(1);
    expect((await weeklyCompletions(db(), critical(), NOW, ZONE)).reduce((n, w) => n + w.completed, 0)).toBe(0);
  });

  it('exports the same rows, with the same counts', async () => {
    const exported: string[] = [];
    for await (const chunk of allAssignmentRows(db(), critical(), { sort: 'name', direction: 'asc' }, NOW, ZONE))
      exported.push(...chunk.map((r) => `${r.name}/${r.moduleTitle}/${r.criticalFailures}`));
    expect(exported).toEqual(['Ava/Sales calls/2']);
  });

  it('counts and filters the passes faster than their text could be read, and only those', async () => {
    // Cy passes the basics at a second and a half a reply: the path takes 18 s to read.
    await play(people.cy!, 'fx-plain', 'promise', at('2026-11-13T10:00:00Z'), 1_500);
    const [fast] = await db().select().from(attempts).where(eq(attempts.userId, people.cy!.id)).orderBy(desc(attempts.startedAt)).limit(1);
    expect(fast).toMatchObject({ passed: true, readingMs: 18_000, answeringMs: 4_500, fasterThanReading: true });
    // Ava's pass at a minute a reply is not flagged.
    const avas = await db().select().from(attempts).where(eq(attempts.userId, people.ava!.id));
    expect(avas.filter((a) => a.passed).map((a) => a.fasterThanReading)).toEqual([false]);

    const fastRows = async (filters: DashboardFilters) =>
      (await assignmentTable(db(), filters, { ...DEFAULT_TABLE_QUERY, sort: 'name', pageSize: 100 }, NOW, ZONE)).rows.map((r) => `${r.name}/${r.moduleTitle}/${r.fastPasses}`);
    expect(await fastRows(NO_FILTERS)).toEqual(['Ava/Basics/0', 'Ava/Sales calls/0', 'Ben/Basics/0', 'Ben/Sales calls/0', 'Cy/Basics/1', 'Cy/Sales calls/0', 'Dee/Basics/0']);
    const onlyFast = { ...NO_FILTERS, passedFasterThanReading: true };
    expect(await fastRows(onlyFast)).toEqual(['Cy/Basics/1']);
    expect(await fastRows({ ...onlyFast, moduleId: modules.sales! })).toEqual([]);
    expect(await dashboardSummary(db(), onlyFast, NOW, ZONE)).toMatchObject({ assigned: 1, completed: 1 });
    const exported: string[] = [];
    for await (const chunk of allAssignmentRows(db(), onlyFast, { sort: 'name', direction: 'asc' }, NOW, ZONE))
      exported.push(...chunk.map((r) => `${r.name}/${r.moduleTitle}/${r.fastPasses}`));
    expect(exported).toEqual(['Cy/Basics/1']);
    // The module's page lists the pass, with both times; the other module has none.
    const basics = await moduleFastPasses(db(), modules.basics!);
    expect(basics).toMatchObject({ total: 1, passes: [{ name: 'Cy', scenarioTitle: 'Fixture call', readingMs: 18_000, answeringMs: 4_500, attemptId: fast!.id }] });
    expect(await moduleFastPasses(db(), modules.sales!)).toEqual({ passes: [], total: 0 });
  });
});
