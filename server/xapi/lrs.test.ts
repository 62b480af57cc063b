import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initialSnapshot, step } from '@/machines';
import { allPaths } from '@/machines/test-fixtures/all-paths';
import { startAttempt, submitChoice } from '../training/attempts';
import { attempts, lrsDeliveries, users } from '../db/schema';
import { deliveryStatus, HELD_UNTIL, LEASE_MS, retryAfterMs, retryDelayMs, retryUnsentNow, sendPendingStatements, startLrsSender, type SendOptions } from './lrs';
import { compiledVersion, newestVersion, publishBuiltinScenarios } from '../training/library';
import type { LrsSettings } from '../platform/settings';
import { answerFor } from '../test-support/answers';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { canonicalJson, refusedEndpoint, startLrsStub, type LrsStub } from '../test-support/lrs-stub';
import { attemptStatements } from './statements';

const SITE = 'https://training.example.com';
const T0 = new Date('2025-06-02T08:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

describe('waiting between tries', () => {
  it('doubles from a minute up to six hours', () => {
    expect([1, 2, 3, 4, 9, 10, 30].map(retryDelayMs)).toEqual([1, 2, 4, 8, 256, 360, 360].map((m) => m * MINUTE));
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('120', T0)).toBe(120_000);
    expect(retryAfterMs(new Date(T0.getTime() + 90_000).toUTCString(), T0)).toBe(90_000);
    expect(retryAfterMs('soon', T0)).toBeNull();
    expect(retryAfterMs(null, T0)).toBeNull();
  });
});

