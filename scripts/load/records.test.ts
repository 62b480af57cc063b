import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttempt, submitChoice } from '@/server/training/attempts';
import { attemptEvents, attempts, users } from '@/server/db/schema';
import { publishBuiltinScenarios } from '@/server/training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '@/server/test-support/databases';
import { checkRecords, createLoadTrainees } from './records';
import { builtinScenarios, Ledger, loadEmail } from './trainees';
import { openOptions, snapshotAt } from '@/machines/runtime';

describe.each(testBackends())('checking a load’s records on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;
  const scenario = builtinScenarios().find((s) => s.doc.id === 'closing-well')!;

  /** Plays `choices` first-listed options through the server's own functions, acknowledging each in the ledger. */
  async function play(ledger: Ledger, choices: number): Promise<string> {
    const attemptId = await startAttempt(database.db, userId, scenario.doc.id, 'off');
    ledger.started(attemptId, scenario.doc.id);
    for (let seq = 0; seq < choices; seq++) {
      const [row] = await database.db.select().from(attempts).where(eq(attempts.id, attemptId));
      const open = openOptions(scenario, snapshotAt(scenario, { state: row!.stateName, mood: row!.mood, flags: row!.flags }));
      const reply = await submitChoice(database.db, { attemptId, userId, seq, event: open.find((o) => o.event !== 'TIMEOUT')!.event });
      if (reply.status !== 'applied') throw new Error(`choice ${seq}: ${reply.status}`);
      if (!('event' in reply.step)) throw new Error('closing-well is a coaching scenario: its replies name the event');
      ledger.acknowledged(attemptId, reply.step.seq, reply.step.event);
    }
    return attemptId;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await publishBuiltinScenarios(database.db, 'scenarios');
    const emails = await createLoadTrainees(database.db, 3);
    expect(emails).toEqual([loadEmail(0), loadEmail(1), loadEmail(2)]);
    const [row] = await database.db
      .select()
      .from(users)
      .where(eq(users.email, loadEmail(0)));
    expect(row).toMatchObject({ role: 'trainee', timeMode: 'off', active: true });
    userId = row!.id;
  });
  afterAll(() => database.dispose());

  it('finds nothing wrong when the database holds exactly what was acknowledged', async () => {
    const ledger = new Ledger();
    await play(ledger, 2);
    await play(ledger, 1);
    const check = await checkRecords(database.db, ledger);
    expect(check.problems).toEqual([]);
    expect(check).toMatchObject({ acknowledgedChoices: 3, acknowledgedAttempts: 2 });
  });

  it('names an acknowledged choice that is missing, a stored one never acknowledged, and a stored position its choices do not lead to', async () => {
    await database.db.delete(attemptEvents);
    await database.db.delete(attempts);
    const ledger = new Ledger();
    const lost = await play(ledger, 2);
    const extra = await play(ledger, 1);
    const moved = await play(ledger, 1);
    await database.db.delete(attemptEvents).where(sql`${attemptEvents.attemptId} = ${lost} AND ${attemptEvents.seq} = 1`);
    ledger.attempts.get(extra)!.events.length = 0;
    await database.db.update(attempts).set({ mood: 99 }).where(eq(attempts.id, moved));
    const unacknowledged = await startAttempt(database.db, userId, scenario.doc.id, 'off');

    const check = await checkRecords(database.db, ledger);
    expect(check.unacknowledgedAttempts).toBe(1);
    // The lost choice shows three ways: the list, the step count and the position it leaves.
    expect(check.problems).toHaveLength(5);
    expect(check.problems.join('\n')).toContain(`attempt ${lost}: the database holds [`);
    expect(check.problems.join('\n')).toContain(`attempt ${lost}: step 2 with 1 choice(s) stored`);
    expect(check.problems.join('\n')).toContain(`attempt ${extra}: the database holds [`);
    expect(check.problems.join('\n')).toContain(`attempt ${moved}: stored at`);
    expect(check.problems.join('\n')).not.toContain(unacknowledged);
  });
});
