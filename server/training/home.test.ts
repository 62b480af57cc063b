import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { createAssignmentRule, recordProgress, type MyModule } from '../onboarding/assignments';
import { attemptEvents, attempts, scenarios, scenarioVersions, users, type User } from '../db/schema';
import { dueText } from '@/lib/dates';
import { homeView, orderModules, weakestOf } from './home';
import { createModule } from '../onboarding/modules';
import { publishBuiltinScenarios } from './library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const mod = (title: string, status: MyModule['status'], dueDate: string, completedAt: Date | null = null): MyModule => ({
  assignmentId: title,
  moduleId: title,
  version: 1,
  title,
  description: '',
  scenarios: [],
  passedCount: 0,
  total: 1,
  dueDate,
  assignedOn: '2026-11-01',
  status,
  completedAt,
  nextScenarioId: null,
  started: false,
});

describe('the order of modules on the home page', () => {
  it('puts overdue first, then open ones by due date, then completed ones, most recently completed first', () => {
    const ordered = orderModules([
      mod('done early', 'completed', '2026-12-01', new Date('2026-11-20T10:00:00Z')),
      mod('later', 'not-started', '2026-12-20'),
      mod('overdue recent', 'overdue', '2026-11-20'),
      mod('done late', 'completed-late', '2026-11-10', new Date('2026-11-22T10:00:00Z')),
      mod('soon', 'in-progress', '2026-11-30'),
      mod('overdue long', 'overdue', '2026-11-01'),
      mod('also soon', 'not-started', '2026-11-30'),
    ]);
    expect(ordered.map((m) => m.title)).toEqual(['overdue long', 'overdue recent', 'also soon', 'soon', 'later', 'done late', 'done early']);
  });
});

describe('principles to work on', () => {
  it('averages each principle over the attempts that scored it, keeps those under 70%, the three lowest', () => {
    expect(
      weakestOf([
        { integrity: 40, quality: 90, sincerity: 69, ownership: 100 },
        { integrity: 60, quality: 30, competence: 50 },
        { sincerity: 69.9, competence: 60, 'not-a-principle': 0 },
        null,
        { responsiveness: 70 },
      ]),
    ).toEqual([
      { principleId: 'integrity', averagePercent: 50, attempts: 2 },
      { principleId: 'competence', averagePercent: 55, attempts: 2 },
      { principleId: 'quality', averagePercent: 60, attempts: 2 },
    ]);
  });

  it('keeps a principle just under the bar and leaves out one exactly at it; nothing to work on gives nothing', () => {
    expect(weakestOf([{ sincerity: 69.99 }, { responsiveness: 70 }])).toEqual([{ principleId: 'sincerity', averagePercent: 69.99, attempts: 1 }]);
    expect(weakestOf([{ responsiveness: 100, integrity: 70 }])).toEqual([]);
    expect(weakestOf([])).toEqual([]);
  });

  it('breaks a tie by the number of attempts, then by the principles’ own order', () => {
    expect(weakestOf([{ integrity: 50, responsiveness: 50, quality: 50 }, { quality: 50 }]).map((p) => p.principleId)).toEqual(['quality', 'responsiveness', 'integrity']);
  });
});

