import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { startAttempt, submitChoice } from '../training/attempts';
import { users, type User } from '../db/schema';
import { createScenario, publishDraft, readDraft, saveDraft } from './authoring';
import { struggleCounts } from './analytics';
import { STRUGGLE_DAYS, trainerHome } from './trainer-home';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const NOW = new Date('2026-12-07T12:00:00Z');
const daysAgo = (days: number, seconds = 0) => new Date(NOW.getTime() - days * 86_400_000 + seconds * 1000);

describe.each(testBackends())('a trainer’s home on %s', (kind) => {
  let database: TestDatabase;
  let tess: User;
  let otto: User;
  let ada: User;
  let tim: User;
  const db = () => database.db;

  /** One attempt by `who`, started `days` ago, taking these replies in turn. */
  async function play(who: User, scenarioId: string, days: number, replies: string[]) {
    const attemptId = await startAttempt(db(), who.id, scenarioId, 'off', daysAgo(days));
    for (const [seq, event] of replies.entries()) {
      const reply = await submitChoice(db(), { attemptId, userId: who.id, seq, event, now: daysAgo(days, 5 * (seq + 1)) });
      expect(reply.status).toBe('applied');
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    [tess, otto, ada, tim] = (await db()
      .insert(users)
      .values([
        { name: 'Tess Trainer', email: `tess-home-${kind}@example.test`, role: 'trainer' },
        { name: 'Otto Other', email: `otto-home-${kind}@example.test`, role: 'trainer' },
        { name: 'Ada Admin', email: `ada-home-${kind}@example.test`, role: 'admin' },
        { name: 'Tim Trainee', email: `tim-home-${kind}@example.test`, role: 'trainee' },
      ])
      .returning()) as [User, User, User, User];

    // Tess writes and publishes the fixture call, and starts a draft she has not published.
    await createScenario(db(), tess, { mode: 'import', source: asText(fixtureScenario()), fileName: 'fixture-call.json' }, { now: daysAgo(20) });
    await publishDraft(db(), tess, 'fixture-call', { revision: 1, changeNote: 'First version.', acknowledgeWarnings: true });
    await createScenario(db(), tess, { mode: 'blank', title: 'Half written' }, { now: daysAgo(1) });
    // Otto's scenario is not hers, however badly it goes.
    await createScenario(db(), otto, { mode: 'import', source: asText({ ...fixtureScenario(), id: 'otto-call' }), fileName: 'otto-call.json' });
    await publishDraft(db(), otto, 'otto-call', { revision: 1, changeNote: 'Otto’s.', acknowledgeWarnings: true });

    // This week: "rush" at greet scores below half the best, "bluff" at ask too.
    await play(tim, 'fixture-call', 2, ['rush', 'bluff']);
    await play(tim, 'fixture-call', 3, ['rush', 'bluff']);
    await play(tim, 'fixture-call', 4, ['rush', 'bluff']);
    await play(tim, 'fixture-call', 5, ['rush', 'promise']);
    await play(tim, 'fixture-call', 6, ['listen', 'promise']);
    // Before the week, by the author herself, and on Otto's scenario: none of these count for her.
    await play(tim, 'fixture-call', STRUGGLE_DAYS + 3, ['rush', 'bluff']);
    await play(tess, 'fixture-call', 1, ['rush', 'bluff']);
    await play(tim, 'otto-call', 1, ['rush', 'bluff']);
  });
  afterAll(() => database?.dispose());

  it('counts trainees’ critical and low-scoring answers per step over the week, most first', async () => {
    expect(await struggleCounts(db(), ['fixture-call'], daysAgo(STRUGGLE_DAYS), 5)).toEqual([
      { scenarioId: 'fixture-call', state: 'greet', answers: 5, critical: 0, weak: 4 },
      { scenarioId: 'fixture-call', state: 'ask', answers: 5, critical: 0, weak: 3 },
    ]);
    expect(await struggleCounts(db(), ['fixture-call'], daysAgo(STRUGGLE_DAYS), 1)).toHaveLength(1);
    expect(await struggleCounts(db(), [], daysAgo(STRUGGLE_DAYS), 5)).toEqual([]);
  });

  it('shows her drafts, her scenarios with attempts and pass rate, and where trainees struggle on hers', async () => {
    const home = await trainerHome(db(), tess, NOW);
    expect(home.scenarios.map((s) => s.scenarioId).sort()).toEqual(['fixture-call', 'half-written']);
    expect(home.drafts.map((s) => s.scenarioId)).toEqual(['half-written']);
    const fixture = home.scenarios.find((s) => s.scenarioId === 'fixture-call')!;
    expect(fixture).toMatchObject({ publishedVersion: 1, attempts: 7 });
    expect(home.struggleDays).toBe(STRUGGLE_DAYS);
    expect(home.struggles).toEqual([
      { scenarioId: 'fixture-call', title: 'Fixture call', state: 'greet', said: 'Hello? Anyone there?', answers: 5, critical: 0, weak: 4 },
      { scenarioId: 'fixture-call', title: 'Fixture call', state: 'ask', said: 'My order never came.', answers: 5, critical: 0, weak: 3 },
    ]);

    // An edit after publishing makes the published scenario a draft with changes too.
    const draft = await readDraft(db(), tess, 'fixture-call');
    await saveDraft(db(), tess, 'fixture-call', { source: draft.source.replace('A short call used by the tests.', 'A short call.'), baseRevision: draft.revision });
    expect((await trainerHome(db(), tess, NOW)).drafts.map((s) => s.scenarioId).sort()).toEqual(['fixture-call', 'half-written']);
  });

  it('is empty for an author who has written nothing, and refused to a trainee', async () => {
    expect(await trainerHome(db(), ada, NOW)).toEqual({ drafts: [], scenarios: [], struggles: [], struggleDays: STRUGGLE_DAYS });
    expect((await trainerHome(db(), otto, NOW)).struggles.map((s) => s.scenarioId)).toEqual(['otto-call', 'otto-call']);
    await expect(trainerHome(db(), tim, NOW)).rejects.toMatchObject({ status: 403 });
  });
});
