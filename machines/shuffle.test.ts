import { describe, expect, it } from 'vitest';
import { shownOrder } from './shuffle';

const options = ['own-the-wait', 'read-the-policy', 'explain-the-queue', 'promise-today'].map((event) => ({ event }));
const attemptIds = Array.from({ length: 400 }, (_, i) => `0000${i.toString(16).padStart(4, '0')}-1111-4222-8333-${(i * 7919).toString(16).padStart(12, '0')}`);

describe('shownOrder', () => {
  it('is the same every time for one attempt and state, and keeps every option once', () => {
    const first = shownOrder(options, attemptIds[0]!, 'opening', false);
    expect(shownOrder(options, attemptIds[0]!, 'opening', false)).toEqual(first);
    expect([...first].sort((a, b) => a.event.localeCompare(b.event))).toEqual([...options].sort((a, b) => a.event.localeCompare(b.event)));
  });

  it('differs across attempts and states, and puts each option first about equally often', () => {
    const orders = new Set(
      attemptIds.map((id) =>
        shownOrder(options, id, 'opening', false)
          .map((o) => o.event)
          .join(),
      ),
    );
    // 24 orders are possible; 400 attempts meet nearly all of them.
    expect(orders.size).toBeGreaterThanOrEqual(20);
    const firsts = new Map<string, number>();
    for (const id of attemptIds) {
      const first = shownOrder(options, id, 'opening', false)[0]!.event;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    // Expected 100 each; a fair shuffle stays well within 60–140.
    for (const { event } of options) expect(firsts.get(event) ?? 0, event).toBeGreaterThan(60);
    for (const { event } of options) expect(firsts.get(event) ?? 0, event).toBeLessThan(140);
    const sameAcrossStates = attemptIds.filter(
      (id) =>
        shownOrder(options, id, 'opening', false)
          .map((o) => o.event)
          .join() ===
        shownOrder(options, id, 'listening', false)
          .map((o) => o.event)
          .join(),
    );
    expect(sameAcrossStates.length).toBeLessThan(60);
  });

  it('keeps the relative order of the options that are open, whichever are', () => {
    const all = shownOrder(options, attemptIds[3]!, 'opening', false).map((o) => o.event);
    const some = shownOrder(
      options.filter((o) => o.event !== 'promise-today'),
      attemptIds[3]!,
      'opening',
      false,
    ).map((o) => o.event);
    expect(some).toEqual(all.filter((e) => e !== 'promise-today'));
  });

  it('keeps the written order where the state asks for it', () => {
    for (const id of attemptIds.slice(0, 20)) expect(shownOrder(options, id, 'opening', true)).toEqual(options);
  });
});
