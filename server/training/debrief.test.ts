import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principleWords } from '@/lib/debrief-words';
import { resultMessage } from '@/lib/debrief-words';
import { timeModeChangeWords } from '@/lib/debrief-words';
import type { ScenarioDocument } from '@/machines';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { setAttemptTimeMode, startAttempt, submitChoice, type ChoiceReply, type SealedChoiceReply } from './attempts';
import { attempts, attemptTimeModeChanges, users, type TimeMode } from '../db/schema';
import { debriefView, principleFigures, type DebriefPrinciple, type DebriefView } from './debrief';
import { publishBuiltinScenarios } from './library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const PROMISE_REASON = 'Promised a call-back time nobody had agreed to';

/** The fixture with the promise at the second decision made a critical error. */
function criticalScenario(): ScenarioDocument {
  const doc = fixtureScenario();
  doc.id = 'debrief-critical';
  const ask = doc.states.ask as { on: Record<string, { meta: { critical?: string } }> };
  ask.on.promise!.meta.critical = PROMISE_REASON;
  return doc;
}

/**
 * The fixture listing a fourth principle, sincerity, that only the apology on the upset branch
 * scores: a path that never upsets the customer never tests it.
 */
function principlesScenario(): ScenarioDocument {
  const doc = fixtureScenario();
  doc.id = 'debrief-principles';
  doc.meta.principles = ['responsiveness', 'integrity', 'follow-through', 'sincerity'];
  const upset = doc.states.upset as { on: Record<string, { actions: { type: string; params: Record<string, number> }[] }> };
  upset.on.apologise!.actions[0]!.params.sincerity = 1;
  return doc;
}

/** The fixture without its one timer: no decision is timed. */
function untimedScenario(): ScenarioDocument {
  const doc = fixtureScenario();
  doc.id = 'debrief-untimed';
  const greet = doc.states.greet as { meta: { timeLimitSeconds?: number }; on: Record<string, unknown> };
  delete greet.meta.timeLimitSeconds;
  delete greet.on.TIMEOUT;
  return doc;
}

/** The fixture with its last decision timed as well, so time can run out on the last reply. */
function timedToTheEndScenario(): ScenarioDocument {
  const doc = fixtureScenario();
  doc.id = 'debrief-timed-end';
  const wrap = doc.states.wrap as { meta: { timeLimitSeconds?: number }; on: Record<string, unknown> };
  wrap.meta.timeLimitSeconds = 10;
  wrap.on.TIMEOUT = { target: 'partial', meta: { feedback: 'Left hanging.' }, actions: [{ type: 'score', params: { 'follow-through': -1 } }] };
  return doc;
}

const completed = (view: Awaited<ReturnType<typeof debriefView>>): DebriefView => {
  if (view.status !== 'completed') throw new Error('expected a finished attempt');
  return view;
};

const figuresOf = (p: DebriefPrinciple) => ({ id: p.id, status: p.status, percent: p.percent, won: p.won, lost: p.lost, net: p.net, counted: p.counted, best: p.best });

