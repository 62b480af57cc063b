import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { createAssignmentRule, myModules, refreshAssignmentProgress } from '../onboarding/assignments';
import { startAttempt, submitChoice } from './attempts';
import { certificateFor } from '../reporting/certificate';
import { assignments, scenarios, users, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { createModule, moduleDetail, moduleStepOptions } from '../onboarding/modules';
import { compareVariant, drawVariant, libraryPools, poolFigures, type Tally } from './pools';
import { personReport } from '../reporting/person-report';
import { publishBuiltinScenarios } from './library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = new Date('2026-12-01T09:00:00Z');
const tally = (n: number, passed: number, mean: number, spread = 10): Tally => {
  // n scores around the mean, half above and half below by `spread`.
  const scores = Array.from({ length: n }, (_, i) => mean + (i % 2 ? spread : -spread));
  return { n, passed, sum: scores.reduce((a, b) => a + b, 0), sumSquares: scores.reduce((a, b) => a + b * b, 0) };
};

describe('comparing a pool variant with its siblings', () => {
  it('flags a variant passed far less often than the others, and not a small or chance difference', () => {
    expect(compareVariant(tally(40, 10, 60), tally(80, 56, 75))).toMatchObject({ harder: true, reason: 'passed by 25 % against 70 % on the other variants' });
    expect(compareVariant(tally(40, 36, 85), tally(80, 40, 70))).toMatchObject({ harder: false });
    // 10 points apart: real with these numbers, but under the gap worth a trainer's time.
    expect(compareVariant(tally(400, 240, 70), tally(400, 280, 72))).toBeNull();
    // 20 points apart on 10 attempts each: could be chance.
    expect(compareVariant(tally(10, 5, 70), tally(10, 7, 72))).toBeNull();
  });

  it('flags a mean score far from the others when the pass rates agree', () => {
    const flag = compareVariant(tally(50, 25, 55, 5), tally(100, 50, 72, 5));
    expect(flag).toMatchObject({ harder: true, reason: 'mean score 55 % against 72 % on the other variants' });
  });
});

describe.each(testBackends())('assessment pools on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let hr: User;
  let seq = 0;
  const db = () => database.db;
  const addTrainee = async () =>
    (
      await db()
        .insert(users)
        .values({ name: `Trainee ${++seq}`, email: `pool-${seq}-${kind}@example.test`, role: 'trainee' })
        .returning()
    )[0]!;

  /** Plays a fixture variant to its end: passed or failed. */
  async function play(userId: string, scenarioId: string, pass: boolean, at: Date) {
    const attemptId = await startAttempt(db(), userId, scenarioId, 'off', at);
    const choices = pass ? ['listen', 'promise', 'close'] : ['rush', 'bluff', 'argue'];
    for (const [i, event] of choices.entries()) await submitChoice(db(), { attemptId, userId, seq: i, event, now: new Date(at.getTime() + (i + 1) * 1000) });
    return attemptId;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-pools-'));
    const pool = { id: 'fx-pool', title: 'Assessment: the fixture call' };
    for (const [id, title, inPool] of [
      ['fx-practice', 'Practice call', false],
      ['fx-v1', 'Version one', true],
      ['fx-v2', 'Version two', true],
      ['fx-v3', 'Version three', true],
    ] as const) {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title, ...(inPool ? { pool } : {}) };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    [trainer, hr] = (await db()
      .insert(users)
      .values([
        { name: 'Tess Trainer', email: `pool-trainer-${kind}@example.test`, role: 'trainer' },
        { name: 'Hal HR', email: `pool-hr-${kind}@example.test`, role: 'hr' },
      ])
      .returning()) as [User, User];
  });
  afterAll(() => database?.dispose());

  it('are the scenarios that name them, sorted, with the pool’s title; an archived variant leaves its pool', async () => {
    expect(await libraryPools(db())).toEqual([
      {
        id: 'fx-pool',
        title: 'Assessment: the fixture call',
        assessment: false,
        variants: [
          { scenarioId: 'fx-v1', title: 'Version one' },
          { scenarioId: 'fx-v2', title: 'Version two' },
          { scenarioId: 'fx-v3', title: 'Version three' },
        ],
      },
    ]);
    await db().update(scenarios).set({ archivedAt: T0 }).where(eq(scenarios.id, 'fx-v3'));
    expect((await libraryPools(db()))[0]!.variants.map((v) => v.scenarioId)).toEqual(['fx-v1', 'fx-v2']);
    await db().update(scenarios).set({ archivedAt: null }).where(eq(scenarios.id, 'fx-v3'));
  });

  it('draw the same variant until it is played, resume one in progress, and give each retake one not taken yet', async () => {
    const trainee = await addTrainee();
    const first = await drawVariant(db(), trainee.id, 'fx-pool');
    expect(first).toMatchObject({ inProgress: false, taken: 0 });
    expect((await drawVariant(db(), trainee.id, 'fx-pool')).scenarioId).toBe(first.scenarioId);

    const attemptId = await startAttempt(db(), trainee.id, first.scenarioId, 'off', T0);
    expect(await drawVariant(db(), trainee.id, 'fx-pool')).toMatchObject({ scenarioId: first.scenarioId, inProgress: true, taken: 1 });
    await submitChoice(db(), { attemptId, userId: trainee.id, seq: 0, event: 'rush', now: new Date(T0.getTime() + 1000) });
    await submitChoice(db(), { attemptId, userId: trainee.id, seq: 1, event: 'bluff', now: new Date(T0.getTime() + 2000) });
    await submitChoice(db(), { attemptId, userId: trainee.id, seq: 2, event: 'argue', now: new Date(T0.getTime() + 3000) });

    const second = await drawVariant(db(), trainee.id, 'fx-pool');
    expect(second.inProgress).toBe(false);
    expect(second.scenarioId).not.toBe(first.scenarioId);
    await play(trainee.id, second.scenarioId, false, new Date(T0.getTime() + 60_000));
    const third = await drawVariant(db(), trainee.id, 'fx-pool');
    expect([first.scenarioId, second.scenarioId]).not.toContain(third.scenarioId);
    await play(trainee.id, third.scenarioId, false, new Date(T0.getTime() + 120_000));
    // All taken once: any of them again, and the draw still never depends on a reload.
    const fourth = await drawVariant(db(), trainee.id, 'fx-pool');
    expect(fourth.taken).toBe(3);
    expect((await drawVariant(db(), trainee.id, 'fx-pool')).scenarioId).toBe(fourth.scenarioId);
    await expect(drawVariant(db(), trainee.id, 'no-such-pool')).rejects.toMatchObject({ status: 404 });
  });

  it('spread first draws over the variants across trainees', async () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 12; i++) firsts.add((await drawVariant(db(), (await addTrainee()).id, 'fx-pool')).scenarioId);
    expect(firsts.size).toBeGreaterThan(1);
  });

  it('can be a module step, named in the form’s options; an unknown pool, or a pool beside its own variant, is refused by field', async () => {
    const options = await moduleStepOptions(db(), trainer);
    expect(options).toContainEqual({ id: 'pool:fx-pool', kind: 'pool', title: 'Assessment: the fixture call', note: 'pool of 3 versions' });
    expect(options).toContainEqual({ id: 'fx-practice', kind: 'scenario', title: 'Practice call', note: 'practice' });
    const input = { title: 'Path', defaultDueDays: 7 };
    const created = await createModule(db(), trainer, { ...input, steps: ['fx-practice', 'pool:fx-pool'] }, T0);
    expect((await moduleDetail(db(), trainer, created.id)).scenarios).toEqual([
      { id: 'fx-practice', kind: 'scenario', title: 'Practice call' },
      { id: 'pool:fx-pool', kind: 'pool', title: 'Assessment: the fixture call' },
    ]);
    const refusal = (steps: string[]) =>
      createModule(db(), trainer, { ...input, steps }).then(
        () => null,
        (e: HttpError) => ({ status: e.status, details: e.details, message: e.message }),
      );
    expect(await refusal(['fx-practice', 'pool:nope'])).toMatchObject({
      status: 400,
      details: { field: 'steps[1]' },
      message: expect.stringContaining('no playable scenario names the pool "nope"'),
    });
    expect(await refusal(['fx-v2', 'pool:fx-pool'])).toMatchObject({
      status: 400,
      details: { field: 'steps[1]' },
      message: expect.stringContaining('its version "Version two" is also in the module'),
    });
  });

  it('are passed by any variant: completion, progress, the certificate and HR’s report count the pool and show the variant', async () => {
    const trainee = await addTrainee();
    const week3 = await createModule(db(), trainer, { title: 'Week 3', steps: ['fx-practice', 'pool:fx-pool'], defaultDueDays: 7 }, T0);
    await createAssignmentRule(db(), hr, { moduleId: week3.id, kind: 'person', userId: trainee.id }, { now: T0, timeZone: 'UTC' });
    await play(trainee.id, 'fx-practice', true, new Date(T0.getTime() + 60_000));
    const drawn = await drawVariant(db(), trainee.id, 'fx-pool');
    await play(trainee.id, drawn.scenarioId, false, new Date(T0.getTime() + 120_000));

    let [mine] = await myModules(db(), trainee.id, new Date(T0.getTime() + 130_000), 'UTC');
    expect(mine!.scenarios).toEqual([
      { id: 'fx-practice', title: 'Practice call', href: '/scenarios/fx-practice', pool: false, assessment: false, passed: true, retired: false, passedBeforeAssignment: null },
      {
        id: 'pool:fx-pool',
        title: 'Assessment: the fixture call',
        href: '/pools/fx-pool',
        pool: true,
        assessment: false,
        passed: false,
        retired: false,
        passedBeforeAssignment: null,
      },
    ]);
    expect(mine!.nextScenarioId).toBe('pool:fx-pool');

    const retake = await drawVariant(db(), trainee.id, 'fx-pool');
    expect(retake.scenarioId).not.toBe(drawn.scenarioId);
    const passedAt = new Date(T0.getTime() + 180_000);
    await play(trainee.id, retake.scenarioId, true, passedAt);
    [mine] = await myModules(db(), trainee.id, new Date(T0.getTime() + 200_000), 'UTC');
    expect(mine).toMatchObject({ passedCount: 2, total: 2, nextScenarioId: null });
    const [held] = await db().select().from(assignments).where(eq(assignments.userId, trainee.id));
    expect(held!.completedAt!.getTime()).toBe(passedAt.getTime() + 3000);
    await refreshAssignmentProgress(db(), { userId: trainee.id });
    const [refreshed] = await db().select().from(assignments).where(eq(assignments.userId, trainee.id));
    expect(refreshed).toMatchObject({ passedCount: 2, attemptCount: 3 });

    const certificate = await certificateFor(db(), trainee, held!.id, 'UTC');
    expect(certificate.scenarios.map((s) => [s.scenarioId, s.title, s.percent])).toEqual([
      ['fx-practice', 'Practice call', 100],
      ['pool:fx-pool', 'Assessment: the fixture call', 100],
    ]);

    const report = await personReport(db(), hr, trainee.id, new Date(T0.getTime() + 300_000), 'UTC');
    const variants = report.attempts.items.filter((a) => a.pool).map((a) => [a.scenarioId, a.pool!.title, a.passed]);
    expect(variants).toEqual([
      [retake.scenarioId, 'Assessment: the fixture call', true],
      [drawn.scenarioId, 'Assessment: the fixture call', false],
    ]);
  });

  it('show trainers each variant’s attempts, pass rate and mean score from trainees’ finished attempts', async () => {
    const figures = await poolFigures(db(), trainer);
    const pool = figures.find((p) => p.id === 'fx-pool')!;
    const total = pool.figures.reduce((n, f) => n + f.attempts, 0);
    expect(total).toBeGreaterThanOrEqual(5);
    for (const f of pool.figures) {
      expect(f.tooFewToCompare).toBe(true);
      expect(f.flag).toBeNull();
      if (f.attempts) expect(f.passRate).toBeCloseTo((100 * f.passed) / f.attempts, 6);
    }
    await expect(poolFigures(db(), hr)).rejects.toMatchObject({ status: 403 });
  });
});
