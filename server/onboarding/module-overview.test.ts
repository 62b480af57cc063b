import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { createAssignmentRule, removeAssignmentRule } from './assignments';
import { assignments, users, type User } from '../db/schema';
import { RecordNotFoundError } from '../platform/errors';
import { findAssignablePeople, findAssignmentRule, moduleHoldings, peopleNames } from './module-overview';
import { createModule } from './modules';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = new Date('2026-11-23T10:00:00Z');
const context = { now: T0, timeZone: 'UTC' };

describe.each(testBackends())('module overview on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let hr: User;
  let trainees: User[];
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-overview-scenarios-'));
    for (const id of ['fx-a', 'fx-b']) await writeFile(path.join(dir, `${id}.json`), asText({ ...fixtureScenario(), id }));
    await publishBuiltinScenarios(db(), dir);
    [trainer, hr] = (await db()
      .insert(users)
      .values([
        { name: 'Tess Trainer', email: `trainer-${kind}@example.test`, role: 'trainer' },
        { name: 'Hal HR', email: `hr-${kind}@example.test`, role: 'hr' },
      ])
      .returning()) as [User, User];
    trainees = await db()
      .insert(users)
      .values([
        { name: 'ann', email: `ann-${kind}@example.test`, role: 'trainee', team: 'Returns' },
        { name: 'Bob', email: `bob-${kind}@example.test`, role: 'trainee', team: 'Returns' },
        { name: 'Cy', email: `cy-${kind}@example.test`, role: 'trainee', team: 'Billing', active: false },
      ])
      .returning();
  });
  afterAll(() => database?.dispose());

  it('counts each person holding a module once, however many rules reach them, and leaves out the unassigned', async () => {
    const input = { steps: ['fx-a', 'fx-b'], defaultDueDays: 7 };
    const held = await createModule(db(), trainer, { title: 'Held', ...input });
    const untouched = await createModule(db(), trainer, { title: 'Untouched', ...input });
    const team = await createAssignmentRule(db(), hr, { moduleId: held.id, kind: 'team', team: 'Returns' }, context);
    expect(team.assigned).toBe(2);
    // Ann again, by name: still one holder.
    await createAssignmentRule(db(), hr, { moduleId: held.id, kind: 'person', userId: trainees[0]!.id }, context);
    const bob = await createAssignmentRule(db(), hr, { moduleId: held.id, kind: 'person', userId: trainees[1]!.id }, context);
    await db().update(assignments).set({ completedAt: T0 }).where(eq(assignments.ruleId, bob.rule.id));

    let counts = await moduleHoldings(db(), trainer);
    expect(counts.get(held.id)).toEqual({ holders: 2, completed: 1 });
    expect(counts.get(untouched.id)).toBeUndefined();

    // Unassigning the team rule leaves Ann (by name) and Bob's completed assignment.
    await removeAssignmentRule(db(), hr, team.rule.id, context);
    counts = await moduleHoldings(db(), hr);
    expect(counts.get(held.id)).toEqual({ holders: 2, completed: 1 });
    const ann = (await db().select().from(assignments).where(eq(assignments.userId, trainees[0]!.id))).find((a) => a.ruleId !== team.rule.id)!;
    await removeAssignmentRule(db(), hr, ann.ruleId, context);
    expect((await moduleHoldings(db(), hr)).get(held.id)).toEqual({ holders: 1, completed: 1 });
  });

  it('is for the roles that manage modules', async () => {
    await expect(moduleHoldings(db(), trainees[0]!)).rejects.toMatchObject({ status: 403 });
    await expect(findAssignablePeople(db(), trainer, 'a')).rejects.toMatchObject({ status: 403 });
  });

  it('finds active people by part of their name or email, case aside, a few at a time', async () => {
    const names = async (search: string, limit?: number) => {
      const found = await findAssignablePeople(db(), hr, search, limit);
      return { names: found.people.map((p) => p.name), more: found.more };
    };
    expect(await names('hR')).toEqual({ names: ['Hal HR'], more: false });
    expect(await names('TRAIN')).toEqual({ names: ['Tess Trainer'], more: false });
    expect(await names('EXAMPLE')).toEqual({ names: ['ann', 'Bob', 'Hal HR', 'Tess Trainer'], more: false });
    expect(await names(`ANN-${kind.toUpperCase()}@`)).toEqual({ names: ['ann'], more: false });
    expect(await names('example', 2)).toEqual({ names: ['ann', 'Bob'], more: true });
    // Wildcards are searched for as written, not as patterns.
    expect(await names('%')).toEqual({ names: [], more: false });
    expect(await names('   ')).toEqual({ names: [], more: false });
    const [ann] = (await findAssignablePeople(db(), hr, 'ann')).people;
    expect(ann).toEqual({ id: trainees[0]!.id, name: 'ann', email: `ann-${kind}@example.test`, role: 'trainee', team: 'Returns' });
  });

  it('names people by id, and finds rules or answers 404', async () => {
    const names = await peopleNames(db(), [trainer.id, null, trainer.id, hr.id]);
    expect(Object.fromEntries(names)).toEqual({ [trainer.id]: 'Tess Trainer', [hr.id]: 'Hal HR' });
    expect((await peopleNames(db(), [null])).size).toBe(0);
    await expect(findAssignmentRule(db(), 'not-an-id')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(findAssignmentRule(db(), '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(RecordNotFoundError);
  });
});
