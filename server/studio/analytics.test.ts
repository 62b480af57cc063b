import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScenario, initialSnapshot, shownReplies, snapshotAt } from '@/machines';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { startAttempt, submitChoice } from '../training/attempts';
import { attemptEvents, attempts, users, type User } from '../db/schema';
import {
  attributeSteps,
  MIN_DECISIONS_TO_COMPARE,
  positionFigures,
  readPosition,
  readUsageQuery,
  scenarioUsage,
  shownDecisions,
  type ScenarioUsage,
  type ShownDecision,
} from './analytics';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

describe('the usage query string', () => {
  const read = (query: string) => readUsageQuery(new URLSearchParams(query));

  it('reads every parameter and treats empty ones as absent', () => {
    expect(read('version=2&from=2026-11-01&to=2026-11-30&team=Red')).toEqual({ version: 2, from: '2026-11-01', to: '2026-11-30', team: 'Red' });
    expect(read('version=&from=&to=&team=')).toEqual({ version: null, from: null, to: null, team: null });
  });

  it.each([
    ['version=0', 'version'],
    ['version=two', 'version'],
    ['from=2026-02-30', 'from'],
    ['to=23/11/2026', 'to'],
    ['from=2026-11-30&to=2026-11-01', 'to'],
    [`team=${'x'.repeat(101)}`, 'team'],
  ])('refuses %s, naming %s', (query, field) => {
    expect(() => read(query)).toThrow(expect.objectContaining({ status: 400, details: { field } }));
  });
});

describe('crediting steps to choices, alternatives and junction branches', () => {
  it('finds the alternative and the junction branches by where the attempt came to rest', () => {
    const { choices, branches } = attributeSteps(fixtureScenario(), [
      { fromState: 'ask', event: 'promise', toState: 'wrap', count: 3 },
      { fromState: 'ask', event: 'bluff', toState: 'upset', count: 2 },
      { fromState: 'wrap', event: 'close', toState: 'partial', count: 4 },
      { fromState: 'wrap', event: 'close', toState: 'won', count: 1 },
      { fromState: 'nowhere', event: 'x', toState: 'won', count: 9 },
    ]);
    expect(choices.find((c) => c.state === 'ask' && c.event === 'promise')).toMatchObject({ taken: 3, alternatives: [3] });
    expect(choices.find((c) => c.state === 'wrap' && c.event === 'close')).toMatchObject({ taken: 5, alternatives: [1, 4] });
    expect(choices.find((c) => c.state === 'wrap' && c.event === 'chat')).toMatchObject({ taken: 0, alternatives: [0] });
    expect(branches).toEqual([
      { state: 'check', index: 0, taken: 3 },
      { state: 'check', index: 1, taken: 2 },
    ]);
  });
});

