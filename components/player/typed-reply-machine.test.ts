import { afterEach, describe, expect, it, vi } from 'vitest';
import { initialTransition, transition, type AnyEventObject } from 'xstate';
import { NOT_SENT, TOO_LONG, typedReplyMachine, understandTyped, type TypedReplyEvent } from './typed-reply-machine';

type Snapshot = ReturnType<typeof initialTransition<typeof typedReplyMachine>>[0];
type Actions = ReturnType<typeof initialTransition<typeof typedReplyMachine>>[1];

const input = { attemptId: 'a1', seq: 3 };
const step = (snapshot: Snapshot, event: AnyEventObject) => transition(typedReplyMachine, snapshot, event as TypedReplyEvent);
const done = (output: unknown) => ({ type: 'xstate.done.actor.0.typed-reply.understanding', output });
const failed = () => ({ type: 'xstate.error.actor.0.typed-reply.understanding', error: new TypeError('Failed to fetch') });
const paramsOf = (actions: Actions, type: string) => actions.find((a) => a.type === type)?.params as Record<string, unknown> | undefined;
const types = (actions: Actions) => actions.map((a) => a.type);

function typed(text: string): Snapshot {
  const [start] = initialTransition(typedReplyMachine, input);
  return step(start, { type: 'change', text })[0];
}
/** Submitted: the snapshot waiting for the server, and the id its request actor was given. */
function submitted(text: string) {
  const [waiting, actions] = step(typed(text), { type: 'submit' });
  const spawn = actions.find((a) => a.type === 'xstate.spawnChild')!.params as unknown as { id: string; input: unknown };
  return { waiting, spawn };
}

const understood = {
  status: 'understood',
  seq: 3,
  confidence: 0.8,
  understood: { event: 'own-it', words: 'That was our mistake.' },
  alternative: { event: 'refund', words: 'I will refund you.' },
};
const missed = { status: 'missed', seq: 3, confidence: 0.1, misses: 1, clarification: 'Sorry, what do you mean?', replies: null };

describe('a typed reply, step by step', () => {
  it('sends the words, trimmed, to be understood at its decision, and only words worth sending', () => {
    const { waiting, spawn } = submitted('  we got it wrong  ');
    expect(waiting.value).toBe('understanding');
    expect(spawn.input).toEqual({ attemptId: 'a1', seq: 3, text: 'we got it wrong' });
    expect(step(typed('   '), { type: 'submit' })[0].value).toBe('typing');
    const [long] = step(typed('x'.repeat(1001)), { type: 'submit' });
    expect(long.value).toBe('typing');
    expect(long.context.error).toBe(TOO_LONG);
  });

  it('offers the reply understood, with a close runner-up, and confirms either with the trainee’s words', () => {
    const { waiting, spawn } = submitted('we got it wrong, sorry');
    const [offered] = step(waiting, { ...done(understood), type: `xstate.done.actor.${spawn.id}` });
    expect(offered.value).toBe('understood');
    expect(offered.context.offer).toEqual({ understood: understood.understood, alternative: understood.alternative, typed: 'we got it wrong, sorry' });
    const [confirmed, actions] = step(offered, { type: 'confirm', which: 'alternative' });
    expect(confirmed.value).toBe('confirmed');
    expect(paramsOf(actions, 'confirmed')).toEqual({ reply: understood.alternative, typed: 'we got it wrong, sorry' });
  });

  it('goes back to the words to put them another way, keeping them to edit', () => {
    const { waiting, spawn } = submitted('we got it wrong');
    const [offered] = step(waiting, { ...done(understood), type: `xstate.done.actor.${spawn.id}` });
    const [typing] = step(offered, { type: 'rephrase' });
    expect(typing.value).toBe('typing');
    expect(typing.context).toMatchObject({ text: 'we got it wrong', offer: null });
  });

  it('hands a miss to the player and empties the box for the next try', () => {
    const { waiting, spawn } = submitted('qwerty');
    const [typing, actions] = step(waiting, { ...done(missed), type: `xstate.done.actor.${spawn.id}` });
    expect(typing.value).toBe('typing');
    expect(typing.context.text).toBe('');
    expect(paramsOf(actions, 'missed')).toEqual({ typed: 'qwerty', answer: missed });
  });

  it('keeps the words and says so when the server cannot be reached', () => {
    const { waiting, spawn } = submitted('we got it wrong');
    const [typing] = step(waiting, { ...failed(), type: `xstate.error.actor.${spawn.id}` });
    expect(typing.value).toBe('typing');
    expect(typing.context).toMatchObject({ text: 'we got it wrong', error: NOT_SENT });
  });

  it('stops when the attempt has moved on, for the player to show where it stands', () => {
    const { waiting, spawn } = submitted('we got it wrong');
    const [stopped, actions] = step(waiting, { ...done({ status: 'conflict', reason: 'stale', message: 'moved on' }), type: `xstate.done.actor.${spawn.id}` });
    expect(stopped.value).toBe('outOfStep');
    expect(types(actions)).toContain('outOfStep');
  });

  it('confirms no runner-up that was not offered', () => {
    const { waiting, spawn } = submitted('we got it wrong');
    const [offered] = step(waiting, { ...done({ ...understood, alternative: null }), type: `xstate.done.actor.${spawn.id}` });
    expect(step(offered, { type: 'confirm', which: 'alternative' })[0].value).toBe('understood');
  });
});

describe('asking the server what the words mean', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('posts the words and answers the server’s answer, a 409 included; anything else rejects', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(missed), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    await expect(understandTyped({ attemptId: 'a1', seq: 3, text: 'hello' })).resolves.toEqual(missed);
    expect(fetch).toHaveBeenCalledWith('/api/attempts/a1/typed-replies', expect.objectContaining({ method: 'POST', body: JSON.stringify({ seq: 3, text: 'hello' }) }));
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ status: 'conflict', reason: 'stale', message: 'x' }), { status: 409 }));
    await expect(understandTyped({ attemptId: 'a1', seq: 3, text: 'hello' })).resolves.toMatchObject({ status: 'conflict' });
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: { code: 'database-unavailable' } }), { status: 503 }));
    await expect(understandTyped({ attemptId: 'a1', seq: 3, text: 'hello' })).rejects.toThrow('HTTP 503');
  });
});