describe.each(testBackends())('sending statements to a learning record store on %s', (kind) => {
  let database: TestDatabase;
  let stub: LrsStub;
  let lrs: LrsSettings;
  const finished: string[] = [];
  let unfinished: string;
  const db = () => database.db;
  const send = (options: SendOptions = {}) => sendPendingStatements(db(), lrs, { site: SITE, now: T0, ...options });
  const delivery = async (attemptId: string) => (await db().select().from(lrsDeliveries).where(eq(lrsDeliveries.attemptId, attemptId)))[0];
  const statementCount = async (ids: string[]) => {
    let total = 0;
    for (const id of ids) total += (await attemptStatements(db(), id, { site: SITE }))!.length;
    return total;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await publishBuiltinScenarios(db(), 'scenarios');
    const [trainee] = await db()
      .insert(users)
      .values({ name: 'Lena', email: `lena-${kind}@example.test`, role: 'trainee' })
      .returning();
    let start = T0.getTime() - 10 * 86_400_000;
    for (const scenarioId of ['closing-well', 'competitor-is-cheaper', 'promise-you-cannot-keep', 'closing-well', 'bounced-between-departments']) {
      const scenario = await compiledVersion(db(), (await newestVersion(db(), scenarioId))!.id);
      const events = allPaths(scenario)[0]!.events;
      start += 3_600_000;
      const attemptId = await startAttempt(db(), trainee!.id, scenarioId, 'off', new Date(start));
      let snapshot = initialSnapshot(scenario);
      for (const [seq, event] of events.entries()) {
        const reply = await submitChoice(db(), {
          attemptId,
          userId: trainee!.id,
          seq,
          ...answerFor(scenario, snapshot, attemptId, event),
          now: new Date(start + (seq + 1) * 5_000),
        });
        expect(reply.status).toBe('applied');
        const stepped = step(scenario, snapshot, event);
        if (!stepped.ok) throw new Error(`${event} is not open`);
        snapshot = stepped.next;
      }
      finished.push(attemptId);
    }
    unfinished = await startAttempt(db(), trainee!.id, 'closing-well', 'off', new Date(start + 3_600_000));
  });

  beforeEach(async () => {
    await db().delete(lrsDeliveries);
    stub = await startLrsStub();
    lrs = { endpoint: stub.endpoint, key: stub.key, secret: stub.secret };
  });

  afterEach(async () => {
    await stub.close();
  });

  afterAll(async () => {
    await database?.dispose();
  });

  it('sends every finished attempt once, as one batch each, and records what was sent', async () => {
    const report = await send();
    expect(report).toMatchObject({ due: finished.length, failed: [], held: [], stoppedEarly: null });
    expect(report.sent.map((s) => s.attemptId).sort()).toEqual([...finished].sort());
    expect(stub.requests).toHaveLength(finished.length);
    expect(stub.requests.every((r) => r.status === 200)).toBe(true);
    expect(stub.statements.size).toBe(await statementCount(finished));

    for (const attemptId of finished) {
      const statements = (await attemptStatements(db(), attemptId, { site: SITE }))!;
      expect(await delivery(attemptId)).toMatchObject({
        statementIds: statements.map((s) => s.id),
        endpoint: `${stub.endpoint}/statements`,
        tries: 1,
        lastTriedAt: T0,
        lastError: null,
        nextTryAt: null,
        sentAt: T0,
      });
      // What the store holds is exactly what Frontline made.
      for (const s of statements) expect(canonicalJson(stub.statements.get(s.id))).toBe(canonicalJson(s));
    }
    // The unfinished attempt is not sent, and has no delivery.
    expect(await delivery(unfinished)).toBeUndefined();

    // A second round, even much later, sends nothing.
    expect(await send({ now: later(30 * 86_400_000) })).toMatchObject({ due: 0, sent: [], failed: [] });
    expect(stub.requests).toHaveLength(finished.length);
    expect(await deliveryStatus(db(), later(MINUTE))).toMatchObject({ finished: finished.length, sent: finished.length, due: 0, waiting: 0, held: 0, problems: [] });
  });

  it('sends a round at most a batch, oldest finished first', async () => {
    expect((await send({ batchSize: 2 })).sent.map((s) => s.attemptId)).toEqual(finished.slice(0, 2));
    expect((await send({ batchSize: 2 })).sent.map((s) => s.attemptId)).toEqual(finished.slice(2, 4));
    expect((await send({ batchSize: 2 })).sent.map((s) => s.attemptId)).toEqual(finished.slice(4));
    expect(stub.requests).toHaveLength(finished.length);
  });

  it('keeps a failed attempt to try again after a growing wait, and stops the round while the store is failing', async () => {
    stub.misbehave({ status: 500, body: '{"message":"database unavailable"}' });
    const first = await send();
    expect(first.sent).toEqual([]);
    expect(first.failed).toEqual([{ attemptId: finished[0], tries: 1, error: '500 Internal Server Error: {"message":"database unavailable"}', nextTryAt: later(MINUTE) }]);
    expect(first.stoppedEarly).toContain('500');
    expect(stub.requests).toHaveLength(1);
    expect(await delivery(finished[0]!)).toMatchObject({
      tries: 1,
      sentAt: null,
      lastError: '500 Internal Server Error: {"message":"database unavailable"}',
      nextTryAt: later(MINUTE),
    });

    // Half a minute on: the others go; the failed one waits its minute.
    const second = await send({ now: later(30_000) });
    expect(second.sent.map((s) => s.attemptId)).toEqual(finished.slice(1));
    expect(await deliveryStatus(db(), later(30_000))).toMatchObject({ sent: finished.length - 1, waiting: 1, due: 0 });

    // It fails again (too many requests, come back in five minutes): the store's wait beats the two minutes.
    stub.misbehave({ status: 429, retryAfter: '300' });
    expect((await send({ now: later(MINUTE) })).failed).toMatchObject([{ attemptId: finished[0], tries: 2, nextTryAt: later(6 * MINUTE) }]);
    expect((await send({ now: later(5 * MINUTE) })).due).toBe(0);
    const third = await send({ now: later(6 * MINUTE) });
    expect(third.sent).toEqual([{ attemptId: finished[0], statements: expect.any(Number), tries: 3 }]);
    expect(await delivery(finished[0]!)).toMatchObject({ tries: 3, lastError: null, nextTryAt: null, sentAt: later(6 * MINUTE) });

    // Nothing lost, nothing twice.
    expect(stub.statements.size).toBe(await statementCount(finished));
    expect(stub.requests.filter((r) => r.status === 200)).toHaveLength(finished.length);
  });

  it('tries again when the store cannot be reached or does not answer in time', async () => {
    const refused = { ...lrs, endpoint: await refusedEndpoint() };
    const down = await sendPendingStatements(db(), refused, { site: SITE, now: T0 });
    expect(down.failed).toHaveLength(1);
    expect(down.failed[0]!.error).toMatch(/^Could not reach the store: ECONNREFUSED/);
    expect(down.stoppedEarly).toBe(down.failed[0]!.error);
    const again = await sendPendingStatements(db(), refused, { site: SITE, now: later(MINUTE) });
    expect(again.failed[0]).toMatchObject({ attemptId: finished[0], tries: 2, nextTryAt: later(3 * MINUTE) });

    stub.misbehave('hang');
    const slow = await send({ now: later(3 * MINUTE), timeoutMs: 300 });
    expect(slow.failed).toEqual([{ attemptId: finished[0], tries: 3, error: 'The store did not answer within 0.3 s.', nextTryAt: later(7 * MINUTE) }]);

    const back = await send({ now: later(7 * MINUTE) });
    expect(back.sent).toHaveLength(finished.length);
    expect(await delivery(finished[0]!)).toMatchObject({ tries: 4, endpoint: `${stub.endpoint}/statements`, sentAt: later(7 * MINUTE) });
    expect(stub.statements.size).toBe(await statementCount(finished));
  });

  it('sends again with the same ids when the store kept the statements but the answer was lost, and the store keeps one copy', async () => {
    stub.misbehave('store-and-drop');
    const lost = await send();
    expect(lost.failed[0]!.error).toMatch(/^Could not reach the store/);
    const kept = stub.statements.size;
    expect(kept).toBe(await statementCount([finished[0]!]));

    // The lease runs out as it would after a crash; the resend is recognised.
    const resent = await send({ now: later(MINUTE) });
    expect(resent.sent).toHaveLength(finished.length);
    expect(stub.requests[1]).toEqual({ status: 200, ids: stub.requests[0]!.ids });
    expect(stub.statements.size).toBe(await statementCount(finished));
  });

  it('sends each attempt once when two senders run at the same time', async () => {
    stub.delayMs = 30;
    const [a, b] = await Promise.all([send(), send()]);
    const sent = [...a.sent, ...b.sent].map((s) => s.attemptId);
    expect(sent.sort()).toEqual([...finished].sort());
    expect(stub.requests).toHaveLength(finished.length);
    expect(stub.requests.every((r) => r.status === 200)).toBe(true);
    expect(await db().select().from(lrsDeliveries).where(isNotNull(lrsDeliveries.sentAt))).toHaveLength(finished.length);
  });

  it('leaves an attempt being sent by another sender alone until its lease runs out', async () => {
    await db()
      .insert(lrsDeliveries)
      .values({ attemptId: finished[0]!, statementIds: [], endpoint: `${stub.endpoint}/statements`, tries: 1, lastTriedAt: T0, nextTryAt: later(LEASE_MS) });
    expect((await send({ now: later(MINUTE) })).sent.map((s) => s.attemptId)).toEqual(finished.slice(1));
    expect((await send({ now: later(LEASE_MS) })).sent).toMatchObject([{ attemptId: finished[0], tries: 2 }]);
  });

  it('records a wrong key as 401 with a clear error and waits long before trying again', async () => {
    const report = await sendPendingStatements(db(), { ...lrs, secret: 'wrong' }, { site: SITE, now: T0 });
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]!.error).toBe(
      '401 Unauthorized: {"message":"Unknown key or wrong secret."}. The store refused Frontline\'s credentials: check FRONTLINE_LRS_KEY and FRONTLINE_LRS_SECRET, and that the key may write statements.',
    );
    expect(report.failed[0]!.nextTryAt).toEqual(later(6 * 60 * MINUTE));
    expect(stub.requests).toEqual([{ status: 401, ids: expect.any(Array) }]);
    expect(stub.statements.size).toBe(0);
    expect((await deliveryStatus(db(), T0)).problems).toEqual([
      { attemptId: finished[0], tries: 1, lastError: report.failed[0]!.error, lastTriedAt: T0, nextTryAt: later(6 * 60 * MINUTE) },
    ]);
  });

  it('holds an attempt the store answers with 409 Conflict, never marking it sent, until someone retries it', async () => {
    const statements = (await attemptStatements(db(), finished[1]!, { site: SITE }))!;
    // The store already has a statement with one of these ids and other content.
    stub.statements.set(statements[0]!.id, { ...statements[0], timestamp: '2020-01-01T00:00:00.000Z' });
    const report = await send();
    expect(report.sent).toHaveLength(finished.length - 1);
    expect(report.held).toEqual([
      {
        attemptId: finished[1],
        tries: 1,
        error: expect.stringMatching(
          /^409 Conflict: .*already exists with different content.*not stored\. Held until someone checks the store and runs npm run lrs:send -- --retry\.$/,
        ),
        nextTryAt: HELD_UNTIL,
      },
    ]);
    expect(await delivery(finished[1]!)).toMatchObject({ sentAt: null, nextTryAt: HELD_UNTIL });
    expect(await send({ now: later(365 * 86_400_000) })).toMatchObject({ due: 0 });
    expect(await deliveryStatus(db(), later(MINUTE))).toMatchObject({ sent: finished.length - 1, held: 1, waiting: 0, due: 0 });

    // Once the store is put right, a retry sends it.
    stub.statements.delete(statements[0]!.id);
    expect(await retryUnsentNow(db())).toBe(1);
    expect((await send({ now: later(2 * MINUTE) })).sent).toMatchObject([{ attemptId: finished[1], tries: 2 }]);
  });

  it('does not send an attempt that has not finished, even once it has a delivery row', async () => {
    const [row] = await db().select().from(attempts).where(eq(attempts.id, unfinished));
    expect(row!.status).toBe('in-progress');
    await send();
    expect(stub.requests.flatMap((r) => r.ids)).not.toContain((await attemptStatements(db(), unfinished, { site: SITE }))![0]!.id);
  });

  it('runs rounds on a timer in the server until stopped', async () => {
    const lines: string[] = [];
    const sender = startLrsSender(db(), lrs, { site: SITE, intervalMs: 20, firstRoundAfterMs: 0, batchSize: 2, log: (line) => lines.push(line) });
    for (let i = 0; i < 200 && stub.requests.length < finished.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await sender.stop();
    expect(stub.requests).toHaveLength(finished.length);
    expect(lines.join('\n')).toMatch(/^Frontline: sent \d+ xAPI statements of 2 finished attempts to http:\/\/127\.0\.0\.1:\d+\/xapi\/statements/);
    const after = stub.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(stub.requests).toHaveLength(after);
  });
});
