import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreAttempt } from '@/machines';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import {
  attemptView,
  AttemptNotFoundError,
  EARLY_TIMEOUT_TOLERANCE_MS,
  LATENCY_ALLOWANCE_MS,
  setAttemptTimeMode,
  startAttempt,
  submitChoice,
  type ChoiceReply,
} from './attempts';
import { attemptEvents, attempts, users } from './db/schema';
import { debriefView } from './debrief';
import { publishBuiltinScenarios } from './scenario-library';
import { createTestDatabase, testBackends, type TestDatabase } from './test-support/databases';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(testBackends())('attempts on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;
  let otherUserId: string;
  let scenarioDir: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    scenarioDir = await mkdtemp(path.join(tmpdir(), 'frontline-scenarios-'));
    await writeFile(path.join(scenarioDir, 'fixture-call.json'), asText(fixtureScenario()));
    await publishBuiltinScenarios(database.db, scenarioDir);
    const rows = await database.db
      .insert(users)
      .values([
        { email: `a-${kind}@example.test`, name: 'A', role: 'trainee' },
        { email: `b-${kind}@example.test`, name: 'B', role: 'trainee' },
      ])
      .returning({ id: users.id });
    [userId, otherUserId] = rows.map((r) => r.id) as [string, string];
  });
  afterAll(() => database?.dispose());

  const start = (mode: 'standard' | 'extended' | 'off' = 'standard') => startAttempt(database.db, userId, 'fixture-call', mode, T0);
  const choose = (attemptId: string, seq: number, event: string, now = at(1000)) =>
    submitChoice(database.db, { attemptId, userId, seq, event, now });
  const applied = (reply: ChoiceReply) => {
    if (reply.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(reply)}`);
    return reply;
  };

  it('plays to an ending and scores exactly as the runtime does', async () => {
    const id = await start();
    // Coaching: the reply carries the feedback and points of the choice just taken.
    expect(applied(await choose(id, 0, 'rush')).step.feedback).toEqual({ text: 'Cold.', earned: { responsiveness: -1 } });
    applied(await choose(id, 1, 'promise', at(2000)));
    applied(await choose(id, 2, 'apologise', at(3000)));
    const last = applied(await choose(id, 3, 'close', at(4000)));
    expect(last.result).toEqual({ outcome: 'success', passed: true, overallPercent: 62.5 });
    expect(last.state).toMatchObject({ finished: true, step: 4, deadlineAt: null, position: { state: 'won' } });
    const [row] = await database.db.select().from(attempts).where(eq(attempts.id, id));
    expect(row).toMatchObject({ status: 'completed', outcome: 'success', passed: true, overallPercent: 62.5 });
    expect(row!.principleScores).toEqual({ responsiveness: 0, integrity: 100, 'follow-through': 100 });
    const events = await database.db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, id));
    expect(scoreAttempt(events).overallPercent).toBe(62.5);
  });

  it('applies a retried choice once and answers the retry with the same result', async () => {
    const id = await start();
    const first = applied(await choose(id, 0, 'listen'));
    const retry = await choose(id, 0, 'listen', at(1500));
    expect(retry.status).toBe('duplicate');
    expect(retry.status === 'duplicate' && retry.step).toEqual(first.step);
    const events = await database.db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, id));
    expect(events).toHaveLength(1);
  });

  it('applies concurrent copies of one choice exactly once', async () => {
    const id = await start();
    const replies = await Promise.all([0, 1, 2, 3].map(() => choose(id, 0, 'listen')));
    expect(replies.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(replies.filter((r) => r.status === 'duplicate')).toHaveLength(3);
    const [row] = await database.db.select().from(attempts).where(eq(attempts.id, id));
    expect(row!.step).toBe(1);
  });

  it('answers from the database, not from an attempt the caller read before it moved on or its clock changed', async () => {
    const id = await start();
    const [before] = await database.db.select().from(attempts).where(eq(attempts.id, id));
    const first = applied(await choose(id, 0, 'listen'));
    // The same choice sent with the row as it was before: the attempt has moved, so it is a retry.
    const retry = await submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', now: at(1200), seen: before });
    expect(retry).toMatchObject({ status: 'duplicate', step: first.step, state: { step: 1 } });
    // The clock restarts when the time mode changes: judged on the old row's clock, this choice would be late.
    const timed = await start();
    const [unchanged] = await database.db.select().from(attempts).where(eq(attempts.id, timed));
    await setAttemptTimeMode(database.db, timed, userId, 'extended', at(9_000));
    const onTime = applied(await submitChoice(database.db, { attemptId: timed, userId, seq: 0, event: 'listen', now: at(15_000), seen: unchanged }));
    expect(onTime.step).toMatchObject({ event: 'listen', timedOut: false });
    expect(await database.db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, id))).toHaveLength(1);
  });

  it('refuses a choice that is not open, returning the current state and open choices', async () => {
    const id = await start();
    const reply = await choose(id, 0, 'close');
    expect(reply).toMatchObject({ status: 'conflict', reason: 'not-open', open: ['listen', 'rush'], state: { step: 0, position: { state: 'greet' } } });
  });

  it('refuses skipping ahead, and a different choice at a step already taken', async () => {
    const id = await start();
    expect(await choose(id, 1, 'promise')).toMatchObject({ status: 'conflict', reason: 'ahead', state: { step: 0 } });
    applied(await choose(id, 0, 'listen'));
    expect(await choose(id, 0, 'rush')).toMatchObject({ status: 'conflict', reason: 'stale', state: { step: 1, position: { state: 'ask' } } });
  });

  it('counts a choice that arrives after the time limit as TIMEOUT', async () => {
    const id = await start();
    const reply = applied(await choose(id, 0, 'listen', at(10_000 + LATENCY_ALLOWANCE_MS + 1)));
    expect(reply.step).toMatchObject({ event: 'TIMEOUT', requestedEvent: 'listen', timedOut: true });
    expect(reply.state.position).toEqual({ state: 'ask', mood: 0, flags: [] });
  });

  it('accepts a choice within the latency allowance', async () => {
    const id = await start();
    const reply = applied(await choose(id, 0, 'listen', at(10_000 + LATENCY_ALLOWANCE_MS - 1)));
    expect(reply.step.event).toBe('listen');
  });

  it('refuses a TIMEOUT sent before time is up, and accepts it at the deadline', async () => {
    const id = await start();
    const early = await choose(id, 0, 'TIMEOUT', at(10_000 - EARLY_TIMEOUT_TOLERANCE_MS - 500));
    expect(early).toMatchObject({ status: 'conflict', reason: 'too-early', remainingMs: EARLY_TIMEOUT_TOLERANCE_MS + 500 });
    const onTime = applied(await choose(id, 0, 'TIMEOUT', at(10_000)));
    expect(onTime.step.event).toBe('TIMEOUT');
  });

  it('doubles limits in extended mode and drops them when time limits are off', async () => {
    const extended = await start('extended');
    const view = await attemptView(database.db, extended, userId, T0);
    expect(view.state.deadlineAt).toBe(at(20_000).toISOString());
    expect(applied(await choose(extended, 0, 'listen', at(15_000))).step.event).toBe('listen');

    const off = await start('off');
    expect((await attemptView(database.db, off, userId, T0)).state.deadlineAt).toBeNull();
    expect(await choose(off, 0, 'TIMEOUT', at(60_000))).toMatchObject({ status: 'conflict', reason: 'no-time-limit' });
    expect(applied(await choose(off, 0, 'listen', at(600_000))).step.event).toBe('listen');
  });

  it('records a change of time mode on the attempt and restarts the current clock', async () => {
    const id = await start('standard');
    const state = await setAttemptTimeMode(database.db, id, userId, 'off', at(8_000));
    expect(state.timeMode).toBe('off');
    expect(state.deadlineAt).toBeNull();
    const [row] = await database.db.select().from(attempts).where(eq(attempts.id, id));
    expect(row!.timeMode).toBe('off');
  });

  it('hides another user’s attempt, and treats a malformed id as not found', async () => {
    const id = await start();
    await expect(attemptView(database.db, id, otherUserId)).rejects.toBeInstanceOf(AttemptNotFoundError);
    await expect(submitChoice(database.db, { attemptId: id, userId: otherUserId, seq: 0, event: 'listen' })).rejects.toBeInstanceOf(AttemptNotFoundError);
    await expect(attemptView(database.db, 'not-a-uuid', userId)).rejects.toBeInstanceOf(AttemptNotFoundError);
    const [row] = await database.db.select().from(attempts).where(eq(attempts.id, id));
    expect(row!.step).toBe(0);
  });

  it('withholds feedback in assessment mode: it is for the debrief', async () => {
    const doc = fixtureScenario();
    doc.id = 'fixture-assessment';
    doc.meta.feedback = 'debrief';
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-scenarios-'));
    await writeFile(path.join(dir, 'fixture-assessment.json'), asText(doc));
    await publishBuiltinScenarios(database.db, dir);
    const id = await startAttempt(database.db, userId, 'fixture-assessment', 'standard', T0);
    expect(applied(await choose(id, 0, 'listen')).step.feedback).toBeNull();
    const view = await attemptView(database.db, id, userId);
    expect(view.transcript[0]!.feedback).toBeNull();
    // The browser's copy has no points and no feedback.
    expect(JSON.stringify(view.scenario.states)).not.toMatch(/"type":"score"|"feedback"/);
    // …but keeps what the browser needs to step and show the conversation.
    expect(JSON.stringify(view.scenario.states)).toContain('"choice":"Hi, I am here. What happened?"');
    applied(await choose(id, 1, 'promise'));
    const end = applied(await choose(id, 2, 'close'));
    expect(end.result).not.toBeNull();
    expect(end.step.feedback).toBeNull();
    expect((await attemptView(database.db, id, userId)).transcript.map((t) => t.feedback)).toEqual([null, null, null]);
    const debrief = await debriefView(database.db, id, { id: userId, role: 'trainee' });
    expect(debrief.status === 'completed' && debrief.decisions.map((d) => d.taken.feedback)).toEqual(['Prompt and open.', 'Honest and specific.', 'Keeps the promise.']);
  });

  it('shows a debrief to its owner and to HR and admins; to another trainee or a trainer it does not exist', async () => {
    const id = await start('off');
    applied(await choose(id, 0, 'listen'));
    const reader = (role: 'trainee' | 'trainer' | 'hr' | 'admin', id_ = otherUserId) => ({ id: id_, role });
    // Unfinished: the owner is told so (and sent back to play), HR sees how far it got.
    expect(await debriefView(database.db, id, reader('trainee', userId))).toEqual({ status: 'in-progress', owner: { id: userId, name: 'A' }, choicesMade: 1 });
    expect(await debriefView(database.db, id, reader('hr'))).toMatchObject({ status: 'in-progress', choicesMade: 1 });
    applied(await choose(id, 1, 'promise', at(2000)));
    applied(await choose(id, 2, 'close', at(3000)));
    for (const role of ['hr', 'admin'] as const) {
      expect(await debriefView(database.db, id, reader(role))).toMatchObject({ status: 'completed', owner: { id: userId, name: 'A' } });
    }
    for (const role of ['trainee', 'trainer'] as const) {
      await expect(debriefView(database.db, id, reader(role))).rejects.toBeInstanceOf(AttemptNotFoundError);
    }
    // Reading is not playing: nobody but the owner may choose.
    await expect(submitChoice(database.db, { attemptId: id, userId: otherUserId, seq: 3, event: 'close' })).rejects.toBeInstanceOf(AttemptNotFoundError);
  });

  it('resumes exactly where it was after the database is closed and opened again', async () => {
    const id = await start();
    applied(await choose(id, 0, 'listen'));
    applied(await choose(id, 1, 'promise', at(2000)));
    const before = await attemptView(database.db, id, userId, at(3000));
    await database.close();
    const reopened = await database.reopen();
    Object.assign(database, reopened);
    const after = await attemptView(reopened.db, id, userId, at(3000));
    expect(after.state).toEqual(before.state);
    expect(after.transcript).toEqual(before.transcript);
    expect(after.state.position).toEqual({ state: 'wrap', mood: 1, flags: ['promised'] });
  });
});
