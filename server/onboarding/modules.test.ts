import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { createAssignmentRule, myModules } from './assignments';
import { modules, moduleVersions, scenarios, users, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { createModule, listModules, moduleDetail, updateModule, type ModuleInput } from './modules';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = new Date('2026-11-23T10:00:00Z');

describe.each(testBackends())('modules on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let hr: User;
  let admin: User;
  let trainee: User;
  const db = () => database.db;
  const input = (changes: Partial<ModuleInput> = {}): ModuleInput => ({
    title: 'First week',
    description: 'The calls every new starter takes.',
    steps: ['fx-b', 'fx-a'],
    defaultDueDays: 14,
    ...changes,
  });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-module-scenarios-'));
    for (const id of ['fx-a', 'fx-b', 'fx-c', 'fx-old']) {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title: `Call ${id.slice(3)}` };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    await publishBuiltinScenarios(db(), dir);
    await db().update(scenarios).set({ archivedAt: T0 }).where(eq(scenarios.id, 'fx-old'));
    const rows = await db()
      .insert(users)
      .values((['trainer', 'hr', 'admin', 'trainee'] as const).map((role) => ({ name: `A ${role}`, email: `${role}-${kind}@example.test`, role })))
      .returning();
    [trainer, hr, admin, trainee] = rows as [User, User, User, User];
  });
  afterAll(() => database?.dispose());

  it('creates a module as version 1 with its scenarios in order', async () => {
    const detail = await createModule(db(), trainer, input({ title: '  First week  ' }), T0);
    expect(detail).toMatchObject({
      version: 1,
      title: 'First week',
      description: 'The calls every new starter takes.',
      scenarios: [
        { id: 'fx-b', title: 'Call b' },
        { id: 'fx-a', title: 'Call a' },
      ],
      scenarioCount: 2,
      defaultDueDays: 14,
      archived: false,
      rules: [],
    });
    expect(detail.versions).toEqual([expect.objectContaining({ version: 1, createdBy: trainer.id })]);
    for (const actor of [hr, admin]) await expect(createModule(db(), actor, input({ title: `By ${actor.role}` }))).resolves.toMatchObject({ version: 1 });
    expect((await listModules(db(), hr)).map((m) => m.title)).toEqual(expect.arrayContaining(['First week', 'By hr', 'By admin']));
  });

  it('saves an edit as a new version; people already assigned keep the version they were given', async () => {
    const { id } = await createModule(db(), trainer, input({ title: 'Versioned' }), T0);
    const early = (
      await db()
        .insert(users)
        .values({ name: 'Early', email: `early-${kind}@example.test`, role: 'trainee' })
        .returning()
    )[0]!;
    await createAssignmentRule(db(), hr, { moduleId: id, kind: 'person', userId: early.id }, { now: T0, timeZone: 'UTC' });

    const edited = await updateModule(db(), trainer, id, input({ title: 'Versioned, shorter', steps: ['fx-c'], defaultDueDays: 3 }), new Date('2026-11-24T10:00:00Z'));
    expect(edited).toMatchObject({ version: 2, title: 'Versioned, shorter', scenarios: [{ id: 'fx-c', title: 'Call c' }], defaultDueDays: 3 });
    expect(edited.versions.map((v) => [v.version, v.title])).toEqual([
      [2, 'Versioned, shorter'],
      [1, 'Versioned'],
    ]);
    // Version 1 is unchanged in the database.
    const [first] = await db().select().from(moduleVersions).where(eq(moduleVersions.id, edited.versions[1]!.id));
    expect(first).toMatchObject({ title: 'Versioned', steps: ['fx-b', 'fx-a'], defaultDueDays: 14 });

    const late = (
      await db()
        .insert(users)
        .values({ name: 'Late', email: `late-${kind}@example.test`, role: 'trainee' })
        .returning()
    )[0]!;
    await createAssignmentRule(db(), hr, { moduleId: id, kind: 'person', userId: late.id }, { now: new Date('2026-11-24T10:00:00Z'), timeZone: 'UTC' });

    const [earlyView] = await myModules(db(), early.id, T0, 'UTC');
    expect(earlyView).toMatchObject({ version: 1, title: 'Versioned', total: 2, dueDate: '2026-12-07', nextScenarioId: 'fx-b' });
    const [lateView] = await myModules(db(), late.id, T0, 'UTC');
    expect(lateView).toMatchObject({ version: 2, title: 'Versioned, shorter', total: 1, dueDate: '2026-11-27', nextScenarioId: 'fx-c' });
    expect((await moduleDetail(db(), hr, id)).rules.map((r) => r.assigned)).toEqual([1, 1]);
  });

  it('refuses trainees, for reading and for changing', async () => {
    const { id } = await createModule(db(), trainer, input({ title: 'Guarded' }));
    const before = await db().select().from(moduleVersions);
    await expect(createModule(db(), trainee, input())).rejects.toMatchObject({ status: 403 });
    await expect(updateModule(db(), trainee, id, input())).rejects.toMatchObject({ status: 403 });
    await expect(listModules(db(), trainee)).rejects.toMatchObject({ status: 403 });
    await expect(moduleDetail(db(), trainee, id)).rejects.toMatchObject({ status: 403 });
    expect(await db().select().from(moduleVersions)).toHaveLength(before.length);
  });

  it('refuses bad input, saying what and where, and changes nothing', async () => {
    const { id } = await createModule(db(), trainer, input({ title: 'Kept as is' }));
    const counts = async () => [(await db().select().from(modules)).length, (await db().select().from(moduleVersions)).length];
    const before = await counts();
    const refused = async (changes: Partial<ModuleInput>, field: string, message: RegExp) => {
      for (const attempt of [() => createModule(db(), trainer, input(changes)), () => updateModule(db(), trainer, id, input(changes))]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(HttpError);
        expect(error).toMatchObject({ status: 400, details: { field } });
        expect((error as Error).message).toMatch(message);
      }
    };
    await refused({ title: '   ' }, 'title', /The title is empty/);
    await refused({ title: 'x'.repeat(201) }, 'title', /201 characters long; use at most 200/);
    await refused({ steps: [] }, 'steps', /no scenarios: add at least one/);
    await refused({ steps: Array.from({ length: 51 }, (_, i) => `s${i}`) }, 'steps', /51 scenarios; use at most 50/);
    await refused({ steps: ['fx-a', 'fx-b', 'fx-a'] }, 'steps[2]', /Scenario 3 \("fx-a"\) is already in the module as scenario 1/);
    await refused({ steps: ['fx-a', 'no-such-call'] }, 'steps[1]', /Scenario 2 \("no-such-call"\) does not exist or is archived/);
    await refused({ steps: ['fx-old'] }, 'steps[0]', /Scenario 1 \("fx-old"\) does not exist or is archived/);
    await refused({ defaultDueDays: 0 }, 'defaultDueDays', /whole number of days from 1 to 365, not 0/);
    await refused({ defaultDueDays: 366 }, 'defaultDueDays', /not 366/);
    await refused({ defaultDueDays: 1.5 }, 'defaultDueDays', /not 1.5/);
    expect(await counts()).toEqual(before);
    await expect(updateModule(db(), trainer, '00000000-0000-4000-8000-000000000000', input())).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(moduleDetail(db(), trainer, 'not-an-id')).rejects.toBeInstanceOf(RecordNotFoundError);
    // The limits themselves are allowed.
    await expect(createModule(db(), trainer, input({ title: 'x'.repeat(200), defaultDueDays: 365 }))).resolves.toMatchObject({ defaultDueDays: 365 });
    await expect(createModule(db(), trainer, input({ defaultDueDays: 1 }))).resolves.toMatchObject({ defaultDueDays: 1 });
  });

  it('does not change or assign an archived module', async () => {
    const { id } = await createModule(db(), trainer, input({ title: 'Retired' }));
    await db().update(modules).set({ archivedAt: T0 }).where(eq(modules.id, id));
    await expect(updateModule(db(), trainer, id, input())).rejects.toMatchObject({ status: 409 });
    await expect(createAssignmentRule(db(), hr, { moduleId: id, kind: 'team', team: 'Returns' })).rejects.toMatchObject({ status: 409 });
    expect((await listModules(db(), trainer)).find((m) => m.id === id)).toMatchObject({ archived: true });
  });
});
