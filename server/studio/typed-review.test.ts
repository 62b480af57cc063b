import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioDocument } from '@/machines';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { createModule } from '../onboarding/modules';
import { startAttempt } from '../training/attempts';
import { publishBuiltinScenarios } from '../training/library';
import { scenarios, typedReplies, users, type User } from '../db/schema';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { MAX_GROUPS_PER_STATE, normaliseTypedText, typedReviewOf, UNSURE_BELOW, type TypedReview, type TypedReviewState } from './typed-review';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** The fixture taking typed replies; version 2 drops the reply "rush". */
function typedScenario(version: 1 | 2): ScenarioDocument {
  const doc = fixtureScenario();
  doc.meta.ownWords = true;
  if (version === 2) delete (doc.states.greet as { on: Record<string, unknown> }).on.rush;
  return doc;
}

describe('how typed words are grouped', () => {
  it('trims, collapses spaces, lowers the case and strips punctuation at the end only', () => {
    expect(normaliseTypedText('  Hello,   who IS this?!  ')).toBe('hello, who is this');
    expect(normaliseTypedText('Wait… what.')).toBe('wait… what');
    expect(normaliseTypedText('ok .')).toBe('ok');
    expect(normaliseTypedText('?!')).toBe('');
  });
});

describe.each(testBackends())('the review queue of typed replies, on %s', (kind) => {
  let database: TestDatabase;
  let trainer: User;
  let admin: User;
  let hr: User;
  let trainee: User;
  let review: TypedReview;
  const db = () => database.db;
  let dir: string;
  let n = 0;
  const addUser = async (role: User['role']) =>
    (
      await db()
        .insert(users)
        .values({ name: `Person ${++n}`, email: `typed${n}-${kind}@example.test`, role })
        .returning()
    )[0]!;
  const type = (attemptId: string, stateName: string, text: string, understoodEvent: string | null, confidence: number, seconds: number) =>
    db()
      .insert(typedReplies)
      .values({ attemptId, seq: 0, stateName, text, understoodEvent, confidence, createdAt: at(seconds) });
  const stateOf = (name: string): TypedReviewState => review.states.find((s) => s.state === name)!;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dir = await mkdtemp(path.join(tmpdir(), 'frontline-typed-review-'));
    await writeFile(path.join(dir, 'fixture-call.json'), asText(typedScenario(1)));
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    trainer = await addUser('trainer');
    admin = await addUser('admin');
    hr = await addUser('hr');
    trainee = await addUser('trainee');
    const other = await addUser('trainee');

    const first = await startAttempt(db(), trainee.id, 'fixture-call', 'off', T0);
    const second = await startAttempt(db(), other.id, 'fixture-call', 'off', T0);
    // Matched nothing, three times in different spellings of the same words, by two trainees.
    await type(first, 'greet', 'Hello,   who is this?', null, 0.1, 10);
    await type(second, 'greet', '  hello,  who is this ', null, 0.2, 30);
    await type(first, 'greet', 'Hello, who is this!!', null, 0.1, 20);
    await type(first, 'greet', 'What?', null, 0, 40);
    // Accepted: unsure below 0.7, sure from it.
    await type(first, 'greet', 'hi there', 'listen', 0.55, 50);
    await type(second, 'greet', 'Hi there.', 'listen', 0.69, 60);
    await type(second, 'greet', 'Hi, what happened', 'listen', 0.9, 70);
    await type(first, 'greet', 'number please', 'rush', UNSURE_BELOW, 80);
    await type(first, 'greet', 'gimme ur number', 'rush', 0.6, 90);
    // A state the newest version no longer has.
    await type(first, 'gone', 'sorry about that', null, 0.1, 100);
    // More different words at "ask" than are listed; one came up twice.
    for (let i = 0; i < MAX_GROUPS_PER_STATE + 5; i++) await type(second, 'ask', `reply number ${i}`, null, 0.1, 200 + i);
    await type(first, 'ask', 'Reply number 7.', null, 0.1, 300);
    // An author's own test play does not count.
    const own = await startAttempt(db(), trainer.id, 'fixture-call', 'off', T0);
    await type(own, 'greet', 'trainer testing', null, 0, 400);

    // Version 2 drops "rush": what was understood as it is shown as no longer there.
    await writeFile(path.join(dir, 'fixture-call.json'), asText(typedScenario(2)));
    expect((await publishBuiltinScenarios(db(), dir)).skipped).toEqual([]);
    review = await typedReviewOf(db(), trainer, 'fixture-call');
  });
  afterAll(() => database?.dispose());

  it('lists the states with typed replies in the newest version’s order, then states it no longer has', () => {
    expect(review).toMatchObject({ scenarioId: 'fixture-call', newestVersion: 2, takesTypedReplies: true, unsureBelow: 0.7, maxGroupsPerState: 50 });
    expect(review.states.map((s) => [s.state, s.inNewestVersion])).toEqual([
      ['greet', true],
      ['ask', true],
      ['gone', false],
    ]);
  });

  it('counts what was typed, missed and unsure per state, and how often each reply was understood', () => {
    expect(stateOf('greet')).toMatchObject({ typed: 9, missed: 4, unsure: 3, groupsLeftOut: 0 });
    expect(stateOf('greet').understood).toEqual([
      { event: 'listen', words: 'Hi, I am here. What happened?', count: 3 },
      { event: 'rush', words: null, count: 2 },
    ]);
    expect(stateOf('ask').understood.map((u) => [u.event, u.count])).toEqual([
      ['promise', 0],
      ['bluff', 0],
    ]);
    expect(stateOf('gone')).toMatchObject({ typed: 1, missed: 1, unsure: 0, understood: [] });
  });

  it('groups the same words however they were typed, most frequent first, with the latest date and what an unsure one was understood as', () => {
    expect(stateOf('greet').groups).toEqual([
      { kind: 'missed', text: 'hello, who is this', count: 3, lastTypedAt: at(30).toISOString(), understood: null },
      { kind: 'unsure', text: 'Hi there.', count: 2, lastTypedAt: at(60).toISOString(), understood: { event: 'listen', words: 'Hi, I am here. What happened?' } },
      { kind: 'unsure', text: 'gimme ur number', count: 1, lastTypedAt: at(90).toISOString(), understood: { event: 'rush', words: null } },
      { kind: 'missed', text: 'What?', count: 1, lastTypedAt: at(40).toISOString(), understood: null },
    ]);
    // Accepted at 0.7 or more is not unsure; the author's test play is nowhere.
    expect(JSON.stringify(review)).not.toContain('number please');
    expect(JSON.stringify(review)).not.toContain('trainer testing');
  });

  it('lists at most 50 groups per state and says how many more there are', () => {
    const ask = stateOf('ask');
    expect(ask.groups).toHaveLength(MAX_GROUPS_PER_STATE);
    expect(ask.groupsLeftOut).toBe(5);
    expect(ask.groups[0]).toMatchObject({ text: 'Reply number 7.', count: 2 });
    expect(ask.missed).toBe(MAX_GROUPS_PER_STATE + 6);
  });

  it('never says who typed a reply', async () => {
    const text = JSON.stringify(review);
    for (const person of [trainee, trainer]) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.name);
      expect(text).not.toContain(person.email);
    }
    expect(text).not.toMatch(/attempt/i);
  });

  it('is for those who author: trainers and admins; HR and trainees are refused; an unknown scenario is a 404', async () => {
    expect((await typedReviewOf(db(), admin, 'fixture-call')).states).toHaveLength(3);
    await expect(typedReviewOf(db(), hr, 'fixture-call')).rejects.toMatchObject({ status: 403 });
    await expect(typedReviewOf(db(), trainee, 'fixture-call')).rejects.toMatchObject({ status: 403 });
    await expect(typedReviewOf(db(), trainer, 'no-such-scenario')).rejects.toMatchObject({ status: 404 });
    await expect(typedReviewOf(db(), trainer, 'x'.repeat(65))).rejects.toMatchObject({ status: 404 });
  });

  it('names the modules, not archived, that ask for own words and hold the scenario', async () => {
    expect((await typedReviewOf(db(), trainer, 'fixture-call')).typedInModules).toEqual([]);
    await createModule(db(), trainer, { title: 'Typed onboarding', steps: ['fixture-call'], defaultDueDays: 7, ownWords: true }, T0);
    await createModule(db(), trainer, { title: 'Listed onboarding', steps: ['fixture-call'], defaultDueDays: 7 }, T0);
    expect((await typedReviewOf(db(), trainer, 'fixture-call')).typedInModules).toEqual(['Typed onboarding']);
  });

  it('has an empty queue for a scenario never published', async () => {
    await db().insert(scenarios).values({ id: 'never-published', origin: 'authored' });
    expect(await typedReviewOf(db(), trainer, 'never-published')).toEqual({
      scenarioId: 'never-published',
      newestVersion: null,
      takesTypedReplies: false,
      typedInModules: [],
      unsureBelow: UNSURE_BELOW,
      maxGroupsPerState: MAX_GROUPS_PER_STATE,
      states: [],
    });
  });
});