describe('picked because first, or because right', () => {
  const counts = (shownFirst: number, pickedWhenFirst: number, shownElsewhere: number, pickedWhenElsewhere: number) => ({
    shownFirst,
    pickedWhenFirst,
    shownElsewhere,
    pickedWhenElsewhere,
  });

  it('reads nothing into fewer than the minimum decisions either way', () => {
    expect(MIN_DECISIONS_TO_COMPARE).toBe(10);
    expect(readPosition(counts(9, 9, 100, 0))).toBe('too-few');
    expect(readPosition(counts(100, 100, 9, 0))).toBe('too-few');
    expect(readPosition(counts(0, 0, 0, 0))).toBe('too-few');
  });

  it('calls a reply favoured when first only for a clear difference, and says so the other way too', () => {
    // 75% when first against 25% elsewhere, 40 decisions each: far beyond chance.
    expect(readPosition(counts(40, 30, 40, 10))).toBe('first-favoured');
    expect(readPosition(counts(40, 10, 40, 30))).toBe('first-avoided');
    // Picked for its words: about as often wherever it stood.
    expect(readPosition(counts(40, 30, 80, 58))).toBe('no-clear-difference');
    // A big gap on the minimum numbers can still be chance: 6 of 10 against 3 of 10.
    expect(readPosition(counts(10, 6, 10, 3))).toBe('no-clear-difference');
    // A tiny gap over very many decisions is real but does not matter: under 10 points is not called a difference.
    expect(readPosition(counts(100_000, 52_000, 100_000, 50_000))).toBe('no-clear-difference');
    // Always or never picked: no spread to test.
    expect(readPosition(counts(20, 20, 20, 20))).toBe('no-clear-difference');
    expect(readPosition(counts(20, 0, 20, 0))).toBe('no-clear-difference');
  });

  it('counts for each reply how often it was shown first and picked, and shown elsewhere and picked', () => {
    const decisions: ShownDecision[] = [
      ...Array.from({ length: 12 }, (): ShownDecision => ({ state: 'greet', shown: ['listen', 'rush'], picked: 'listen' })),
      ...Array.from({ length: 12 }, (_, i): ShownDecision => ({ state: 'greet', shown: ['rush', 'listen'], picked: i < 10 ? 'rush' : 'listen' })),
      { state: 'ask', shown: ['bluff', 'promise'], picked: 'promise' },
      { state: 'nowhere', shown: ['x'], picked: 'x' },
    ];
    const figures = positionFigures(fixtureScenario(), decisions);
    // Every reply of every decision, in the file's order, TIMEOUT left out.
    expect(figures.map((f) => `${f.state}.${f.event}`)).toEqual([
      'greet.listen',
      'greet.rush',
      'ask.promise',
      'ask.bluff',
      'upset.argue',
      'upset.apologise',
      'wrap.close',
      'wrap.chat',
    ]);
    const listen = figures.find((f) => f.event === 'listen')!;
    expect(listen).toEqual({
      state: 'greet',
      event: 'listen',
      words: 'Hi, I am here. What happened?',
      shownFirst: 12,
      pickedWhenFirst: 12,
      shownElsewhere: 12,
      pickedWhenElsewhere: 2,
      firstShareOfPicks: 12 / 14,
      firstShareOfShowings: 0.5,
      reading: 'first-favoured',
    });
    expect(figures.find((f) => f.event === 'rush')).toMatchObject({ shownFirst: 12, pickedWhenFirst: 10, shownElsewhere: 12, pickedWhenElsewhere: 0, reading: 'first-favoured' });
    expect(figures.find((f) => f.event === 'promise')).toMatchObject({
      shownFirst: 0,
      shownElsewhere: 1,
      pickedWhenElsewhere: 1,
      firstShareOfPicks: 0,
      firstShareOfShowings: 0,
      reading: 'too-few',
    });
    expect(figures.find((f) => f.event === 'argue')).toMatchObject({ shownFirst: 0, shownElsewhere: 0, firstShareOfPicks: null, firstShareOfShowings: null, reading: 'too-few' });
  });

  it('a decision that keeps the written order is read as such: every trainee saw the same reply first', () => {
    const doc = fixtureScenario();
    (doc.states.greet as { meta: { fixedOrder?: boolean } }).meta.fixedOrder = true;
    const decisions = Array.from({ length: 30 }, (): ShownDecision => ({ state: 'greet', shown: ['listen', 'rush'], picked: 'listen' }));
    const figures = positionFigures(doc, decisions);
    expect(figures.filter((f) => f.state === 'greet').map((f) => f.reading)).toEqual(['written-order', 'written-order']);
    expect(figures.find((f) => f.event === 'promise')!.reading).toBe('too-few');
  });

  it('rebuilds the order each pick was made from exactly as the player showed it, and leaves out a pick that does not fit it', () => {
    const scenario = compileScenario(fixtureScenario());
    const start = initialSnapshot(scenario);
    const ids = Array.from({ length: 16 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const asShown = ids.map((id) => shownReplies(scenario, start, id).map((o) => o.event));
    // Both orders occur among these ids, so the test tells a rebuilt order from a fixed one.
    expect(new Set(asShown.map((order) => order.join()))).toEqual(new Set(['listen,rush', 'rush,listen']));
    const picks = ids.map((attemptId, i) => ({ attemptId, state: 'greet', mood: 0, flags: [], event: 'listen', shownPosition: asShown[i]!.indexOf('listen') + 1 }));
    expect(shownDecisions(scenario, picks)).toEqual(asShown.map((shown) => ({ state: 'greet', shown, picked: 'listen' })));
    // At a mood where a guarded alternative applies, the replies open there; flags in any order.
    const wrap = snapshotAt(scenario, { state: 'wrap', mood: 1, flags: ['promised'] });
    const wrapShown = shownReplies(scenario, wrap, ids[0]!).map((o) => o.event);
    expect(shownDecisions(scenario, [{ attemptId: ids[0]!, state: 'wrap', mood: 1, flags: ['promised'], event: 'close', shownPosition: wrapShown.indexOf('close') + 1 }])).toEqual([
      { state: 'wrap', shown: wrapShown, picked: 'close' },
    ]);
    // A place that disagrees with the order, and a state the version does not have, are left out.
    const wrong = { ...picks[0]!, shownPosition: picks[0]!.shownPosition === 1 ? 2 : 1 };
    expect(shownDecisions(scenario, [wrong, { ...picks[0]!, state: 'gone' }, { ...picks[0]!, state: 'check' }])).toEqual([]);
  });
});

describe.each(testBackends())('picked because first, on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  const db = () => database.db;
  const scenario = compileScenario(fixtureScenario());
  /** What the player showed each attempt at "greet", worked out as the attempt was played. */
  const shownAtGreet: { attemptId: string; shown: string[]; picked: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-position-scenarios-'));
    await writeFile(path.join(dir, 'fixture-call.json'), asText(fixtureScenario()));
    await publishBuiltinScenarios(db(), dir);
    trainer = (
      await db()
        .insert(users)
        .values({ name: 'Tia Trainer', email: `tia-${kind}@example.test`, role: 'trainer' })
        .returning()
    )[0]!;
    const [trainee] = await db()
      .insert(users)
      .values({ name: 'Pat Picker', email: `pat-${kind}@example.test`, role: 'trainee' })
      .returning();
    // Trainees who always take the reply shown first at "greet", then the same way on.
    for (let i = 0; i < 24; i++) {
      const attemptId = await startAttempt(db(), trainee!.id, 'fixture-call', 'off', T0);
      const shown = shownReplies(scenario, initialSnapshot(scenario), attemptId).map((o) => o.event);
      shownAtGreet.push({ attemptId, shown, picked: shown[0]! });
      expect((await submitChoice(db(), { attemptId, userId: trainee!.id, seq: 0, event: shown[0]!, now: at(T0, 5) })).status).toBe('applied');
      expect((await submitChoice(db(), { attemptId, userId: trainee!.id, seq: 1, event: 'promise', now: at(T0, 10) })).status).toBe('applied');
    }
    // A time-out is not a pick, and a choice recorded before places were recorded has none: neither is counted.
    const timedOut = await startAttempt(db(), trainee!.id, 'fixture-call', 'standard', T0);
    expect((await submitChoice(db(), { attemptId: timedOut, userId: trainee!.id, seq: 0, event: 'TIMEOUT', now: at(T0, 3600) })).status).toBe('applied');
    const older = shownAtGreet.pop()!;
    await db()
      .update(attemptEvents)
      .set({ shownPosition: sql`NULL` })
      .where(and(eq(attemptEvents.attemptId, older.attemptId), eq(attemptEvents.seq, 0)));
  });
  afterAll(() => database?.dispose());

  it('counts each reply shown first and elsewhere from the places recorded, and reads a first-place habit', async () => {
    const usage = await scenarioUsage(db(), trainer, 'fixture-call', { timeZone: 'UTC', now: at(T0, 7200) });
    // 23 picks at greet (one older choice without a place), 24 at ask (every attempt went on to promise).
    expect(usage.positionDecisions).toBe(23 + 24);
    for (const event of ['listen', 'rush']) {
      const first = shownAtGreet.filter((a) => a.shown[0] === event).length;
      const elsewhere = shownAtGreet.length - first;
      const figure = usage.positions.find((p) => p.state === 'greet' && p.event === event)!;
      expect(figure, event).toMatchObject({
        shownFirst: first,
        pickedWhenFirst: first,
        shownElsewhere: elsewhere,
        pickedWhenElsewhere: 0,
        firstShareOfShowings: first / 23,
        firstShareOfPicks: first ? 1 : null,
        reading: first >= MIN_DECISIONS_TO_COMPARE && elsewhere >= MIN_DECISIONS_TO_COMPARE ? 'first-favoured' : 'too-few',
      });
    }
    // At "ask" everyone took "promise" wherever it stood: picked for its words.
    const promise = usage.positions.find((p) => p.state === 'ask' && p.event === 'promise')!;
    expect(promise.pickedWhenFirst + promise.pickedWhenElsewhere).toBe(24);
    expect(promise.pickedWhenFirst).toBe(promise.shownFirst);
    expect(promise.pickedWhenElsewhere).toBe(promise.shownElsewhere);
    expect(['no-clear-difference', 'too-few']).toContain(promise.reading);
    expect(usage.positions.find((p) => p.state === 'ask' && p.event === 'bluff')).toMatchObject({ pickedWhenFirst: 0, pickedWhenElsewhere: 0, firstShareOfPicks: null });
    // The figures follow the filters like the rest: a team nobody is in has none.
    const nobody = await scenarioUsage(db(), trainer, 'fixture-call', { team: 'Nobody', timeZone: 'UTC' });
    expect(nobody.positionDecisions).toBe(0);
    expect(nobody.positions.every((p) => p.shownFirst + p.shownElsewhere === 0 && p.reading === 'too-few')).toBe(true);
  });
});

