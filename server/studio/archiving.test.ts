import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { startAttempt, submitChoice } from '../training/attempts';
import { listLibrary, publishBuiltinScenarios } from '../training/library';
import { createAssignmentRule, myModules } from '../onboarding/assignments';
import { createModule, moduleDetail } from '../onboarding/modules';
import { certificateFor } from '../reporting/certificate';
import { personReport } from '../reporting/person-report';
import { assignmentTable, readDashboardQuery } from '../reporting/dashboard';
import { debriefView } from '../training/debrief';
import { assignments, auditLog, scenarios, users, type User } from '../db/schema';
import type { Database } from '../db';
import { HttpError } from '../platform/errors';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { ScenarioInUseError, setArchived } from './archiving';

// The archive route is exercised as Next runs it, with the session and the process's database
// replaced by the test's user and database.
const routeContext = vi.hoisted(() => ({ actor: null as User | null, db: null as Database | null }));
vi.mock('../auth/access', async () => {
  const { ROLES_THAT } = await import('../../lib/roles');
  const { HttpError: Refusal } = await import('../platform/errors');
  return {
    ROLES_THAT,
    requireApiRole: async (roles: readonly string[]) => {
      if (!routeContext.actor) throw new Refusal(401, 'unauthenticated', 'Sign in first.');
      if (!roles.includes(routeContext.actor.role)) throw new Refusal(403, 'forbidden', 'Your role does not allow this.');
      return routeContext.actor;
    },
  };
});
vi.mock('../db', () => ({ database: async () => ({ db: routeContext.db }) }));

