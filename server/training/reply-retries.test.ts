import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { AttemptNotFoundError, retryLastReply, startAttempt, submitChoice, type ChoiceReply, type SealedChoiceReply } from './attempts';
import { attemptEvents, attemptRetriedDecisions, attempts, users } from '../db/schema';
import { HttpError } from '../platform/errors';
import { debriefView } from './debrief';
import { publishBuiltinScenarios } from './library';
import { attemptStatements, extensionIri, statementId } from '../xapi/statements';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SITE = 'https://training.example.test';

/** "Try that reply again" in coaching (docs/decisions/042-trying-a-reply-again.md). */
describe.each(testBackends())('trying a reply again on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;
  let otherUserId: string;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-retries-'));
    await writeFile(path.join(dir, 'fixture-call.json'), asText(fixtureScenario()));
    const assessment = { ...fixtureScenario(), id: 'fixture-assessment' };
    assessment.meta = { ...assessment.meta, feedback: 'debrief' };
    await writeFile(path.join(dir, 'fixture-assessment.json'), asText(assessment));
    await publishBuiltinScenarios(db(), dir);
    const rows = await db()
      .insert(users)
      .values([
        { email: `retry-a-${kind}@example.test`, name: 'A', role: 'trainee' },
        { email: `retry-b-${kind}@example.test`, name: 'B', role: 'trainee' },
      ])
      .returning({ id: users.id });
    [userId, otherUserId] = rows.map((r) => r.id) as [string, string];
  });
  afterAll(() => database?.dispose());

  const start = (scenarioId = 'fixture-call') => startAttempt(db(), userId, scenarioId, 'off', T0);
  const choose = async (attemptId: string, seq: number, event: string, now = at(1000 * (seq + 1))) => {
    const reply: ChoiceReply | SealedChoiceReply = await submitChoice(db(), { attemptId, userId, seq, event, now });
    if (reply.status !== 'applied') throw new Error(`expected the choice applied, got ${JSON.stringify(reply)}`);
    return reply;
  };
  const retry = (attemptId: string, seq: number, now = at(60_000)) => retryLastReply(db(), { attemptId, userId, seq, now });
  /** The refusal a call ends in: its status, code and message. */
  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
    return { status: error.status, code: error.code, message: error.message };
  };
  const row = async (id: string) => (await db().select().from(attempts).where(eq(attempts.id, id)))[0]!;
  const standing = (id: string) => db().select().from(attemptEvents).where(eq(attemptEvents.attemptId, id)).orderBy(asc(attemptEvents.seq));
  const retried = (id: string) => db().select().from(attemptRetriedDecisions).where(eq(attemptRetriedDecisions.attemptId, id));

  it('takes back the reply just given: the attempt is back at that decision, and the answer is kept as retried', async () => {
    const id = await start();
    await choose(id, 0, 'rush');
    const back = await retry(id, 0, at(5000));
    expect(back.state).toMatchObject({ step: 0, finished: false, position: { state: 'greet', mood: 0, flags: [] } });
    expect(back.retried).toMatchObject({ seq: 0, event: 'rush', feedback: { text: 'Cold.', earned: { responsiveness: -1 } } });
    expect(await row(id)).toMatchObject({ step: 0, stateName: 'greet', mood: 0, stateEnteredAt: at(5000) });
    expect(await standing(id)).toEqual([]);
    expect(await retried(id)).toEqual([expect.objectContaining({ seq: 0, event: 'rush', earned: { responsiveness: -1 }, retriedAt: at(5000) })]);
    // The decision is answered again with the same sequence number.
    const again = await choose(id, 0, 'listen', at(6000));
    expect(again.state).toMatchObject({ step: 1, position: { state: 'ask', mood: 1 } });
  });

  it('replays memory and mood without the reply taken back', async () => {
    const id = await start();
    await choose(id, 0, 'listen');
    // Promising remembers "promised"; taking it back forgets it.
    expect((await choose(id, 1, 'promise')).state).toMatchObject({ position: { state: 'wrap', flags: ['promised'] } });
    const back = await retry(id, 1);
    expect(back.state.position).toEqual({ state: 'ask', mood: 1, flags: [] });
    // Bluffing instead: nothing remembered, and the mood one lower.
    expect((await choose(id, 1, 'bluff', at(61_000))).state).toMatchObject({ position: { state: 'wrap', mood: 0, flags: [] } });
  });

  it('scores only the final answers, and the debrief, HR’s transcript and xAPI show the retry', async () => {
    const straight = await start();
    for (const [seq, event] of ['listen', 'promise', 'close'].entries()) await choose(straight, seq, event);
    const withRetry = await start();
    await choose(withRetry, 0, 'rush');
    await retry(withRetry, 0, at(1500));
    for (const [seq, event] of ['listen', 'promise'].entries()) await choose(withRetry, seq, event, at(2000 + seq * 1000));
    const last = await choose(withRetry, 2, 'close', at(4000));
    const straightRow = await row(straight);
    expect(last.result).toEqual({ outcome: 'success', passed: true, overallPercent: straightRow.overallPercent, criticalErrors: 0 });
    expect((await row(withRetry)).principleScores).toEqual(straightRow.principleScores);

    // The owner's debrief and HR's (the same view read as HR) show the first answer beside the one that counts.
    const hr = (
      await db()
        .insert(users)
        .values({ email: `retry-hr-${kind}@example.test`, name: 'H', role: 'hr' })
        .returning()
    )[0]!;
    for (const reader of [{ id: userId, role: 'trainee' as const }, hr]) {
      const view = await debriefView(db(), withRetry, reader);
      if (view.status !== 'completed') throw new Error('expected a finished debrief');
      expect(view.decisions.map((d) => [d.taken.event, d.retried?.taken.event ?? null])).toEqual([
        ['listen', 'rush'],
        ['promise', null],
        ['close', null],
      ]);
      expect(view.decisions[0]!.retried).toMatchObject({ taken: { feedback: 'Cold.', points: { responsiveness: -1 } }, critical: null, retriedAt: at(1500) });
    }

    const statements = (await attemptStatements(db(), withRetry, { site: SITE }))!;
    const answered = statements.filter((s) => s.verb.id.endsWith('/answered'));
    expect(answered.map((s) => [s.id, s.result?.response])).toEqual([
      [statementId(withRetry, 'retried/answered/0'), 'rush'],
      [statementId(withRetry, 'answered/0'), 'listen'],
      [statementId(withRetry, 'answered/1'), 'promise'],
      [statementId(withRetry, 'answered/2'), 'close'],
    ]);
    expect(answered[0]!.result?.extensions?.[extensionIri(SITE, 'retried')]).toEqual({ retriedAt: at(1500).toISOString(), counted: false });
    expect(answered[1]!.result?.extensions?.[extensionIri(SITE, 'retried')]).toBeUndefined();
  });

  it('allows one retry per decision', async () => {
    const id = await start();
    await choose(id, 0, 'rush');
    await retry(id, 0);
    await choose(id, 0, 'rush', at(61_000));
    expect(await refusal(retry(id, 0, at(62_000)))).toMatchObject({ status: 409, code: 'already-retried' });
    // The next decision may still be tried again once.
    await choose(id, 1, 'bluff', at(63_000));
    expect((await retry(id, 1, at(64_000))).state.step).toBe(1);
    expect(await standing(id)).toHaveLength(1);
    expect((await retried(id)).map((r) => r.seq).sort()).toEqual([0, 1]);
  });

  it('refuses any decision but the one just answered, changing nothing', async () => {
    const id = await start();
    await choose(id, 0, 'listen');
    await choose(id, 1, 'promise');
    expect(await refusal(retry(id, 0))).toMatchObject({ status: 409, code: 'not-last' });
    expect(await refusal(retry(id, 2))).toMatchObject({ status: 409, code: 'not-last' });
    expect(await row(id)).toMatchObject({ step: 2, stateName: 'wrap' });
    expect(await standing(id)).toHaveLength(2);
    // Taking back the second reply does not open the first: only one step back, never a walk back.
    await retry(id, 1);
    expect(await refusal(retry(id, 0, at(61_000)))).toMatchObject({ status: 409, code: 'not-last' });
    expect(await row(id)).toMatchObject({ step: 1, stateName: 'ask' });
    expect(await standing(id)).toHaveLength(1);
  });

  it('refuses before any reply, changing nothing', async () => {
    const id = await start();
    expect(await refusal(retry(id, 0))).toMatchObject({ status: 409, code: 'not-last', message: 'There is no reply to try again yet.' });
    expect(await row(id)).toMatchObject({ step: 0, stateName: 'greet' });
    expect(await standing(id)).toEqual([]);
    expect(await retried(id)).toEqual([]);
  });

  it('refuses once the attempt has ended: the ending turn is not taken back', async () => {
    const id = await start();
    for (const [seq, event] of ['listen', 'promise', 'close'].entries()) await choose(id, seq, event);
    expect(await refusal(retry(id, 2))).toMatchObject({ status: 409, code: 'finished' });
    expect(await row(id)).toMatchObject({ status: 'completed', step: 3 });
  });

  it('refuses in an assessment, changing nothing', async () => {
    const id = await start('fixture-assessment');
    const reply = await submitChoice(db(), { attemptId: id, userId, seq: 0, option: 1, now: at(1000) });
    expect(reply.status).toBe('applied');
    expect(await refusal(retry(id, 0))).toMatchObject({ status: 409, code: 'assessment' });
    expect(await row(id)).toMatchObject({ step: 1 });
    expect(await standing(id)).toHaveLength(1);
    expect(await retried(id)).toEqual([]);
  });

  it('does not find another person’s attempt', async () => {
    const id = await start();
    await choose(id, 0, 'listen');
    await expect(retryLastReply(db(), { attemptId: id, userId: otherUserId, seq: 0, now: at(5000) })).rejects.toBeInstanceOf(AttemptNotFoundError);
    expect(await standing(id)).toHaveLength(1);
  });

  it('answers a choice sent on the view from before the retry as out of step', async () => {
    const id = await start();
    await choose(id, 0, 'listen');
    await retry(id, 0);
    const late = await submitChoice(db(), { attemptId: id, userId, seq: 1, event: 'promise', now: at(61_000) });
    expect(late).toMatchObject({ status: 'conflict', reason: 'ahead', state: { step: 0 } });
  });
});