describe.each(testBackends())('where trainees struggle, on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let hr: User;
  let usage: ScenarioUsage;
  const seeded: string[] = [];
  const db = () => database.db;
  let seq = 0;
  const addUser = async (values: Partial<typeof users.$inferInsert>) =>
    (
      await db()
        .insert(users)
        .values({ name: `Person ${++seq}`, email: `usage${seq}-${kind}@example.test`, role: 'trainee', ...values })
        .returning()
    )[0]!;

  /** Plays the fixture from `start`, a choice every 5 seconds (a TIMEOUT once the limit, reading time included, has run out). */
  const play = async (user: User, start: Date, events: string[]) => {
    const attemptId = await startAttempt(db(), user.id, 'fixture-call', 'standard', start);
    let now = start;
    for (const [index, event] of events.entries()) {
      now = at(now, event === 'TIMEOUT' ? 60 : 5);
      const reply = await submitChoice(db(), { attemptId, userId: user.id, seq: index, event, now });
      expect(reply.status, `${event} at step ${index}`).toBe('applied');
    }
    seeded.push(attemptId);
    return attemptId;
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-usage-scenarios-'));
    await writeFile(path.join(dir, 'fixture-call.json'), asText(fixtureScenario()));
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    trainer = await addUser({ role: 'trainer' });
    hr = await addUser({ role: 'hr' });
    const red = await addUser({ team: 'Red' });
    const red2 = await addUser({ team: 'Red' });
    const blue = await addUser({ team: 'Blue' });
    await addUser({ team: 'Green' });

    // Success: a promise kept.
    await play(red, T0, ['listen', 'promise', 'close']);
    // Failure: cold, then a bluff, then an argument.
    await play(red2, T0, ['rush', 'bluff', 'argue']);
    // Partial: the timer ran out, then a bluff, an apology and a promise that was never made.
    await play(blue, T0, ['TIMEOUT', 'bluff', 'apologise', 'close']);
    // Left at "ask" two days earlier: abandoned.
    await play(blue, at(T0, -2 * 86_400), ['listen']);
    // Just started, at "greet": in progress.
    await play(red, at(T0, 3600), []);
    // The author's own test play does not count.
    await startAttempt(db(), trainer.id, 'fixture-call', 'off', T0);

    usage = await scenarioUsage(db(), trainer, 'fixture-call', { timeZone: 'UTC', now: at(T0, 2 * 3600) });
  });
  afterAll(() => database?.dispose());

  it('counts attempts, completions, passes and averages over trainees’ attempts on the version', async () => {
    const finished = await db().select().from(attempts).where(inArray(attempts.id, seeded));
    const completed = finished.filter((a) => a.status === 'completed');
    expect(completed).toHaveLength(3);
    const passed = completed.filter((a) => a.passed).length;
    expect(usage).toMatchObject({
      scenarioId: 'fixture-call',
      version: 1,
      filters: { from: null, to: null, team: null, timeZone: 'UTC' },
      abandonedAfterHours: 24,
      attempts: 5,
      completed: 3,
      passed,
      passRate: passed / 3,
      inProgress: 1,
      abandoned: 1,
      outcomes: { success: 1, partial: 1, failure: 1 },
      teams: ['Blue', 'Green', 'Red'],
    });
    expect(usage.averagePercent).toBeCloseTo(completed.reduce((sum, a) => sum + a.overallPercent!, 0) / 3, 9);
    // Per principle: the mean over the completed attempts that scored it, in the scenario's order.
    const expected = ['responsiveness', 'integrity', 'follow-through'].map((principleId) => {
      const scores = completed.map((a) => a.principleScores?.[principleId]).filter((s): s is number => s !== undefined);
      return { principleId, averagePercent: scores.reduce((a, b) => a + b, 0) / scores.length, attempts: scores.length };
    });
    expect(usage.principles.map((p) => p.principleId)).toEqual(expected.map((p) => p.principleId));
    usage.principles.forEach((p, i) => {
      expect(p.attempts).toBe(expected[i]!.attempts);
      expect(p.averagePercent).toBeCloseTo(expected[i]!.averagePercent, 9);
    });
    expect(usage.principles[0]!.name).toBe('Responsiveness');
  });

  it('tells for each state how many attempts reached it, decided, ended or were left there', () => {
    expect(usage.states).toEqual({
      greet: { reached: 5, decisions: 4, ended: 0, abandoned: 0, inProgress: 1 },
      ask: { reached: 4, decisions: 3, ended: 0, abandoned: 1, inProgress: 0 },
      // A junction is passed through, never stood at.
      check: { reached: 3, decisions: 0, ended: 0, abandoned: 0, inProgress: 0 },
      upset: { reached: 2, decisions: 2, ended: 0, abandoned: 0, inProgress: 0 },
      wrap: { reached: 2, decisions: 2, ended: 0, abandoned: 0, inProgress: 0 },
      won: { reached: 1, decisions: 0, ended: 1, abandoned: 0, inProgress: 0 },
      partial: { reached: 1, decisions: 0, ended: 1, abandoned: 0, inProgress: 0 },
      lost: { reached: 1, decisions: 0, ended: 1, abandoned: 0, inProgress: 0 },
    });
  });

  it('tells how often each choice was taken and its share of the decisions there, TIMEOUT included', () => {
    const taken = Object.fromEntries(usage.choices.map((c) => [`${c.state}.${c.event}`, [c.taken, c.share, c.alternatives]]));
    expect(taken).toEqual({
      'greet.listen': [2, 0.5, [2]],
      'greet.rush': [1, 0.25, [1]],
      'greet.TIMEOUT': [1, 0.25, [1]],
      'ask.promise': [1, 1 / 3, [1]],
      'ask.bluff': [2, 2 / 3, [2]],
      'upset.argue': [1, 0.5, [1]],
      'upset.apologise': [1, 0.5, [1]],
      // The guarded alternative applied once (the promise was made), the fallback once.
      'wrap.close': [2, 1, [1, 1]],
      'wrap.chat': [0, 0, [0]],
    });
    expect(usage.branches).toEqual([
      { state: 'check', index: 0, taken: 1 },
      { state: 'check', index: 1, taken: 2 },
    ]);
    expect(JSON.parse(JSON.stringify(usage))).toEqual(usage);
  });

  it('filters by team and by the days attempts started on, in the organisation’s time zone', async () => {
    const blue = await scenarioUsage(db(), trainer, 'fixture-call', { team: 'Blue', timeZone: 'UTC', now: at(T0, 2 * 3600), minGroupSize: 1 });
    expect(blue).toMatchObject({ attempts: 2, completed: 1, abandoned: 1, outcomes: { success: 0, partial: 1, failure: 0 }, withheld: null });
    expect(blue.states.greet).toMatchObject({ reached: 2, decisions: 2 });

    const earlier = await scenarioUsage(db(), trainer, 'fixture-call', { from: '2026-11-21', to: '2026-11-21', timeZone: 'UTC', now: at(T0, 2 * 3600) });
    expect(earlier).toMatchObject({ attempts: 1, completed: 0, abandoned: 1, passRate: null, averagePercent: null, principles: [] });
    // 2026-11-23 10:00 UTC is still the 23rd in Tokyo (19:00), so the day holds the four attempts of T0 and T0 + 1 h.
    const day = await scenarioUsage(db(), trainer, 'fixture-call', { from: '2026-11-23', to: '2026-11-23', timeZone: 'Asia/Tokyo', now: at(T0, 2 * 3600) });
    expect(day.attempts).toBe(4);
    // In Honolulu T0 is 00:00 on the 23rd; the attempt started two days earlier is on the 21st.
    const honolulu = await scenarioUsage(db(), trainer, 'fixture-call', { from: '2026-11-22', timeZone: 'Pacific/Honolulu', now: at(T0, 2 * 3600) });
    expect(honolulu.attempts).toBe(4);
    const nobody = await scenarioUsage(db(), trainer, 'fixture-call', { team: 'Green', timeZone: 'UTC' });
    expect(nobody).toMatchObject({ attempts: 0, completed: 0, passRate: null, states: {} });
    expect(nobody.choices.every((c) => c.taken === 0 && c.share === null)).toBe(true);
  });

  it('withholds every figure of a team smaller than the minimum group size, so no one person’s choices can be read', async () => {
    const blue = await scenarioUsage(db(), trainer, 'fixture-call', { team: 'Blue', timeZone: 'UTC', now: at(T0, 2 * 3600), minGroupSize: 5 });
    expect(blue).toMatchObject({
      withheld: { people: 1, minimum: 5 },
      attempts: 0,
      completed: 0,
      passRate: null,
      states: {},
      choices: [],
      branches: [],
      principles: [],
      positions: [],
    });
    expect(blue.teams).toEqual(['Blue', 'Green', 'Red']);
    // Red has two people: shown from a minimum of two; the whole organisation is never withheld.
    expect((await scenarioUsage(db(), trainer, 'fixture-call', { team: 'Red', timeZone: 'UTC', minGroupSize: 2 })).withheld).toBeNull();
    expect((await scenarioUsage(db(), trainer, 'fixture-call', { team: 'Red', timeZone: 'UTC', minGroupSize: 3 })).withheld).toEqual({ people: 2, minimum: 3 });
    expect((await scenarioUsage(db(), trainer, 'fixture-call', { timeZone: 'UTC', minGroupSize: 50 })).withheld).toBeNull();
  });

  it('counts an attempt as abandoned only once it has been idle for a day', async () => {
    const soon = await scenarioUsage(db(), trainer, 'fixture-call', { timeZone: 'UTC', now: at(T0, -2 * 86_400 + 3600) });
    expect(soon.states.ask).toMatchObject({ abandoned: 0, inProgress: 1 });
  });

  it('is for authors only, and for versions that exist', async () => {
    await expect(scenarioUsage(db(), hr, 'fixture-call', { timeZone: 'UTC' })).rejects.toMatchObject({ status: 403 });
    await expect(scenarioUsage(db(), trainer, 'no-such-scenario', { timeZone: 'UTC' })).rejects.toMatchObject({ status: 404 });
    await expect(scenarioUsage(db(), trainer, 'fixture-call', { version: 2, timeZone: 'UTC' })).rejects.toMatchObject({ status: 404 });
    expect((await scenarioUsage(db(), trainer, 'fixture-call', { version: 1, timeZone: 'UTC' })).version).toBe(1);
  });
});
