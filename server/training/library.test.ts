import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { attemptView, startAttempt, submitChoice } from './attempts';
import { asc, eq } from 'drizzle-orm';
import { auditLog, users } from '../db/schema';
import { countPlayableScenarios, describeSkipped, listLibrary, publishBuiltinScenarios, unfinishedAttemptAt } from './library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

describe.each(testBackends())('built-in scenarios at start-up on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'frontline-builtin-'));
    [{ id: userId }] = (await database.db
      .insert(users)
      .values({ email: `lib-${kind}@example.test`, name: 'L', role: 'trainee' })
      .returning({ id: users.id })) as [{ id: string }];
  });
  afterAll(() => database?.dispose());

  it('skips a file that fails the checker, naming the file and the JSON path, and loads the rest', async () => {
    await writeFile(path.join(dir, 'fixture-call.json'), asText(fixtureScenario()));
    const broken = fixtureScenario() as any;
    broken.id = 'broken-call';
    broken.states.greet.on.listen.target = 'aks';
    await writeFile(path.join(dir, 'broken-call.json'), asText(broken));
    await writeFile(path.join(dir, 'not-json.json'), '{ "id": ');

    const report = await publishBuiltinScenarios(database.db, dir);
    expect(report.published).toEqual([{ id: 'fixture-call', version: 1 }]);
    expect(report.skipped.map((s) => path.basename(s.file))).toEqual(['broken-call.json', 'not-json.json']);
    expect(describeSkipped(report.skipped[0]!)).toEqual([
      `Skipped ${path.join(dir, 'broken-call.json')}: it fails the scenario checker.`,
      `  ${path.join(dir, 'broken-call.json')}: states.greet.on.listen.target: no state "aks" (did you mean "ask"?)`,
    ]);
    expect(await countPlayableScenarios(database.db)).toBe(1);
  });

  it('keeps the version when a file is only reformatted, and publishes a new one when it changes', async () => {
    await writeFile(path.join(dir, 'fixture-call.json'), JSON.stringify(fixtureScenario()));
    expect((await publishBuiltinScenarios(database.db, dir)).unchanged).toEqual(['fixture-call']);

    const attemptOnV1 = await startAttempt(database.db, userId, 'fixture-call', 'off');
    await submitChoice(database.db, { attemptId: attemptOnV1, userId, seq: 0, event: 'listen' });

    const changed = fixtureScenario();
    changed.meta.title = 'Fixture call, revised';
    await writeFile(path.join(dir, 'fixture-call.json'), asText(changed));
    expect((await publishBuiltinScenarios(database.db, dir)).published).toEqual([{ id: 'fixture-call', version: 2 }]);
    // Each new version is in the audit log, the unchanged reload is not.
    const published = await database.db.select().from(auditLog).where(eq(auditLog.subject, 'fixture-call')).orderBy(asc(auditLog.at));
    expect(published.map((e) => [e.action, e.actorId, e.details])).toEqual([
      ['scenario-published', null, { version: 1, origin: 'builtin' }],
      ['scenario-published', null, { version: 2, origin: 'builtin' }],
    ]);

    // The attempt already started finishes on its version; new attempts take the newest.
    expect((await attemptView(database.db, attemptOnV1, userId)).version).toBe(1);
    const attemptOnV2 = await startAttempt(database.db, userId, 'fixture-call', 'off');
    const view = await attemptView(database.db, attemptOnV2, userId);
    expect(view.version).toBe(2);
    expect(view.kind === 'coaching' && view.scenario.meta.title).toBe('Fixture call, revised');
  });

  it('lists the newest version of each scenario with the trainee’s record', async () => {
    const before = await listLibrary(database.db, userId);
    expect(before.map((e) => [e.scenarioId, e.version])).toEqual([['fixture-call', 2]]);
    expect(before[0]!.inProgressAttemptId).not.toBeNull();
    expect(before[0]!.bestPercent).toBeNull();

    const id = await startAttempt(database.db, userId, 'fixture-call', 'off');
    for (const [seq, event] of ['listen', 'promise', 'close'].entries()) await submitChoice(database.db, { attemptId: id, userId, seq, event });
    const after = await listLibrary(database.db, userId);
    expect(after[0]).toMatchObject({ bestPercent: 100, passed: true, completedAttempts: 1 });
  });

  it('finds the newest unfinished attempt at any version of a scenario, and none once each is finished', async () => {
    const [{ id: other }] = (await database.db
      .insert(users)
      .values({ email: `lib-other-${kind}@example.test`, name: 'O', role: 'trainee' })
      .returning({ id: users.id })) as [{ id: string }];
    expect(await unfinishedAttemptAt(database.db, other, 'fixture-call')).toBeNull();
    const first = await startAttempt(database.db, other, 'fixture-call', 'off');
    const second = await startAttempt(database.db, other, 'fixture-call', 'off');
    expect(await unfinishedAttemptAt(database.db, other, 'fixture-call')).toBe(second);
    // Another person's attempts, and another scenario, are not this one's.
    expect(await unfinishedAttemptAt(database.db, userId, 'no-such-scenario')).toBeNull();
    for (const attemptId of [second, first]) {
      for (const [seq, event] of ['listen', 'promise', 'close'].entries()) await submitChoice(database.db, { attemptId, userId: other, seq, event });
      expect(await unfinishedAttemptAt(database.db, other, 'fixture-call')).toBe(attemptId === second ? first : null);
    }
  });
});