const T0 = new Date('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(testBackends())('the home view on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let hr: User;
  let seq = 0;
  const versionIds = new Map<string, string>();

  const db = () => database.db;
  const addUser = async (values: Partial<typeof users.$inferInsert> = {}) =>
    (
      await db()
        .insert(users)
        .values({ name: `Person ${++seq}`, email: `home${seq}-${kind}@example.test`, role: 'trainee', ...values })
        .returning()
    )[0]!;

  /** A finished attempt inserted directly, with the scores the test wants. */
  const finished = (userId: string, scenarioId: string, completedAt: Date, values: Partial<typeof attempts.$inferInsert> = {}) => ({
    userId,
    scenarioVersionId: versionIds.get(scenarioId)!,
    timeMode: 'off' as const,
    stateName: 'won',
    mood: 0,
    flags: [],
    stateEnteredAt: completedAt,
    startedAt: new Date(completedAt.getTime() - 60_000),
    status: 'completed' as const,
    completedAt,
    outcome: 'success' as const,
    passed: true,
    overallPercent: 90,
    principleScores: {},
    ...values,
  });

  // Every fixture scores responsiveness, integrity and follow-through; some list one more principle.
  // fx-old is archived, so it is never suggested.
  const FIXTURES = {
    'fx-intro-a': { title: 'Intro A', difficulty: 'intro', extra: ['quality'] },
    'fx-intro-b': { title: 'Intro B', difficulty: 'intro', extra: [] },
    'fx-core-c': { title: 'Core C', difficulty: 'core', extra: ['sincerity'] },
    'fx-core-d': { title: 'Core D', difficulty: 'core', extra: ['competence'] },
    'fx-old': { title: 'Old one', difficulty: 'intro', extra: ['sincerity'] },
  } as const;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-home-scenarios-'));
    for (const [id, meta] of Object.entries(FIXTURES)) {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title: meta.title, difficulty: meta.difficulty, principles: [...doc.meta.principles, ...meta.extra] };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    const report = await publishBuiltinScenarios(db(), dir);
    expect(report.skipped).toEqual([]);
    for (const v of await db().select().from(scenarioVersions)) versionIds.set(v.scenarioId, v.id);
    await db().update(scenarios).set({ archivedAt: T0 }).where(eq(scenarios.id, 'fx-old'));
    trainer = await addUser({ role: 'trainer' });
    hr = await addUser({ role: 'hr' });
  });
  afterAll(() => database?.dispose());

  it('is empty for someone who has no modules and has played nothing', async () => {
    const person = await addUser();
    expect(await homeView(db(), person, T0, 'UTC')).toEqual({
      unfinished: null,
      modules: [],
      recentResults: [],
      weakestPrinciples: [],
      attemptsConsidered: 0,
      today: '2026-11-23',
      timeZone: 'UTC',
    });
  });

  it('lists the last five finished attempts, newest first, only the person’s own', async () => {
    const person = await addUser();
    const other = await addUser();
    for (let i = 0; i < 7; i++) {
      await db()
        .insert(attempts)
        .values(finished(person.id, i % 2 ? 'fx-intro-a' : 'fx-core-c', minutes(i), { passed: i % 3 === 0, overallPercent: 50 + i, outcome: i % 3 === 0 ? 'success' : 'partial' }));
    }
    await db()
      .insert(attempts)
      .values(finished(other.id, 'fx-intro-b', minutes(100)));
    // Not finished: neither a result nor counted.
    await db()
      .insert(attempts)
      .values({
        ...finished(person.id, 'fx-intro-b', minutes(50)),
        status: 'in-progress',
        completedAt: null,
        outcome: null,
        passed: null,
        overallPercent: null,
        principleScores: null,
      });

    const view = await homeView(db(), person, minutes(200), 'UTC');
    expect(view.attemptsConsidered).toBe(7);
    expect(view.recentResults).toHaveLength(5);
    expect(view.recentResults[0]).toEqual({
      attemptId: expect.any(String),
      scenarioId: 'fx-core-c',
      title: 'Core C',
      completedAt: minutes(6),
      outcome: 'success',
      passed: true,
      overallPercent: 56,
    });
    expect(view.recentResults.map((r) => [r.title, r.overallPercent, r.passed])).toEqual([
      ['Core C', 56, true],
      ['Intro A', 55, false],
      ['Core C', 54, false],
      ['Intro A', 53, true],
      ['Core C', 52, false],
    ]);
  });

  it('finds the weakest principles over the last ten attempts, with scenarios to practise them, unpassed ones first', async () => {
    const person = await addUser();
    // Two old attempts, outside the last ten: their zero for competence must not count.
    for (let i = 0; i < 2; i++)
      await db()
        .insert(attempts)
        .values(finished(person.id, 'fx-core-d', minutes(i), { passed: false, principleScores: { integrity: 100, competence: 0 } }));
    // Ten recent ones. integrity: five at 40, five at 80 → 60. sincerity: 65 in all five of Core C's → 65.
    // quality: 90 in Intro A's → not weak. competence is not scored in these.
    for (let i = 0; i < 10; i++) {
      const scores: Record<string, number> = i % 2 ? { integrity: 40, sincerity: 65 } : { integrity: 80, quality: 90 };
      await db()
        .insert(attempts)
        .values(finished(person.id, i % 2 ? 'fx-core-c' : 'fx-intro-a', minutes(10 + i), { principleScores: scores, passed: i % 2 === 0 }));
    }

    const view = await homeView(db(), person, minutes(100), 'UTC');
    expect(view.attemptsConsidered).toBe(10);
    expect(view.weakestPrinciples).toEqual([
      {
        principleId: 'integrity',
        name: 'Integrity',
        averagePercent: 60,
        attempts: 10,
        // Intro A is passed, so it goes after the unpassed ones; the archived one is never offered; three at most.
        scenarios: [
          { scenarioId: 'fx-intro-b', title: 'Intro B', passed: false },
          { scenarioId: 'fx-core-c', title: 'Core C', passed: false },
          { scenarioId: 'fx-core-d', title: 'Core D', passed: false },
        ],
      },
      {
        principleId: 'sincerity',
        name: expect.any(String),
        averagePercent: 65,
        attempts: 5,
        scenarios: [{ scenarioId: 'fx-core-c', title: 'Core C', passed: false }],
      },
    ]);
  });

  it('offers a passed scenario when no unpassed one practises the principle', async () => {
    const person = await addUser();
    for (const id of ['fx-intro-a', 'fx-intro-b', 'fx-core-d', 'fx-core-c'])
      await db()
        .insert(attempts)
        .values(finished(person.id, id, minutes(1), { passed: true, principleScores: {} }));
    await db()
      .insert(attempts)
      .values(finished(person.id, 'fx-intro-a', minutes(2), { passed: false, principleScores: { quality: 20 } }));
    const [quality] = (await homeView(db(), person, minutes(10), 'UTC')).weakestPrinciples;
    expect(quality).toMatchObject({ principleId: 'quality', averagePercent: 20, attempts: 1, scenarios: [{ scenarioId: 'fx-intro-a', title: 'Intro A', passed: true }] });
  });

  it('puts first the unfinished conversation with the latest reply (or start), with how far it got', async () => {
    const person = await addUser();
    const other = await addUser();
    const unfinished = (userId: string, scenarioId: string, startedAt: Date, step: number) => ({
      ...finished(userId, scenarioId, startedAt),
      status: 'in-progress' as const,
      startedAt,
      step,
      stateName: 'start',
      completedAt: null,
      outcome: null,
      passed: null,
      overallPercent: null,
      principleScores: null,
    });
    // Started later, but no reply since; the older one had a reply after it.
    const [older] = await db()
      .insert(attempts)
      .values(unfinished(person.id, 'fx-core-c', minutes(0), 1))
      .returning();
    await db()
      .insert(attempts)
      .values(unfinished(person.id, 'fx-intro-a', minutes(5), 0));
    await db()
      .insert(attempts)
      .values(unfinished(other.id, 'fx-intro-b', minutes(30), 0));
    await db()
      .insert(attempts)
      .values(finished(person.id, 'fx-intro-b', minutes(40)));
    await db()
      .insert(attemptEvents)
      .values({
        attemptId: older!.id,
        seq: 0,
        event: 'go',
        requestedEvent: 'go',
        fromState: 'start',
        mood: 0,
        flags: [],
        toState: 'start',
        earned: {},
        best: {},
        elapsedMs: 1000,
        createdAt: minutes(10),
      });

    expect((await homeView(db(), person, minutes(60), 'UTC')).unfinished).toEqual({
      attemptId: older!.id,
      scenarioId: 'fx-core-c',
      title: 'Core C',
      assessment: false,
      replies: 1,
      startedAt: minutes(0),
      lastActiveAt: minutes(10),
    });
    // Once it is finished, the other one is next.
    await db()
      .update(attempts)
      .set({ status: 'completed', completedAt: minutes(50) })
      .where(eq(attempts.id, older!.id));
    expect((await homeView(db(), person, minutes(60), 'UTC')).unfinished).toMatchObject({ scenarioId: 'fx-intro-a', replies: 0, lastActiveAt: minutes(5) });
  });

  it('says on a step when a pass from before the assignment does not count, with both days', async () => {
    const person = await addUser();
    // Passed twice before the assignment (on the 20th and the 22nd), and Intro B once after it.
    await db()
      .insert(attempts)
      .values(finished(person.id, 'fx-intro-a', new Date('2026-11-20T09:00:00Z')));
    await db()
      .insert(attempts)
      .values(finished(person.id, 'fx-intro-a', new Date('2026-11-22T23:30:00Z')));
    await db()
      .insert(attempts)
      .values(finished(person.id, 'fx-intro-b', new Date('2026-11-21T09:00:00Z')));
    const moduleId = (await createModule(db(), trainer, { title: 'Earlier passes', steps: ['fx-intro-a', 'fx-intro-b', 'fx-core-c'], defaultDueDays: 14 }, T0)).id;
    await createAssignmentRule(db(), hr, { moduleId, kind: 'person', userId: person.id, dueDate: '2026-12-20' }, { now: T0, timeZone: 'UTC' });
    await db()
      .insert(attempts)
      .values(finished(person.id, 'fx-intro-b', minutes(30)));

    const [mine] = (await homeView(db(), person, minutes(60), 'UTC')).modules;
    expect(mine!.assignedOn).toBe('2026-11-23');
    expect(mine!.scenarios.map((s) => [s.id, s.passed, s.passedBeforeAssignment])).toEqual([
      // The latest pass before the assignment is the one named.
      ['fx-intro-a', false, '2026-11-22'],
      // Passed again since: nothing to explain.
      ['fx-intro-b', true, null],
      ['fx-core-c', false, null],
    ]);
    // The day is the organisation's: 23:30 UTC on the 22nd is already the 23rd in Auckland.
    const [auckland] = (await homeView(db(), person, minutes(60), 'Pacific/Auckland')).modules;
    expect(auckland!.scenarios[0]!.passedBeforeAssignment).toBe('2026-11-23');
  });

  it('orders the person’s modules: overdue first, then by due date, completed last', async () => {
    const person = await addUser();
    const newModule = async (title: string, steps: string[]) => (await createModule(db(), trainer, { title, steps, defaultDueDays: 14 }, T0)).id;
    const assign = async (moduleId: string, dueDate: string) =>
      createAssignmentRule(db(), hr, { moduleId, kind: 'person', userId: person.id, dueDate }, { now: T0, timeZone: 'UTC' });
    await assign(await newModule('Due later', ['fx-intro-a', 'fx-intro-b']), '2026-12-20');
    await assign(await newModule('Due soon', ['fx-core-c']), '2026-11-30');
    await assign(await newModule('Falls overdue', ['fx-core-d']), '2026-11-24');
    await assign(await newModule('Done', ['fx-intro-b']), '2026-11-24');
    // Passing Intro B completes "Done" (module progress is recorded when a choice is scored; here, directly).
    await db()
      .insert(attempts)
      .values(finished(person.id, 'fx-intro-b', minutes(30)));
    expect(await recordProgress(db(), person.id, minutes(30))).toBe(1);

    const view = await homeView(db(), person, new Date('2026-11-25T09:00:00Z'), 'UTC');
    expect(view.today).toBe('2026-11-25');
    expect(view.modules.map((m) => [m.title, m.status, m.passedCount, m.total, m.nextScenarioId, m.started])).toEqual([
      ['Falls overdue', 'overdue', 0, 1, 'fx-core-d', false],
      ['Due soon', 'not-started', 0, 1, 'fx-core-c', false],
      ['Due later', 'in-progress', 1, 2, 'fx-intro-a', true],
      ['Done', 'completed', 1, 1, null, true],
    ]);
  });
});