describe.each(testBackends())('the debrief on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;
  let hrId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-debrief-'));
    const docs = [fixtureScenario(), criticalScenario(), principlesScenario(), untimedScenario(), timedToTheEndScenario()];
    for (const doc of docs) await writeFile(path.join(dir, `${doc.id}.json`), asText(doc));
    const report = await publishBuiltinScenarios(database.db, dir);
    // A fixture the checker refused would be skipped silently, and every test below would fail for the wrong reason.
    expect(report.skipped.map((s) => ({ file: s.file, errors: s.errors }))).toEqual([]);
    const rows = await database.db
      .insert(users)
      .values([
        { email: `debrief-trainee-${kind}@example.test`, name: 'Tess Trainee', role: 'trainee' },
        { email: `debrief-hr-${kind}@example.test`, name: 'Hana HR', role: 'hr' },
      ])
      .returning({ id: users.id });
    [userId, hrId] = rows.map((r) => r.id) as [string, string];
  });
  afterAll(() => database?.dispose());

  const applied = (reply: ChoiceReply | SealedChoiceReply) => {
    if (reply.status !== 'applied') throw new Error(`expected a choice applied, got ${JSON.stringify(reply)}`);
    return reply;
  };

  /** Plays the events in order, one second apart, and returns the owner's debrief. */
  async function play(scenarioId: string, events: string[], mode: TimeMode = 'off') {
    const id = await startAttempt(database.db, userId, scenarioId, mode, T0);
    for (const [seq, event] of events.entries()) applied(await submitChoice(database.db, { attemptId: id, userId, seq, event, now: at((seq + 1) * 1000) }));
    return { id, view: completed(await debriefView(database.db, id, { id: userId, role: 'trainee' })) };
  }

  describe('critical errors', () => {
    it('lists the critical error (which reply, where, why) and says it, not the score, failed a resolved attempt above the pass mark', async () => {
      const { view } = await play('debrief-critical', ['listen', 'promise', 'close']);
      expect(view).toMatchObject({ overallPercent: 100, outcome: 'success', passed: false, notPassedBecause: ['critical-error'] });
      expect(view.criticalErrors.map((d) => ({ number: d.number, say: d.say, said: d.taken.text, critical: d.critical }))).toEqual([
        { number: 2, say: ['My order never came.', 'When will it arrive?'], said: 'I do not know yet; I will find out and call you by 3 pm.', critical: PROMISE_REASON },
      ]);
      // The same reply is marked in the full conversation, and only that one.
      expect(view.decisions.map((d) => d.critical)).toEqual([null, PROMISE_REASON, null]);
      expect(view.decisions.map((d) => d.number)).toEqual([1, 2, 3]);
      const message = resultMessage(view);
      expect(message).toMatch(/^Not passed: one of your replies was a critical error, and a critical error fails the attempt whatever the score\./);
      expect(message).toContain('Your score of 100% cleared the pass mark of 60% and the customer’s problem was resolved, but that does not change the result.');
    });

    it('names every reason an attempt failed, the critical error first', async () => {
      const { view } = await play('debrief-critical', ['rush', 'promise', 'argue']);
      expect(view).toMatchObject({ outcome: 'failure', passed: false, notPassedBecause: ['critical-error', 'below-pass-mark', 'failure-ending'] });
      expect(view.criticalErrors.map((d) => d.number)).toEqual([2]);
      expect(resultMessage(view)).toContain('Besides that, your score of 0% was below the pass mark of 60%, and the customer’s problem was not resolved.');
    });

    it('never offers a critical error as the reply that would have worked better', async () => {
      // At the second decision the promise scores most, but it is a critical error: the bluff taken is the best of the rest.
      const { view } = await play('debrief-critical', ['listen', 'bluff', 'chat']);
      expect(view.decisions[1]).toMatchObject({ taken: { event: 'bluff' }, critical: null, better: null });
      expect(view).toMatchObject({ outcome: 'partial', passed: false, notPassedBecause: ['below-pass-mark'], criticalErrors: [] });
      expect(resultMessage(view)).toMatch(/^Not passed this time: you scored 0%, and the pass mark is 60%\./);
      // The same moment without a critical error on offer points to the promise.
      const plain = await play('fixture-call', ['listen', 'bluff', 'chat']);
      expect(plain.view.decisions[1]!.better).toMatchObject({ event: 'promise' });
    });

    it('passes and says so when no reply was a critical error', async () => {
      const passed = await play('fixture-call', ['listen', 'promise', 'close']);
      expect(passed.view).toMatchObject({ passed: true, notPassedBecause: [], criticalErrors: [] });
      expect(resultMessage(passed.view)).toBe('You passed with every point on offer. The pass mark was 60%.');
    });

    it('shows HR the same critical errors in someone else’s attempt', async () => {
      const { id } = await play('debrief-critical', ['listen', 'promise', 'close']);
      const view = completed(await debriefView(database.db, id, { id: hrId, role: 'hr' }));
      expect(view.owner).toEqual({ id: userId, name: 'Tess Trainee' });
      expect(view.criticalErrors.map((d) => [d.number, d.critical])).toEqual([[2, PROMISE_REASON]]);
    });
  });

  describe('scores per principle', () => {
    it('gives points earned, never below zero, of the best on the path, the points lost apart, and the same percent as the attempt’s score', async () => {
      // Cold, then a guess, then defensive: every principle tested lost points, two of them more than they won.
      const { id, view } = await play('debrief-principles', ['rush', 'bluff', 'argue']);
      expect(view.principles.map(figuresOf)).toEqual([
        { id: 'responsiveness', status: 'scored', percent: 0, won: 0, lost: 1, net: -1, counted: 0, best: 2 },
        { id: 'integrity', status: 'scored', percent: 0, won: 0, lost: 5, net: -5, counted: 0, best: 3 },
        { id: 'follow-through', status: 'scored', percent: 0, won: 0, lost: 0, net: 0, counted: 0, best: 1 },
        { id: 'sincerity', status: 'scored', percent: 0, won: 0, lost: 0, net: 0, counted: 0, best: 1 },
      ]);
      const [row] = await database.db.select().from(attempts).where(eq(attempts.id, id));
      for (const p of view.principles) expect(p.percent).toBe(row!.principleScores![p.id]);
      // Never a negative "of N": the loss is stated on its own.
      const integrity = principleWords(view.principles[1]!);
      expect(integrity).toEqual({ figure: '0 of 3 points', lossNote: 'Lost 5 points to replies that worked against it. It counts as 0, never less.' });
      for (const p of view.principles) expect(principleWords(p).figure).not.toMatch(/[−-]\d/);
    });

    it('states points won and lost when replies pulled both ways', async () => {
      // A guess (−2 integrity), then an apology (+1 integrity, +1 sincerity), then a promise that was never made (−1 follow-through).
      const { view } = await play('debrief-principles', ['rush', 'bluff', 'apologise', 'close']);
      const integrity = view.principles.find((p) => p.id === 'integrity')!;
      expect(figuresOf(integrity)).toEqual({ id: 'integrity', status: 'scored', percent: 0, won: 1, lost: 2, net: -1, counted: 0, best: 3 });
      expect(principleWords(integrity)).toEqual({ figure: '0 of 3 points', lossNote: 'Won 1 point; lost 2 to replies that worked against it. It counts as 0, never less.' });
      const sincerity = view.principles.find((p) => p.id === 'sincerity')!;
      expect(principleWords(sincerity)).toEqual({ figure: '1 of 1 point', lossNote: null });
      expect(sincerity.percent).toBe(100);
    });

    it('lists a principle the path never tested, in words and without a score', async () => {
      const { view } = await play('debrief-principles', ['listen', 'promise', 'close']);
      expect(view.principles.map((p) => p.id)).toEqual(['responsiveness', 'integrity', 'follow-through', 'sincerity']);
      const sincerity = view.principles[3]!;
      expect(figuresOf(sincerity)).toEqual({ id: 'sincerity', status: 'not-tested', percent: null, won: 0, lost: 0, net: 0, counted: 0, best: 0 });
      expect(principleWords(sincerity)).toEqual({ figure: 'Not tested on the path you took', lossNote: null });
      expect(principleWords(view.principles[2]!)).toEqual({ figure: '3 of 3 points', lossNote: null });
    });
  });

  describe('time limits', () => {
    it('says nothing of time limits on a scenario with no timed decision, whatever was asked for', async () => {
      const id = await startAttempt(database.db, userId, 'debrief-untimed', 'extended', T0);
      await expect(setAttemptTimeMode(database.db, id, userId, 'off', at(500))).rejects.toMatchObject({ status: 409 });
      for (const [seq, event] of ['listen', 'promise', 'close'].entries())
        applied(await submitChoice(database.db, { attemptId: id, userId, seq, event, now: at((seq + 1) * 1000) }));
      const view = completed(await debriefView(database.db, id, { id: userId, role: 'trainee' }));
      expect(view).toMatchObject({ timeMode: null, timeLimits: null });
    });

    it('gives the time limits of a timed scenario, unchanged', async () => {
      const { view } = await play('fixture-call', ['listen', 'promise', 'close'], 'standard');
      expect(view.timeLimits).toEqual({ startedWith: 'standard', endedWith: 'standard', changes: [] });
    });

    it('lists every change of time limits, at the reply that was open, from what to what', async () => {
      const id = await startAttempt(database.db, userId, 'fixture-call', 'standard', T0);
      await setAttemptTimeMode(database.db, id, userId, 'extended', at(1000));
      applied(await submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', now: at(2000) }));
      await setAttemptTimeMode(database.db, id, userId, 'off', at(3000));
      for (const [i, event] of ['promise', 'close'].entries()) applied(await submitChoice(database.db, { attemptId: id, userId, seq: i + 1, event, now: at(4000 + i * 1000) }));
      const view = completed(await debriefView(database.db, id, { id: userId, role: 'trainee' }));
      expect(view.timeMode).toBe('off');
      expect(view.timeLimits).toEqual({
        startedWith: 'standard',
        endedWith: 'off',
        changes: [
          { atReply: 1, from: 'standard', to: 'extended', changedAt: at(1000) },
          { atReply: 2, from: 'extended', to: 'off', changedAt: at(3000) },
        ],
      });
      expect(view.timeLimits!.changes.map(timeModeChangeWords)).toEqual([
        'At reply 1: from standard to extended (twice as long)',
        'At reply 2: from extended (twice as long) to off',
      ]);
      // HR reads the same record.
      expect(completed(await debriefView(database.db, id, { id: hrId, role: 'hr' })).timeLimits).toEqual(view.timeLimits);
    });

    it('places a change that came after time ran out on the last reply after the last reply', async () => {
      const id = await startAttempt(database.db, userId, 'debrief-timed-end', 'standard', T0);
      for (const [seq, event] of ['listen', 'promise'].entries()) applied(await submitChoice(database.db, { attemptId: id, userId, seq, event, now: at((seq + 1) * 1000) }));
      // Long past the last decision's limit: the time-out is applied first, which ends the attempt, then the change is recorded.
      await setAttemptTimeMode(database.db, id, userId, 'extended', at(600_000));
      const view = completed(await debriefView(database.db, id, { id: userId, role: 'trainee' }));
      expect(view.decisions.map((d) => d.taken.event)).toEqual(['listen', 'promise', 'TIMEOUT']);
      expect(view.timeLimits!.changes).toEqual([{ atReply: null, from: 'standard', to: 'extended', changedAt: at(600_000) }]);
      expect(timeModeChangeWords(view.timeLimits!.changes[0]!)).toBe('After the last reply: from standard to extended (twice as long)');
      const rows = await database.db.select().from(attemptTimeModeChanges).where(eq(attemptTimeModeChanges.attemptId, id));
      expect(rows).toHaveLength(1);
    });
  });
});

