import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { attemptEvents, typedReplies, users } from '../db/schema';
import { HttpError } from '../platform/errors';
import { attemptView, startAttempt, submitChoice, type AttemptView } from './attempts';
import { debriefView } from './debrief';
import { publishBuiltinScenarios } from './library';
import { createAssignmentRule } from '../onboarding/assignments';
import { createModule } from '../onboarding/modules';
import { understandTypedReply, type TypedReplyAnswer } from './typed-replies';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = new Date('2026-12-07T10:00:00Z');

/** The fixture call, with replies trainees type: each reply with examples of other ways to say it. */
function typedFixture(id: string, feedback: 'immediate' | 'debrief') {
  const doc = fixtureScenario();
  doc.id = id;
  doc.meta.feedback = feedback;
  doc.meta.ownWords = true;
  const examples: Record<string, string[]> = {
    listen: ["Hello, yes, I'm here. What's gone wrong?", 'I am listening, tell me what happened.', 'Hi there, what seems to be the problem?'],
    rush: ['Give me your account number.', 'What is your account number?', 'I need the account number first.'],
    promise: [
      "I don't know yet, but I'll find out and ring you back by three.",
      "I can't say yet; I'll check and call you this afternoon.",
      'Let me find out and get back to you by 3.',
    ],
    bluff: ["It'll arrive tomorrow, it's with the courier.", 'Tomorrow for sure, the courier has it.', 'It is out for delivery and will be there tomorrow.'],
  };
  for (const state of Object.values(doc.states) as { on?: Record<string, { meta?: { examples?: string[] } }> }[]) {
    for (const [event, transition] of Object.entries(state.on ?? {})) {
      if (examples[event] && !Array.isArray(transition)) transition.meta!.examples = examples[event];
    }
  }
  return doc;
}