describe('due dates in words', () => {
  const open = (dueDate: string, status: MyModule['status'] = 'in-progress') => ({ dueDate, status, completedAt: null });
  it('writes the due date plainly, today and tomorrow as words, and overdue with the day it was due', () => {
    expect(dueText(open('2026-12-14'), '2026-11-23', 'UTC')).toBe('Due 14 December 2026');
    expect(dueText(open('2026-11-23'), '2026-11-23', 'UTC')).toBe('Due today');
    expect(dueText(open('2026-11-24'), '2026-11-23', 'UTC')).toBe('Due tomorrow');
    expect(dueText(open('2026-11-20', 'overdue'), '2026-11-23', 'UTC')).toBe('Overdue: it was due 20 November 2026');
  });

  it('writes the completion day in the organisation’s zone, and says when it was late', () => {
    const completedAt = new Date('2026-11-23T20:00:00Z');
    expect(dueText({ dueDate: '2026-11-30', status: 'completed', completedAt }, '2026-12-01', 'UTC')).toBe('Completed on 23 November 2026');
    // Already the 24th in Auckland.
    expect(dueText({ dueDate: '2026-11-30', status: 'completed', completedAt }, '2026-12-01', 'Pacific/Auckland')).toBe('Completed on 24 November 2026');
    expect(dueText({ dueDate: '2026-11-20', status: 'completed-late', completedAt }, '2026-12-01', 'UTC')).toBe(
      'Completed on 23 November 2026, after the due date of 20 November 2026',
    );
  });
});