describe('principle figures without a database', () => {
  it('calls a principle with points lost but none to win lost-only, scored 0, and one with nothing at all not tested', () => {
    const figures = principleFigures(
      ['gratification', 'integrity'],
      [
        { earned: { gratification: -4 }, best: { gratification: 0 } },
        { earned: { integrity: 0 }, best: { integrity: 0 } },
      ],
    );
    expect(figures.map(figuresOf)).toEqual([
      { id: 'gratification', status: 'lost-only', percent: 0, won: 0, lost: 4, net: -4, counted: 0, best: 0 },
      { id: 'integrity', status: 'not-tested', percent: null, won: 0, lost: 0, net: 0, counted: 0, best: 0 },
    ]);
    expect(principleWords(figures[0]!)).toEqual({ figure: 'No points to win on the path you took', lossNote: 'Lost 4 points to replies that worked against it.' });
  });

  it('adds a principle the path scored but the scenario does not list, after the listed ones', () => {
    const figures = principleFigures(['integrity'], [{ earned: { integrity: 1, quality: 2 }, best: { integrity: 1, quality: 2 } }]);
    expect(figures.map((p) => [p.id, p.counted, p.best, p.percent])).toEqual([
      ['integrity', 1, 1, 100],
      ['quality', 2, 2, 100],
    ]);
  });
});