describe.each(testBackends())('typed replies on %s', (kind) => {
  let database: TestDatabase;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-typed-'));
    await writeFile(path.join(dir, 'typed-coaching.json'), asText(typedFixture('typed-coaching', 'immediate')));
    await writeFile(path.join(dir, 'typed-assessment.json'), asText(typedFixture('typed-assessment', 'debrief')));
    await writeFile(path.join(dir, 'fixture-call.json'), asText(fixtureScenario()));
    await publishBuiltinScenarios(database.db, dir);
    [{ id: userId }] = (await database.db
      .insert(users)
      .values({ email: `typed-${kind}@example.test`, name: 'Typist', role: 'trainee' })
      .returning({ id: users.id })) as [{ id: string }];
  });
  afterAll(() => database?.dispose());

  const type = (attemptId: string, seq: number, text: string) => understandTypedReply(database.db, { attemptId, userId, seq, text, now: T0 });
  const understood = (answer: TypedReplyAnswer) => {
    if (answer.status !== 'understood') throw new Error(`expected a reply understood, got ${JSON.stringify(answer)}`);
    return answer;
  };
  const missed = (answer: TypedReplyAnswer) => {
    if (answer.status !== 'missed') throw new Error(`expected a miss, got ${JSON.stringify(answer)}`);
    return answer;
  };
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  };

  describe('in coaching', () => {
    it('understands a typed reply, records it, and applies the choice confirmed with the same words', async () => {
      const id = await startAttempt(database.db, userId, 'typed-coaching', 'off', T0);
      const answer = understood(await type(id, 0, "hi, yes I'm here, what's happened?"));
      expect(answer.understood).toEqual({ event: 'listen', words: 'Hi, I am here. What happened?' });
      expect(answer.confidence).toBeGreaterThanOrEqual(0.5);
      const reply = await submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', typed: "hi, yes I'm here, what's happened?", now: T0 });
      expect(reply.status).toBe('applied');
      const [event] = await database.db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, id));
      expect(event).toMatchObject({ event: 'listen', typedText: "hi, yes I'm here, what's happened?" });
      const logged = await database.db.select().from(typedReplies).where(eq(typedReplies.attemptId, id));
      expect(logged).toEqual([expect.objectContaining({ seq: 0, stateName: 'greet', understoodEvent: 'listen', text: "hi, yes I'm here, what's happened?" })]);
    });

    it('shows the trainee’s own words in the debrief, with the reply they were understood as', async () => {
      const id = await startAttempt(database.db, userId, 'typed-coaching', 'off', T0);
      let view = await attemptView(database.db, id, userId, T0);
      const typedFirst = 'hello, I am listening, tell me what has happened';
      for (let seq = 0; view.kind === 'coaching' && !view.state.finished; seq++) {
        const state = view.scenario.states[view.state.position.state] as { on: Record<string, { meta?: { choice?: string } } | { meta?: { choice?: string } }[]> };
        const [event, transition] = Object.entries(state.on).find(([key]) => key !== 'TIMEOUT')!;
        const words = seq === 0 ? typedFirst : (Array.isArray(transition) ? transition[0]! : transition).meta!.choice!;
        const reply = await submitChoice(database.db, { attemptId: id, userId, seq, event: seq === 0 ? 'listen' : event, typed: words, now: T0 });
        expect(reply.status, `decision ${seq}`).toBe('applied');
        view = await attemptView(database.db, id, userId, T0);
      }
      const debrief = await debriefView(database.db, id, { id: userId, role: 'trainee' });
      if (debrief.status !== 'completed') throw new Error('expected a finished attempt');
      expect(debrief.decisions[0]).toMatchObject({ typed: typedFirst, taken: { event: 'listen', text: 'Hi, I am here. What happened?' } });
    });

    it('refuses a choice the words were not understood as, and changes nothing', async () => {
      const id = await startAttempt(database.db, userId, 'typed-coaching', 'off', T0);
      const reply = await submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'rush', typed: 'Hello, I am listening, what happened?', now: T0 });
      expect(reply).toMatchObject({ status: 'conflict', reason: 'not-understood' });
      expect(await database.db.select().from(attemptEvents).where(eq(attemptEvents.attemptId, id))).toEqual([]);
    });

    it('asks again in the customer’s words after a miss, and takes a choice from the list only after two', async () => {
      const id = await startAttempt(database.db, userId, 'typed-coaching', 'off', T0);
      expect((await refusal(submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', now: T0 }))).status).toBe(409);
      const first = missed(await type(id, 0, 'qwerty uiop asdf'));
      expect(first).toMatchObject({ misses: 1, replies: null, clarification: "Sorry, I'm not sure I follow. What do you mean?" });
      expect((await refusal(submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', now: T0 }))).status).toBe(409);
      const second = missed(await type(id, 0, 'the football was great last night'));
      expect(second.misses).toBe(2);
      expect(second.clarification).not.toBe(first.clarification);
      const view = await attemptView(database.db, id, userId, T0);
      expect(view.typedMisses).toBe(2);
      expect((await submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', now: T0 })).status).toBe('applied');
      // The next decision starts again with typing.
      expect((await refusal(submitChoice(database.db, { attemptId: id, userId, seq: 1, event: 'promise', now: T0 }))).status).toBe(409);
    });

    it('a time-out needs no words', async () => {
      const id = await startAttempt(database.db, userId, 'typed-coaching', 'standard', T0);
      const reply = await submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'TIMEOUT', now: new Date(T0.getTime() + 60_000) });
      expect(reply.status).toBe('applied');
    });

    it('answers out of step for an earlier or later decision, and for a finished attempt', async () => {
      const id = await startAttempt(database.db, userId, 'typed-coaching', 'off', T0);
      expect(await type(id, 3, 'hello there')).toMatchObject({ status: 'conflict', reason: 'ahead' });
      await submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', typed: 'Hi there, what has happened?', now: T0 });
      expect(await type(id, 0, 'hello there')).toMatchObject({ status: 'conflict', reason: 'stale' });
    });
  });

  describe('in an assessment', () => {
    const sealed = (view: AttemptView) => {
      if (view.kind !== 'sealed') throw new Error('expected a sealed view');
      return view;
    };

    it('sends no list until two typed replies were not understood, and offers only the reply understood, by position', async () => {
      const id = await startAttempt(database.db, userId, 'typed-assessment', 'off', T0);
      const view = sealed(await attemptView(database.db, id, userId, T0));
      expect(view.meta.ownWords).toBe(true);
      expect(view.state.replies).toEqual([]);
      const answer = understood(await type(id, 0, 'what is your account number?'));
      expect(answer.alternative).toBeNull();
      expect(answer.understood).toEqual({ option: expect.any(Number), words: 'Account number, please.' });
      expect(JSON.stringify(answer)).not.toMatch(/rush|listen|event|points|feedback/);
      missed(await type(id, 0, 'zzzz'));
      const second = missed(await type(id, 0, 'xxxx yyyy'));
      expect(second.replies!.map((r) => r.text).sort()).toEqual(['Account number, please.', 'Hi, I am here. What happened?']);
      expect(sealed(await attemptView(database.db, id, userId, T0)).state.replies).toHaveLength(2);
      const option = (answer.understood as { option: number }).option;
      const reply = await submitChoice(database.db, { attemptId: id, userId, seq: 0, option, typed: 'what is your account number?', now: T0 });
      expect(reply.status).toBe('applied');
      // The next decision hides its list again.
      expect(reply.status === 'applied' && 'replies' in reply.state && reply.state.replies).toEqual([]);
    });
  });

  it('is refused for a scenario whose replies are chosen from a list', async () => {
    const id = await startAttempt(database.db, userId, 'fixture-call', 'off', T0);
    expect((await refusal(type(id, 0, 'hello'))).status).toBe(409);
    expect((await refusal(submitChoice(database.db, { attemptId: id, userId, seq: 0, event: 'listen', typed: 'hello', now: T0 }))).status).toBe(400);
  });

  it('is asked of a list scenario by a module that wants own words, while the person holds the module', async () => {
    const [hr] = await database.db
      .insert(users)
      .values({ email: `typed-hr-${kind}@example.test`, name: 'Hiring', role: 'hr' })
      .returning();
    const [trainee] = await database.db
      .insert(users)
      .values({ email: `typed-new-${kind}@example.test`, name: 'Newcomer', role: 'trainee' })
      .returning();
    const listed = await startAttempt(database.db, trainee!.id, 'fixture-call', 'off', T0);
    const typedModule = await createModule(database.db, hr!, { title: 'Say it yourself', steps: ['fixture-call'], defaultDueDays: 14, ownWords: true }, T0);
    expect(typedModule.ownWords).toBe(true);
    const otherModule = await createModule(database.db, hr!, { title: 'Pick from the list', steps: ['typed-coaching'], defaultDueDays: 14 }, T0);
    expect(otherModule.ownWords).toBe(false);
    await createAssignmentRule(database.db, hr!, { moduleId: typedModule.id, kind: 'person', userId: trainee!.id }, { now: T0, timeZone: 'UTC' });

    const typed = await startAttempt(database.db, trainee!.id, 'fixture-call', 'off', T0);
    const view = await attemptView(database.db, typed, trainee!.id, T0);
    expect(view.kind === 'coaching' && view.scenario.meta.ownWords).toBe(true);
    const answer = await understandTypedReply(database.db, { attemptId: typed, userId: trainee!.id, seq: 0, text: "Hi, I'm here, what happened?", now: T0 });
    expect(answer.status).toBe('understood');
    // Choosing from the list is refused until two typed replies have missed.
    expect((await refusal(submitChoice(database.db, { attemptId: typed, userId: trainee!.id, seq: 0, event: 'listen', now: T0 }))).status).toBe(409);

    // The attempt started before the assignment keeps its list; so does a scenario the module does not hold.
    const before = await attemptView(database.db, listed, trainee!.id, T0);
    expect(before.kind === 'coaching' && before.scenario.meta.ownWords).toBeUndefined();
    expect((await refusal(understandTypedReply(database.db, { attemptId: listed, userId: trainee!.id, seq: 0, text: 'hello', now: T0 }))).status).toBe(409);
    const elsewhere = await startAttempt(database.db, userId, 'fixture-call', 'off', T0);
    expect((await refusal(understandTypedReply(database.db, { attemptId: elsewhere, userId, seq: 0, text: 'hello', now: T0 }))).status).toBe(409);
  });
});