const T0 = new Date('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(testBackends())('archiving a scenario modules use, on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let hr: User;
  let ann: User;
  let ben: User;
  let cat: User;
  let dan: User;
  let welcome: string;
  let assessed: string;
  const db = () => database.db;

  const addUser = async (name: string, role: User['role'] = 'trainee') =>
    (
      await db()
        .insert(users)
        .values({ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}-${kind}@example.test`, role })
        .returning()
    )[0]!;
  const assign = (moduleId: string, person: User) =>
    createAssignmentRule(db(), hr, { moduleId, kind: 'person', userId: person.id, dueDate: '2026-12-31' }, { now: T0, timeZone: 'UTC' });
  const heldOf = async (person: User, moduleId: string) => (await myModules(db(), person.id, minutes(500), 'UTC')).find((m) => m.moduleId === moduleId)!;
  const stored = async (person: User) => db().select().from(assignments).where(eq(assignments.userId, person.id));
  const archivedAt = async (id: string) => (await db().select().from(scenarios).where(eq(scenarios.id, id)))[0]!.archivedAt;
  const archiveAudit = async (id: string) =>
    db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subject, id), eq(auditLog.action, 'scenario-archived')));

  /** Plays a fixture scenario to an ending, passed or not; returns when it ended. */
  async function play(userId: string, scenarioId: string, pass: boolean, at: Date) {
    const attemptId = await startAttempt(db(), userId, scenarioId, 'off', at);
    const choices = pass ? ['listen', 'promise', 'close'] : ['rush', 'bluff', 'argue'];
    for (const [i, event] of choices.entries()) await submitChoice(db(), { attemptId, userId, seq: i, event, now: new Date(at.getTime() + (i + 1) * 1000) });
    return { attemptId, endedAt: new Date(at.getTime() + choices.length * 1000) };
  }

  async function post(scenarioId: string, body: unknown, actor: User = trainer) {
    const { POST } = await import('@/app/api/author/scenarios/[scenarioId]/archive/route');
    routeContext.db = db();
    routeContext.actor = actor;
    return POST(
      new Request(`http://frontline.test/api/author/scenarios/${scenarioId}/archive`, {
        method: 'POST',
        headers: { origin: 'http://frontline.test', host: 'frontline.test', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ scenarioId }) },
    );
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-archiving-'));
    const write = async (id: string, title: string, pool?: { id: string; title: string }) => {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title, ...(pool ? { pool } : {}) };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    };
    for (const id of ['ar-a', 'ar-b', 'ar-c', 'ar-d', 'ar-unused']) await write(id, `Call ${id.slice(3).toUpperCase()}`);
    for (const id of ['ar-pool-1', 'ar-pool-2']) await write(id, `Pool version ${id.slice(-1)}`, { id: 'ar-pool', title: 'The pooled assessment' });
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    trainer = await addUser('Tess Trainer', 'trainer');
    hr = await addUser('Hana HR', 'hr');
    [ann, ben, cat, dan] = [await addUser('Ann Archer'), await addUser('Ben Bell'), await addUser('Cat Cole'), await addUser('Dan Dale')];
    welcome = (await createModule(db(), trainer, { title: 'Welcome week', steps: ['ar-a', 'ar-b', 'ar-c'], defaultDueDays: 14 }, T0)).id;
    assessed = (await createModule(db(), trainer, { title: 'Assessed', steps: ['pool:ar-pool'], defaultDueDays: 14 }, T0)).id;
    for (const person of [ann, ben, cat]) await assign(welcome, person);
    await assign(assessed, cat);
    // Ann has passed everything but the scenario to be archived; Ben has passed it, and one other.
    await play(ann.id, 'ar-a', true, minutes(10));
    await play(ann.id, 'ar-b', true, minutes(20));
    await play(ben.id, 'ar-c', true, minutes(30));
    await play(ben.id, 'ar-a', true, minutes(40));
  });
  afterAll(() => database?.dispose());

  it('answers 409 naming the modules and the people holding them, and changes nothing, until the request confirms', async () => {
    const refused = await post('ar-c', { archived: true });
    expect(refused.status).toBe(409);
    const { error } = (await refused.json()) as { error: { code: string; message: string; details: unknown } };
    expect(error.code).toBe('scenario-in-use');
    expect(error.details).toEqual({ modules: [{ id: welcome, title: 'Welcome week' }], people: { count: 3, names: ['Ann Archer', 'Ben Bell', 'Cat Cole'] } });
    expect(error.message).toContain('“Call C” is in 1 module: “Welcome week”, held open by 3 people (Ann Archer, Ben Bell and Cat Cole). Nothing was archived.');

    // A confirmation that is not true or false is the schema's to refuse; a trainee may not archive.
    const badFlag = await post('ar-c', { archived: true, confirm: 'yes' });
    expect(badFlag.status).toBe(400);
    expect(((await badFlag.json()) as { error: { message: string } }).error.message).toMatch(/confirm/);
    expect((await post('ar-c', { archived: true, confirm: true }, ann)).status).toBe(403);

    // Nothing changed: still in the library, not archived, not audited, nobody completed.
    expect(await archivedAt('ar-c')).toBeNull();
    expect((await listLibrary(db(), ann.id)).map((e) => e.scenarioId)).toContain('ar-c');
    expect(await archiveAudit('ar-c')).toEqual([]);
    expect((await stored(ann)).map((a) => a.completedAt)).toEqual([null]);
    await expect(setArchived(db(), trainer, 'ar-c', { archived: true }, { now: minutes(100) })).rejects.toBeInstanceOf(ScenarioInUseError);
    expect(await archivedAt('ar-c')).toBeNull();
  });

  it('once confirmed, archives it, audited, and completes the modules that now need nothing more, at that moment', async () => {
    const archived = await setArchived(db(), trainer, 'ar-c', { archived: true, confirm: true }, { now: minutes(100) });
    expect(archived).toEqual({ archived: true, retiredFrom: [{ id: welcome, title: 'Welcome week' }], completed: 1 });
    expect(await archivedAt('ar-c')).toEqual(minutes(100));
    const [audit] = await archiveAudit('ar-c');
    expect(audit).toMatchObject({ actorId: trainer.id, details: { retiredFrom: [welcome], people: 3, completed: 1 } });

    // Ann: complete when it was retired; the retired step is marked, not counted, and not on her certificate.
    expect((await stored(ann))[0]!.completedAt).toEqual(minutes(100));
    const annModule = await heldOf(ann, welcome);
    expect(annModule).toMatchObject({ status: 'completed', passedCount: 2, total: 2, nextScenarioId: null, completedAt: minutes(100) });
    expect(annModule.scenarios.map((s) => [s.id, s.passed, s.retired])).toEqual([
      ['ar-a', true, false],
      ['ar-b', true, false],
      ['ar-c', false, true],
    ]);
    const certificate = await certificateFor(db(), ann, annModule.assignmentId, 'UTC');
    expect(certificate.scenarios.map((s) => s.scenarioId)).toEqual(['ar-a', 'ar-b']);

    // Ben keeps his pass of it: it counts, and he completes by passing the one left.
    expect(await heldOf(ben, welcome)).toMatchObject({ status: 'in-progress', passedCount: 2, total: 3, nextScenarioId: 'ar-b', completedAt: null });
    expect((await heldOf(ben, welcome)).scenarios.find((s) => s.id === 'ar-c')).toMatchObject({ passed: true, retired: true });
    const { endedAt } = await play(ben.id, 'ar-b', true, minutes(120));
    expect((await stored(ben))[0]!.completedAt).toEqual(endedAt);
    expect(await heldOf(ben, welcome)).toMatchObject({ status: 'completed', passedCount: 3, total: 3 });
    expect((await certificateFor(db(), ben, (await heldOf(ben, welcome)).assignmentId, 'UTC')).scenarios.map((s) => s.scenarioId)).toEqual(['ar-a', 'ar-b', 'ar-c']);

    // Cat has two left, and is never sent to the retired one.
    expect(await heldOf(cat, welcome)).toMatchObject({ passedCount: 0, total: 2, nextScenarioId: 'ar-a' });
  });

  it('marks the retired scenario for HR: on the module page and on the person’s record', async () => {
    const detail = await moduleDetail(db(), hr, welcome);
    expect(detail.retired).toEqual([{ id: 'ar-c', title: 'Call C', retiredAt: minutes(100), versions: [1] }]);
    expect(detail.scenarios.find((s) => s.id === 'ar-c')).toMatchObject({ note: 'retired: archived' });
    const report = await personReport(db(), hr, ann.id, minutes(500), 'UTC');
    expect(report.assignments[0]).toMatchObject({ status: 'completed', passedCount: 2, total: 2, retired: [{ title: 'Call C', passed: false }] });
    expect((await personReport(db(), hr, cat.id, minutes(500), 'UTC')).assignments.find((a) => a.moduleId === welcome)).toMatchObject({
      passedCount: 0,
      total: 2,
      retired: [{ title: 'Call C', passed: false }],
    });
  });

  it('counts, on HR’s dashboard table, only the steps that still count for each person', async () => {
    const { filters, table } = readDashboardQuery({ moduleId: welcome });
    const page = await assignmentTable(db(), filters, table, minutes(500), 'UTC');
    const counts = Object.fromEntries(page.rows.filter((r) => r.moduleId === welcome).map((r) => [r.name, [r.status, r.passedCount, r.scenarioTotal]]));
    expect(counts).toEqual({ 'Ann Archer': ['completed', 2, 2], 'Ben Bell': ['completed', 3, 3], 'Cat Cole': [expect.any(String), 0, 2] });
  });

  it('keeps the debrief of an archived scenario open, without offering to play it again', async () => {
    const { attemptId } = await play(dan.id, 'ar-d', true, minutes(130));
    await setArchived(db(), trainer, 'ar-d', { archived: true }, { now: minutes(140) });
    expect(await debriefView(db(), attemptId, dan)).toMatchObject({ status: 'completed', scenarioId: 'ar-d', playable: false });
    await setArchived(db(), trainer, 'ar-d', { archived: false });
    expect(await debriefView(db(), attemptId, dan)).toMatchObject({ playable: true });
  });

  it('archives a scenario no module uses without asking', async () => {
    expect(await setArchived(db(), trainer, 'ar-unused', { archived: true })).toEqual({ archived: true, retiredFrom: [], completed: 0 });
    expect(await archiveAudit('ar-unused')).toEqual([expect.objectContaining({ details: {} })]);
  });

  it('retires a pool step only with the pool’s last playable version; a module with nothing left to pass is not completed', async () => {
    expect(await setArchived(db(), trainer, 'ar-pool-1', { archived: true }, { now: minutes(145) })).toMatchObject({ archived: true, retiredFrom: [] });
    expect(await heldOf(cat, assessed)).toMatchObject({ nextScenarioId: 'pool:ar-pool', total: 1 });
    const refused = await setArchived(db(), trainer, 'ar-pool-2', { archived: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).details).toEqual({ modules: [{ id: assessed, title: 'Assessed' }], people: { count: 1, names: ['Cat Cole'] } });
    await setArchived(db(), trainer, 'ar-pool-2', { archived: true, confirm: true }, { now: minutes(150) });
    const left = await heldOf(cat, assessed);
    expect(left).toMatchObject({ passedCount: 0, total: 0, nextScenarioId: null, completedAt: null });
    expect(left.scenarios).toEqual([expect.objectContaining({ id: 'pool:ar-pool', title: 'The pooled assessment', retired: true, passed: false })]);
    expect((await moduleDetail(db(), hr, assessed)).retired).toEqual([{ id: 'pool:ar-pool', title: 'The pooled assessment', retiredAt: minutes(150), versions: [1] }]);
  });

  it('asks for the scenario again in modules not completed when it is brought back; completions stay', async () => {
    await setArchived(db(), trainer, 'ar-c', { archived: false });
    expect(await heldOf(cat, welcome)).toMatchObject({ total: 3, nextScenarioId: 'ar-a' });
    expect(await heldOf(ann, welcome)).toMatchObject({ status: 'completed', completedAt: minutes(100), passedCount: 3, total: 3 });
  });

  it('records on the trainee’s home a completion that a retirement outside archiving left unrecorded', async () => {
    const catchUp = (await createModule(db(), trainer, { title: 'Catch-up', steps: ['ar-a', 'ar-b'], defaultDueDays: 14 }, T0)).id;
    await assign(catchUp, dan);
    const { endedAt } = await play(dan.id, 'ar-a', true, minutes(200));
    // As when the pass and the archiving cross in two transactions: the scenario is archived, nobody recorded it.
    await db()
      .update(scenarios)
      .set({ archivedAt: minutes(210) })
      .where(eq(scenarios.id, 'ar-b'));
    const before = (await stored(dan)).find((a) => a.completedAt === null);
    expect(before).toBeDefined();
    expect(await heldOf(dan, catchUp)).toMatchObject({ status: 'completed', completedAt: minutes(210), passedCount: 1, total: 1 });
    expect((await db().select().from(assignments).where(eq(assignments.id, before!.id)))[0]!.completedAt).toEqual(minutes(210));
    expect(endedAt.getTime()).toBeLessThan(minutes(210).getTime());
    await db().update(scenarios).set({ archivedAt: null }).where(eq(scenarios.id, 'ar-b'));
  });
});
