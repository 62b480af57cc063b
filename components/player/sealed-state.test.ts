import { describe, expect, it } from 'vitest';
import type { SealedState, SealedStep } from '@/server/training/attempts';
import { initialSealedState, MOVED_ON_SEALED, reduceSealed, TIME_RAN_OUT_SEALED, type SealedPlayerState } from './sealed-state';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const server = (step: number, extra: Partial<SealedState> = {}): SealedState => ({
  attemptId: 'a',
  step,
  finished: false,
  timeMode: 'standard',
  deadlineAt: new Date(NOW + 30_000).toISOString(),
  serverNow: new Date(NOW).toISOString(),
  replies: [
    { option: 1, text: 'I can see it here; let me check one thing first.' },
    { option: 2, text: 'That will be with you by Friday, I promise.' },
  ],
  ...extra,
});
const stepAt = (seq: number, words: string | null): SealedStep => ({ seq, words, typed: null, timedOut: words === null, customer: { narration: null, say: ['Right.'] } });
const start = (): SealedPlayerState => initialSealedState({ opening: { narration: null, say: ['Hello?'] }, steps: [], state: server(0), result: null, ending: null }, NOW);

describe('the assessment player state', () => {
  it('sends one reply at a time: a second press while the first is on its way changes nothing', () => {
    const chosen = reduceSealed(start(), { type: 'choose', seq: 0, option: 2, now: NOW });
    expect(chosen.pending).toEqual({ seq: 0, option: 2, words: 'That will be with you by Friday, I promise.', typed: null });
    expect(chosen.deadline).toBeNull();
    expect(reduceSealed(chosen, { type: 'choose', seq: 0, option: 1, now: NOW })).toBe(chosen);
    // A position that is not shown is not a reply.
    expect(reduceSealed(start(), { type: 'choose', seq: 0, option: 3, now: NOW }).pending).toBeNull();
  });

  it('shows the customer’s answer and the next replies when the server answers', () => {
    const chosen = reduceSealed(start(), { type: 'choose', seq: 0, option: 1, now: NOW });
    const next = server(1, { replies: [{ option: 1, text: 'Next.' }] });
    const answered = reduceSealed(chosen, {
      type: 'ack',
      now: NOW,
      reconnected: false,
      reply: { status: 'applied', step: stepAt(0, 'I can see it here; let me check one thing first.'), state: next, result: null, ending: null },
    });
    expect(answered.pending).toBeNull();
    expect(answered.steps.map((s) => s.seq)).toEqual([0]);
    expect(answered.server).toBe(next);
    expect(answered.deadline).toBe(NOW + 30_000);
  });

  it('takes an answer that comes before the reply was drawn as waiting, and ignores that late drawing', () => {
    const next = server(1, { replies: [{ option: 1, text: 'Next.' }] });
    const answered = reduceSealed(start(), {
      type: 'ack',
      now: NOW,
      reconnected: false,
      reply: { status: 'applied', step: stepAt(0, 'I can see it here; let me check one thing first.'), state: next, result: null, ending: null },
    });
    expect(answered.needsResync).toBeNull();
    expect(answered.steps).toHaveLength(1);
    expect(reduceSealed(answered, { type: 'choose', seq: 0, option: 1, now: NOW })).toBe(answered);
  });

  it('takes the server’s whole view when it is further on than the reply sent (another tab)', () => {
    const chosen = reduceSealed(start(), { type: 'choose', seq: 0, option: 1, now: NOW });
    const ahead = reduceSealed(chosen, {
      type: 'ack',
      now: NOW,
      reconnected: false,
      reply: { status: 'duplicate', step: stepAt(0, 'x'), state: server(3), result: null, ending: null },
    });
    expect(ahead.needsResync).toBe(MOVED_ON_SEALED);
    expect(ahead.pending).toBeNull();
  });

  it('lets time run out only where there is a limit, and learns when the server applied one before a change of mode', () => {
    const timedOut = reduceSealed(start(), { type: 'choose', seq: 0, option: null, now: NOW });
    expect(timedOut.pending).toEqual({ seq: 0, option: null, words: null, typed: null });
    const off = initialSealedState({ opening: { narration: null, say: [] }, steps: [], state: server(0, { timeMode: 'off', deadlineAt: null }), result: null, ending: null }, NOW);
    expect(reduceSealed(off, { type: 'choose', seq: 0, option: null, now: NOW }).pending).toBeNull();
    expect(reduceSealed(start(), { type: 'time-mode', state: server(1, { timeMode: 'off', deadlineAt: null }), now: NOW }).needsResync).toBe(TIME_RAN_OUT_SEALED);
    expect(reduceSealed(start(), { type: 'time-mode', state: server(0, { timeMode: 'extended', deadlineAt: new Date(NOW + 60_000).toISOString() }), now: NOW }).deadline).toBe(
      NOW + 60_000,
    );
  });
});
